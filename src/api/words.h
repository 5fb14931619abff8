/* words.h — which command words may come next: the CLI's completion.
 *
 * Owns: walking the dispatcher's tree (cmd.h api_tree), the legacy table (shortcut.h)
 * and a few hints per verb (what follows `announce`, `routes`, a prefix ...) for the
 * words typed so far. Must not know: the terminal (src/app/cli.c asks and shows).
 */
#ifndef API_WORDS_H
#define API_WORDS_H

#include <stddef.h>

/* Call fn(ctx, word) for every word that may follow the complete words of line[0..len)
 * (a partial last word is the caller's to drop). A word may be offered more than once. */
void api_words_next(const char *line, size_t len, void (*fn)(void *ctx, const char *word), void *ctx);

#endif
