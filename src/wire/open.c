/* open.c — see open.h. */
#include "wire/open.h"

#include <stdlib.h>

#include "core/cursor.h"
#include "core/xalloc.h"
#include "wire/message.h"

void bgp_open_init(struct bgp_open *o)
{
	o->version = BGP_VERSION;
	o->my_as = 0;
	o->hold_time = 0;
	o->bgp_id = 0;
	capabilities_init(&o->caps);
}

void bgp_open_fini(struct bgp_open *o)
{
	capabilities_fini(&o->caps);
}

int bgp_open_set_as(struct bgp_open *o, uint32_t as, bool asn4)
{
	if (as == 0 || (as > 0xffff && !asn4))
		return -1;
	o->my_as = as > 0xffff ? BGP_AS_TRANS : (uint16_t)as;
	if (asn4)
		capabilities_set_asn4(&o->caps, as);
	return 0;
}

uint32_t bgp_open_as(const struct bgp_open *o)
{
	if (capabilities_decoded(&o->caps, CAP_ASN4))
		return o->caps.asn4;
	return o->my_as;
}

static int open_error(struct wire_error *err, uint8_t subcode, size_t at, const char *why)
{
	return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_OPEN, subcode, at, "%s", why);
}

/* The fixed fields, with the checks RFC 4271 6.2 (and its updates) put on them. */
static int open_fixed_parse(struct cursor *c, struct bgp_open *o, struct wire_error *err)
{
	size_t at = cursor_offset(c);

	if (cursor_left(c) < BGP_OPEN_FIXED_LEN) {
		/* the header's length promised at least 29 octets (RFC 4271 6.1) */
		wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_HEADER, BGP_HDR_BAD_LENGTH,
			       at >= 3 ? at - 3 : 0, "OPEN body of %zu octets is shorter than %d",
			       cursor_left(c), BGP_OPEN_FIXED_LEN);
		if (err && at >= BGP_HEADER_LEN) { /* Data is the erroneous Length field */
			err->data_offset = (uint32_t)(at - 3);
			err->data_len = 2;
		}
		return -1;
	}
	cursor_u8(c, &o->version);
	cursor_u16(c, &o->my_as);
	cursor_u16(c, &o->hold_time);
	cursor_u32(c, &o->bgp_id);
	if (o->version != BGP_VERSION)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_OPEN, BGP_OPEN_UNSUPPORTED_VERSION,
				      at, "version %u, we speak %d", o->version, BGP_VERSION);
	/* RFC 7607 2: "If a BGP speaker receives zero as the peer AS in an OPEN message, it
	 * MUST abort the connection and send a NOTIFICATION with ... Bad Peer AS" */
	if (o->my_as == 0)
		return open_error(err, BGP_OPEN_BAD_PEER_AS, at + 1, "My Autonomous System is 0");
	/* RFC 4271 6.2: "An implementation MUST reject Hold Time values of one or two seconds" */
	if (o->hold_time == 1 || o->hold_time == 2)
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_OPEN,
				      BGP_OPEN_UNACCEPTABLE_HOLD_TIME, at + 3,
				      "hold time of %u seconds", o->hold_time);
	/* RFC 6286 2.1: the BGP Identifier is any non-zero four-octet number */
	if (o->bgp_id == 0)
		return open_error(err, BGP_OPEN_BAD_BGP_ID, at + 5, "BGP Identifier is 0");
	return 0;
}

/* The optional parameters, in either form.
 *
 * RFC 4271 4.2: Opt Parm Len (1), then parameters of
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  Parm. Type   | Parm. Length  |  Parameter Value (variable)
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * RFC 9072 2: when the octet after a non-zero Opt Parm Len is 255, the extended form is in
 * use: that octet is followed by a two-octet Extended Opt. Parm. Length, and each parameter
 * has a two-octet length:
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |Non-Ext OP Len.|Non-Ext OP Type|  Extended Opt. Parm. Length   |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  Parm. Type   |        Parameter Length       |  Value ...
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * Lengths that disagree with the message are malformed parameters: OPEN Message Error,
 * Unspecific (RFC 4271 6.2).
 */
static int open_params_parse(struct cursor *c, struct bgp_open *o, struct wire_error *err)
{
	size_t at = cursor_offset(c);
	uint8_t short_len, kind;
	uint16_t params_len;
	bool extended = false;
	struct cursor params;
	uint16_t param = 0;

	cursor_u8(c, &short_len); /* open_fixed_parse left it unread, and it is there */
	params_len = short_len;
	struct cursor peek = *c;
	if (short_len && cursor_u8(&peek, &kind) == 0 && kind == BGP_OPT_PARAM_EXTENDED) {
		extended = true;
		*c = peek;
		if (cursor_u16(c, &params_len) < 0)
			return open_error(err, BGP_OPEN_UNSPECIFIC, at,
					  "extended optional parameters length cut short (RFC 9072 2)");
	}
	if (params_len > cursor_left(c))
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_OPEN, BGP_OPEN_UNSPECIFIC, at,
				      "optional parameters of %u octets run past the message (%zu left)",
				      params_len, cursor_left(c));
	if (params_len < cursor_left(c))
		return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_OPEN, BGP_OPEN_UNSPECIFIC, at,
				      "%zu octets after the optional parameters",
				      cursor_left(c) - params_len);
	cursor_sub(c, params_len, &params);

	while (!cursor_empty(&params)) {
		size_t p_at = cursor_offset(&params);
		uint16_t len;
		uint8_t len8;
		struct cursor value;

		if (cursor_u8(&params, &kind) < 0 ||
		    (extended ? cursor_u16(&params, &len) : cursor_u8(&params, &len8)) < 0)
			return open_error(err, BGP_OPEN_UNSPECIFIC, p_at,
					  "optional parameter header cut short");
		if (!extended)
			len = len8;
		if (cursor_sub(&params, len, &value) < 0)
			return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_OPEN, BGP_OPEN_UNSPECIFIC,
					      p_at, "optional parameter of %u octets runs past the others",
					      len);
		/* RFC 4271 6.2: a parameter type we do not recognise is Unsupported Optional
		 * Parameters; Authentication (1) was removed from BGP-4 and is one of them */
		if (kind != BGP_OPT_PARAM_CAPABILITIES)
			return wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_OPEN,
					      BGP_OPEN_UNSUPPORTED_PARAM, p_at,
					      "optional parameter type %u", kind);
		if (capabilities_parse(&o->caps, &value, param, err) < 0)
			return -1;
		param++;
	}
	return 0;
}

int bgp_open_parse(const uint8_t *body, size_t len, size_t base, struct bgp_open *out,
		   struct wire_error *err)
{
	struct cursor c = cursor_make(body, len, base);

	bgp_open_init(out);
	/* RFC 8654 4: extended messages never apply to an OPEN, which stays within 4096 octets
	 * whatever the header check allowed */
	if (len > BGP_OPEN_MAX_LEN - BGP_HEADER_LEN) {
		wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_HEADER, BGP_HDR_BAD_LENGTH,
			       base >= 3 ? base - 3 : 0, "OPEN of %zu octets", len + BGP_HEADER_LEN);
		if (err && base >= BGP_HEADER_LEN) { /* Data is the erroneous Length field */
			err->data_offset = (uint32_t)(base - 3);
			err->data_len = 2;
		}
		goto out_fini;
	}
	if (open_fixed_parse(&c, out, err) < 0)
		goto out_fini;
	if (open_params_parse(&c, out, err) < 0)
		goto out_fini;
	return 0;

out_fini:
	bgp_open_fini(out);
	return -1;
}

int bgp_open_pack(const struct bgp_open *o, struct buf *out)
{
	size_t start = out->len;
	uint16_t nparams = capabilities_params(&o->caps);
	size_t *lens = NULL, total = 0;
	struct buf values = BUF_INIT;
	bool extended = false;
	size_t at = 0;

	message_begin(out, BGP_MSG_OPEN);
	buf_put_u8(out, o->version);
	buf_put_u16(out, o->my_as);
	buf_put_u16(out, o->hold_time);
	buf_put_u32(out, o->bgp_id);

	if (nparams)
		lens = xcalloc(nparams, sizeof(*lens));
	for (uint16_t p = 0; p < nparams; p++) {
		size_t before = values.len;
		if (capabilities_pack(&o->caps, p, &values) < 0)
			goto out_undo;
		lens[p] = values.len - before;
		/* RFC 9072 2: the one-octet form whenever it can hold the parameters */
		if (lens[p] > 255)
			extended = true;
		total += 2 + lens[p];
	}
	if (total > 255)
		extended = true;
	if (extended) {
		total += nparams; /* each parameter length takes two octets */
		if (total > 0xffff)
			goto out_undo;
		buf_put_u8(out, 255);
		buf_put_u8(out, BGP_OPT_PARAM_EXTENDED);
		buf_put_u16(out, (uint16_t)total);
	} else {
		buf_put_u8(out, (uint8_t)total);
	}
	for (uint16_t p = 0; p < nparams; p++) {
		buf_put_u8(out, BGP_OPT_PARAM_CAPABILITIES);
		if (extended)
			buf_put_u16(out, (uint16_t)lens[p]);
		else
			buf_put_u8(out, (uint8_t)lens[p]);
		if (lens[p]) {
			buf_put(out, values.data + at, lens[p]);
			at += lens[p];
		}
	}
	if (out->len - start > BGP_OPEN_MAX_LEN)
		goto out_undo;
	message_finish(out, start);
	free(lens);
	buf_free(&values);
	return 0;

out_undo:
	out->len = start;
	free(lens);
	buf_free(&values);
	return -1;
}
