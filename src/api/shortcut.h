/* shortcut.h — ExaBGP 4's commands rewritten into the v6 tree (`peer SELECTOR VERB ...`,
 * `daemon ...`, `session ...`, `system ...`, `rib ...`): one table, used by the dispatcher
 * for every line a helper process or the control socket sends, and by `attobgp cli`.
 *
 * Owns: the table (shortcut.c), the rewriting of the legacy peer selectors
 * (`neighbor A local-as 1, neighbor B announce ...` → `peer [A local-as 1, B] announce ...`,
 * `show neighbor A summary` → `peer A show summary`).
 * Must not know: what the v6 commands do.
 */
#ifndef API_SHORTCUT_H
#define API_SHORTCUT_H

#include <stddef.h>

#include "api/backend.h"
#include "core/buf.h"

/* Rewrite line[0..len) into its v6 form, appended to out. Returns 1 when it was a legacy
 * command (out holds the v6 one), 0 when it is not one (already v6, a comment, or unknown:
 * out untouched, the dispatcher reads the line as it is), -1 when it is a legacy command
 * whose selector is malformed (err says what). */
int api_shortcut_rewrite(const char *line, size_t len, struct buf *out, struct api_error *err);

/* The table, for `system help` and the CLI's completion: legacy form → v6 form. */
struct api_shortcut {
	const char *legacy;   /* the words a legacy command starts with */
	const char *v6;       /* what they become */
	unsigned kind;        /* how the rest is carried over (shortcut.c) */
};
extern const struct api_shortcut api_shortcuts[];
extern const size_t api_shortcut_count;

#endif
