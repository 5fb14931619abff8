/* selector.c — see selector.h. */
#include "api/selector.h"

#include <stdio.h>
#include <string.h>

#include "wire/family.h"
#include "wire/ip.h"

int api_parse_uint(const char *s, size_t len, unsigned long long max, unsigned long long *out)
{
	unsigned long long v = 0;
	if (len == 0 || len > 20)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		unsigned d = (unsigned)(s[i] - '0');
		if (v > (max - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

bool api_token_address(const struct api_token *t, struct api_address *a)
{
	if (t->s == NULL || t->len >= IP_STR_MAX)
		return false;
	return ip_parse(t->s, t->len, &a->afi, a->addr) == 0;
}

bool api_selector_starts(const struct api_token *t)
{
	struct api_address a;
	if (t->s == NULL)
		return false;
	if (api_tok_is(t, "*") || api_tok_is(t, "["))
		return true;
	return api_token_address(t, &a);
}

static int bad_value(struct api_error *err, const char *key, const struct api_token *v, const char *what)
{
	char word[64];
	if (v->s == NULL)
		snprintf(err->why, sizeof(err->why), "selector: %s needs a value (%s)", key, what);
	else
		snprintf(err->why, sizeof(err->why), "selector: %s '%s' is not %s", key,
			 api_tok_text(v, word, sizeof(word)), what);
	return -1;
}

/* "ipv4-unicast" (ExaBGP's family-allowed spelling) */
static int parse_family_word(const struct api_token *t, uint16_t *afi, uint8_t *safi)
{
	const char *dash = t->s ? memchr(t->s, '-', t->len) : NULL;
	if (dash == NULL)
		return -1;
	size_t alen = (size_t)(dash - t->s);
	if (afi_parse(t->s, alen, afi) < 0 || safi_parse(dash + 1, t->len - alen - 1, safi) < 0)
		return -1;
	return 0;
}

int api_selector_qualifier(struct api_lex *lx, struct api_peer_match *m, struct api_error *err)
{
	struct api_token k = api_lex_peek(lx);
	unsigned long long n;
	struct api_token v;

	if (api_tok_is(&k, "local-ip") || api_tok_is(&k, "local-address")) {
		api_lex_next(lx);
		v = api_lex_next(lx);
		if (!api_token_address(&v, &m->local_ip))
			return bad_value(err, "local-ip", &v, "an IP address");
		m->fields |= API_MATCH_LOCAL_IP;
		return 1;
	}
	if (api_tok_is(&k, "local-as") || api_tok_is(&k, "peer-as")) {
		bool local = api_tok_is(&k, "local-as");
		api_lex_next(lx);
		v = api_lex_next(lx);
		if (v.s == NULL || api_parse_uint(v.s, v.len, UINT32_MAX, &n) < 0)
			return bad_value(err, local ? "local-as" : "peer-as", &v, "an AS number");
		if (local) {
			m->local_as = (uint32_t)n;
			m->fields |= API_MATCH_LOCAL_AS;
		} else {
			m->peer_as = (uint32_t)n;
			m->fields |= API_MATCH_PEER_AS;
		}
		return 1;
	}
	if (api_tok_is(&k, "router-id")) {
		api_lex_next(lx);
		v = api_lex_next(lx);
		if (v.s == NULL || ipv4_parse(v.s, v.len, m->router_id) < 0)
			return bad_value(err, "router-id", &v, "an IPv4 address");
		m->fields |= API_MATCH_ROUTER_ID;
		return 1;
	}
	if (api_tok_is(&k, "family-allowed")) {
		api_lex_next(lx);
		v = api_lex_next(lx);
		if (parse_family_word(&v, &m->afi, &m->safi) < 0)
			return bad_value(err, "family-allowed", &v, "a family (ipv4-unicast, ipv6-unicast, ...)");
		m->fields |= API_MATCH_FAMILY;
		return 1;
	}
	return 0;
}

/* ('*' | ADDRESS) qualifier* */
static int item_parse(struct api_lex *lx, struct api_selector *sel, struct api_error *err)
{
	struct api_token t = api_lex_next(lx);
	char word[64];

	if (sel->n == API_SELECTOR_MAX) {
		snprintf(err->why, sizeof(err->why), "selector: more than %d peers", API_SELECTOR_MAX);
		return -1;
	}
	struct api_peer_match *m = &sel->match[sel->n];
	memset(m, 0, sizeof(*m));
	if (!api_tok_is(&t, "*") && !api_token_address(&t, &m->peer)) {
		if (t.s == NULL)
			snprintf(err->why, sizeof(err->why), "selector: a peer address or '*' is missing");
		else
			snprintf(err->why, sizeof(err->why), "selector: '%s' is not a peer address or '*'",
				 api_tok_text(&t, word, sizeof(word)));
		return -1;
	}
	int rc;
	while ((rc = api_selector_qualifier(lx, m, err)) == 1)
		;
	if (rc < 0)
		return -1;
	sel->n++;
	return 0;
}

int api_selector_parse(struct api_lex *lx, struct api_selector *sel, struct api_error *err)
{
	struct api_token t = api_lex_peek(lx);
	char word[64];

	if (!api_selector_starts(&t))
		return 0;
	sel->n = 0;
	if (!api_tok_is(&t, "[")) {
		if (item_parse(lx, sel, err) < 0)
			return -1;
		/* `*` alone is "every peer": no match needed */
		if (sel->match[0].peer.afi == 0 && sel->match[0].fields == 0)
			sel->n = 0;
		return 1;
	}
	api_lex_next(lx);
	for (;;) {
		if (item_parse(lx, sel, err) < 0)
			return -1;
		t = api_lex_next(lx);
		if (api_tok_is(&t, "]"))
			break;
		if (api_tok_is(&t, ","))
			continue;
		if (t.s == NULL)
			snprintf(err->why, sizeof(err->why), "selector: ']' is missing");
		else
			snprintf(err->why, sizeof(err->why), "selector: '%s' is not a qualifier, ',' or ']'",
				 api_tok_text(&t, word, sizeof(word)));
		return -1;
	}
	/* one `*` in the list selects everything whatever the other items say */
	for (size_t i = 0; i < sel->n; i++)
		if (sel->match[i].peer.afi == 0 && sel->match[i].fields == 0) {
			sel->n = 0;
			break;
		}
	return 1;
}

static void match_format(const struct api_peer_match *m, struct buf *out)
{
	char ip[IP_STR_MAX];
	char fam[FAMILY_NAME_MAX];

	if (m->peer.afi)
		buf_puts(out, ip_format(m->peer.afi, m->peer.addr, ip));
	else
		buf_putc(out, '*');
	if (m->fields & API_MATCH_LOCAL_IP)
		buf_printf(out, " local-ip %s", ip_format(m->local_ip.afi, m->local_ip.addr, ip));
	if (m->fields & API_MATCH_LOCAL_AS)
		buf_printf(out, " local-as %u", m->local_as);
	if (m->fields & API_MATCH_PEER_AS)
		buf_printf(out, " peer-as %u", m->peer_as);
	if (m->fields & API_MATCH_ROUTER_ID)
		buf_printf(out, " router-id %s", ip_format(AFI_IPV4, m->router_id, ip));
	if (m->fields & API_MATCH_FAMILY)
		buf_printf(out, " family-allowed %s", family_format_sep(m->afi, m->safi, '-', fam));
}

void api_selector_format(const struct api_selector *sel, struct buf *out)
{
	if (sel->n == 0) {
		buf_putc(out, '*');
		return;
	}
	if (sel->n == 1) {
		match_format(&sel->match[0], out);
		return;
	}
	buf_putc(out, '[');
	for (size_t i = 0; i < sel->n; i++) {
		if (i)
			buf_puts(out, ", ");
		match_format(&sel->match[i], out);
	}
	buf_putc(out, ']');
}
