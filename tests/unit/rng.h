/*
 * The unit tests' random numbers: xorshift64* from a fixed seed, so that
 * every run draws the same cases. A test defines RNG_SEED before including
 * this for a sequence of its own.
 */
#ifndef RNG_H
#define RNG_H

#include <stdint.h>

#ifndef RNG_SEED
#define RNG_SEED 0x9e3779b97f4a7c15u
#endif

static uint64_t rng = RNG_SEED;

static uint64_t next_rand(void) __attribute__((unused));
static int pick(int n) __attribute__((unused));

static uint64_t next_rand(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717u;
}

/* A number in [0, n). */
static int pick(int n)
{
	return (int)(next_rand() % (uint64_t)n);
}

#endif
