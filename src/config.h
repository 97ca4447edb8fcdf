/*
 * config.h: reading site.yaml into struct config.
 */
#ifndef CONFIG_H
#define CONFIG_H

struct	config;
struct	diag;

/*
 * Read and validate "path" (site.yaml) into cfg, filling defaults.
 * Returns 0, or -1 after recording diagnostics (cfg still safe to free
 * with config_free(), site.h).
 */
int	 config_load(struct diag *, const char *path, struct config *cfg);

/*
 * The site folder: "given" if not NULL, else "." when the current folder
 * holds site.yaml, else "content".  The one place that rule lives, for
 * build, check, serve and new.  Never NULL; not to be freed.
 */
const char	*config_folder(const char *given);

#endif /* !CONFIG_H */
