#ifndef PLAN_H
#define PLAN_H

#include <stddef.h>
#include <stdint.h>

/*
 * The summit planner's scoring: pure functions over plain structs, no I/O.
 * Days are days since 1970-01-01; a summit of N days starting on day S
 * occupies the days S .. S + N - 1.
 *
 * Hard constraints (a date that breaks one is never proposed):
 *   - a day before `earliest` (the gap after the previous summit, and today);
 *   - a day that is a fixed (not provisional) public holiday of a state
 *     taking part on that day;
 *   - a day that another meeting involving a state taking part occupies.
 * Soft penalties, subtracted from PLAN_BASE (see plan_weights_default):
 *   - each weekend day (Saturday, Sunday);
 *   - each day and state of a provisional holiday (Ramadan weighs less);
 *   - each state's holiday on the day before or after (travel);
 *   - each meeting of any body in the same week (Monday to Sunday), up to a cap.
 */

#define PLAN_BASE 100

/* A state taking part: a full member on the days [since, until) (INT64_MIN / INT64_MAX when open). */
struct plan_member {
	char state[3];
	int64_t since, until;
};

struct plan_holiday {
	char state[3];
	int64_t first, last;    /* both included */
	const char *name;       /* borrowed */
	int provisional;
};

/* One occurrence of another meeting. */
struct plan_event {
	int64_t first, last;    /* the days it occupies, in its own zone, both included */
	int involves;           /* hosted by, or of a body of, a state taking part */
	size_t ref;             /* the caller's: which meeting it is */
};

struct plan_weights {
	int weekend;            /* per weekend day */
	int provisional;        /* per state and day of a provisional holiday */
	int ramadan;            /* per state and day of Ramadan */
	int adjacent;           /* per state and holiday on the day before or after */
	int week_meeting;       /* per meeting in the same week ... */
	int week_cap;           /* ... counting at most this many */
};
extern const struct plan_weights plan_weights_default;

struct plan_input {
	int64_t first, last;    /* the window: a candidate's days all lie in it */
	int days;               /* the summit's length, >= 1 */
	int64_t earliest;       /* no candidate starts before this day */
	const struct plan_member *members;
	size_t nmembers;
	const struct plan_holiday *holidays;
	size_t nholidays;
	const struct plan_event *events;
	size_t nevents;
	size_t top;             /* how many candidates to keep */
	const struct plan_weights *weights; /* NULL: plan_weights_default */
};

enum plan_reason_kind { PR_WEEKEND, PR_PROVISIONAL, PR_RAMADAN, PR_ADJACENT, PR_MEETING, PR_MORE_MEETINGS };

/* One reason weighed against a candidate. */
struct plan_reason {
	enum plan_reason_kind kind;
	int penalty;
	int64_t first, last;    /* the days it concerns */
	char *states;           /* the states concerned, "KG,KZ"; NULL for weekends and meetings */
	const char *name;       /* the holiday's name (borrowed from the input), else NULL */
	size_t ref;             /* PR_MEETING: the event's ref */
	size_t count;           /* PR_MORE_MEETINGS: how many more meetings */
};

struct plan_candidate {
	int64_t start, last;    /* first and last day */
	int score;              /* PLAN_BASE minus the penalties */
	struct plan_reason *reasons;
	size_t nreasons;
};

/* Why a start day is excluded; PH_OK when it is not. */
enum plan_hard { PH_OK, PH_EARLY, PH_WINDOW, PH_HOLIDAY, PH_MEETING };

struct plan_result {
	struct plan_candidate *c;  /* the best, by score (highest first), ties by date */
	size_t n;
	size_t considered;         /* start days in the window */
	size_t excluded[5];        /* start days excluded, by the first constraint broken (enum plan_hard) */
};

/*
 * Ranks every start day of the window. On success (0) *out is the
 * caller's to plan_result_free(); -1 when the input is not usable (no
 * days, a window longer than PLAN_MAX_DAYS).
 */
#define PLAN_MAX_DAYS 3700
int plan_rank(const struct plan_input *in, struct plan_result *out);
void plan_result_free(struct plan_result *r);

/*
 * The first hard constraint a summit starting on `start` breaks, or PH_OK.
 * *which (may be NULL) is then the index of the holiday or event.
 */
enum plan_hard plan_check(const struct plan_input *in, int64_t start, size_t *which);

/* 1 when state takes part on day (a full member then). */
int plan_member_on(const struct plan_input *in, const char *state, int64_t day);
/* 1 for a holiday named Ramadan (the month of fasting, not the feast that ends it). */
int plan_is_ramadan(const char *name);
/* "weekend", "provisional-holiday", "ramadan", "adjacent-holiday", "meeting", "more-meetings" */
const char *plan_reason_word(enum plan_reason_kind k);

#endif
