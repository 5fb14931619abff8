/* slab.c — see slab.h. Pages of about 64 KiB; the header, the slot bitmap and the objects
 * are one allocation. */
#include "rib/slab.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

#define SLAB_PAGE_TARGET 65536

static size_t page_header_size(const struct slab *s)
{
	size_t words = ((size_t)1 << s->shift) / 64 + 1;
	return sizeof(struct slab_page) + words * sizeof(uint64_t);
}

static size_t page_bytes(const struct slab *s)
{
	return page_header_size(s) + ((size_t)s->size << s->shift);
}

void slab_init(struct slab *s, uint32_t size)
{
	memset(s, 0, sizeof(*s));
	s->size = (size + 3u) & ~3u;
	/* as many slots as fit in the target, a power of two, at least 16 */
	s->shift = 4;
	while (((size_t)s->size << (s->shift + 1)) <= SLAB_PAGE_TARGET && s->shift < 16)
		s->shift++;
}

void slab_fini(struct slab *s)
{
	for (uint32_t i = 0; i < s->npages; i++)
		free(s->pages[i]);
	free(s->spare);
	free(s->pages);
	memset(s, 0, sizeof(*s));
}

static struct slab_page *page_new(struct slab *s)
{
	struct slab_page *p = s->spare;
	if (p) {
		s->spare = NULL;
	} else {
		p = xmalloc(page_bytes(s));
		s->bytes += page_bytes(s);
	}
	size_t header = page_header_size(s);
	memset(p, 0, header);
	p->free_head = SLAB_NONE;
	p->objects = (unsigned char *)p + header;
	return p;
}

static bool page_full(const struct slab *s, const struct slab_page *p)
{
	return p->free_head == SLAB_NONE && p->fresh == (1u << s->shift);
}

void *slab_alloc(struct slab *s, uint32_t *id)
{
	uint32_t n;
	for (n = s->hint; n < s->npages; n++) {
		if (s->pages[n] == NULL) {
			s->pages[n] = page_new(s);
			break;
		}
		if (!page_full(s, s->pages[n]))
			break;
	}
	if (n == s->npages) {
		if (((uint64_t)n + 1) << s->shift > ((uint64_t)1 << SLAB_ID_BITS)) {
			/* more objects than ids: a store of 134 million routes is beyond any use */
			abort();
		}
		if (n == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 8;
			s->pages = xrealloc(s->pages, s->cap * sizeof(*s->pages));
		}
		s->pages[n] = page_new(s);
		s->npages++;
	}
	s->hint = n;

	struct slab_page *p = s->pages[n];
	uint32_t slot;
	unsigned char *obj;
	if (p->free_head != SLAB_NONE) {
		slot = p->free_head;
		obj = p->objects + (size_t)slot * s->size;
		memcpy(&p->free_head, obj, sizeof(uint32_t));
	} else {
		slot = p->fresh++;
		obj = p->objects + (size_t)slot * s->size;
	}
	p->used[slot / 64] |= (uint64_t)1 << (slot % 64);
	p->live++;
	s->live++;
	*id = n << s->shift | slot;
	return obj;
}

void slab_free(struct slab *s, uint32_t id)
{
	uint32_t n = id >> s->shift, slot = id & ((1u << s->shift) - 1);
	struct slab_page *p = s->pages[n];
	unsigned char *obj = p->objects + (size_t)slot * s->size;

	p->used[slot / 64] &= ~((uint64_t)1 << (slot % 64));
	memcpy(obj, &p->free_head, sizeof(uint32_t));
	p->free_head = slot;
	p->live--;
	s->live--;
	if (n < s->hint)
		s->hint = n;
	if (p->live)
		return;

	/* An empty page goes back; its ids become invalid (slab_get answers NULL). */
	s->pages[n] = NULL;
	if (s->spare == NULL) {
		s->spare = p;
	} else {
		free(p);
		s->bytes -= page_bytes(s);
	}
	while (s->npages && s->pages[s->npages - 1] == NULL)
		s->npages--;
	if (s->hint > s->npages)
		s->hint = s->npages;
}

void *slab_get(const struct slab *s, uint32_t id)
{
	uint32_t n = id >> s->shift, slot = id & ((1u << s->shift) - 1);
	if (n >= s->npages || s->pages[n] == NULL)
		return NULL;
	const struct slab_page *p = s->pages[n];
	if (!(p->used[slot / 64] & ((uint64_t)1 << (slot % 64))))
		return NULL;
	return p->objects + (size_t)slot * s->size;
}

uint32_t slab_next(const struct slab *s, uint32_t from)
{
	uint32_t per = 1u << s->shift;
	for (uint32_t n = from >> s->shift; n < s->npages; n++, from = n << s->shift) {
		const struct slab_page *p = s->pages[n];
		if (p == NULL || p->live == 0)
			continue;
		uint32_t slot = from & (per - 1);
		while (slot < p->fresh) {
			uint64_t w = p->used[slot / 64] >> (slot % 64);
			if (w)
				return n << s->shift | (slot + (uint32_t)__builtin_ctzll(w));
			slot = (slot / 64 + 1) * 64;
		}
	}
	return SLAB_NONE;
}
