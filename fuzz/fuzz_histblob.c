/*
 * fuzz_histblob.c: libFuzzer target for what the history does with a
 * past version's bytes, which come from git as they were committed (no
 * byte-order mark or CR is taken off).
 *
 * The input is a version's text.  history_text_ok() decides whether it
 * may be published: when not, it says why, at a line and column or
 * with the size; when it does, the text passes text_check() and holds
 * no more marks than md_markup_max() allows.  Text it accepts is read
 * as the walk reads it (pubstate_read(): a known status, the same when
 * read twice) and as the version pages read it (version_doc(): a
 * document with a title, an id, the current document's path, and a
 * body no longer than the text, within the same markup limit).
 */
#include <string.h>

#include "../src/buf.h"
#include "../src/history.h"
#include "../src/markdown.h"
#include "../src/pubstate.h"
#include "../src/readfile.h"
#include "../src/site.h"
#include "../src/util.h"
#include "../src/versions.h"
#include "fuzz.h"

static void
check_state(const char *text, size_t len)
{
	struct pubstate	 a = PUBSTATE_INIT, b = PUBSTATE_INIT;

	pubstate_read(text, len, &a);
	FUZZ_CHECK(a.status == PUB_CURRENT || a.status == PUB_DRAFT ||
	    a.status == PUB_SUPERSEDED || a.status == PUB_WITHDRAWN);
	pubstate_read(text, len, &b);
	FUZZ_CHECK(a.status == b.status && a.text.len == b.text.len &&
	    a.review.len == b.review.len);
	pubstate_free(&a);
	pubstate_free(&b);
}

static void
check_doc(const char *text, size_t len)
{
	struct doc	 cur;
	struct doc	*doc;
	size_t		 col;

	memset(&cur, 0, sizeof(cur));
	cur.path = (char *)"content/procedures/fuzz.md";
	cur.relpath = (char *)"procedures/fuzz.md";
	cur.id = (char *)"fuzz";
	cur.section = (char *)"procedures";
	cur.title = (char *)"Fuzz";
	cur.type = DT_PROCEDURE;
	doc = version_doc(&cur, text, len);
	FUZZ_CHECK(doc != NULL && doc->title != NULL);
	/* Its id is the current one, or the one its front matter gave. */
	FUZZ_CHECK(doc->id != NULL && doc->id[0] != '\0' &&
	    strcmp(doc->relpath, cur.relpath) == 0);
	FUZZ_CHECK(doc->body != NULL && doc->body_len <= len &&
	    doc->body_len == strlen(doc->body));
	FUZZ_CHECK(md_too_much_markup(doc->body, doc->body_len, &col) == 0);
	doc_free(doc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf	 text = BUF_INIT, why = BUF_INIT;
	const char	*what;
	size_t		 line, col;
	int		 ok;

	buf_put(&text, (const char *)data, size);	/* as a blob is read */
	ok = history_text_ok(text.data, text.len, &why);
	FUZZ_CHECK(ok == 0 || ok == 1);
	if (!ok) {
		FUZZ_CHECK(why.len > 0 && (strncmp(why.data, "line ", 5) == 0 ||
		    strncmp(why.data, "the file is ", 12) == 0));
	} else {
		FUZZ_CHECK(why.len == 0 && text.len <= READFILE_MAX);
		FUZZ_CHECK(text_check(text.data, text.len, &line, &col,
		    &what) == 0);
		FUZZ_CHECK(md_too_much_markup(text.data, text.len, &col) == 0);
		check_state(text.data, text.len);
		check_doc(text.data, text.len);
	}
	buf_free(&text);
	buf_free(&why);
	return 0;
}
