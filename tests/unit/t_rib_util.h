/* t_rib_util.h — helpers for the route store's tests: routes from text, UPDATEs back to
 * a compact description. */
#ifndef T_RIB_UTIL_H
#define T_RIB_UTIL_H

#include <stdlib.h>

#include "core/buf.h"
#include "core/cursor.h"
#include "model/route_text.h"
#include "rib/adjout.h"
#include "rib/index.h"
#include "rib/store.h"
#include "wire/family.h"
#include "wire/ip.h"
#include "wire/message.h"
#include "tap.h"

/* Routes parsed from text live in collections kept until the end of the test program. */
static struct update_collection rib_texts[512];
static size_t rib_ntexts;

static inline const struct route *route_of(const char *text)
{
	struct route_text_error err;
	struct update_collection *c = &rib_texts[rib_ntexts++];
	update_collection_init(c);
	if (route_text_parse(c, text, strlen(text), NULL, &err) < 0 || c->count == 0) {
		printf("# route_of(%s): %s\n", text, err.why);
		abort();
	}
	return &c->routes[0];
}

static inline void rib_texts_free(void)
{
	for (size_t i = 0; i < rib_ntexts; i++)
		update_collection_fini(&rib_texts[i]);
	rib_ntexts = 0;
}

static inline const struct nlri *nlri_of(const char *text)
{
	return &route_of(text)->nlri;
}

/* The UPDATEs in buf (for a session with ctx's AS numbers and ADD-PATH families), one
 * word per route: "+10.0.0.0/24>1.2.3.4" for an announce with its next hop, "-10.0.0.0/24"
 * for a withdraw, "EOR" for an End-of-RIB; message boundaries shown as " | ". */
static inline const char *updates_text(const struct buf *buf, const struct open_context *ctx, uint64_t addpath)
{
	static struct buf out = BUF_INIT;
	struct update_collection c;
	update_collection_init(&c);
	buf_reset(&out);
	for (size_t off = 0; off + BGP_HEADER_LEN <= buf->len;) {
		size_t len = be16_load(buf->data + off + 16);
		if (out.len)
			buf_puts(&out, " | ");
		if (update_collection_parse(&c, buf->data + off, len, ctx, addpath) < 0) {
			buf_puts(&out, "(unparseable)");
			break;
		}
		if (c.eor)
			buf_puts(&out, "EOR");
		for (size_t i = 0; i < c.count; i++) {
			const struct route *r = &c.routes[i];
			char prefix[NLRI_PREFIX_STR_MAX], ip[IP_STR_MAX];
			if (i)
				buf_putc(&out, ' ');
			buf_putc(&out, r->action == ROUTE_ANNOUNCE ? '+' : '-');
			buf_puts(&out, nlri_prefix_format(&r->nlri, prefix));
			if (r->action == ROUTE_ANNOUNCE && r->nexthop.len) {
				buf_putc(&out, '>');
				buf_puts(&out, ip_format(r->nexthop.len == 4 ? AFI_IPV4 : AFI_IPV6, r->nexthop.addr, ip));
			}
		}
		off += len;
	}
	update_collection_fini(&c);
	return buf_cstr(&out);
}

/* Number of UPDATE messages in buf. */
static inline size_t updates_count(const struct buf *buf)
{
	size_t n = 0;
	for (size_t off = 0; off + BGP_HEADER_LEN <= buf->len; off += be16_load(buf->data + off + 16))
		n++;
	return n;
}

#endif
