/*
 * config.h: reading site.yaml into struct config.
 */
#ifndef CONFIG_H
#define CONFIG_H

struct	config;
struct	diag;

/*
 * Read and validate "path" (site.yaml) into cfg, filling defaults.
 * Returns 0, or -1 after recording diagnostics (cfg still safe to free).
 */
int	 config_load(struct diag *, const char *path, struct config *cfg);
void	 config_free(struct config *);

#endif /* !CONFIG_H */
