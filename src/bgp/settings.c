/* settings.c — see settings.h. */
#include "bgp/settings.h"

#include <string.h>

#include "wire/ip.h"

int bgp_address_parse(struct bgp_address *a, const char *text)
{
	uint16_t afi;
	uint8_t bytes[16];
	if (ip_parse(text, strlen(text), &afi, bytes) < 0)
		return -1;
	memset(a, 0, sizeof(*a));
	a->afi = afi;
	memcpy(a->addr, bytes, afi_addr_len(afi));
	return 0;
}

char *bgp_address_format(const struct bgp_address *a, char out[BGP_ADDRESS_STR_MAX])
{
	if (!bgp_address_set(a)) {
		out[0] = '\0';
		return out;
	}
	return ip_format(a->afi, a->addr, out);
}

bool bgp_address_equal(const struct bgp_address *a, const struct bgp_address *b)
{
	return a->afi == b->afi && memcmp(a->addr, b->addr, afi_addr_len(a->afi)) == 0;
}

void bgp_session_settings_init(struct bgp_session_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->hold_time = 180;
	s->asn4 = true;
	s->families = family_bit(AFI_IPV4, SAFI_UNICAST);
	s->group_updates = true;
}

uint32_t bgp_settings_open_wait_ms(const struct bgp_session_settings *s)
{
	return (s->open_wait ? s->open_wait : 240) * 1000u;
}

uint32_t bgp_settings_retry_min_ms(const struct bgp_session_settings *s)
{
	return s->connect_retry_min_ms ? s->connect_retry_min_ms : 1000;
}

uint32_t bgp_settings_retry_max_ms(const struct bgp_session_settings *s)
{
	uint32_t max = s->connect_retry_max_ms ? s->connect_retry_max_ms : 60000;
	uint32_t min = bgp_settings_retry_min_ms(s);
	return max < min ? min : max;
}

uint32_t bgp_settings_connect_timeout_ms(const struct bgp_session_settings *s)
{
	return s->connect_timeout_ms ? s->connect_timeout_ms : 30000;
}

uint32_t bgp_settings_queue_high(const struct bgp_session_settings *s)
{
	return s->queue_high ? s->queue_high : 512 * 1024;
}

uint32_t bgp_settings_queue_low(const struct bgp_session_settings *s)
{
	uint32_t high = bgp_settings_queue_high(s);
	uint32_t low = s->queue_low ? s->queue_low : high / 4;
	return low > high ? high : low;
}

uint32_t bgp_settings_queue_max(const struct bgp_session_settings *s)
{
	uint32_t high = bgp_settings_queue_high(s);
	uint32_t max = s->queue_max ? s->queue_max : 4 * high;
	return max < high ? high : max;
}

uint32_t bgp_settings_send_hold(const struct bgp_session_settings *s, uint16_t negotiated_hold)
{
	if (s->send_hold_time)
		return s->send_hold_time;
	/* RFC 9687 4: "the greater of 8 minutes or 2 times the negotiated Hold Time" */
	uint32_t twice = 2u * negotiated_hold;
	return twice > 480 ? twice : 480;
}
