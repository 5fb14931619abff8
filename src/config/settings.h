/* settings.h — what a configuration says, as plain structs a program can fill in too.
 *
 * Owns: the settings of a session, of a neighbour and of an API process (ExaBGP's
 * SessionSettings / NeighborSettings / ProcessSettings), their defaults (ExaBGP 6's), and
 * the record of which statements were given (`given`): a template's value replaces a
 * neighbour's only for what the template gave, and export prints only what was given.
 * Strings are borrowed: a configuration built from settings copies them (config_from_settings);
 * a parsed one points into its own arena.
 * Must not know: the text syntax (parse_*.c, export.c), routes, sessions.
 *
 *   struct settings_neighbor n;
 *   settings_neighbor_init(&n);                    every field at ExaBGP's default
 *   settings_ip_parse("192.0.2.1", &n.session.peer_address);
 *   n.session.local_as = 65000; n.session.peer_as = 65001;
 *   family_parse("ipv4 unicast ipv6 unicast", &n.families, NULL, 0);
 *   ... then config_from_settings() (config.h).
 */
#ifndef CONFIG_SETTINGS_H
#define CONFIG_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/family_set.h"

/* An IPv4 or IPv6 address; afi 0 when none was given. */
struct settings_ip {
	uint16_t afi;       /* AFI_IPV4 (4 bytes used) or AFI_IPV6 (16), 0: unset */
	uint8_t addr[16];
};

/* 0 or -1; fills *out (afi and bytes). */
int settings_ip_parse(const char *text, struct settings_ip *out);
bool settings_ip_equal(const struct settings_ip *a, const struct settings_ip *b);

/* One bit per statement a neighbour (or template) block may give. */
enum settings_field {
	/* the session */
	SF_PEER_ADDRESS,
	SF_LOCAL_ADDRESS,
	SF_LOCAL_LINK_LOCAL,
	SF_LOCAL_AS,
	SF_PEER_AS,
	SF_ROUTER_ID,
	SF_PASSIVE,
	SF_LISTEN,
	SF_CONNECT,
	SF_SOURCE_INTERFACE,
	SF_OUTGOING_TTL,
	SF_INCOMING_TTL,
	SF_MD5_PASSWORD,
	SF_MD5_BASE64,
	SF_MD5_IP,
	SF_TCP_AO_KEYID,
	SF_TCP_AO_ALGORITHM,
	SF_TCP_AO_PASSWORD,
	SF_TCP_AO_BASE64,
	/* the neighbour */
	SF_DESCRIPTION,
	SF_HOST_NAME,
	SF_DOMAIN_NAME,
	SF_HOLD_TIME,
	SF_RATE_LIMIT,
	SF_GROUP_UPDATES,
	SF_AUTO_FLUSH,
	SF_ADJ_RIB_IN,
	SF_ADJ_RIB_OUT,
	SF_MANUAL_EOR,
	/* capability { } */
	SF_CAP_NEXTHOP,
	SF_CAP_ADD_PATH,
	SF_CAP_ASN4,
	SF_CAP_GRACEFUL_RESTART,
	SF_CAP_MULTI_SESSION,
	SF_CAP_OPERATIONAL,
	SF_CAP_ROUTE_REFRESH,
	SF_CAP_AIGP,
	SF_CAP_EXTENDED_MESSAGE,
	SF_CAP_SOFTWARE_VERSION,
	SF_CAP_LINK_LOCAL_NEXTHOP,
	SF_CAP_LINK_LOCAL_PREFER,
	SF_COUNT
};

#define SETTINGS_BIT(field) ((uint64_t)1 << (field))

/* A capability that may be refused, offered, or offered and required of the peer
 * (RFC 5492 3: the session is refused when the peer does not offer it). */
enum settings_capa {
	CAPA_DISABLE = 0,
	CAPA_ENABLE = 1,
	CAPA_REQUIRE = 2,
};

/* capability add-path */
enum settings_add_path {
	ADD_PATH_DISABLE = 0,
	ADD_PATH_RECEIVE = 1,
	ADD_PATH_SEND = 2,
	ADD_PATH_SEND_RECEIVE = 3,
};

enum settings_tcp_ao_algorithm {
	TCP_AO_HMAC_SHA_1_96 = 0,
	TCP_AO_AES_128_CMAC_96 = 1,
	TCP_AO_HMAC_SHA_256 = 2,
};

struct settings_session {
	struct settings_ip peer_address;
	uint8_t peer_prefix_len;       /* a range of peers (passive only); 32/128: one peer */
	struct settings_ip local_address; /* unset: auto, found when the session connects */
	uint8_t local_link_local[16];  /* SF_LOCAL_LINK_LOCAL: our fe80::/10 address */
	uint32_t local_as;
	uint32_t peer_as;
	bool local_as_auto;            /* `local-as auto`: the peer's AS */
	bool peer_as_auto;
	uint8_t router_id[4];          /* unset (and no IPv4 local address): found at connection */
	bool has_router_id;
	bool passive;
	uint16_t listen;               /* 0: the default port (179, or exabgp.tcp.port) */
	uint16_t connect;
	const char *source_interface;  /* NULL: none */
	int16_t outgoing_ttl;          /* -1: not set (the system's) */
	int16_t incoming_ttl;          /* -1: no GTSM check */
	const char *md5_password;      /* NULL: no TCP MD5 */
	bool md5_base64;
	struct settings_ip md5_ip;     /* unset: the local address */
	uint8_t tcp_ao_keyid;
	uint8_t tcp_ao_algorithm;      /* enum settings_tcp_ao_algorithm */
	const char *tcp_ao_password;   /* NULL: no TCP-AO */
	bool tcp_ao_base64;
};

struct settings_capability {
	uint8_t nexthop;               /* enum settings_capa; unset: on when a nexthop block is given */
	uint8_t add_path;              /* enum settings_add_path */
	uint8_t asn4;                  /* enum settings_capa, default enable */
	bool graceful_restart;
	uint16_t graceful_restart_time; /* 0: the hold time */
	bool multi_session;
	uint8_t operational;
	uint8_t route_refresh;
	bool aigp;
	uint8_t extended_message;      /* default enable */
	uint8_t software_version;
	uint8_t link_local_nexthop;
	bool link_local_prefer;
};

/* api [NAME] { processes [ ... ]; processes-match [ ... ]; neighbor-changes; send { } receive { } } */
enum settings_api_flag {
	API_NEIGHBOR_CHANGES = 1 << 0,
	API_NEGOTIATED = 1 << 1,
	API_FSM = 1 << 2,
	API_SIGNAL = 1 << 3,
};

/* The messages of send { } / receive { }. */
enum settings_api_message {
	API_MSG_PARSED = 1 << 0,
	API_MSG_PACKETS = 1 << 1,
	API_MSG_CONSOLIDATE = 1 << 2,
	API_MSG_OPEN = 1 << 3,
	API_MSG_UPDATE = 1 << 4,
	API_MSG_NOTIFICATION = 1 << 5,
	API_MSG_KEEPALIVE = 1 << 6,
	API_MSG_REFRESH = 1 << 7,
	API_MSG_OPERATIONAL = 1 << 8,
};
#define API_MSG_COUNT 9
extern const char *const settings_api_message_names[API_MSG_COUNT];

struct settings_api {
	const char *name;              /* NULL: an api block without a name */
	const char **processes;
	size_t nprocesses;
	const char **processes_match;  /* regular expressions over process names */
	size_t nprocesses_match;
	uint8_t flags;                 /* enum settings_api_flag */
	uint16_t send;                 /* enum settings_api_message */
	uint16_t receive;
};

struct settings_neighbor {
	struct settings_session session;
	struct settings_capability capability;
	const char *description;       /* NULL: none */
	const char *host_name;         /* NULL: this machine's (hostname capability) */
	const char *domain_name;
	uint16_t hold_time;            /* default 180 */
	uint32_t rate_limit;           /* UPDATEs per second, 0: unlimited */
	bool group_updates;            /* default true */
	bool auto_flush;               /* default true */
	bool adj_rib_in;
	bool adj_rib_out;
	bool manual_eor;
	struct family_set families;    /* empty: family_default() */
	uint32_t prefix_limit[CONFIG_FAMILY_COUNT]; /* `ipv4 unicast prefix-limit N`, 0: none */
	struct family_set addpath;     /* add-path { }; empty: every family, when the capability is on */
	uint16_t paths_limit[CONFIG_FAMILY_COUNT];  /* `ipv4 unicast limit N` */
	struct family_set nexthop;     /* nexthop { }: families whose next hop may be of the other AFI */
	struct settings_api *api;
	size_t napi;
	uint64_t given;                /* SETTINGS_BIT(SF_*) of each statement given */
};

enum settings_encoder { ENCODER_TEXT = 0, ENCODER_JSON = 1 };
enum settings_on_exit { ON_EXIT_WITHDRAW = 0, ON_EXIT_KEEP = 1 };

/* process NAME { run PROGRAM ARG...; encoder text|json; respawn BOOL; on-exit withdraw|keep; } */
enum settings_process_field { SPF_ENCODER = 1 << 0, SPF_RESPAWN = 1 << 1, SPF_ON_EXIT = 1 << 2 };
struct settings_process {
	const char *name;
	const char **run;              /* the program and its arguments */
	size_t nrun;
	uint8_t encoder;               /* default text */
	bool respawn;                  /* default true */
	uint8_t on_exit;               /* default withdraw */
	uint8_t given;                 /* enum settings_process_field */
};

/* A whole configuration built in code: config_from_settings() turns it into the same
 * object a file gives. */
struct settings_config {
	struct settings_neighbor *neighbors;
	size_t nneighbors;
	struct settings_process *processes;
	size_t nprocesses;
};

/* Every field at ExaBGP's default, nothing given. */
void settings_session_init(struct settings_session *s);
void settings_capability_init(struct settings_capability *c);
void settings_neighbor_init(struct settings_neighbor *n);
void settings_process_init(struct settings_process *p);
void settings_config_init(struct settings_config *c);

/* The fields of n whose value differs from the defaults (what a neighbour built in code
 * "gave"); peer-address, local-as and peer-as always count as given. */
uint64_t settings_neighbor_changed(const struct settings_neighbor *n);

/* The statement keyword of a field ("hold-time", "asn4", ...). */
const char *settings_field_name(enum settings_field f);

#endif
