/* storage_read.c — reading a configuration file the way storage writes one (storage.h).
 *
 * Owns: the refusal of a symlink or non-regular file at the final component on read, and
 * the size limit. Must not know: what the text says.
 */
#include "config/storage.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/storage_io.h"

int storage_read(const char *path, size_t max, struct buf *out, struct storage_error *err)
{
	size_t start = out->len;
	struct stat st;
	int fd;

	storage_error_clear(err);
	/* O_NONBLOCK: a FIFO at path must be refused by fstat, not hang the open */
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		/* ELOOP is also "too many symlinks" in the directories: name the refusal only
		 * when the final component is one (a wording choice, not a security check) */
		if (errno == ELOOP && lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
			storage_error_refuse(err, "read", path, st.st_mode);
		else
			storage_error_set(err, "opening", path, errno);
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		storage_error_set(err, "checking", path, errno);
		goto out_close;
	}
	if (!S_ISREG(st.st_mode)) {
		storage_error_refuse(err, "read", path, st.st_mode);
		goto out_close;
	}
	if ((uintmax_t)st.st_size > max) {
		storage_error_set(err, "reading", path, EFBIG);
		goto out_close;
	}
	/* to the end, not to st_size: the file may be growing; max still bounds it */
	for (;;) {
		size_t room = max - (out->len - start);
		/* one byte past max, so a file longer than max shows */
		size_t want = room < 65536 ? room + 1 : 65536;
		ssize_t n;

		buf_reserve(out, want);
		n = read(fd, out->data + out->len, want);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			storage_error_set(err, "reading", path, errno);
			goto out_truncate;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		if (out->len - start > max) {
			storage_error_set(err, "reading", path, EFBIG);
			goto out_truncate;
		}
	}
	close(fd);
	return 0;

out_truncate:
	out->len = start;
out_close:
	close(fd);
	return -1;
}
