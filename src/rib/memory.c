/* memory.c — what the store holds, by object type (OpenBGPD's rdemem, `bgpctl show rib
 * memory`), for the API's `show memory` and the benchmark.
 *
 * Owns: adding the counters up. Bytes are what the store asked malloc for (pages,
 * arrays, objects), not malloc's own overhead: the benchmark compares them with RSS.
 * Must not know: how the figures are printed.
 */
#include <string.h>

#include "rib/store_internal.h"

void rib_store_memory(const struct rib_store *s, struct rib_memory *m)
{
	memset(m, 0, sizeof(*m));
	for (int c = 0; c < ROUTE_CLASSES; c++) {
		m->routes += s->slabs[c].live;
		m->route_bytes += s->slabs[c].bytes + s->slabs[c].cap * sizeof(void *);
	}
	m->index_bytes = table_bytes(&s->routes);
	m->versions = s->versions.count;
	m->version_bytes = s->versions.bytes + pool_overhead(&s->versions);

	const struct rib_interner *in = &s->in;
	m->paths = in->paths.count;
	m->path_bytes = in->paths.bytes + pool_overhead(&in->paths);
	m->attr_sets = in->attrs.count;
	m->attr_set_bytes = in->attrs.bytes + pool_overhead(&in->attrs);
	for (int k = 0; k < RIB_BLOB_KINDS; k++) {
		size_t count = in->blob_count[k], bytes = in->blob_bytes[k];
		switch (k) {
		case RIB_BLOB_AS_PATH:
			m->as_paths += count;
			m->as_path_bytes += bytes;
			break;
		case RIB_BLOB_COMMUNITIES:
		case RIB_BLOB_EXT_COMMUNITIES:
		case RIB_BLOB_IPV6_EXT_COMMUNITIES:
		case RIB_BLOB_LARGE_COMMUNITIES:
			m->communities += count;
			m->community_bytes += bytes;
			break;
		default:
			m->other_values += count;
			m->other_value_bytes += bytes;
			break;
		}
	}
	/* the blob table's arrays are shared by every kind: counted with the "other" values */
	m->other_value_bytes += pool_overhead(&in->blobs);
	m->peer_sets = s->peers.pool.count;
	m->peer_set_bytes = peersets_bytes(&s->peers);
	m->log_entries = s->log.end - s->log.start;
	m->log_bytes = log_bytes(&s->log);
	for (uint32_t i = 0; i < s->nadj; i++)
		if (s->adj[i])
			m->neighbours++;
	m->total_bytes = drain_scratch_bytes(s) + m->route_bytes + m->index_bytes + m->version_bytes + m->path_bytes + m->attr_set_bytes +
			 m->as_path_bytes + m->community_bytes + m->other_value_bytes + m->peer_set_bytes + m->log_bytes +
			 m->neighbours * sizeof(struct adjout) + s->adjcap * sizeof(void *) + sizeof(*s);
}
