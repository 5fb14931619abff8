/* notification.c — see notification.h. */
#include "wire/notification.h"

#include <string.h>

#include "core/cursor.h"
#include "core/hex.h"
#include "core/utf8.h"
#include "wire/message.h"
#include "wire/open.h"

/* The largest Data a 4096-octet NOTIFICATION can carry (RFC 4271 4.1, 4.5): we may send it
 * before extended messages are negotiated, or because they were not. */
#define NOTIFICATION_DATA_MAX (4096 - BGP_HEADER_LEN - NOTIFICATION_MIN_BODY)

int notification_parse(const uint8_t *body, size_t len, size_t base, struct notification *out,
		       struct wire_error *err)
{
	struct cursor c = cursor_make(body, len, base);

	if (cursor_u8(&c, &out->code) < 0 || cursor_u8(&c, &out->subcode) < 0) {
		wire_error_set(err, WIRE_SESSION_RESET, BGP_ERR_HEADER, BGP_HDR_BAD_LENGTH,
			       base >= 3 ? base - 3 : 0, "NOTIFICATION body of %zu octets has no error code",
			       len);
		return -1;
	}
	out->data_len = cursor_left(&c);
	out->data = cursor_ptr(&c);
	return 0;
}

void notification_pack(struct buf *out, uint8_t code, uint8_t subcode, const uint8_t *data,
		       size_t len)
{
	size_t start = message_begin(out, BGP_MSG_NOTIFICATION);
	buf_put_u8(out, code);
	buf_put_u8(out, subcode);
	if (len > NOTIFICATION_DATA_MAX)
		len = NOTIFICATION_DATA_MAX;
	if (len)
		buf_put(out, data, len);
	message_finish(out, start);
}

int notification_pack_shutdown(struct buf *out, uint8_t subcode, const char *text, size_t len,
			       size_t max)
{
	uint8_t data[1 + SHUTDOWN_COMMUNICATION_MAX];
	size_t cut;

	if (subcode != BGP_CEASE_ADMIN_SHUTDOWN && subcode != BGP_CEASE_ADMIN_RESET)
		return -1;
	if (!utf8_valid(text, len))
		return -1;
	if (max > SHUTDOWN_COMMUNICATION_MAX)
		max = SHUTDOWN_COMMUNICATION_MAX;
	cut = utf8_cut(text, len, max);
	if (cut == 0) {
		notification_pack(out, BGP_ERR_CEASE, subcode, NULL, 0);
		return 0;
	}
	/* RFC 9003 2: Length (1 octet), then the UTF-8 Shutdown Communication */
	data[0] = (uint8_t)cut;
	memcpy(data + 1, text, cut);
	notification_pack(out, BGP_ERR_CEASE, subcode, data, 1 + cut);
	return 0;
}

int notification_pack_error(struct buf *out, const struct wire_error *err, const uint8_t *msg,
			    size_t msg_len)
{
	if (err->action != WIRE_SESSION_RESET)
		return -1;
	if (err->code == BGP_ERR_OPEN && err->subcode == BGP_OPEN_UNSUPPORTED_VERSION) {
		/* RFC 4271 6.2: "the largest, locally-supported version number less than the
		 * version the remote BGP peer bid", as a 2-octet unsigned integer */
		uint8_t version[2] = {0, BGP_VERSION};
		notification_pack(out, err->code, err->subcode, version, sizeof(version));
		return 0;
	}
	if (err->data_len && err->data_offset <= msg_len && err->data_len <= msg_len - err->data_offset)
		notification_pack(out, err->code, err->subcode, msg + err->data_offset, err->data_len);
	else
		notification_pack(out, err->code, err->subcode, NULL, 0);
	return 0;
}

/* The IANA "BGP Error (Notification) Codes" and "BGP Error Subcodes" registries, in the words
 * ExaBGP prints (its notification.py _str_code and _str_subcode). */
const char *notification_code_name(uint8_t code)
{
	switch (code) {
	case 1: return "Message Header Error";
	case 2: return "OPEN Message Error";
	case 3: return "UPDATE Message Error";
	case 4: return "Hold Timer Expired";
	case 5: return "Finite State Machine Error";
	case 6: return "Cease";
	case 7: return "ROUTE-REFRESH Message Error";  /* RFC 7313 */
	case 8: return "Send Hold Timer Expired";      /* RFC 9687 */
	case 9: return "Loss of LSDB Synchronization"; /* RFC 9815 */
	}
	return NULL;
}

static const char *const header_subcodes[] = {
	"Unspecific", "Connection Not Synchronized", "Bad Message Length", "Bad Message Type",
};

static const char *const open_subcodes[] = {
	"Unspecific",
	"Unsupported Version Number",
	"Bad Peer AS",
	"Bad BGP Identifier",
	"Unsupported Optional Parameter",
	"[Deprecated] Authentication Failure",
	"Unacceptable Hold Time",
	"Unsupported Capability",                 /* RFC 5492 */
	"[Deprecated] Grouping Conflict",         /* draft-ietf-idr-bgp-multisession */
	"[Deprecated] Grouping Required",
	"[Deprecated] Capability Value Mismatch",
	"Role Mismatch",                          /* RFC 9234 */
};

static const char *const update_subcodes[] = {
	"Unspecific",
	"Malformed Attribute List",
	"Unrecognized Well-known Attribute",
	"Missing Well-known Attribute",
	"Attribute Flags Error",
	"Attribute Length Error",
	"Invalid ORIGIN Attribute",
	"[Deprecated] AS Routing Loop",
	"Invalid NEXT_HOP Attribute",
	"Optional Attribute Error",
	"Invalid Network Field",
	"Malformed AS_PATH",
};

/* RFC 6608 */
static const char *const fsm_subcodes[] = {
	"Unspecified Error",
	"Receive Unexpected Message in OpenSent State",
	"Receive Unexpected Message in OpenConfirm State",
	"Receive Unexpected Message in Established State",
};

/* RFC 4486, RFC 9003, RFC 8538, RFC 9384 */
static const char *const cease_subcodes[] = {
	"Reserved",
	"Maximum Number of Prefixes Reached",
	"Administrative Shutdown",
	"Peer De-configured",
	"Administrative Reset",
	"Connection Rejected",
	"Other Configuration Change",
	"Connection Collision Resolution",
	"Out of Resources",
	"Hard Reset",
	"BFD Down",
};

/* RFC 7313 */
static const char *const refresh_subcodes[] = {"Reserved", "Invalid Message Length"};

#define PICK(table, i) ((i) < sizeof(table) / sizeof(table[0]) ? table[i] : NULL)

const char *notification_subcode_name(uint8_t code, uint8_t subcode)
{
	switch (code) {
	case 1: return PICK(header_subcodes, subcode);
	case 2: return PICK(open_subcodes, subcode);
	case 3: return PICK(update_subcodes, subcode);
	case 5: return PICK(fsm_subcodes, subcode);
	case 6: return PICK(cease_subcodes, subcode);
	case 7: return PICK(refresh_subcodes, subcode);
	case 4: /* fall through: these codes define no subcode but 0 */
	case 8:
	case 9: return subcode == 0 ? "Unspecific" : NULL;
	}
	return NULL;
}

void notification_shutdown(const struct notification *n, struct shutdown_communication *out)
{
	struct cursor c = cursor_make(n->data, n->data_len, 0);
	const uint8_t *text;

	memset(out, 0, sizeof(*out));
	/* RFC 9003 2: only these two Cease subcodes carry a Shutdown Communication */
	if (n->code != BGP_ERR_CEASE ||
	    (n->subcode != BGP_CEASE_ADMIN_SHUTDOWN && n->subcode != BGP_CEASE_ADMIN_RESET))
		return;
	if (cursor_u8(&c, &out->length) < 0)
		return; /* no data: a Cease sent the RFC 4486 way */
	if (out->length == 0) {
		out->status = SHUTDOWN_EMPTY;
		out->trailer = cursor_ptr(&c);
		out->trailer_len = cursor_left(&c);
		return;
	}
	if (cursor_view(&c, out->length, &text) < 0) {
		out->status = SHUTDOWN_UNDERRUN;
		return;
	}
	if (!utf8_valid((const char *)text, out->length)) {
		out->status = SHUTDOWN_BAD_UTF8;
		return;
	}
	out->status = SHUTDOWN_TEXT;
	out->text = (const char *)text;
	out->text_len = out->length;
	out->trailer = cursor_ptr(&c);
	out->trailer_len = cursor_left(&c);
}

/* Text from the peer: valid UTF-8 always; with escape, control characters and '\' too. */
static void text_put(struct buf *out, const char *s, size_t len, bool escape)
{
	struct buf clean = BUF_INIT;

	if (!escape) {
		utf8_put_lossy(out, s, len);
		return;
	}
	utf8_put_lossy(&clean, s, len);
	for (size_t i = 0; i < clean.len; i++) {
		uint8_t ch = clean.data[i];
		if (ch < 0x20 || ch == 0x7f)
			buf_printf(out, "\\x%02x", ch);
		else if (ch == '\\')
			buf_puts(out, "\\\\");
		else
			buf_put_u8(out, ch);
	}
	buf_free(&clean);
}

static void hexstring_put(struct buf *out, const uint8_t *data, size_t len)
{
	buf_puts(out, "0x");
	hex_put(out, data, len, true);
}

void notification_data_text(const struct notification *n, struct buf *out, bool escape)
{
	struct shutdown_communication sc;
	struct buf flat = BUF_INIT;

	notification_shutdown(n, &sc);
	switch (sc.status) {
	case SHUTDOWN_NONE:
		if (n->data_len)
			text_put(out, (const char *)n->data, n->data_len, escape);
		return;
	case SHUTDOWN_EMPTY:
		buf_puts(out, "empty Shutdown Communication.");
		return;
	case SHUTDOWN_UNDERRUN:
	case SHUTDOWN_BAD_UTF8:
		buf_printf(out, "invalid Shutdown Communication (%s) length : %u [",
			   sc.status == SHUTDOWN_UNDERRUN ? "buffer underrun" : "invalid UTF-8", sc.length);
		hexstring_put(out, n->data + 1, n->data_len - 1);
		buf_putc(out, ']');
		return;
	case SHUTDOWN_TEXT:
		break;
	}
	/* ExaBGP puts the communication on one line: CR and LF become spaces */
	for (size_t i = 0; i < sc.text_len; i++) {
		char ch = sc.text[i];
		buf_putc(&flat, ch == '\r' || ch == '\n' ? ' ' : ch);
	}
	buf_puts(out, "Shutdown Communication: \"");
	text_put(out, (const char *)flat.data, flat.len, escape);
	buf_putc(out, '"');
	if (sc.trailer_len) {
		buf_puts(out, ", trailing data: ");
		hexstring_put(out, sc.trailer, sc.trailer_len);
	}
	buf_free(&flat);
}

void notification_format(const struct notification *n, struct buf *out)
{
	const char *code = notification_code_name(n->code);
	const char *subcode = notification_subcode_name(n->code, n->subcode);
	size_t before;

	/* ExaBGP's Notification.__str__, its spelling of the unknown included */
	buf_puts(out, code ? code : "unknown error");
	buf_puts(out, " / ");
	buf_puts(out, subcode ? subcode : "unknow reason");
	buf_puts(out, " / ");
	before = out->len;
	notification_data_text(n, out, true);
	if (out->len == before)
		out->len -= 3; /* no data: no separator */
}
