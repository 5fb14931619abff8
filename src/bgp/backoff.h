/* backoff.h — when to try again: connect-retry with exponential back-off and jitter.
 *
 * Owns: the delay sequence between connection attempts to one peer (RFC 4271 8: the
 * ConnectRetryTimer; RFC 4271 10: timers jittered to 75..100 % of their value so that
 * speakers do not synchronise), its growth on consecutive failures (doubling from min up to
 * max, as OpenBGPD's IdleHoldTime does) and its reset once a session proved stable. Also
 * the jitter itself, for the other timers that want it (keepalive).
 * Must not know: sockets, clocks (callers arm timers with the values), sessions.
 * The random numbers come from a small per-session generator (xorshift64*), seeded by the
 * caller: no global state, reproducible in tests.
 */
#ifndef BGP_BACKOFF_H
#define BGP_BACKOFF_H

#include <stdint.h>

struct bgp_backoff {
	uint32_t min_ms;
	uint32_t max_ms;
	uint32_t nominal_ms; /* the un-jittered delay the next failure will use */
	uint32_t failures;   /* consecutive failures since the last reset */
	uint64_t rng;
};

void bgp_backoff_init(struct bgp_backoff *b, uint32_t min_ms, uint32_t max_ms, uint64_t seed);
/* A connection attempt or a session failed: the (jittered) delay before the next attempt.
 * The delay after this one will be twice as long, up to max_ms. */
uint32_t bgp_backoff_fail(struct bgp_backoff *b);
/* The session was stable: the next failure waits min_ms again. */
void bgp_backoff_reset(struct bgp_backoff *b);

/* ms scaled by a uniform factor in [0.75, 1.0] (RFC 4271 10). */
uint32_t bgp_jitter(uint64_t *rng, uint32_t ms);
/* The next number of the generator (never 0 once seeded with anything). */
uint64_t bgp_random(uint64_t *rng);

#endif
