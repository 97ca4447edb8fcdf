/*
 * fuzz_scanmemo.c: libFuzzer target for the kept scans' entry
 * (scanmemo.c), which a build reads from the page cache.
 *
 * The input's first byte chooses: even, the rest is the entry's records
 * (their count, then each), after the first line and the name of this
 * folio and site, loaded and asked for a document; odd,
 * the next two bytes (little-endian) say how many of the rest are a kept
 * scan, and the others its diagnostics, in a record that is otherwise
 * whole and matches the document, so that they reach scan_unpack() and diag_unpack().  A
 * document is given a kept scan only with the site's number of names,
 * and one that is refused leaves the document and the diagnostics as
 * they were.  A kept scan's search entry is unpacked as the index would
 * (search.h): refused, or an entry that adds to an index.
 */
#include <string.h>

#include "../src/buf.h"
#include "../src/diag.h"
#include "../src/pack.h"
#include "../src/scan.h"
#include "../src/scanmemo.h"
#include "../src/search.h"
#include "../src/site.h"
#include "../src/util.h"
#include "fuzz.h"

#define MAGIC	"folio-scan-memo 2\n"
#define CTX	"1111111111111111111111111111111111111111"
#define NNAMES	3

static struct doc *
make_doc(void)
{
	struct doc	*doc = xcalloc(1, sizeof(*doc));

	doc->path = xstrdup("site/a.md");
	doc->relpath = xstrdup("a.md");
	doc->front = xstrdup("title: A\n");
	doc->front_len = strlen(doc->front);
	doc->body = xstrdup("Body.\n");
	doc->body_len = strlen(doc->body);
	doc->body_line = 4;
	return doc;
}

/*
 * The entry data with one record for make_doc()'s document, its scan
 * and diagnostics the bytes given: made by scanmemo_put(), the two
 * strings replaced.
 */
static void
make_entry(struct buf *out, const char *scan, size_t slen, const char *dg,
    size_t dlen)
{
	struct scanmemo	 m;
	struct doc	*doc = make_doc();
	struct diag	 d;
	struct buf	 e = BUF_INIT;
	struct unpack	 u;
	char		*ident, *rel, *keys;
	size_t		 ilen, rlen, klen;

	diag_init(&d);
	scanmemo_init(&m, "site");
	scanmemo_put(&m, doc, CTX, &d, 0);
	FUZZ_CHECK(scanmemo_entry(&m, &e) == 1);
	u = (struct unpack)UNPACK_INIT(e.data + strlen(MAGIC),
	    e.len - strlen(MAGIC));
	ident = unpack_str(&u, &ilen);
	FUZZ_CHECK(unpack_size(&u) == 1);
	rel = unpack_str(&u, &rlen);
	keys = unpack_str(&u, &klen);
	FUZZ_CHECK(!u.bad && klen == 80);
	buf_reset(out);
	buf_puts(out, MAGIC);
	pack_str(out, ident, ilen);
	pack_size(out, 1);
	pack_str(out, rel, rlen);
	pack_str(out, keys, klen);
	pack_str(out, scan, slen);
	pack_str(out, dg, dlen);
	free(ident);
	free(rel);
	free(keys);
	buf_free(&e);
	scanmemo_free(&m);
	diag_free(&d);
	doc_free(doc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scanmemo	 m;
	struct doc	*doc;
	struct diag	 into;
	struct buf	 e = BUF_INIT;
	size_t		 cut;
	int		 loaded, got;

	if (size < 3)
		return 0;
	scanmemo_init(&m, "site");
	if (data[0] % 2 == 0) {
		buf_puts(&e, MAGIC);
		pack_str(&e, m.ident, strlen(m.ident));
		buf_put(&e, (const char *)data + 1, size - 1);
	} else {
		cut = (size_t)data[1] | (size_t)data[2] << 8;
		if (cut > size - 3)
			cut = size - 3;
		make_entry(&e, (const char *)data + 3, cut,
		    (const char *)data + 3 + cut, size - 3 - cut);
	}
	doc = make_doc();
	diag_init(&into);
	loaded = scanmemo_load(&m, &e) == 0;
	/* A whole record of this site's: the entry is taken. */
	FUZZ_CHECK(loaded || data[0] % 2 == 0);
	got = scanmemo_get(&m, doc, CTX, CTX, NNAMES, &into);
	if (got) {
		FUZZ_CHECK(doc->scan.nmentions == NNAMES &&
		    doc->scan.plain != NULL);
		if (doc->scan.search != NULL) {
			struct search_entry	*se;
			struct search_index	*ix = search_new();

			if (search_entry_unpack(doc->scan.search,
			    doc->scan.search_len, doc, doc->scan.plain,
			    doc->scan.plain_len, &se)) {
				search_add_entry(ix, doc, se);
				search_entry_free(se);
			}
			search_free(ix);
		}
	}
	else
		FUZZ_CHECK(into.n == 0 && doc->scan.headings == NULL &&
		    doc->scan.nlinks == 0 && doc->scan.mentions == NULL);
	scanmemo_free(&m);
	diag_free(&into);
	/*
	 * The input after a search entry's valid first part, unpacked and
	 * added without a copy: both take the same bytes.
	 */
	{
		struct search_entry	*se;
		struct search_index	*ix = search_new();
		struct unpack		 u;
		char			*hex;
		int			 took;

		buf_reset(&e);
		search_entry_pack(&e, NULL, doc);
		u = (struct unpack)UNPACK_INIT(e.data, e.len);
		hex = unpack_str(&u, NULL);
		FUZZ_CHECK(!u.bad && strlen(hex) == 40);
		buf_truncate(&e, e.len - u.left);
		buf_put(&e, (const char *)data + 1, size - 1);
		if ((took = search_entry_unpack(e.data, e.len, doc,
		    "Body text.", 10, &se)) != 0) {
			search_add_entry(ix, doc, se);
			search_entry_free(se);
		}
		search_free(ix);
		ix = search_new();
		FUZZ_CHECK(search_add_packed(ix, doc, e.data, e.len,
		    "Body text.", 10) == took);
		search_free(ix);
		free(hex);
	}
	doc_free(doc);
	buf_free(&e);
	return 0;
}
