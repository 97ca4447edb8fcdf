/*
 * blobid.c: the id git gives a blob (blobid.h).
 *
 * OpenSSL's SHA-1 rather than libgit2's git_odb_hash(): libgit2 hashes
 * with collision detection, which guards a repository against crafted
 * objects but is four times slower, and a rebuild names every source,
 * scan and cache entry it reads (about 0.45 s of 2.7 s at 10,000
 * documents).  The ids are the same: tests/unit/test_blobid.c checks
 * them against libgit2's.
 */
#include <pthread.h>
#include <string.h>

#include <openssl/evp.h>

#include "blobid.h"

/*
 * SHA-1 fetched from its provider once: EVP_sha1() is looked up again
 * (under a lock, in a table) at every digest, and a build makes a
 * hundred thousand.  Kept for the life of the process.
 */
static EVP_MD		*sha1;
static pthread_once_t	 sha1_once = PTHREAD_ONCE_INIT;

static void
sha1_fetch(void)
{
	sha1 = EVP_MD_fetch(NULL, "SHA1", NULL);
}

/* Git's header of a "len"-byte blob ("blob LEN" and a NUL); its length. */
static size_t
blob_head(char head[32], size_t len)
{
	char	 d[24];
	size_t	 n = 0, k = 5;

	memcpy(head, "blob ", 5);
	do
		d[n++] = (char)('0' + len % 10);
	while ((len /= 10) > 0);
	while (n > 0)
		head[k++] = d[--n];
	head[k++] = '\0';
	return k;
}

void
blob_id_raw(unsigned char id[20], const void *data, size_t len)
{
	unsigned char	 md[EVP_MAX_MD_SIZE];
	char		 head[32];
	unsigned int	 n = 0;
	EVP_MD_CTX	*c;
	size_t		 hl;
	int		 ok;

	(void)pthread_once(&sha1_once, sha1_fetch);
	hl = blob_head(head, len);
	ok = (c = EVP_MD_CTX_new()) != NULL &&
	    EVP_DigestInit_ex(c, sha1 != NULL ? sha1 : EVP_sha1(), NULL) == 1 &&
	    EVP_DigestUpdate(c, head, hl) == 1 &&
	    EVP_DigestUpdate(c, data, len) == 1 &&
	    EVP_DigestFinal_ex(c, md, &n) == 1 && n == 20;
	EVP_MD_CTX_free(c);
	memcpy(id, md, 20);
	if (!ok)
		memset(id, 0, 20);	/* as git_odb_hash() failing was */
}

void
blob_id_hex(char hex[41], const unsigned char id[20])
{
	static const char	 digits[] = "0123456789abcdef";
	size_t			 i;

	for (i = 0; i < 20; i++) {
		hex[2 * i] = digits[id[i] >> 4];
		hex[2 * i + 1] = digits[id[i] & 15];
	}
	hex[40] = '\0';
}

void
blob_id(char hex[41], const void *data, size_t len)
{
	unsigned char	 id[20];

	blob_id_raw(id, data, len);
	blob_id_hex(hex, id);
}
