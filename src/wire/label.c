/* label.c — MPLS label stacks (see label.h). */
#include "wire/label.h"

int label_stack_from_values(struct label_stack *out, const uint32_t *values, size_t n)
{
	out->count = 0;
	if (n > LABEL_STACK_MAX)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (values[i] > LABEL_VALUE_MAX)
			return -1;
		/* above the bottom, entries 0 and 0x800000 would end the stack when read back
		 * (label_stack_read, as ExaBGP reads): the rest would be taken for the prefix */
		if (i + 1 < n && (values[i] == 0 || values[i] << 4 == LABEL_WITHDRAW_RAW))
			return -1;
		out->raw[i] = values[i] << 4;
	}
	if (n)
		out->raw[n - 1] |= LABEL_BOS;
	out->count = (uint8_t)n;
	return 0;
}

int label_stack_read(struct cursor *c, unsigned *bits, unsigned reserved, bool withdraw,
		     struct label_stack *out)
{
	out->count = 0;
	while (*bits >= reserved + 24) {
		uint32_t raw;
		if (out->count == LABEL_STACK_MAX || cursor_u24(c, &raw) < 0)
			return -1;
		out->raw[out->count++] = raw;
		*bits -= 24;
		if (raw & LABEL_BOS)
			break;
		if (raw == 0) /* ExaBGP: the "next-hop" entry ends the stack */
			break;
		if (withdraw && raw == LABEL_WITHDRAW_RAW)
			break;
	}
	return 0;
}

void label_stack_put(struct buf *out, const struct label_stack *s)
{
	for (unsigned i = 0; i < s->count; i++) {
		buf_put_u8(out, (uint8_t)(s->raw[i] >> 16));
		buf_put_u8(out, (uint8_t)(s->raw[i] >> 8));
		buf_put_u8(out, (uint8_t)s->raw[i]);
	}
}

bool label_stack_same_values(const struct label_stack *a, const struct label_stack *b)
{
	if (a->count != b->count)
		return false;
	for (unsigned i = 0; i < a->count; i++)
		if (label_value(a->raw[i]) != label_value(b->raw[i]))
			return false;
	return true;
}

int label_value_parse(const char *s, size_t len, uint32_t *out)
{
	uint32_t v = 0;
	if (len == 0 || len > 7)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint32_t)(s[i] - '0');
	}
	if (v > LABEL_VALUE_MAX)
		return -1;
	*out = v;
	return 0;
}
