/* settings.h — what one BGP session is configured to be: plain data, filled by the
 * configuration layer (or by a test driver from its flags), read by the session.
 *
 * Owns: struct bgp_session_settings and its defaults, and struct bgp_address (an IPv4 or
 * IPv6 address as bytes). Nothing here points anywhere: a settings value can be copied with
 * `=` and outlives whatever filled it.
 * Must not know: sockets, the state machine, configuration syntax.
 *
 * Units: times in seconds unless the name says _ms; families as family_bit() masks (wire/family.h).
 */
#ifndef BGP_SETTINGS_H
#define BGP_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire/family.h"

struct bgp_address {
	uint16_t afi;      /* AFI_IPV4 or AFI_IPV6; 0: not set */
	uint8_t addr[16];  /* 4 or 16 significant bytes */
};

#define BGP_ADDRESS_STR_MAX 48

/* Parse "192.0.2.1" or "2001:db8::1". 0, or -1 when text is not an address. */
int bgp_address_parse(struct bgp_address *a, const char *text);
/* "192.0.2.1"; "" for an unset address. Returns out. */
char *bgp_address_format(const struct bgp_address *a, char out[BGP_ADDRESS_STR_MAX]);
bool bgp_address_equal(const struct bgp_address *a, const struct bgp_address *b);
static inline bool bgp_address_set(const struct bgp_address *a) { return a->afi != 0; }

/* RFC 8950 extended next hop: an NLRI family that may carry a next hop of another AFI. */
struct bgp_nexthop_family {
	uint16_t afi;
	uint8_t safi;
	uint16_t nh_afi;
};

#define BGP_NEXTHOP_FAMILIES 8
#define BGP_MD5_KEY_MAX 80          /* TCP_MD5SIG_MAXKEYLEN */
#define BGP_NAME_MAX 64             /* hostname / domain name capability values */
#define BGP_SOFTWARE_MAX 64
#define BGP_SHUTDOWN_TEXT_MAX 255   /* RFC 9003 */

struct bgp_session_settings {
	/* ---- transport ---- */
	struct bgp_address peer_address;
	struct bgp_address local_address; /* source of our connections (unset: the kernel picks;
					   * then incoming connections are accepted on any address) */
	uint16_t peer_port;               /* the port we connect to; 0: exabgp.tcp.port, else 179 */
	uint16_t local_port;              /* the port outgoing connections are bound to; 0: any */
	bool passive;                     /* never connect: wait for the peer */
	uint8_t md5_key[BGP_MD5_KEY_MAX]; /* RFC 2385 TCP MD5 key, as bytes (md5-password, or its
					   * base64 decoded by the configuration) */
	uint8_t md5_len;                  /* 0: no TCP MD5 */
	uint8_t outgoing_ttl;             /* IP_TTL / IPV6_UNICAST_HOPS on our packets; 0: default */
	uint8_t incoming_ttl;             /* RFC 5082 GTSM: IP_MINTTL / IPV6_MINHOPCOUNT; 0: off */

	/* ---- identity ---- */
	uint32_t local_as;
	uint32_t peer_as;                 /* 0: accept any AS */
	uint32_t router_id;               /* host order; 0: the IPv4 local address of the connection */
	uint16_t hold_time;               /* we propose; 0 (no keepalives) or at least 3 */

	/* ---- families and capabilities ---- */
	uint64_t families;                /* announced in the multiprotocol capability */
	uint64_t addpath_send;            /* RFC 7911, per family */
	uint64_t addpath_receive;
	bool asn4;                        /* RFC 6793 */
	bool route_refresh;               /* RFC 2918 and RFC 7313 (ExaBGP announces both) */
	bool extended_message;            /* RFC 8654 */
	bool multisession;                /* draft-ietf-idr-bgp-multisession (ExaBGP's form) */
	bool operational;                 /* ExaBGP's operational capability (185) */
	bool graceful_restart;            /* RFC 4724 */
	uint16_t graceful_restart_time;   /* its Restart Time (12 bits) */
	bool hostname;                    /* draft-walton-bgp-hostname-capability */
	char host_name[BGP_NAME_MAX];
	char domain_name[BGP_NAME_MAX];
	char software_version[BGP_SOFTWARE_MAX]; /* draft-ietf-idr-software-version; "": not sent */
	struct bgp_nexthop_family nexthop[BGP_NEXTHOP_FAMILIES]; /* RFC 8950 */
	uint8_t nexthop_count;
	bool link_local_nexthop;          /* draft-ietf-idr-linklocal-capability */
	uint8_t link_local[16];           /* our link-local address, when that is in use */

	/* ---- behaviour ---- */
	bool manual_eor;                  /* End-of-RIB only on command, not after the table */
	bool group_updates;               /* pack routes sharing attributes into one UPDATE */
	bool adj_rib_in;                  /* hand every received UPDATE to the Adj-RIB-In hook */
	uint32_t max_prefix[FAMILY_COUNT];/* accepted prefixes per family (index family_index);
					   * 0: no limit. Exceeding sends Cease 1 (RFC 4486) */

	/* ---- timers (0: the default in parentheses) ---- */
	uint16_t open_wait;               /* OPEN must arrive within (240, RFC 4271 8 "4 minutes") */
	uint32_t send_hold_time;          /* RFC 9687 (max(480, 2 x negotiated hold time)) */
	uint32_t connect_retry_min_ms;    /* first back-off after a failure (1000) */
	uint32_t connect_retry_max_ms;    /* back-off ceiling (60000) */
	uint32_t connect_timeout_ms;      /* a connect() that takes longer fails (30000) */

	/* ---- write queue (bytes; 0: default) ---- */
	uint32_t queue_high;              /* stop producing above this (512 KiB) */
	uint32_t queue_low;               /* resume producing below this (128 KiB) */
	uint32_t queue_max;               /* never queue beyond this (4 x queue_high) */
};

/* ExaBGP-like defaults: hold time 180, ASN4, IPv4 unicast, everything else off. */
void bgp_session_settings_init(struct bgp_session_settings *s);

/* The effective values of the zero-means-default fields. */
uint32_t bgp_settings_open_wait_ms(const struct bgp_session_settings *s);
uint32_t bgp_settings_retry_min_ms(const struct bgp_session_settings *s);
uint32_t bgp_settings_retry_max_ms(const struct bgp_session_settings *s);
uint32_t bgp_settings_connect_timeout_ms(const struct bgp_session_settings *s);
uint32_t bgp_settings_queue_high(const struct bgp_session_settings *s);
uint32_t bgp_settings_queue_low(const struct bgp_session_settings *s);
uint32_t bgp_settings_queue_max(const struct bgp_session_settings *s);
/* RFC 9687 4: the SendHoldTime for a negotiated hold time (seconds). */
uint32_t bgp_settings_send_hold(const struct bgp_session_settings *s, uint16_t negotiated_hold);

#endif
