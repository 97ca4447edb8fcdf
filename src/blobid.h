/*
 * blobid.h: the id git gives a blob, as a stable name for any material
 * (the page cache's keys and checks, the kept walk's keys).
 */
#ifndef BLOBID_H
#define BLOBID_H

#include <stddef.h>

/*
 * Write the id git gives a blob holding data[0..len) (SHA-1 of "blob
 * LEN", a NUL and the data: 40 hex digits and a NUL) into hex.
 */
void	 blob_id(char hex[41], const void *data, size_t len);

/* The same id as its 20 bytes. */
void	 blob_id_raw(unsigned char id[20], const void *data, size_t len);

/* An id's 20 bytes as 40 hex digits and a NUL. */
void	 blob_id_hex(char hex[41], const unsigned char id[20]);

#endif /* !BLOBID_H */
