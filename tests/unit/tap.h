/* tap.h — a tiny TAP producer for unit tests (run under `prove`).
 *
 * Each check prints "ok N - name" or "not ok N - name" with the values that differed.
 * done_testing() prints the plan and returns the exit status.
 */
#ifndef TESTS_TAP_H
#define TESTS_TAP_H

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int tap_count;
static int tap_failed;

static inline bool tap_ok(bool cond, const char *name, const char *file, int line)
{
	tap_count++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_count, name);
	if (!cond) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return cond;
}

#define ok(cond, ...)                                                                              \
	do {                                                                                       \
		char tap_name_[256];                                                               \
		snprintf(tap_name_, sizeof(tap_name_), __VA_ARGS__);                               \
		tap_ok((cond), tap_name_, __FILE__, __LINE__);                                     \
	} while (0)

#define is_int(got, want, ...)                                                                     \
	do {                                                                                       \
		long long g_ = (long long)(got), w_ = (long long)(want);                           \
		char tap_name_[256];                                                               \
		snprintf(tap_name_, sizeof(tap_name_), __VA_ARGS__);                               \
		if (!tap_ok(g_ == w_, tap_name_, __FILE__, __LINE__))                              \
			printf("#   got %lld, want %lld\n", g_, w_);                                  \
	} while (0)

#define is_str(got, want, ...)                                                                     \
	do {                                                                                       \
		const char *g_ = (got), *w_ = (want);                                              \
		char tap_name_[256];                                                               \
		snprintf(tap_name_, sizeof(tap_name_), __VA_ARGS__);                               \
		bool same_ = g_ && w_ && strcmp(g_, w_) == 0;                                      \
		if (!tap_ok(same_, tap_name_, __FILE__, __LINE__))                                 \
			printf("#   got  '%s'\n#   want '%s'\n", g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
	} while (0)

static inline int done_testing(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
