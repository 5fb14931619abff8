/* storage_temp.c — see storage_temp.h. */
#include "config/storage_temp.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/hash.h"

#define TEMP_MIDDLE ".attobgp-"
#define TEMP_END ".tmp"

static const char temp_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/* How much of base a temporary name keeps: all of it unless the name would pass NAME_MAX. */
static size_t temp_base_len(const char *base)
{
	size_t max = NAME_MAX - 1 - (sizeof(TEMP_MIDDLE) - 1) - STORAGE_TEMP_RANDOM -
		     (sizeof(TEMP_END) - 1);
	size_t len = strlen(base);
	return len < max ? len : max;
}

void storage_temp_name_make(char out[NAME_MAX + 1], const char *base,
			    const uint8_t random[STORAGE_TEMP_RANDOM])
{
	size_t keep = temp_base_len(base), at = 0;

	out[at++] = '.';
	memcpy(out + at, base, keep);
	at += keep;
	memcpy(out + at, TEMP_MIDDLE, sizeof(TEMP_MIDDLE) - 1);
	at += sizeof(TEMP_MIDDLE) - 1;
	for (size_t i = 0; i < STORAGE_TEMP_RANDOM; i++)
		out[at++] = temp_alphabet[random[i] % (sizeof(temp_alphabet) - 1)];
	memcpy(out + at, TEMP_END, sizeof(TEMP_END));
}

bool storage_temp_name_matches(const char *entry, const char *base)
{
	static const uint8_t zero[STORAGE_TEMP_RANDOM];
	char want[NAME_MAX + 1];
	size_t len, random_at;

	storage_temp_name_make(want, base, zero);
	len = strlen(want);
	if (strlen(entry) != len)
		return false;
	random_at = len - (sizeof(TEMP_END) - 1) - STORAGE_TEMP_RANDOM;
	if (memcmp(entry, want, random_at) != 0)
		return false;
	for (size_t i = random_at; i < random_at + STORAGE_TEMP_RANDOM; i++)
		if (entry[i] == '\0' || strchr(temp_alphabet, entry[i]) == NULL)
			return false;
	return strcmp(entry + random_at + STORAGE_TEMP_RANDOM, TEMP_END) == 0;
}

/* Random bytes for a name. Unpredictable names only make planting harder; what makes
 * planting harmless is O_EXCL. So when the kernel has no entropy yet (early boot) the
 * clock, the pid and the attempt number are enough. */
static void temp_random(const struct storage_options *opt, unsigned attempt,
			uint8_t out[STORAGE_TEMP_RANDOM])
{
	struct timespec ts;
	uint64_t h = 0;

	if (opt != NULL && opt->random != NULL) {
		opt->random(opt->random_ctx, out, STORAGE_TEMP_RANDOM);
		return;
	}
	if (getrandom(out, STORAGE_TEMP_RANDOM, GRND_NONBLOCK) == STORAGE_TEMP_RANDOM)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	h = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^ ((uint64_t)getpid() << 12) ^ attempt;
	for (size_t i = 0; i < STORAGE_TEMP_RANDOM; i++) {
		if (i % 8 == 0)
			h = hash_mix(h + i);
		out[i] = (uint8_t)(h >> (8 * (i % 8)));
	}
}

/* O_TMPFILE is not there: an old kernel (which sees O_DIRECTORY, EISDIR) or a filesystem
 * without it (EOPNOTSUPP, or EINVAL from some). Any other error a named file would get too. */
static bool temp_tmpfile_unsupported(int err)
{
	return err == EOPNOTSUPP || err == EISDIR || err == EINVAL;
}

/* Whether an unnamed file can be named later. Unprivileged, the one way is
 * linkat("/proc/self/fd/N", AT_SYMLINK_FOLLOW) (open(2), O_TMPFILE): the link followed is
 * procfs's own link to our descriptor, not a name anyone else controls. Without /proc,
 * fall back to a named file now rather than fail at the commit after all the writing. */
static bool temp_linkable(int fd)
{
	char proc[32];
	struct stat via_proc, direct;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	if (fstatat(AT_FDCWD, proc, &via_proc, 0) < 0 || fstat(fd, &direct) < 0)
		return false;
	return via_proc.st_dev == direct.st_dev && via_proc.st_ino == direct.st_ino;
}

int storage_temp_create(struct storage_temp *t, int dirfd, const char *base, mode_t mode,
			bool anonymous, const struct storage_options *opt)
{
	uint8_t random[STORAGE_TEMP_RANDOM];

	t->fd = -1;
	t->named = false;
	t->anonymous = false;
	t->name[0] = '\0';

	if (anonymous) {
		int fd = openat(dirfd, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, mode);
		if (fd >= 0 && temp_linkable(fd)) {
			/* locked before it ever has a name, so no cleaner can take it for stale */
			(void)flock(fd, LOCK_EX | LOCK_NB);
			t->fd = fd;
			t->anonymous = true;
			return 0;
		}
		if (fd >= 0)
			close(fd);
		else if (!temp_tmpfile_unsupported(errno))
			return -1;
	}

	for (unsigned attempt = 0; attempt < STORAGE_TEMP_TRIES; attempt++) {
		temp_random(opt, attempt, random);
		storage_temp_name_make(t->name, base, random);
		/* O_EXCL: a file or a symlink (even dangling) already at the name is EEXIST,
		 * never opened; O_NOFOLLOW says the same a second time */
		int fd = openat(dirfd, t->name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
				mode);
		if (fd < 0) {
			if (errno == EEXIST)
				continue;
			return -1;
		}
		if (flock(fd, LOCK_EX | LOCK_NB) < 0 && errno == EWOULDBLOCK) {
			/* a cleaner took our new file for stale between the open and the lock;
			 * it is about to unlink the name: leave it that, take another */
			close(fd);
			continue;
		}
		t->fd = fd;
		t->named = true;
		return 0;
	}
	t->name[0] = '\0';
	errno = EEXIST;
	return -1;
}

int storage_temp_link(struct storage_temp *t, int dirfd, const char *base,
		      const struct storage_options *opt)
{
	uint8_t random[STORAGE_TEMP_RANDOM];
	char proc[32];

	if (!t->anonymous || t->named)
		return 0;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", t->fd);
	for (unsigned attempt = 0; attempt < STORAGE_TEMP_TRIES; attempt++) {
		temp_random(opt, attempt, random);
		storage_temp_name_make(t->name, base, random);
		/* linkat never follows or replaces what is at the new name: EEXIST, next name */
		if (linkat(AT_FDCWD, proc, dirfd, t->name, AT_SYMLINK_FOLLOW) == 0) {
			t->named = true;
			return 0;
		}
		if (errno != EEXIST)
			return -1;
	}
	t->name[0] = '\0';
	errno = EEXIST;
	return -1;
}

void storage_temp_discard(struct storage_temp *t, int dirfd)
{
	struct stat mine, there;

	/* unlink before close: the name never exists without our lock on it */
	if (t->named && fstat(t->fd, &mine) == 0 &&
	    fstatat(dirfd, t->name, &there, AT_SYMLINK_NOFOLLOW) == 0 &&
	    mine.st_dev == there.st_dev && mine.st_ino == there.st_ino)
		(void)unlinkat(dirfd, t->name, 0);
	t->named = false;
	if (t->fd >= 0) {
		close(t->fd);
		t->fd = -1;
	}
}

/* Remove name if it is a regular file of ours that no live writer holds. */
static bool temp_remove_if_stale(int dirfd, const char *name, uid_t me)
{
	struct stat held, now;
	bool removed = false;
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return false;
	if (fstat(fd, &held) < 0 || !S_ISREG(held.st_mode) || held.st_uid != me)
		goto out_close;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0)
		goto out_close; /* a live writer holds it (or locks do not work here) */
	/* remove the name only if it still is the file we hold locked */
	if (fstatat(dirfd, name, &now, AT_SYMLINK_NOFOLLOW) < 0 || now.st_dev != held.st_dev ||
	    now.st_ino != held.st_ino)
		goto out_close;
	removed = unlinkat(dirfd, name, 0) == 0;
out_close:
	close(fd);
	return removed;
}

int storage_temp_clean_stale(int dirfd, const char *base)
{
	struct dirent *entry;
	uid_t me = geteuid();
	int removed = 0;
	/* a descriptor of its own: readdir moves the offset, dirfd is shared with the caller */
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *dir;

	if (fd < 0)
		return 0;
	dir = fdopendir(fd);
	if (dir == NULL) {
		close(fd);
		return 0;
	}
	while ((entry = readdir(dir)) != NULL)
		if (storage_temp_name_matches(entry->d_name, base) &&
		    temp_remove_if_stale(dirfd, entry->d_name, me))
			removed++;
	closedir(dir);
	return removed;
}
