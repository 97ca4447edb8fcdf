/*
 * matcher.c: multi-pattern matching with an Aho-Corasick automaton.
 *
 * The trie is built over normalised, case-folded bytes, whatever each
 * pattern's fold_case: a text position reaches a node when the text
 * equals the node's string ignoring ASCII case.  Exact patterns are then
 * checked byte by byte against the unfolded text; that happens only at
 * whole-word candidates, so it costs almost nothing, and it keeps the
 * scan to one automaton and one pass.
 *
 * Matches must start at a word boundary, and the automaton knows it: a
 * match may only begin after a byte that is not an ASCII word character
 * (a superset of the real rule, which is checked on each candidate).  So
 * failure links only lead to suffixes that begin after such a byte, and
 * there are two root states: ROOT_START, where a pattern may begin, and
 * ROOT_WORD, inside a word, where none may.  Most of a text is read in
 * ROOT_WORD, which the scan skips through in a tight loop.
 *
 * The automaton is a DFA: one row per state, one column per byte class
 * (each distinct folded byte used in a pattern, plus "any other ASCII
 * word byte" and "any other byte"), so a step is one table look-up.
 * Memory is 4 * classes bytes per trie node, linear in the total pattern
 * length: 500 names in English take about a megabyte.  Entries are
 * row offsets, with OUT_BIT set when the target state ends a pattern,
 * itself or through its suffixes.
 *
 * Leftmost-longest selection is streamed: every whole-word candidate is
 * recorded in a ring buffer indexed by its start (in normalised
 * characters), keeping the longest per start.  A start cannot receive
 * new candidates once the scan is maxlen characters past it, so it is
 * then final, and reported if it begins at or after the end of the last
 * reported hit.  The ring also remembers, for the last maxlen normalised
 * characters, their byte offset in the original text and their unfolded
 * value.
 */
#include <err.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "matcher.h"
#include "util.h"

#define NONE		UINT32_MAX
#define OUT_BIT		0x80000000U	/* in delta[]: target ends a pattern */
#define ROOT_START	0		/* state: a match may begin here */
#define ROOT_WORD	1		/* state: inside a word, none may */
#define FIRST_NODE	2		/* first trie node below the roots */
#define CLASS_OTHER	0		/* byte class: in no pattern, non-word */
#define CLASS_WORD	1		/* byte class: in no pattern, ASCII word */
#define RING_STACK	128		/* ring slots kept on the stack */

struct	pat {
	size_t		 off;	/* normalised bytes at pool.data + off */
	uint32_t	 len;	/* normalised length; 0: never matches */
	uint32_t	 next;	/* next pattern ending at the same node */
	int		 id;	/* the caller's id */
	int		 fold;	/* non-zero: ASCII case-insensitive */
};

/* A state; the two roots have depth 0 and no patterns. */
struct	node {
	uint32_t	 out;	/* nearest node ending a pattern on the
				   suffix chain, itself included; or NONE */
	uint32_t	 dict;	/* the same for its failure state: the next
				   node to report after this one; or NONE */
	uint32_t	 pat;	/* first-added pattern ending here, or NONE */
	uint32_t	 depth;	/* length of the node's string */
};

struct	matcher {
	struct buf	 pool;	/* normalised pattern bytes, unfolded */
	struct pat	*pats;	/* in the order added */
	size_t		 npat;
	size_t		 patsz;	/* allocated entries in pats */
	struct node	*nodes;	/* one per state; NULL until built */
	uint32_t	 nnode;
	uint32_t	*delta;	/* nnode rows of nclass entries */
	uint32_t	 nclass;
	unsigned char	 cls[256];	/* class of each byte, case folded */
	uint32_t	 maxlen;	/* longest normalised pattern */
	size_t		 total;	/* sum of normalised pattern lengths */
	int		 built;
};

/* Sort key for building the trie. */
struct	key {
	const unsigned char	*s;
	uint32_t		 len;
	uint32_t		 idx;	/* index into pats */
};

/* One normalised text character, and the best candidate starting there. */
struct	slot {
	size_t		 orig;	/* its first byte in the original text */
	size_t		 end;	/* byte after the best candidate */
	uint32_t	 len;	/* best candidate's length, 0 if none */
	uint32_t	 pat;	/* best candidate's pattern */
	unsigned char	 ch;	/* the normalised, unfolded character */
};

/* The state of one matcher_scan(). */
struct	match_scan {
	const struct matcher	*m;
	const unsigned char	*t;	/* the text */
	size_t			 len;
	struct slot		*ring;
	size_t			 mask;	/* ring size - 1 */
	size_t			 next;	/* first start that may be reported */
	size_t			 pend;	/* ring slots holding a candidate */
	int			(*cb)(void *, const struct matcher_hit *);
	void			*arg;
};

static inline unsigned char
fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + ('a' - 'A')) : c;
}

static inline int
is_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* An ASCII word character: where a match may not begin after. */
static inline int
is_aword(unsigned char c)
{
	return c == '_' || (c >= '0' && c <= '9') ||
	    (fold(c) >= 'a' && fold(c) <= 'z');
}

/* A word character, for the whole-word rule. */
static inline int
is_word(unsigned char c)
{
	return c >= 0x80 || is_aword(c);
}

/* Does s[i..len) begin with U+2019 (E2 80 99)? */
static inline int
is_rsquo(const unsigned char *s, size_t len, size_t i)
{
	return len - i >= 3 && s[i] == 0xe2 && s[i + 1] == 0x80 &&
	    s[i + 2] == 0x99;
}

/*
 * Read the normalised character at s[*i] (i < len), advance *i past the
 * bytes it stands for and return it: ' ' for a run of whitespace, '\''
 * for U+2019, else the byte itself.
 */
static inline unsigned char
norm_next(const unsigned char *s, size_t len, size_t *i)
{
	unsigned char	 c = s[*i];

	if (is_space(c)) {
		while (++*i < len && is_space(s[*i]))
			continue;
		return ' ';
	}
	if (c == 0xe2 && is_rsquo(s, len, *i)) {
		*i += 3;
		return '\'';
	}
	++*i;
	return c;
}

/*
 * Is s[i..len) a character that counts as punctuation although its bytes
 * are >= 0x80: U+00A0 NO-BREAK SPACE (C2 A0) or one of U+2000 to U+206F,
 * General Punctuation (E2 80 80 to E2 81 AF: Unicode spaces, dashes,
 * curly quotes, ellipsis)?  Returns its length in bytes, or 0.
 */
static inline size_t
punct_len(const unsigned char *s, size_t len, size_t i)
{
	if (len - i >= 2 && s[i] == 0xc2 && s[i + 1] == 0xa0)
		return 2;
	if (len - i >= 3 && s[i] == 0xe2 &&
	    ((s[i + 1] == 0x80 && s[i + 2] >= 0x80 && s[i + 2] <= 0xbf) ||
	    (s[i + 1] == 0x81 && s[i + 2] >= 0x80 && s[i + 2] <= 0xaf)))
		return 3;
	return 0;
}

/* Is the match ending before s[end] followed by a word character? */
static inline int
word_after(const unsigned char *s, size_t len, size_t end)
{
	return end < len && is_word(s[end]) && punct_len(s, len, end) == 0;
}

/* Is the match starting at s[start] preceded by a word character? */
static inline int
word_before(const unsigned char *s, size_t len, size_t start)
{
	if (start == 0 || !is_word(s[start - 1]))
		return 0;
	if (s[start - 1] < 0x80)
		return 1;
	return !((start >= 2 && punct_len(s, len, start - 2) == 2) ||
	    (start >= 3 && punct_len(s, len, start - 3) == 3));
}

struct matcher *
matcher_new(void)
{
	struct matcher	*m;

	m = xcalloc(1, sizeof(*m));
	buf_init(&m->pool);
	return m;
}

void
matcher_add(struct matcher *m, const char *p, int fold_case, int id)
{
	const unsigned char	*s = (const unsigned char *)p;
	struct pat		*pt;
	size_t			 i, n, off;
	unsigned char		 c;

	if (m->built)
		abort();	/* a caller bug, not a data error */
	if (m->npat == m->patsz) {
		m->patsz = m->patsz != 0 ? m->patsz * 2 : 64;
		m->pats = xreallocarray(m->pats, m->patsz, sizeof(*m->pats));
	}
	off = m->pool.len;
	n = strlen(p);
	for (i = 0; i < n; ) {
		c = norm_next(s, n, &i);
		if (c == ' ' && m->pool.len == off)
			continue;	/* leading whitespace */
		buf_putc(&m->pool, c);
	}
	if (m->pool.len > off && m->pool.data[m->pool.len - 1] == ' ')
		buf_truncate(&m->pool, m->pool.len - 1);
	n = m->pool.len - off;
	/* State and pattern numbers are 32-bit, NONE excluded. */
	if (n > (size_t)NONE - FIRST_NODE - 1 - m->total ||
	    m->npat >= NONE - 1)
		errx(2, "matcher: too many or too long patterns");
	pt = &m->pats[m->npat++];
	pt->off = off;
	pt->len = (uint32_t)n;
	pt->next = NONE;
	pt->id = id;
	pt->fold = fold_case != 0;
	m->total += n;
	if (pt->len > m->maxlen)
		m->maxlen = pt->len;
}

/* Order by folded bytes, then shorter first, then order added. */
static int
key_cmp(const void *a, const void *b)
{
	const struct key	*x = a, *y = b;
	uint32_t		 i, n;

	n = x->len < y->len ? x->len : y->len;
	for (i = 0; i < n; i++)
		if (fold(x->s[i]) != fold(y->s[i]))
			return fold(x->s[i]) < fold(y->s[i]) ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/*
 * Insert the patterns into the trie in sorted order, so that nodes
 * sharing a prefix with the previous pattern are simply reused.  The
 * trie's root is ROOT_START and its other nodes are numbered from
 * FIRST_NODE.  Fills parent[], lab[] (the folded byte leading to the
 * node) and each node's depth and patterns; returns the number of states.
 */
static uint32_t
trie_insert(struct matcher *m, uint32_t *parent, unsigned char *lab)
{
	struct key	*keys;
	uint32_t	*path, nnode = FIRST_NODE, lcp, d, term;
	size_t		 i, nkey = 0;

	keys = xreallocarray(NULL, m->npat, sizeof(*keys));
	for (i = 0; i < m->npat; i++) {
		if (m->pats[i].len == 0)
			continue;
		keys[nkey].s = (unsigned char *)m->pool.data + m->pats[i].off;
		keys[nkey].len = m->pats[i].len;
		keys[nkey].idx = (uint32_t)i;
		nkey++;
	}
	qsort(keys, nkey, sizeof(*keys), key_cmp);

	/* path[d]: the node at depth d on the previous pattern's path. */
	path = xreallocarray(NULL, (size_t)m->maxlen + 1, sizeof(*path));
	path[0] = ROOT_START;
	for (i = 0; i < nkey; i++) {
		lcp = 0;
		if (i > 0)
			while (lcp < keys[i].len && lcp < keys[i - 1].len &&
			    fold(keys[i].s[lcp]) == fold(keys[i - 1].s[lcp]))
				lcp++;
		for (d = lcp; d < keys[i].len; d++) {
			parent[nnode] = path[d];
			lab[nnode] = fold(keys[i].s[d]);
			m->nodes[nnode].depth = d + 1;
			path[d + 1] = nnode++;
		}
		term = path[keys[i].len];
		/* Equal strings sort together, in the order added. */
		if (m->nodes[term].pat == NONE)
			m->nodes[term].pat = keys[i].idx;
		else
			m->pats[keys[i - 1].idx].next = keys[i].idx;
	}
	free(path);
	free(keys);
	return nnode;
}

/*
 * Give each folded byte used in a pattern a class of its own; upper-case
 * letters share their lower case's.  Every other byte is CLASS_WORD or
 * CLASS_OTHER.  Sets word[c] for each class c: is it an ASCII word byte?
 */
static void
make_classes(struct matcher *m, const unsigned char *lab, unsigned char *word)
{
	uint32_t	 v;
	unsigned	 c;

	memset(m->cls, CLASS_OTHER, sizeof(m->cls));
	m->nclass = CLASS_WORD + 1;
	word[CLASS_OTHER] = 0;
	word[CLASS_WORD] = 1;
	/* Labels are folded: at most 256 - 26 of them, so classes fit. */
	for (v = FIRST_NODE; v < m->nnode; v++)
		if (m->cls[lab[v]] == CLASS_OTHER) {
			word[m->nclass] = (unsigned char)is_aword(lab[v]);
			m->cls[lab[v]] = (unsigned char)m->nclass++;
		}
	for (c = 0; c < 256; c++) {
		if (c >= 'A' && c <= 'Z')
			m->cls[c] = m->cls[fold((unsigned char)c)];
		if (m->cls[c] == CLASS_OTHER && is_aword((unsigned char)c))
			m->cls[c] = CLASS_WORD;
	}
}

/* The child of node u on folded byte a, or NONE: kids are sorted. */
static uint32_t
child(const uint32_t *first, const uint32_t *kids, const unsigned char *lab,
    uint32_t u, unsigned char a)
{
	uint32_t	 lo = first[u], hi = first[u + 1], mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (lab[kids[mid]] < a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < first[u + 1] && lab[kids[lo]] == a ? kids[lo] : NONE;
}

/*
 * Build the DFA.  The failure state of node v, reached from u on byte a,
 * is the longest proper suffix of v's string that is a node and follows
 * no ASCII word character, found by the usual walk down u's failure
 * chain; where the chain ends at a root, the root is chosen by a.  Then,
 * breadth first, each row is a copy of its failure state's row with the
 * node's own children written over it, so every entry is written in its
 * final form (row offset and OUT_BIT) at once.
 */
static void
make_dfa(struct matcher *m, const uint32_t *parent, const unsigned char *lab,
    const unsigned char *word)
{
	uint32_t	*first, *kids, *fail, *queue, *row;
	uint32_t	 head = 0, tail = 0, k, u, v, f, x = NONE, nc = m->nclass;
	unsigned char	 a;

	/* Each node's children, contiguous: kids[first[u]..first[u + 1]). */
	first = xcalloc((size_t)m->nnode + 1, sizeof(*first));
	kids = xreallocarray(NULL, m->nnode, sizeof(*kids));
	for (v = FIRST_NODE; v < m->nnode; v++)
		first[parent[v] + 1]++;
	for (u = 0; u < m->nnode; u++)
		first[u + 1] += first[u];
	/* Nodes were created in label order, so each slice is sorted. */
	for (v = FIRST_NODE; v < m->nnode; v++)
		kids[first[parent[v]]++] = v;
	/* Filling advanced first[u] to first[u + 1]: shift back. */
	memmove(first + 1, first, (size_t)m->nnode * sizeof(*first));
	first[0] = 0;

	/* Failure states, breadth first. */
	fail = xreallocarray(NULL, m->nnode, sizeof(*fail));
	queue = xreallocarray(NULL, m->nnode, sizeof(*queue));
	fail[ROOT_START] = fail[ROOT_WORD] = ROOT_START;
	for (k = first[ROOT_START]; k < first[ROOT_START + 1]; k++) {
		v = kids[k];
		fail[v] = word[m->cls[lab[v]]] ? ROOT_WORD : ROOT_START;
		queue[tail++] = v;
	}
	while (head < tail) {
		u = queue[head++];
		for (k = first[u]; k < first[u + 1]; k++) {
			v = kids[k];
			a = lab[v];
			for (f = fail[u]; f >= FIRST_NODE; f = fail[f])
				if ((x = child(first, kids, lab, f, a)) != NONE)
					break;
			if (f < FIRST_NODE && (f == ROOT_WORD || (x = child(first,
			    kids, lab, ROOT_START, a)) == NONE))
				x = word[m->cls[a]] ? ROOT_WORD : ROOT_START;
			fail[v] = x;
			queue[tail++] = v;
		}
	}

	/* A failure state is shallower, so comes first. */
	m->nodes[ROOT_START].out = m->nodes[ROOT_WORD].out = NONE;
	m->nodes[ROOT_START].dict = m->nodes[ROOT_WORD].dict = NONE;
	for (k = 0; k < tail; k++) {
		v = queue[k];
		m->nodes[v].dict = m->nodes[fail[v]].out;
		m->nodes[v].out = m->nodes[v].pat != NONE ? v :
		    m->nodes[v].dict;
	}

	/* Rows, in the same order, so each failure row is complete. */
	row = m->delta + (size_t)ROOT_WORD * nc;
	for (x = 0; x < nc; x++)
		row[x] = (word[x] ? ROOT_WORD : ROOT_START) * nc;
	memcpy(m->delta + (size_t)ROOT_START * nc, row, nc * sizeof(*row));
	for (k = 0; k <= tail; k++) {
		u = k == 0 ? ROOT_START : queue[k - 1];
		row = m->delta + (size_t)u * nc;
		if (u != ROOT_START)
			memcpy(row, m->delta + (size_t)fail[u] * nc,
			    nc * sizeof(*row));
		for (x = first[u]; x < first[u + 1]; x++) {
			v = kids[x];
			row[m->cls[lab[v]]] = v * nc |
			    (m->nodes[v].out != NONE ? OUT_BIT : 0);
		}
	}
	free(first);
	free(kids);
	free(fail);
	free(queue);
}

void
matcher_build(struct matcher *m)
{
	uint32_t	*parent, v, nn;
	unsigned char	*lab, word[256];

	if (m->built)
		abort();	/* a caller bug, not a data error */
	m->built = 1;
	nn = (uint32_t)m->total + FIRST_NODE;	/* a bound; checked in add */
	m->nodes = xreallocarray(NULL, nn, sizeof(*m->nodes));
	for (v = 0; v < nn; v++) {
		m->nodes[v].pat = NONE;
		m->nodes[v].depth = 0;
	}
	parent = xreallocarray(NULL, nn, sizeof(*parent));
	lab = xmalloc(nn);
	m->nnode = trie_insert(m, parent, lab);
	m->nodes = xreallocarray(m->nodes, m->nnode, sizeof(*m->nodes));
	make_classes(m, lab, word);
	/* Row offsets must stay below OUT_BIT. */
	if (m->nnode > (OUT_BIT - 1) / m->nclass)
		errx(2, "matcher: too many patterns");
	m->delta = xreallocarray(NULL, (size_t)m->nnode * m->nclass,
	    sizeof(*m->delta));
	make_dfa(m, parent, lab, word);
	free(parent);
	free(lab);
}

/* Does pattern "p" equal the unfolded text from ring position s on? */
static int
verify(const struct match_scan *sc, size_t s, const unsigned char *p,
    uint32_t len)
{
	uint32_t	 j;

	for (j = 0; j < len; j++)
		if (sc->ring[(s + j) & sc->mask].ch != p[j])
			return 0;
	return 1;
}

/*
 * Record the whole-word candidates that end with normalised character
 * "p", just before text byte "end", in automaton state "state".
 */
static void
candidates(struct match_scan *sc, uint32_t state, size_t p, size_t end)
{
	const struct matcher	*m = sc->m;
	const struct node	*o;
	const struct pat	*pt;
	struct slot		*sl;
	uint32_t		 k, q;
	size_t			 s;

	if (word_after(sc->t, sc->len, end))
		return;
	for (k = m->nodes[state].out; k != NONE; k = o->dict) {
		o = &m->nodes[k];
		s = p + 1 - o->depth;
		sl = &sc->ring[s & sc->mask];
		/* A start gets longer candidates as the scan goes on. */
		if (s < sc->next || o->depth <= sl->len ||
		    word_before(sc->t, sc->len, sl->orig))
			continue;
		for (q = o->pat; q != NONE; q = pt->next) {
			pt = &m->pats[q];
			if (pt->fold || verify(sc, s,
			    (const unsigned char *)m->pool.data + pt->off,
			    pt->len)) {
				if (sl->len == 0)
					sc->pend++;
				sl->len = o->depth;
				sl->pat = q;
				sl->end = end;
				break;
			}
		}
	}
}

/*
 * Start "s" is final: report its best candidate, if any, unless it
 * overlaps the last hit.  Returns the callback's non-zero value to stop
 * the scan, else 0.
 */
static int
settle(struct match_scan *sc, size_t s)
{
	struct slot		*sl = &sc->ring[s & sc->mask];
	struct matcher_hit	 hit;

	if (sl->len == 0)
		return 0;
	sc->pend--;
	if (s < sc->next) {
		sl->len = 0;
		return 0;
	}
	sc->next = s + sl->len;
	sl->len = 0;
	hit.start = sl->orig;
	hit.len = sl->end - sl->orig;
	hit.id = sc->m->pats[sl->pat].id;
	return sc->cb(sc->arg, &hit);
}

void
matcher_scan(const struct matcher *m, const char *text, size_t len,
    int (*cb)(void *, const struct matcher_hit *), void *arg)
{
	struct match_scan	 sc;
	struct slot		 stack[RING_STACK];
	const unsigned char	*t = (const unsigned char *)text;
	size_t			 i, p, s, ringsz, maxlen;
	uint32_t		 st, in_word;
	unsigned char		 c;

	if (!m->built)
		abort();	/* a caller bug, not a data error */
	maxlen = m->maxlen;
	if (maxlen == 0 || len == 0)
		return;
	for (ringsz = 1; ringsz < maxlen; ringsz *= 2)
		continue;
	sc.m = m;
	sc.t = t;
	sc.len = len;
	if (ringsz <= RING_STACK) {
		sc.ring = stack;
		memset(stack, 0, ringsz * sizeof(*stack));
	} else
		sc.ring = xcalloc(ringsz, sizeof(*sc.ring));
	sc.mask = ringsz - 1;
	sc.next = 0;
	sc.pend = 0;
	sc.cb = cb;
	sc.arg = arg;

	/* States are row offsets, as in delta[]. */
	st = ROOT_START * m->nclass;
	in_word = ROOT_WORD * m->nclass;
	for (i = p = 0; i < len; p++) {
		if (st == in_word && sc.pend == 0) {
			/*
			 * No match can start before this word ends, and
			 * none is pending: skip it.  Skipped characters need
			 * no trace in the ring.
			 */
			while (i < len && is_aword(t[i])) {
				i++;
				p++;
			}
			if (i == len)
				break;
		}
		sc.ring[p & sc.mask].orig = i;
		c = norm_next(t, len, &i);
		sc.ring[p & sc.mask].ch = c;
		st = m->delta[st + m->cls[c]];
		if (st & OUT_BIT) {
			st &= ~OUT_BIT;
			candidates(&sc, st / m->nclass, p, i);
		}
		/* Starts before p + 1 - maxlen can get no more candidates. */
		if (sc.pend != 0 && p + 1 >= maxlen &&
		    settle(&sc, p + 1 - maxlen) != 0)
			goto out;
	}
	for (s = p >= maxlen ? p + 1 - maxlen : 0; sc.pend != 0 && s < p; s++)
		if (settle(&sc, s) != 0)
			goto out;
out:
	if (sc.ring != stack)
		free(sc.ring);
}

void
matcher_free(struct matcher *m)
{
	if (m == NULL)
		return;
	buf_free(&m->pool);
	free(m->pats);
	free(m->nodes);
	free(m->delta);
	free(m);
}
