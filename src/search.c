/*
 * search.c: the serverless search index (see search.h; the file formats
 * are in docs/search.md).
 *
 * search_add() turns a document into postings at once: each term has a
 * growing array of (document, tf << 1 | in_title), and since all of a
 * document's words arrive together, its frequency is counted in the
 * term's last posting; no per-document table is needed.  search_write()
 * numbers the documents in relpath order (whatever order they came in),
 * sorts the terms by shard key, cuts them into shards of at most
 * SEARCH_SHARD_MAX bytes along key prefixes, and writes the shards, the
 * document chunks and meta.json.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "blobid.h"
#include "buf.h"
#include "date.h"
#include "diag.h"
#include "escape.h"
#include "hash.h"
#include "history.h"
#include "markdown.h"
#include "output.h"
#include "pack.h"
#include "review.h"
#include "search.h"
#include "site.h"
#include "utf8.h"
#include "util.h"

/* Bytes of document chunks a query may fetch for its top results. */
#define DOCS_BUDGET	(64 * 1024)
/* A site whose documents' entries fit in this gets a single chunk. */
#define DOCS_ONE_CHUNK	(64 * 1024)
/* Frequencies saturate here (the value keeps a flag bit). */
#define TF_MAX		0x7fffffffU

/* Digits of one-character-per-document strings in meta.json (0..63). */
static const char	 digit64[] = "0123456789"
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/*
 * Words that say nothing about a document (stop_set below).  The same
 * list is in search.js.
 */
static const char *const stop_words[] = {
	"a", "an", "and", "are", "as", "at", "be", "been", "being", "but",
	"by", "can", "could", "did", "do", "does", "for", "from", "had",
	"has", "have", "he", "her", "him", "his", "how", "i", "if", "in",
	"into", "is", "it", "its", "me", "my", "no", "not", "of", "on", "or",
	"our", "she", "so", "than", "that", "the", "their", "them", "then",
	"there", "these", "they", "this", "those", "to", "us", "was", "we",
	"were", "what", "when", "where", "which", "who", "whom", "why",
	"will", "with", "would", "you", "your"
};

#define STOP_MAX	5	/* the longest stop word */

/*
 * The stop words as a set: each word's bytes packed into an integer
 * (first byte lowest), in an open-addressed table made once.  A lookup
 * is a multiply and a compare or two, where bsearch(3) made seven
 * string comparisons for each short word of every document.
 */
#define STOP_SLOTS	256	/* a power of two, over 3x the words */

static uint64_t		 stop_set[STOP_SLOTS];	/* 0 is empty */
static pthread_once_t	 stop_once = PTHREAD_ONCE_INIT;

static uint64_t
stop_pack(const char *w, size_t n)
{
	uint64_t	 k = 0;
	size_t		 i;

	for (i = 0; i < n; i++)
		k |= (uint64_t)(unsigned char)w[i] << (8 * i);
	return k;
}

static size_t
stop_slot(uint64_t k)
{
	return (size_t)((k * 0x9e3779b97f4a7c15ULL) >> 56) & (STOP_SLOTS - 1);
}

static void
stop_set_make(void)
{
	size_t	 i, j;
	uint64_t k;

	for (i = 0; i < NELEM(stop_words); i++) {
		k = stop_pack(stop_words[i], strlen(stop_words[i]));
		for (j = stop_slot(k); stop_set[j] != 0;
		    j = (j + 1) & (STOP_SLOTS - 1))
			;
		stop_set[j] = k;
	}
}

/* Whether w[0..n) is a stop word. */
static int
is_stop_word(const char *w, size_t n)
{
	uint64_t	 k;
	size_t		 j;

	if (n == 0 || n > STOP_MAX)
		return 0;
	(void)pthread_once(&stop_once, stop_set_make);
	k = stop_pack(w, n);
	for (j = stop_slot(k); stop_set[j] != 0; j = (j + 1) & (STOP_SLOTS - 1))
		if (stop_set[j] == k)
			return 1;
	return 0;
}

/*
 * ASCII for U+00C0..U+017F (Latin-1 Supplement letters and Latin
 * Extended-A); "" for the two symbols there, U+00D7 and U+00F7, which
 * separate words.  Generated from Unicode decompositions plus the
 * letters that have none (æ, ð, ø, þ, ß, đ, ħ, ı, ĳ, ĸ, ŀ, ł, ŉ, ŋ, œ,
 * ŧ, ſ); search.js has the same table.
 */
static const char *const latin_fold[0x180 - 0xc0] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i",
	"i", "i", "i", "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u",
	"u", "u", "y", "th", "ss", "a", "a", "a", "a", "a", "a", "ae", "c",
	"e", "e", "e", "e", "i", "i", "i", "i", "d", "n", "o", "o", "o", "o",
	"o", "", "o", "u", "u", "u", "u", "y", "th", "y", "a", "a", "a", "a",
	"a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d", "d", "d",
	"e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
	"g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i",
	"i", "i", "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l",
	"l", "l", "l", "l", "l", "l", "l", "l", "n", "n", "n", "n", "n", "n",
	"n", "n", "n", "o", "o", "o", "o", "o", "o", "oe", "oe", "r", "r",
	"r", "r", "r", "r", "s", "s", "s", "s", "s", "s", "s", "s", "t", "t",
	"t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u",
	"u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s"
};

/* What a code point is to the tokeniser. */
enum	cpclass {
	CP_SEP,		/* ends a word */
	CP_WORD,	/* part of a word */
	CP_SKIP,	/* ignored: combining marks, soft hyphen, joiners */
	CP_APOS		/* dropped between two word characters, else CP_SEP */
};

struct	posting {
	uint32_t	 doc;	/* order added, then the document's number */
	uint32_t	 val;	/* tf << 1 | in title */
};

struct	sterm {
	char		*term;	/* NUL-terminated, owned */
	size_t		 len;	/* strlen(term) */
	uint64_t	 hash;	/* fnv1a(term) */
	char		*key;	/* its shard key (search_write), owned */
	struct posting	*p;	/* by document */
	size_t		 np;
	size_t		 cap;
};

struct	sdoc {
	const struct doc	*doc;	/* borrowed */
	char			*text;	/* its text, for excerpts and phrases */
	size_t			 words;	/* every word, stop words too */
	uint32_t		 num;	/* number in the index (search_write) */
};

struct	search_index {
	struct sdoc	*docs;
	size_t		 ndocs;
	size_t		 docsz;
	struct sterm	*terms;
	size_t		 nterms;
	size_t		 termsz;
	uint32_t	*slots;	/* hash table: term index + 1; 0 is empty */
	size_t		 nslots;	/* a power of two, or 0 */
	int		 written;	/* search_write() renumbered postings */
};

typedef void	(*term_fn)(void *, const char *, size_t);

/*
 * Classify code point c.  For a word character, *fold is its ASCII form
 * ("e" for U+00E9), or NULL to keep its bytes.  Must match search.js.
 */
static enum cpclass
cp_class(uint32_t c, const char **fold)
{
	*fold = NULL;
	if (c < 0x80) {
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    (c >= 'A' && c <= 'Z'))
			return CP_WORD;
		return c == '\'' ? CP_APOS : CP_SEP;
	}
	if (c < 0xc0)
		return c == 0xad ? CP_SKIP : CP_SEP;
	if (c < 0x180) {
		*fold = latin_fold[c - 0xc0];
		return (*fold)[0] != '\0' ? CP_WORD : CP_SEP;
	}
	if (c >= 0x218 && c <= 0x21b) {
		*fold = c < 0x21a ? "s" : "t";	/* Romanian ș and ț */
		return CP_WORD;
	}
	if (c >= 0x300 && c <= 0x36f)
		return CP_SKIP;
	if (c == 0x2019)
		return CP_APOS;
	if (c == 0x200c || c == 0x200d || (c >= 0xfe00 && c <= 0xfe0f))
		return CP_SKIP;
	if ((c >= 0x2000 && c <= 0x2bff) || (c >= 0x3000 && c <= 0x303f) ||
	    (c >= 0xd800 && c <= 0xf8ff) || c == 0xfeff ||
	    (c >= 0xfff0 && c <= 0xffff) || c >= 0x1f000)
		return CP_SEP;
	return CP_WORD;
}

/* Lowercase ASCII, Greek and Cyrillic capitals; others are kept. */
static uint32_t
lower_cp(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 0x20;
	if (c >= 0x391 && c <= 0x3a9 && c != 0x3a2)
		return c + 0x20;
	if (c >= 0x410 && c <= 0x42f)
		return c + 0x20;
	if (c >= 0x400 && c <= 0x40f)
		return c + 0x50;
	return c;
}

static int
ends(const char *w, size_t n, const char *suffix)
{
	size_t	 k = strlen(suffix);

	return n >= k && memcmp(w + n - k, suffix, k) == 0;
}

/*
 * Fold a plural to its singular in place, lightly: "policies" ->
 * "policy", "processes" -> "process", "boxes" -> "box", "approaches" ->
 * "approach", "procedures" -> "procedure"; "status", "analysis", "class"
 * stay.  Returns the new length.  Must match search.js.
 */
static size_t
plural_fold(char *w, size_t n)
{
	if (n > 4 && ends(w, n, "ies")) {
		w[n - 3] = 'y';
		n -= 2;
	} else if (n > 4 && (ends(w, n, "sses") || ends(w, n, "xes") ||
	    ends(w, n, "ches") || ends(w, n, "shes") || ends(w, n, "zzes")))
		n -= 2;
	else if (n > 3 && w[n - 1] == 's' && !ends(w, n, "ss") &&
	    !ends(w, n, "us") && !ends(w, n, "is"))
		n -= 1;
	w[n] = '\0';
	return n;
}

/*
 * Call fn for each term of s[0..len) (see search.h for the rules) and
 * return the number of words, stop words and overlong words included.
 */
static size_t
tokenise(const char *text, size_t len, term_fn fn, void *arg)
{
	const unsigned char	*s = (const unsigned char *)text;
	char			 w[SEARCH_TERM_MAX + 1], enc[UTF8_MAX];
	const char		*fold;
	size_t			 i = 0, n, m, add, wl = 0, nwords = 0;
	uint32_t		 c, c2;
	enum cpclass		 cls;
	int			 inword = 0, toolong = 0;

	for (;;) {
		/* Fast paths: ASCII letters, digits, separators. */
		if (i < len && s[i] < 0x80) {
			c = s[i];
			if (c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
				inword = 1;
				if (toolong || wl == SEARCH_TERM_MAX)
					toolong = 1;
				else
					w[wl++] = (char)c;
				i++;
				continue;
			}
			if (!inword && c != '\'') {
				i++;
				continue;
			}
		}
		fold = NULL;
		if (i < len) {
			if ((n = utf8_decode(s + i, len - i, &c)) == 0) {
				n = 1;
				cls = CP_SEP;
			} else
				cls = cp_class(c, &fold);
		} else {
			n = 0;
			cls = CP_SEP;
		}
		if (cls == CP_APOS) {
			/* Inside a word only: "child's", "o’clock". */
			cls = CP_SEP;
			if (inword && i + n < len && (m = utf8_decode(s + i + n,
			    len - i - n, &c2)) > 0 &&
			    cp_class(c2, &fold) == CP_WORD)
				cls = CP_SKIP;
		}
		if (cls == CP_SKIP) {
			i += n;
			continue;
		}
		if (cls == CP_WORD) {
			inword = 1;
			if (fold == NULL)
				add = utf8_encode(lower_cp(c), enc);
			else
				add = strlen(fold);
			if (toolong || wl + add > SEARCH_TERM_MAX)
				toolong = 1;
			else {
				memcpy(w + wl, fold != NULL ? fold : enc, add);
				wl += add;
			}
			i += n;
			continue;
		}
		if (inword) {
			nwords++;
			w[wl] = '\0';
			if (!toolong && !is_stop_word(w, wl)) {
				wl = plural_fold(w, wl);
				fn(arg, w, wl);
			}
		}
		inword = toolong = 0;
		wl = 0;
		if (i >= len)
			break;
		i += n;
	}
	return nwords;
}

struct	termsctx {
	struct buf	*out;
	size_t		 start;
};

static void
terms_put(void *arg, const char *t, size_t len)
{
	struct termsctx	*tc = arg;

	if (tc->out->len > tc->start)
		buf_putc(tc->out, ' ');
	buf_put(tc->out, t, len);
}

void
search_terms(struct buf *out, const char *s, size_t len)
{
	struct termsctx	 tc;

	tc.out = out;
	tc.start = out->len;
	(void)tokenise(s, len, terms_put, &tc);
}

void
search_term_key(struct buf *out, const char *term, size_t len)
{
	const unsigned char	*s = (const unsigned char *)term;
	size_t			 i = 0, n;
	uint32_t		 c;

	while (i < len) {
		if ((n = utf8_decode(s + i, len - i, &c)) == 0)
			n = 1;
		if (n == 1 && ((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9')))
			buf_putc(out, s[i]);
		else
			buf_putc(out, '_');
		i += n;
	}
}

struct search_index *
search_new(void)
{
	return xcalloc(1, sizeof(struct search_index));
}

/* Double the hash table and put every term back. */
static void
rehash(struct search_index *ix)
{
	size_t	 i, j, mask;

	free(ix->slots);
	ix->nslots = ix->nslots != 0 ? ix->nslots * 2 : 1024;
	ix->slots = xcalloc(ix->nslots, sizeof(*ix->slots));
	mask = ix->nslots - 1;
	for (i = 0; i < ix->nterms; i++) {
		j = (size_t)ix->terms[i].hash & mask;
		while (ix->slots[j] != 0)
			j = (j + 1) & mask;
		ix->slots[j] = (uint32_t)i + 1;
	}
}

/* The term t[0..len), added if new. */
static struct sterm *
term_get(struct search_index *ix, const char *t, size_t len)
{
	struct sterm	*st;
	uint64_t	 h = fnv1a(FNV_INIT, t, len);
	size_t		 j, mask;

	if (ix->nterms + 1 > ix->nslots / 2)
		rehash(ix);
	mask = ix->nslots - 1;
	j = (size_t)h & mask;
	while (ix->slots[j] != 0) {
		st = &ix->terms[ix->slots[j] - 1];
		if (st->hash == h && st->len == len &&
		    memcmp(st->term, t, len) == 0)
			return st;
		j = (j + 1) & mask;
	}
	if (ix->nterms == UINT32_MAX - 1)
		abort();	/* more terms than words in any language */
	if (ix->nterms == ix->termsz) {
		ix->termsz = ix->termsz != 0 ? ix->termsz * 2 : 1024;
		ix->terms = xreallocarray(ix->terms, ix->termsz,
		    sizeof(*ix->terms));
	}
	st = &ix->terms[ix->nterms];
	memset(st, 0, sizeof(*st));
	st->term = xstrndup(t, len);
	st->len = strlen(st->term);
	st->hash = h;
	ix->slots[j] = (uint32_t)++ix->nterms;
	return st;
}

struct	addctx {
	struct search_index	*ix;
	uint32_t		 doc;
	uint32_t		 title;	/* 1 while reading the title */
};

static void
posting_push(struct sterm *st, uint32_t doc, uint32_t val)
{
	if (st->np == st->cap) {
		st->cap = st->cap != 0 ? st->cap * 2 : 4;
		st->p = xreallocarray(st->p, st->cap, sizeof(*st->p));
	}
	st->p[st->np].doc = doc;
	st->p[st->np].val = val;
	st->np++;
}

/* Room for one more document; its number is ix->ndocs. */
static void
docs_grow(struct search_index *ix)
{
	if (ix->ndocs == UINT32_MAX - 1)
		abort();
	if (ix->ndocs == ix->docsz) {
		ix->docsz = ix->docsz != 0 ? ix->docsz * 2 : 64;
		ix->docs = xreallocarray(ix->docs, ix->docsz,
		    sizeof(*ix->docs));
	}
}

/* Document number ix->ndocs (made room for by docs_grow()) taken. */
static void
doc_taken(struct search_index *ix, const struct doc *doc, char *text,
    size_t words)
{
	struct sdoc	*sd = &ix->docs[ix->ndocs++];

	sd->doc = doc;
	sd->text = text;
	sd->words = words;
	sd->num = 0;
}

static void
add_term(void *arg, const char *t, size_t len)
{
	struct addctx	*a = arg;
	struct sterm	*st = term_get(a->ix, t, len);
	struct posting	*p;

	if (st->np > 0 && st->p[st->np - 1].doc == a->doc) {
		p = &st->p[st->np - 1];
		if ((p->val >> 1) < TF_MAX)
			p->val += 2;
		p->val |= a->title;
		return;
	}
	posting_push(st, a->doc, 2 | a->title);
}

static size_t
add_str(struct addctx *a, const char *s)
{
	return s != NULL ? tokenise(s, strlen(s), add_term, a) : 0;
}

/*
 * Append s[0..len) to a document's snippet text "b": white space and
 * control characters collapsed to single spaces, bad UTF-8 replaced by
 * U+FFFD, stopping at SEARCH_TEXT_MAX bytes (then at a word boundary if
 * one is near, and with an ellipsis).  Returns -1 once the text is full.
 */
#define BYTES(c)	(0x0101010101010101ULL * (c))

/*
 * Whether the 8 bytes at p are all printable ASCII (0x20 to 0x7e) with
 * no space after a space, the byte before them being "prev".  Bit tricks
 * from "Bit Twiddling Hacks" (hasless, hasmore, and an exact zero-byte
 * mask for the spaces).
 */
static int
run8(const unsigned char *p, unsigned char prev)
{
	uint64_t	 w, t, sp;

	memcpy(&w, p, 8);
	if (((w - BYTES(0x20)) & ~w & BYTES(0x80)) != 0 ||
	    (((w + BYTES(0x01)) | w) & BYTES(0x80)) != 0)
		return 0;
	t = w ^ BYTES(' ');
	sp = ~(((t & BYTES(0x7f)) + BYTES(0x7f)) | t | BYTES(0x7f));
	return (sp & (sp << 8)) == 0 && !(p[0] == ' ' && prev == ' ');
}

static int
text_put(struct buf *b, const char *text, size_t len)
{
	const unsigned char	*s = (const unsigned char *)text;
	size_t			 i = 0, n, cut;
	uint32_t		 c;

	while (i < len) {
		/*
		 * A run of printable ASCII, single spaces in it as they are
		 * (not at the start, nor after a space): copied at once
		 * while it fits.  Past its first byte, eight at a time.
		 */
		for (n = 0; i + n < len && s[i + n] >= 0x20 && s[i + n] < 0x7f;
		    ) {
			if (s[i + n] == ' ' && (n > 0 ? s[i + n - 1] == ' ' :
			    b->len == 0 || b->data[b->len - 1] == ' '))
				break;
			n++;
			while (i + n + 8 <= len && run8(s + i + n, s[i + n - 1]))
				n += 8;
		}
		if (n > 1 && b->len + n + 3 <= SEARCH_TEXT_MAX) {
			buf_put(b, s + i, n);
			i += n;
			continue;
		}
		if ((n = utf8_decode(s + i, len - i, &c)) == 0) {
			n = 1;
			c = 0xfffd;
		}
		if (c < 0x20 || c == ' ' || c == 0x7f) {
			if (b->len > 0 && b->data[b->len - 1] != ' ')
				buf_putc(b, ' ');
		} else if (b->len + n + 3 > SEARCH_TEXT_MAX) {
			cut = b->len;
			while (cut > SEARCH_TEXT_MAX * 9 / 10 &&
			    b->data[cut - 1] != ' ')
				cut--;
			if (b->data[cut - 1] != ' ')
				cut = b->len;
			buf_truncate(b, cut);
			while (b->len > 0 && b->data[b->len - 1] == ' ')
				buf_truncate(b, b->len - 1);
			buf_puts(b, "\xe2\x80\xa6");	/* U+2026 */
			return -1;
		} else if (c == 0xfffd && n == 1)
			buf_puts(b, "\xef\xbf\xbd");
		else
			buf_put(b, s + i, n);
		i += n;
	}
	return 0;
}

/* What search.js shows excerpts from: the summary, then the plain text. */
static void
doc_text(struct buf *text, const struct doc *doc, const char *plain,
    size_t len)
{
	if (doc->summary == NULL || text_put(text, doc->summary,
	    strlen(doc->summary)) == 0) {
		if (text->len > 0 && text->data[text->len - 1] != ' ')
			buf_putc(text, ' ');
		if (plain != NULL)
			(void)text_put(text, plain, len);
	}
	while (text->len > 0 && text->data[text->len - 1] == ' ')
		buf_truncate(text, text->len - 1);
}

void
search_add(struct search_index *ix, const struct doc *doc,
    const char *plain, size_t len)
{
	struct addctx	 a;
	struct buf	 text = BUF_INIT;
	size_t		 i, j, words;

	if (ix == NULL || ix->written || doc == NULL || doc->url == NULL ||
	    doc->url[0] == '\0' || doc->id == NULL || doc->title == NULL)
		return;
	docs_grow(ix);
	a.ix = ix;
	a.doc = (uint32_t)ix->ndocs;
	a.title = 1;
	words = add_str(&a, doc->title);
	a.title = 0;
	words += add_str(&a, doc->summary);
	words += plain != NULL ? tokenise(plain, len, add_term, &a) : 0;
	for (i = 0; i < doc->nagencies; i++) {
		words += add_str(&a, doc->agencies[i].name);
		for (j = 0; j < doc->agencies[i].naliases; j++)
			words += add_str(&a, doc->agencies[i].aliases[j]);
		words += add_str(&a, doc->agencies[i].sector);
		words += add_str(&a, doc->agencies[i].statutory_basis);
	}
	for (i = 0; i < doc->nterms; i++) {
		words += add_str(&a, doc->terms[i].term);
		words += add_str(&a, doc->terms[i].expansion);
		words += add_str(&a, doc->terms[i].definition);
	}

	doc_text(&text, doc, plain, len);
	doc_taken(ix, doc, buf_detach(&text), words);
}

void
search_add_doc(struct search_index *ix, const struct doc *doc)
{
	struct buf	 plain = BUF_INIT;

	if (ix == NULL || doc == NULL)
		return;
	if (doc->scan.plain != NULL) {
		search_add(ix, doc, doc->scan.plain, doc->scan.plain_len);
		return;
	}
	if (doc->body != NULL)
		md_plain(doc->body, doc->body_len, &plain);
	search_add(ix, doc, plain.data, plain.len);
	buf_free(&plain);
}

struct	search_entry {
	char		**terms;	/* in the order first seen */
	uint32_t	 *vals;		/* each term's tf << 1 | in title */
	size_t		  nterms;
	char		 *text;		/* the snippet text */
	size_t		  words;
};

struct search_entry *
search_entry_new(const struct doc *doc, const char *plain, size_t len)
{
	struct search_index	*one = search_new();
	struct search_entry	*e = NULL;
	size_t			 i;

	search_add(one, doc, plain, len);
	if (one->ndocs == 1) {
		e = xcalloc(1, sizeof(*e));
		e->nterms = one->nterms;
		e->terms = xcalloc(e->nterms + 1, sizeof(*e->terms));
		e->vals = xcalloc(e->nterms + 1, sizeof(*e->vals));
		for (i = 0; i < one->nterms; i++) {
			e->terms[i] = one->terms[i].term;
			one->terms[i].term = NULL;
			e->vals[i] = one->terms[i].p[0].val;
		}
		e->text = one->docs[0].text;
		one->docs[0].text = NULL;
		e->words = one->docs[0].words;
	}
	search_free(one);
	return e;
}

void
search_add_entry(struct search_index *ix, const struct doc *doc,
    const struct search_entry *e)
{
	struct sterm	*st;
	size_t		 i;

	if (ix == NULL || ix->written || e == NULL)
		return;
	docs_grow(ix);
	for (i = 0; i < e->nterms; i++) {
		st = term_get(ix, e->terms[i], strlen(e->terms[i]));
		posting_push(st, (uint32_t)ix->ndocs, e->vals[i]);
	}
	doc_taken(ix, doc, xstrdup(e->text), e->words);
}

void
search_doc_meta(struct buf *m, const struct doc *doc)
{
	size_t	 i, k;

	buf_printf(m, "%d%d%d%c", doc->url != NULL && doc->url[0] != '\0',
	    doc->id != NULL, doc->title != NULL, 0);
	buf_printf(m, "%s%c%s%c", doc->title != NULL ? doc->title : "", 0,
	    doc->summary != NULL ? doc->summary : "", 1);
	for (i = 0; i < doc->nagencies; i++) {
		const struct agency *a = &doc->agencies[i];

		buf_printf(m, "%s%c%s%c%s%c", a->name, 0, a->sector != NULL ?
		    a->sector : "", 0, a->statutory_basis != NULL ?
		    a->statutory_basis : "", 0);
		for (k = 0; k < a->naliases; k++)
			buf_printf(m, "%s%c", a->aliases[k], 2);
	}
	buf_putc(m, 3);
	for (i = 0; i < doc->nterms; i++)
		buf_printf(m, "%s%c%s%c%s%c", doc->terms[i].term, 0,
		    doc->terms[i].expansion != NULL ?
		    doc->terms[i].expansion : "", 0,
		    doc->terms[i].definition != NULL ?
		    doc->terms[i].definition : "", 0);
}

/* The SHA-1 of search_doc_meta(doc), which a packed entry names. */
static void
meta_id(const struct doc *doc, char hex[41])
{
	struct buf	 m = BUF_INIT;

	search_doc_meta(&m, doc);
	blob_id(hex, m.data, m.len);
	buf_free(&m);
}

/*
 * The format: the id of the document's meta (40 hex digits), whether
 * there is an entry (0 or 1), then its word count, term count and each
 * term with its value.  The text is not kept: it is made again from the
 * document and its plain text.
 */
void
search_entry_pack(struct buf *out, const struct search_entry *e,
    const struct doc *doc)
{
	char	 hex[41];
	size_t	 i;

	meta_id(doc, hex);
	pack_str(out, hex, 40);
	pack_size(out, e != NULL);
	if (e == NULL)
		return;
	pack_size(out, e->words);
	pack_size(out, e->nterms);
	for (i = 0; i < e->nterms; i++) {
		pack_str(out, e->terms[i], strlen(e->terms[i]));
		pack_size(out, e->vals[i]);
	}
}

typedef void	(*packed_fn)(void *, const char *, size_t, uint32_t);

/*
 * Read entry p[0..len) as search_entry_pack() wrote it for a document
 * whose meta_id() is "meta": -1 if it is not such bytes or was made for
 * another meta, 0 if it says there is nothing to add, else 1 with the
 * word and term counts set and each term and its value given to fn (if
 * not NULL) as they are read: a caller that must not act on bad bytes
 * reads it twice.
 */
static int
packed_terms(const char *p, size_t len, const char meta[41],
    size_t *words, size_t *nterms, packed_fn fn, void *arg)
{
	struct unpack	 u = UNPACK_INIT(p, len);
	const char	*t;
	size_t		 n, i, tlen, val;

	t = unpack_ref(&u, &tlen);
	if (u.bad || tlen != 40 || memcmp(t, meta, 40) != 0)
		return -1;
	if ((n = unpack_size(&u)) == 0 && !u.bad)
		return u.left == 0 ? 0 : -1;
	if (u.bad || n != 1)
		return -1;
	*words = unpack_size(&u);
	/* Each term takes at least two bytes: a count above that is bad. */
	*nterms = unpack_size(&u);
	if (u.bad || *nterms > u.left / 2)
		return -1;
	for (i = 0; i < *nterms; i++) {
		t = unpack_ref(&u, &tlen);
		val = unpack_size(&u);
		if (u.bad || tlen == 0 || memchr(t, '\0', tlen) != NULL ||
		    val > UINT32_MAX)
			return -1;
		if (fn != NULL)
			fn(arg, t, tlen, (uint32_t)val);
	}
	return u.left == 0 ? 1 : -1;
}

static void
entry_term(void *arg, const char *t, size_t len, uint32_t val)
{
	struct search_entry	*e = arg;

	e->terms[e->nterms] = xstrndup(t, len);
	e->vals[e->nterms++] = val;
}

int
search_entry_unpack(const char *p, size_t len, const struct doc *doc,
    const char *plain, size_t plen, struct search_entry **out)
{
	struct search_entry	*e;
	struct buf		 text = BUF_INIT;
	char			 meta[41];
	size_t			 words, n;
	int			 rc;

	*out = NULL;
	meta_id(doc, meta);
	if ((rc = packed_terms(p, len, meta, &words, &n, NULL, NULL)) <= 0)
		return rc == 0;
	e = xcalloc(1, sizeof(*e));
	e->words = words;
	e->terms = xcalloc(n + 1, sizeof(*e->terms));
	e->vals = xcalloc(n + 1, sizeof(*e->vals));
	(void)packed_terms(p, len, meta, &words, &n, entry_term, e);
	doc_text(&text, doc, plain, plen);
	e->text = buf_detach(&text);
	*out = e;
	return 1;
}

struct	packedctx {
	struct search_index	*ix;
	uint32_t		 doc;
};

static void
index_term(void *arg, const char *t, size_t len, uint32_t val)
{
	struct packedctx	*pc = arg;

	posting_push(term_get(pc->ix, t, len), pc->doc, val);
}

int
search_add_packed(struct search_index *ix, const struct doc *doc,
    const char *p, size_t len, const char *plain, size_t plen)
{
	struct packedctx	 pc;
	struct buf		 text = BUF_INIT;
	char			 meta[41];
	size_t			 words, n;
	int			 rc;

	meta_id(doc, meta);
	if ((rc = packed_terms(p, len, meta, &words, &n, NULL, NULL)) <= 0)
		return rc == 0;
	if (ix == NULL || ix->written)
		return 1;
	docs_grow(ix);
	pc.ix = ix;
	pc.doc = (uint32_t)ix->ndocs;
	(void)packed_terms(p, len, meta, &words, &n, index_term, &pc);
	doc_text(&text, doc, plain, plen);
	doc_taken(ix, doc, buf_detach(&text), words);
	return 1;
}

void
search_entry_free(struct search_entry *e)
{
	size_t	 i;

	if (e == NULL)
		return;
	for (i = 0; i < e->nterms; i++)
		free(e->terms[i]);
	free(e->terms);
	free(e->vals);
	free(e->text);
	free(e);
}

void
search_free(struct search_index *ix)
{
	size_t	 i;

	if (ix == NULL)
		return;
	for (i = 0; i < ix->nterms; i++) {
		free(ix->terms[i].term);
		free(ix->terms[i].key);
		free(ix->terms[i].p);
	}
	for (i = 0; i < ix->ndocs; i++)
		free(ix->docs[i].text);
	free(ix->terms);
	free(ix->docs);
	free(ix->slots);
	free(ix);
}

/*
 * Writing.
 */

struct	wctx {
	struct diag		*d;
	const struct output	*out;
	size_t			 nfiles;
	uint64_t		 hash;	/* of every file but meta.json */
	int			 rc;
	struct buf		 file;	/* the file being built */
	struct buf		 terms;	/* every term's "term":[...] */
	size_t			*toff;	/* term i: terms[toff[i]..toff[i+1]) */
	struct sterm		**order;	/* the terms, sorted by key */
	size_t			 nterms;
	char			**shard;	/* shards' first keys (owned) */
	size_t			*sfirst;	/* shards' first terms */
	size_t			 nshards;
	size_t			 shardsz;
};

static void
put_uint(struct buf *b, uint32_t v)
{
	char	 tmp[12];
	size_t	 n = sizeof(tmp);

	do {
		tmp[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	buf_put(b, tmp + n, sizeof(tmp) - n);
}

/* A JSON string: escaped, with bad UTF-8 replaced by U+FFFD. */
static void
put_json_str(struct buf *b, const char *str, size_t len)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i = 0, run = 0, n;
	uint32_t		 c;

	buf_putc(b, '"');
	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((n = utf8_decode(s + i, len - i, &c)) > 0) {
			i += n;
			continue;
		}
		json_escape(b, str + run, i - run);
		BUF_PUTSL(b, "\\ufffd");
		run = ++i;
	}
	json_escape(b, str + run, len - run);
	buf_putc(b, '"');
}

/*
 * Write w->file as "rel" and count it; hashes it unless it is the meta:
 * each file's SHA-1 (OpenSSL's, several times faster than FNV-1a a byte
 * at a time over the 90 MB of a 10,000-document index) into the build's.
 * The SHA-1 is also the file's key in the output (output_keyed()): a
 * file the site being replaced holds with the same key and size stays
 * as it is, unread, where comparing its bytes opened and read each of
 * the 10,000 chunks of a 10,000-document index.
 */
static void
emit_file(struct wctx *w, const char *rel, int hashed)
{
	unsigned char	 id[20];
	char		 key[41];

	if (hashed) {
		blob_id_raw(id, w->file.data, w->file.len);
		w->hash = fnv1a(w->hash, id, sizeof(id));
		blob_id_hex(key, id);
	}
	if (w->out == NULL)
		return;
	if (hashed && output_link_prev(w->out, key, rel) == 0)
		w->nfiles++;
	else if (output_write(w->d, w->out, rel, w->file.data,
	    w->file.len) == -1)
		w->rc = -1;
	else {
		if (hashed)
			output_keyed(w->out, key, w->file.len, rel);
		w->nfiles++;
	}
}

static int
sdoc_cmp(const void *a, const void *b)
{
	const struct doc	*x = (*(struct sdoc *const *)a)->doc;
	const struct doc	*y = (*(struct sdoc *const *)b)->doc;
	int			 c;

	c = strcmp(x->relpath != NULL ? x->relpath : "",
	    y->relpath != NULL ? y->relpath : "");
	if (c == 0)
		c = strcmp(x->id, y->id);	/* search_add() wants an id */
	return c;
}

static int
posting_cmp(const void *a, const void *b)
{
	const struct posting	*x = a, *y = b;

	return x->doc < y->doc ? -1 : x->doc > y->doc;
}

static int
sterm_cmp(const void *a, const void *b)
{
	const struct sterm	*x = *(struct sterm *const *)a;
	const struct sterm	*y = *(struct sterm *const *)b;
	int			 c;

	if ((c = strcmp(x->key, y->key)) == 0)
		c = strcmp(x->term, y->term);
	return c;
}

/* Number the documents in relpath order and renumber the postings. */
static void
number_docs(struct search_index *ix, struct sdoc **byn)
{
	struct sterm	*st;
	size_t		 i, j;
	int		 sorted;

	for (i = 0; i < ix->ndocs; i++)
		byn[i] = &ix->docs[i];
	if (ix->ndocs > 1)
		qsort(byn, ix->ndocs, sizeof(*byn), sdoc_cmp);
	for (i = 0; i < ix->ndocs; i++)
		byn[i]->num = (uint32_t)i;
	for (i = 0; i < ix->nterms; i++) {
		st = &ix->terms[i];
		sorted = 1;
		for (j = 0; j < st->np; j++) {
			st->p[j].doc = ix->docs[st->p[j].doc].num;
			if (j > 0 && st->p[j].doc < st->p[j - 1].doc)
				sorted = 0;
		}
		if (!sorted)
			qsort(st->p, st->np, sizeof(*st->p), posting_cmp);
	}
}

/* Sort the terms by key and write each as "term":[doc,val,...]. */
static void
build_terms(struct wctx *w, struct search_index *ix)
{
	struct buf	 key = BUF_INIT;
	struct sterm	*st;
	size_t		 i, j;
	uint32_t	 prev;

	w->nterms = ix->nterms;
	w->order = xcalloc(ix->nterms + 1, sizeof(*w->order));
	w->toff = xcalloc(ix->nterms + 1, sizeof(*w->toff));
	for (i = 0; i < ix->nterms; i++) {
		st = &ix->terms[i];
		buf_reset(&key);
		search_term_key(&key, st->term, st->len);
		free(st->key);
		st->key = xstrdup(key.data);
		w->order[i] = st;
	}
	if (ix->nterms > 1)
		qsort(w->order, ix->nterms, sizeof(*w->order), sterm_cmp);
	for (i = 0; i < ix->nterms; i++) {
		st = w->order[i];
		w->toff[i] = w->terms.len;
		put_json_str(&w->terms, st->term, st->len);
		BUF_PUTSL(&w->terms, ":[");
		/* Document numbers as gaps: the lists are mostly small gaps. */
		for (prev = 0, j = 0; j < st->np; j++) {
			if (j > 0)
				buf_putc(&w->terms, ',');
			put_uint(&w->terms, st->p[j].doc - prev);
			buf_putc(&w->terms, ',');
			put_uint(&w->terms, st->p[j].val);
			prev = st->p[j].doc;
		}
		buf_putc(&w->terms, ']');
	}
	w->toff[ix->nterms] = w->terms.len;
	buf_free(&key);
}

/* Bytes of terms [lo, hi) in a shard file, with the commas. */
static size_t
terms_size(const struct wctx *w, size_t lo, size_t hi)
{
	return w->toff[hi] - w->toff[lo] + (hi - lo);
}

static int
same_prefix(const char *a, const char *b, size_t depth)
{
	return strncmp(a, b, depth) == 0;
}

/*
 * Start a shard at term "first" with key prefix "depth" characters long,
 * or add terms to the current one: shards hold whole units (runs of terms
 * sharing a key prefix), merged while they fit in SEARCH_SHARD_MAX.
 */
static void
add_unit(struct wctx *w, size_t lo, size_t hi, size_t depth)
{
	const char	*k;
	size_t		 cur;

	if (w->nshards > 0) {
		cur = w->sfirst[w->nshards - 1];
		if (terms_size(w, cur, hi) <= SEARCH_SHARD_MAX)
			return;	/* merged into the current shard */
	}
	if (w->nshards == w->shardsz) {
		w->shardsz = w->shardsz != 0 ? w->shardsz * 2 : 64;
		w->shard = xreallocarray(w->shard, w->shardsz,
		    sizeof(*w->shard));
		w->sfirst = xreallocarray(w->sfirst, w->shardsz,
		    sizeof(*w->sfirst));
	}
	k = w->order[lo]->key;
	w->shard[w->nshards] = xstrndup(k, strlen(k) < depth ? strlen(k) :
	    depth);
	w->sfirst[w->nshards] = lo;
	w->nshards++;
}

/*
 * Cut terms [lo, hi), which share their first depth-1 key characters,
 * into units by their first "depth" characters; a unit too big for one
 * shard is cut again one character deeper, where that separates terms.
 */
static void
cut_units(struct wctx *w, size_t lo, size_t hi, size_t depth)
{
	const char	*k;
	size_t		 i = lo, j, d2;

	while (i < hi) {
		k = w->order[i]->key;
		for (j = i + 1; j < hi && same_prefix(k, w->order[j]->key,
		    depth); j++)
			;
		if (terms_size(w, i, j) > SEARCH_SHARD_MAX && j - i > 1) {
			d2 = depth + 1;
			while (d2 <= strlen(k) &&
			    same_prefix(k, w->order[j - 1]->key, d2))
				d2++;
			if (!same_prefix(k, w->order[j - 1]->key, d2)) {
				cut_units(w, i, j, d2);
				i = j;
				continue;
			}
		}
		add_unit(w, i, j, depth);
		i = j;
	}
}

static void
write_shards(struct wctx *w)
{
	struct buf	 rel = BUF_INIT;
	size_t		 s, i, lo, hi;

	if (w->nterms > 0)
		cut_units(w, 0, w->nterms, 2);
	for (s = 0; s < w->nshards; s++) {
		lo = w->sfirst[s];
		hi = s + 1 < w->nshards ? w->sfirst[s + 1] : w->nterms;
		buf_reset(&w->file);
		buf_putc(&w->file, '{');
		for (i = lo; i < hi; i++) {
			if (i > lo)
				buf_putc(&w->file, ',');
			buf_put(&w->file, w->terms.data + w->toff[i],
			    w->toff[i + 1] - w->toff[i]);
		}
		BUF_PUTSL(&w->file, "}\n");
		buf_reset(&rel);
		buf_printf(&rel, "search/index-%s.json", w->shard[s]);
		emit_file(w, rel.data, 1);
	}
	buf_free(&rel);
}

/*
 * When a document last changed, as readers are told: its latest public
 * version's date, else the last review, approval or its own date.
 * Returns -1 when it has none.
 */
static int
doc_updated(const struct doc *doc, struct date *out)
{
	if (doc->hist != NULL && doc->nversions > 0 &&
	    doc->nversions <= doc->hist->n) {
		date_from_time((time_t)doc->hist->v[doc->nversions - 1].when,
		    out);
		return 0;
	}
	if (date_isset(&doc->last_reviewed))
		*out = doc->last_reviewed;
	else if (date_isset(&doc->approved))
		*out = doc->approved;
	else if (date_isset(&doc->date))
		*out = doc->date;
	else
		return -1;
	return 0;
}

/*
 * "partnerships": the ids of the partnerships a document belongs to
 * (every one when it names none), so that a search can be narrowed.
 */
static void
put_partnerships(struct buf *b, const struct site *s, const struct doc *doc)
{
	size_t	 k;
	int	 first = 1;

	BUF_PUTSL(b, ",\"partnerships\":[");
	for (k = 0; k < s->cfg.npartnerships; k++) {
		if (doc->partners != 0 && (doc->partners & (1ULL << k)) == 0)
			continue;
		if (!first)
			buf_putc(b, ',');
		first = 0;
		put_json_str(b, s->cfg.partnerships[k].id,
		    strlen(s->cfg.partnerships[k].id));
	}
	buf_putc(b, ']');
}

/* One document's entry in its chunk. */
static void
doc_entry(struct buf *b, const struct site *s, const struct sdoc *sd)
{
	const struct doc	*doc = sd->doc;
	enum review_state	 st = RV_EXEMPT;
	const char		*review = NULL;
	struct date		 up;

	if (date_isset(&s->today))
		st = review_state_of(doc, &s->today, s->cfg.warn_days);
	if (st == RV_OVERDUE)
		review = "overdue";
	else if (st == RV_DUE && s->preview)
		review = "due";	/* due soon is for editors, as on pages */
	BUF_PUTSL(b, "{\"id\":");
	put_json_str(b, doc->id, strlen(doc->id));
	BUF_PUTSL(b, ",\"title\":");
	put_json_str(b, doc->title, strlen(doc->title));
	BUF_PUTSL(b, ",\"url\":");
	put_json_str(b, doc->url, strlen(doc->url));
	BUF_PUTSL(b, ",\"type\":");
	buf_puts(b, "\"");
	json_escape(b, doc_type_label(doc->type),
	    strlen(doc_type_label(doc->type)));
	buf_puts(b, "\"");
	if (doc->status != ST_CURRENT) {
		BUF_PUTSL(b, ",\"status\":\"");
		buf_puts(b, doc_status_name(doc->status));
		buf_putc(b, '"');
	}
	if (review != NULL)
		buf_printf(b, ",\"review\":\"%s\"", review);
	if (doc->section != NULL) {
		BUF_PUTSL(b, ",\"section\":");
		put_json_str(b, doc->section, strlen(doc->section));
	}
	if (doc_updated(doc, &up) == 0) {
		BUF_PUTSL(b, ",\"updated\":\"");
		date_format_iso(b, &up);
		buf_putc(b, '"');
	}
	/* So that a page read after the build can still say "overdue". */
	if ((st == RV_CURRENT || st == RV_DUE || st == RV_OVERDUE) &&
	    date_isset(&doc->review_date)) {
		BUF_PUTSL(b, ",\"review_date\":\"");
		date_format_iso(b, &doc->review_date);
		buf_putc(b, '"');
	}
	if (s->cfg.npartnerships > 0)
		put_partnerships(b, s, doc);
	/* Made by text_put(), so valid UTF-8 already. */
	BUF_PUTSL(b, ",\"text\":\"");
	json_escape(b, sd->text, strlen(sd->text));
	BUF_PUTSL(b, "\"}");
}

/* The document chunks; returns the number of documents per chunk. */
static size_t
write_docs(struct wctx *w, const struct site *s, struct sdoc **byn,
    size_t n)
{
	struct buf	 entries = BUF_INIT, rel = BUF_INIT;
	size_t		*off, i, c, k, lo, hi;

	off = xcalloc(n + 1, sizeof(*off));
	/* Room for them all at once, escapes aside: no copy as it grows. */
	for (i = 0, c = 0; i < n; i++)
		c += strlen(byn[i]->text) + 512;
	buf_grow(&entries, c);
	for (i = 0; i < n; i++) {
		off[i] = entries.len;
		doc_entry(&entries, s, byn[i]);
	}
	off[n] = entries.len;
	/*
	 * A small site fits in one chunk, fetched once.  Otherwise a query
	 * fetches the chunks of its top results, which are scattered: at
	 * most DOCS_BUDGET bytes for SEARCH_RESULTS chunks.
	 */
	if (n == 0)
		k = 1;
	else if (entries.len <= DOCS_ONE_CHUNK)
		k = n;
	else {
		k = DOCS_BUDGET / SEARCH_RESULTS / (entries.len / n + 1);
		if (k == 0)
			k = 1;
	}
	for (c = 0; c * k < n; c++) {
		lo = c * k;
		hi = lo + k < n ? lo + k : n;
		buf_reset(&w->file);
		buf_putc(&w->file, '[');
		for (i = lo; i < hi; i++) {
			if (i > lo)
				BUF_PUTSL(&w->file, ",\n");
			buf_put(&w->file, entries.data + off[i],
			    off[i + 1] - off[i]);
		}
		BUF_PUTSL(&w->file, "]\n");
		buf_reset(&rel);
		buf_printf(&rel, "search/docs-%03zu.json", c);
		emit_file(w, rel.data, 1);
	}
	free(off);
	buf_free(&entries);
	buf_free(&rel);
	return k;
}

/*
 * One character per document for its length in words, on a log scale
 * (for ranking shorter documents first, where nothing else decides):
 * the digit k such that 2^(k/4) <= words + 1 < 2^((k+1)/4), at most 63.
 */
static void
put_lengths(struct buf *b, struct sdoc **byn, size_t n)
{
	double			 t;
	size_t			 i, k;

	for (i = 0; i < n; i++) {
		/* Exact in IEEE doubles, so the same on every machine. */
		for (k = 0, t = 1.189207115002721; k < 63 &&
		    (double)byn[i]->words + 1 >= t; k++)
			t *= 1.189207115002721;	/* 2^(1/4) */
		buf_putc(b, digit64[k]);
	}
}

/*
 * The section filter's data: "sections", the sections of the indexed
 * documents as [name, title] (in site order, then folders the site does
 * not list in document order), and "sec", one character per document
 * from digit64: its section's place in that list + 1, or 0 for none (and
 * for a 64th section on: the filter does not offer it).
 */
static void
put_sections(struct buf *b, const struct site *s, struct sdoc **byn,
    size_t n)
{
	const char	**names, **titles;
	size_t		  nn = 0, i, j, k;

	names = xcalloc(n + s->nsections + 1, sizeof(*names));
	titles = xcalloc(n + s->nsections + 1, sizeof(*titles));
	for (i = 0; i < s->nsections; i++)
		for (j = 0; j < n; j++) {
			const char *sec = byn[j]->doc->section;

			if (sec != NULL && strcmp(sec, s->sections[i].name) == 0) {
				names[nn] = s->sections[i].name;
				titles[nn++] = s->sections[i].title != NULL ?
				    s->sections[i].title : s->sections[i].name;
				break;
			}
		}
	for (j = 0; j < n; j++) {
		const char *sec = byn[j]->doc->section;

		if (sec == NULL)
			continue;
		for (k = 0; k < nn && strcmp(names[k], sec) != 0; k++)
			;
		if (k == nn) {
			names[nn] = sec;
			titles[nn++] = sec;
		}
	}
	BUF_PUTSL(b, ",\"sections\":[");
	for (k = 0; k < nn && k < sizeof(digit64) - 2; k++) {
		if (k > 0)
			buf_putc(b, ',');
		buf_putc(b, '[');
		put_json_str(b, names[k], strlen(names[k]));
		buf_putc(b, ',');
		put_json_str(b, titles[k], strlen(titles[k]));
		buf_putc(b, ']');
	}
	BUF_PUTSL(b, "],\"sec\":\"");
	for (j = 0; j < n; j++) {
		const char *sec = byn[j]->doc->section;

		k = nn;
		if (sec != NULL)
			for (k = 0; k < nn && strcmp(names[k], sec) != 0; k++)
				;
		buf_putc(b, k < nn && k < sizeof(digit64) - 2 ?
		    digit64[k + 1] : '0');
	}
	buf_putc(b, '"');
	free(names);
	free(titles);
}

/*
 * "partnerships": [[id, short name], ...]; "prtw", "prt": per document,
 * in "prtw" hex digits, the mask of the partnerships it belongs to (bit
 * k: the k-th), so that search.js can filter before it fetches a chunk.
 */
static void
put_partnership_masks(struct buf *b, const struct site *s,
    struct sdoc **byn, size_t n)
{
	unsigned long long	 all, m;
	size_t			 j, k, w = (s->cfg.npartnerships + 3) / 4;

	all = s->cfg.npartnerships >= 64 ? ~0ULL :
	    (1ULL << s->cfg.npartnerships) - 1;
	BUF_PUTSL(b, ",\"partnerships\":[");
	for (k = 0; k < s->cfg.npartnerships; k++) {
		if (k > 0)
			buf_putc(b, ',');
		buf_putc(b, '[');
		put_json_str(b, s->cfg.partnerships[k].id,
		    strlen(s->cfg.partnerships[k].id));
		buf_putc(b, ',');
		put_json_str(b, s->cfg.partnerships[k].short_name,
		    strlen(s->cfg.partnerships[k].short_name));
		buf_putc(b, ']');
	}
	buf_printf(b, "],\"prtw\":%zu,\"prt\":\"", w);
	for (j = 0; j < n; j++) {
		m = byn[j]->doc->partners != 0 ? byn[j]->doc->partners : all;
		for (k = w; k > 0; k--)
			buf_putc(b, "0123456789abcdef"[(m >> (4 * (k - 1))) &
			    0xf]);
	}
	buf_putc(b, '"');
}

/*
 * "status": one digit per document, its status (0 current, 1 draft,
 * 2 superseded, 3 withdrawn, 4 record); "abbr": the glossary's entries as
 * [term, expansion], which search.js uses as synonyms.
 */
static void
put_status_abbr(struct buf *b, struct sdoc **byn, size_t n)
{
	const struct doc	*doc;
	size_t			 i, j, k = 0;

	BUF_PUTSL(b, ",\"status\":\"");
	for (i = 0; i < n; i++)
		buf_putc(b, (char)('0' + (int)byn[i]->doc->status % 10));
	BUF_PUTSL(b, "\",\"abbr\":[");
	for (i = 0; i < n; i++) {
		doc = byn[i]->doc;
		if (doc->type != DT_GLOSSARY)
			continue;
		for (j = 0; j < doc->nterms; j++) {
			if (doc->terms[j].term == NULL ||
			    doc->terms[j].expansion == NULL)
				continue;
			if (k++ > 0)
				buf_putc(b, ',');
			buf_putc(b, '[');
			put_json_str(b, doc->terms[j].term,
			    strlen(doc->terms[j].term));
			buf_putc(b, ',');
			put_json_str(b, doc->terms[j].expansion,
			    strlen(doc->terms[j].expansion));
			buf_putc(b, ']');
		}
	}
	buf_putc(b, ']');
}

/* Whether a term is offered as a typo suggestion: a plain word. */
static int
suggestible(const struct sterm *st, size_t ndocs)
{
	const char	*t = st->term;
	size_t		 i, len = strlen(t);
	int		 letter = 0;

	if (len < SEARCH_WORD_MIN)
		return 0;
	for (i = 0; i < len; i++) {
		if (t[i] >= 'a' && t[i] <= 'z')
			letter = 1;
		else if (t[i] < '0' || t[i] > '9')
			return 0;
	}
	/* On a big site, a word found once is more likely a typo itself. */
	return letter && (ndocs < 1000 || st->np >= 2);
}

/*
 * The typo suggestions' word lists: words-C.json for each first
 * character C, {"term":df,...} for the suggestible terms.  Appends the
 * characters that have a file to "chars".
 */
static void
write_words(struct wctx *w, size_t ndocs, struct buf *chars)
{
	struct buf	 rel = BUF_INIT;
	struct sterm	*st;
	size_t		 i, n;
	char		 c;

	for (i = 0; i < w->nterms;) {
		c = w->order[i]->key[0];
		buf_reset(&w->file);
		buf_putc(&w->file, '{');
		for (n = 0; i < w->nterms && w->order[i]->key[0] == c; i++) {
			st = w->order[i];
			if (!suggestible(st, ndocs))
				continue;
			if (n++ > 0)
				buf_putc(&w->file, ',');
			put_json_str(&w->file, st->term, st->len);
			buf_putc(&w->file, ':');
			put_uint(&w->file, (uint32_t)st->np);
		}
		if (n == 0)
			continue;
		BUF_PUTSL(&w->file, "}\n");
		buf_reset(&rel);
		buf_printf(&rel, "search/words-%c.json", c);
		emit_file(w, rel.data, 1);
		buf_putc(chars, c);
	}
	buf_free(&rel);
}

int
search_write(struct diag *d, const struct output *out, const struct site *s,
    struct search_index *ix, size_t *nfiles)
{
	struct wctx	 w;
	struct sdoc	**byn;
	struct buf	 chars = BUF_INIT;
	size_t		 i, k;

	if (nfiles != NULL)
		*nfiles = 0;
	if (ix == NULL)
		return 0;
	if (ix->written) {
		if (d != NULL)
			diag_add(d, DIAG_ERROR, NULL, 0, 0,
			    "search index written twice");
		return -1;
	}
	ix->written = 1;
	memset(&w, 0, sizeof(w));
	w.d = d;
	w.out = out;
	w.hash = FNV_INIT;
	buf_init(&w.file);
	buf_init(&w.terms);

	byn = xcalloc(ix->ndocs + 1, sizeof(*byn));
	number_docs(ix, byn);
	build_terms(&w, ix);
	write_shards(&w);
	k = write_docs(&w, s, byn, ix->ndocs);
	write_words(&w, ix->ndocs, &chars);

	buf_reset(&w.file);
	buf_printf(&w.file, "{\"version\":%d,\"build\":\"%016llx\","
	    "\"docs\":%zu,\"terms\":%zu,\"chunk\":%zu,\"results\":%d,"
	    "\"shards\":[", SEARCH_VERSION, (unsigned long long)w.hash,
	    ix->ndocs, ix->nterms, k, SEARCH_RESULTS);
	for (i = 0; i < w.nshards; i++) {
		if (i > 0)
			buf_putc(&w.file, ',');
		put_json_str(&w.file, w.shard[i], strlen(w.shard[i]));
	}
	BUF_PUTSL(&w.file, "],\"lengths\":\"");
	put_lengths(&w.file, byn, ix->ndocs);
	/* Superseded and withdrawn documents rank below current ones. */
	BUF_PUTSL(&w.file, "\",\"demoted\":[");
	for (i = k = 0; i < ix->ndocs; i++)
		if (byn[i]->doc->status == ST_SUPERSEDED ||
		    byn[i]->doc->status == ST_WITHDRAWN) {
			if (k++ > 0)
				buf_putc(&w.file, ',');
			put_uint(&w.file, (uint32_t)i);
		}
	buf_putc(&w.file, ']');
	put_sections(&w.file, s, byn, ix->ndocs);
	if (s->cfg.npartnerships > 0)
		put_partnership_masks(&w.file, s, byn, ix->ndocs);
	put_status_abbr(&w.file, byn, ix->ndocs);
	BUF_PUTSL(&w.file, ",\"words\":");
	put_json_str(&w.file, chars.data != NULL ? chars.data : "", chars.len);
	BUF_PUTSL(&w.file, "}\n");
	emit_file(&w, "search/meta.json", 0);

	if (nfiles != NULL)
		*nfiles = w.nfiles;
	for (i = 0; i < w.nshards; i++)
		free(w.shard[i]);
	free(w.shard);
	free(w.sfirst);
	free(w.order);
	free(w.toff);
	free(byn);
	buf_free(&w.file);
	buf_free(&w.terms);
	buf_free(&chars);
	return w.rc;
}
