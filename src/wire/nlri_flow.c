/* nlri_flow.c — see nlri_flow.h. */
#include "wire/nlri_flow.h"

#include <string.h>

bool flow_type_valid(uint16_t afi, uint8_t type)
{
	if (type < FLOW_DESTINATION)
		return false;
	return afi == AFI_IPV6 ? type <= FLOW_FLOW_LABEL : type <= FLOW_FRAGMENT;
}

unsigned flow_value_size(uint8_t type, uint64_t value)
{
	switch (type) {
	case FLOW_PORT:
	case FLOW_DESTINATION_PORT:
	case FLOW_SOURCE_PORT:
	case FLOW_TCP_FLAGS:
	case FLOW_PACKET_LENGTH:
	case FLOW_FRAGMENT:
		return value < 0x100 ? 1 : 2;
	case FLOW_FLOW_LABEL:
		return value < 0x100 ? 1 : value < 0x10000 ? 2 : 4;
	default:
		return 1;
	}
}

/* Length octets (RFC 8955 4.1): one below 240, else 0xF000 | length in two. */
static int read_length(struct cursor *c, uint16_t *len)
{
	uint8_t first, second;
	if (cursor_u8(c, &first) < 0)
		return -1;
	if ((first & 0xF0) != 0xF0) {
		*len = first;
		return 0;
	}
	if (cursor_u8(c, &second) < 0)
		return -1;
	*len = (uint16_t)((first & 0x0F) << 8 | second);
	return 0;
}

/* A prefix component's body (after its type): bits [offset] octets. */
static int read_prefix(struct cursor *c, uint16_t afi, struct flow_item *out)
{
	unsigned max = afi == AFI_IPV6 ? 128 : 32;
	if (cursor_u8(c, &out->bits) < 0 || out->bits > max)
		return -1;
	out->offset = 0;
	if (afi == AFI_IPV6 && (cursor_u8(c, &out->offset) < 0 || out->offset > out->bits))
		return -1;
	memset(out->addr, 0, sizeof(out->addr));
	return cursor_bytes(c, out->addr, (out->bits + 7u) / 8u);
}

static int read_operator(struct cursor *c, struct flow_item *out)
{
	uint8_t op;
	if (cursor_u8(c, &op) < 0)
		return -1;
	unsigned size = 1u << ((op & FLOW_OP_LEN) >> 4);
	const uint8_t *v;
	if (cursor_view(c, size, &v) < 0)
		return -1;
	out->op = (uint8_t)(op & ~FLOW_OP_LEN);
	out->value = 0;
	for (unsigned i = 0; i < size; i++)
		out->value = out->value << 8 | v[i];
	return 0;
}

/* Check every component of body: 0, or -1 with why set. */
static int check_components(struct cursor *body, uint16_t afi, const char **why)
{
	uint8_t last = 0;
	struct flow_item item;

	if (cursor_empty(body)) {
		*why = "has no component";
		return -1;
	}
	while (!cursor_empty(body)) {
		uint8_t type;
		cursor_u8(body, &type);
		if (!flow_type_valid(afi, type)) {
			*why = "has an unknown component type";
			return -1;
		}
		/* RFC 8955 4.2: strictly increasing types; ExaBGP sends several prefixes of one
		 * type (some vendors accept them), so a repeated prefix type is let through */
		if (type < last || (type == last && !flow_type_is_prefix(type))) {
			*why = "has components out of order";
			return -1;
		}
		last = type;
		item.type = type;
		if (flow_type_is_prefix(type)) {
			if (read_prefix(body, afi, &item) < 0) {
				*why = "has a malformed prefix component";
				return -1;
			}
			continue;
		}
		do {
			if (read_operator(body, &item) < 0) {
				*why = "has an operator running past its end";
				return -1;
			}
		} while (!(item.op & FLOW_OP_END));
	}
	return 0;
}

int nlri_flow_read(struct cursor *c, uint16_t afi, uint8_t safi, struct nlri *out, struct wire_error *err)
{
	size_t at = cursor_offset(c);
	const uint8_t *start = cursor_ptr(c);
	uint16_t len;
	struct cursor body;
	const char *why = NULL;

	memset(out, 0, sizeof(*out));
	if (read_length(c, &len) < 0 || cursor_sub(c, len, &body) < 0)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_UPDATE, BGP_UPD_INVALID_NETWORK, at,
				      "flow NLRI length runs past the field");
	if (safi == SAFI_FLOW_VPN && cursor_skip(&body, 8) < 0)
		why = "is too short for its route distinguisher";
	if (why == NULL)
		check_components(&body, afi, &why);
	if (why) {
		/* the NLRI is delimited: the rest of the field can still be read */
		wire_error_set(err, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPDATE, BGP_UPD_INVALID_NETWORK, at,
			       "flow NLRI %s", why);
		return 1;
	}
	out->afi = afi;
	out->safi = safi;
	out->data = start;
	out->len = (uint16_t)(cursor_ptr(c) - start);
	return 0;
}

static size_t header_size(const struct nlri *n)
{
	if (n->len == 0)
		return 0;
	return (n->data[0] & 0xF0) == 0xF0 ? 2 : 1;
}

const uint8_t *nlri_flow_rd(const struct nlri *n)
{
	size_t h = header_size(n);
	if (n->safi != SAFI_FLOW_VPN || n->len < h + 8)
		return NULL;
	return n->data + h;
}

void flow_iter_init(struct flow_iter *it, const struct nlri *n)
{
	size_t h = header_size(n);
	if (n->safi == SAFI_FLOW_VPN)
		h += 8;
	if (h > n->len)
		h = n->len;
	it->c = cursor_make(n->data + h, n->len - h, 0);
	it->afi = n->afi;
	it->type = 0;
}

int flow_iter_next(struct flow_iter *it, struct flow_item *out)
{
	if (it->type == 0) {
		if (cursor_u8(&it->c, &it->type) < 0 || !flow_type_valid(it->afi, it->type))
			return 0;
		if (flow_type_is_prefix(it->type)) {
			out->type = it->type;
			out->op = 0;
			out->value = 0;
			it->type = 0;
			return read_prefix(&it->c, it->afi, out) < 0 ? 0 : 1;
		}
	}
	out->type = it->type;
	memset(out->addr, 0, sizeof(out->addr));
	out->bits = out->offset = 0;
	if (read_operator(&it->c, out) < 0)
		return 0;
	if (out->op & FLOW_OP_END)
		it->type = 0;
	return 1;
}

void flow_builder_init(struct flow_builder *b, uint16_t afi)
{
	memset(b, 0, sizeof(*b));
	b->afi = afi;
	b->safi = SAFI_FLOW;
}

int flow_builder_add(struct flow_builder *b, const struct flow_item *item)
{
	if (b->count == FLOW_ITEMS_MAX)
		return -1;
	b->items[b->count++] = *item;
	return 0;
}

static size_t put_value(uint8_t *p, unsigned size, uint64_t value)
{
	for (unsigned i = 0; i < size; i++)
		p[i] = (uint8_t)(value >> (8 * (size - 1 - i)));
	return size;
}

int flow_builder_pack(const struct flow_builder *b, uint8_t out[FLOW_NLRI_MAX], struct nlri *n)
{
	uint8_t body[FLOW_NLRI_MAX + 64];
	size_t len = 0;
	const size_t limit = 4095;

	if (b->has_rd) {
		memcpy(body, b->rd, 8);
		len = 8;
	}
	/* types in increasing order; within a type, the order given (RFC 8955 4.2) */
	for (uint8_t type = FLOW_DESTINATION; type <= FLOW_FLOW_LABEL; type++) {
		size_t last = b->count;
		for (size_t i = 0; i < b->count; i++)
			if (b->items[i].type == type)
				last = i;
		if (last == b->count)
			continue;
		bool listed = false;
		for (size_t i = 0; i <= last; i++) {
			const struct flow_item *it = &b->items[i];
			if (it->type != type)
				continue;
			if (len + 24 > limit)
				return -1;
			if (flow_type_is_prefix(type)) {
				body[len++] = type;
				body[len++] = it->bits;
				if (b->afi == AFI_IPV6)
					body[len++] = it->offset;
				unsigned bytes = (it->bits + 7u) / 8u;
				memcpy(body + len, it->addr, bytes);
				len += bytes;
				continue;
			}
			if (!listed) {
				body[len++] = type;
				listed = true;
			}
			unsigned size = flow_value_size(type, it->value);
			uint8_t op = (uint8_t)(it->op & ~(FLOW_OP_END | FLOW_OP_LEN));
			if (i == last)
				op |= FLOW_OP_END;
			op |= (uint8_t)((size == 1 ? 0 : size == 2 ? 1 : size == 4 ? 2 : 3) << 4);
			body[len++] = op;
			len += put_value(body + len, size, it->value);
		}
	}
	if (len > limit)
		return -1;
	size_t h = 0;
	if (len < 0xF0) {
		out[h++] = (uint8_t)len;
	} else {
		out[h++] = (uint8_t)(0xF0 | len >> 8);
		out[h++] = (uint8_t)len;
	}
	memcpy(out + h, body, len);
	memset(n, 0, sizeof(*n));
	n->afi = b->afi;
	n->safi = b->has_rd ? SAFI_FLOW_VPN : SAFI_FLOW;
	n->data = out;
	n->len = (uint16_t)(h + len);
	return 0;
}
