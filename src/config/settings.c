/* settings.c — see settings.h. The defaults are ExaBGP 6's (configuration/neighbor and
 * bgp/neighbor): hold time 180 s, 4-octet ASNs and extended messages offered, passive
 * off, group-updates and auto-flush on, no Adj-RIB-In / Adj-RIB-Out. */
#include "config/settings.h"

#include <string.h>

#include "config/fields.h"
#include "wire/ip.h"

const char *const settings_api_message_names[API_MSG_COUNT] = {
	"parsed", "packets", "consolidate", "open", "update", "notification", "keepalive", "refresh", "operational",
};

int settings_ip_parse(const char *text, struct settings_ip *out)
{
	memset(out, 0, sizeof(*out));
	if (text == NULL || ip_parse(text, strlen(text), &out->afi, out->addr) < 0) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	return 0;
}

bool settings_ip_equal(const struct settings_ip *a, const struct settings_ip *b)
{
	if (a->afi != b->afi)
		return false;
	size_t len = a->afi == 0 ? 0 : a->afi == 1 ? 4 : 16;
	return memcmp(a->addr, b->addr, len) == 0;
}

void settings_session_init(struct settings_session *s)
{
	memset(s, 0, sizeof(*s));
	s->outgoing_ttl = -1;
	s->incoming_ttl = -1;
	s->tcp_ao_algorithm = TCP_AO_HMAC_SHA_256;
}

void settings_capability_init(struct settings_capability *c)
{
	memset(c, 0, sizeof(*c));
	c->asn4 = CAPA_ENABLE;
	c->extended_message = CAPA_ENABLE;
}

void settings_neighbor_init(struct settings_neighbor *n)
{
	memset(n, 0, sizeof(*n));
	settings_session_init(&n->session);
	settings_capability_init(&n->capability);
	n->hold_time = 180;
	n->group_updates = true;
	n->auto_flush = true;
}

void settings_process_init(struct settings_process *p)
{
	memset(p, 0, sizeof(*p));
	p->encoder = ENCODER_TEXT;
	p->respawn = true;
	p->on_exit = ON_EXIT_WITHDRAW;
}

void settings_config_init(struct settings_config *c)
{
	memset(c, 0, sizeof(*c));
}

uint64_t settings_neighbor_changed(const struct settings_neighbor *n)
{
	struct settings_neighbor def;
	uint64_t given = SETTINGS_BIT(SF_PEER_ADDRESS) | SETTINGS_BIT(SF_LOCAL_AS) | SETTINGS_BIT(SF_PEER_AS);

	settings_neighbor_init(&def);
	for (size_t i = 0; i < field_count; i++) {
		const struct field_desc *d = &field_table[i];
		if (!field_equal(d, n, &def))
			given |= SETTINGS_BIT(d->field);
	}
	/* a router-id given or not is in has_router_id, its companion: compared above */
	return given;
}
