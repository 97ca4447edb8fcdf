/*
 * serve.c: the preview server (see serve.h).
 *
 * Threads.  The main thread builds and watches; libmicrohttpd answers
 * requests on a small pool of threads, each polling many connections,
 * so that slow or idle clients (a tab's event stream, a client sending
 * a byte now and then) hold no thread and cannot starve the others;
 * idle connections time out.  Builds are
 * build_run() into "<tmp>/site" with a build_cache, so they reuse what
 * did not change and write in place: each changed file is renamed over
 * the old one, so a request sees it whole, old or new, and a file opened
 * just before is read to its end.  Requests resolve their path against
 * "<tmp>/site" each time, never a cached descriptor.
 * What requests share with the builder (the build number, whether it
 * failed and its diagnostics, the parked event streams) is under
 * "lock"; the main thread resumes the event streams when a build
 * finishes, when the server stops, and every PING_SECONDS.
 *
 * Signals.  SIGINT and SIGTERM write a byte to a pipe that the main loop
 * polls with the inotify descriptor; nothing else happens in the
 * handler.
 */
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "buf.h"
#include "build.h"
#include "config.h"
#include "diag.h"
#include "escape.h"
#include "history.h"
#include "output.h"
#include "pagediag.h"
#include "serve.h"
#include "tmpdirs.h"
#include "util.h"

/*
 * Quiet time after the last change before a rebuild, and its limit: an
 * editor's save (backup, write, rename) comes in one burst.
 */
#define DEBOUNCE_MS	30
#define DEBOUNCE_MAX_MS	1000
/*
 * The request threads, the connections open at once (event streams
 * included: an editor's open tabs) and how long a connection may be
 * idle, in seconds (a parked event stream does not count as idle).
 */
#define SERVE_THREADS		4
#define SERVE_CONNECTIONS	512
#define SERVE_IDLE_SECONDS	15
/*
 * An idle event stream sends a comment this often (seconds).  The main
 * thread wakes this often too, so a stream may go twice this long
 * without a byte: that must stay under SERVE_IDLE_SECONDS, or a slow
 * server could close a tab's stream for idleness.
 */
#define PING_SECONDS	5

#define RELOAD_PATH	"/__folio/reload.js"
#define EVENTS_PATH	"/__folio/events"

/* What the request threads share with the builder. */
struct	state {
	pthread_mutex_t	 lock;
	char		*outdir;	/* "<tmp>/site": a real path */
	char		*base_path;	/* site URL path, "/" or "/x/"; owned */
	const char	*bind;		/* the address listened on */
	unsigned	 port;		/* the port listened on */
	unsigned long	 build;		/* finished builds, from 1 */
	int		 failed;	/* the last build failed */
	int		 have_site;	/* some build succeeded */
	struct buf	 diags;		/* the last failed build's, as HTML */
	struct pagediags pages;		/* the last build's, page by page */
	int		 stopping;
	struct sse	*streams;	/* suspended event streams */
};

/* A directory being watched. */
struct	watch {
	int	 wd;
	char	*path;
	int	 git;	/* in the git directory: only ref changes count */
};

struct	watcher {
	int		 fd;
	struct watch	*v;
	size_t		 n, cap;
};

/*
 * The self-pipe: a signal handler can reach nothing else, hence the one
 * mutable global.
 */
static int	 sigpipe[2] = { -1, -1 };

static const char reload_js[] =
"/* folio serve: reload this page when the site is rebuilt. */\n"
"(function () {\n"
"\tvar s = document.currentScript;\n"
"\tvar seen = s ? s.getAttribute(\"data-build\") : null;\n"
"\tif (!window.EventSource)\n"
"\t\treturn;\n"
"\tvar es = new EventSource(\"" EVENTS_PATH "\");\n"
"\tes.onmessage = function (e) {\n"
"\t\tif (seen === null) {\n"
"\t\t\tseen = e.data;\n"
"\t\t} else if (e.data !== seen) {\n"
"\t\t\tes.close();\n"
"\t\t\tlocation.reload();\n"
"\t\t}\n"
"\t};\n"
"})();\n";

static void
on_signal(int sig)
{
	int	 saved = errno;
	char	 c = (char)sig;

	(void)!write(sigpipe[1], &c, 1);
	errno = saved;
}

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
serve_is_loopback(const char *addr)
{
	struct in_addr	 a4;
	struct in6_addr	 a6;

	if (inet_pton(AF_INET, addr, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, addr, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6);
	return 0;
}

/* Whether "addr" is the unspecified (every) address, 0.0.0.0 or ::. */
static int
is_any_addr(const char *addr)
{
	struct in_addr	 a4;
	struct in6_addr	 a6;

	if (inet_pton(AF_INET, addr, &a4) == 1)
		return a4.s_addr == htonl(INADDR_ANY);
	if (inet_pton(AF_INET6, addr, &a6) == 1)
		return IN6_IS_ADDR_UNSPECIFIED(&a6);
	return 0;
}

/* Whether numeric addresses "a" and "b" are the same address. */
static int
same_addr(const char *a, const char *b)
{
	unsigned char	 x[sizeof(struct in6_addr)], y[sizeof(x)];

	if (inet_pton(AF_INET, a, x) == 1)
		return inet_pton(AF_INET, b, y) == 1 && memcmp(x, y, 4) == 0;
	if (inet_pton(AF_INET6, a, x) == 1)
		return inet_pton(AF_INET6, b, y) == 1 &&
		    memcmp(x, y, sizeof(struct in6_addr)) == 0;
	return 0;
}

int
serve_host_allowed(const char *host, const char *bind, unsigned port)
{
	char		 name[64];
	const char	*end, *colon;
	unsigned char	 bin[sizeof(struct in6_addr)];
	size_t		 len;
	unsigned long	 p;
	char		*ep;
	int		 numeric;

	if (host == NULL || host[0] == '\0')
		return 0;
	if (host[0] == '[') {			/* [v6] or [v6]:port */
		if ((end = strchr(host, ']')) == NULL)
			return 0;
		len = (size_t)(end - host - 1);
		if (len >= sizeof(name))
			return 0;
		memcpy(name, host + 1, len);
		colon = end[1] == ':' ? end + 1 : NULL;
		if (end[1] != '\0' && colon == NULL)
			return 0;
	} else {
		colon = strchr(host, ':');
		if (colon != NULL && strchr(colon + 1, ':') != NULL)
			return 0;	/* a bare IPv6 address is not a Host */
		len = colon != NULL ? (size_t)(colon - host) : strlen(host);
		if (len >= sizeof(name))
			return 0;
		memcpy(name, host, len);
	}
	name[len] = '\0';
	if (colon != NULL) {
		errno = 0;
		p = strtoul(colon + 1, &ep, 10);
		if (colon[1] < '0' || colon[1] > '9' || *ep != '\0' ||
		    errno != 0 || p != port)
			return 0;
	}
	numeric = inet_pton(AF_INET, name, bin) == 1 ||
	    inet_pton(AF_INET6, name, bin) == 1;
	if (!numeric)
		return strcasecmp(name, "localhost") == 0;
	return serve_is_loopback(name) || same_addr(name, bind) ||
	    is_any_addr(bind);
}

/* Requests. */


/*
 * Decode the request path "raw" (as sent: libmicrohttpd's unescaping is
 * turned off) into "out".  Refused, returning -1: a path not starting
 * with '/', a bad or encoded slash, backslash or NUL, any control
 * character, and any "." or ".." segment, encoded or not.
 */
static int
decode_path(const char *raw, struct buf *out)
{
	const char	*p, *seg;
	int		 hi, lo, c;

	buf_reset(out);
	if (raw[0] != '/')
		return -1;
	for (p = raw; *p != '\0'; p++) {
		c = (unsigned char)*p;
		if (c == '%') {
			if ((hi = hex_value((unsigned char)p[1])) == -1 ||
			    (lo = hex_value((unsigned char)p[2])) == -1)
				return -1;
			c = hi * 16 + lo;
			p += 2;
			if (c == '/')
				return -1;
		}
		if (c < 0x20 || c == 0x7f || c == '\\')
			return -1;
		buf_putc(out, c);
	}
	/* No "." or ".." segment, however it was written. */
	for (seg = out->data + 1; ; ) {
		p = strchr(seg, '/');
		if (p == NULL)
			p = seg + strlen(seg);
		if ((p - seg == 1 && seg[0] == '.') ||
		    (p - seg == 2 && seg[0] == '.' && seg[1] == '.'))
			return -1;
		if (*p == '\0')
			break;
		seg = p + 1;
	}
	return 0;
}

/* Keep the raw path: decode_path() does it, strictly. */
static size_t
no_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return strlen(s);
}

static const char *
mime_type(const char *path)
{
	static const struct {
		const char	*ext;
		const char	*type;
	} types[] = {
		{ ".html", "text/html; charset=utf-8" },
		{ ".htm", "text/html; charset=utf-8" },
		{ ".css", "text/css; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".xml", "application/xml; charset=utf-8" },
		{ ".json", "application/json" },
		{ ".csv", "text/csv; charset=utf-8" },
		{ ".txt", "text/plain; charset=utf-8" },
		{ ".svg", "image/svg+xml" },
		{ ".png", "image/png" },
		{ ".jpg", "image/jpeg" },
		{ ".jpeg", "image/jpeg" },
		{ ".gif", "image/gif" },
		{ ".webp", "image/webp" },
		{ ".ico", "image/x-icon" },
		{ ".pdf", "application/pdf" },
		{ ".woff2", "font/woff2" },
	};
	const char	*slash = strrchr(path, '/'), *dot = strrchr(path, '.');
	size_t		 i;

	if (dot != NULL && (slash == NULL || dot > slash))
		for (i = 0; i < NELEM(types); i++)
			if (strcasecmp(dot, types[i].ext) == 0)
				return types[i].type;
	return "application/octet-stream";
}

static int
is_html(const char *path)
{
	return strncmp(mime_type(path), "text/html", 9) == 0;
}

/* Insert the reload script before the last </body>, or at the end. */
static void
inject_reload(struct buf *page, unsigned long build)
{
	struct buf	 tag = BUF_INIT, out = BUF_INIT;
	size_t		 i, at = page->len;

	buf_printf(&tag, "<script src=\"%s\" data-build=\"%lu\"></script>\n",
	    RELOAD_PATH, build);
	for (i = page->len; i >= 7; i--)
		if (strncasecmp(page->data + i - 7, "</body>", 7) == 0) {
			at = i - 7;
			break;
		}
	buf_put(&out, page->data, at);
	buf_put(&out, tag.data, tag.len);
	buf_put(&out, page->data + at, page->len - at);
	buf_free(page);
	*page = out;
	buf_free(&tag);
}

/*
 * Put the page's diagnostics "html" at the start of its <main> (or of
 * its <body>): the preview's own addition, never in the built site.
 */
static void
inject_diags(struct buf *page, const struct buf *html)
{
	struct buf	 out = BUF_INIT;
	const char	*m, *gt;
	size_t		 at;

	if (html->len == 0)
		return;
	if ((m = strstr(page->data, "<main")) == NULL)
		m = strstr(page->data, "<body");
	if (m == NULL || (gt = strchr(m, '>')) == NULL)
		at = 0;
	else
		at = (size_t)(gt + 1 - page->data);
	buf_put(&out, page->data, at);
	buf_putc(&out, '\n');
	buf_put(&out, html->data, html->len);
	buf_put(&out, page->data + at, page->len - at);
	buf_free(page);
	*page = out;
}

static enum MHD_Result
send_buf(struct MHD_Connection *c, unsigned int status, const char *type,
    struct buf *body)
{
	struct MHD_Response	*r;
	enum MHD_Result		 ret;
	size_t			 len = body->len;
	char			*data = buf_detach(body);

	r = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
	if (r == NULL) {
		free(data);
		return MHD_NO;
	}
	(void)MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	(void)MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
	    "no-store");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
send_text(struct MHD_Connection *c, unsigned int status, const char *text)
{
	struct buf	 b = BUF_INIT;

	buf_puts(&b, text);
	return send_buf(c, status, "text/plain; charset=utf-8", &b);
}

/* The page shown instead of the site while the build is broken. */
static enum MHD_Result
send_diags(struct MHD_Connection *c, struct state *st)
{
	struct buf	 b = BUF_INIT;
	unsigned long	 build;

	pthread_mutex_lock(&st->lock);
	build = st->build;
	BUF_PUTSL(&b, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>Build failed - folio</title>\n"
	    "<style>body{font-family:sans-serif;margin:2rem;max-width:60rem}"
	    "pre{white-space:pre-wrap;background:#f4f4f4;padding:1rem;"
	    "border-left:4px solid #b00020}</style>\n</head>\n<body>\n"
	    "<main>\n<h1>The site did not build</h1>\n<p>Fix these problems "
	    "and save: this page turns back into the document by itself."
	    "</p>\n<pre id=\"folio-diagnostics\">");
	buf_put(&b, st->diags.data, st->diags.len);
	pthread_mutex_unlock(&st->lock);
	BUF_PUTSL(&b, "</pre>\n</main>\n</body>\n</html>\n");
	inject_reload(&b, build);
	return send_buf(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
	    "text/html; charset=utf-8", &b);
}

/*
 * The page of a document with errors, or that could not be read: its
 * diagnostics, errors with the source lines around them; the rest of
 * the site is served as usual.  *sent is 0 (and nothing answered) if
 * "rel" is no such page.
 */
static enum MHD_Result
send_broken_doc(struct MHD_Connection *c, struct state *st, const char *rel,
    int *sent)
{
	const struct pagediag	*pd;
	struct buf		 b = BUF_INIT;
	unsigned long		 build;

	/* "/procedures/x", with no '/', is that page too. */
	buf_puts(&b, rel);
	if (strrchr(rel, '.') == NULL)
		BUF_PUTSL(&b, "/index.html");
	pthread_mutex_lock(&st->lock);
	build = st->build;
	if ((pd = pagediags_get(&st->pages, b.data)) == NULL ||
	    (!pd->missing && pd->nerrors == 0)) {
		pthread_mutex_unlock(&st->lock);
		buf_free(&b);
		*sent = 0;
		return MHD_NO;
	}
	buf_reset(&b);
	BUF_PUTSL(&b, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>Document not built - folio"
	    "</title>\n<style>body{font-family:sans-serif;margin:2rem;"
	    "max-width:60rem}pre{white-space:pre-wrap;background:#f4f4f4;"
	    "padding:1rem}mark{background:#ffd7d7}</style>\n</head>\n<body>\n"
	    "<main>\n<h1>This document did not build</h1>\n<p>Fix these "
	    "problems and save: this page turns back into the document by "
	    "itself. The rest of the site is shown as usual.</p>\n");
	buf_put(&b, pd->html.data, pd->html.len);
	pthread_mutex_unlock(&st->lock);
	BUF_PUTSL(&b, "</main>\n</body>\n</html>\n");
	inject_reload(&b, build);
	*sent = 1;
	return send_buf(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
	    "text/html; charset=utf-8", &b);
}

/*
 * The event stream: one "data: N" line per finished build, a comment
 * line now and then.  A stream with nothing to say is suspended (it
 * holds no thread: an editor may keep many tabs open) and on the list
 * "streams"; the main thread resumes them all after each build, when
 * stopping, and every PING_SECONDS, when those still open get a ping
 * and those whose tab was closed are found gone.
 */
struct	sse {
	struct state		*st;
	struct MHD_Connection	*conn;
	unsigned long		 sent;
	time_t			 last;		/* when it last sent */
	int			 started;
	int			 suspended;	/* on st->streams */
	struct sse		*next;
};

static ssize_t
sse_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct sse	*e = cls;
	struct state	*st = e->st;
	time_t		 t = time(NULL);
	int		 n;

	(void)pos;
	pthread_mutex_lock(&st->lock);
	if (st->stopping) {
		pthread_mutex_unlock(&st->lock);
		return MHD_CONTENT_READER_END_OF_STREAM;
	}
	if (!e->started || st->build != e->sent) {
		n = snprintf(out, max, "%sdata: %lu\n\n", e->started ? "" :
		    "retry: 1000\n", st->build);
		e->sent = st->build;
		e->started = 1;
	} else if (t - e->last >= PING_SECONDS)
		n = snprintf(out, max, ": ping\n\n");	/* finds closed ones */
	else {
		/* Nothing to say: park it until the main thread resumes it. */
		e->suspended = 1;
		e->next = st->streams;
		st->streams = e;
		MHD_suspend_connection(e->conn);
		pthread_mutex_unlock(&st->lock);
		return 0;
	}
	e->last = t;
	pthread_mutex_unlock(&st->lock);
	if (n < 0 || (size_t)n >= max)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	return n;
}

/*
 * Resume every parked stream (main thread only, which alone resumes:
 * a stream on the list stays suspended until then, so it cannot be
 * freed under us).
 */
static void
resume_streams(struct state *st)
{
	struct sse	*e, *next;

	pthread_mutex_lock(&st->lock);
	e = st->streams;
	st->streams = NULL;
	for (next = e; next != NULL; next = next->next)
		next->suspended = 0;
	pthread_mutex_unlock(&st->lock);
	for (; e != NULL; e = next) {
		next = e->next;
		MHD_resume_connection(e->conn);
	}
}

static void
sse_free(void *cls)
{
	free(cls);
}

static enum MHD_Result
send_events(struct MHD_Connection *c, struct state *st)
{
	struct MHD_Response	*r;
	struct sse		*e;
	enum MHD_Result		 ret;

	e = xcalloc(1, sizeof(*e));
	e->st = st;
	e->conn = c;
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 1024,
	    sse_read, e, sse_free);
	if (r == NULL) {
		free(e);
		return MHD_NO;
	}
	(void)MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "text/event-stream");
	(void)MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
	    "no-store");
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

/* Read a whole (small) file from an open descriptor. */
static int
read_fd(int fd, struct buf *b)
{
	char	 chunk[65536];
	ssize_t	 n;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0)
			return 0;
		buf_put(b, chunk, (size_t)n);
	}
}

/*
 * Open "rel" (decoded, no "." or ".." segment) below the output folder,
 * after resolving it with realpath(3) and checking that it stays inside.
 * Returns the descriptor, or -1 with errno ENOENT (nothing there, or
 * outside) or EISDIR (a folder).
 */
static int
open_below(const struct state *st, const char *rel, struct stat *sb)
{
	struct buf	 path = BUF_INIT;
	char		*real = NULL;
	size_t		 n = strlen(st->outdir);
	int		 fd = -1, saved = ENOENT;

	buf_printf(&path, "%s/%s", st->outdir, rel);
	if ((real = realpath(path.data, NULL)) == NULL)
		goto out;
	if (strncmp(real, st->outdir, n) != 0 || real[n] != '/')
		goto out;	/* a link out of the site: as if absent */
	if ((fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		goto out;
	if (fstat(fd, sb) == -1) {
		close(fd);
		fd = -1;
		goto out;
	}
	if (S_ISDIR(sb->st_mode)) {
		close(fd);
		fd = -1;
		saved = EISDIR;
	} else if (!S_ISREG(sb->st_mode)) {
		close(fd);
		fd = -1;
	}
out:
	free(real);
	buf_free(&path);
	if (fd == -1)
		errno = saved;
	return fd;
}

/* Send an open file; HTML gets the reload script. */
static enum MHD_Result
send_file(struct MHD_Connection *c, struct state *st, unsigned int status,
    const char *rel, int fd, const struct stat *sb)
{
	struct MHD_Response	*r;
	struct buf		 b = BUF_INIT, html = BUF_INIT;
	const struct pagediag	*pd;
	enum MHD_Result		 ret;
	unsigned long		 build;

	if (is_html(rel)) {
		if (read_fd(fd, &b) == -1) {
			close(fd);
			buf_free(&b);
			return send_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
			    "cannot read the page\n");
		}
		close(fd);
		pthread_mutex_lock(&st->lock);
		build = st->build;
		if ((pd = pagediags_get(&st->pages, rel)) != NULL)
			buf_put(&html, pd->html.data, pd->html.len);
		pthread_mutex_unlock(&st->lock);
		inject_diags(&b, &html);
		buf_free(&html);
		inject_reload(&b, build);
		return send_buf(c, status, mime_type(rel), &b);
	}
	if ((r = MHD_create_response_from_fd((size_t)sb->st_size, fd)) ==
	    NULL) {
		close(fd);
		return MHD_NO;
	}
	(void)MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	    mime_type(rel));
	(void)MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
	    "no-store");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
send_404(struct MHD_Connection *c, struct state *st)
{
	struct stat	 sb;
	int		 fd;

	if ((fd = open_below(st, "404.html", &sb)) != -1)
		return send_file(c, st, MHD_HTTP_NOT_FOUND, "404.html", fd,
		    &sb);
	return send_text(c, MHD_HTTP_NOT_FOUND, "not found\n");
}

static enum MHD_Result
send_redirect(struct MHD_Connection *c, const char *raw)
{
	struct MHD_Response	*r;
	struct buf		 loc = BUF_INIT;
	enum MHD_Result		 ret;

	buf_printf(&loc, "%s/", raw);
	r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	if (r == NULL) {
		buf_free(&loc);
		return MHD_NO;
	}
	(void)MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, loc.data);
	ret = MHD_queue_response(c, MHD_HTTP_MOVED_PERMANENTLY, r);
	MHD_destroy_response(r);
	buf_free(&loc);
	return ret;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct state	*st = cls;
	struct buf	 path = BUF_INIT, rel = BUF_INIT;
	struct stat	 sb;
	enum MHD_Result	 ret;
	const char	*p;
	size_t		 n;
	int		 fd, failed, have_site, sent;
	unsigned	 port;

	(void)version;
	(void)upload;
	(void)con_cls;
	pthread_mutex_lock(&st->lock);
	port = st->port;
	pthread_mutex_unlock(&st->lock);
	if (!serve_host_allowed(MHD_lookup_connection_value(c,
	    MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST), st->bind, port))
		return send_text(c, MHD_HTTP_MISDIRECTED_REQUEST,
		    "this preview answers only to localhost and its own "
		    "address\n");
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return send_text(c, MHD_HTTP_METHOD_NOT_ALLOWED,
		    "only GET and HEAD\n");
	if (*upload_size != 0)
		return send_text(c, MHD_HTTP_BAD_REQUEST, "no body, please\n");
	if (strcmp(url, RELOAD_PATH) == 0) {
		buf_puts(&path, reload_js);
		return send_buf(c, MHD_HTTP_OK,
		    "text/javascript; charset=utf-8", &path);
	}
	if (strcmp(url, EVENTS_PATH) == 0)
		return send_events(c, st);
	if (decode_path(url, &path) == -1) {
		buf_free(&path);
		return send_text(c, MHD_HTTP_BAD_REQUEST, "bad path\n");
	}

	pthread_mutex_lock(&st->lock);
	failed = st->failed;
	have_site = st->have_site;
	/* Pages link to base_url's path: serve the site there. */
	p = path.data;
	n = strlen(st->base_path);
	if (n > 1 && strncmp(p, st->base_path, n - 1) == 0 &&
	    (p[n - 1] == '/' || p[n - 1] == '\0'))
		p += n - 1;
	else if (n > 1)
		p = NULL;
	if (p != NULL)
		buf_puts(&rel, p[0] == '/' ? p + 1 : p);
	pthread_mutex_unlock(&st->lock);

	if (rel.len == 0 || rel.data[rel.len - 1] == '/')
		BUF_PUTSL(&rel, "index.html");
	if (failed && (is_html(rel.data) || strrchr(rel.data, '.') == NULL)) {
		ret = send_diags(c, st);
		goto out;
	}
	if (p == NULL || !have_site) {
		ret = failed ? send_diags(c, st) : send_404(c, st);
		goto out;
	}
	ret = send_broken_doc(c, st, rel.data, &sent);
	if (sent)
		goto out;
	if ((fd = open_below(st, rel.data, &sb)) != -1) {
		ret = send_file(c, st, MHD_HTTP_OK, rel.data, fd, &sb);
		goto out;
	}
	if (errno == EISDIR)
		ret = send_redirect(c, url);
	else
		ret = send_404(c, st);
out:
	buf_free(&path);
	buf_free(&rel);
	return ret;
}

/* Building. */

static void
build_once(struct state *st, const struct serve_opts *so,
    const char *srcdir, struct build_cache *cache)
{
	struct build_opts	 bo;
	struct build_report	 rep;
	struct diag		 d;
	struct buf		 html = BUF_INIT;
	struct pagediags	 pages = PAGEDIAGS_INIT;
	double			 t0 = now();
	size_t			 i;
	char			*line;
	int			 status, level;

	diag_init(&d);
	memset(&bo, 0, sizeof(bo));
	bo.srcdir = srcdir;
	bo.outdir = st->outdir;
	bo.today = so->today;
	bo.drafts = 1;
	bo.preview = 1;
	bo.allow_shallow = 1;
	bo.skip_bad_commits = so->skip_bad_commits;
	/* Past versions come from git, not the edit: skipped for speed. */
	bo.no_past_versions = 1;
	bo.jobs = so->jobs;
	bo.cache = cache;
	status = build_run(&bo, &d, &rep);
	diag_print(&d, stderr);	/* sorts them */
	buf_printf(&html, "%zu error%s, %zu warning%s\n\n", d.nerrors,
	    d.nerrors == 1 ? "" : "s", d.nwarnings,
	    d.nwarnings == 1 ? "" : "s");
	/* Errors first: they are why the page is not shown. */
	for (level = DIAG_ERROR; level >= DIAG_WARNING; level--)
		for (i = 0; i < d.n; i++) {
			if ((int)d.v[i].level != level)
				continue;
			line = diag_format(&d.v[i]);
			html_escape(&html, line, strlen(line));
			buf_putc(&html, '\n');
			free(line);
		}
	if (status != 0 && d.nerrors == 0)
		BUF_PUTSL(&html, "folio: the site folder or its settings "
		    "could not be read; see the terminal running folio serve.\n");

	pagediags_make(&pages, &d, rep.srcdir, rep.pages.data);
	pthread_mutex_lock(&st->lock);
	st->build++;
	/* Errors only in documents: the rest of the site is shown. */
	st->failed = status != 0 && !rep.partial;
	if (status == 0 || rep.partial)
		st->have_site = 1;
	pagediags_free(&st->pages);
	st->pages = pages;
	buf_free(&st->diags);
	st->diags = html;
	if (rep.base_path != NULL) {
		free(st->base_path);
		st->base_path = rep.base_path;
		rep.base_path = NULL;
	}
	if (!so->quiet) {
		if (status == 0 && so->timings)
			for (i = 0; i < STAGE__MAX; i++)
				fprintf(stderr, "folio: timing: %-8s %8.3f s\n",
				    stage_names[i], rep.seconds[i]);
		if (status == 0)
			fprintf(stderr, "folio: build %lu: %zu documents in "
			    "%.0f ms (%zu warning%s)%s\n", st->build,
			    rep.ndocs, (now() - t0) * 1000, d.nwarnings,
			    d.nwarnings == 1 ? "" : "s", cache->reused ?
			    "; history kept" : "");
		else if (rep.partial)
			fprintf(stderr, "folio: build %lu: %zu error%s in "
			    "documents; the preview shows them on their pages\n",
			    st->build, d.nerrors, d.nerrors == 1 ? "" : "s");
		else
			fprintf(stderr, "folio: build %lu failed: %zu error%s; "
			    "the preview shows them\n", st->build, d.nerrors,
			    d.nerrors == 1 ? "" : "s");
	}
	pthread_mutex_unlock(&st->lock);
	resume_streams(st);	/* they tell their pages to reload */
	build_report_free(&rep);
	diag_free(&d);
}

/* Watching. */

#define WATCH_MASK	(IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | \
			 IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | \
			 IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

/* Editors' swap and backup files, and hidden files: no rebuild. */
static int
ignored_name(const char *name)
{
	size_t	 n = strlen(name);

	if (n == 0 || name[0] == '.' || name[n - 1] == '~' ||
	    strcmp(name, "4913") == 0 ||	/* vim's test write */
	    (name[0] == '#' && name[n - 1] == '#'))
		return 1;
	return n > 4 && (strcmp(name + n - 4, ".swp") == 0 ||
	    strcmp(name + n - 4, ".swx") == 0 ||
	    strcmp(name + n - 4, ".swo") == 0);
}

static void
watch_add(struct watcher *w, const char *path, int git)
{
	int	 wd;
	size_t	 i;

	if ((wd = inotify_add_watch(w->fd, path, WATCH_MASK)) == -1)
		return;		/* gone already, or not a folder */
	for (i = 0; i < w->n; i++)
		if (w->v[i].wd == wd) {
			free(w->v[i].path);
			w->v[i].path = xstrdup(path);
			w->v[i].git = git;
			return;
		}
	if (w->n == w->cap) {
		w->cap = w->cap != 0 ? w->cap * 2 : 64;
		w->v = xreallocarray(w->v, w->cap, sizeof(*w->v));
	}
	w->v[w->n].wd = wd;
	w->v[w->n].path = xstrdup(path);
	w->v[w->n].git = git;
	w->n++;
}

/* Watch "dir" and every folder below it but hidden ones. */
static void
watch_tree(struct watcher *w, const char *dir, int git, int depth)
{
	DIR		*dp;
	struct dirent	*de;
	struct stat	 sb;
	struct buf	 p = BUF_INIT;

	if (depth > 32)
		return;
	watch_add(w, dir, git);
	if ((dp = opendir(dir)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		buf_reset(&p);
		buf_printf(&p, "%s/%s", dir, de->d_name);
		if (lstat(p.data, &sb) == 0 && S_ISDIR(sb.st_mode))
			watch_tree(w, p.data, git, depth + 1);
	}
	closedir(dp);
	buf_free(&p);
}

static struct watch *
watch_find(struct watcher *w, int wd)
{
	size_t	 i;

	for (i = 0; i < w->n; i++)
		if (w->v[i].wd == wd)
			return &w->v[i];
	return NULL;
}

static void
watch_forget(struct watcher *w, int wd)
{
	size_t	 i;

	for (i = 0; i < w->n; i++)
		if (w->v[i].wd == wd) {
			free(w->v[i].path);
			w->v[i] = w->v[--w->n];
			return;
		}
}

/* The folder holding the folio executable (its themes/ are watched). */
static char *
exe_dir(void)
{
	char	 p[PATH_MAX];
	ssize_t	 n;
	char	*slash;

	if ((n = readlink("/proc/self/exe", p, sizeof(p) - 1)) <= 0)
		return NULL;
	p[n] = '\0';
	if ((slash = strrchr(p, '/')) == NULL)
		return NULL;
	*slash = '\0';
	return xstrdup(p[0] != '\0' ? p : "/");
}

/*
 * Watch the site folder, the themes folders a theme is looked up in, and
 * the git directory's HEAD, index and branch refs (a commit turns drafts
 * into versions).
 */
static void
watch_site(struct watcher *w, const char *srcdir)
{
	struct buf	 p = BUF_INIT, gd = BUF_INIT;
	char		*ed;

	watch_tree(w, srcdir, 0, 0);
	buf_printf(&p, "%s/../themes", srcdir);
	watch_tree(w, p.data, 0, 0);
	if ((ed = exe_dir()) != NULL) {
		buf_reset(&p);
		buf_printf(&p, "%s/themes", ed);
		watch_tree(w, p.data, 0, 0);
		free(ed);
	}
	if (history_git_dir(srcdir, &gd) == 0) {
		watch_add(w, gd.data, 1);
		buf_reset(&p);
		buf_printf(&p, "%srefs/heads", gd.data);
		watch_tree(w, p.data, 1, 0);
	}
	buf_free(&gd);
	buf_free(&p);
}

/*
 * Read the pending events.  Returns 1 if one of them should rebuild the
 * site, else 0.  New folders are watched as they appear.
 */
static int
watch_read(struct watcher *w)
{
	char				 ev[8192]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event	*e;
	struct watch			*wt;
	struct buf			 p = BUF_INIT;
	ssize_t				 n;
	char				*off;
	int				 changed = 0, git;

	for (;;) {
		n = read(w->fd, ev, sizeof(ev));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		for (off = ev; off < ev + n;
		    off += sizeof(*e) + e->len) {
			e = (const struct inotify_event *)(void *)off;
			if (e->mask & IN_Q_OVERFLOW) {
				changed = 1;
				continue;
			}
			if ((wt = watch_find(w, e->wd)) == NULL)
				continue;
			if (e->mask & IN_IGNORED) {
				watch_forget(w, e->wd);
				continue;
			}
			if (e->mask & (IN_DELETE_SELF | IN_MOVE_SELF)) {
				changed = 1;
				continue;
			}
			if (e->len == 0)
				continue;
			if (wt->git) {
				/* HEAD, index, packed-refs and branch refs. */
				if (strcmp(e->name, "HEAD") == 0 ||
				    strcmp(e->name, "index") == 0 ||
				    strcmp(e->name, "packed-refs") == 0 ||
				    (strstr(wt->path, "refs/heads") != NULL &&
				    !ignored_name(e->name) &&
				    strstr(e->name, ".lock") == NULL))
					changed = 1;
				git = 1;
			} else {
				if (ignored_name(e->name))
					continue;
				changed = 1;
				git = 0;
			}
			if ((e->mask & IN_ISDIR) &&
			    (e->mask & (IN_CREATE | IN_MOVED_TO))) {
				buf_reset(&p);
				buf_printf(&p, "%s/%s", wt->path, e->name);
				if (!git || strstr(wt->path, "refs/heads") !=
				    NULL)
					watch_tree(w, p.data, git, 0);
				/* wt may have moved: the array can grow. */
			}
		}
	}
	buf_free(&p);
	return changed;
}

static void
watcher_free(struct watcher *w)
{
	size_t	 i;

	for (i = 0; i < w->n; i++)
		free(w->v[i].path);
	free(w->v);
	if (w->fd != -1)
		close(w->fd);
}

/* The loop. */

/*
 * Wait for a change and let it settle; returns 1 to rebuild, 0 when a
 * signal asks to stop.
 */
static int
wait_change(struct watcher *w, struct state *st)
{
	struct pollfd	 pfd[2];
	double		 start = 0, last = 0, t;
	int		 dirty = 0, timeout, rc;

	for (;;) {
		pfd[0].fd = sigpipe[0];
		pfd[0].events = POLLIN;
		pfd[1].fd = w->fd;
		pfd[1].events = POLLIN;
		timeout = PING_SECONDS * 1000;
		if (dirty) {
			t = now();
			timeout = (int)((last + DEBOUNCE_MS / 1000.0 - t) *
			    1000) + 1;
			if (t - start > DEBOUNCE_MAX_MS / 1000.0 ||
			    timeout <= 0)
				return 1;
		}
		rc = poll(pfd, 2, timeout);
		if (rc == -1 && errno == EINTR)
			continue;
		if (rc == -1)
			return 0;
		if (pfd[0].revents & POLLIN)
			return 0;
		if (rc == 0 && dirty)
			return 1;
		if (rc == 0) {
			resume_streams(st);	/* time for a ping */
			continue;
		}
		if ((pfd[1].revents & POLLIN) && watch_read(w)) {
			last = now();
			if (!dirty)
				start = last;
			dirty = 1;
		}
	}
}

/* Whether real path "inner" is "outer" or below it. */
static int
path_within(const char *inner, const char *outer)
{
	size_t	 n = strlen(outer);

	return strncmp(inner, outer, n) == 0 &&
	    (inner[n] == '/' || inner[n] == '\0');
}

static struct MHD_Daemon *
start_daemon(struct state *st, const struct serve_opts *so,
    const char *addr, unsigned *port)
{
	struct sockaddr_in	 s4;
	struct sockaddr_in6	 s6;
	struct sockaddr		*sa;
	struct MHD_Daemon	*dm;
	const union MHD_DaemonInfo *info;
	unsigned int		 flags = MHD_USE_AUTO_INTERNAL_THREAD |
	    MHD_ALLOW_SUSPEND_RESUME;

	memset(&s4, 0, sizeof(s4));
	memset(&s6, 0, sizeof(s6));
	if (inet_pton(AF_INET, addr, &s4.sin_addr) == 1) {
		s4.sin_family = AF_INET;
		s4.sin_port = htons((uint16_t)so->port);
		sa = (struct sockaddr *)&s4;
	} else if (inet_pton(AF_INET6, addr, &s6.sin6_addr) == 1) {
		s6.sin6_family = AF_INET6;
		s6.sin6_port = htons((uint16_t)so->port);
		sa = (struct sockaddr *)&s6;
		flags |= MHD_USE_IPv6;
	} else
		return NULL;
	dm = MHD_start_daemon(flags, (uint16_t)so->port, NULL, NULL,
	    handle, st,
	    MHD_OPTION_SOCK_ADDR, sa,
	    MHD_OPTION_UNESCAPE_CALLBACK, no_unescape, NULL,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)SERVE_THREADS,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)SERVE_CONNECTIONS,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)SERVE_IDLE_SECONDS,
	    MHD_OPTION_END);
	if (dm == NULL)
		return NULL;
	*port = (unsigned)so->port;
	if ((info = MHD_get_daemon_info(dm, MHD_DAEMON_INFO_BIND_PORT)) !=
	    NULL && info->port != 0)
		*port = info->port;
	return dm;
}

/*
 * Whether "addr" can be listened on: a numeric address.  Warns when it
 * is not a loopback one.  Returns 0, or -1 after a message.
 */
static int
check_bind(const char *addr)
{
	struct in6_addr	 a6;

	if (serve_is_loopback(addr))
		return 0;
	if (inet_pton(AF_INET, addr, &a6) != 1 &&
	    inet_pton(AF_INET6, addr, &a6) != 1) {
		fprintf(stderr, "folio: --bind takes a numeric IPv4 or IPv6 "
		    "address, not '%s'\n", addr);
		return -1;
	}
	fprintf(stderr, "folio: warning: --bind %s: the preview, drafts "
	    "included, can be reached by other machines on the network, not "
	    "only this one\n", addr);
	return 0;
}

/*
 * Make the private folder the site is built into, under TMPDIR (never
 * inside the site folder "realsrc"), after sweeping up those of killed
 * previews: its path in "root", its real path in *realroot (caller
 * frees).  Returns 0, or -1 after a message with root left empty.
 */
static int
make_preview_dir(const char *realsrc, struct buf *root, char **realroot)
{
	const char	*tmp;
	char		*realtmp;

	if ((tmp = getenv("TMPDIR")) == NULL || tmp[0] == '\0')
		tmp = "/tmp";
	if ((realtmp = realpath(tmp, NULL)) != NULL &&
	    !path_within(realtmp, realsrc))
		tmpdirs_sweep(tmp, "folio-serve-", OUTPUT_MARKER, NULL, NULL);
	free(realtmp);
	buf_printf(root, "%s/folio-serve-XXXXXX", tmp);
	if (mkdtemp(root->data) == NULL) {
		fprintf(stderr, "folio: %s: cannot make a temporary folder: "
		    "%s\n", root->data, strerror(errno));
		buf_reset(root);
		return -1;
	}
	if ((*realroot = realpath(root->data, NULL)) == NULL ||
	    path_within(*realroot, realsrc)) {
		fprintf(stderr, "folio: the temporary folder %s is inside the "
		    "site folder; set TMPDIR to a folder outside it\n",
		    root->data);
		(void)rmdir(root->data);
		buf_reset(root);
		return -1;
	}
	return 0;
}

/*
 * Remove the preview folder "root" (if made) and its lock.  Returns 0,
 * or -1 after a message.
 */
static int
remove_preview_dir(struct buf *root, int lockfd)
{
	int	 rc = 0;

	if (root->len == 0)
		return 0;
	if (rmtree(root->data) == -1) {
		fprintf(stderr, "folio: %s: cannot remove: %s\n", root->data,
		    strerror(errno));
		rc = -1;
	}
	tmpdir_unlock(root->data, lockfd);
	return rc;
}

/*
 * SIGINT and SIGTERM to the self-pipe, SIGPIPE ignored.  Returns 0, or
 * -1 after a message.
 */
static int
catch_signals(void)
{
	struct sigaction	 sa;

	if (pipe(sigpipe) == -1 ||
	    fcntl(sigpipe[0], F_SETFD, FD_CLOEXEC) == -1 ||
	    fcntl(sigpipe[1], F_SETFD, FD_CLOEXEC) == -1 ||
	    fcntl(sigpipe[1], F_SETFL, O_NONBLOCK) == -1) {
		fprintf(stderr, "folio: pipe: %s\n", strerror(errno));
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGINT, &sa, NULL);
	(void)sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	(void)sigaction(SIGPIPE, &sa, NULL);
	return 0;
}

static void
close_sigpipe(void)
{
	int	 i;

	for (i = 0; i < 2; i++)
		if (sigpipe[i] != -1) {
			close(sigpipe[i]);
			sigpipe[i] = -1;
		}
}

/* Start watching the site folder and the themes.  Returns 0 or -1. */
static int
watcher_start(struct watcher *w, const char *srcdir)
{
	if ((w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) == -1) {
		fprintf(stderr, "folio: inotify: %s\n", strerror(errno));
		return -1;
	}
	watch_site(w, srcdir);
	return 0;
}

/*
 * Listen on "addr" and say where; with so->port 0, on the port the
 * system chose.  Returns the daemon, or NULL after a message.
 */
static struct MHD_Daemon *
listen_on(struct state *st, const struct serve_opts *so, const char *addr,
    const char *srcdir)
{
	struct MHD_Daemon	*dm;
	unsigned		 port;

	if ((dm = start_daemon(st, so, addr, &port)) == NULL) {
		fprintf(stderr, "folio: cannot listen on %s port %d (in use? "
		    "try -p with another port)\n", addr, so->port);
		return NULL;
	}
	pthread_mutex_lock(&st->lock);
	st->port = port;
	pthread_mutex_unlock(&st->lock);
	fprintf(stderr, "folio: serving %s at http://%s%s%s:%u%s "
	    "(Ctrl-C to stop)\n", srcdir, strchr(addr, ':') ? "[" : "",
	    addr, strchr(addr, ':') ? "]" : "", port, st->base_path);
	return dm;
}

static void
state_init(struct state *st, const char *addr)
{
	memset(st, 0, sizeof(*st));
	pthread_mutex_init(&st->lock, NULL);
	buf_init(&st->diags);
	st->base_path = xstrdup("/");
	st->bind = addr;
}

/* End the event streams (none parks again), then free the state. */
static void
state_end(struct state *st)
{
	pthread_mutex_lock(&st->lock);
	st->stopping = 1;
	pthread_mutex_unlock(&st->lock);
	resume_streams(st);
}

static void
state_free(struct state *st)
{
	pthread_mutex_destroy(&st->lock);
	buf_free(&st->diags);
	pagediags_free(&st->pages);
	free(st->base_path);
}

int
serve_run(const struct serve_opts *so)
{
	struct state		 st;
	struct build_cache	 cache;
	struct watcher		 w;
	struct MHD_Daemon	*dm = NULL;
	struct buf		 root = BUF_INIT, out = BUF_INIT;
	const char		*srcdir = so->srcdir, *addr;
	char			*realsrc = NULL, *realroot = NULL;
	int			 status = 2, lockfd = -1;

	memset(&cache, 0, sizeof(cache));
	memset(&w, 0, sizeof(w));
	w.fd = -1;
	addr = so->bind != NULL ? so->bind : "127.0.0.1";
	state_init(&st, addr);
	if (check_bind(addr) == -1)
		goto out;
	srcdir = config_folder(srcdir);
	if ((realsrc = realpath(srcdir, NULL)) == NULL) {
		fprintf(stderr, "folio: %s: not a site folder (give one with "
		    "-s)\n", srcdir);
		goto out;
	}
	if (make_preview_dir(realsrc, &root, &realroot) == -1)
		goto out;
	lockfd = tmpdir_lock(root.data);
	buf_printf(&out, "%s/site", realroot);
	st.outdir = out.data;
	/* Watch before the first build, so no edit falls in between. */
	if (catch_signals() == -1 || watcher_start(&w, srcdir) == -1)
		goto out;
	fprintf(stderr, "folio: preview files in %s\n", realroot);
	build_once(&st, so, srcdir, &cache);
	if ((dm = listen_on(&st, so, addr, srcdir)) == NULL)
		goto out;
	while (wait_change(&w, &st))
		build_once(&st, so, srcdir, &cache);
	status = 0;
	fprintf(stderr, "folio: stopping\n");
out:
	state_end(&st);
	if (dm != NULL)
		MHD_stop_daemon(dm);
	if (remove_preview_dir(&root, lockfd) == -1)
		status = 2;
	watcher_free(&w);
	build_cache_free(&cache);
	close_sigpipe();
	state_free(&st);
	free(realsrc);
	free(realroot);
	buf_free(&root);
	buf_free(&out);
	return status;
}
