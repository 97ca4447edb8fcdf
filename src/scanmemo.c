/*
 * scanmemo.c: the scans a build keeps for the next one (see scanmemo.h).
 *
 * The entry, in pack.h's format after its first line:
 *
 *	folio-scan-memo 2\n
 *	ident				a string: the executable, the site
 *	count				a size
 *	count records, each:
 *	    relpath			a string
 *	    source hash, ctx		a string of 80 hex digits
 *	    scan			a string: scan_pack()'s bytes
 *	    diagnostics			a string: diag_pack()'s bytes
 *
 * and nothing after.  Every size is checked against what is left before
 * it is used.
 */
#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cache.h"
#include "diag.h"
#include "pack.h"
#include "scan.h"
#include "scanmemo.h"
#include "site.h"
#include "strmap.h"
#include "util.h"

#define SCANMEMO_MAGIC	"folio-scan-memo 2"

void
scanmemo_init(struct scanmemo *m, const char *srcdir)
{
	struct buf	 b = BUF_INIT;
	struct stat	 st;

	memset(m, 0, sizeof(*m));
	buf_init(&m->kept);
	buf_init(&m->fresh);
	/* A rebuilt folio may scan otherwise. */
	if (stat("/proc/self/exe", &st) == 0)
		buf_printf(&b, "exe %lld %lld\n", (long long)st.st_size,
		    (long long)st.st_mtime);
	else
		BUF_PUTSL(&b, "exe unknown\n");
	buf_printf(&b, "site %s\n", srcdir);
	m->ident = buf_detach(&b);
}

void
scanmemo_key(const struct scanmemo *m, char key[41])
{
	struct buf	 b = BUF_INIT;

	/* One entry per site, replaced by each build. */
	buf_printf(&b, SCANMEMO_MAGIC " key\n%s", strchr(m->ident, '\n') + 1);
	cache_key(key, &b);
	buf_free(&b);
}

/* Step over the next string; its bytes at *p, *len long, if p given. */
static void
skip_str(struct unpack *u, const char **p, size_t *len)
{
	size_t	 n = unpack_size(u);

	if (u->bad || n > u->left) {
		u->bad = 1;
		n = 0;
	}
	if (p != NULL) {
		*p = u->p;
		*len = n;
	}
	u->p += n;
	u->left -= n;
}

static void
forget(struct scanmemo *m)
{
	strmap_free(&m->at);
	buf_free(&m->kept);
	m->nkept = 0;
}

int
scanmemo_load(struct scanmemo *m, struct buf *entry)
{
	struct unpack	 u;
	const char	*at, *p;
	char		*rel;
	size_t		 n, i, plen;

	forget(m);
	m->kept = *entry;
	buf_init(entry);
	if (m->kept.len < sizeof(SCANMEMO_MAGIC) || memcmp(m->kept.data,
	    SCANMEMO_MAGIC "\n", sizeof(SCANMEMO_MAGIC)) != 0)
		goto bad;
	u.p = m->kept.data + sizeof(SCANMEMO_MAGIC);
	u.left = m->kept.len - sizeof(SCANMEMO_MAGIC);
	u.bad = 0;
	skip_str(&u, &p, &plen);
	if (u.bad || plen != strlen(m->ident) ||
	    memcmp(p, m->ident, plen) != 0)
		goto bad;
	/* Each record takes more than one byte: a count above that is bad. */
	n = unpack_size(&u);
	if (u.bad || n > u.left)
		goto bad;
	for (i = 0; i < n && !u.bad; i++) {
		at = u.p;
		rel = unpack_str(&u, NULL);
		skip_str(&u, NULL, NULL);
		skip_str(&u, NULL, NULL);
		skip_str(&u, NULL, NULL);
		if (!u.bad)
			(void)strmap_put(&m->at, rel, (void *)at);
		free(rel);
	}
	if (u.bad || u.left != 0)
		goto bad;
	m->nkept = n;
	return 0;
bad:
	forget(m);
	return -1;
}

/* Forget the entries of "d" from "n0" on (d is only a list). */
static void
drop_from(struct diag *d, size_t n0)
{
	size_t	 i;

	for (i = n0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	d->n = n0;
}

static void
add_rec(struct scanmemo *m, size_t off, size_t len, int fresh)
{
	if (m->nrecs == m->reccap) {
		m->reccap = m->reccap != 0 ? m->reccap * 2 : 256;
		m->recs = xreallocarray(m->recs, m->reccap, sizeof(*m->recs));
	}
	m->recs[m->nrecs].off = off;
	m->recs[m->nrecs].len = len;
	m->recs[m->nrecs++].fresh = fresh;
}

int
scanmemo_get(struct scanmemo *m, struct doc *doc, const char ctx[41],
    const char ctx_titles[41], size_t nnames, struct diag *into)
{
	struct unpack	 u, su, du;
	struct scan	 s;
	const char	*at, *keys, *sp, *dp;
	char		 hash[41];
	size_t		 klen, slen, dlen, n0 = into->n;

	if ((at = strmap_get(&m->at, doc->relpath)) == NULL)
		return 0;
	u.p = at;
	u.left = (size_t)(m->kept.data + m->kept.len - at);
	u.bad = 0;
	skip_str(&u, NULL, NULL);
	skip_str(&u, &keys, &klen);
	skip_str(&u, &sp, &slen);
	skip_str(&u, &dp, &dlen);
	if (u.bad || klen != 80)
		return 0;
	if (memcmp(keys + 40, ctx, 40) != 0 &&
	    memcmp(keys + 40, ctx_titles, 40) != 0)
		return 0;
	doc_source_key(doc, hash);
	if (memcmp(keys, hash, 40) != 0)
		return 0;
	memset(&s, 0, sizeof(s));
	su.p = sp;
	su.left = slen;
	su.bad = 0;
	if (scan_unpack(&s, &su) == -1 || su.left != 0 ||
	    s.nmentions != nnames || s.plain == NULL) {
		scan_free(&s);
		return 0;
	}
	du.p = dp;
	du.left = dlen;
	du.bad = 0;
	if (diag_unpack(into, &du) == -1 || du.left != 0) {
		drop_from(into, n0);
		scan_free(&s);
		return 0;
	}
	scan_free(&doc->scan);
	doc->scan = s;
	/* Kept again, as it was. */
	add_rec(m, (size_t)(at - m->kept.data), (size_t)(u.p - at), 0);
	m->nreused++;
	return 1;
}

void
scanmemo_put(struct scanmemo *m, const struct doc *doc, const char ctx[41],
    const struct diag *d, size_t first)
{
	struct buf	 b = BUF_INIT;
	char		 keys[81];
	size_t		 i, off;

	for (i = first; i < d->n; i++)
		if (d->v[i].env)
			return;
	doc_source_key(doc, keys);
	memcpy(keys + 40, ctx, 41);
	off = m->fresh.len;
	pack_str(&m->fresh, doc->relpath, strlen(doc->relpath));
	pack_str(&m->fresh, keys, 80);
	scan_pack(&b, &doc->scan);
	pack_str(&m->fresh, b.data, b.len);
	buf_reset(&b);
	diag_pack(&b, d, first);
	pack_str(&m->fresh, b.data, b.len);
	buf_free(&b);
	add_rec(m, off, m->fresh.len - off, 1);
}

int
scanmemo_changed(const struct scanmemo *m)
{
	/* Every kept record given again, and no other: the same entry. */
	return !(m->nkept > 0 && m->nreused == m->nkept &&
	    m->nrecs == m->nkept);
}

int
scanmemo_entry(const struct scanmemo *m, struct buf *out)
{
	size_t	 i;

	buf_reset(out);
	if (!scanmemo_changed(m))
		return 0;
	BUF_PUTSL(out, SCANMEMO_MAGIC "\n");
	pack_str(out, m->ident, strlen(m->ident));
	pack_size(out, m->nrecs);
	for (i = 0; i < m->nrecs; i++)
		buf_put(out, (m->recs[i].fresh ? m->fresh.data :
		    m->kept.data) + m->recs[i].off, m->recs[i].len);
	return 1;
}

void
scanmemo_free(struct scanmemo *m)
{
	forget(m);
	free(m->ident);
	free(m->recs);
	buf_free(&m->fresh);
	memset(m, 0, sizeof(*m));
}
