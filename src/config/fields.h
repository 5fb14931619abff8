/* fields.h — one descriptor per neighbour statement (internal to config).
 *
 * Owns: the table of the leaf statements of a neighbour block and its capability { } and
 * tcp-ao { } blocks — keyword, where the value lives in struct settings_neighbor, its type,
 * the value a bare keyword means — and, per type, reading a value, printing it back in
 * canonical form, copying and comparing it. The parser, the template merge, export and
 * equality all walk this one table: adding a statement is adding a row.
 * Must not know: statements' positions, blocks other than these three, routes.
 */
#ifndef CONFIG_FIELDS_H
#define CONFIG_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/lex.h"
#include "config/settings.h"
#include "core/arena.h"
#include "core/buf.h"

enum field_block {
	FB_NEIGHBOR,
	FB_CAPABILITY,
	FB_TCP_AO,
};

enum field_kind {
	FK_BOOL,
	FK_CAPA,
	FK_PORT,
	FK_HOLD_TIME,
	FK_RATE_LIMIT,
	FK_TTL,
	FK_ASN,
	FK_IP,
	FK_IP_AUTO,
	FK_PEER,
	FK_ROUTER_ID,
	FK_LINK_LOCAL,
	FK_TEXT,
	FK_HOST_NAME,
	FK_DOMAIN_NAME,
	FK_INTERFACE,
	FK_MD5_BASE64,
	FK_ADD_PATH,
	FK_GRACEFUL_RESTART,
	FK_TCP_AO_ALGORITHM,
	FK_TCP_AO_KEYID,
};

/* What a keyword standing alone (`passive;`) means. */
enum field_bare {
	BARE_REFUSED = 0,
	BARE_FALSE,
	BARE_TRUE,
	BARE_ENABLE_GR,  /* graceful-restart: on, restart time = hold time */
};

struct field_desc {
	uint8_t field;        /* enum settings_field */
	uint8_t block;        /* enum field_block */
	uint8_t kind;         /* enum field_kind */
	uint8_t bare;         /* enum field_bare */
	const char *keyword;
	uint16_t offset;      /* of the value in struct settings_neighbor */
	uint16_t offset2;     /* of a companion value (the auto flag, a prefix length, ...) */
};

extern const struct field_desc field_table[];
extern const size_t field_count;

/* The row of a keyword in a block, or NULL. */
const struct field_desc *field_find(enum field_block block, const char *keyword, size_t len);
/* The row of a field. */
const struct field_desc *field_of(enum settings_field f);

/* Why a value was refused: the word at fault (-1: the value is missing) and the problem. */
struct field_fail {
	int word;
	char why[200];
};

/* Read the value words (after the keyword) into n; marks the field given. 0, or -1 with
 * fail filled. Strings are copied into arena. */
int field_parse(const struct field_desc *d, struct settings_neighbor *n, const struct cfg_word *args, size_t nargs,
		struct arena *arena, struct field_fail *fail);
/* The canonical value text (without the keyword). */
void field_format(const struct field_desc *d, const struct settings_neighbor *n, struct buf *out);
void field_copy(const struct field_desc *d, struct settings_neighbor *dst, const struct settings_neighbor *src);
bool field_equal(const struct field_desc *d, const struct settings_neighbor *a, const struct settings_neighbor *b);

/* A word as the configuration language writes it back: bare when it reads back as the same
 * one word, else quoted (and escaped) so it does. */
void cfg_word_put(struct buf *out, const char *s, size_t len);

#endif
