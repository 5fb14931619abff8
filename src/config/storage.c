/* storage.c — the save protocol: begin, append, commit, abort (see storage.h).
 *
 * Owns: the order of the steps of a save and what each failure undoes. Temporary files
 * are storage_temp.c's, byte loops and error sentences storage_io.c's.
 * Must not know: what the text says, the event loop.
 *
 * Pattern: Redis config.c rewriteConfigOverwriteFile (temp file, write loop, fsync, keep
 * the mode, rename, fsync the directory, unlink the temp on failure), plus everything
 * under one directory descriptor, O_NOFOLLOW/O_EXCL, and the single backup.
 *
 * Why the backup is a copy and not a hard link. linkat(NAME, NAME.backup-temp) would be
 * O(1), but it links whatever the name holds at that instant, a second lookup of a name an
 * attacker may have swapped since we checked it; linking our checked descriptor instead
 * needs /proc or CAP_DAC_READ_SEARCH; fs.protected_hardlinks refuses it when the daemon
 * does not own the file; and the backup would share its inode with NAME, so an editor
 * saving NAME in place would change the backup too. The copy reads the very inode we
 * opened with O_NOFOLLOW and checked with fstat, into a file of our own that is renamed
 * over NAME.backup; NAME is only read, so it is never missing. Its cost is one read of the
 * old text per save, the same order as writing the new one.
 */
#include "config/storage.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/storage_io.h"
#include "config/storage_temp.h"
#include "core/xalloc.h"

/* Appends are gathered into writes of this size: a million routes of ~60 bytes are ~1000
 * write(2) calls, not a million. Also the scratch buffer of the backup copy. */
#define STORAGE_CHUNK (64 * 1024)

#define STORAGE_BACKUP_SUFFIX ".backup"

struct storage_write {
	char *path;        /* as the caller gave it, for messages */
	char *backup_path; /* path + ".backup", for messages */
	char *name;        /* NAME: the final component of path */
	char *backup_name; /* NAME.backup */
	int dirfd;
	struct storage_temp temp; /* the new text */
	struct storage_options opt;
	struct storage_error *err; /* the caller's, kept until commit or abort */
	bool failed;               /* an append failed: the temp is gone, err says why */
	bool existed;              /* NAME was a regular file at begin ... */
	struct stat begin_st;      /* ... with this owner and mode */
	uint8_t *chunk;            /* pending appended bytes */
	size_t chunk_len;
};

/* Split path into the directory to open and the name in it. "x" is "." and "x"; "/x" is
 * "/" and "x". A path that names no file ("", "dir/", ".", "..") is an error. */
static int storage_path_split(const char *path, char **dir, char **name)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;

	if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		errno = EISDIR;
		return -1;
	}
	if (strlen(base) + sizeof(STORAGE_BACKUP_SUFFIX) - 1 > NAME_MAX) {
		errno = ENAMETOOLONG; /* NAME.backup could not exist */
		return -1;
	}
	if (slash == NULL)
		*dir = xstrdup(".");
	else if (slash == path)
		*dir = xstrdup("/");
	else
		*dir = xstrndup(path, (size_t)(slash - path));
	*name = xstrdup(base);
	return 0;
}

static char *storage_concat(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = xmalloc(la + lb + 1);

	memcpy(s, a, la);
	memcpy(s + la, b, lb + 1);
	return s;
}

/* Open NAME (or NAME.backup) for reading without following a symlink, and check on the
 * descriptor that it is a regular file. Returns the descriptor; -1 with *absent set when
 * there is no such file (not an error); -1 with err filled otherwise. O_NONBLOCK: a FIFO
 * planted at the name must not hang the open before fstat can refuse it. */
static int storage_open_existing(int dirfd, const char *name, const char *path,
				 struct stat *st, bool *absent, struct storage_error *err)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

	*absent = false;
	if (fd < 0) {
		if (errno == ENOENT) {
			*absent = true;
			return -1;
		}
		/* name has no '/', so ELOOP can only be O_NOFOLLOW meeting a symlink */
		if (errno == ELOOP)
			storage_error_refuse(err, "replace", path, S_IFLNK);
		else
			storage_error_set(err, "opening", path, errno);
		return -1;
	}
	if (fstat(fd, st) < 0) {
		storage_error_set(err, "checking", path, errno);
		goto out_close;
	}
	if (!S_ISREG(st->st_mode)) {
		storage_error_refuse(err, "replace", path, st->st_mode);
		goto out_close;
	}
	return fd;
out_close:
	close(fd);
	return -1;
}

/* Refuse a symlink or non-regular file at NAME.backup. Only a policy: rename(2) over it
 * would replace the entry itself, never write through it, so a swap after this check is
 * harmless. Returns 0 (regular file or nothing there) or -1 with err filled. */
static int storage_backup_check(const struct storage_write *w)
{
	struct stat st;

	if (fstatat(w->dirfd, w->backup_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		if (errno == ENOENT)
			return 0;
		storage_error_set(w->err, "checking", w->backup_path, errno);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		storage_error_refuse(w->err, "replace", w->backup_path, st.st_mode);
		return -1;
	}
	return 0;
}

/* Give fd the owner and permission bits of st. The owner only when we may (root, or a
 * group we are in): anyone else's file becomes ours, which is what any editor does.
 * Owner first: chown(2) clears the set-id bits that fchmod then puts back. */
static int storage_fd_take_mode(int fd, const struct stat *st)
{
	struct stat now;

	if (fstat(fd, &now) < 0)
		return -1;
	if ((now.st_uid != st->st_uid || now.st_gid != st->st_gid) &&
	    fchown(fd, st->st_uid, st->st_gid) < 0 && errno != EPERM && errno != EINVAL)
		return -1;
	return fchmod(fd, st->st_mode & 07777);
}

struct storage_write *storage_begin(const char *path, struct storage_error *err)
{
	return storage_begin_with(path, NULL, err);
}

struct storage_write *storage_begin_with(const char *path, const struct storage_options *opt,
					 struct storage_error *err)
{
	struct storage_write *w;
	char *dir = NULL;
	bool absent;
	int fd;

	storage_error_clear(err);
	w = xcalloc(1, sizeof(*w));
	w->path = xstrdup(path);
	w->backup_path = storage_concat(path, STORAGE_BACKUP_SUFFIX);
	w->err = err;
	w->dirfd = -1;
	w->temp.fd = -1;
	if (opt != NULL)
		w->opt = *opt;

	if (storage_path_split(path, &dir, &w->name) < 0) {
		storage_error_set(err, "finding the file name in", path, errno);
		goto out_free;
	}
	w->backup_name = storage_concat(w->name, STORAGE_BACKUP_SUFFIX);

	/* the one lookup of the directory's path (symlinks in it followed, see storage.h) */
	w->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (w->dirfd < 0) {
		storage_error_set(err, "opening the directory of", path, errno);
		goto out_free;
	}

	/* refuse early what the commit would refuse, before the caller writes a million routes */
	fd = storage_open_existing(w->dirfd, w->name, path, &w->begin_st, &absent, err);
	if (fd < 0 && !absent)
		goto out_free;
	w->existed = fd >= 0;
	if (fd >= 0)
		close(fd);
	if (storage_backup_check(w) < 0)
		goto out_free;

	(void)storage_temp_clean_stale(w->dirfd, w->name);

	/* 0600 while it may hold text meant for a stricter file; a new file gets 0644 less
	 * the umask from the kernel at creation, which is then its final mode */
	if (storage_temp_create(&w->temp, w->dirfd, w->name, w->existed ? 0600 : 0644,
				!(w->opt.flags & STORAGE_NAMED_TEMP), &w->opt) < 0) {
		storage_error_set(err, "creating a temporary file for", path, errno);
		goto out_free;
	}
	w->chunk = xmalloc(STORAGE_CHUNK);
	free(dir);
	return w;

out_free:
	free(dir);
	storage_abort(w);
	return NULL;
}

/* An append failed: say why, and drop the temporary file at once. */
static int storage_fail(struct storage_write *w, const char *step, int code)
{
	storage_error_set(w->err, step, w->path, code);
	storage_temp_discard(&w->temp, w->dirfd);
	w->failed = true;
	return -1;
}

static int storage_flush(struct storage_write *w)
{
	if (w->chunk_len == 0)
		return 0;
	if (storage_fd_write_all(w->temp.fd, w->chunk, w->chunk_len) < 0)
		return storage_fail(w, "writing the new text of", errno);
	w->chunk_len = 0;
	return 0;
}

int storage_append(struct storage_write *w, const void *data, size_t len)
{
	if (w->failed)
		return -1;
	if (len <= STORAGE_CHUNK - w->chunk_len) {
		if (len > 0)
			memcpy(w->chunk + w->chunk_len, data, len);
		w->chunk_len += len;
		return 0;
	}
	if (storage_flush(w) < 0)
		return -1;
	if (len >= STORAGE_CHUNK) {
		if (storage_fd_write_all(w->temp.fd, data, len) < 0)
			return storage_fail(w, "writing the new text of", errno);
		return 0;
	}
	memcpy(w->chunk, data, len);
	w->chunk_len = len;
	return 0;
}

/* Copy the live file (oldfd, checked regular, stat old) over NAME.backup through a
 * temporary file of our own, and make that durable before NAME is replaced, so that once
 * NAME holds the new text, NAME.backup holds the text it replaced. Returns 0 or -1 (err). */
static int storage_backup_make(struct storage_write *w, int oldfd, const struct stat *old)
{
	struct storage_temp backup;
	bool write_side = false;
	const char *step, *path = w->backup_path;

	if (storage_temp_create(&backup, w->dirfd, w->name, 0600,
				!(w->opt.flags & STORAGE_NAMED_TEMP), &w->opt) < 0) {
		storage_error_set(w->err, "creating a temporary file for", w->backup_path, errno);
		return -1;
	}
	if (storage_fd_copy(oldfd, backup.fd, w->chunk, STORAGE_CHUNK, &write_side) < 0) {
		step = write_side ? "writing" : "reading the old text of";
		path = write_side ? w->backup_path : w->path;
		goto out_discard_backup;
	}
	step = "setting the mode of";
	if (storage_fd_take_mode(backup.fd, old) < 0)
		goto out_discard_backup;
	step = "syncing";
	if (storage_fd_sync(backup.fd) < 0)
		goto out_discard_backup;
	step = "naming the temporary file for";
	if (storage_temp_link(&backup, w->dirfd, w->name, &w->opt) < 0)
		goto out_discard_backup;
	step = "renaming the temporary file over";
	if (renameat(w->dirfd, backup.name, w->dirfd, w->backup_name) < 0)
		goto out_discard_backup;
	backup.named = false; /* the name is NAME.backup's now */
	storage_temp_discard(&backup, w->dirfd);
	if (storage_dir_sync(w->dirfd) < 0) {
		storage_error_set(w->err, "syncing the directory of", w->backup_path, errno);
		return -1;
	}
	return 0;

out_discard_backup:
	storage_error_set(w->err, step, path, errno);
	storage_temp_discard(&backup, w->dirfd);
	return -1;
}

int storage_commit(struct storage_write *w)
{
	struct stat old;
	const char *step;
	bool absent;
	int oldfd = -1, rc = -1;

	if (w->failed || storage_flush(w) < 0)
		goto out_free;

	/* the file as it is now, not as it was at begin: the backup and mode come from it */
	oldfd = storage_open_existing(w->dirfd, w->name, w->path, &old, &absent, w->err);
	if (oldfd < 0 && !absent)
		goto out_discard_temp;
	if (storage_backup_check(w) < 0)
		goto out_close_old;
	if (oldfd >= 0 && storage_backup_make(w, oldfd, &old) < 0)
		goto out_close_old;

	step = "setting the mode of";
	if (oldfd >= 0 && storage_fd_take_mode(w->temp.fd, &old) < 0)
		goto out_error_close_old;
	/* gone since begin: still the mode the file had, not the one a new file gets */
	if (oldfd < 0 && w->existed && storage_fd_take_mode(w->temp.fd, &w->begin_st) < 0)
		goto out_error_close_old;
	step = "syncing the new text of";
	if (storage_fd_sync(w->temp.fd) < 0)
		goto out_error_close_old;
	step = "naming the temporary file for";
	if (storage_temp_link(&w->temp, w->dirfd, w->name, &w->opt) < 0)
		goto out_error_close_old;
	step = "replacing";
	if (renameat(w->dirfd, w->temp.name, w->dirfd, w->name) < 0)
		goto out_error_close_old;
	w->temp.named = false; /* the name is NAME's now */
	if (oldfd >= 0)
		close(oldfd);

	/* the rename is done: a failure now cannot be undone, only reported as such */
	if (storage_dir_sync(w->dirfd) < 0) {
		storage_error_set(w->err, "syncing the directory of", w->path, errno);
		w->err->replaced = true;
		goto out_discard_temp;
	}
	rc = 0;
	goto out_discard_temp;

out_error_close_old:
	storage_error_set(w->err, step, w->path, errno);
out_close_old:
	if (oldfd >= 0)
		close(oldfd);
out_discard_temp:
	storage_temp_discard(&w->temp, w->dirfd);
out_free:
	storage_abort(w);
	return rc;
}

void storage_abort(struct storage_write *w)
{
	if (w == NULL)
		return;
	storage_temp_discard(&w->temp, w->dirfd);
	if (w->dirfd >= 0)
		close(w->dirfd);
	free(w->chunk);
	free(w->backup_name);
	free(w->name);
	free(w->backup_path);
	free(w->path);
	free(w);
}

int storage_save(const char *path, const void *data, size_t len, struct storage_error *err)
{
	struct storage_write *w = storage_begin(path, err);

	if (w == NULL)
		return -1;
	(void)storage_append(w, data, len); /* a failure sticks and the commit reports it */
	return storage_commit(w);
}
