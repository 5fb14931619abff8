/* cmd_rib.c — the Adj-RIBs:
 *   rib show in|out [SELECTOR] [extensive] [AFI [SAFI]]
 *       {"10.0.0.1": {"routes": [{"prefix": "10.0.0.0/24", "family": "ipv4 unicast"}, ...]}}
 *       (extensive: each route also has "index" and "route"); peers with no route are left
 *       out, as ExaBGP does; built a thousand routes per turn (job.c)
 *   rib flush out [SELECTOR]       resend the Adj-RIB-Out of the peers
 *   rib clear in|out [SELECTOR]    forget the Adj-RIB-In / withdraw the Adj-RIB-Out
 * The legacy `show adj-rib in`, `flush adj-rib out`, `clear adj-rib in|out` reach these
 * through the shortcut table. No selector: every peer of the client.
 * Must not know: how RIBs are kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/cmd.h"
#include "api/selector.h"
#include "core/xalloc.h"
#include "model/route_text.h"
#include "rib/index.h"
#include "wire/family.h"
#include "wire/nlri.h"
#include "wire/nlri_mpls.h"

/* in | out */
static int direction(struct api_cmd *cmd, enum api_rib *which, bool out_only)
{
	struct api_token t = api_lex_next(&cmd->lx);
	char word[64];
	if (api_tok_is(&t, "out")) {
		*which = API_RIB_OUT;
		return 0;
	}
	if (!out_only && api_tok_is(&t, "in")) {
		*which = API_RIB_IN;
		return 0;
	}
	if (t.s == NULL)
		api_answer_fail(cmd->ans, "%s: %s is missing", cmd->path, out_only ? "'out'" : "'in' or 'out'");
	else
		api_answer_fail(cmd->ans, "%s: '%s' is not %s", cmd->path, api_tok_text(&t, word, sizeof(word)),
				out_only ? "'out'" : "'in' or 'out'");
	return -1;
}

/* an optional selector */
static int selector(struct api_cmd *cmd)
{
	struct api_error err;
	err.why[0] = '\0';
	if (api_selector_parse(&cmd->lx, &cmd->sel, &err) < 0) {
		api_answer_fail(cmd->ans, "%s: %s", cmd->path, err.why);
		return -1;
	}
	return 0;
}

struct show_job {
	struct api_job job;
	struct api_target t;
	enum api_rib which;
	uint16_t afi;
	uint8_t safi;
	bool extensive;
	bool open;           /* a peer's object is open */
	size_t peer;         /* which */
	struct api_walk w;
	struct buf text;
};

static int show_each(void *ctx, size_t peer, const struct route *r)
{
	struct show_job *sj = ctx;
	struct api_client *c = sj->job.c;
	struct json *j = api_answer_json(&c->ans);
	char name[FAMILY_NAME_MAX];
	char prefix[NLRI_PREFIX_STR_MAX];

	if (!sj->open || peer != sj->peer) {
		struct api_peer_info *p = xcalloc(1, sizeof(*p));
		if (sj->open) {
			json_array_close(j);
			json_object_close(j);
		}
		if (c->api->ops->peer_info(c->api->be, &sj->t, peer, p) < 0)
			snprintf(p->peer_address, sizeof(p->peer_address), "peer %zu", peer);
		json_key(j, p->peer_address);
		json_object_open(j);
		JSON_KEY(j, "routes");
		json_array_open(j);
		free(p);
		sj->open = true;
		sj->peer = peer;
	}
	json_object_open(j);
	JSON_KEY(j, "prefix");
	bool is_prefix = (r->nlri.afi == AFI_IPV4 || r->nlri.afi == AFI_IPV6) &&
			 (r->nlri.safi == SAFI_UNICAST || r->nlri.safi == SAFI_MULTICAST ||
			  nlri_is_labelled(r->nlri.afi, r->nlri.safi)); /* its prefix; rd and label in "route" */
	if (is_prefix)
		json_string(j, nlri_prefix_format(&r->nlri, prefix));
	else
		json_null(j);
	JSON_KEY(j, "family");
	json_string(j, family_format(r->nlri.afi, r->nlri.safi, name));
	if (sj->extensive) {
		uint8_t index[RIB_INDEX_MAX];
		size_t len = rib_index_make(&r->nlri, index);
		char *hex = xmalloc(2 * len + 1);
		JSON_KEY(j, "index");
		json_string_trusted(j, rib_index_hex(index, len, hex), 2 * len);
		free(hex);
		buf_reset(&sj->text);
		route_text_format(&sj->text, r);
		JSON_KEY(j, "route");
		json_string_n(j, (const char *)sj->text.data, sj->text.len);
	}
	json_object_close(j);
	return 0;
}

static int show_step(struct api_job *job)
{
	struct show_job *sj = (struct show_job *)job;
	struct api_client *c = job->c;
	struct api_error err;

	err.why[0] = '\0';
	int rc = c->api->ops->rib_walk(c->api->be, &sj->t, sj->which, sj->afi, sj->safi, &sj->w, 1000, show_each, sj,
				       &err);
	if (rc < 0) {
		api_answer_fail(&c->ans, "rib show: %s", err.why);
		return 0;
	}
	if (rc > 0)
		return 1;
	struct json *j = api_answer_json(&c->ans);
	if (sj->open) {
		json_array_close(j);
		json_object_close(j);
	}
	json_object_close(j);
	return 0;
}

static void show_fini(struct api_job *job)
{
	struct show_job *sj = (struct show_job *)job;
	job->c->api->ops->release(job->c->api->be, &sj->t);
	buf_free(&sj->text);
}

int api_cmd_rib_show(struct api_cmd *cmd)
{
	enum api_rib which;
	bool extensive = false;
	uint16_t afi = 0;
	uint8_t safi = 0;

	cmd->ans->query = true;
	if (direction(cmd, &which, false) < 0 || selector(cmd) < 0)
		return API_CMD_DONE;
	struct api_token t = api_lex_peek(&cmd->lx);
	if (api_tok_is(&t, "extensive")) {
		extensive = true;
		api_lex_next(&cmd->lx);
	}
	if (api_cmd_family(cmd, &afi, &safi) < 0 || !api_cmd_end(cmd))
		return API_CMD_DONE;
	struct show_job *sj = xcalloc(1, sizeof(*sj));
	if (api_cmd_select(cmd, &sj->t, cmd->sel.n != 0) < 0) {
		free(sj);
		return API_CMD_DONE;
	}
	sj->which = which;
	sj->afi = afi;
	sj->safi = safi;
	sj->extensive = extensive;
	buf_init(&sj->text);
	sj->job.step = show_step;
	sj->job.fini = show_fini;
	json_object_open(api_answer_json(cmd->ans));
	api_job_start(cmd->c, &sj->job);
	return API_CMD_ASYNC;
}

int api_cmd_rib_flush(struct api_cmd *cmd)
{
	enum api_rib which;
	struct api_target t;
	struct api_error err;

	if (direction(cmd, &which, true) < 0 || selector(cmd) < 0 || !api_cmd_end(cmd))
		return API_CMD_DONE;
	if (api_cmd_select(cmd, &t, true) < 0)
		return API_CMD_DONE;
	err.why[0] = '\0';
	if (cmd->api->ops->rib_flush(cmd->api->be, &t, &err) < 0)
		api_answer_fail(cmd->ans, "%s: %s", cmd->path, err.why);
	api_cmd_release(cmd, &t);
	return API_CMD_DONE;
}

int api_cmd_rib_clear(struct api_cmd *cmd)
{
	enum api_rib which;
	struct api_target t;
	struct api_error err;

	if (direction(cmd, &which, false) < 0 || selector(cmd) < 0 || !api_cmd_end(cmd))
		return API_CMD_DONE;
	if (api_cmd_select(cmd, &t, true) < 0)
		return API_CMD_DONE;
	err.why[0] = '\0';
	if (cmd->api->ops->rib_clear(cmd->api->be, &t, which, &err) < 0)
		api_answer_fail(cmd->ans, "%s: %s", cmd->path, err.why);
	api_cmd_release(cmd, &t);
	return API_CMD_DONE;
}
