/*
 * statutory.h: published arrangements and yearly reports as the
 * statutory guidance (Working Together to Safeguard Children) frames
 * them.
 *
 * Coverage.  Published arrangements (type arrangement, status current)
 * must cover the lead safeguarding partners, their delegates, the area,
 * independent scrutiny, the relevant agencies and the yearly report.
 * Each is covered by a front matter field that gives it, or by a heading
 * (any level) holding one of its aliases as whole words, in any case:
 * "scrutiny" is covered by "## Independent Scrutiny", "relevant agencies"
 * by "## Appendix A Relevant Agencies".  site.yaml arrangements.covers
 * replaces the defaults (listed in docs/reviews.md); an empty list turns
 * the check off.
 *
 * Cadence.  The newest annual report (not a draft) is the one whose
 * reporting year ends last: its 'period' ("2018-19": April to March;
 * "2018": a calendar year) or else its date, taken as the end of the
 * period it reports on.  When today is after that end plus
 * arrangements.yearly_report_months (12 unless set), the next yearly
 * report is overdue: a warning on the newest report.
 */
#ifndef STATUTORY_H
#define STATUTORY_H

#include <stddef.h>

struct	diag;
struct	site;

/*
 * Check every current arrangement's coverage and the yearly report's
 * cadence, as warnings in d; "cfgpath" is site.yaml's, for errors in
 * arrangements.covers (a field that no document can have).
 */
void	statutory_check(struct diag *d, const struct site *,
	    const char *cfgpath);

#endif /* !STATUTORY_H */
