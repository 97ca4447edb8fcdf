/*
 * serve.h: folio serve, the editors' preview.  The site is built with
 * drafts and due-soon notices into a private temporary folder and served
 * over HTTP (libmicrohttpd) on the loopback address; the site folder and
 * the theme are watched (inotify) and every change rebuilds the site,
 * after which the open page reloads itself (server-sent events).  A
 * failed build shows its diagnostics instead of the site.
 */
#ifndef SERVE_H
#define SERVE_H

struct	serve_opts {
	const char	*srcdir;	/* NULL: config_folder() chooses */
	const char	*today;		/* --today, or NULL */
	const char	*bind;		/* --bind address; NULL: 127.0.0.1 */
	int		 port;		/* 0: any free port; default 1313 */
	int		 jobs;		/* worker processes; 0: one per core */
	int		 quiet;		/* no line per build */
	int		 timings;	/* each build's stage times too */
	int		 skip_bad_commits; /* build_opts.skip_bad_commits */
};

/* The default preview port, as Hugo's. */
#define SERVE_PORT	1313

/*
 * Whether "addr" (a numeric IPv4 or IPv6 address) is a loopback address,
 * reachable from this machine only.
 */
int	 serve_is_loopback(const char *addr);

/*
 * Whether a request's Host header "host" (NULL if it sent none) names
 * this server, listening on "bind" (numeric) at "port": "localhost" or
 * a loopback address, the bind address itself, or (when bound to every
 * address) any numeric address, each with the port or none.  A name
 * other than localhost is refused, so a page on another site that
 * points its own name at 127.0.0.1 (DNS rebinding) cannot read the
 * preview, drafts included.
 */
int	 serve_host_allowed(const char *host, const char *bind,
	    unsigned port);

/*
 * Build, serve and rebuild until SIGINT or SIGTERM, then stop the
 * server and remove the temporary folder.  Returns the exit status: 0
 * after a clean stop (whatever the state of the last build), 2 if the
 * server could not start (no site folder, address in use, no temporary
 * folder).  Prints its own messages to standard error.  Call once, from
 * main, after md_init() and history_lib_init().
 */
int	 serve_run(const struct serve_opts *);

#endif /* !SERVE_H */
