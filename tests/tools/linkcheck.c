/*
 * linkcheck: crawl a built site and report every link (href, src) to a
 * page, file or anchor of the site that does not exist.  Site-absolute
 * links ("/x/") are taken from the site's root; relative ones from the
 * page's folder; other sites are not visited.
 *
 * usage: linkcheck DIR   prints each broken link, then "N links, N broken";
 * exits 1 if any is broken.
 */
#define _XOPEN_SOURCE 700

#include <sys/stat.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/buf.h"
#include "../../src/strmap.h"
#include "../../src/util.h"

static const char	*root;
static struct strmap	 ids;		/* "file#id" -> (void *)1 */
static struct strmap	 scanned;	/* files whose ids are known */
static size_t		 nlinks, nbroken;

static int
slurp(const char *path, struct buf *b)
{
	FILE	*f = fopen(path, "rb");
	char	 chunk[65536];
	size_t	 n;

	if (f == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(b, chunk, n);
	fclose(f);
	return 0;
}

/* Record every id="..." of file "path" (relative to root). */
static void
scan_ids(const char *rel)
{
	struct buf	 b = BUF_INIT, path = BUF_INIT, key = BUF_INIT;
	const char	*p, *q;

	if (strmap_put(&scanned, rel, (void *)1) != NULL)
		return;
	buf_printf(&path, "%s/%s", root, rel);
	if (slurp(path.data, &b) == 0)
		for (p = b.data; (p = strstr(p, " id=\"")) != NULL; p = q) {
			p += 5;
			if ((q = strchr(p, '"')) == NULL)
				break;
			buf_reset(&key);
			buf_printf(&key, "%s#%.*s", rel, (int)(q - p), p);
			(void)strmap_put(&ids, key.data, (void *)1);
		}
	buf_free(&b);
	buf_free(&path);
	buf_free(&key);
}

static int
is_file(const char *rel)
{
	struct buf	 p = BUF_INIT;
	struct stat	 st;
	int		 ok;

	buf_printf(&p, "%s/%s", root, rel);
	ok = stat(p.data, &st) == 0 && S_ISREG(st.st_mode);
	buf_free(&p);
	return ok;
}

/* Normalise "dir/url" into "out" (no leading '/'); -1 if it climbs out. */
static int
normalise(const char *dir, const char *url, size_t len, struct buf *out)
{
	struct buf	 in = BUF_INIT;
	char		*seg, *save, *sl;
	int		 rc = 0;

	if (url[0] != '/')
		buf_printf(&in, "%s/", dir);
	buf_put(&in, url, len);
	buf_reset(out);
	for (seg = strtok_r(in.data, "/", &save); seg != NULL;
	    seg = strtok_r(NULL, "/", &save)) {
		if (strcmp(seg, ".") == 0)
			continue;
		if (strcmp(seg, "..") == 0) {
			if (out->len == 0) {
				rc = -1;
				break;
			}
			sl = strrchr(out->data, '/');
			buf_truncate(out, sl != NULL ? (size_t)(sl - out->data) : 0);
			continue;
		}
		if (out->len > 0)
			buf_putc(out, '/');
		buf_puts(out, seg);
	}
	if (rc == 0 && len > 0 && url[len - 1] == '/' && out->len > 0)
		buf_putc(out, '/');
	buf_free(&in);
	return rc;
}

static void
check_link(const char *page, const char *url)
{
	struct buf	 dir = BUF_INIT, target = BUF_INIT, key = BUF_INIT;
	const char	*hash, *sl, *colon, *sep;
	size_t		 plen;
	int		 bad = 0;

	/* Another site, or a scheme such as mailto: or tel:. */
	colon = strchr(url, ':');
	sep = strpbrk(url, "/?#");
	if (strncmp(url, "//", 2) == 0 ||
	    (colon != NULL && (sep == NULL || colon < sep)))
		return;
	nlinks++;
	hash = strchr(url, '#');
	plen = strcspn(url, "?#");
	sl = strrchr(page, '/');
	buf_put(&dir, page, sl != NULL ? (size_t)(sl - page) : 0);
	if (plen == 0)
		buf_puts(&target, page);
	else if (normalise(dir.data, url, plen, &target) == -1)
		bad = 1;
	if (!bad) {
		if (target.len == 0 || target.data[target.len - 1] == '/')
			BUF_PUTSL(&target, "index.html");
		else if (!is_file(target.data)) {
			BUF_PUTSL(&target, "/index.html");
		}
		if (!is_file(target.data))
			bad = 1;
	}
	if (!bad && hash != NULL && hash[1] != '\0') {
		scan_ids(target.data);
		buf_printf(&key, "%s#%s", target.data, hash + 1);
		if (strmap_get(&ids, key.data) == NULL)
			bad = 2;
	}
	if (bad) {
		nbroken++;
		printf("%s: broken %s: %s\n", page, bad == 2 ? "anchor" :
		    "link", url);
	}
	buf_free(&dir);
	buf_free(&target);
	buf_free(&key);
}

static int
visit(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	struct buf	 b = BUF_INIT, url = BUF_INIT;
	const char	*rel = path + strlen(root) + 1, *p, *q;
	static const char *const attrs[] = { " href=\"", " src=\"" };
	size_t		 i, len = strlen(path);

	(void)st;
	(void)f;
	if (flag != FTW_F || len < 5 || strcmp(path + len - 5, ".html") != 0)
		return 0;
	if (slurp(path, &b) == -1)
		return 0;
	for (i = 0; i < 2; i++)
		for (p = b.data; (p = strstr(p, attrs[i])) != NULL; p = q) {
			p += strlen(attrs[i]);
			if ((q = strchr(p, '"')) == NULL)
				break;
			buf_reset(&url);
			/* Undo the one entity our output uses in URLs. */
			for (; p < q; p++)
				if (strncmp(p, "&amp;", 5) == 0) {
					buf_putc(&url, '&');
					p += 4;
				} else
					buf_putc(&url, *p);
			check_link(rel, url.data);
		}
	buf_free(&b);
	buf_free(&url);
	return 0;
}

int
main(int argc, char *argv[])
{
	if (argc != 2) {
		fprintf(stderr, "usage: linkcheck DIR\n");
		return 2;
	}
	root = argv[1];
	if (nftw(root, visit, 16, FTW_PHYS) == -1) {
		perror(root);
		return 2;
	}
	printf("%zu links, %zu broken\n", nlinks, nbroken);
	strmap_free(&ids);
	strmap_free(&scanned);
	return nbroken > 0;
}
