/* storage.h — replacing a configuration file so that it is never lost, never half written
 * and never written through a symbolic link.
 *
 * Owns: the save protocol for one file NAME in a directory DIR, and what a save may leave
 * on disk. A save writes the new text, in chunks, into an exclusive temporary file in DIR
 * (an unnamed O_TMPFILE when the kernel and filesystem allow, else a randomly named one
 * created with O_CREAT|O_EXCL), then on commit:
 *   1. copies the bytes of the live NAME, read through a descriptor opened with
 *      O_NOFOLLOW, into another exclusive temporary file, syncs it and renames it over
 *      NAME.backup (the one backup, replaced each time), then syncs DIR;
 *   2. gives the new text the live file's mode (and owner, when the process may);
 *   3. syncs the new text and renames it over NAME;
 *   4. syncs DIR.
 * NAME itself is never renamed away, unlinked or written in place, so there is no moment
 * in which it is missing or partial: it names either the old text or the new one.
 * Must not know: what the text says (configuration syntax), the event loop, BGP.
 *
 * Symbolic links. Every name in DIR (NAME, NAME.backup, the temporary names) is opened
 * with openat(O_NOFOLLOW) or created with O_CREAT|O_EXCL under one directory descriptor
 * and checked with fstat on the descriptor itself, so no symlink in DIR is ever followed
 * and no file we did not create is ever written: refusing is done by the system call, not
 * by an earlier check. A symlink or any non-regular file at NAME or NAME.backup is an
 * error ("refusing to replace a symbolic link: PATH"). That refusal is a policy check
 * made just before the rename; if an attacker swaps a symlink in after it, rename(2)
 * replaces the link itself, which still writes nothing through it.
 *
 * The directory. DIR is opened once per save (O_DIRECTORY), and symlinks in DIR's own
 * path ARE followed, once: they are the operator's layout (/etc/attobgp -> /srv/...), and
 * someone who can swap a component of DIR's path can already put any file at NAME. From
 * then on everything happens under that descriptor, so swapping a directory component
 * during a save cannot send any part of it elsewhere.
 *
 * Hard links. rename(2) gives NAME a new inode: other hard links to the old one keep the
 * old text (as with any editor that saves by rename); NAME.backup is a copy, not a link.
 *
 * Modes. The new text gets the permission bits of the file it replaces (read when the
 * commit starts), and its owner and group when the process is allowed to set them
 * (root, or a group the process belongs to); otherwise the process owns the new file.
 * A new file (no NAME at begin) gets 0644 less the umask, as open(2) would give, and its
 * temporary file is created so. Otherwise temporary files are created 0600 and given the
 * mode at commit, so the text is never more readable than the file it replaces. A NAME
 * removed between begin and commit is written anew with the mode it had at begin.
 *
 * What a crash can leave. NAME is always the old or the new text, complete: the new text
 * is fsynced before the rename, and a power loss before the directory fsync can only
 * undo the rename. After a SIGKILL: while the text is written it lives in an unnamed
 * O_TMPFILE, which the kernel frees with the process; it has a name only between
 * linkat(2) and rename(2) at commit (the backup's, then the text's). Named temporary files
 * (the fallback, see STORAGE_NAMED_TEMP) exist for the whole save, so up to two (the
 * text's and the backup's) can be left. A leftover is named
 * ".NAME.attobgp-XXXXXXXXXXXX.tmp" and, while its writer lives, held under flock(2); each
 * save of NAME starts by removing those no live writer holds (see storage_temp.h).
 * A directory that became unwritable during a save strands a named temporary file the
 * same way (unlinking needs write permission too), until the next save.
 */
#ifndef CONFIG_STORAGE_H
#define CONFIG_STORAGE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

#define STORAGE_ERROR_MAX (PATH_MAX + 160)

/* What went wrong, for a log line or an API {"error": "..."} answer. */
struct storage_error {
	int code;         /* the errno of the failure (ELOOP: a symlink refused); 0 on success */
	const char *step; /* what was being done, e.g. "writing the new text of"; static */
	/* Set only when the last directory fsync failed: NAME already holds the new text but
	 * its durability is not confirmed. Every other failure leaves NAME as it was. */
	bool replaced;
	char text[STORAGE_ERROR_MAX]; /* "STEP PATH: errno text", or a refusal sentence */
};

/* Options for storage_begin_with. All zero is the default. */
#define STORAGE_NAMED_TEMP 0x1u /* never use O_TMPFILE: a named exclusive temp from the start */

struct storage_options {
	unsigned flags;
	/* Source of the random bytes temporary names are made of; NULL: getrandom(2). Tests
	 * pass a predictable one to plant files at the names a save will try. */
	void (*random)(void *ctx, uint8_t *out, size_t len);
	void *random_ctx;
};

struct storage_write;

/* Start replacing the file at path. Checks at once that NAME and NAME.backup are not
 * symlinks or other non-regular files, removes stale temporary files of NAME left by dead
 * writers, and creates the exclusive temporary file.
 * Returns a writer the caller owns (ended by exactly one storage_commit or storage_abort),
 * or NULL with err filled. err receives every later error of this save too: it must stay
 * valid until the commit or abort. The file at path is not touched until commit. */
struct storage_write *storage_begin(const char *path, struct storage_error *err);
struct storage_write *storage_begin_with(const char *path, const struct storage_options *opt,
					 struct storage_error *err);

/* Add len bytes of the new text. Buffered: a failure may show at a later append or at the
 * commit. Cheap enough to call between event-loop turns. Returns 0, or -1 with the error in
 * the storage_error given to begin; the writer has then failed: its temporary file is
 * already gone, later appends return -1 at once, and the commit returns -1 (the first
 * error stays). The caller still ends it with storage_commit or storage_abort. */
int storage_append(struct storage_write *w, const void *data, size_t len);

/* Make the new text durable and put it in place (backup, mode, fsync, rename, directory
 * fsync: see the top of this file). Frees w. Returns 0 when NAME durably holds the new
 * text and NAME.backup the text it replaced (none if there was no NAME); -1 otherwise,
 * with NAME intact (unless err->replaced), no temporary file left, and err filled. */
int storage_commit(struct storage_write *w);

/* Drop the save: the temporary file is removed, NAME and NAME.backup are untouched.
 * Frees w. NULL is allowed. */
void storage_abort(struct storage_write *w);

/* begin + append + commit for text already in memory. Returns 0 or -1 (err filled). */
int storage_save(const char *path, const void *data, size_t len, struct storage_error *err);

/* Read the whole file at path into out (appended), refusing a symlink at the final
 * component (O_NOFOLLOW), a non-regular file, and a file larger than max bytes (EFBIG).
 * A config loader uses this so that the file the daemon starts from is one it may later
 * replace: a symlinked configuration is refused at start-up with the same sentence a save
 * would give, not at the first API change. Directories in path are followed, as above.
 * Returns 0, or -1 with err filled and out's length unchanged. */
int storage_read(const char *path, size_t max, struct buf *out, struct storage_error *err);

#endif
