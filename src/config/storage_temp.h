/* storage_temp.h — exclusive temporary files in a directory, for the storage files only.
 *
 * Owns: the temporary name pattern ".NAME.attobgp-XXXXXXXXXXXX.tmp" (NAME cut so the whole
 * fits NAME_MAX; X from [A-Za-z0-9]); exclusive creation, either an unnamed O_TMPFILE or a
 * name made with O_CREAT|O_EXCL|O_NOFOLLOW and retried with a new random name on EEXIST, so
 * that a file or symlink planted at a name we try is never opened; the flock(2) that
 * marks a temporary file as held by a live writer; giving an unnamed file a name (linkat);
 * removing one; and removing the stale ones dead writers left.
 * Must not know: backups, modes, the save protocol, the text.
 *
 * Why flock: a SIGKILLed writer cannot clean up, and a name alone cannot tell a dead
 * writer's file from a live one's (another save of the same file in another process, or
 * in this one). flock locks belong to the open file description and die with the last
 * descriptor, i.e. with the writer, so "can be locked" means "no writer holds it".
 */
#ifndef CONFIG_STORAGE_TEMP_H
#define CONFIG_STORAGE_TEMP_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "config/storage.h"

#define STORAGE_TEMP_RANDOM 12 /* random characters in a temporary name */
#define STORAGE_TEMP_TRIES 64  /* names tried before giving up with EEXIST */

struct storage_temp {
	int fd;               /* read-write, flocked; -1 when there is none */
	bool named;           /* name is ours in the directory and must be unlinked on discard */
	bool anonymous;       /* created with O_TMPFILE: storage_temp_link must name it */
	char name[NAME_MAX + 1];
};

/* Create an exclusive temporary file for base in dirfd with the given creation mode
 * (umask applies). Unnamed (O_TMPFILE) when anonymous is asked and the filesystem and
 * kernel can later link it; named otherwise. Returns 0, or -1 with errno and t->fd = -1. */
int storage_temp_create(struct storage_temp *t, int dirfd, const char *base, mode_t mode,
			bool anonymous, const struct storage_options *opt);

/* Give an unnamed temporary file an exclusive random name (a no-op for a named one), so
 * it can be renamed over its final name. Returns 0, or -1 with errno (nothing is left). */
int storage_temp_link(struct storage_temp *t, int dirfd, const char *base,
		      const struct storage_options *opt);

/* Unlink the temporary name if it is still ours, and close the descriptor. Idempotent. */
void storage_temp_discard(struct storage_temp *t, int dirfd);

/* Remove the temporary files of base in dirfd that no live writer holds: regular files
 * owned by this user, matching the pattern, that we can flock. Best effort: a file that
 * cannot be checked is left. Returns how many were removed. */
int storage_temp_clean_stale(int dirfd, const char *base);

/* The temporary name for base with the given random bytes (exposed for tests, which
 * plant files at the names a save will try). */
void storage_temp_name_make(char out[NAME_MAX + 1], const char *base,
			    const uint8_t random[STORAGE_TEMP_RANDOM]);

/* Whether entry is a temporary name of base. */
bool storage_temp_name_matches(const char *entry, const char *base);

#endif
