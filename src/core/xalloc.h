/* xalloc.h — allocation that cannot fail.
 *
 * Owns: the policy that running out of memory is fatal. A BGP speaker that cannot allocate
 * cannot keep its promises to peers, so it says why and exits rather than limping on.
 * Must not know: anything about BGP.
 */
#ifndef CORE_XALLOC_H
#define CORE_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
void *xmemdup(const void *p, size_t n);

#endif
