/*
 * A tiny header-only TAP producer for the unit tests.
 *
 *   ok(cond, "name %d", n);          one test: cond true passes
 *   is_int(got, expected, "name");   integers (printed on failure)
 *   is_str(got, expected, "name");   strings; NULL equals only NULL
 *   diag("note");                    a "# note" line on stdout
 *   return done_testing();           prints the plan, 0 when all passed
 *
 * Every function returns whether the test passed, so callers can add
 * diagnostics. Everything is static: each test program gets its own copy.
 */
#ifndef TAP_H
#define TAP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define TAP_UNUSED __attribute__((unused))
#define TAP_PRINTF(f, a) __attribute__((format(printf, f, a)))

static int tap_count TAP_UNUSED;
static int tap_failures TAP_UNUSED;

static int tap_vresult(int pass, const char *fmt, va_list ap) TAP_UNUSED;
static int ok(int cond, const char *fmt, ...) TAP_UNUSED TAP_PRINTF(2, 3);
static int is_int(int64_t got, int64_t expected, const char *fmt, ...) TAP_UNUSED TAP_PRINTF(3, 4);
static int is_str(const char *got, const char *expected, const char *fmt, ...) TAP_UNUSED TAP_PRINTF(3, 4);
static void diag(const char *fmt, ...) TAP_UNUSED TAP_PRINTF(1, 2);
static int done_testing(void) TAP_UNUSED;

/* Prints "ok N - name" or "not ok N - name"; returns pass. */
static int tap_vresult(int pass, const char *fmt, va_list ap)
{
	tap_count++;
	if (!pass)
		tap_failures++;
	printf("%sok %d - ", pass ? "" : "not ", tap_count);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
	return pass;
}

static int ok(int cond, const char *fmt, ...)
{
	va_list ap;
	int pass;

	va_start(ap, fmt);
	pass = tap_vresult(cond != 0, fmt, ap);
	va_end(ap);
	return pass;
}

static int is_int(int64_t got, int64_t expected, const char *fmt, ...)
{
	va_list ap;
	int pass = got == expected;

	va_start(ap, fmt);
	tap_vresult(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		printf("#   got:      %" PRId64 "\n#   expected: %" PRId64 "\n", got, expected);
	return pass;
}

static int is_str(const char *got, const char *expected, const char *fmt, ...)
{
	va_list ap;
	int pass = got && expected ? strcmp(got, expected) == 0 : got == expected;

	va_start(ap, fmt);
	tap_vresult(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		printf("#   got:      %s%s%s\n#   expected: %s%s%s\n",
		       got ? "'" : "", got ? got : "NULL", got ? "'" : "",
		       expected ? "'" : "", expected ? expected : "NULL", expected ? "'" : "");
	return pass;
}

static void diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* Prints the plan; returns the exit status: 0 when every test passed. */
static int done_testing(void)
{
	printf("1..%d\n", tap_count);
	if (tap_failures)
		printf("# failed %d of %d tests\n", tap_failures, tap_count);
	fflush(stdout);
	return tap_failures ? 1 : tap_count == 0;
}

#endif
