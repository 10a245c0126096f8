/* dipcal export: one VCALENDAR of meetings, office terms and deadlines. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "export.h"
#include "timeutil.h"
#include "util.h"
#include "banned.h"

static const char *const usage_export[] = {
	"dipcal export [-o FILE] [BODY...] [--from DATE] [--to DATE] [--alarm DUR[,DUR...]]",
	"              [--rotations] [--deadlines]",
	"",
	"Writes one iCalendar (RFC 5545) calendar to standard output, or to FILE, replaced",
	"atomically so that a subscribed reader never sees half a file. Each meeting is a",
	"VEVENT with its stable UID and SEQUENCE, times in its IANA zone with a VTIMEZONE",
	"built for the exported range. --alarm adds a display alarm per lead (1d,1h);",
	"--rotations adds each office term as an all-day event; --deadlines adds VTODOs.",
	"--from and --to keep the meetings whose series meet those dates.",
	NULL,
};

/* The buffer of an export written to a file. */
#define EXPORT_BUFFER (64 * 1024)

static int parse_alarms(const char *s, int64_t **out, size_t *n)
{
	char *list = xstrdup(s), *save = NULL;
	int st = 0;

	for (char *tok = strtok_r(list, ",", &save); tok && !st; tok = strtok_r(NULL, ",", &save)) {
		int64_t secs;

		st = parse_duration("--alarm", tok, &secs);
		if (!st) {
			*out = xrealloc(*out, (*n + 1) * sizeof(int64_t));
			(*out)[(*n)++] = secs;
		}
	}
	free(list);
	return st;
}

static int day_bound(const char *what, const char *s, int64_t *t)
{
	struct civil c;
	int st = parse_date(what, s, &c);

	if (!st)
		*t = days_from_civil(c.y, c.mo, c.d) * DAY_SECONDS;
	return st;
}

int cmd_export(struct app *app, int argc, char **argv)
{
	enum { O_FROM = 256, O_TO, O_ALARM, O_ROT, O_DL };
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "from", required_argument, NULL, O_FROM },
		{ "to", required_argument, NULL, O_TO },
		{ "alarm", required_argument, NULL, O_ALARM },
		{ "rotations", no_argument, NULL, O_ROT },
		{ "deadlines", no_argument, NULL, O_DL },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct export_opts o = { NULL, 0, INT64_MIN / 4, INT64_MAX / 4, NULL, 0, 0, 0 };
	int64_t *alarms = NULL;
	struct db *db;
	const char *outpath = NULL;
	char *tmp = NULL, *iobuf = NULL;
	FILE *out = stdout;
	int c, st = 0, fd;

	opterr = 0;
	optind = 0;
	while (!st && (c = getopt_long(argc, argv, ":ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'o': outpath = optarg; break;
		case O_FROM: st = day_bound("--from", optarg, &o.from); break;
		case O_TO: st = day_bound("--to", optarg, &o.to); o.to += DAY_SECONDS; break;
		case O_ALARM: st = parse_alarms(optarg, &alarms, &o.nalarms); break;
		case O_ROT: o.rotations = 1; break;
		case O_DL: o.deadlines = 1; break;
		case 'h': free(alarms); return usage_help(usage_export);
		case ':': st = usage_error(usage_export, "option '%s' needs a value", argv[optind - 1]); break;
		default: st = usage_error(usage_export, "unknown option '%s'", argv[optind - 1]); break;
		}
	}
	o.alarms = alarms;
	if (!st && o.to <= o.from)
		st = error(ST_INVALID, "--to is before --from");
	if (!st)
		st = app_db(app, &db);
	o.bodies = argv + optind;
	o.nbodies = argc - optind;
	for (int i = 0; !st && i < o.nbodies; i++)
		st = store_require_body(db, o.bodies[i], NULL);
	if (!st && outpath) {
		/* A temporary file beside the target, renamed over it when complete. */
		tmp = xasprintf("%s.XXXXXX", outpath);
		fd = mkstemp(tmp);
		if (fd >= 0) {
			/* The file keeps its mode; a new one is made as the user's umask says (a calendar to share). */
			struct stat old;

			fchmod(fd, stat(outpath, &old) ? (mode_t)(0666 & ~app->umask) : (old.st_mode & 07777));
		}
		if (fd < 0)
			st = error(ST_FAIL, "cannot write '%s': %s", outpath, strerror(errno));
		else if (!(out = fdopen(fd, "w"))) {
			st = error(ST_FAIL, "cannot write '%s': %s", outpath, strerror(errno));
			close(fd);
		} else {
			/* Tens of megabytes for a large calendar: written 64 KiB at a time, not a page. */
			iobuf = xmalloc(EXPORT_BUFFER);
			setvbuf(out, iobuf, _IOFBF, EXPORT_BUFFER);
		}
	}
	if (!st)
		st = export_write(db, &o, out);
	if (!st && (fflush(out) || ferror(out)))
		st = error(ST_FAIL, "cannot write '%s': %s", outpath ? outpath : "standard output", strerror(errno));
	if (!st && outpath && fsync(fileno(out)))
		st = error(ST_FAIL, "cannot write '%s': %s", outpath, strerror(errno));
	if (out && out != stdout && fclose(out) && !st)
		st = error(ST_FAIL, "cannot write '%s': %s", outpath, strerror(errno));
	if (tmp && !st && rename(tmp, outpath))
		st = error(ST_FAIL, "cannot replace '%s': %s", outpath, strerror(errno));
	if (tmp && st)
		unlink(tmp);
	free(tmp);
	free(iobuf);
	free(alarms);
	return st;
}
