/* dipcal publish: the meetings to a CalDAV calendar, for a team to subscribe to. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "caldav.h"
#include "cmd.h"
#include "publish.h"
#include "util.h"
#include "banned.h"

#define DEFAULT_TIMEOUT 30

static const char *const usage_publish[] = {
	"dipcal publish URL [BODY...] [--user USER] [--password-file FILE] [--dry-run] [--force]",
	"               [--insecure-http] [--timeout SECONDS]",
	"",
	"Publishes the meetings (of the BODYs given, else of all) to the CalDAV calendar",
	"at URL, e.g. https://dav.example.org/alice/secretariat/, or for a Radicale on this",
	"computer http://127.0.0.1:5232/alice/secretariat/; a missing calendar is created.",
	"Each meeting is one resource, UID.ics, with its VTIMEZONE. New meetings are",
	"created, changed ones (a new SEQUENCE) replaced, and those removed (or of a BODY",
	"no longer given) deleted; cancelled ones stay, with STATUS:CANCELLED. Unchanged",
	"ones are not sent again. Prints \"N created, N updated, N deleted, N unchanged\".",
	"Each write is recorded at once: after a failure, the next run goes on from there.",
	"A resource changed on the server since the last publish is a conflict: one line",
	"names its UID, the server's copy is kept, and the exit status is 6.",
	"",
	"  --user USER           the user name (else the URL's, or ~/.netrc's)",
	"  --password-file FILE  the password: FILE's first line; FILE must be the owner's",
	"                        alone (chmod 600). Else ~/.netrc's for the host. There is",
	"                        no option for the password itself",
	"  --dry-run             compare with the server; print what would be done",
	"  --force               overwrite (or delete) what changed on the server",
	"  --insecure-http       allow plain http to a host other than this computer",
	"                        (127.0.0.0/8, ::1, localhost); https is checked against",
	"                        the system's certificate authorities",
	"  --timeout SECONDS     the limit for each request (default 30; 10 to connect)",
	NULL,
};

/*
 * The password: the first line of path, a regular file that only its owner
 * may read or write. *pw is the caller's to clear and free.
 */
static int read_password(const char *path, char **pw, size_t *cap)
{
	FILE *f = fopen(path, "r");
	struct stat sb;
	ssize_t n;
	int st = 0;

	*pw = NULL;
	*cap = 0;
	if (!f)
		return error(ST_FAIL, "cannot read password file '%s': %s", path, strerror(errno));
	if (fstat(fileno(f), &sb)) {
		st = error(ST_FAIL, "cannot read password file '%s': %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		st = error(ST_INVALID, "password file '%s' is not a regular file", path);
		goto out;
	}
	if (sb.st_mode & 077) {
		st = error(ST_INVALID, "password file '%s' is open to group or others (mode %04o): chmod 600 it",
			   path, (unsigned)(sb.st_mode & 07777));
		goto out;
	}
	n = getline(pw, cap, f);
	if (n < 0 && ferror(f)) {
		st = error(ST_FAIL, "cannot read password file '%s': %s", path, strerror(errno));
		goto out;
	}
	while (n > 0 && ((*pw)[n - 1] == '\n' || (*pw)[n - 1] == '\r'))
		(*pw)[--n] = '\0';
	if (n <= 0)
		st = error(ST_INVALID, "password file '%s' is empty", path);
out:
	fclose(f);
	return st;
}

/*
 * getopt_long() takes "--password" for "--password-file": then a password
 * typed on the command line would be read as a file name, and echoed in
 * messages. Every abbreviation of --password-file is refused, unechoed.
 */
static int check_no_password(int argc, char **argv)
{
	static const char full[] = "--password-file";

	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		size_t n = strcspn(argv[i], "=");

		if (n >= 3 && n < sizeof(full) - 1 && !strncmp(argv[i], full, n))
			return usage_error(usage_publish, "unknown option '%.*s': a password is never given on the "
					   "command line; use --password-file FILE or ~/.netrc", (int)n, argv[i]);
	}
	return 0;
}

static void print_counts(const struct publish_counts *n, int dry_run)
{
	printf("%zu created, %zu updated, %zu deleted, %zu unchanged", n->created, n->updated, n->deleted,
	       n->unchanged);
	if (n->conflicts)
		printf(", %zu conflict%s", n->conflicts, n->conflicts == 1 ? "" : "s");
	puts(dry_run ? " (dry run: nothing was changed)" : "");
}

int cmd_publish(struct app *app, int argc, char **argv)
{
	enum { O_USER = 256, O_PWFILE, O_DRY, O_FORCE, O_INSECURE, O_TIMEOUT };
	static const struct option opts[] = {
		{ "user", required_argument, NULL, O_USER },
		{ "password-file", required_argument, NULL, O_PWFILE },
		{ "dry-run", no_argument, NULL, O_DRY },
		{ "force", no_argument, NULL, O_FORCE },
		{ "insecure-http", no_argument, NULL, O_INSECURE },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct publish_opts o;
	struct publish_counts n;
	const char *pwfile = NULL;
	char *password = NULL;
	size_t pwcap = 0;
	int64_t timeout = DEFAULT_TIMEOUT;
	struct db *db;
	int c, li = -1, st = 0;

	memset(&o, 0, sizeof(o));
	st = check_no_password(argc, argv);
	if (st)
		return st;
	opterr = 0;
	optind = 0;
	while (!st && (c = getopt_long(argc, argv, ":h", opts, &li)) != -1) {
		switch (c) {
		case O_USER: o.user = optarg; break;
		case O_PWFILE: pwfile = optarg; break;
		case O_DRY: o.dry_run = 1; break;
		case O_FORCE: o.force = 1; break;
		case O_INSECURE: o.insecure_http = 1; break;
		case O_TIMEOUT:
			if (parse_int64(optarg, 1, 3600, &timeout))
				st = error(ST_INVALID, "invalid --timeout '%s': expected seconds from 1 to 3600", optarg);
			break;
		case 'h': return usage_help(usage_publish);
		case ':': st = usage_error(usage_publish, "option '%s' needs a value", argv[optind - 1]); break;
		default: st = usage_error(usage_publish, "unknown option '%s'", option_name(argv, opts, c, li)); break;
		}
		li = -1;
	}
	if (st)
		return st;
	if (optind >= argc)
		return usage_error(usage_publish, "no URL given");
	o.url = argv[optind];
	o.bodies = argv + optind + 1;
	o.nbodies = argc - optind - 1;
	o.timeout = (long)timeout;
	if (o.user)
		st = check_text("--user", o.user, 256, 0);
	if (!st && pwfile && !o.user)
		st = error(ST_INVALID, "--password-file needs --user");
	/* What can be refused without the network or the database is refused first. */
	if (!st)
		st = caldav_check_url(o.url, o.insecure_http);
	if (!st && pwfile)
		st = read_password(pwfile, &password, &pwcap);
	o.password = password;
	if (!st)
		st = o.dry_run ? app_db(app, &db) : app_db_rw(app, &db);
	for (int i = 0; !st && i < o.nbodies; i++)
		st = store_require_body(db, o.bodies[i], NULL);
	if (!st) {
		st = publish_run(db, &o, &n);
		print_counts(&n, o.dry_run);
	}
	if (password) {
		explicit_bzero(password, pwcap);
		free(password);
	}
	return st;
}
