/* error.h — the one error record every wire parser fills.
 *
 * Owns: the RFC 7606 classification of an error (what the session must do about it) and
 * the NOTIFICATION code/subcode it maps to, plus where in the message it was found.
 * Several errors in one message keep the most severe action (RFC 7606 3: the strongest
 * approach wins); the first error of that severity keeps its code, offset and reason.
 * Must not know: sessions.
 */
#ifndef WIRE_ERROR_H
#define WIRE_ERROR_H

#include <stddef.h>
#include <stdint.h>

/* In increasing severity; the numeric order is used to keep the strongest. */
enum wire_action {
	WIRE_OK = 0,
	WIRE_ATTR_DISCARD = 1,      /* RFC 7606 2: drop the attribute, keep the routes */
	WIRE_TREAT_AS_WITHDRAW = 2, /* RFC 7606 2: the UPDATE's routes are withdrawn */
	WIRE_SESSION_RESET = 3,     /* RFC 4271 6: send NOTIFICATION, close the session */
};

/* NOTIFICATION codes (RFC 4271 4.5) */
enum bgp_error_code {
	BGP_ERR_HEADER = 1,
	BGP_ERR_OPEN = 2,
	BGP_ERR_UPDATE = 3,
	BGP_ERR_HOLD_TIMER = 4,
	BGP_ERR_FSM = 5,
	BGP_ERR_CEASE = 6,
	BGP_ERR_ROUTE_REFRESH = 7,
	BGP_ERR_SEND_HOLD_TIMER = 8,
};

/* UPDATE Message Error subcodes (RFC 4271 6.3) */
enum bgp_update_subcode {
	BGP_UPD_MALFORMED_ATTR_LIST = 1,
	BGP_UPD_UNRECOGNIZED_WELLKNOWN = 2,
	BGP_UPD_MISSING_WELLKNOWN = 3,
	BGP_UPD_ATTR_FLAGS = 4,
	BGP_UPD_ATTR_LENGTH = 5,
	BGP_UPD_INVALID_ORIGIN = 6,
	BGP_UPD_INVALID_NEXT_HOP = 8,
	BGP_UPD_OPTIONAL_ATTR = 9,
	BGP_UPD_INVALID_NETWORK = 10,
	BGP_UPD_MALFORMED_AS_PATH = 11,
};

#define WIRE_WHY_MAX 160

struct wire_error {
	enum wire_action action;
	uint8_t code;
	uint8_t subcode;
	uint32_t offset;   /* absolute offset in the message of the field at fault */
	uint32_t count;    /* how many errors were seen in the message */
	uint32_t data_offset, data_len; /* the bytes a NOTIFICATION should carry as Data, if any */
	char why[WIRE_WHY_MAX];
};

void wire_error_clear(struct wire_error *err);

/* Record an error; keeps the stronger of the existing and the new one. Returns -1 when the
 * resulting action is WIRE_SESSION_RESET (so parsers can `return wire_error_set(...)`),
 * 0 otherwise. err may be NULL. */
int wire_error_set(struct wire_error *err, enum wire_action action, uint8_t code, uint8_t subcode,
		   size_t offset, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

const char *wire_action_name(enum wire_action action);

#endif
