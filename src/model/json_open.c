/* json_open.c — see json_open.h. */
#include "model/json_open.h"

#include <stdio.h>

#include "core/hex.h"
#include "wire/family.h"
#include "wire/ip.h"

void json_open_body(struct json *j, const struct bgp_open *open)
{
	char router_id[IP_STR_MAX];

	json_key(j, "open");
	json_object_open(j);
	json_key(j, "version");
	json_uint(j, open->version);
	json_key(j, "asn");
	json_uint(j, open->my_as); /* the field as sent: AS_TRANS for a four-octet AS */
	json_key(j, "hold_time");
	json_uint(j, open->hold_time);
	json_key(j, "router_id");
	json_string(j, ipv4_format_u32(open->bgp_id, router_id));
	json_key(j, "capabilities");
	json_capabilities_write(j, &open->caps);
	json_object_close(j);
}

void json_open_write(struct json *j, const struct json_envelope *env, const struct bgp_open *open)
{
	json_envelope_open(j, env, "open");
	json_open_body(j, open);
	json_envelope_close(j);
}

/* ExaBGP writes "data" as the hex of its reading of the data — the data itself, or for a
 * Cease 2/4 the Shutdown Communication spelled out — and "message" as that reading in text
 * (made valid UTF-8 here: ExaBGP fails on data that is not). */
void json_notification_body(struct json *j, const struct notification *n)
{
	struct buf text = BUF_INIT, hex = BUF_INIT;
	struct shutdown_communication sc;

	notification_data_text(n, &text, false);
	notification_shutdown(n, &sc);
	buf_puts(&hex, "0x");
	if (sc.status == SHUTDOWN_NONE)
		hex_put(&hex, n->data, n->data_len, true);
	else
		hex_put(&hex, text.data, text.len, true);

	json_key(j, "notification");
	json_object_open(j);
	json_key(j, "code");
	json_uint(j, n->code);
	json_key(j, "subcode");
	json_uint(j, n->subcode);
	json_key(j, "data");
	json_string_n(j, (const char *)hex.data, hex.len);
	json_key(j, "message");
	json_string_n(j, text.len ? (const char *)text.data : "", text.len);
	json_object_close(j);
	json_space(j); /* ExaBGP: 'notification': '{ %s } ' */
	buf_free(&text);
	buf_free(&hex);
}

void json_notification_write(struct json *j, const struct json_envelope *env,
			     const struct notification *n)
{
	json_envelope_open(j, env, "notification");
	json_notification_body(j, n);
	json_envelope_close(j);
}

void json_keepalive_write(struct json *j, const struct json_envelope *env)
{
	json_envelope_open(j, env, "keepalive");
	json_space(j); /* ExaBGP: "direction": "in"  } */
	json_envelope_close(j);
}

void json_refresh_body(struct json *j, const struct route_refresh *rr)
{
	char name[FAMILY_NAME_MAX];
	const char *afi = afi_name(rr->afi), *safi = safi_name(rr->safi);

	json_key(j, "route-refresh");
	json_object_open(j);
	json_key(j, "afi");
	if (afi) {
		json_string(j, afi);
	} else {
		snprintf(name, sizeof(name), "unknown-afi-0x%x", rr->afi);
		json_string(j, name);
	}
	json_key(j, "safi");
	if (safi) {
		json_string(j, safi);
	} else {
		snprintf(name, sizeof(name), "unknown safi %u", rr->safi);
		json_string(j, name);
	}
	json_key(j, "subtype");
	json_string(j, route_refresh_subtype_name(rr->subtype));
	json_object_close(j);
}

void json_refresh_write(struct json *j, const struct json_envelope *env,
			const struct route_refresh *rr)
{
	json_envelope_open(j, env, "refresh");
	json_refresh_body(j, rr);
	json_envelope_close(j);
}
