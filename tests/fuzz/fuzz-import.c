/*
 * libFuzzer over the iCalendar reader that `dipcal import` uses: any bytes
 * must give events or one error, never a crash, a leak or undefined
 * behaviour. make fuzz builds it; make fuzz-smoke runs it for 60 s.
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ics.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *in = fmemopen((void *)data, size ? size : 1, "rb");
	struct ics_reader *r;
	struct ics_vevent ev;
	int devnull, saved;

	if (!in)
		return 0;
	if (!size) {
		fclose(in);
		return 0;
	}
	/* The reader reports bad input on stderr: keep the fuzzer's output readable. */
	fflush(stderr);
	saved = dup(2);
	devnull = open("/dev/null", O_WRONLY);
	if (devnull >= 0)
		dup2(devnull, 2);
	r = ics_reader_new(in, "fuzz", "Asia/Tashkent", NULL, NULL);
	for (int i = 0; i < 10000 && ics_reader_next(r, &ev) == 1; i++) {
		struct series s = { ev.rrule, ev.tz, ev.start, ev.end, ev.all_day, ev.exdates, ev.nexdates,
				    ev.rdates, ev.nrdates, 0, 0 };
		int64_t end;
		int finite;

		/* What import does next with an event: the end of its series. */
		if (ev.rrule)
			ics_series_end(&s, &end, &finite);
	}
	ics_reader_free(r);
	fclose(in);
	if (saved >= 0) {
		dup2(saved, 2);
		close(saved);
	}
	if (devnull >= 0)
		close(devnull);
	return 0;
}
