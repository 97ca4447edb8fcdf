/*
 * histmemo.c: the walk's results kept between builds (history.h's
 * struct history_memo).  One entry, kept under the id of the newest
 * commit it covers, holds every commit of the first-parent chain from
 * there to the root, each as the workers of diff_chain() report it,
 * the state of every version's blob the walk read (a table by blob id)
 * and the renames found by similarity (a table by the trees compared
 * and the paths asked about).  Its key also holds everything else those
 * depend on (the site folder in the repository, the ignore-revs commits,
 * the shallow boundary, the .mailmap, the folio executable), so a kept
 * result is one the walk would find again.  The bytes are checked by the
 * cache that keeps them; a part that does not unpack is not used.
 *
 * The last MEMO_RECENT entries the walks used (wrote, or read) are
 * listed, the most recent first, in an entry of their own: they are
 * kept, so that builds of two branches in turn, or of an earlier
 * commit, find theirs; older ones are dropped, so the cache holds at
 * most that many.
 */
#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "blobid.h"
#include "buf.h"
#include "escape.h"
#include "histwalk.h"
#include "pack.h"
#include "readfile.h"
#include "strmap.h"
#include "util.h"

#define MEMO_MAGIC	"folio-history-memo 2"
#define MEMO_RECENT	4	/* walks' entries kept */
#define RECENT_HEAD	MEMO_MAGIC " recent\n"	/* their list's first line */
#define RECENT_LEN	(sizeof(RECENT_HEAD) - 1)

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Append the keys of m, sorted, one per line. */
static void
put_keys(struct buf *b, const struct strmap *m)
{
	char	**v;
	size_t	  i, n = 0;

	v = xcalloc(m->n + 1, sizeof(*v));
	for (i = 0; i < m->cap; i++)
		if (m->slots[i].key != NULL)
			v[n++] = m->slots[i].key;
	qsort(v, n, sizeof(*v), str_cmp);
	for (i = 0; i < n; i++)
		buf_printf(b, "%s\n", v[i]);
	buf_putc(b, '\0');
	free(v);
}

/* The mailmap the walk uses, as material; -1 if it cannot be named. */
static int
put_mailmap(struct walk *w, struct buf *b)
{
	git_config	*cfg;
	git_buf		 v = { NULL, 0, 0 };
	struct buf	 path = BUF_INIT, text = BUF_INIT;
	const char	*wd, *keys[] = { "mailmap.file", "mailmap.blob" };
	size_t		 i;
	int		 other = 0;

	/* Mailmaps named in the configuration: not kept, to be safe. */
	if (git_repository_config_snapshot(&cfg, w->repo) < 0)
		return -1;
	for (i = 0; i < NELEM(keys); i++)
		if (git_config_get_string_buf(&v, cfg, keys[i]) == 0) {
			other = 1;
			git_buf_dispose(&v);
		}
	git_config_free(cfg);
	if (other || (wd = git_repository_workdir(w->repo)) == NULL)
		return -1;
	buf_printf(&path, "%s.mailmap", wd);
	if (read_file_errno(path.data, &text) == 0) {
		buf_printf(b, "mailmap %zu\n", text.len);
		buf_put(b, text.data, text.len);
	} else
		BUF_PUTSL(b, "no mailmap\n");
	buf_free(&path);
	buf_free(&text);
	return 0;
}

void
memo_begin(struct walk *w, const struct history_memo *m)
{
	struct buf	 b = BUF_INIT;
	struct stat	 st;

	memset(&w->memo, 0, sizeof(w->memo));
	if (m == NULL || m->get == NULL || m->put == NULL)
		return;
	BUF_PUTSL(&b, MEMO_MAGIC "\n");
	/* A rebuilt folio may find other things. */
	if (stat("/proc/self/exe", &st) == -1)
		goto out;
	buf_printf(&b, "%lld %lld\n", (long long)st.st_size,
	    (long long)st.st_mtime);
	buf_printf(&b, "site %s\n", w->site);
	put_keys(&b, &w->text.ignore);
	put_keys(&b, &w->tree.boundary);
	if (put_mailmap(w, &b) == -1)
		goto out;
	blob_id(w->memo.ctx, b.data, b.len);
	w->memo.m = m;
out:
	buf_free(&b);
}

/* The key of the chain below commit "id". */
static void
chain_key(const struct walk *w, const git_oid *id, char key[41])
{
	struct buf	 b = BUF_INIT;
	char		 hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), id);
	buf_printf(&b, MEMO_MAGIC " chain %s %s", w->memo.ctx, hex);
	blob_id(key, b.data, b.len);
	buf_free(&b);
}

/* One commit of a kept chain into c; 0 or -1. */
static int
take_commit(struct unpack *u, struct ccommit *c)
{
	char	*ids, *rec;
	size_t	 idlen, reclen;
	int	 rc = -1;

	ids = unpack_str(u, &idlen);
	rec = unpack_str(u, &reclen);
	if (!u->bad && idlen == 3 * GIT_OID_RAWSZ + 1 &&
	    ccommit_unpack(c, rec, reclen) == 0) {
		git_oid_fromraw(&c->id, (unsigned char *)ids);
		git_oid_fromraw(&c->tree, (unsigned char *)ids +
		    GIT_OID_RAWSZ);
		git_oid_fromraw(&c->ptree, (unsigned char *)ids +
		    2 * GIT_OID_RAWSZ);
		c->hasparent = ids[3 * GIT_OID_RAWSZ] == '1';
		rc = 0;
	}
	free(ids);
	free(rec);
	return rc;
}

/*
 * A table of the entry: its count, then each key (40 hex digits: a blob
 * id, or a renames key) with its packed value.  Each key maps in "map"
 * to where its value starts in w->memo.kept (memo_state_get(),
 * memo_renames_get()).  0, or -1 (the map emptied) if they do not
 * unpack.
 */
static int
take_table(struct unpack *u, struct strmap *map)
{
	const char	*at;
	size_t		 n, i, len;
	char		*key;

	n = unpack_size(u);
	for (i = 0; i < n && !u->bad; i++) {
		key = unpack_str(u, &len);
		at = u->p;
		free(unpack_str(u, NULL));
		if (!u->bad && len == GIT_OID_HEXSZ)
			(void)strmap_put(map, key, (void *)at);
		free(key);
	}
	if (u->bad) {
		strmap_free(map);
		return -1;
	}
	return 0;
}

int
memo_take(struct walk *w, struct ccommit **v, size_t *n, size_t *cap)
{
	struct ccommit	*tmp;
	struct unpack	 u;
	char		 key[41];
	size_t		 k, i, at = *n - 1;

	if (w->memo.m == NULL)
		return 0;
	chain_key(w, &(*v)[at].id, key);
	if (w->memo.m->get(w->memo.m->arg, key, &w->memo.kept) == -1)
		return 0;
	if (w->memo.kept.len < sizeof(MEMO_MAGIC) ||
	    memcmp(w->memo.kept.data, MEMO_MAGIC "\n", sizeof(MEMO_MAGIC)) != 0)
		return 0;
	u.p = w->memo.kept.data + sizeof(MEMO_MAGIC);
	u.left = w->memo.kept.len - sizeof(MEMO_MAGIC);
	u.bad = 0;
	k = unpack_size(&u);
	if (u.bad || k == 0 || k > u.left)
		return 0;
	tmp = xcalloc(k, sizeof(*tmp));
	for (i = 0; i < k; i++)
		if (take_commit(&u, &tmp[i]) == -1)
			break;
	if (i < k || !git_oid_equal(&tmp[0].id, &(*v)[at].id) ||
	    take_table(&u, &w->memo.states) == -1 ||
	    take_table(&u, &w->memo.renames) == -1 || u.left != 0) {
		strmap_free(&w->memo.states);
		strmap_free(&w->memo.renames);
		/* Not whole: walk as if nothing were kept. */
		chain_free(tmp, k);
		return 0;
	}
	if (at + k > *cap) {
		*v = xreallocarray(*v, at + k, sizeof(**v));
		memset(*v + *cap, 0, (at + k - *cap) * sizeof(**v));
		*cap = at + k;
	}
	memcpy(*v + at, tmp, k * sizeof(*tmp));
	free(tmp);
	*n = at + k;
	w->memo.at_head = at == 0;
	memcpy(w->memo.readkey, key, sizeof(key));
	return 1;
}

int
memo_keep_chain(struct walk *w, struct ccommit *v, size_t n, size_t cap)
{
	size_t	 i;

	if (w->memo.m == NULL)
		return 0;
	for (i = 0; i < n; i++) {
		if (!v[i].ready) {
			diff_commit(w, &v[i]);
			tc_rotate(w);
		}
		if (v[i].err != NULL)
			return 0;
	}
	w->memo.chain = v;
	w->memo.nchain = n;
	w->memo.chaincap = cap;
	return 1;
}

int
memo_state_get(struct walk *w, const struct version *v, struct vstate *out)
{
	const char	*at;
	struct unpack	 u;
	char		*st, *sup;
	size_t		 len, suplen;

	if (w->memo.m == NULL ||
	    (at = strmap_get(&w->memo.states, v->blob)) == NULL)
		return 0;
	u.p = at;
	u.left = (size_t)(w->memo.kept.data + w->memo.kept.len - at);
	u.bad = 0;
	st = unpack_str(&u, &len);
	memset(out, 0, sizeof(*out));
	if (!u.bad && len >= 2 * GIT_OID_RAWSZ + 1 &&
	    st[2 * GIT_OID_RAWSZ] >= '0' && st[2 * GIT_OID_RAWSZ] <= '3') {
		git_oid_fromraw(&out->text, (unsigned char *)st);
		git_oid_fromraw(&out->review, (unsigned char *)st +
		    GIT_OID_RAWSZ);
		out->status = (enum pub_status)(st[2 * GIT_OID_RAWSZ] - '0');
		sup = st + 2 * GIT_OID_RAWSZ + 1;
		suplen = len - (2 * GIT_OID_RAWSZ + 1);
		out->sup = suplen > 0 && strlen(sup) == suplen ?
		    walk_intern(w, sup) : NULL;
		/* Kept again, as it was. */
		pack_str(&w->memo.newstates, v->blob, strlen(v->blob));
		pack_str(&w->memo.newstates, st, len);
		w->memo.nnew++;
		free(st);
		return 1;
	}
	free(st);
	return 0;
}

void
memo_state_put(struct walk *w, const struct version *v,
    const struct vstate *st)
{
	struct buf	 b = BUF_INIT;
	char		 raw[2 * GIT_OID_RAWSZ + 1];

	if (w->memo.m == NULL || st->bad)
		return;
	memcpy(raw, st->text.id, GIT_OID_RAWSZ);
	memcpy(raw + GIT_OID_RAWSZ, st->review.id, GIT_OID_RAWSZ);
	raw[2 * GIT_OID_RAWSZ] = (char)('0' + (int)st->status);
	buf_put(&b, raw, sizeof(raw));
	if (st->sup != NULL)
		buf_puts(&b, st->sup);
	pack_str(&w->memo.newstates, v->blob, strlen(v->blob));
	pack_str(&w->memo.newstates, b.data, b.len);
	w->memo.nnew++;
	w->memo.nfresh++;
	buf_free(&b);
}

void
memo_renames_key(const struct walk *w, const git_oid *told,
    const git_oid *tnew, char *const *paths, size_t n, char key[41])
{
	struct buf	 b = BUF_INIT;
	size_t		 i;

	buf_printf(&b, MEMO_MAGIC " renames %s ", w->memo.ctx);
	buf_put(&b, (const char *)told->id, GIT_OID_RAWSZ);
	buf_put(&b, (const char *)tnew->id, GIT_OID_RAWSZ);
	for (i = 0; i < n; i++)
		buf_put(&b, paths[i], strlen(paths[i]) + 1);
	blob_id(key, b.data, b.len);
	buf_free(&b);
}

int
memo_renames_get(struct walk *w, const char *key, struct buf *pairs)
{
	const char	*at;
	struct unpack	 u;
	char		*s;
	size_t		 len;

	if (w->memo.m == NULL ||
	    (at = strmap_get(&w->memo.renames, key)) == NULL)
		return 0;
	u.p = at;
	u.left = (size_t)(w->memo.kept.data + w->memo.kept.len - at);
	u.bad = 0;
	s = unpack_str(&u, &len);
	if (u.bad || (len > 0 && s[len - 1] != '\0')) {
		free(s);
		return 0;
	}
	buf_reset(pairs);
	buf_put(pairs, s, len);
	/* Kept again, as it was. */
	pack_str(&w->memo.newrenames, key, strlen(key));
	pack_str(&w->memo.newrenames, s, len);
	w->memo.nnewren++;
	free(s);
	return 1;
}

void
memo_renames_put(struct walk *w, const char *key, const struct buf *pairs)
{
	if (w->memo.m == NULL)
		return;
	pack_str(&w->memo.newrenames, key, strlen(key));
	pack_str(&w->memo.newrenames, pairs->data != NULL ? pairs->data : "",
	    pairs->len);
	w->memo.nnewren++;
	w->memo.nfresh++;
}

/*
 * The list of the entries the last walks used (RECENT_HEAD, then one key
 * a line, the most recently used first): with "add" (if not NULL: the
 * entry of this walk) put first and the entry it was read from next,
 * each listed entry kept, and those beyond MEMO_RECENT dropped from the
 * cache.  The list is written again only if it changed (a list that
 * does not verify is a miss: made again).
 */
static void
memo_recent(struct walk *w, const char *add)
{
	const struct history_memo *m = w->memo.m;
	const char	*read = w->memo.readkey;
	struct buf	 list = BUF_INIT, out = BUF_INIT;
	char		 lkey[41], key[41];
	size_t		 i, n = 0;

	buf_printf(&list, MEMO_MAGIC " recent %s", w->memo.ctx);
	blob_id(lkey, list.data, list.len);
	buf_reset(&list);
	BUF_PUTSL(&out, RECENT_HEAD);
	if (add != NULL) {
		buf_printf(&out, "%s\n", add);
		n++;
		if (read[0] != '\0' && strcmp(read, add) != 0) {
			buf_printf(&out, "%s\n", read);
			n++;
		}
	}
	if (m->get(m->arg, lkey, &list) != 0 || list.len < RECENT_LEN ||
	    memcmp(list.data, RECENT_HEAD, RECENT_LEN) != 0)
		buf_reset(&list);
	for (i = RECENT_LEN; i + 41 <= list.len; i += 41) {
		memcpy(key, list.data + i, 40);
		key[40] = '\0';
		if (list.data[i + 40] != '\n' || !lower_hex(key, 40) ||
		    (add != NULL && (strcmp(key, add) == 0 ||
		    strcmp(key, read) == 0)))
			continue;
		if (n < MEMO_RECENT) {
			buf_printf(&out, "%s\n", key);
			n++;
		} else if (m->drop != NULL)
			m->drop(m->arg, key);
	}
	for (i = RECENT_LEN; m->keep != NULL && i + 41 <= out.len; i += 41) {
		memcpy(key, out.data + i, 40);
		key[40] = '\0';
		m->keep(m->arg, key);
	}
	if (add != NULL && (out.len != list.len ||
	    memcmp(out.data, list.data, out.len) != 0))
		m->put(m->arg, lkey, out.data, out.len);
	buf_free(&list);
	buf_free(&out);
}

void
memo_save(struct walk *w)
{
	struct buf	 b = BUF_INIT, rec = BUF_INIT;
	struct ccommit	*c;
	unsigned char	 ids[3 * GIT_OID_RAWSZ + 1];
	char		 key[41];
	size_t		 i;

	if (w->memo.m == NULL)
		return;
	/*
	 * Nothing walked; a bad commit, which the next build must report
	 * too; or kept at HEAD with every blob's state: no new entry.
	 */
	if (w->memo.chain == NULL || w->memo.nchain == 0 || w->nbad > 0) {
		memo_recent(w, NULL);
		return;
	}
	chain_key(w, &w->memo.chain[0].id, key);
	if (w->memo.at_head && w->memo.nfresh == 0) {
		memo_recent(w, key);	/* the entry read, as it is */
		return;
	}
	BUF_PUTSL(&b, MEMO_MAGIC "\n");	/* what the entry is */
	pack_size(&b, w->memo.nchain);
	for (i = 0; i < w->memo.nchain; i++) {
		c = &w->memo.chain[i];
		memcpy(ids, c->id.id, GIT_OID_RAWSZ);
		memcpy(ids + GIT_OID_RAWSZ, c->tree.id, GIT_OID_RAWSZ);
		memcpy(ids + 2 * GIT_OID_RAWSZ, c->ptree.id, GIT_OID_RAWSZ);
		ids[3 * GIT_OID_RAWSZ] = c->hasparent ? '1' : '0';
		pack_str(&b, (const char *)ids, sizeof(ids));
		buf_reset(&rec);
		ccommit_pack(c, &rec);
		pack_str(&b, rec.data, rec.len);
	}
	pack_size(&b, w->memo.nnew);
	buf_put(&b, w->memo.newstates.data, w->memo.newstates.len);
	pack_size(&b, w->memo.nnewren);
	buf_put(&b, w->memo.newrenames.data, w->memo.newrenames.len);
	w->memo.m->put(w->memo.m->arg, key, b.data, b.len);
	memo_recent(w, key);
	buf_free(&b);
	buf_free(&rec);
}

void
memo_free(struct walk *w)
{
	if (w->memo.chain != NULL)
		chain_free(w->memo.chain, w->memo.chaincap);
	strmap_free(&w->memo.states);
	strmap_free(&w->memo.renames);
	buf_free(&w->memo.kept);
	buf_free(&w->memo.newstates);
	buf_free(&w->memo.newrenames);
	memset(&w->memo, 0, sizeof(w->memo));
}
