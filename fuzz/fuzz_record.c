/*
 * fuzz_record.c: libFuzzer target for commitmsg.c and pubstate.c, which
 * read what contributors write into commit messages and front matter.
 *
 * The input's first byte, modulo 4, is the commit's number of parents;
 * the rest, up to its first NUL, is the message given to
 * commitmsg_parse(), and the whole rest, as a version's text, to
 * pubstate_read().  The note must be a single line (no line feed) no
 * longer than the message, empty when bare; a Change-note note is never
 * bare.  Parsing again into the same struct gives the same result.  A
 * version's state must have a known status, text at least as long as
 * its body, and is never a review of itself; read twice it is equal.
 */
#include <stdlib.h>
#include <string.h>

#include "../src/buf.h"
#include "../src/commitmsg.h"
#include "../src/pubstate.h"
#include "../src/util.h"
#include "fuzz.h"

static void
check_msg(const char *msg, int nparents)
{
	struct commitmsg	 m = COMMITMSG_INIT, again = COMMITMSG_INIT;

	commitmsg_parse(msg, nparents, &m);
	FUZZ_CHECK(m.note.len == strlen(m.note.data));
	FUZZ_CHECK(memchr(m.note.data, '\n', m.note.len) == NULL);
	FUZZ_CHECK(m.note.len <= strlen(msg));
	FUZZ_CHECK(!m.bare || m.note.len == 0);
	FUZZ_CHECK(!(m.bare && m.trailer));
	FUZZ_CHECK(!m.trailer || m.note.len > 0);
	/* The struct is reused for every commit of a walk. */
	commitmsg_parse("Merge pull request #1 from a/b\n\nT\n", 2, &again);
	commitmsg_parse(msg, nparents, &again);
	FUZZ_CHECK(again.note.len == m.note.len &&
	    memcmp(again.note.data, m.note.data, m.note.len) == 0);
	FUZZ_CHECK(again.request == m.request && again.bare == m.bare &&
	    again.trailer == m.trailer);
	commitmsg_free(&m);
	commitmsg_free(&again);
}

static void
check_text(const char *text, size_t len)
{
	struct pubstate	 a = PUBSTATE_INIT, b = PUBSTATE_INIT;

	pubstate_read(text, len, &a);
	FUZZ_CHECK(a.status == PUB_CURRENT || a.status == PUB_DRAFT ||
	    a.status == PUB_SUPERSEDED || a.status == PUB_WITHDRAWN);
	FUZZ_CHECK(!pubstate_is_review(&a, &a));
	pubstate_read(text, len, &b);
	FUZZ_CHECK(a.status == b.status && !pubstate_is_review(&a, &b));
	FUZZ_CHECK(a.text.len == b.text.len && a.review.len == b.review.len);
	pubstate_free(&a);
	pubstate_free(&b);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*msg;

	if (size == 0)
		return 0;
	msg = xstrndup((const char *)data + 1, size - 1);
	check_msg(msg, data[0] % 4);
	free(msg);
	check_text((const char *)data + 1, size - 1);
	return 0;
}
