/*
 * strmap.c: string-keyed hash map with linear probing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "util.h"

static uint64_t
hash(const char *s)
{
	uint64_t	 h = 1469598103934665603ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static struct strmap_slot *
find(const struct strmap *m, const char *key, uint64_t h)
{
	size_t	 i;

	if (m->cap == 0)
		return NULL;
	i = (size_t)h & (m->cap - 1);
	while (m->slots[i].key != NULL) {
		if (m->slots[i].hash == h && strcmp(m->slots[i].key, key) == 0)
			return &m->slots[i];
		i = (i + 1) & (m->cap - 1);
	}
	return &m->slots[i];
}

void *
strmap_get(const struct strmap *m, const char *key)
{
	struct strmap_slot	*s = find(m, key, hash(key));

	return s != NULL && s->key != NULL ? s->val : NULL;
}

static void
rehash(struct strmap *m)
{
	struct strmap_slot	*old = m->slots, *s;
	size_t			 oldcap = m->cap, i;

	m->cap = oldcap != 0 ? oldcap * 2 : 64;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	for (i = 0; i < oldcap; i++) {
		if (old[i].key == NULL)
			continue;
		s = find(m, old[i].key, old[i].hash);
		*s = old[i];
	}
	free(old);
}

void *
strmap_put(struct strmap *m, const char *key, void *val)
{
	struct strmap_slot	*s;
	uint64_t		 h = hash(key);

	if ((m->n + 1) * 4 > m->cap * 3)
		rehash(m);
	s = find(m, key, h);
	if (s->key != NULL)
		return s->val;
	s->key = xstrdup(key);
	s->val = val;
	s->hash = h;
	m->n++;
	return NULL;
}

void
strmap_set(struct strmap *m, const char *key, void *val)
{
	struct strmap_slot	*s;
	uint64_t		 h = hash(key);

	if ((m->n + 1) * 4 > m->cap * 3)
		rehash(m);
	s = find(m, key, h);
	if (s->key == NULL) {
		s->key = xstrdup(key);
		s->hash = h;
		m->n++;
	}
	s->val = val;
}

void
strmap_free(struct strmap *m)
{
	size_t	 i;

	for (i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	m->slots = NULL;
	m->cap = m->n = 0;
}
