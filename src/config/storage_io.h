/* storage_io.h — moving bytes between descriptors, and the storage error sentences.
 * Private to the storage files (src/config/storage*.c).
 *
 * Owns: the loops that survive short writes, short reads and EINTR, the fsync that
 * retries EINTR, and the wording of storage errors ("STEP PATH: errno text", and the
 * refusals of symlinks and non-regular files).
 * Must not know: temporary names, backups, the save protocol.
 */
#ifndef CONFIG_STORAGE_IO_H
#define CONFIG_STORAGE_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "config/storage.h"

/* Clear err for a new operation. */
void storage_error_clear(struct storage_error *err);

/* "STEP PATH: strerror(code)", with code and step recorded. */
void storage_error_set(struct storage_error *err, const char *step, const char *path, int code);

/* The refusal of what is at path, whose type is st_mode's: "refusing to VERB a symbolic
 * link: PATH" (code ELOOP), or "refusing to VERB PATH: not a regular file" (EISDIR for a
 * directory, EINVAL for the rest). verb is "replace" or "read". */
void storage_error_refuse(struct storage_error *err, const char *verb, const char *path,
			  mode_t st_mode);

/* Write all of data to fd, retrying short writes and EINTR. Returns 0, or -1 with errno
 * (a write that makes no progress is EIO, so the loop always ends). */
int storage_fd_write_all(int fd, const void *data, size_t len);

/* fsync(fd), retrying EINTR. Returns 0 or -1 with errno. */
int storage_fd_sync(int fd);

/* fsync a directory, so the renames in it survive a crash. EINVAL counts as success: it
 * is how a filesystem says it cannot sync a directory (some FUSE and network ones), and
 * there a rename is as durable as it will get (PostgreSQL's fsync_fname reasons the same).
 * Returns 0 or -1 with errno. */
int storage_dir_sync(int dirfd);

/* Copy everything from `from` (read to its end) to `to`, through scratch. Returns 0, or -1
 * with errno and *write_side telling whether writing (true) or reading (false) failed. */
int storage_fd_copy(int from, int to, uint8_t *scratch, size_t size, bool *write_side);

#endif
