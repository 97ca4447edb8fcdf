/*
 * fuzz.h: what the libFuzzer targets share: the entry points and an
 * invariant check that aborts, so that libFuzzer keeps the input as a
 * crash.  Included only by fuzz/fuzz_*.c.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * Abort, naming the broken invariant, when "cond" is false.  abort(3)
 * rather than assert(3): the check must hold with -DNDEBUG too.
 */
#define FUZZ_CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: invariant broken: %s\n",	\
		    __FILE__, __LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

#endif /* !FUZZ_H */
