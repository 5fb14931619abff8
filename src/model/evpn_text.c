/* evpn_text.c — see evpn_text.h. */
#include "model/evpn_text.h"

#include <string.h>

#include "core/hex.h"
#include "wire/family.h"
#include "wire/ip.h"
#include "wire/nlri_evpn.h"

static const char *const names[] = {NULL, "Ethernet Auto-Discovery", "MAC/IP advertisement",
				    "Inclusive Multicast Ethernet Tag", "Ethernet Segment", "IP Prefix Advertisement"};
static const char *const short_names[] = {"unknown", "ethernetad", "macadv", "multicast", "segment", "prfxadv"};

/* ExaBGP: "-" for the zero ESI, else its octets in lower case hex joined by ':' */
static void put_esi(struct buf *out, const uint8_t esi[EVPN_ESI_LEN])
{
	static const uint8_t zero[EVPN_ESI_LEN];
	if (memcmp(esi, zero, EVPN_ESI_LEN) == 0) {
		buf_putc(out, '-');
		return;
	}
	for (int i = 0; i < EVPN_ESI_LEN; i++)
		buf_printf(out, "%s%02x", i ? ":" : "", esi[i]);
}

static void put_mac(struct buf *out, const uint8_t mac[6])
{
	for (int i = 0; i < 6; i++)
		buf_printf(out, "%s%02X", i ? ":" : "", mac[i]);
}

static void put_ip(struct buf *out, uint16_t afi, const uint8_t *addr)
{
	char ip[IP_STR_MAX];
	buf_puts(out, ip_format(afi, addr, ip));
}

void evpn_text_format(struct buf *out, const struct nlri *n)
{
	struct evpn v;
	char rd[RD_STR_MAX];
	if (evpn_unpack(n, &v) < 0) {
		buf_puts(out, "evpn:unknown:0x");
		if (n->len > 2)
			hex_put(out, n->data + 2, n->len - 2u, true);
		return;
	}
	buf_printf(out, "evpn:%s:%s", short_names[v.type], rd_format(v.rd, rd));
	if (v.type != EVPN_MULTICAST) {
		buf_putc(out, ':');
		put_esi(out, v.esi);
	}
	if (v.type != EVPN_SEGMENT)
		buf_printf(out, ":%u", v.etag);
	if (v.type == EVPN_MAC_IP) {
		buf_putc(out, ':');
		put_mac(out, v.mac);
		if (v.mac_len != 48)
			buf_printf(out, "/%u", v.mac_len);
	}
	if (v.type != EVPN_ETHERNET_AD) {
		buf_putc(out, ':');
		if (v.ip_afi)
			put_ip(out, v.ip_afi, v.ip);
	}
	if (v.type == EVPN_PREFIX) {
		buf_printf(out, "/%u:", v.ip_len);
		put_ip(out, v.ip_afi, v.gw);
	}
	if (v.labels.count) {
		buf_putc(out, ':');
		for (unsigned i = 0; i < v.labels.count; i++)
			buf_printf(out, "%s%u", i ? "," : "", label_value(v.labels.raw[i]));
	}
}

/* "label": [ [value, raw] ... ], the raw entry left out when it is 0 (as for mpls-vpn) */
static void json_labels(struct json *j, const struct label_stack *s)
{
	JSON_KEY(j, "label");
	json_array_open(j);
	for (unsigned i = 0; i < s->count; i++) {
		char item[32];
		struct buf b = {(uint8_t *)item, 0, sizeof(item)};
		buf_putc(&b, '[');
		buf_put_uint(&b, label_value(s->raw[i]));
		if (s->raw[i]) {
			buf_puts(&b, ", ");
			buf_put_uint(&b, s->raw[i]);
		}
		buf_putc(&b, ']');
		json_raw(j, item, b.len);
	}
	json_array_close(j);
}

static void json_text(struct json *j, const char *key, struct buf *tmp)
{
	json_key(j, key);
	json_string_n(j, (const char *)tmp->data, tmp->len);
	buf_reset(tmp);
}

void evpn_json_write(struct json *j, const struct nlri *n)
{
	struct evpn v;
	char rd[RD_STR_MAX], ip[IP_STR_MAX];
	struct buf t = BUF_INIT;
	bool parsed = evpn_unpack(n, &v) == 0;

	json_object_open(j);
	JSON_KEY(j, "code");
	json_uint(j, n->len ? n->data[0] : 0);
	JSON_KEY(j, "parsed");
	json_bool(j, parsed);
	hex_put(&t, n->data, n->len, true);
	json_text(j, "raw", &t);
	if (!parsed)
		goto out;
	JSON_KEY(j, "name");
	json_string(j, names[v.type]);
	JSON_KEY(j, "rd");
	json_string(j, rd_format(v.rd, rd));
	if (v.type != EVPN_MULTICAST) {
		put_esi(&t, v.esi);
		json_text(j, "esi", &t);
	}
	if (v.type != EVPN_SEGMENT) {
		JSON_KEY(j, "ethernet-tag");
		json_uint(j, v.etag);
	}
	if (v.type == EVPN_MAC_IP) {
		put_mac(&t, v.mac);
		json_text(j, "mac", &t);
	}
	if (v.type == EVPN_ETHERNET_AD || v.type == EVPN_MAC_IP || v.type == EVPN_PREFIX)
		json_labels(j, &v.labels);
	if (v.ip_afi) {
		JSON_KEY(j, "ip");
		json_string(j, ip_format(v.ip_afi, v.ip, ip));
	}
	if (v.type == EVPN_PREFIX) {
		JSON_KEY(j, "iplen");
		json_uint(j, v.ip_len);
		JSON_KEY(j, "gateway");
		json_string(j, ip_format(v.ip_afi, v.gw, ip));
	}
out:
	json_object_close(j);
	buf_free(&t);
}
