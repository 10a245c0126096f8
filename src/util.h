#ifndef UTIL_H
#define UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Status codes carried from the core up to main(), which returns them as
 * the process exit status. Documented in README.md and `dipcal --help`.
 */
enum status {
	ST_OK = 0,
	ST_FAIL = 1,      /* runtime failure: I/O, database unusable or read-only */
	ST_USAGE = 2,     /* bad command line */
	ST_NOTFOUND = 3,  /* unknown body, state, meeting, document or deadline */
	ST_CONFLICT = 4,  /* already exists */
	ST_INVALID = 5,   /* an invalid value: date, zone, duration, rule, text */
	ST_REMOTE_CONFLICT = 6, /* a server's copy changed since the last publish */
	ST_NO_NOTIFY = 7, /* no notification server answered: reminders not delivered */
};

/* Prints "dipcal: MSG" on stderr and returns st. */
int error(int st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Creates the missing directories above path, each mode 0700; 0, or the errno of the mkdir that failed (*dir: which, the caller's to free, when not NULL). */
int mkdir_parents(const char *path, char **dir);
/* Prints "dipcal: MSG" on stderr and exits 1. For what cannot go on. */
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Allocation never fails: out of memory is fatal. The caller frees. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* NULL in, NULL out. */
char *xstrdup_or_null(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable string. buf is always NUL-terminated once anything is added. */
struct strbuf {
	char *buf;
	size_t len, alloc;
};
#define STRBUF_INIT { NULL, 0, 0 }
void sb_add(struct strbuf *sb, const char *s, size_t n);
void sb_puts(struct strbuf *sb, const char *s);
void sb_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * Room for n more bytes: returns where they go. Write at most n bytes
 * there, then sb_done(sb, end) with end just past the last one written.
 */
char *sb_room(struct strbuf *sb, size_t n);
void sb_done(struct strbuf *sb, char *end);
/* Empties sb, keeping its memory for what is added next. */
void sb_reset(struct strbuf *sb);
/* Returns the buffer (the caller frees) and resets sb. Never NULL. */
char *sb_detach(struct strbuf *sb);
void sb_release(struct strbuf *sb);

/*
 * Strings that are freed together: carved out of large blocks, one
 * malloc for thousands (an agenda's meetings). Zero-initialise; the
 * strings live until arena_release().
 */
struct arena {
	char **blocks;
	size_t nblocks;
	char *at;               /* free space in the newest block */
	size_t left;
};
/* A copy of the n octets at s, terminated, in the arena; NULL when s is NULL. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_release(struct arena *a);

/* Parses a whole decimal integer in [min, max]; 0 on success, -1 otherwise. */
int parse_int64(const char *s, int64_t min, int64_t max, int64_t *out);

/* Text limits: longer values are refused with the limit named. */
#define TEXT_MAX 4096
#define NOTES_MAX 1048576

/* 1 if s is valid UTF-8 with no NUL and no C0 control other than tab/newline. */
int text_ok(const char *s, int allow_newlines);
/* The same for the len octets at s: a NUL among them is refused. */
int text_ok_len(const char *s, size_t len, int allow_newlines);



/* A new random UID (an RFC 4122 version 4 UUID with "@dipcal"). The caller frees. */
char *new_uid(void);
/* "1st", "2nd", "3rd", "11th" ... into buf of at least 24 bytes. */
char *fmt_ordinal(int64_t n, char *buf);
#endif
