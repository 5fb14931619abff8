/* notification.h — the NOTIFICATION message (RFC 4271 4.5) and the Shutdown Communication
 * some Cease NOTIFICATIONs carry (RFC 9003, which replaced RFC 8203).
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   | Error code    | Error subcode |   Data (variable)             |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Owns: parsing and packing NOTIFICATIONs, the code and subcode names exactly as ExaBGP
 * prints them (the IANA registry's wording), the Shutdown Communication, the NOTIFICATION
 * a wire_error asks for, and the text ExaBGP shows for a NOTIFICATION's data.
 * Must not know: sessions (sending, closing, logging are the caller's).
 *
 * The data of a NOTIFICATION, the Shutdown Communication above all, is written by the peer:
 * nothing here trusts it. Text made from it is always valid UTF-8 (ill-formed sequences
 * become U+FFFD), and the printable form escapes control characters.
 */
#ifndef WIRE_NOTIFICATION_H
#define WIRE_NOTIFICATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "wire/error.h"

#define NOTIFICATION_MIN_BODY 2 /* code and subcode */

/* Cease subcodes (RFC 4486, RFC 9003, RFC 8538, RFC 9384) */
enum bgp_cease_subcode {
	BGP_CEASE_MAX_PREFIXES = 1,
	BGP_CEASE_ADMIN_SHUTDOWN = 2,
	BGP_CEASE_PEER_DECONFIGURED = 3,
	BGP_CEASE_ADMIN_RESET = 4,
	BGP_CEASE_CONNECTION_REJECTED = 5,
	BGP_CEASE_OTHER_CONFIG_CHANGE = 6,
	BGP_CEASE_COLLISION_RESOLUTION = 7,
	BGP_CEASE_OUT_OF_RESOURCES = 8,
	BGP_CEASE_HARD_RESET = 9,
	BGP_CEASE_BFD_DOWN = 10,
};

/* RFC 9003 2: at most 255 octets; RFC 9003 3 (as RFC 8203 did) has a sender keep to 128
 * octets unless it knows the peer takes more. */
#define SHUTDOWN_COMMUNICATION_MAX 255
#define SHUTDOWN_COMMUNICATION_LEGACY_MAX 128

struct notification {
	uint8_t code;
	uint8_t subcode;
	const uint8_t *data; /* borrowed from the message */
	size_t data_len;
};

/* Parse a NOTIFICATION body (after the header; base is its offset, 19). data points into
 * body. A body shorter than two octets fills err (Bad Message Length) and returns -1; RFC
 * 4271 6.5 forbids answering a NOTIFICATION with one, so the caller only closes. */
int notification_parse(const uint8_t *body, size_t len, size_t base, struct notification *out,
		       struct wire_error *err);

/* Append a whole NOTIFICATION message. Data longer than a 4096-octet message can carry is
 * cut to fit. */
void notification_pack(struct buf *out, uint8_t code, uint8_t subcode, const uint8_t *data,
		       size_t len);

/* Append a Cease NOTIFICATION with a Shutdown Communication (subcode 2 or 4): a Length octet
 * then UTF-8 text, cut on a character boundary to at most max octets (max above 255 is 255).
 * Empty text sends no data at all, as ExaBGP does. Returns -1 (nothing written) for another
 * subcode or text that is not UTF-8. */
int notification_pack_shutdown(struct buf *out, uint8_t subcode, const char *text, size_t len,
			       size_t max);

/* Append the NOTIFICATION a parser's error asks for. msg is the whole message the error was
 * found in (the Data field is taken from it). An Unsupported Version Number carries the
 * version we speak (RFC 4271 6.2). Returns -1 (nothing written) when err is not a session
 * reset. */
int notification_pack_error(struct buf *out, const struct wire_error *err, const uint8_t *msg,
			    size_t msg_len);

/* ExaBGP's names: "Cease", "Administrative Shutdown"; NULL when the registry has none. */
const char *notification_code_name(uint8_t code);
const char *notification_subcode_name(uint8_t code, uint8_t subcode);

/* What a Cease / Administrative Shutdown or Reset carries (RFC 9003 2). */
enum shutdown_status {
	SHUTDOWN_NONE,      /* another code, or no data at all (RFC 4486's form) */
	SHUTDOWN_TEXT,      /* a well-formed communication: text, text_len */
	SHUTDOWN_EMPTY,     /* a Length of zero */
	SHUTDOWN_UNDERRUN,  /* the Length runs past the data (RFC 9003 4: log it, nothing more) */
	SHUTDOWN_BAD_UTF8,  /* the text is not UTF-8 (RFC 9003 4: log it, nothing more) */
};

struct shutdown_communication {
	enum shutdown_status status;
	uint8_t length;          /* the Length octet */
	const char *text;        /* SHUTDOWN_TEXT: the text, not NUL-terminated */
	size_t text_len;
	const uint8_t *trailer;  /* octets after the text */
	size_t trailer_len;
};

void notification_shutdown(const struct notification *n, struct shutdown_communication *out);

/* ExaBGP's reading of the data: the Shutdown Communication spelled out for a Cease 2/4
 * ('Shutdown Communication: "..."' and its invalid forms), the data itself otherwise.
 * Always valid UTF-8. With escape, control characters and '\' are written \xNN / \\ so the
 * text is safe on a terminal or in a log line; without, they are left for a JSON writer. */
void notification_data_text(const struct notification *n, struct buf *out, bool escape);

/* One line as ExaBGP prints it: "Cease / Administrative Shutdown / Shutdown Communication:
 * "going down"", control characters escaped. */
void notification_format(const struct notification *n, struct buf *out);

#endif
