/* storage_io.c — see storage_io.h. */
#include "config/storage_io.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void storage_error_clear(struct storage_error *err)
{
	err->code = 0;
	err->step = "";
	err->replaced = false;
	err->text[0] = '\0';
}

void storage_error_set(struct storage_error *err, const char *step, const char *path, int code)
{
	char why[128];

	err->code = code;
	err->step = step;
	/* the GNU strerror_r (we build with _GNU_SOURCE) returns the text, maybe not in why */
	snprintf(err->text, sizeof(err->text), "%s %s: %s", step, path,
		 strerror_r(code, why, sizeof(why)));
}

void storage_error_refuse(struct storage_error *err, const char *verb, const char *path,
			  mode_t st_mode)
{
	err->step = "checking";
	if (S_ISLNK(st_mode)) {
		err->code = ELOOP;
		snprintf(err->text, sizeof(err->text), "refusing to %s a symbolic link: %s", verb,
			 path);
		return;
	}
	err->code = S_ISDIR(st_mode) ? EISDIR : EINVAL;
	snprintf(err->text, sizeof(err->text), "refusing to %s %s: not a regular file", verb, path);
}

int storage_fd_write_all(int fd, const void *data, size_t len)
{
	const uint8_t *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0) {
			/* write(2) of a regular file never returns 0 for len > 0; do not spin */
			errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int storage_fd_sync(int fd)
{
	int rc;

	do
		rc = fsync(fd);
	while (rc < 0 && errno == EINTR);
	return rc;
}

int storage_dir_sync(int dirfd)
{
	if (storage_fd_sync(dirfd) == 0 || errno == EINVAL)
		return 0;
	return -1;
}

int storage_fd_copy(int from, int to, uint8_t *scratch, size_t size, bool *write_side)
{
	for (;;) {
		ssize_t n = read(from, scratch, size);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			*write_side = false;
			return -1;
		}
		if (n == 0)
			return 0;
		if (storage_fd_write_all(to, scratch, (size_t)n) < 0) {
			*write_side = true;
			return -1;
		}
	}
}
