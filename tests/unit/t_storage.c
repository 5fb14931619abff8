/* t_storage.c — config/storage: the safe replacement of a configuration file.
 *
 * Every case runs in a fresh directory under $TMPDIR (or /tmp) and checks, besides its own
 * point, that the directory holds no entry it should not (no temporary file left behind)
 * and that files reached through planted symlinks were never written.
 * Write failures are injected with RLIMIT_FSIZE (writes past the limit fail with EFBIG);
 * system-call failures (ENOSPC, EIO on fsync and rename) are the functional test's
 * (tests/functional/storage.t, under strace). Cases run twice where it matters: with the
 * unnamed O_TMPFILE and with named temporary files (STORAGE_NAMED_TEMP).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config/storage.h"
#include "config/storage_temp.h"
#include "core/buf.h"
#include "core/xalloc.h"
#include "tap.h"

#define NOBODY 65534

static const char *const mode_names[] = {"O_TMPFILE", "named"};

struct fixture {
	char dir[256];
	char path[PATH_MAX];   /* dir/x.conf */
	char backup[PATH_MAX]; /* dir/x.conf.backup */
	char victim[PATH_MAX]; /* dir/victim: where planted symlinks point */
	char temp[PATH_MAX];   /* scratch */
};

static void fx_init(struct fixture *f)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(f->dir, sizeof(f->dir), "%s/t_storage.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(f->dir) == NULL) {
		perror("mkdtemp");
		exit(2);
	}
	snprintf(f->path, sizeof(f->path), "%s/x.conf", f->dir);
	snprintf(f->backup, sizeof(f->backup), "%s/x.conf.backup", f->dir);
	snprintf(f->victim, sizeof(f->victim), "%s/victim", f->dir);
}

static int fx_remove_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		chmod(p, 0700); /* a test may have made it read-only */
	return remove(p) == 0 ? 0 : 0;
}

static void fx_fini(struct fixture *f)
{
	chmod(f->dir, 0700);
	nftw(f->dir, fx_remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void file_put(const char *path, const void *data, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);

	if (fd < 0 || write(fd, data, len) != (ssize_t)len || fchmod(fd, mode) < 0) {
		perror(path);
		exit(2);
	}
	close(fd);
}

static void file_put_str(const char *path, const char *text, mode_t mode)
{
	file_put(path, text, strlen(text), mode);
}

/* The whole file (not following a symlink), NUL-terminated; NULL if it cannot be read. */
static char *file_get(const char *path, size_t *len)
{
	struct buf b = BUF_INIT;
	char chunk[65536];
	int fd = open(path, O_RDONLY | O_NOFOLLOW);
	ssize_t n;

	if (fd < 0)
		return NULL;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_put(&b, chunk, (size_t)n);
	close(fd);
	if (len)
		*len = b.len;
	buf_putc(&b, '\0');
	return (char *)b.data;
}

static bool file_is(const char *path, const char *text)
{
	char *got = file_get(path, NULL);
	bool same = got && strcmp(got, text) == 0;

	if (!same)
		printf("#   %s holds '%s', want '%s'\n", path, got ? got : "(unreadable)", text);
	free(got);
	return same;
}

static mode_t file_mode(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 ? st.st_mode & 07777 : (mode_t)-1;
}

static bool is_symlink_to(const char *path, const char *target)
{
	char got[PATH_MAX];
	ssize_t n = readlink(path, got, sizeof(got) - 1);

	if (n < 0)
		return false;
	got[n] = '\0';
	return strcmp(got, target) == 0;
}

/* How many entries of dir are not in the NULL-terminated list allowed (each named). */
static int strays(const char *dir, const char *const *allowed)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int count = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		bool known = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
		for (size_t i = 0; !known && allowed[i]; i++)
			known = strcmp(e->d_name, allowed[i]) == 0;
		if (!known) {
			printf("#   stray entry: %s\n", e->d_name);
			count++;
		}
	}
	closedir(d);
	return count;
}

static const char *const only_target[] = {"x.conf", "victim", NULL};
static const char *const target_and_backup[] = {"x.conf", "x.conf.backup", "victim", NULL};

static struct storage_options options_for(int named)
{
	struct storage_options o = {named ? STORAGE_NAMED_TEMP : 0, NULL, NULL};
	return o;
}

/* begin + appends of irregular sizes + commit, with the given options */
static int save_with(const char *path, const struct storage_options *opt, const char *text,
		     struct storage_error *err)
{
	struct storage_write *w = storage_begin_with(path, opt, err);
	size_t len = strlen(text), at = 0, step = 1;

	if (w == NULL)
		return -1;
	while (at < len) {
		size_t n = step < len - at ? step : len - at;
		if (storage_append(w, text + at, n) < 0)
			break;
		at += n;
		step = step * 7 + 3; /* crosses the 64 KiB chunk in every way */
	}
	return storage_commit(w);
}

static void test_happy_path(int named)
{
	struct fixture f;
	struct storage_error err;
	struct storage_options opt = options_for(named);
	struct stat st;

	fx_init(&f);
	file_put_str(f.path, "version 1\n", 0640);
	is_int(save_with(f.path, &opt, "version 2\n", &err), 0, "%s: save succeeds", mode_names[named]);
	is_str(err.text, "", "%s: no error text on success", mode_names[named]);
	ok(file_is(f.path, "version 2\n"), "%s: file holds the new text", mode_names[named]);
	ok(file_is(f.backup, "version 1\n"), "%s: backup holds the previous text", mode_names[named]);
	is_int(file_mode(f.path), 0640, "%s: mode kept", mode_names[named]);
	is_int(file_mode(f.backup), 0640, "%s: backup has the mode of the file it copies",
	       mode_names[named]);
	is_int(strays(f.dir, target_and_backup), 0, "%s: no temporary file left", mode_names[named]);

	/* the backup is replaced each time: one backup, of the text just replaced */
	is_int(save_with(f.path, &opt, "version 3\n", &err), 0, "%s: second save", mode_names[named]);
	ok(file_is(f.path, "version 3\n") && file_is(f.backup, "version 2\n"),
	   "%s: second save: file and backup move on together", mode_names[named]);
	is_int(strays(f.dir, target_and_backup), 0, "%s: still only file and backup",
	       mode_names[named]);

	/* the backup is its own inode: the live file is never renamed away or linked */
	struct stat live;
	ok(stat(f.backup, &st) == 0 && stat(f.path, &live) == 0 && st.st_ino != live.st_ino &&
		   st.st_nlink == 1 && live.st_nlink == 1,
	   "%s: backup and file are separate single-link inodes", mode_names[named]);
	fx_fini(&f);
}

static void test_large_chunks(void)
{
	struct fixture f;
	struct storage_error err;
	struct buf text = BUF_INIT;
	size_t len = 0;
	char *got;

	fx_init(&f);
	for (int i = 0; i < 200000; i++)
		buf_printf(&text, "route 10.%d.%d.0/24 next-hop self;\n", i / 256 % 256, i % 256);
	file_put_str(f.path, "old\n", 0600);
	ok(save_with(f.path, NULL, buf_cstr(&text), &err) == 0, "several MB in irregular chunks");
	got = file_get(f.path, &len);
	ok(got && len == text.len && memcmp(got, text.data, len) == 0,
	   "every byte of %zu arrives in order", text.len);
	free(got);
	ok(file_is(f.backup, "old\n"), "backup of the small old file");

	/* and the one-shot helper, over the large file: the backup now holds several MB */
	ok(storage_save(f.path, "small\n", 6, &err) == 0, "storage_save");
	ok(file_is(f.path, "small\n"), "storage_save wrote its text");
	got = file_get(f.backup, &len);
	ok(got && len == text.len && memcmp(got, text.data, len) == 0,
	   "backup copied all %zu bytes of the large file", text.len);
	free(got);
	is_int(file_mode(f.path), 0600, "mode 0600 kept across saves");
	is_int(strays(f.dir, target_and_backup), 0, "no temporary file left");
	buf_free(&text);
	fx_fini(&f);
}

static void test_new_file(int named)
{
	struct fixture f;
	struct storage_error err;
	struct storage_options opt = options_for(named);

	fx_init(&f);
	is_int(save_with(f.path, &opt, "fresh\n", &err), 0, "%s: a new file is created",
	       mode_names[named]);
	ok(file_is(f.path, "fresh\n"), "%s: new file text", mode_names[named]);
	is_int(file_mode(f.path), 0644, "%s: new file is 0644 under umask 022", mode_names[named]);
	ok(access(f.backup, F_OK) < 0 && errno == ENOENT,
	   "%s: no backup when there was no previous file", mode_names[named]);
	is_int(strays(f.dir, only_target), 0, "%s: no temporary file left", mode_names[named]);
	fx_fini(&f);

	fx_init(&f);
	umask(077);
	is_int(save_with(f.path, &opt, "fresh\n", &err), 0, "%s: new file under umask 077",
	       mode_names[named]);
	umask(022);
	is_int(file_mode(f.path), 0600, "%s: new file is 0600 under umask 077", mode_names[named]);
	fx_fini(&f);
}

static void test_modes_and_owner(void)
{
	struct fixture f;
	struct storage_error err;
	struct stat st;

	fx_init(&f);
	file_put_str(f.path, "a\n", 0754);
	ok(storage_save(f.path, "b\n", 2, &err) == 0 && file_mode(f.path) == 0754,
	   "mode 0754 kept");
	file_put_str(f.path, "a\n", 0400);
	ok(storage_save(f.path, "b\n", 2, &err) == 0 && file_mode(f.path) == 0400,
	   "a read-only file (0400) is replaced, still 0400");
	if (geteuid() == 0) {
		file_put_str(f.path, "a\n", 0640);
		ok(chown(f.path, NOBODY, NOBODY) == 0, "file given to nobody");
		ok(storage_save(f.path, "b\n", 2, &err) == 0, "root saves nobody's file");
		ok(stat(f.path, &st) == 0 && st.st_uid == NOBODY && st.st_gid == NOBODY &&
			   (st.st_mode & 07777) == 0640,
		   "owner, group and mode kept");
		ok(stat(f.backup, &st) == 0 && st.st_uid == NOBODY && (st.st_mode & 07777) == 0640,
		   "the backup keeps them too");
	} else {
		printf("ok %d # SKIP owner is kept only by root\n", ++tap_count);
	}
	fx_fini(&f);
}

static void test_symlink_target(int named)
{
	struct fixture f;
	struct storage_error err;
	struct storage_options opt = options_for(named);
	struct storage_write *w;
	char want[PATH_MAX + 64];

	fx_init(&f);
	file_put_str(f.victim, "victim\n", 0600);
	ok(symlink(f.victim, f.path) == 0, "symlink planted at the target");
	w = storage_begin_with(f.path, &opt, &err);
	ok(w == NULL, "%s: begin refuses a symlinked target", mode_names[named]);
	storage_abort(w);
	snprintf(want, sizeof(want), "refusing to replace a symbolic link: %s", f.path);
	is_str(err.text, want, "%s: the refusal names the path", mode_names[named]);
	is_int(err.code, ELOOP, "%s: code ELOOP", mode_names[named]);
	ok(file_is(f.victim, "victim\n") && is_symlink_to(f.path, f.victim),
	   "%s: victim untouched, symlink still there", mode_names[named]);
	is_int(strays(f.dir, only_target), 0, "%s: no temporary file", mode_names[named]);

	/* a dangling symlink is refused too: creating through it would be following it */
	unlink(f.victim);
	ok(storage_save(f.path, "x", 1, &err) < 0 && err.code == ELOOP,
	   "%s: a dangling symlink is refused", mode_names[named]);
	ok(access(f.victim, F_OK) < 0, "%s: nothing created at the dangling target",
	   mode_names[named]);

	/* swapped in between begin and commit: the commit refuses it */
	file_put_str(f.victim, "victim\n", 0600);
	unlink(f.path);
	file_put_str(f.path, "mine\n", 0644);
	w = storage_begin_with(f.path, &opt, &err);
	ok(w != NULL, "%s: begin on a regular file", mode_names[named]);
	storage_append(w, "new\n", 4);
	unlink(f.path);
	symlink(f.victim, f.path);
	is_int(storage_commit(w), -1, "%s: commit refuses the symlink swapped in",
	       mode_names[named]);
	is_str(err.text, want, "%s: same refusal at commit", mode_names[named]);
	ok(file_is(f.victim, "victim\n") && is_symlink_to(f.path, f.victim),
	   "%s: victim untouched after the late swap", mode_names[named]);
	ok(access(f.backup, F_OK) < 0, "%s: no backup made through the symlink", mode_names[named]);
	is_int(strays(f.dir, only_target), 0, "%s: no temporary file", mode_names[named]);
	fx_fini(&f);
}

static void test_symlink_backup(int named)
{
	struct fixture f;
	struct storage_error err;
	struct storage_options opt = options_for(named);
	struct storage_write *w;
	char want[PATH_MAX + 64];

	fx_init(&f);
	file_put_str(f.victim, "victim\n", 0600);
	file_put_str(f.path, "live\n", 0644);
	symlink(f.victim, f.backup);
	snprintf(want, sizeof(want), "refusing to replace a symbolic link: %s", f.backup);
	ok(storage_begin_with(f.path, &opt, &err) == NULL, "%s: begin refuses a symlinked backup",
	   mode_names[named]);
	is_str(err.text, want, "%s: the refusal names the backup", mode_names[named]);
	ok(file_is(f.victim, "victim\n") && file_is(f.path, "live\n") &&
		   is_symlink_to(f.backup, f.victim),
	   "%s: victim, file and symlink untouched", mode_names[named]);

	/* swapped in at the backup name between begin and commit */
	unlink(f.backup);
	w = storage_begin_with(f.path, &opt, &err);
	ok(w != NULL, "%s: begin with no backup yet", mode_names[named]);
	storage_append(w, "new\n", 4);
	symlink(f.victim, f.backup);
	is_int(storage_commit(w), -1, "%s: commit refuses the backup symlink swapped in",
	       mode_names[named]);
	is_str(err.text, want, "%s: refusal at commit names the backup", mode_names[named]);
	ok(file_is(f.victim, "victim\n") && file_is(f.path, "live\n") &&
		   is_symlink_to(f.backup, f.victim),
	   "%s: nothing followed, nothing replaced", mode_names[named]);
	is_int(strays(f.dir, target_and_backup), 0, "%s: no temporary file", mode_names[named]);
	fx_fini(&f);
}

static void test_not_regular(void)
{
	struct fixture f;
	struct storage_error err;
	char want[PATH_MAX + 64];

	fx_init(&f);
	ok(mkfifo(f.path, 0600) == 0, "a FIFO at the target");
	ok(storage_save(f.path, "x", 1, &err) < 0, "a FIFO is refused (and the open did not hang)");
	snprintf(want, sizeof(want), "refusing to replace %s: not a regular file", f.path);
	is_str(err.text, want, "FIFO refusal text");
	unlink(f.path);
	mkdir(f.path, 0700);
	ok(storage_save(f.path, "x", 1, &err) < 0 && err.code == EISDIR, "a directory is refused");
	rmdir(f.path);
	file_put_str(f.path, "live\n", 0644);
	mkdir(f.backup, 0700);
	ok(storage_save(f.path, "x", 1, &err) < 0 && file_is(f.path, "live\n"),
	   "a directory at the backup name is refused, file intact");
	fx_fini(&f);
}

/* A predictable name source: the k-th name tried is counter k. */
struct counter {
	unsigned next;
};

static void counter_random(void *ctx, uint8_t *out, size_t len)
{
	struct counter *c = ctx;

	memset(out, 0, len);
	out[0] = (uint8_t)(c->next % 62);
	out[1] = (uint8_t)(c->next / 62 % 62);
	c->next++;
}

static void counter_name(char *out, const char *dir, unsigned k)
{
	struct counter c = {k};
	uint8_t r[STORAGE_TEMP_RANDOM];
	char name[NAME_MAX + 1];

	counter_random(&c, r, sizeof(r));
	storage_temp_name_make(name, "x.conf", r);
	snprintf(out, PATH_MAX, "%s/%s", dir, name);
}

static void test_planted_temp_names(int named)
{
	struct fixture f;
	struct storage_error err;
	struct counter c = {0};
	struct storage_options opt = {named ? STORAGE_NAMED_TEMP : 0, counter_random, &c};
	char n0[PATH_MAX], n1[PATH_MAX], n2[PATH_MAX], n3[PATH_MAX], n4[PATH_MAX];
	int held;

	fx_init(&f);
	file_put_str(f.victim, "victim\n", 0600);
	file_put_str(f.path, "live\n", 0644);
	counter_name(n0, f.dir, 0);
	counter_name(n1, f.dir, 1);
	counter_name(n2, f.dir, 2);
	counter_name(n3, f.dir, 3);
	counter_name(n4, f.dir, 4);
	/* n0: another live writer's temporary file (it holds the flock) */
	file_put_str(n0, "other writer\n", 0600);
	held = open(n0, O_RDONLY);
	ok(held >= 0 && flock(held, LOCK_EX) == 0, "%s: a live writer's temp at name 0",
	   mode_names[named]);
	symlink(f.victim, n1);        /* n1: symlink to the victim */
	symlink("/nonexistent/x", n2); /* n2: dangling symlink */
	mkdir(n3, 0700);              /* n3: a directory */
	mkfifo(n4, 0600);             /* n4: a FIFO */

	is_int(save_with(f.path, &opt, "new\n", &err), 0,
	       "%s: save succeeds past five planted names", mode_names[named]);
	if (err.text[0])
		printf("#   %s\n", err.text);
	ok(file_is(f.path, "new\n") && file_is(f.backup, "live\n"), "%s: file and backup right",
	   mode_names[named]);
	ok(file_is(n0, "other writer\n"), "%s: the live writer's file untouched", mode_names[named]);
	ok(is_symlink_to(n1, f.victim) && file_is(f.victim, "victim\n"),
	   "%s: symlink at a temp name not followed, victim untouched", mode_names[named]);
	ok(is_symlink_to(n2, "/nonexistent/x"), "%s: dangling symlink left as it was",
	   mode_names[named]);
	struct stat st;
	ok(lstat(n3, &st) == 0 && S_ISDIR(st.st_mode) && lstat(n4, &st) == 0 && S_ISFIFO(st.st_mode),
	   "%s: directory and FIFO left as they were", mode_names[named]);
	ok(c.next >= 6, "%s: the planted names were tried and skipped (%u names drawn)",
	   mode_names[named], c.next);
	close(held);
	fx_fini(&f);
}

static void test_names_exhausted(void)
{
	struct fixture f;
	struct storage_error err;
	struct counter c = {0};
	struct storage_options opt = {STORAGE_NAMED_TEMP, counter_random, &c};
	char n0[PATH_MAX];

	/* every name tried is taken: give up after a bounded number of tries */
	fx_init(&f);
	file_put_str(f.path, "live\n", 0644);
	for (unsigned k = 0; k < STORAGE_TEMP_TRIES; k++) {
		counter_name(n0, f.dir, k);
		symlink(f.victim, n0);
	}
	ok(storage_save(f.path, "x", 1, &err) == 0, "random names: untouched by the planted ones");
	c.next = 0;
	ok(storage_begin_with(f.path, &opt, &err) == NULL && err.code == EEXIST,
	   "all %d names taken: begin fails with EEXIST", STORAGE_TEMP_TRIES);
	ok(strstr(err.text, "creating a temporary file for") != NULL, "error says the step: %.120s",
	   err.text);
	is_int(c.next, STORAGE_TEMP_TRIES, "exactly %d names tried", STORAGE_TEMP_TRIES);
	ok(access(f.victim, F_OK) < 0, "no symlink followed");
	fx_fini(&f);
}

static void test_stale_temps(void)
{
	struct fixture f;
	struct storage_error err;
	char stale[PATH_MAX], live[PATH_MAX], link[PATH_MAX], other[PATH_MAX], unlike[PATH_MAX];
	char foreign[PATH_MAX];
	int held;

	fx_init(&f);
	file_put_str(f.path, "live\n", 0644);
	counter_name(stale, f.dir, 100);
	counter_name(live, f.dir, 101);
	counter_name(link, f.dir, 102);
	snprintf(other, sizeof(other), "%s/.y.conf.attobgp-AAAAAAAAAAAA.tmp", f.dir);
	snprintf(unlike, sizeof(unlike), "%s/.x.conf.attobgp-AAAA.tmp", f.dir);
	file_put_str(stale, "left by a SIGKILLed writer\n", 0600);
	file_put_str(live, "being written\n", 0600);
	held = open(live, O_RDONLY);
	flock(held, LOCK_EX);
	symlink(f.path, link);
	file_put_str(other, "another file's temp\n", 0600);
	file_put_str(unlike, "not our pattern\n", 0600);

	counter_name(foreign, f.dir, 103);
	file_put_str(foreign, "someone else's\n", 0600);
	if (geteuid() == 0)
		chown(foreign, NOBODY, NOBODY);

	ok(storage_save(f.path, "new\n", 4, &err) == 0, "save with stale temporaries around");
	ok(access(stale, F_OK) < 0, "an unlocked temporary file of ours is removed as stale");
	ok(file_is(live, "being written\n"), "a locked one (a live writer's) is kept");
	ok(is_symlink_to(link, f.path), "a symlink with our pattern is not ours: kept");
	ok(access(other, F_OK) == 0, "another file's temporary is kept");
	ok(access(unlike, F_OK) == 0, "a name off the pattern is kept");
	if (geteuid() == 0)
		ok(access(foreign, F_OK) == 0, "another user's file with our pattern is kept");
	else
		printf("ok %d # SKIP only root can plant another user's file\n", ++tap_count);
	close(held);
	unlink(foreign);
	ok(storage_save(f.path, "newer\n", 6, &err) == 0 && access(live, F_OK) < 0,
	   "once its writer is gone, the next save removes it");

	ok(storage_temp_name_matches(".x.conf.attobgp-Ab3dEf7hIj9K.tmp", "x.conf"),
	   "pattern matches our names");
	ok(!storage_temp_name_matches(".x.conf.attobgp-Ab3dEf7hIj9-.tmp", "x.conf") &&
		   !storage_temp_name_matches(".x.conf.attobgp-Ab3dEf7hIj9K.tmpx", "x.conf") &&
		   !storage_temp_name_matches("x.conf.attobgp-Ab3dEf7hIj9K.tmp", "x.conf"),
	   "and nothing else");
	fx_fini(&f);
}

static void test_long_name(void)
{
	struct fixture f;
	struct storage_error err;
	char name[NAME_MAX + 1], path[PATH_MAX], tname[NAME_MAX + 1];
	uint8_t r[STORAGE_TEMP_RANDOM] = {0};

	fx_init(&f);
	memset(name, 'n', NAME_MAX - 7);
	name[NAME_MAX - 7] = '\0'; /* NAME.backup just fits */
	snprintf(path, sizeof(path), "%s/%s", f.dir, name);
	file_put_str(path, "old\n", 0644);
	int rc = storage_save(path, "new\n", 4, &err);
	ok(rc == 0, "a name of %d bytes: saved (%.100s)", NAME_MAX - 7, err.text);
	storage_temp_name_make(tname, name, r);
	ok(strlen(tname) <= NAME_MAX && storage_temp_name_matches(tname, name),
	   "its temporary names are cut to fit NAME_MAX");
	memset(name, 'n', NAME_MAX - 6);
	name[NAME_MAX - 6] = '\0';
	snprintf(path, sizeof(path), "%s/%s", f.dir, name);
	ok(storage_save(path, "new\n", 4, &err) < 0 && err.code == ENAMETOOLONG,
	   "a name whose backup name cannot exist is refused");
	fx_fini(&f);
}

static void test_bad_paths(void)
{
	struct storage_error err;

	ok(storage_begin("", &err) == NULL && err.code == EISDIR, "empty path refused");
	ok(storage_begin("/tmp/", &err) == NULL && err.code == EISDIR, "a directory path refused");
	ok(storage_begin("/tmp/..", &err) == NULL, "'..' refused");
	ok(storage_begin("/nonexistent-dir-xyz/x.conf", &err) == NULL && err.code == ENOENT,
	   "missing directory");
	is_str(err.text,
	       "opening the directory of /nonexistent-dir-xyz/x.conf: No such file or directory",
	       "the error names step, path and errno text");
}

static void test_abort(int named)
{
	struct fixture f;
	struct storage_error err;
	struct storage_options opt = options_for(named);
	struct storage_write *w;

	fx_init(&f);
	file_put_str(f.path, "live\n", 0644);
	w = storage_begin_with(f.path, &opt, &err);
	ok(w != NULL && storage_append(w, "never\n", 6) == 0, "%s: begin and append",
	   mode_names[named]);
	storage_abort(w);
	ok(file_is(f.path, "live\n"), "%s: abort leaves the file", mode_names[named]);
	is_int(strays(f.dir, only_target), 0, "%s: abort leaves no temporary and no backup",
	       mode_names[named]);
	storage_abort(NULL);
	fx_fini(&f);
}

/* RLIMIT_FSIZE makes writes past the limit fail with EFBIG: a write failure on demand. */
static void fsize_limit(rlim_t limit)
{
	struct rlimit rl;

	getrlimit(RLIMIT_FSIZE, &rl);
	rl.rlim_cur = limit == RLIM_INFINITY ? rl.rlim_max : limit;
	setrlimit(RLIMIT_FSIZE, &rl);
}

static void test_append_after_failure(int named)
{
	struct fixture f;
	struct storage_error err;
	struct storage_options opt = options_for(named);
	struct storage_write *w;
	static char big[300000];
	char first[STORAGE_ERROR_MAX];

	memset(big, 'x', sizeof(big));
	fx_init(&f);
	file_put_str(f.path, "live\n", 0644);
	file_put_str(f.backup, "older\n", 0644);
	w = storage_begin_with(f.path, &opt, &err);
	ok(w != NULL, "%s: begin", mode_names[named]);
	fsize_limit(100000);
	is_int(storage_append(w, big, sizeof(big)), -1, "%s: append past the limit fails",
	       mode_names[named]);
	fsize_limit(RLIM_INFINITY);
	is_int(err.code, EFBIG, "%s: with EFBIG", mode_names[named]);
	snprintf(first, sizeof(first), "writing the new text of %s: File too large", f.path);
	is_str(err.text, first, "%s: error says step, path, errno text", mode_names[named]);
	is_int(strays(f.dir, target_and_backup), 0,
	       "%s: the temporary file is gone at once, before the commit", mode_names[named]);
	is_int(storage_append(w, "more", 4), -1, "%s: a later append fails at once",
	       mode_names[named]);
	is_str(err.text, first, "%s: the first error stays", mode_names[named]);
	is_int(storage_commit(w), -1, "%s: the commit fails", mode_names[named]);
	is_str(err.text, first, "%s: still the first error", mode_names[named]);
	ok(file_is(f.path, "live\n") && file_is(f.backup, "older\n"),
	   "%s: file and backup intact", mode_names[named]);
	is_int(strays(f.dir, target_and_backup), 0, "%s: nothing left behind", mode_names[named]);

	/* the write that fails is the backup copy, at commit: the old file is larger than
	 * the limit, the new text is not */
	file_put(f.path, big, sizeof(big), 0644);
	w = storage_begin_with(f.path, &opt, &err);
	storage_append(w, "small\n", 6);
	fsize_limit(100000);
	is_int(storage_commit(w), -1, "%s: a failed backup copy fails the commit", mode_names[named]);
	fsize_limit(RLIM_INFINITY);
	snprintf(first, sizeof(first), "writing %s: File too large", f.backup);
	is_str(err.text, first, "%s: the error names the backup", mode_names[named]);
	size_t len = 0;
	char *got = file_get(f.path, &len);
	ok(got && len == sizeof(big) && file_is(f.backup, "older\n"),
	   "%s: file and previous backup intact", mode_names[named]);
	free(got);
	is_int(strays(f.dir, target_and_backup), 0, "%s: no temporary file", mode_names[named]);
	fx_fini(&f);
}

static void test_vanished_and_changed(void)
{
	struct fixture f;
	struct storage_error err;
	struct storage_write *w;

	fx_init(&f);
	file_put_str(f.path, "at begin\n", 0600);
	w = storage_begin(f.path, &err);
	storage_append(w, "new\n", 4);
	unlink(f.path);
	file_put_str(f.path, "changed meanwhile\n", 0640);
	ok(storage_commit(w) == 0, "file replaced by another between begin and commit");
	ok(file_is(f.backup, "changed meanwhile\n"), "the backup is the text being replaced");
	is_int(file_mode(f.path), 0640, "and its mode is the one at commit");

	w = storage_begin(f.path, &err);
	storage_append(w, "again\n", 6);
	unlink(f.path);
	unlink(f.backup);
	ok(storage_commit(w) == 0 && file_is(f.path, "again\n"),
	   "file removed between begin and commit: written anew");
	is_int(file_mode(f.path), 0640, "with the mode the file had at begin");
	ok(access(f.backup, F_OK) < 0, "no backup of a file that is not there");
	fx_fini(&f);
}

/* Run fn in a child with the given uid, so that permissions bind even when we are root.
 * The child prints no TAP: it answers with its exit status (RUN_PASS, RUN_FAIL, RUN_SKIP
 * when it cannot reach the test directory as that user) and a message on a pipe. */
enum { RUN_PASS, RUN_FAIL, RUN_SKIP };

static int run_as(uid_t uid, bool (*fn)(const struct fixture *, char *, size_t),
		  const struct fixture *f, char *why, size_t size)
{
	int fds[2];
	pid_t pid;
	int status = 0;
	ssize_t n;

	if (pipe(fds) < 0)
		return false;
	pid = fork();
	if (pid == 0) {
		char msg[512] = "";
		int result = RUN_FAIL;

		close(fds[0]);
		if (geteuid() != uid &&
		    (setgroups(0, NULL) < 0 || setgid(uid) < 0 || setuid(uid) < 0)) {
			snprintf(msg, sizeof(msg), "cannot become uid %u: %s", uid, strerror(errno));
			result = RUN_SKIP;
		} else if (access(f->path, R_OK) < 0) {
			/* e.g. TMPDIR under a directory only root may enter */
			snprintf(msg, sizeof(msg), "uid %u cannot reach %.400s", uid, f->path);
			result = RUN_SKIP;
		} else {
			result = fn(f, msg, sizeof(msg)) ? RUN_PASS : RUN_FAIL;
		}
		n = write(fds[1], msg, strlen(msg));
		(void)n;
		_exit(result);
	}
	close(fds[1]);
	n = read(fds[0], why, size - 1);
	why[n > 0 ? n : 0] = '\0';
	close(fds[0]);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : RUN_FAIL;
}

static bool readonly_dir_at_begin(const struct fixture *f, char *msg, size_t size)
{
	struct storage_error err;
	struct storage_write *w = storage_begin(f->path, &err);

	if (w != NULL) {
		snprintf(msg, size, "begin succeeded in a read-only directory");
		storage_abort(w);
		return false;
	}
	snprintf(msg, size, "%s", err.text);
	return err.code == EACCES && strstr(err.text, "creating a temporary file for") != NULL;
}

static bool readonly_dir_at_commit(const struct fixture *f, char *msg, size_t size)
{
	struct storage_error err;
	struct storage_write *w = storage_begin(f->path, &err);

	if (w == NULL) {
		snprintf(msg, size, "begin: %s", err.text);
		return false;
	}
	storage_append(w, "new\n", 4);
	chmod(f->dir, 0555);
	if (storage_commit(w) == 0) {
		snprintf(msg, size, "commit succeeded in a read-only directory");
		return false;
	}
	snprintf(msg, size, "%s", err.text);
	return err.code == EACCES;
}

static int count_temps(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int count = 0;

	while (d != NULL && (e = readdir(d)) != NULL)
		count += storage_temp_name_matches(e->d_name, "x.conf");
	if (d != NULL)
		closedir(d);
	return count;
}

static bool readonly_dir_named(const struct fixture *f, char *msg, size_t size)
{
	struct storage_error err;
	struct storage_options opt = {STORAGE_NAMED_TEMP, NULL, NULL};
	struct storage_write *w = storage_begin_with(f->path, &opt, &err);

	if (w == NULL) {
		snprintf(msg, size, "begin: %s", err.text);
		return false;
	}
	storage_append(w, "new\n", 4);
	chmod(f->dir, 0555);
	if (storage_commit(w) == 0) {
		snprintf(msg, size, "commit succeeded in a read-only directory");
		return false;
	}
	snprintf(msg, size, "%s", err.text);
	chmod(f->dir, 0755);
	/* the named temp could not be unlinked (that needs write permission too): the next
	 * save, in a writable directory, removes it as stale */
	if (count_temps(f->dir) != 1) {
		snprintf(msg, size, "expected the one stranded temporary file, found %d",
			 count_temps(f->dir));
		return false;
	}
	if (storage_save(f->path, "later\n", 6, &err) < 0) {
		snprintf(msg, size, "later save: %s", err.text);
		return false;
	}
	return true;
}

static void test_unwritable_dir(void)
{
	struct fixture f;
	char why[512];
	uid_t uid = geteuid() == 0 ? NOBODY : geteuid();
	int run;

	fx_init(&f);
	file_put_str(f.path, "live\n", 0644);
	if (geteuid() == 0)
		chown(f.dir, NOBODY, NOBODY);
	chmod(f.dir, 0555);
	run = run_as(uid, readonly_dir_at_begin, &f, why, sizeof(why));
	if (run == RUN_SKIP) {
		printf("ok %d # SKIP unwritable directory: %s\n", ++tap_count, why);
		fx_fini(&f);
		return;
	}
	ok(run == RUN_PASS, "read-only directory: begin fails with EACCES (%.100s)", why);
	ok(file_is(f.path, "live\n"), "file intact");
	is_int(strays(f.dir, only_target), 0, "nothing created");

	chmod(f.dir, 0755);
	run = run_as(uid, readonly_dir_at_commit, &f, why, sizeof(why));
	ok(run == RUN_PASS, "directory made read-only after begin: the commit fails (%.100s)", why);
	ok(file_is(f.path, "live\n"), "file intact");
	is_int(strays(f.dir, only_target), 0,
	       "nothing left: the O_TMPFILE never had a name, the backup was never made");

	chmod(f.dir, 0755);
	run = run_as(uid, readonly_dir_named, &f, why, sizeof(why));
	ok(run == RUN_PASS, "named temp in a directory made read-only: fails, next save cleans up (%.100s)",
	   why);
	ok(file_is(f.path, "later\n") && file_is(f.backup, "live\n"), "the later save went through");
	is_int(strays(f.dir, target_and_backup), 0, "the stranded temporary file is gone");
	fx_fini(&f);
}

static void test_read(void)
{
	struct fixture f;
	struct storage_error err;
	struct buf b = BUF_INIT;
	char want[PATH_MAX + 64];

	fx_init(&f);
	file_put_str(f.path, "neighbor 10.0.0.1 {}\n", 0644);
	buf_puts(&b, "kept:");
	ok(storage_read(f.path, 1024, &b, &err) == 0, "read a regular file");
	is_str(buf_cstr(&b), "kept:neighbor 10.0.0.1 {}\n", "appended to what out held");
	ok(storage_read(f.path, 21, &b, &err) == 0, "max equal to the size is enough");
	ok(storage_read(f.path, 20, &b, &err) < 0 && err.code == EFBIG, "one byte over max: EFBIG");
	is_int(b.len, 5 + 21 + 21, "out unchanged by the failed read");

	file_put_str(f.victim, "victim\n", 0600);
	unlink(f.path);
	symlink(f.victim, f.path);
	ok(storage_read(f.path, 1024, &b, &err) < 0 && err.code == ELOOP, "a symlink is refused");
	snprintf(want, sizeof(want), "refusing to read a symbolic link: %s", f.path);
	is_str(err.text, want, "refusal text");
	unlink(f.path);
	mkfifo(f.path, 0600);
	ok(storage_read(f.path, 1024, &b, &err) < 0 && err.code == EINVAL,
	   "a FIFO is refused without hanging");
	ok(storage_read(f.backup, 1024, &b, &err) < 0 && err.code == ENOENT,
	   "a missing file: ENOENT");
	buf_free(&b);
	fx_fini(&f);
}

int main(void)
{
	signal(SIGXFSZ, SIG_IGN); /* RLIMIT_FSIZE: fail the write with EFBIG, do not kill */
	umask(022);
	for (int named = 0; named < 2; named++) {
		test_happy_path(named);
		test_new_file(named);
		test_symlink_target(named);
		test_symlink_backup(named);
		test_planted_temp_names(named);
		test_abort(named);
		test_append_after_failure(named);
	}
	test_large_chunks();
	test_modes_and_owner();
	test_not_regular();
	test_names_exhausted();
	test_stale_temps();
	test_long_name();
	test_bad_paths();
	test_vanished_and_changed();
	test_unwritable_dir();
	test_read();
	return done_testing();
}
