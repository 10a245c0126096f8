/*
 * libFuzzer over the iCalendar reader that `dipcal import` uses: any bytes
 * must give events or one error, never a crash, a leak or undefined
 * behaviour; and the reader's fast path must read them as libical's parser
 * does (ics_reader_set_reference): the same events, field by field, the
 * same status and the same message, else the fuzzer stops on the input.
 * make fuzz builds it; make fuzz-smoke runs it for 60 s.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ics.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void put_str(struct strbuf *sb, const char *v)
{
	if (v)
		sb_addf(sb, "'%s'|", v);
	else
		sb_puts(sb, "NULL|");
}

static void put_event(struct strbuf *sb, const struct ics_vevent *ev)
{
	sb_addf(sb, "%d|", ev->line);
	put_str(sb, ev->uid);
	put_str(sb, ev->summary);
	put_str(sb, ev->location);
	put_str(sb, ev->description);
	put_str(sb, ev->notes);
	put_str(sb, ev->rrule);
	put_str(sb, ev->status);
	put_str(sb, ev->tz);
	sb_addf(sb, "%d|%" PRId64 "|%" PRId64 "|%d|%" PRId64 "|%" PRId64 "|%" PRId64 "|%" PRId64 "|%d|%" PRId64 "|",
		ev->has_notes, ev->start, ev->end, ev->all_day, ev->sequence, ev->dtstamp, ev->modified, ev->created,
		ev->has_recurrence_id, ev->recurrence_id);
	for (size_t i = 0; i < ev->nexdates; i++)
		sb_addf(sb, "x%" PRId64, ev->exdates[i]);
	for (size_t i = 0; i < ev->nrdates; i++)
		sb_addf(sb, "r%" PRId64, ev->rdates[i]);
	sb_puts(sb, "\n");
}

/* Reads the input one way into out (events, then the status and what was said on fd 2, a memfd). */
static void read_one(const uint8_t *data, size_t size, int reference, int errfd, struct strbuf *out)
{
	FILE *in = fmemopen((void *)data, size, "rb");
	struct ics_reader *r;
	struct ics_vevent ev;
	char buf[1024];
	ssize_t n;
	int st, i = 0;

	if (!in)
		return;
	if (ftruncate(errfd, 0) == 0)
		lseek(errfd, 0, SEEK_SET);
	r = ics_reader_new(in, "fuzz", "Asia/Tashkent", NULL, NULL);
	ics_reader_set_reference(r, reference);
	while ((st = ics_reader_next(r, &ev)) == 1 && i++ < 10000) {
		struct series s = { ev.rrule, ev.tz, ev.start, ev.end, ev.all_day, ev.exdates, ev.nexdates,
				    ev.rdates, ev.nrdates, 0, 0 };
		int64_t end;
		int finite;

		put_event(out, &ev);
		/* What import does next with an event: the end of its series. */
		if (ev.rrule)
			ics_series_end(&s, &end, &finite);
	}
	ics_reader_free(r);
	fclose(in);
	fflush(stderr);
	sb_addf(out, "status %d: ", st);
	lseek(errfd, 0, SEEK_SET);
	while ((n = read(errfd, buf, sizeof(buf))) > 0)
		sb_add(out, buf, (size_t)n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int errfd = -1;
	struct strbuf fast = STRBUF_INIT, ref = STRBUF_INIT;
	int saved;

	if (!size)
		return 0;
	/* The reader reports bad input on stderr: kept in a memfd, to compare and out of the fuzzer's output. */
	if (errfd < 0)
		errfd = memfd_create("fuzz-stderr", 0);
	if (errfd < 0)
		return 0;
	fflush(stderr);
	saved = dup(2);
	dup2(errfd, 2);
	read_one(data, size, 0, errfd, &fast);
	read_one(data, size, 1, errfd, &ref);
	fflush(stderr);
	if (saved >= 0) {
		dup2(saved, 2);
		close(saved);
	}
	if (strcmp(fast.buf ? fast.buf : "", ref.buf ? ref.buf : "")) {
		fprintf(stderr, "the fast path and libical read this input differently:\nfast:\n%s\nlibical:\n%s\n",
			fast.buf ? fast.buf : "", ref.buf ? ref.buf : "");
		abort();
	}
	sb_release(&fast);
	sb_release(&ref);
	return 0;
}
