/* route.c — see route.h. */
#include "model/route.h"

#include <string.h>

bool nexthop_equal(const struct nexthop *a, const struct nexthop *b)
{
	return a->len == b->len && a->self == b->self && memcmp(a->addr, b->addr, a->len) == 0;
}
