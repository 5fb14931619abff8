/* cmd_peer.c — the commands about peers themselves:
 *   peer list                                       [{"peer-address", "peer-as", "state"}]
 *   peer [S] show [summary|extensive|configuration] a list, one object per peer
 *   peer [S] teardown [[CODE] SUBCODE] [TEXT]       close the Established sessions
 *   peer create IP local-as N peer-as N ...         a dynamic peer (saved)
 *   peer delete S                                   remove peers (saved)
 *
 * Owns: their syntax and their JSON. `show extensive` (and `show` alone, as ExaBGP 6's
 * JSON API does) is ExaBGP's neighbor as_dict: {"peer-address", "local-address",
 * "state": "up"|"down", "duration", "fsm", "local": {...}, "peer": {...}, "messages":
 * {"sent": {...}, "received": {...}}, "capabilities": [...], "families": [...],
 * "add-path": {...}}; `show summary` the columns of ExaBGP's summary table as keys.
 * Must not know: sessions (api_peer_info is all it sees).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/cmd.h"
#include "api/selector.h"
#include "core/xalloc.h"
#include "wire/ip.h"

/* ---- rendering ---- */

static void put_family_key(struct json *j, uint16_t afi, uint8_t safi)
{
	char name[FAMILY_NAME_MAX];
	json_key(j, family_format(afi, safi, name));
}

static void put_tristate(struct json *j, int8_t v)
{
	if (v < 0)
		json_null(j);
	else
		json_bool(j, v != 0);
}

/* ExaBGP writes null for what is not known yet (an empty string, a value not known) */
static void put_text_or_null(struct json *j, const char *text)
{
	if (text[0])
		json_string(j, text);
	else
		json_null(j);
}

static void put_uint_or_null(struct json *j, bool known, uint64_t v)
{
	if (known)
		json_uint(j, v);
	else
		json_null(j);
}

static const char *addpath_word(bool send, bool receive)
{
	return send && receive ? "send/receive" : send ? "send" : receive ? "receive" : "disabled";
}

static void put_side(struct json *j, const struct api_peer_info *p, bool local)
{
	json_object_open(j);
	JSON_KEY(j, "address");
	put_text_or_null(j, local ? p->local_address : p->peer_address);
	JSON_KEY(j, "as");
	put_uint_or_null(j, local || p->peer_as_known, local ? p->local_as : p->peer_as);
	JSON_KEY(j, "id");
	put_text_or_null(j, local ? p->local_id : p->peer_id);
	JSON_KEY(j, "hold");
	put_uint_or_null(j, local || p->peer_hold, local ? p->local_hold : p->peer_hold);
	JSON_KEY(j, "capabilities");
	json_object_open(j);
	for (size_t i = 0; i < p->ncaps; i++) {
		json_key(j, p->caps[i].name);
		put_tristate(j, local ? p->caps[i].local : p->caps[i].peer);
	}
	json_object_close(j);
	JSON_KEY(j, "families");
	json_object_open(j);
	for (size_t i = 0; i < p->nfamilies; i++) {
		put_family_key(j, p->families[i].afi, p->families[i].safi);
		json_bool(j, local ? p->families[i].local : p->families[i].peer);
	}
	json_object_close(j);
	JSON_KEY(j, "add-path");
	json_object_open(j);
	for (size_t i = 0; i < p->nfamilies; i++) {
		put_family_key(j, p->families[i].afi, p->families[i].safi);
		json_bool(j, local ? p->families[i].addpath_send : p->families[i].addpath_receive);
	}
	json_object_close(j);
	json_object_close(j);
}

static void put_extensive(struct json *j, const struct api_peer_info *p)
{
	json_object_open(j);
	JSON_KEY(j, "peer-address");
	json_string(j, p->peer_address);
	JSON_KEY(j, "local-address");
	put_text_or_null(j, p->local_address);
	JSON_KEY(j, "state");
	json_string(j, p->up ? "up" : "down");
	JSON_KEY(j, "duration");
	json_uint(j, p->duration);
	JSON_KEY(j, "fsm");
	json_string(j, p->state ? p->state : "IDLE");
	if (p->description) {
		JSON_KEY(j, "description");
		json_string(j, p->description);
	}
	JSON_KEY(j, "local");
	put_side(j, p, true);
	JSON_KEY(j, "peer");
	put_side(j, p, false);
	JSON_KEY(j, "messages");
	json_object_open(j);
	for (int dir = 0; dir < 2; dir++) {
		json_key(j, dir == 0 ? "sent" : "received");
		json_object_open(j);
		for (size_t i = 0; i < p->nmessages; i++) {
			json_key(j, p->messages[i].name);
			json_uint(j, dir == 0 ? p->messages[i].sent : p->messages[i].received);
		}
		json_object_close(j);
	}
	json_object_close(j);
	JSON_KEY(j, "capabilities");
	json_array_open(j);
	for (size_t i = 0; i < p->ncaps; i++)
		if (p->caps[i].local > 0 && p->caps[i].peer > 0)
			json_string(j, p->caps[i].name);
	json_array_close(j);
	JSON_KEY(j, "families");
	json_array_open(j);
	char name[FAMILY_NAME_MAX];
	for (size_t i = 0; i < p->nfamilies; i++)
		if (p->families[i].local && p->families[i].peer)
			json_string(j, family_format(p->families[i].afi, p->families[i].safi, name));
	json_array_close(j);
	JSON_KEY(j, "add-path");
	json_object_open(j);
	for (size_t i = 0; i < p->nfamilies; i++) {
		put_family_key(j, p->families[i].afi, p->families[i].safi);
		json_string(j, addpath_word(p->families[i].addpath_send, p->families[i].addpath_receive));
	}
	json_object_close(j);
	json_object_close(j);
}

static uint64_t updates(const struct api_peer_info *p, bool sent)
{
	for (size_t i = 0; i < p->nmessages; i++)
		if (strcmp(p->messages[i].name, "update") == 0)
			return sent ? p->messages[i].sent : p->messages[i].received;
	return 0;
}

/* ExaBGP's summary table, a row per peer: Peer AS up/down state #sent #recvd */
static void put_summary(struct json *j, const struct api_peer_info *p)
{
	json_object_open(j);
	JSON_KEY(j, "peer-address");
	json_string(j, p->peer_address);
	JSON_KEY(j, "peer-as");
	put_uint_or_null(j, p->peer_as_known, p->peer_as);
	JSON_KEY(j, "state");
	json_string(j, p->up ? "up" : "down");
	JSON_KEY(j, "duration");
	json_uint(j, p->duration);
	JSON_KEY(j, "fsm");
	json_string(j, p->state ? p->state : "IDLE");
	JSON_KEY(j, "sent");
	json_uint(j, updates(p, true));
	JSON_KEY(j, "received");
	json_uint(j, updates(p, false));
	json_object_close(j);
}

/* ---- peer list / show ---- */

int api_cmd_peer_list(struct api_cmd *cmd)
{
	struct api_target t;
	struct api_peer_info *p = xmalloc(sizeof(*p));

	cmd->ans->query = true;
	if (!api_cmd_end(cmd) || api_cmd_select(cmd, &t, false) < 0)
		goto out;
	struct json *j = api_answer_json(cmd->ans);
	json_array_open(j);
	for (size_t i = 0; i < t.count; i++) {
		memset(p, 0, sizeof(*p));
		if (cmd->api->ops->peer_info(cmd->api->be, &t, i, p) < 0)
			continue;
		json_object_open(j);
		JSON_KEY(j, "peer-address");
		json_string(j, p->peer_address);
		JSON_KEY(j, "local-address");
		put_text_or_null(j, p->local_address);
		JSON_KEY(j, "peer-as");
		put_uint_or_null(j, p->peer_as_known, p->peer_as);
		JSON_KEY(j, "local-as");
		json_uint(j, p->local_as);
		JSON_KEY(j, "state");
		json_string(j, p->state ? p->state : "IDLE");
		json_object_close(j);
	}
	json_array_close(j);
	api_cmd_release(cmd, &t);
out:
	free(p);
	return API_CMD_DONE;
}

int api_cmd_peer_show(struct api_cmd *cmd)
{
	enum { SUMMARY, EXTENSIVE, CONFIGURATION } mode = EXTENSIVE;
	struct api_token t = api_lex_peek(&cmd->lx);
	struct api_target target;
	struct api_error err;
	struct buf text = BUF_INIT;
	struct api_peer_info *p = NULL;

	cmd->ans->query = true;
	if (api_tok_is(&t, "summary") || api_tok_is(&t, "extensive") || api_tok_is(&t, "configuration")) {
		mode = api_tok_is(&t, "summary") ? SUMMARY : api_tok_is(&t, "extensive") ? EXTENSIVE : CONFIGURATION;
		api_lex_next(&cmd->lx);
	}
	if (!api_cmd_end(cmd))
		return API_CMD_DONE;
	if (mode == CONFIGURATION && cmd->api->ops->peer_config == NULL) {
		api_cmd_unavailable(cmd, "peer show configuration");
		return API_CMD_DONE;
	}
	if (api_cmd_select(cmd, &target, cmd->sel.n != 0) < 0)
		return API_CMD_DONE;
	p = xmalloc(sizeof(*p));
	struct json *j = api_answer_json(cmd->ans);
	json_array_open(j);
	for (size_t i = 0; i < target.count; i++) {
		memset(p, 0, sizeof(*p));
		if (cmd->api->ops->peer_info(cmd->api->be, &target, i, p) < 0)
			continue;
		if (mode == SUMMARY) {
			put_summary(j, p);
		} else if (mode == EXTENSIVE) {
			put_extensive(j, p);
		} else {
			buf_reset(&text);
			err.why[0] = '\0';
			if (cmd->api->ops->peer_config(cmd->api->be, &target, i, &text, &err) < 0) {
				api_answer_fail(cmd->ans, "%s: %s", cmd->path, err.why);
				break;
			}
			json_object_open(j);
			JSON_KEY(j, "peer-address");
			json_string(j, p->peer_address);
			JSON_KEY(j, "configuration");
			json_string_n(j, (const char *)text.data, text.len);
			json_object_close(j);
		}
	}
	if (!cmd->ans->failed)
		json_array_close(j);
	api_cmd_release(cmd, &target);
	buf_free(&text);
	free(p);
	return API_CMD_DONE;
}

/* ---- teardown ---- */

int api_cmd_peer_teardown(struct api_cmd *cmd)
{
	unsigned long long n[2];
	size_t numbers = 0;
	uint8_t code = 6, subcode = 2; /* Cease, Administrative Shutdown (ExaBGP 6) */
	char word[64];
	struct api_target t;
	struct api_error err;

	for (;;) {
		struct api_token w = api_lex_peek(&cmd->lx);
		if (numbers == 2 || w.s == NULL || w.s[0] < '0' || w.s[0] > '9')
			break;
		if (api_parse_uint(w.s, w.len, 255, &n[numbers]) < 0) {
			api_answer_fail(cmd->ans, "%s: '%s' is not a value from 0 to 255", cmd->path,
					api_tok_text(&w, word, sizeof(word)));
			return API_CMD_DONE;
		}
		numbers++;
		api_lex_next(&cmd->lx);
	}
	if (numbers == 1) {
		subcode = (uint8_t)n[0];
	} else if (numbers == 2) {
		code = (uint8_t)n[0];
		subcode = (uint8_t)n[1];
	}
	size_t len;
	const char *rest = api_lex_rest(&cmd->lx, &len);
	/* the RFC 9003 text, its quotes dropped */
	if (len >= 2 && (rest[0] == '"' || rest[0] == '\'') && rest[len - 1] == rest[0]) {
		rest++;
		len -= 2;
	}
	if (len > 255) {
		api_answer_fail(cmd->ans, "%s: the text is longer than 255 octets (RFC 9003)", cmd->path);
		return API_CMD_DONE;
	}
	char *text = xstrndup(rest, len);
	if (api_cmd_select(cmd, &t, true) == 0) {
		err.why[0] = '\0';
		if (cmd->api->ops->teardown(cmd->api->be, &t, code, subcode, text, &err) < 0)
			api_answer_fail(cmd->ans, "%s: %s", cmd->path, err.why);
		api_cmd_release(cmd, &t);
	}
	free(text);
	return API_CMD_DONE;
}

/* ---- create / delete ---- */

static int need_value(struct api_cmd *cmd, const char *key, struct api_token *v)
{
	*v = api_lex_next(&cmd->lx);
	if (v->s == NULL) {
		api_answer_fail(cmd->ans, "%s: %s needs a value", cmd->path, key);
		return -1;
	}
	return 0;
}

/* family-allowed ipv4-unicast/ipv6-unicast (or in-open: not given) */
static int parse_families(struct api_cmd *cmd, const struct api_token *v, struct api_peer_spec *spec)
{
	char word[64];
	if (api_tok_is(v, "in-open"))
		return 0;
	const char *s = v->s, *end = v->s + v->len;
	while (s < end) {
		const char *slash = memchr(s, '/', (size_t)(end - s));
		const char *stop = slash ? slash : end;
		const char *dash = memchr(s, '-', (size_t)(stop - s));
		uint16_t afi;
		uint8_t safi;
		if (dash == NULL || afi_parse(s, (size_t)(dash - s), &afi) < 0 ||
		    safi_parse(dash + 1, (size_t)(stop - dash - 1), &safi) < 0 || family_index(afi, safi) < 0 ||
		    spec->nfamilies == FAMILY_COUNT) {
			api_answer_fail(cmd->ans, "%s: family-allowed: '%s' is not AFI-SAFI[/AFI-SAFI...] (ipv4-unicast, ...)",
					cmd->path, api_tok_text(v, word, sizeof(word)));
			return -1;
		}
		spec->families[spec->nfamilies].afi = afi;
		spec->families[spec->nfamilies].safi = safi;
		spec->nfamilies++;
		s = slash ? slash + 1 : end;
	}
	return 0;
}

int api_cmd_peer_create(struct api_cmd *cmd)
{
	struct api_peer_spec spec;
	struct api_token t, v;
	struct api_error err;
	unsigned long long n;
	char word[64];
	unsigned seen = 0;
	enum { LOCAL_AS = 1, PEER_AS = 2, LOCAL_ADDRESS = 4, ROUTER_ID = 8, FAMILIES = 16, GR = 32, GU = 64 };
	/* process names live in the line: copied, as the spec must not point into it after */
	char names[API_PEER_PROCESSES_MAX][128];

	if (cmd->api->ops->peer_create == NULL) {
		api_cmd_unavailable(cmd, "peer create");
		return API_CMD_DONE;
	}
	memset(&spec, 0, sizeof(spec));
	spec.graceful_restart = -1;
	spec.group_updates = -1;
	t = api_lex_next(&cmd->lx);
	if (api_tok_is(&t, "neighbor")) /* ExaBGP's `create neighbor IP` read after `peer create` */
		t = api_lex_next(&cmd->lx);
	if (!api_token_address(&t, &spec.peer)) {
		api_answer_fail(cmd->ans, "%s: '%s' is not a peer address", cmd->path,
				t.s ? api_tok_text(&t, word, sizeof(word)) : "");
		return API_CMD_DONE;
	}
	for (;;) {
		t = api_lex_next(&cmd->lx);
		if (t.s == NULL)
			break;
		unsigned bit;
		if (api_tok_is(&t, "local-as") || api_tok_is(&t, "peer-as")) {
			bit = api_tok_is(&t, "local-as") ? LOCAL_AS : PEER_AS;
			if (need_value(cmd, bit == LOCAL_AS ? "local-as" : "peer-as", &v) < 0)
				return API_CMD_DONE;
			if (api_parse_uint(v.s, v.len, UINT32_MAX, &n) < 0 || n == 0) {
				api_answer_fail(cmd->ans, "%s: '%s' is not an AS number", cmd->path, api_tok_text(&v, word, sizeof(word)));
				return API_CMD_DONE;
			}
			if (bit == LOCAL_AS)
				spec.local_as = (uint32_t)n;
			else
				spec.peer_as = (uint32_t)n;
		} else if (api_tok_is(&t, "local-address") || api_tok_is(&t, "local-ip")) {
			bit = LOCAL_ADDRESS;
			if (need_value(cmd, "local-address", &v) < 0)
				return API_CMD_DONE;
			if (!api_token_address(&v, &spec.local)) {
				api_answer_fail(cmd->ans, "%s: local-address: '%s' is not an IP address", cmd->path,
						api_tok_text(&v, word, sizeof(word)));
				return API_CMD_DONE;
			}
		} else if (api_tok_is(&t, "router-id")) {
			bit = ROUTER_ID;
			if (need_value(cmd, "router-id", &v) < 0)
				return API_CMD_DONE;
			if (ipv4_parse(v.s, v.len, spec.router_id) < 0) {
				api_answer_fail(cmd->ans, "%s: router-id: '%s' is not an IPv4 address", cmd->path,
						api_tok_text(&v, word, sizeof(word)));
				return API_CMD_DONE;
			}
			spec.has_router_id = true;
		} else if (api_tok_is(&t, "family-allowed")) {
			bit = FAMILIES;
			if (need_value(cmd, "family-allowed", &v) < 0 || parse_families(cmd, &v, &spec) < 0)
				return API_CMD_DONE;
		} else if (api_tok_is(&t, "graceful-restart")) {
			bit = GR;
			if (need_value(cmd, "graceful-restart", &v) < 0)
				return API_CMD_DONE;
			if (api_parse_uint(v.s, v.len, 4095, &n) < 0) {
				api_answer_fail(cmd->ans, "%s: graceful-restart: '%s' is not a time from 0 to 4095 seconds",
						cmd->path, api_tok_text(&v, word, sizeof(word)));
				return API_CMD_DONE;
			}
			spec.graceful_restart = (int32_t)n;
		} else if (api_tok_is(&t, "group-updates")) {
			bit = GU;
			if (need_value(cmd, "group-updates", &v) < 0)
				return API_CMD_DONE;
			if (!api_tok_is(&v, "true") && !api_tok_is(&v, "false")) {
				api_answer_fail(cmd->ans, "%s: group-updates must be true or false", cmd->path);
				return API_CMD_DONE;
			}
			spec.group_updates = api_tok_is(&v, "true");
		} else if (api_tok_is(&t, "api")) {
			if (need_value(cmd, "api", &v) < 0)
				return API_CMD_DONE;
			if (spec.nprocesses == API_PEER_PROCESSES_MAX || v.len >= sizeof(names[0])) {
				api_answer_fail(cmd->ans, "%s: api: too many processes, or a name too long", cmd->path);
				return API_CMD_DONE;
			}
			memcpy(names[spec.nprocesses], v.s, v.len);
			names[spec.nprocesses][v.len] = '\0';
			spec.processes[spec.nprocesses] = names[spec.nprocesses];
			spec.nprocesses++;
			continue;
		} else {
			api_answer_fail(cmd->ans, "%s: '%s' is not one of local-as, peer-as, local-address, router-id, "
						  "family-allowed, graceful-restart, group-updates, api",
					cmd->path, api_tok_text(&t, word, sizeof(word)));
			return API_CMD_DONE;
		}
		if (seen & bit) {
			api_answer_fail(cmd->ans, "%s: %s is given twice", cmd->path, api_tok_text(&t, word, sizeof(word)));
			return API_CMD_DONE;
		}
		seen |= bit;
	}
	if (!(seen & LOCAL_AS) || !(seen & PEER_AS)) {
		api_answer_fail(cmd->ans, "%s: %s is missing", cmd->path, !(seen & LOCAL_AS) ? "local-as" : "peer-as");
		return API_CMD_DONE;
	}
	if ((seen & LOCAL_ADDRESS) && spec.local.afi != spec.peer.afi) {
		api_answer_fail(cmd->ans, "%s: the local address and the peer address are not of the same family", cmd->path);
		return API_CMD_DONE;
	}
	err.why[0] = '\0';
	if (cmd->api->ops->peer_create(cmd->api->be, &spec, &err) < 0) {
		api_answer_fail(cmd->ans, "%s: %s", cmd->path, err.why);
		return API_CMD_DONE;
	}
	cmd->ans->persist = true;
	return API_CMD_DONE;
}

int api_cmd_peer_delete(struct api_cmd *cmd)
{
	struct api_target t;
	struct api_error err;
	char word[64];

	if (cmd->api->ops->peer_delete == NULL) {
		api_cmd_unavailable(cmd, "peer delete");
		return API_CMD_DONE;
	}
	struct api_token w = api_lex_peek(&cmd->lx);
	if (api_tok_is(&w, "neighbor"))
		api_lex_next(&cmd->lx);
	err.why[0] = '\0';
	int rc = api_selector_parse(&cmd->lx, &cmd->sel, &err);
	if (rc <= 0) {
		w = api_lex_peek(&cmd->lx);
		if (rc < 0)
			api_answer_fail(cmd->ans, "%s: %s", cmd->path, err.why);
		else if (w.s == NULL)
			api_answer_fail(cmd->ans, "%s: which peers? (an address, '*' or '[...]')", cmd->path);
		else
			api_answer_fail(cmd->ans, "%s: '%s' is not a peer address, '*' or '[...]'", cmd->path,
					api_tok_text(&w, word, sizeof(word)));
		return API_CMD_DONE;
	}
	if (!api_cmd_end(cmd) || api_cmd_select(cmd, &t, true) < 0)
		return API_CMD_DONE;
	err.why[0] = '\0';
	if (cmd->api->ops->peer_delete(cmd->api->be, &t, &err) < 0)
		api_answer_fail(cmd->ans, "%s: %s", cmd->path, err.why);
	else
		cmd->ans->persist = true;
	api_cmd_release(cmd, &t);
	return API_CMD_DONE;
}
