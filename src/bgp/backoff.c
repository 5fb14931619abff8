/* backoff.c — see backoff.h. */
#include "bgp/backoff.h"

uint64_t bgp_random(uint64_t *rng)
{
	/* xorshift64* (Vigna); a zero state would stay zero, so it is nudged */
	uint64_t x = *rng ? *rng : 0x2545f4914f6cdd1dULL;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*rng = x;
	return x * 0x2545f4914f6cdd1dULL;
}

uint32_t bgp_jitter(uint64_t *rng, uint32_t ms)
{
	/* 75 % plus a random quarter: [0.75, 1.0] in 1/1024 steps */
	uint64_t r = (bgp_random(rng) >> 40) & 1023; /* 0..1023 */
	uint64_t scaled = (uint64_t)ms * (768 + (r * 256) / 1023) / 1024;
	return (uint32_t)scaled;
}

void bgp_backoff_init(struct bgp_backoff *b, uint32_t min_ms, uint32_t max_ms, uint64_t seed)
{
	b->min_ms = min_ms ? min_ms : 1;
	b->max_ms = max_ms < b->min_ms ? b->min_ms : max_ms;
	b->nominal_ms = b->min_ms;
	b->failures = 0;
	b->rng = seed;
}

uint32_t bgp_backoff_fail(struct bgp_backoff *b)
{
	uint32_t delay = bgp_jitter(&b->rng, b->nominal_ms);
	b->failures++;
	b->nominal_ms = b->nominal_ms > b->max_ms / 2 ? b->max_ms : b->nominal_ms * 2;
	return delay;
}

void bgp_backoff_reset(struct bgp_backoff *b)
{
	b->nominal_ms = b->min_ms;
	b->failures = 0;
}
