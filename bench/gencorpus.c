/*
 * gencorpus: write a git fast-import stream holding a synthetic
 * partnership site in folio's content model, with a long history, for
 * benchmarking folio against Hugo.
 *
 *	gencorpus -n DOCS -c COMMITS [-s SEED] [-d SUBDIR] | git fast-import
 *
 * The first commit adds SUBDIR/site.yaml and about 60% of the documents
 * (all of them when COMMITS is 1); the other documents are added, in
 * number order within each folder, spread evenly over the later commits.
 * The remaining later commits each edit one to three documents (change
 * a sentence, add a list item, or update the review dates); about 1% of
 * commits also rename a document that was added after the first commit,
 * and about 2% of the editing commits carry a "Minor: yes" trailer.
 * Commit times run from January 2017 over about eight years, between
 * 08:00 and 18:00 UTC, strictly increasing, with Europe/London offsets
 * (+0000 or +0100); eight authors take turns at random.
 *
 * Links (related: and links in bodies) point only at documents of the
 * first commit.  Those are never renamed or deleted, so every link
 * resolves at every commit.
 *
 * The output is a pure function of the arguments: our own PRNG, no clock,
 * no locale, no environment.  Only libc is needed.
 */

#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* 2017-01-02 09:00 UTC, the first commit. */
#define HISTORY_START	1483347600LL
/* The history spans about eight years. */
#define HISTORY_SPAN	(2920LL * 86400)

/* Growable byte buffer: data is NUL-terminated at data[len] once used. */
struct	buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

/* xorshift64* state, seeded through splitmix64. */
struct	rng {
	uint64_t	 s;
};

enum	dtype {
	DT_PROCEDURE,
	DT_ARRANGEMENT,
	DT_MOU,
	DT_MINUTES,
	DT_ANNUAL_REPORT,
	DT__MAX
};

/* What the generator needs to know about each type of document. */
struct	dtinfo {
	const char	*dir;		/* folder under SUBDIR, and URL section */
	const char	*stem;		/* file name stem: procedure-00042.md */
	int		 permille;	/* share of the documents */
	int		 reviewed;	/* has owner/review_date, not date */
	const char	*applies;	/* "This procedure applies to" */
};

static const struct dtinfo dtinfo[DT__MAX] = {
	[DT_PROCEDURE] = { "procedures", "procedure", 700, 1,
	    "This procedure applies to" },
	[DT_ARRANGEMENT] = { "arrangements", "arrangement", 100, 1,
	    "These arrangements apply to" },
	[DT_MOU] = { "mou", "mou", 50, 1, "This memorandum applies to" },
	[DT_MINUTES] = { "minutes", "minutes", 100, 0,
	    "The meeting noted the arrangements for" },
	[DT_ANNUAL_REPORT] = { "annual-reports", "annual-report", 50, 0,
	    "This report covers the work of" },
};

/* One document: its front matter, in fields, and its body, as text. */
struct	doc {
	enum dtype	 type;
	unsigned	 num;		/* number within its type, from 1 */
	int		 initial;	/* added by the first commit */
	char		 name[48];	/* file name without .md: the id */
	char		 title[160];
	char		 topic[128];	/* lower-case phrase for subjects */
	char		 summary[320];
	char		 alias[96];	/* old URL after a rename, or "" */
	int		 owner;		/* index into owners[] */
	long		 approved;	/* dates: days since 1970-01-01 */
	long		 reviewed;
	long		 review_date;
	long		 date;		/* minutes and annual reports */
	int		 related[3];	/* indices into gen.docs */
	int		 nrelated;
	struct buf	 body;
};

/* The whole run: options, documents, scratch buffers. */
struct	gen {
	struct rng	 rng;
	unsigned long	 ndocs;
	unsigned long	 ncommits;
	const char	*prefix;	/* "content/" or "" */
	struct doc	*docs;
	int		*order;		/* doc indices in creation order */
	size_t		 ncreated;	/* docs that exist so far */
	int		*initial;	/* indices of first-commit docs */
	size_t		 ninitial;
	int		*cand;		/* rename candidates */
	size_t		 ncand;
	struct buf	 out;		/* the commit being written */
	struct buf	 file;		/* one serialised document */
	struct buf	 msg;		/* one commit message */
	struct buf	 tmp;		/* a generated sentence */
};

/* Edits a commit can make to a document. */
enum	edit {
	ED_SENTENCE,
	ED_LISTITEM,
	ED_REVIEW
};

/* Vocabulary. */

static const char *const authors[][2] = {
	{ "Helen Carter", "helen.carter@example.org" },
	{ "Rajesh Patel", "rajesh.patel@example.org" },
	{ "Siobhan O'Neill", "siobhan.oneill@example.org" },
	{ "David Hughes", "david.hughes@example.org" },
	{ "Amira Khan", "amira.khan@example.org" },
	{ "Gareth Williams", "gareth.williams@example.org" },
	{ "Fiona Murray", "fiona.murray@example.org" },
	{ "Tom Atkinson", "tom.atkinson@example.org" },
};

static const char *const owners[] = {
	"Tees Procedures Group",
	"HSSCP Executive",
	"Safeguarding Partnership Business Unit",
	"Hartlepool Children's Services",
	"Stockton-on-Tees Children's Services",
	"Cleveland Police Vulnerability Unit",
	"Tees Valley Clinical Commissioning Group",
	"Designated Nurse for Safeguarding Children",
	"Education Safeguarding Team",
	"Learning and Development Subgroup",
	"Quality Assurance and Performance Subgroup",
	"Child Death Overview Panel",
};

static const char *const topics[] = {
	"Strategy Discussion", "Neglect", "Child Sexual Exploitation",
	"Private Fostering", "Children Missing from Home and Care",
	"Bruising in Non-Mobile Babies", "Professional Challenge",
	"Information Sharing", "Allegations Against Staff",
	"Domestic Abuse", "Female Genital Mutilation", "Forced Marriage",
	"Honour-Based Abuse", "Online Safety", "Children Missing Education",
	"Young Carers", "Self-Harm and Suicidal Behaviour", "Radicalisation",
	"Modern Slavery", "Child Trafficking", "Elective Home Education",
	"Pre-Birth Assessment", "Safe Sleep", "Fabricated or Induced Illness",
	"Parental Mental Health", "Parental Substance Misuse",
	"Children in Custody", "Child Death Review", "Disabled Children",
	"Harmful Sexual Behaviour", "Criminal Exploitation", "County Lines",
	"Homeless 16 and 17 Year Olds", "Care Leavers",
	"Looked After Children", "Section 47 Enquiries",
	"Initial Child Protection Conferences", "Core Groups",
	"Early Help Assessment", "Thresholds of Need",
	"Unaccompanied Asylum Seeking Children", "Hidden Men",
	"Dog Bites and Dangerous Dogs", "Safeguarding in Sport",
	"Children Visiting Prisons", "Concealed Pregnancy",
	"Sudden Unexpected Death in Infancy", "Bullying",
};

static const char *const qualifiers[] = {
	"", "", "", "Multi-Agency ", "Joint ", "Tees ", "Hartlepool ",
	"Stockton-on-Tees ",
};

static const char *const suffixes[] = {
	"Procedure", "Procedure", "Procedure", "Guidance",
	"Practice Guidance", "Protocol", "Pathway",
};

static const char *const areas[] = {
	"Hartlepool and Stockton-on-Tees", "Hartlepool", "Stockton-on-Tees",
	"Tees Valley", "Middlesbrough", "Redcar and Cleveland",
	"Darlington",
};

static const char *const boards[] = {
	"Safer Stockton Partnership", "Hartlepool Safeguarding Board",
	"HSSCP Executive Group", "Tees Procedures Group",
	"Stockton-on-Tees Local Safeguarding Children Board",
	"Hartlepool Local Safeguarding Children Board",
	"Learning and Development Subgroup", "Child Exploitation Group",
};

static const char *const orgs[] = {
	"Cleveland Police", "Hartlepool Borough Council",
	"Stockton-on-Tees Borough Council", "North Tees and Hartlepool NHS "
	"Foundation Trust", "Tees, Esk and Wear Valleys NHS Foundation Trust",
	"Tees Valley Clinical Commissioning Group", "the National Probation "
	"Service", "Durham Tees Valley Community Rehabilitation Company",
	"Cleveland Fire Brigade", "the Youth Offending Service",
};

static const char *const months[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

static const char *const acronyms[][2] = {
	{ "MASH", "Multi-Agency Safeguarding Hub" },
	{ "MARAC", "Multi-Agency Risk Assessment Conference" },
	{ "LADO", "Local Authority Designated Officer" },
	{ "ICPC", "Initial Child Protection Conference" },
	{ "CSPR", "Child Safeguarding Practice Review" },
	{ "DSL", "Designated Safeguarding Lead" },
	{ "CAMHS", "Child and Adolescent Mental Health Services" },
	{ "YOS", "Youth Offending Service" },
	{ "MAPPA", "Multi-Agency Public Protection Arrangements" },
	{ "IRO", "Independent Reviewing Officer" },
	{ "CSE", "child sexual exploitation" },
	{ "VEMT", "Vulnerable, Exploited, Missing and Trafficked" },
};

static const char *const subjects[] = {
	"the social worker", "the DSL", "the designated safeguarding lead",
	"the police", "the chair", "health practitioners", "the LADO",
	"each agency", "the lead professional", "the MASH",
	"the MARAC coordinator", "the school nurse", "the YOS case manager",
	"CAMHS", "the referring practitioner", "the team manager",
	"the IRO", "the health visitor", "the GP", "the midwife",
	"the core group", "children's social care", "the duty manager",
	"every practitioner", "the named nurse", "the safeguarding partners",
};

static const char *const verbs[] = {
	"must record", "should share", "will review", "must consider",
	"should agree", "is responsible for", "must confirm", "must notify",
	"should escalate", "must ensure", "will coordinate", "should seek",
	"**must** record", "may request", "should take account of",
	"must not delay", "will explain", "must discuss", "should check",
	"is expected to update",
};

static const char *const objects[] = {
	"the outcome of the strategy discussion",
	"any concerns about the child's welfare",
	"the child protection plan", "relevant information",
	"the agreed actions", "the views and wishes of the child",
	"the referral", "the risk assessment", "the safety plan",
	"the chronology", "the decision and the reasons for it",
	"the parents' consent", "the timescale for the next review",
	"the history of previous referrals", "the child's lived experience",
	"the involvement of other agencies", "the MARAC referral",
	"the minutes of the ICPC", "the learning from the CSPR",
	"the contact details of the lead professional",
	"the needs of siblings and other children in the household",
	"the health assessment", "the LADO's advice",
};

static const char *const tails[] = {
	"within one working day", "without delay",
	"before the ICPC", "within 15 working days of the strategy discussion",
	"in line with local procedures", "where it is safe to do so",
	"as soon as practicable", "and record the decision on the child's file",
	"", "", "", "so that the child is safeguarded",
	"with the MASH", "at the next core group meeting",
	"with the DSL", "in writing", "with their line manager",
	"before the child is discharged", "within 24 hours",
	"and keep the family informed",
};

static const char *const openers[] = {
	"", "", "", "", "Where appropriate, ", "In all cases, ",
	"If there is a disagreement, ", "When a child is at immediate risk, ",
	"Following the meeting, ", "Before closing the case, ",
	"Where consent is refused, ", "Out of hours, ",
	"For a child who is looked after, ", "At the first opportunity, ",
	"Unless it would place the child at risk, ",
};

static const char *const scopes[] = {
	"all agencies working with children in the partnership area",
	"unborn babies and children up to their eighteenth birthday",
	"schools, colleges and early years settings",
	"voluntary and community sector organisations",
	"health providers, including GPs and dentists",
	"children who are placed in the area by other local authorities",
	"practitioners who work with adults who are parents",
};

static const char *const items[] = {
	"a referral to the MASH which indicates that a child may have been "
	"harmed",
	"new information about a child already subject to a child protection "
	"plan",
	"a disclosure by a child, or an injury to a non-mobile baby",
	"concerns about CSE or a child who is missing and at risk",
	"concerns about a person who works with children",
	"repeated attendance at an emergency department",
	"a high-risk domestic abuse incident heard at MARAC",
	"a child who is not brought to health appointments",
	"an unexplained absence from school of more than ten days",
	"a parent whose mental health is deteriorating",
	"information from the YOS about exploitation",
	"a request from CAMHS for a multi-agency meeting",
	"a pregnancy in a child under 16",
	"the names of everyone who took part",
	"the decision and its rationale",
	"who will tell the parents, and when",
	"any disagreement and how it was resolved",
	"the date of the next review",
	"whether a section 47 enquiry is needed",
	"the single point of contact in each agency",
	"a referral to the LADO within one working day",
	"a child living with a registered sex offender",
	"the outcome of any previous child protection plan",
};

static const char *const steps[] = {
	"Discuss the concern with the DSL or your line manager",
	"Make a referral to the MASH by telephone",
	"Confirm the referral in writing within 48 hours",
	"Agree who will speak to the child and the family",
	"Share the outcome with the referrer",
	"Record the decision and the reasons for it",
	"Escalate to a senior manager if the concern is not resolved",
	"Arrange the ICPC within 15 working days",
	"Invite the LADO where a member of staff is involved",
	"Review the plan at the next core group",
};

static const char *const headings[] = {
	"Purpose", "Scope", "Definitions", "Roles and responsibilities",
	"When to use this procedure", "Making a referral",
	"Information sharing", "Consent", "Strategy discussion",
	"Section 47 enquiries", "Initial child protection conference",
	"Review conferences", "Escalation", "Recording", "Timescales",
	"Children with disabilities", "Unborn babies", "Domestic abuse",
	"Neglect", "Child exploitation", "Allegations against staff",
	"Quality assurance", "Training", "Monitoring and review",
	"Legal framework", "Key contacts", "Thresholds", "Early help",
	"Step-down arrangements", "Multi-agency working",
	"The role of the DSL", "The role of the LADO", "Health assessments",
	"Resolving professional disagreements", "Learning from reviews",
	"Further information", "Out-of-hours arrangements",
	"Transfer in and transfer out", "The voice of the child",
	"Risk assessment", "Safety planning", "Closing the case",
};

static const char *const subheadings[] = {
	"Children's social care", "Police", "Health", "Schools and colleges",
	"Early years settings", "Voluntary sector", "Stage 1", "Stage 2",
	"Stage 3", "Practice guidance", "Recording decisions", "Exceptions",
	"Who attends", "What must be decided", "Contacting the family",
	"Where there is no agreement", "Children placed out of area",
	"Adult services", "Probation", "The role of the chair",
};

static const char *const minutes_headings[] = {
	"Attendance", "Apologies", "Declarations of interest",
	"Minutes of the previous meeting", "Matters arising",
	"Performance report", "Risk register", "Any other business",
	"Date of next meeting", "Action log", "Subgroup reports",
	"Budget monitoring",
};

static const char *const report_headings[] = {
	"Foreword by the Independent Chair", "Our priorities",
	"Safeguarding snapshot", "Learning from reviews",
	"Training and development", "Finances", "Partner contributions",
	"Scrutiny and challenge", "Priorities for next year",
};

static const char *const procedure_headings[] = {
	"Purpose", "Scope", "Definitions",
};

static const char *const arrangement_headings[] = {
	"Our partnership", "Leadership and accountability",
	"Independent scrutiny", "Relevant agencies", "Funding",
	"Geographical area", "Publication and review",
};

/* Tables: a header row, then rows that belong together. */
struct	table {
	const char	*row[8][3];	/* row[0] is the header */
};

static const struct table tables[] = {
	{ {
		{ "Agency", "Lead contact", "Timescale" },
		{ "Children's social care", "Team manager",
		    "Within 1 working day" },
		{ "Cleveland Police", "Detective sergeant", "Within 24 hours" },
		{ "Health", "Named nurse", "Before the ICPC" },
		{ "Schools", "DSL", "Same day" },
		{ "CAMHS", "Clinical lead", "Within 5 working days" },
		{ "YOS", "Case manager", "At the next review" },
		{ "Probation", "Offender manager", "Within 2 working days" },
	} },
	{ {
		{ "Stage", "Who", "By when" },
		{ "Referral", "Referring practitioner", "Same day" },
		{ "Strategy discussion", "MASH team manager",
		    "Within 1 working day" },
		{ "Section 47 enquiry", "Social worker", "Within 15 working days" },
		{ "ICPC", "Conference chair", "Within 15 working days" },
		{ "First core group", "Key worker", "Within 10 working days" },
		{ "Review conference", "Conference chair", "Within 3 months" },
		{ "Closure", "Team manager", "When the plan ends" },
	} },
	{ {
		{ "Concern", "Action", "Record in" },
		{ "Injury to a non-mobile baby", "Refer to the MASH",
		    "Child's file" },
		{ "Allegation about staff", "Contact the LADO", "LADO log" },
		{ "High-risk domestic abuse", "Refer to MARAC", "MARAC record" },
		{ "Missing episode", "Report to the police",
		    "Missing from home log" },
		{ "Risk of radicalisation", "Refer to Channel",
		    "Prevent record" },
		{ "Mental health crisis", "Contact CAMHS", "Health record" },
		{ "Disagreement", "Escalate to stage 2", "Escalation log" },
	} },
};

static const char *const sub_sentence[] = {
	"Update %s timescales", "Clarify %s escalation route",
	"Reword %s guidance on consent", "Correct wording in %s",
	"Tighten %s recording requirements",
	"Align %s with Working Together", "Amend %s after practice review",
	"Fix typo in %s", "Update %s contact arrangements",
	"Simplify %s threshold wording",
};

static const char *const sub_list[] = {
	"Add item to %s checklist", "Extend %s list of triggers",
	"Add missing step to %s", "List CAMHS in %s",
	"Add LADO referral to %s", "Add health visitor role to %s",
};

static const char *const sub_review[] = {
	"Annual review of %s", "Update %s review date", "Mark %s as reviewed",
	"Review %s: no material changes", "Extend %s review date",
};

static const char *const msg_bodies[] = {
	"Agreed at the Tees Procedures Group meeting.",
	"Requested by the Quality Assurance and Performance Subgroup.",
	"Follows learning from a local child safeguarding practice review.",
	"Brings the text in line with Working Together to Safeguard Children.",
	"Reported by a practitioner through the feedback form.",
};

/* Buffers. */

/* Make room for n more bytes and a NUL; out of memory exits 2. */
static void
buf_grow(struct buf *b, size_t n)
{
	size_t	 cap;
	char	*p;

	if (b->cap > b->len + n)
		return;
	cap = b->cap < 256 ? 256 : b->cap;
	while (cap <= b->len + n) {
		if (cap > SIZE_MAX / 2)
			errx(2, "buffer too large");
		cap *= 2;
	}
	if ((p = realloc(b->data, cap)) == NULL)
		err(2, "realloc");
	b->data = p;
	b->cap = cap;
}

/* Replace b[at, at + del) with s[0, n); at + del <= b->len. */
static void
buf_splice(struct buf *b, size_t at, size_t del, const char *s, size_t n)
{
	if (n > del)
		buf_grow(b, n - del);
	memmove(b->data + at + n, b->data + at + del, b->len - at - del + 1);
	memcpy(b->data + at, s, n);
	b->len = b->len - del + n;
}

/* Append s[0, n) and keep the buffer NUL-terminated. */
static void
buf_put(struct buf *b, const void *s, size_t n)
{
	buf_grow(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void
buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

static void
buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	buf_grow(b, 64);
	va_start(ap, fmt);
	n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		errx(2, "vsnprintf");
	if ((size_t)n >= b->cap - b->len) {
		buf_grow(b, (size_t)n);
		va_start(ap, fmt);
		(void)vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

static void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

static void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	if ((p = calloc(n, size)) == NULL)
		err(2, "calloc");
	return p;
}

/* Random numbers: splitmix64 for seeding, xorshift64* for the stream. */

static void
rng_seed(struct rng *r, uint64_t seed)
{
	uint64_t	 z;

	z = seed + 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	r->s = z != 0 ? z : 1;
}

static uint64_t
rng_next(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545f4914f6cdd1dULL;
}

/* A number in [0, n); n > 0.  The modulo bias is negligible here. */
static unsigned long
rnd(struct gen *g, unsigned long n)
{
	return (unsigned long)((rng_next(&g->rng) >> 11) % n);
}

#define PICK(g, a)	((a)[rnd((g), NELEM(a))])

/* Dates: days since 1970-01-01 in the proleptic Gregorian calendar. */

static long
days_from_civil(long y, int m, int d)
{
	long		 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(long z, long *y, int *m, int *d)
{
	long		 era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* The same day and month n years later; 29 February becomes the 28th. */
static long
add_years(long day, int n)
{
	long	 y;
	int	 m, d;

	civil_from_days(day, &y, &m, &d);
	if (m == 2 && d == 29)
		d = 28;
	return days_from_civil(y + n, m, d);
}

/* Write day as YYYY-MM-DD into s (at least 11 bytes). */
static void
fmt_date(char *s, size_t sz, long day)
{
	long	 y;
	int	 m, d;

	civil_from_days(day, &y, &m, &d);
	(void)snprintf(s, sz, "%04ld-%02d-%02d", y, m, d);
}

/* The last Sunday of month m of year y, as a day number. */
static long
last_sunday(long y, int m)
{
	long	 day;

	day = days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
	return day - (day + 4) % 7;	/* 1970-01-01 was a Thursday */
}

/* UTC offset in seconds for Europe/London at time t (BST rules). */
static long
london_offset(long long t)
{
	long	 y;
	int	 m, d;
	long long start, end;

	civil_from_days((long)(t / 86400), &y, &m, &d);
	start = last_sunday(y, 3) * 86400LL + 3600;
	end = last_sunday(y, 10) * 86400LL + 3600;
	return t >= start && t < end ? 3600 : 0;
}

/* Text. */

/* Upper-case the first letter of the text appended since from. */
static void
capitalise(struct buf *b, size_t from)
{
	size_t	 i;

	for (i = from; i < b->len; i++)
		if (b->data[i] != '*') {
			if (b->data[i] >= 'a' && b->data[i] <= 'z')
				b->data[i] -= 'a' - 'A';
			return;
		}
}

/*
 * Append one plain sentence for a document of the given type, ending with '.'
 * and no trailing space.
 */
static void
put_sentence(struct gen *g, struct buf *b, enum dtype type)
{
	size_t		 from = b->len;
	const char	*t;
	unsigned long	 a;

	switch (rnd(g, 10)) {
	case 0:
		buf_printf(b, "%s %s.", dtinfo[type].applies, PICK(g, scopes));
		return;
	case 1:
		a = rnd(g, NELEM(acronyms));
		buf_printf(b, "The %s (%s) %s %s.", acronyms[a][1],
		    acronyms[a][0], PICK(g, verbs), PICK(g, objects));
		return;
	case 2:
		buf_printf(b, "It is important that %s %s %s.", PICK(g, subjects),
		    PICK(g, verbs), PICK(g, objects));
		return;
	default:
		break;
	}
	t = PICK(g, tails);
	buf_printf(b, "%s%s %s %s%s%s.", PICK(g, openers), PICK(g, subjects),
	    PICK(g, verbs), PICK(g, objects), *t != '\0' ? " " : "", t);
	capitalise(b, from);
}

/* A first-commit document other than self, or NULL if there is none. */
static const struct doc *
pick_target(struct gen *g, const struct doc *self)
{
	const struct doc	*t;
	size_t			 i, k;

	if (g->ninitial == 0)
		return NULL;
	k = rnd(g, g->ninitial);
	for (i = 0; i < g->ninitial; i++) {
		t = &g->docs[g->initial[(k + i) % g->ninitial]];
		if (t != self)
			return t;
	}
	return NULL;
}

/*
 * Append a link to another first-commit document, in one of the forms
 * editors use: [text](doc:id), [text](../folder/id.md), or [text](id.md)
 * within a folder.  Returns 0, or -1 if there is no other document.
 */
static int
put_link(struct gen *g, struct buf *b, const struct doc *self)
{
	const struct doc	*t;

	if ((t = pick_target(g, self)) == NULL)
		return -1;
	switch (rnd(g, 6)) {
	case 0:
	case 1:
		buf_printf(b, "[%s](doc:%s)", t->title, t->name);
		break;
	case 2:
		if (rnd(g, 4) == 0)
			buf_printf(b, "[](doc:%s)", t->name);
		else
			buf_printf(b, "[%s](doc:%s)", t->title, t->name);
		break;
	case 3:
		if (t->type == self->type) {
			buf_printf(b, "[%s](%s.md)", t->title, t->name);
			break;
		}
		/* FALLTHROUGH */
	default:
		buf_printf(b, "[%s](../%s/%s.md)", t->title,
		    dtinfo[t->type].dir, t->name);
		break;
	}
	return 0;
}

/* Append a sentence holding a link; returns put_link's result. */
static int
put_link_sentence(struct gen *g, struct buf *b, const struct doc *self)
{
	size_t	 from = b->len;
	int	 rc;

	switch (rnd(g, 4)) {
	case 0:
		buf_puts(b, "For more detail, see ");
		rc = put_link(g, b, self);
		buf_puts(b, ".");
		break;
	case 1:
		buf_printf(b, "%s should follow ", PICK(g, subjects));
		rc = put_link(g, b, self);
		buf_puts(b, " where it applies.");
		capitalise(b, from);
		break;
	case 2:
		buf_puts(b, "Where the concern also falls under ");
		rc = put_link(g, b, self);
		buf_printf(b, ", %s %s %s.", PICK(g, subjects), PICK(g, verbs),
		    PICK(g, objects));
		break;
	default:
		buf_puts(b, "This should be read with ");
		rc = put_link(g, b, self);
		buf_puts(b, ".");
		break;
	}
	if (rc == -1) {
		b->len = from;
		b->data[from] = '\0';
	}
	return rc;
}

/* Append a paragraph of n sentences, placing links while *left > 0. */
static void
put_paragraph(struct gen *g, struct buf *b, const struct doc *d, int n,
    int *left)
{
	int	 i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_puts(b, " ");
		if (*left > 0 && rnd(g, 10) == 0 &&
		    put_link_sentence(g, b, d) == 0) {
			(*left)--;
			continue;
		}
		put_sentence(g, b, d->type);
	}
	buf_puts(b, "\n");
}

/* Append the text of one bulleted list item (no marker, no newline). */
static void
put_item(struct gen *g, struct buf *b)
{
	if (rnd(g, 3) == 0)
		buf_printf(b, "%s %s %s", PICK(g, subjects), PICK(g, verbs),
		    PICK(g, objects));
	else
		buf_puts(b, PICK(g, items));
}

static unsigned long
gcd(unsigned long a, unsigned long b)
{
	unsigned long	 t;

	while (b != 0) {
		t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/* Append item i of a list that starts at first and steps by step. */
static void
put_list_item(struct gen *g, struct buf *b, unsigned long first,
    unsigned long step, int i)
{
	if (rnd(g, 4) == 0)
		buf_printf(b, "%s %s %s", PICK(g, subjects), PICK(g, verbs),
		    PICK(g, objects));
	else
		buf_puts(b, items[(first + step * (unsigned long)i) %
		    NELEM(items)]);
}

static void
put_bullets(struct gen *g, struct buf *b, const struct doc *d, int *left)
{
	unsigned long	 first, step;
	int		 i, n;

	/* A step coprime to NELEM(items) keeps one list's items distinct. */
	n = 3 + (int)rnd(g, 4);
	first = rnd(g, NELEM(items));
	do
		step = 1 + rnd(g, NELEM(items) - 1);
	while (gcd(step, NELEM(items)) != 1);
	for (i = 0; i < n; i++) {
		buf_puts(b, "- ");
		if (*left > 0 && rnd(g, 8) == 0 &&
		    put_link(g, b, d) == 0)
			(*left)--;
		else
			put_list_item(g, b, first, step, i);
		buf_puts(b, i + 1 < n ? ";\n" : ".\n");
	}
}

static void
put_numbered(struct gen *g, struct buf *b)
{
	unsigned long	 first;
	int		 i, n;

	n = 3 + (int)rnd(g, 3);
	first = rnd(g, NELEM(steps));
	for (i = 0; i < n; i++)
		buf_printf(b, "%d. %s.\n", i + 1,
		    steps[(first + (unsigned long)i) % NELEM(steps)]);
}

static void
put_table(struct gen *g, struct buf *b)
{
	const struct table	*t;
	unsigned long		 first, step;
	int			 i, n;

	t = &PICK(g, tables);
	buf_printf(b, "| %s | %s | %s |\n| --- | --- | --- |\n",
	    t->row[0][0], t->row[0][1], t->row[0][2]);
	/* 7 rows: any step from 1 to 6 visits distinct rows. */
	n = 3 + (int)rnd(g, 3);
	first = rnd(g, 7);
	step = 1 + rnd(g, 6);
	for (i = 0; i < n; i++) {
		first = (first + step) % 7;
		buf_printf(b, "| %s | %s | %s |\n", t->row[1 + first][0],
		    t->row[1 + first][1], t->row[1 + first][2]);
	}
}

/* Headings already used in the document being generated. */
struct	used {
	const char	*h[96];
	size_t		 n;
};

/*
 * A heading not yet used in this document: from the type's own list
 * first (in order, as real documents of a kind share a skeleton), then
 * at random from the general list.  NULL if none is left.
 */
static const char *
pick_heading(struct gen *g, struct used *u, const char *const *own,
    size_t nown, const char *const *gen, size_t ngen)
{
	const char	*h;
	size_t		 i, j, k;

	for (i = 0; i < nown; i++) {
		for (j = 0; j < u->n; j++)
			if (strcmp(u->h[j], own[i]) == 0)
				break;
		if (j == u->n && u->n < NELEM(u->h) && rnd(g, 3) != 0)
			return u->h[u->n++] = own[i];
	}
	k = rnd(g, ngen);
	for (i = 0; i < ngen; i++) {
		h = gen[(k + i) % ngen];
		for (j = 0; j < u->n; j++)
			if (strcmp(u->h[j], h) == 0)
				break;
		if (j == u->n && u->n < NELEM(u->h))
			return u->h[u->n++] = h;
	}
	return NULL;
}

/*
 * Generate d's body, 4-6 KB: an introduction, ## sections with the odd
 * ### subsection, paragraphs, bulleted and numbered lists, one table and
 * 3-5 links to first-commit documents.
 */
static void
gen_body(struct gen *g, struct doc *d)
{
	struct buf		*b = &d->body;
	struct used		 u;
	const char *const	*own;
	const char		*h;
	size_t			 nown, target;
	int			 left, sec, tablesec, tabled = 0;

	switch (d->type) {
	case DT_MINUTES:
		own = minutes_headings;
		nown = NELEM(minutes_headings);
		break;
	case DT_ANNUAL_REPORT:
		own = report_headings;
		nown = NELEM(report_headings);
		break;
	case DT_ARRANGEMENT:
		own = arrangement_headings;
		nown = NELEM(arrangement_headings);
		break;
	default:
		own = procedure_headings;
		nown = NELEM(procedure_headings);
		break;
	}
	u.n = 0;
	buf_reset(b);
	target = 4000 + rnd(g, 1000);
	left = 3 + (int)rnd(g, 3);
	tablesec = 1 + (int)rnd(g, 3);
	put_paragraph(g, b, d, 2 + (int)rnd(g, 3), &left);
	for (sec = 0; b->len < target; sec++) {
		h = pick_heading(g, &u, own, nown, headings, NELEM(headings));
		if (h == NULL)
			break;
		buf_printf(b, "\n## %s\n\n", h);
		put_paragraph(g, b, d, 2 + (int)rnd(g, 4), &left);
		switch (rnd(g, 6)) {
		case 0:
		case 1:
			buf_puts(b, "\n");
			put_bullets(g, b, d, &left);
			break;
		case 2:
			buf_puts(b, "\n");
			put_numbered(g, b);
			break;
		case 3:
			if ((h = pick_heading(g, &u, NULL, 0, subheadings,
			    NELEM(subheadings))) == NULL)
				break;
			buf_printf(b, "\n### %s\n\n", h);
			put_paragraph(g, b, d, 2 + (int)rnd(g, 3), &left);
			if ((h = pick_heading(g, &u, NULL, 0, subheadings,
			    NELEM(subheadings))) == NULL)
				break;
			buf_printf(b, "\n### %s\n\n", h);
			put_paragraph(g, b, d, 1 + (int)rnd(g, 3), &left);
			break;
		default:
			buf_puts(b, "\n");
			put_paragraph(g, b, d, 1 + (int)rnd(g, 3), &left);
			break;
		}
		if (sec == tablesec) {
			buf_puts(b, "\n");
			put_table(g, b);
			tabled = 1;
		}
	}
	if (!tabled) {
		buf_puts(b, "\n");
		put_table(g, b);
	}
	if (left > 0 && g->ninitial > 1) {
		buf_puts(b, "\n## See also\n\n");
		for (; left > 0; left--) {
			buf_puts(b, "- ");
			(void)put_link(g, b, d);
			buf_puts(b, "\n");
		}
	}
}

/* Front matter. */

/* Lower-case each capital that starts a capitalised word. */
static void
lower_words(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z' && s[1] >= 'a' && s[1] <= 'z')
			*s += 'a' - 'A';
}

/* Fill d's title, topic, summary, owner and dates; day is today. */
static void
gen_meta(struct gen *g, struct doc *d, long day)
{
	const char	*t, *a, *o1, *o2;
	long		 y;
	int		 m, dd;

	d->owner = (int)rnd(g, NELEM(owners));
	d->approved = day - (long)rnd(g, 540);
	d->reviewed = d->approved + (long)rnd(g, (unsigned long)(day -
	    d->approved + 1));
	d->review_date = add_years(d->reviewed, 1 + (int)rnd(g, 3));
	switch (d->type) {
	case DT_PROCEDURE:
		t = PICK(g, topics);
		(void)snprintf(d->title, sizeof(d->title), "%s%s %s",
		    PICK(g, qualifiers), t, PICK(g, suffixes));
		(void)snprintf(d->topic, sizeof(d->topic), "%s", t);
		lower_words(d->topic);
		switch (rnd(g, 3)) {
		case 0:
			(void)snprintf(d->summary, sizeof(d->summary),
			    "When and how agencies act on concerns about %s, "
			    "including roles, timescales and escalation.",
			    d->topic);
			break;
		case 1:
			(void)snprintf(d->summary, sizeof(d->summary),
			    "Multi-agency procedure for %s: thresholds, "
			    "referral routes and recording.", d->topic);
			break;
		default:
			(void)snprintf(d->summary, sizeof(d->summary),
			    "What practitioners must do about %s, who leads, "
			    "and how disagreements are resolved.", d->topic);
			break;
		}
		break;
	case DT_ARRANGEMENT:
		a = PICK(g, areas);
		civil_from_days(day, &y, &m, &dd);
		(void)snprintf(d->title, sizeof(d->title),
		    "%s Published Safeguarding Arrangements %ld", a, y);
		(void)snprintf(d->topic, sizeof(d->topic),
		    "%s arrangements %ld", a, y);
		(void)snprintf(d->summary, sizeof(d->summary),
		    "How the %s safeguarding partners work together: "
		    "leadership, scrutiny, funding and relevant agencies.", a);
		break;
	case DT_MOU:
		o1 = PICK(g, orgs);
		do
			o2 = PICK(g, orgs);
		while (o2 == o1);
		(void)snprintf(d->title, sizeof(d->title),
		    "Memorandum of Understanding between %s and %s", o1, o2);
		(void)snprintf(d->topic, sizeof(d->topic), "MOU with %s", o2);
		(void)snprintf(d->summary, sizeof(d->summary),
		    "Agreement between %s and %s on information sharing, "
		    "responsibilities and review.", o1, o2);
		break;
	case DT_MINUTES:
		a = PICK(g, boards);
		d->date = day - 7 - (long)rnd(g, 50);
		civil_from_days(d->date, &y, &m, &dd);
		(void)snprintf(d->title, sizeof(d->title),
		    "%s minutes, %d %s %ld", a, dd, months[m - 1], y);
		(void)snprintf(d->topic, sizeof(d->topic),
		    "minutes of %d %s %ld", dd, months[m - 1], y);
		(void)snprintf(d->summary, sizeof(d->summary),
		    "Minutes of the %s meeting held on %d %s %ld, including "
		    "the performance report and the risk register.", a, dd,
		    months[m - 1], y);
		break;
	default:
		a = PICK(g, boards);
		civil_from_days(day, &y, &m, &dd);
		if (m < 10)
			y--;
		d->date = days_from_civil(y, 9, 30);
		(void)snprintf(d->title, sizeof(d->title),
		    "%s Annual Report %ld-%02ld", a, y - 1, y % 100);
		(void)snprintf(d->topic, sizeof(d->topic),
		    "annual report %ld-%02ld", y - 1, y % 100);
		(void)snprintf(d->summary, sizeof(d->summary),
		    "Annual report of the %s for %ld-%02ld, covering its "
		    "priorities, learning from reviews and performance.", a,
		    y - 1, y % 100);
		break;
	}
}

/* Pick 1-3 distinct related first-commit documents other than d. */
static void
gen_related(struct gen *g, struct doc *d)
{
	const struct doc	*t;
	int			 i, j, n, idx;

	d->nrelated = 0;
	n = 1 + (int)rnd(g, 3);
	for (i = 0; i < n * 4 && d->nrelated < n; i++) {
		if ((t = pick_target(g, d)) == NULL)
			return;
		idx = (int)(t - g->docs);
		for (j = 0; j < d->nrelated; j++)
			if (d->related[j] == idx)
				break;
		if (j == d->nrelated)
			d->related[d->nrelated++] = idx;
	}
}

/* Append s as a YAML scalar, double-quoted if a plain one would not do. */
static void
put_yaml_scalar(struct buf *b, const char *s)
{
	const char	*p;

	if (strstr(s, ": ") == NULL && strstr(s, " #") == NULL &&
	    strchr("-?:,[]{}#&*!|>'\"%@`", s[0]) == NULL) {
		buf_puts(b, s);
		return;
	}
	buf_puts(b, "\"");
	for (p = s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_put(b, "\\", 1);
		buf_put(b, p, 1);
	}
	buf_puts(b, "\"");
}

/* Serialise d (front matter and body) into g->file. */
static void
put_doc(struct gen *g, const struct doc *d)
{
	struct buf	*b = &g->file;
	char		 s[3][16];
	int		 i;

	buf_reset(b);
	buf_puts(b, "---\ntitle: ");
	put_yaml_scalar(b, d->title);
	buf_puts(b, "\nsummary: ");
	put_yaml_scalar(b, d->summary);
	buf_printf(b, "\nowner: %s\n", owners[d->owner]);
	if (dtinfo[d->type].reviewed) {
		fmt_date(s[0], sizeof(s[0]), d->approved);
		fmt_date(s[1], sizeof(s[1]), d->reviewed);
		fmt_date(s[2], sizeof(s[2]), d->review_date);
		buf_printf(b, "approved: %s\nlast_reviewed: %s\n"
		    "review_date: %s\nstatus: current\n", s[0], s[1], s[2]);
	} else {
		fmt_date(s[0], sizeof(s[0]), d->date);
		buf_printf(b, "date: %s\n", s[0]);
	}
	if (d->nrelated > 0) {
		buf_puts(b, "related: [");
		for (i = 0; i < d->nrelated; i++)
			buf_printf(b, "%s%s", i > 0 ? ", " : "",
			    g->docs[d->related[i]].name);
		buf_puts(b, "]\n");
	}
	if (d->alias[0] != '\0')
		buf_printf(b, "aliases: [%s]\n", d->alias);
	buf_puts(b, "---\n\n");
	buf_put(b, d->body.data, d->body.len);
}

/* Append an inline "M" file command for d to the commit being written. */
static void
emit_doc(struct gen *g, const struct doc *d)
{
	put_doc(g, d);
	buf_printf(&g->out, "M 100644 inline %s%s/%s.md\ndata %zu\n",
	    g->prefix, dtinfo[d->type].dir, d->name, g->file.len);
	buf_put(&g->out, g->file.data, g->file.len);
	buf_puts(&g->out, "\n");
}

/* Edits. */

/* Start and end of the line holding offset i. */
static void
line_at(const struct buf *b, size_t i, size_t *start, size_t *end)
{
	const char	*nl;

	*start = i;
	while (*start > 0 && b->data[*start - 1] != '\n')
		(*start)--;
	nl = memchr(b->data + i, '\n', b->len - i);
	*end = nl != NULL ? (size_t)(nl - b->data) : b->len;
}

/*
 * Find a line, starting the search at a random offset and wrapping, for
 * which want(first character) holds.  Returns 0 and the line's bounds,
 * or -1 if there is none.
 */
static int
find_line(struct gen *g, const struct buf *b, int (*want)(const char *),
    size_t *start, size_t *end)
{
	size_t	 from, i, limit, s, e;
	int	 pass;

	if (b->len == 0)
		return -1;
	line_at(b, rnd(g, b->len), &from, &e);
	for (pass = 0; pass < 2; pass++) {
		i = pass == 0 ? from : 0;
		limit = pass == 0 ? b->len : from;
		while (i < limit) {
			line_at(b, i, &s, &e);
			if (e > s && want(b->data + s)) {
				*start = s;
				*end = e;
				return 0;
			}
			i = e + 1;
		}
	}
	return -1;
}

static int
is_paragraph(const char *s)
{
	return *s >= 'A' && *s <= 'Z';
}

static int
is_bullet(const char *s)
{
	return s[0] == '-' && s[1] == ' ';
}

/* Replace one sentence (one without a link) of a paragraph in d. */
static void
edit_sentence(struct gen *g, struct doc *d)
{
	struct buf	*b = &d->body;
	size_t		 ls, le, s, e, n, k, i;
	size_t		 bound[65];
	const char	*p;

	buf_reset(&g->tmp);
	put_sentence(g, &g->tmp, d->type);
	if (find_line(g, b, is_paragraph, &ls, &le) == -1) {
		buf_puts(&g->tmp, "\n");
		buf_splice(b, b->len, 0, "\n", 1);
		buf_splice(b, b->len, 0, g->tmp.data, g->tmp.len);
		return;
	}
	/* Sentences are [bound[i], bound[i + 1] - 1) with ". " between. */
	n = 0;
	bound[n++] = ls;
	for (p = b->data + ls; p < b->data + le - 1 && n < NELEM(bound) - 1;
	    p++)
		if (p[0] == '.' && p[1] == ' ')
			bound[n++] = (size_t)(p - b->data) + 2;
	bound[n] = le + 1;
	k = rnd(g, n);
	for (i = 0; i < n; i++) {
		s = bound[(k + i) % n];
		e = bound[(k + i) % n + 1] - 1;
		if (memchr(b->data + s, '[', e - s) == NULL) {
			buf_splice(b, s, e - s, g->tmp.data, g->tmp.len);
			return;
		}
	}
	/* Every sentence has a link: add one at the end instead. */
	buf_splice(b, le, 0, " ", 1);
	buf_splice(b, le + 1, 0, g->tmp.data, g->tmp.len);
}

/* Insert a new bulleted item after one of d's bullets. */
static void
edit_listitem(struct gen *g, struct doc *d)
{
	struct buf	*b = &d->body;
	size_t		 ls, le;

	buf_reset(&g->tmp);
	buf_puts(&g->tmp, "\n- ");
	put_item(g, &g->tmp);
	buf_puts(&g->tmp, ";");
	if (find_line(g, b, is_bullet, &ls, &le) == -1) {
		edit_sentence(g, d);
		return;
	}
	buf_splice(b, le, 0, g->tmp.data, g->tmp.len);
}

/* Make edit e to d on day; a review edit falls back for undated types. */
static void
apply_edit(struct gen *g, struct doc *d, enum edit e, long day)
{
	switch (e) {
	case ED_REVIEW:
		if (dtinfo[d->type].reviewed) {
			d->reviewed = day;
			if (rnd(g, 2) == 0)
				d->approved = day;
			d->review_date = add_years(day, 1 + (int)rnd(g, 3));
			break;
		}
		/* FALLTHROUGH */
	case ED_SENTENCE:
		edit_sentence(g, d);
		break;
	case ED_LISTITEM:
		edit_listitem(g, d);
		break;
	}
}

/* Commits. */

/*
 * Append a commit header (author, committer, message from g->msg) for
 * time t to g->out.  The message gets a "Minor: yes" trailer if minor.
 */
static void
emit_header(struct gen *g, long long t, int minor)
{
	unsigned long	 a;
	const char	*tz;

	if (minor)
		buf_puts(&g->msg, "\nMinor: yes\n");
	a = rnd(g, NELEM(authors));
	tz = london_offset(t) != 0 ? "+0100" : "+0000";
	buf_printf(&g->out, "commit refs/heads/main\n"
	    "author %s <%s> %lld %s\ncommitter %s <%s> %lld %s\n"
	    "data %zu\n%s\n", authors[a][0], authors[a][1], t, tz,
	    authors[a][0], authors[a][1], t, tz, g->msg.len, g->msg.data);
}

/* Write out the commit assembled in g->out and reset it. */
static void
flush_out(struct gen *g)
{
	if (fwrite(g->out.data, 1, g->out.len, stdout) != g->out.len)
		err(2, "write");
	buf_reset(&g->out);
}

/* The day (Europe/London) of time t. */
static long
local_day(long long t)
{
	return (long)((t + london_offset(t)) / 86400);
}

/*
 * Create every document's identity, decide which ones the first commit
 * adds, and the order in which the others are added later.
 */
static void
plan_docs(struct gen *g)
{
	unsigned long	 count[DT__MAX], init[DT__MAX], rest, i, j, k, n;
	unsigned long	 next[DT__MAX];
	int		 t, tmp;
	struct doc	*d;
	size_t		 nlater;
	int		*later;

	rest = g->ndocs;
	for (t = DT__MAX - 1; t >= 0; t--) {
		count[t] = t == DT_PROCEDURE ? rest :
		    g->ndocs * (unsigned long)dtinfo[t].permille / 1000;
		rest -= count[t];
		init[t] = g->ncommits == 1 ? count[t] :
		    (count[t] * 6 + 9) / 10;
	}
	g->docs = xcalloc(g->ndocs, sizeof(*g->docs));
	g->order = xcalloc(g->ndocs, sizeof(*g->order));
	g->initial = xcalloc(g->ndocs, sizeof(*g->initial));
	g->cand = xcalloc(g->ndocs, sizeof(*g->cand));
	later = xcalloc(g->ndocs, sizeof(*later));
	nlater = 0;
	for (k = 0, t = 0; t < DT__MAX; t++)
		for (i = 0; i < count[t]; i++, k++) {
			d = &g->docs[k];
			d->type = (enum dtype)t;
			d->num = (unsigned)i + 1;
			(void)snprintf(d->name, sizeof(d->name), "%s-%05u",
			    dtinfo[t].stem, d->num);
			if (i < init[t]) {
				d->initial = 1;
				g->initial[g->ninitial++] = (int)k;
				g->order[g->ncreated++] = (int)k;
			} else
				later[nlater++] = (int)k;
		}

	/*
	 * Shuffle the later documents, then put each folder's back in
	 * number order within the slots it drew, so numbers grow with time.
	 */
	for (i = nlater; i > 1; i--) {
		j = rnd(g, i);
		tmp = later[i - 1];
		later[i - 1] = later[j];
		later[j] = tmp;
	}
	for (t = 0; t < DT__MAX; t++)
		next[t] = init[t];
	for (i = 0; i < nlater; i++) {
		t = (int)g->docs[later[i]].type;
		for (k = 0, n = 0; n < (unsigned long)t; n++)
			k += count[n];
		later[i] = (int)(k + next[t]++);
	}
	/* order[ncreated..] is the creation order of the later ones. */
	memcpy(g->order + g->ncreated, later, nlater * sizeof(*later));
	free(later);
}

/* The first commit: site.yaml and the initial documents. */
static void
first_commit(struct gen *g, long long t)
{
	static const char site[] = "title: Benchmark Partnership\n"
	    "base_url: https://bench.example.org/\n";
	size_t		 i;
	long		 day = local_day(t);

	/* Titles first: bodies link to documents by title. */
	for (i = 0; i < g->ninitial; i++)
		gen_meta(g, &g->docs[g->initial[i]], day);
	for (i = 0; i < g->ninitial; i++) {
		gen_related(g, &g->docs[g->initial[i]]);
		gen_body(g, &g->docs[g->initial[i]]);
	}
	buf_reset(&g->msg);
	buf_puts(&g->msg, "Import partnership procedures\n\n"
	    "The published arrangements, procedures, memoranda, minutes and\n"
	    "annual reports, moved from the old document library.\n");
	emit_header(g, t, 0);
	buf_printf(&g->out, "M 100644 inline %ssite.yaml\ndata %zu\n%s\n",
	    g->prefix, sizeof(site) - 1, site);
	for (i = 0; i < g->ninitial; i++) {
		emit_doc(g, &g->docs[g->initial[i]]);
		if (g->out.len > (1 << 20))
			flush_out(g);
	}
	buf_puts(&g->out, "\n");
	flush_out(g);
}

/* A commit adding documents order[from, to). */
static void
add_commit(struct gen *g, long long t, size_t from, size_t to)
{
	struct doc	*d;
	size_t		 i;
	long		 day = local_day(t);

	for (i = from; i < to; i++) {
		d = &g->docs[g->order[i]];
		gen_meta(g, d, day);
		gen_related(g, d);
		gen_body(g, d);
		g->cand[g->ncand++] = g->order[i];
	}
	g->ncreated = to;
	buf_reset(&g->msg);
	if (to - from == 1)
		buf_printf(&g->msg, "%s %s\n", rnd(g, 3) == 0 ? "Publish" :
		    "Add", g->docs[g->order[from]].title);
	else
		buf_printf(&g->msg, "Add %zu documents\n", to - from);
	emit_header(g, t, 0);
	for (i = from; i < to; i++)
		emit_doc(g, &g->docs[g->order[i]]);
	buf_puts(&g->out, "\n");
	flush_out(g);
}

/* A commit editing 1-3 documents, perhaps renaming one of them too. */
static void
edit_commit(struct gen *g, long long t)
{
	struct doc	*d[4], *r = NULL;
	enum edit	 e;
	unsigned long	 x;
	size_t		 j, k, n;
	long		 day = local_day(t);
	char		 old[sizeof(d[0]->name)];
	const char	*fmt;

	n = 1 + rnd(g, 3);
	for (k = 0, j = 0; j < n; j++) {
		d[k] = &g->docs[g->order[rnd(g, g->ncreated)]];
		if (k == 0 || (d[k] != d[0] && (k < 2 || d[k] != d[1])))
			k++;
	}
	n = k;
	x = rnd(g, 4);
	e = x < 2 ? ED_SENTENCE : x == 2 ? ED_LISTITEM : ED_REVIEW;
	if (rnd(g, 100) == 0 && g->ncand > 0) {
		x = rnd(g, g->ncand);
		r = &g->docs[g->cand[x]];
		g->cand[x] = g->cand[--g->ncand];
		for (j = 0; j < n; j++)
			if (d[j] == r)
				break;
		if (j == n)
			d[n++] = r;
	}
	for (j = 0; j < n; j++)
		apply_edit(g, d[j], j == 0 ? e : (enum edit)rnd(g, 3), day);

	buf_reset(&g->msg);
	if (r != NULL) {
		(void)snprintf(old, sizeof(old), "%s", r->name);
		(void)snprintf(r->name, sizeof(r->name), "%.32s-revised",
		    old);
		(void)snprintf(r->alias, sizeof(r->alias), "/%s/%s/",
		    dtinfo[r->type].dir, old);
		buf_printf(&g->msg, "Rename %s to %s\n", old, r->name);
	} else {
		fmt = e == ED_SENTENCE ? PICK(g, sub_sentence) :
		    e == ED_LISTITEM ? PICK(g, sub_list) : PICK(g, sub_review);
		if (e == ED_REVIEW && !dtinfo[d[0]->type].reviewed)
			fmt = PICK(g, sub_sentence);
		buf_printf(&g->msg, fmt, d[0]->topic);
		buf_puts(&g->msg, "\n");
	}
	if (rnd(g, 5) == 0)
		buf_printf(&g->msg, "\n%s\n", PICK(g, msg_bodies));
	if (n > 1)
		buf_printf(&g->msg, "\nAlso updates %zu related document%s.\n",
		    n - 1, n > 2 ? "s" : "");
	emit_header(g, t, rnd(g, 50) == 0);
	if (r != NULL)
		buf_printf(&g->out, "R \"%s%s/%s.md\" \"%s%s/%s.md\"\n",
		    g->prefix, dtinfo[r->type].dir, old, g->prefix,
		    dtinfo[r->type].dir, r->name);
	for (j = 0; j < n; j++)
		emit_doc(g, d[j]);
	buf_puts(&g->out, "\n");
	flush_out(g);
}

/* Free everything g holds. */
static void
gen_free(struct gen *g)
{
	unsigned long	 i;

	for (i = 0; i < g->ndocs; i++)
		free(g->docs[i].body.data);
	free(g->docs);
	free(g->order);
	free(g->initial);
	free(g->cand);
	free(g->out.data);
	free(g->file.data);
	free(g->msg.data);
	free(g->tmp.data);
}

static void
usage(void)
{
	fprintf(stderr, "usage: gencorpus -n DOCS -c COMMITS [-s SEED] "
	    "[-d SUBDIR]\n");
	exit(2);
}

/* Parse a decimal number in [min, max] or exit with a usage error. */
static unsigned long long
number(const char *s, const char *what, unsigned long long min,
    unsigned long long max)
{
	unsigned long long	 v;
	char			*end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 ||
	    v < min || v > max)
		errx(2, "%s: must be a number from %llu to %llu: %s", what,
		    min, max, s);
	return v;
}

int
main(int argc, char *argv[])
{
	struct gen	 g;
	struct buf	 prefix = { NULL, 0, 0 };
	const char	*subdir = "content", *p;
	unsigned long long seed = 1;
	long long	 t, step, raw, day, next;
	size_t		 added, addto, nlater;
	unsigned long	 c;
	int		 ch, haven = 0, havec = 0;

	memset(&g, 0, sizeof(g));
	while ((ch = getopt(argc, argv, "n:c:s:d:")) != -1)
		switch (ch) {
		case 'n':
			g.ndocs = (unsigned long)number(optarg, "-n", 1,
			    10000000);
			haven = 1;
			break;
		case 'c':
			g.ncommits = (unsigned long)number(optarg, "-c", 1,
			    100000000);
			havec = 1;
			break;
		case 's':
			seed = number(optarg, "-s", 0, UINT64_MAX);
			break;
		case 'd':
			subdir = optarg;
			break;
		default:
			usage();
		}
	if (!haven || !havec || optind != argc)
		usage();
	for (p = subdir; *p != '\0'; p++)
		if (strchr("abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/", *p) == NULL)
			errx(2, "-d: only letters, digits and ._-/: %s",
			    subdir);
	if (subdir[0] == '/' || strstr(subdir, "..") != NULL)
		errx(2, "-d: must be a relative path inside the repository");
	while (strncmp(subdir, "./", 2) == 0)
		subdir += 2;
	buf_puts(&prefix, "");
	if (subdir[0] != '\0' && strcmp(subdir, ".") != 0) {
		buf_puts(&prefix, subdir);
		if (prefix.data[prefix.len - 1] != '/')
			buf_puts(&prefix, "/");
	}
	g.prefix = prefix.data;

	rng_seed(&g.rng, seed);
	plan_docs(&g);
	nlater = g.ndocs - g.ncreated;

	if (setvbuf(stdout, NULL, _IOFBF, 1 << 20) != 0)
		errx(2, "setvbuf");
	buf_puts(&g.out, "feature done\n");
	step = HISTORY_SPAN / (long long)g.ncommits;
	if (step < 2)
		step = 2;
	t = HISTORY_START;
	first_commit(&g, t);
	added = 0;
	for (c = 1; c < g.ncommits; c++) {
		/*
		 * Jittered, about eight years in all, squeezed into
		 * 08:00-18:00 UTC of each day, and strictly increasing.
		 */
		raw = (long long)c * step +
		    (long long)rnd(&g, (unsigned long)(step / 2));
		day = raw / 86400;
		next = HISTORY_START - 3600 + day * 86400 +
		    (raw - day * 86400) * 10 / 24;
		t = next > t ? next : t + 1;
		/* Later documents go to commits spread evenly over 1..C-1. */
		addto = (size_t)((unsigned long long)nlater * c /
		    (g.ncommits - 1));
		if (addto > added) {
			add_commit(&g, t, g.ncreated, g.ncreated +
			    (addto - added));
			added = addto;
		} else
			edit_commit(&g, t);
	}
	if (fputs("done\n", stdout) == EOF || fflush(stdout) == EOF ||
	    ferror(stdout))
		err(2, "write");
	gen_free(&g);
	free(prefix.data);
	return 0;
}
