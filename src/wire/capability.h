/* capability.h — the capabilities of one OPEN (RFC 5492), as a value that can be both parsed
 * into and packed from.
 *
 * Owns: struct capabilities — what a speaker announced, capability by capability, merged
 * across every instance and every Capabilities Optional Parameter it came in — and the
 * record of how it was laid out on the wire (which TLV carried which entries, in which
 * parameter), so that an OPEN we parsed packs back to the same octets. The capability code
 * numbers and ExaBGP's names for them. The builders the daemon uses to describe its own
 * capabilities, and the look-ups negotiation uses on the peer's.
 * Must not know: sessions, configuration, what we support (negotiation decides).
 *
 * Merging (RFC 5492 4 lets a capability appear several times, in several parameters):
 *   - per-family capabilities (1, 5, 8, 69, 76) keep every entry in wire order, and the
 *     look-ups apply each RFC's rule for repeats (first wins, last wins, union);
 *   - single-valued ones keep the last instance (RFC 4724 3 says so for graceful restart;
 *     ExaBGP does the same for the others), except multi-session which keeps the first;
 *   - an unknown capability is kept raw, every instance (RFC 5492 3: not understood is not
 *     an error).
 * A superseded instance stays in the layout, marked dead: it keeps the capability's place
 * in the JSON order but is not packed again.
 *
 * Ownership: everything a struct capabilities points to is its own (capabilities_fini frees
 * it). Strings are kept with their lengths: they come from the peer and may hold any octet.
 */
#ifndef WIRE_CAPABILITY_H
#define WIRE_CAPABILITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/cursor.h"
#include "wire/error.h"

/* IANA "Capability Codes" (and the two Cisco pre-standard ones ExaBGP knows) */
enum cap_code {
	CAP_MULTIPROTOCOL = 1,           /* RFC 4760 */
	CAP_ROUTE_REFRESH = 2,           /* RFC 2918 */
	CAP_EXTENDED_NEXTHOP = 5,        /* RFC 8950 */
	CAP_EXTENDED_MESSAGE = 6,        /* RFC 8654 */
	CAP_MULTIPLE_LABELS = 8,         /* RFC 8277 */
	CAP_ROLE = 9,                    /* RFC 9234 */
	CAP_GRACEFUL_RESTART = 64,       /* RFC 4724 */
	CAP_ASN4 = 65,                   /* RFC 6793 */
	CAP_MULTISESSION = 68,           /* draft-ietf-idr-bgp-multisession */
	CAP_ADD_PATH = 69,               /* RFC 7911 */
	CAP_ENHANCED_ROUTE_REFRESH = 70, /* RFC 7313 */
	CAP_HOSTNAME = 73,               /* draft-walton-bgp-hostname-capability */
	CAP_SOFTWARE_VERSION = 75,       /* draft-ietf-idr-software-version */
	CAP_PATHS_LIMIT = 76,            /* draft-abraitis-idr-addpath-paths-limit */
	CAP_LINK_LOCAL_NEXTHOP = 77,     /* draft-ietf-idr-linklocal-capability */
	CAP_ROUTE_REFRESH_CISCO = 128,   /* pre-RFC 2918 */
	CAP_MULTISESSION_CISCO = 131,
	CAP_OPERATIONAL = 185,           /* ExaBGP's own */
};

/* RFC 4724 3: Restart Flags (4 bits) and per-family Flags */
#define CAP_GR_RESTART_STATE 0x8   /* R: the sender has restarted */
#define CAP_GR_NOTIFICATION 0x4    /* N: RFC 8538 */
#define CAP_GR_FORWARDING 0x80     /* F: forwarding state preserved for the family */
#define CAP_GR_TIME_MAX 0x0fff     /* Restart Time is 12 bits */

/* RFC 7911 4: Send/Receive */
#define CAP_ADDPATH_RECEIVE 1
#define CAP_ADDPATH_SEND 2
#define CAP_ADDPATH_BOTH 3

/* RFC 9234 4.1: BGP Role values */
enum cap_role {
	CAP_ROLE_PROVIDER = 0,
	CAP_ROLE_RS = 1,
	CAP_ROLE_RS_CLIENT = 2,
	CAP_ROLE_CUSTOMER = 3,
	CAP_ROLE_PEER = 4,
};

/* One <AFI, SAFI, value> entry of a per-family capability. */
struct cap_family {
	uint16_t afi;
	uint16_t safi;  /* two octets on the wire for the extended next hop (RFC 8950 3) */
	uint16_t value; /* next hop AFI (5), label count (8), GR flags (64), send/receive (69),
			 * paths limit (76); unused for multiprotocol (1) */
};

struct cap_list {
	struct cap_family *v;
	uint32_t len, cap;
};

/* A capability we do not interpret, kept as it came. */
struct cap_raw {
	uint8_t code;
	uint8_t len;
	uint8_t *data;
};

/* Multi-session (68, and Cisco's 131): a flags octet then the Session ID, a list of
 * capability codes (draft-ietf-idr-bgp-multisession-07 4). */
struct cap_multisession {
	uint8_t flags;
	uint8_t len;
	uint8_t codes[255];
};

/* One capability TLV as it was (or will be) on the wire. */
struct cap_slot {
	uint8_t code;
	bool dead;       /* superseded by a later instance: JSON order only, never packed */
	bool raw;        /* not understood (e.g. RFC 7911 4): kept in unknown[first] */
	uint16_t param;  /* which optional parameter carries it; pack groups slots by it */
	uint32_t first;  /* entries [first, first + count) of the code's list (or unknown[]) */
	uint32_t count;
};

struct capabilities {
	uint64_t present[4]; /* one bit per capability code announced */
	struct cap_slot *slots;
	uint32_t nslots, slots_cap;

	struct cap_list multiprotocol;   /* 1: afi, safi */
	struct cap_list nexthop;         /* 5: afi, safi, next hop afi */
	struct cap_list labels;          /* 8: afi, safi, count */
	uint8_t role;                    /* 9 */
	uint8_t graceful_flags;          /* 64: the Restart Flags nibble */
	uint16_t graceful_time;          /* 64: seconds, 12 bits */
	struct cap_list graceful;        /* 64: afi, safi, flags */
	uint32_t asn4;                   /* 65 */
	struct cap_multisession multisession[2]; /* 68, 131 */
	struct cap_list addpath;         /* 69: afi, safi, send/receive */
	struct cap_list paths_limit;     /* 76: afi, safi, limit */
	char *hostname, *domain;         /* 73 */
	uint8_t hostname_len, domain_len;
	char *software;                  /* 75 */
	uint8_t software_len;
	struct cap_raw *unknown;
	uint32_t nunknown, unknown_cap;
};

void capabilities_init(struct capabilities *c);
void capabilities_fini(struct capabilities *c);

static inline bool capabilities_has(const struct capabilities *c, uint8_t code)
{
	return (c->present[code >> 6] >> (code & 63)) & 1;
}

/* ExaBGP's name for a capability code ("multiprotocol", "asn4", ...); NULL when it has none. */
const char *capability_code_name(uint8_t code);

/* ---- building our own (each adds to the single Capabilities parameter we send) ---- */

/* A capability with an empty value: 2, 6, 70, 77, 128, 185. */
void capabilities_announce(struct capabilities *c, uint8_t code);
/* 1: one TLV per family, as RFC 4760 8 lays it out. Adding a family twice is harmless. */
void capabilities_add_family(struct capabilities *c, uint16_t afi, uint8_t safi);
void capabilities_add_nexthop(struct capabilities *c, uint16_t afi, uint16_t safi, uint16_t nh_afi);
void capabilities_add_labels(struct capabilities *c, uint16_t afi, uint8_t safi, uint8_t count);
void capabilities_set_role(struct capabilities *c, uint8_t role);
/* 64: flags is the Restart Flags nibble, time is cut to 12 bits. */
void capabilities_set_graceful(struct capabilities *c, uint8_t flags, uint16_t time);
void capabilities_add_graceful_family(struct capabilities *c, uint16_t afi, uint8_t safi, uint8_t flags);
void capabilities_set_asn4(struct capabilities *c, uint32_t asn);
/* 68 or 131. */
void capabilities_set_multisession(struct capabilities *c, uint8_t code, const uint8_t *ids, uint8_t n);
/* 69: sr is CAP_ADDPATH_RECEIVE, _SEND or _BOTH. */
void capabilities_add_addpath(struct capabilities *c, uint16_t afi, uint8_t safi, uint8_t sr);
void capabilities_add_paths_limit(struct capabilities *c, uint16_t afi, uint8_t safi, uint16_t limit);
/* 73: -1 when both names do not fit one capability (2 + host + domain > 255 octets). */
int capabilities_set_hostname(struct capabilities *c, const char *host, size_t host_len,
			      const char *domain, size_t domain_len);
/* 75: -1 when the text is longer than 254 octets. */
int capabilities_set_software(struct capabilities *c, const char *text, size_t len);
/* Any code, value sent as given (len <= 255). */
void capabilities_add_raw(struct capabilities *c, uint8_t code, const uint8_t *data, uint8_t len);

/* ---- looking at the peer's ---- */

/* RFC 4760: whether the family was announced in a multiprotocol capability. */
bool capabilities_family(const struct capabilities *c, uint16_t afi, uint8_t safi);
/* RFC 7911: the send/receive value announced for the family (last one wins), 0 if none. */
uint8_t capabilities_addpath(const struct capabilities *c, uint16_t afi, uint8_t safi);
/* RFC 8950: whether the next hop AFI was announced for the NLRI family. */
bool capabilities_nexthop(const struct capabilities *c, uint16_t afi, uint16_t safi, uint16_t nh_afi);
/* RFC 4724: whether the family is in the graceful restart capability; *flags its flags. */
bool capabilities_graceful_family(const struct capabilities *c, uint16_t afi, uint8_t safi,
				  uint8_t *flags);
/* RFC 8277 2.1: the label count for the family (first triple wins, counts below 2 mean
 * nothing), 0 if none. */
uint8_t capabilities_labels(const struct capabilities *c, uint16_t afi, uint8_t safi);
/* paths-limit: the first non-zero limit announced for the family, 0 if none. */
uint16_t capabilities_paths_limit(const struct capabilities *c, uint16_t afi, uint8_t safi);
/* The last instance of a capability kept raw (unknown, or not understood), or NULL. */
const struct cap_raw *capabilities_raw(const struct capabilities *c, uint8_t code);
/* Whether some live instance of code was understood (so its decoded fields mean something). */
bool capabilities_decoded(const struct capabilities *c, uint8_t code);

/* ---- the wire (capability_codec.c) ---- */

/* Parse the value of one Capabilities Optional Parameter (a run of <code, length, value>)
 * into c, recording its TLVs as parameter number param. Malformed values are OPEN Message
 * Errors (session reset); the offsets in err are absolute. Returns 0 or -1. */
int capabilities_parse(struct capabilities *c, struct cursor *value, uint16_t param,
		       struct wire_error *err);

/* Append the TLVs of parameter number param to out (value only, no parameter header).
 * Returns -1 when a capability does not fit its one-octet length. */
int capabilities_pack(const struct capabilities *c, uint16_t param, struct buf *out);

/* How many optional parameters the layout uses (the highest param + 1; 0 when none). */
uint16_t capabilities_params(const struct capabilities *c);

/* ---- for capability_codec.c: the layout ---- */

struct cap_slot *capabilities_slot_new(struct capabilities *c, uint8_t code, uint16_t param);
struct cap_family *cap_list_push(struct cap_list *l);
struct cap_raw *capabilities_raw_push(struct capabilities *c, uint8_t code, const uint8_t *data,
				      uint8_t len);

#endif
