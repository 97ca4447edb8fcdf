/*
 * ciformat.h: diagnostics in the forms that CI hosts read, so that a
 * problem appears on the line of the pull or merge request it is about.
 *
 *  - GitHub Actions workflow commands, one a line:
 *	::error file=PATH,line=N,col=N,title=folio::MESSAGE
 *    ("::warning ..." for a warning; line and col left out when unknown,
 *    file too for a diagnostic about no one file).  In the message, % CR
 *    and LF are written %25 %0D %0A; in the properties also : and , as
 *    %3A and %2C.
 *  - GitLab code quality: one JSON array of objects
 *	{"description":"...","check_name":"folio-error","fingerprint":"HEX",
 *	 "severity":"major","location":{"path":"...","lines":{"begin":N}}}
 *    severity "major" for an error, "minor" for a warning; begin is 1
 *    when the line is unknown; the fingerprint (16 hex digits) depends
 *    only on the level, path, line and message.
 *
 * A path starting with "./" is written without it.  A diagnostic about
 * no one file is placed at "nofile" (the site.yaml path the caller
 * gives).  Both sort the diagnostics first (diag_sort).
 */
#ifndef CIFORMAT_H
#define CIFORMAT_H

struct	buf;
struct	diag;

void	 ci_github(struct buf *, struct diag *);
void	 ci_gitlab(struct buf *, struct diag *, const char *nofile);

#endif /* !CIFORMAT_H */
