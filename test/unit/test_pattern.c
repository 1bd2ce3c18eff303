/*
 * test_pattern.c -- unit tests of the sequenceMatch / sequenceCount engine
 *
 * 1. The parser: every item form, numbers, positions and kinds of errors,
 *    limits, and a randomised round trip (items -> text -> items).
 * 2. ClickHouse's own cases (00222_sequence_aggregate_function_family with
 *    its newest blocks, 00823_sequence_match_dfa, the documentation's
 *    example) and hand cases for the gate reference, exact gate boundaries,
 *    empty tails and counting.
 * 3. Randomised comparison with seq_oracle.h, a restatement of ClickHouse's
 *    backtracking matcher, for sequence_match and sequence_count.
 * 4. Scale: pathological patterns over 200,000 and 1,000,000 events (no
 *    timing assertions), out of memory, the interrupt hook.
 */
#include "unit.h"

#include "core/events.h"
#include "core/pattern.h"
#include "seq_oracle.h"

/* Compile or fail the check */
static JyPattern *
compile_unit(const char *text, int nconds, int64_t unit)
{
	JyPatternError err;
	JyPattern  *pat = jy_pattern_compile(text, strlen(text), nconds, unit,
										 &unit_mem, &err);

	if (pat == NULL)
		fprintf(stderr, "pattern \"%s\": position %d: %s\n", text, err.position,
				err.message);
	CHECK(pat != NULL);
	return pat;
}

/* Compile with unit 1 */
static JyPattern *
compile(const char *text, int nconds)
{
	return compile_unit(text, nconds, 1);
}

/* Expect a compile error of a kind at a position, with a message prefix */
static void
check_error(const char *text, int nconds, int64_t unit, JyPatternErrorKind kind,
			int position, const char *message)
{
	JyPatternError err;
	JyPattern  *pat = jy_pattern_compile(text, strlen(text), nconds, unit,
										 &unit_mem, &err);

	CHECK(pat == NULL);
	jy_pattern_free(pat, &unit_mem);
	if (err.kind != kind || err.position != position ||
		strncmp(err.message, message, strlen(message)) != 0)
		fprintf(stderr, "pattern \"%s\": got kind %d position %d \"%s\"\n",
				text, (int) err.kind, err.position, err.message);
	CHECK_EQ(err.kind, kind);
	CHECK_EQ(err.position, position);
	CHECK(strncmp(err.message, message, strlen(message)) == 0);
}

/* Sort events into jy_event_cmp order (insertion sort: tests are small) */
static void
sort_events(JyEvent *ev, size_t n)
{
	size_t		i;

	for (i = 1; i < n; i++)
	{
		JyEvent		x = ev[i];
		size_t		j = i;

		while (j > 0 && jy_event_cmp(&ev[j - 1], &x) > 0)
		{
			ev[j] = ev[j - 1];
			j--;
		}
		ev[j] = x;
	}
}

/* Small inputs of the hand cases are also checked against the oracle */
#define ORACLE_MAX_EVENTS 1000

static int	oracle_agreed;

/* sequence_match of a pattern text over events */
static int
match_of(const char *text, int nconds, const JyEvent *ev, size_t n)
{
	JyPattern  *pat = compile(text, nconds);
	bool		r = false;

	if (pat == NULL)
		return -1;
	CHECK_EQ(jy_sequence_match(pat, ev, n, &unit_mem, &r), JY_OK);
	if (n <= ORACLE_MAX_EVENTS)
	{
		JyEvent		scratch[ORACLE_MAX_EVENTS];

		CHECK_EQ(oracle_match(pat, ev, n, scratch, 10000000), r);
		oracle_agreed++;
	}
	jy_pattern_free(pat, &unit_mem);
	return r;
}

/* sequence_count of a pattern text over events */
static long long
count_of(const char *text, int nconds, const JyEvent *ev, size_t n)
{
	JyPattern  *pat = compile(text, nconds);
	uint64_t	r = 0;

	if (pat == NULL)
		return -1;
	CHECK_EQ(jy_sequence_count(pat, ev, n, &unit_mem, &r), JY_OK);
	if (n <= ORACLE_MAX_EVENTS)
	{
		JyEvent		scratch[ORACLE_MAX_EVENTS];

		CHECK_EQ(oracle_count(pat, ev, n, scratch, 10000000), r);
		oracle_agreed++;
	}
	jy_pattern_free(pat, &unit_mem);
	return (long long) r;
}

/*
 * Events from (ts, value) rows and conditions "value == conds[k]"; rows that
 * satisfy no condition get mask 0 (the engine ignores them).
 */
static size_t
rows_to_events(const int64_t (*rows)[2], size_t nrows, const int64_t *conds,
			   int nconds, JyEvent *ev)
{
	size_t		i;
	int			k;

	for (i = 0; i < nrows; i++)
	{
		ev[i].ts = rows[i][0];
		ev[i].mask = 0;
		for (k = 0; k < nconds; k++)
			if (rows[i][1] == conds[k])
				ev[i].mask |= UINT64_C(1) << k;
	}
	sort_events(ev, nrows);
	return nrows;
}

/* ---------------------------------------------------------------- parser */

/* Valid patterns compile to the expected items */
static void
test_parse_valid(void)
{
	JyPattern  *p;

	p = compile("", 1);
	CHECK_EQ(p->nitems, 1);
	CHECK_EQ(p->items[0].op, JY_PAT_STAR);
	CHECK_EQ(p->refmask, 0);
	CHECK(!p->has_time);
	jy_pattern_free(p, &unit_mem);

	check_error("(?1).(?t<=5).*(?3)(?t>+007)(?2)(?t>=0)(?t<1)", 3, 1,
				JY_PATTERN_ERR_SYNTAX, 39, "time condition must follow");

	p = compile("(?1).(?t<=5).*(?3)(?t>+007)(?2)(?t>=0).(?t<1)(?64)", 64);
	CHECK_EQ(p->nitems, 12);
	CHECK_EQ(p->items[1].op, JY_PAT_EVENT);
	CHECK_EQ(p->items[1].cond, 0);
	CHECK_EQ(p->items[2].op, JY_PAT_ANY);
	CHECK_EQ(p->items[3].op, JY_PAT_LE);
	CHECK_EQ(p->items[3].value, 5);
	CHECK_EQ(p->items[4].op, JY_PAT_STAR);
	CHECK_EQ(p->items[5].op, JY_PAT_EVENT);
	CHECK_EQ(p->items[5].cond, 2);
	CHECK_EQ(p->items[6].op, JY_PAT_GT);
	CHECK_EQ(p->items[6].value, 7);
	CHECK_EQ(p->items[7].cond, 1);
	CHECK_EQ(p->items[8].op, JY_PAT_GE);
	CHECK_EQ(p->items[8].value, 0);
	CHECK_EQ(p->items[9].op, JY_PAT_ANY);
	CHECK_EQ(p->items[10].op, JY_PAT_LT);
	CHECK_EQ(p->items[10].value, 1);
	CHECK_EQ(p->items[11].cond, 63);
	CHECK(p->refmask == (UINT64_C(1) | UINT64_C(2) | UINT64_C(4) | (UINT64_C(1) << 63)));
	CHECK(p->has_time);
	CHECK_EQ(jy_pattern_size(p), sizeof(JyPattern) + 12 * sizeof(JyPatternItem));
	jy_pattern_free(p, &unit_mem);

	/* a gate may open the pattern: it follows the implicit .* */
	p = compile("(?t==3)(?+01)", 1);
	CHECK_EQ(p->nitems, 3);
	CHECK_EQ(p->items[1].op, JY_PAT_EQ);
	CHECK_EQ(p->items[1].value, 3);
	CHECK_EQ(p->items[2].cond, 0);
	jy_pattern_free(p, &unit_mem);

	/* ".*" binds before "."; "..*" is '.' then '.*' */
	p = compile("..*.", 1);
	CHECK_EQ(p->nitems, 4);
	CHECK_EQ(p->items[1].op, JY_PAT_ANY);
	CHECK_EQ(p->items[2].op, JY_PAT_STAR);
	CHECK_EQ(p->items[3].op, JY_PAT_ANY);
	jy_pattern_free(p, &unit_mem);

	/* units: seconds for timestamps, and the largest values */
	p = compile_unit("(?1)(?t<1800)(?1)", 1, 1000000);
	CHECK_EQ(p->items[2].value, 1800000000);
	jy_pattern_free(p, &unit_mem);
	p = compile_unit("(?1)(?t<18446744073709)", 1, 1000000);
	CHECK(p->items[2].value == UINT64_C(18446744073709000000));
	jy_pattern_free(p, &unit_mem);
	p = compile("(?1)(?t>18446744073709551615)", 1);
	CHECK(p->items[2].value == UINT64_MAX);
	jy_pattern_free(p, &unit_mem);

	/* the most items */
	{
		char		text[JY_PATTERN_MAX_ITEMS + 2];

		memset(text, '.', JY_PATTERN_MAX_ITEMS);
		text[JY_PATTERN_MAX_ITEMS] = '\0';
		p = compile(text, 1);
		CHECK_EQ(p->nitems, JY_PATTERN_MAX_ITEMS + 1);
		jy_pattern_free(p, &unit_mem);
		text[JY_PATTERN_MAX_ITEMS] = '.';
		text[JY_PATTERN_MAX_ITEMS + 1] = '\0';
		check_error(text, 1, 1, JY_PATTERN_ERR_LIMIT, JY_PATTERN_MAX_ITEMS + 1,
					"pattern has more than 256 items");
	}

	/* the longest text: one item with many leading zeros */
	{
		char	   *text = malloc(JY_PATTERN_MAX_LENGTH + 2);

		memset(text, '0', JY_PATTERN_MAX_LENGTH + 1);
		memcpy(text, "(?", 2);
		memcpy(text + JY_PATTERN_MAX_LENGTH - 2, "1)", 2);
		text[JY_PATTERN_MAX_LENGTH] = '\0';
		p = compile(text, 1);
		CHECK_EQ(p->nitems, 2);
		CHECK_EQ(p->items[1].cond, 0);
		jy_pattern_free(p, &unit_mem);
		memcpy(text + JY_PATTERN_MAX_LENGTH - 2, "01)", 3);
		text[JY_PATTERN_MAX_LENGTH + 1] = '\0';
		check_error(text, 1, 1, JY_PATTERN_ERR_LIMIT, JY_PATTERN_MAX_LENGTH + 1,
					"pattern is longer than 65536 bytes");
		free(text);
	}
}

/* Errors: kind, 1-based position, message */
static void
test_parse_errors(void)
{
	JyPatternError err;
	JyPattern  *p;

	check_error("(?1", 4, 1, JY_PATTERN_ERR_SYNTAX, 4, "expected ')'");
	check_error("(?1)(?2", 4, 1, JY_PATTERN_ERR_SYNTAX, 8, "expected ')'");
	check_error("(?1)(?t<=5(?2)", 4, 1, JY_PATTERN_ERR_SYNTAX, 11, "expected ')'");
	check_error("(?12x)", 20, 1, JY_PATTERN_ERR_SYNTAX, 5, "expected ')'");
	check_error("(?1)x", 4, 1, JY_PATTERN_ERR_SYNTAX, 5, "expected '(?', '.' or '.*'");
	check_error("*", 4, 1, JY_PATTERN_ERR_SYNTAX, 1, "expected '(?', '.' or '.*'");
	check_error(". *", 4, 1, JY_PATTERN_ERR_SYNTAX, 2, "expected '(?', '.' or '.*'");
	check_error(" (?1)", 4, 1, JY_PATTERN_ERR_SYNTAX, 1, "expected '(?', '.' or '.*'");
	check_error("(1)", 4, 1, JY_PATTERN_ERR_SYNTAX, 2, "expected '?'");
	check_error("(", 4, 1, JY_PATTERN_ERR_SYNTAX, 2, "expected '?'");
	check_error("(?)", 4, 1, JY_PATTERN_ERR_SYNTAX, 3, "expected a condition number or 't'");
	check_error("(?", 4, 1, JY_PATTERN_ERR_SYNTAX, 3, "expected a condition number or 't'");
	check_error("(? 1)", 4, 1, JY_PATTERN_ERR_SYNTAX, 3, "expected a condition number or 't'");
	check_error("(?-1)", 4, 1, JY_PATTERN_ERR_SYNTAX, 3, "expected a condition number or 't'");
	check_error("(?+)", 4, 1, JY_PATTERN_ERR_SYNTAX, 4, "expected a number");
	check_error("(?0)", 4, 1, JY_PATTERN_ERR_CONDITION, 3, "condition number must be between 1 and 4");
	check_error("(?1)(?0)", 4, 1, JY_PATTERN_ERR_CONDITION, 7, "condition number must be between 1 and 4");
	check_error("(?5)", 4, 1, JY_PATTERN_ERR_CONDITION, 3, "condition number must be between 1 and 4");
	check_error("(?65)", 64, 1, JY_PATTERN_ERR_CONDITION, 3, "condition number must be between 1 and 64");
	check_error("(?18446744073709551616)", 4, 1, JY_PATTERN_ERR_CONDITION, 3, "condition number");
	check_error("(?18446744073709551617)", 4, 1, JY_PATTERN_ERR_CONDITION, 3, "condition number");
	check_error("(?1)(?t)", 4, 1, JY_PATTERN_ERR_SYNTAX, 8, "expected '<=', '<', '>=', '>' or '=='");
	check_error("(?1)(?t=1)", 4, 1, JY_PATTERN_ERR_SYNTAX, 8, "expected '<=', '<', '>=', '>' or '=='");
	check_error("(?1)(?t!=1)", 4, 1, JY_PATTERN_ERR_SYNTAX, 8, "expected '<=', '<', '>=', '>' or '=='");
	check_error("(?1)(?t>)", 4, 1, JY_PATTERN_ERR_SYNTAX, 9, "expected a number");
	check_error("(?1)(?t>+)(?2)", 4, 1, JY_PATTERN_ERR_SYNTAX, 10, "expected a number");
	check_error("(?1)(?t<=+)(?2)", 4, 1, JY_PATTERN_ERR_SYNTAX, 11, "expected a number");
	check_error("(?1)(?t==+)(?2)", 4, 1, JY_PATTERN_ERR_SYNTAX, 11, "expected a number");
	check_error("(?1)(?t>-1)", 4, 1, JY_PATTERN_ERR_SYNTAX, 9, "expected a number");
	check_error("(?1)(?t> 1)", 4, 1, JY_PATTERN_ERR_SYNTAX, 9, "expected a number");
	check_error("(?1)(?t>1.5)", 4, 1, JY_PATTERN_ERR_SYNTAX, 10, "expected ')'");
	check_error("(?1)(?t<5)(?t<5)(?2)", 4, 1, JY_PATTERN_ERR_SYNTAX, 11,
				"time condition must follow (?N), '.' or '.*'");
	check_error("(?1)(?t>99999999999999999999)", 4, 1, JY_PATTERN_ERR_RANGE, 9, "number too large");
	check_error("(?1)(?t>18446744073709551616)", 4, 1, JY_PATTERN_ERR_RANGE, 9, "number too large");
	check_error("(?1)(?t<18446744073710)", 4, 1000000, JY_PATTERN_ERR_RANGE, 9, "time value too large");
	check_error("(?1)(?t<+9223372036854775808)", 4, 2, JY_PATTERN_ERR_RANGE, 9, "time value too large");
	check_error("(?1)", 0, 1, JY_PATTERN_ERR_ARGUMENT, 0, "number of conditions");
	check_error("(?1)", 65, 1, JY_PATTERN_ERR_ARGUMENT, 0, "number of conditions");
	check_error("(?1)", 4, 0, JY_PATTERN_ERR_ARGUMENT, 0, "time unit");
	/* the first error from the left wins */
	check_error("(?9)(?t<5)(?t<5)", 4, 1, JY_PATTERN_ERR_CONDITION, 3, "condition number");
	check_error("(?1)(?t<5)(?t<x", 4, 1, JY_PATTERN_ERR_SYNTAX, 11, "time condition");
	/* a NUL byte is just a bad character, and text need not end in NUL */
	p = jy_pattern_compile("(?1)\0", 5, 4, 1, &unit_mem, &err);
	CHECK(p == NULL);
	CHECK_EQ(err.position, 5);
	p = jy_pattern_compile("(?1)(?2)garbage", 8, 4, 1, &unit_mem, &err);
	CHECK(p != NULL);
	CHECK_EQ(p->nitems, 3);
	jy_pattern_free(p, &unit_mem);
	/* a successful compile clears the error */
	CHECK_EQ(err.kind, JY_PATTERN_ERR_NONE);
	CHECK_EQ(err.position, 0);
}

/* Append one item's text, with random '+' and leading zeros */
static size_t
render_number(char *buf, uint64_t v)
{
	size_t		len = 0;

	if (unit_below(4) == 0)
		buf[len++] = '+';
	if (unit_below(4) == 0)
		buf[len++] = '0';
	len += (size_t) sprintf(buf + len, "%" PRIu64, v);
	return len;
}

/* Random item lists rendered as text compile back to the same items */
static void
test_parse_round_trip(void)
{
	static const char *const ops[] = {"<=", "<", ">=", ">", "=="};
	static const uint8_t opcodes[] = {JY_PAT_LE, JY_PAT_LT, JY_PAT_GE, JY_PAT_GT, JY_PAT_EQ};
	int			iter;

	for (iter = 0; iter < 20000; iter++)
	{
		JyPatternItem want[64];
		char		text[64 * 32];
		size_t		len = 0;
		int			nwant = 1;
		int			nconds = 1 + (int) unit_below(64);
		int64_t		unit = unit_below(2) ? 1 : 1000000;
		int			nitems = (int) unit_below(40);
		int			i;
		JyPatternError err;
		JyPattern  *p;

		want[0].op = JY_PAT_STAR;
		want[0].cond = 0;
		want[0].value = 0;
		for (i = 0; i < nitems; i++)
		{
			JyPatternItem *it = &want[nwant];
			uint8_t		prev = want[nwant - 1].op;
			unsigned	r = unit_below(5);

			it->cond = 0;
			it->value = 0;
			if (r == 0 && prev <= JY_PAT_STAR)
			{
				unsigned	o = unit_below(5);
				uint64_t	k = unit_below(3) == 0 ? unit_rand() % 18446744073709ULL : unit_below(100);

				it->op = opcodes[o];
				it->value = k * (uint64_t) unit;
				len += (size_t) sprintf(text + len, "(?t%s", ops[o]);
				len += render_number(text + len, k);
				text[len++] = ')';
			}
			else if (r <= 2)
			{
				it->op = JY_PAT_EVENT;
				it->cond = (uint8_t) unit_below((unsigned) nconds);
				len += (size_t) sprintf(text + len, "(?");
				len += render_number(text + len, (uint64_t) it->cond + 1);
				text[len++] = ')';
			}
			else if (r == 3)
			{
				it->op = JY_PAT_ANY;
				text[len++] = '.';
			}
			else
			{
				it->op = JY_PAT_STAR;
				text[len++] = '.';
				text[len++] = '*';
			}
			nwant++;
		}
		p = jy_pattern_compile(text, len, nconds, unit, &unit_mem, &err);
		CHECK(p != NULL);
		if (p == NULL)
			continue;
		CHECK_EQ(p->nitems, nwant);
		for (i = 0; i < nwant && i < p->nitems; i++)
		{
			CHECK_EQ(p->items[i].op, want[i].op);
			CHECK_EQ(p->items[i].cond, want[i].cond);
			CHECK(p->items[i].value == want[i].value);
		}
		jy_pattern_free(p, &unit_mem);
	}
}

/* ------------------------------------------------------ ClickHouse cases */

/* 00222_sequence_aggregate_function_family, every case with its number */
static void
test_00222(void)
{
	static const int64_t rows[][2] = {
		{0, 0}, {1, 0}, {2, 0}, {3, 0}, {4, 1}, {5, 2},
		{6, 0}, {7, 0}, {8, 0}, {9, 0}, {10, 1}, {11, 1}
	};
	static const int64_t c4[] = {0, 1, 2, 3};
	static const int64_t c2[] = {1, 2};
	static const struct
	{
		const char *pattern;
		int			match;
		int			count;
	}			cases[] = {
		{"", 1, 12}, {".", 1, 12}, {".*", 1, 12},
		{"(?1)", 1, 8}, {"(?2)", 1, 3}, {"(?3)", 1, 1}, {"(?4)", 0, 0},
		{"(?1)(?1)", 1, 4}, {"(?1)(?1)(?1)", 1, 2}, {"(?1)(?1)(?1)(?1)", 1, 2},
		{"(?1)(?1)(?1)(?1)(?1)", 0, 0}, {"(?1)(?1)(?1)(?1)(?2)", 1, 2},
		{"(?1)(?t>10)(?2)", 1, 1}, {"(?1)(?t>11)(?2)", 0, 0},
		{"(?1)(?t<11)(?2)", 1, 2}, {"(?1)(?t<3)(?3)", 1, 1},
		{"(?1)(?t<=2)(?3)", 1, 1}, {"(?1)(?t<2)(?3)", 0, 0},
		{"(?2)(?t>=7)(?2)", 1, 1}, {"(?2)(?t>7)(?2)", 0, 0},
		{"(?2)(?3)(?1)", 1, 1}
	};
	static const struct
	{
		const char *pattern;
		int			match;
		int			count;
	}			cases2[] = {
		{"(?1)(?t==2)(?2)", 0, 0}, {"(?1)(?t==1)(?2)", 1, 1},
		{"(?1)(?t>+0)(?2)", 1, 1}, {"(?1)(?t>+1)(?2)", 0, 0}
	};
	JyEvent		ev[12];
	size_t		i;

	rows_to_events(rows, 12, c4, 4, ev);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		int			m = match_of(cases[i].pattern, 4, ev, 12);
		long long	c = count_of(cases[i].pattern, 4, ev, 12);

		if (m != cases[i].match || c != cases[i].count)
			fprintf(stderr, "00222 \"%s\": match %d count %lld\n",
					cases[i].pattern, m, c);
		CHECK_EQ(m, cases[i].match);
		CHECK_EQ(c, cases[i].count);
	}
	rows_to_events(rows, 12, c2, 2, ev);
	for (i = 0; i < sizeof(cases2) / sizeof(cases2[0]); i++)
	{
		CHECK_EQ(match_of(cases2[i].pattern, 2, ev, 12), cases2[i].match);
		CHECK_EQ(count_of(cases2[i].pattern, 2, ev, 12), cases2[i].count);
	}
}

/* The newest blocks of 00222: issue #118120, consecutive events, tails */
static void
test_00222_newest(void)
{
	/* A@0, B@5, B@100, C@101 */
	static const int64_t abbc[][2] = {{0, 1}, {5, 2}, {100, 2}, {101, 3}};
	/* A@0, B@1, B@2, C@3 */
	static const int64_t abbc2[][2] = {{0, 1}, {1, 2}, {2, 2}, {3, 3}};
	static const int64_t none[][2] = {{0, 0}, {1, 0}};
	static const int64_t one[][2] = {{0, 1}};
	static const int64_t a100b[][2] = {{0, 1}, {100, 2}};
	static const int64_t abc[][2] = {{1, 1}, {2, 2}, {3, 3}};
	static const int64_t c3[] = {1, 2, 3};
	JyEvent		ev[4];

	rows_to_events(abbc, 4, c3, 3, ev);
	CHECK_EQ(match_of("(?1)(?t<=10)(?2)(?3)", 3, ev, 4), 0);
	CHECK_EQ(count_of("(?1)(?t<=10)(?2)(?3)", 3, ev, 4), 0);
	CHECK_EQ(match_of("(?1)(?t<=10)(?2)", 3, ev, 4), 1);
	rows_to_events(abbc2, 4, c3, 3, ev);
	CHECK_EQ(match_of("(?1)(?2)(?3)", 3, ev, 4), 0);
	CHECK_EQ(count_of("(?1)(?2)(?3)", 3, ev, 4), 0);
	CHECK_EQ(match_of("(?1)(?2).*(?3)", 3, ev, 4), 1);
	CHECK_EQ(match_of("(?1).*(?2)(?3)", 3, ev, 4), 1);

	/* rows but no true condition: nothing stored, tails decide */
	rows_to_events(none, 2, c3, 2, ev);
	CHECK_EQ(match_of("(?t<=10)", 2, ev, 2), 1);
	CHECK_EQ(match_of("", 2, ev, 2), 1);
	CHECK_EQ(match_of(".*(?t<0).*(?t>=0)", 2, ev, 2), 1);
	CHECK_EQ(match_of(".", 2, ev, 2), 0);
	CHECK_EQ(match_of("(?t>0)", 2, ev, 2), 0);
	CHECK_EQ(match_of("(?t==0)", 2, ev, 2), 0);
	CHECK_EQ(match_of("(?t>=1)", 2, ev, 2), 0);
	CHECK_EQ(count_of("", 2, ev, 2), 0);
	CHECK_EQ(count_of("(?t<=10)", 2, ev, 2), 0);
	CHECK_EQ(match_of("(?t<=10)", 2, NULL, 0), 1);
	CHECK_EQ(count_of("", 2, NULL, 0), 0);

	rows_to_events(one, 1, c3, 2, ev);
	CHECK_EQ(count_of("(?1).*", 2, ev, 1), 1);
	rows_to_events(a100b, 2, c3, 2, ev);
	CHECK_EQ(match_of("(?1)(?t<=10)(?2)", 2, ev, 2), 0);
	rows_to_events(abc, 3, c3, 3, ev);
	CHECK_EQ(match_of("(?1)(?2)(?3).*.*.*.*", 3, ev, 3), 1);
	CHECK_EQ(match_of("(?1)(?t<=100)(?2)(?3).*.*.*", 3, ev, 3), 1);
	CHECK_EQ(count_of("(?1)(?t<=100)(?2)(?3).*.*.*", 3, ev, 3), 1);
	CHECK_EQ(match_of("(?1)(?2)(?3).*(?t<=5).*.*", 3, ev, 3), 1);
	CHECK_EQ(match_of("(?1)(?t<=100)(?2)(?3).*.*(?t>1)", 3, ev, 3), 0);
}

/* The documentation's example: unlisted events are invisible */
static void
test_docs_example(void)
{
	static const int64_t rows[][2] = {{1, 1}, {2, 3}, {3, 2}};
	static const int64_t c12[] = {1, 2};
	static const int64_t c123[] = {1, 2, 3};
	static const int64_t c124[] = {1, 2, 4};
	JyEvent		ev[3];

	rows_to_events(rows, 3, c12, 2, ev);
	CHECK_EQ(match_of("(?1)(?2)", 2, ev, 3), 1);
	rows_to_events(rows, 3, c123, 3, ev);
	CHECK_EQ(match_of("(?1)(?2)", 3, ev, 3), 0);
	rows_to_events(rows, 3, c124, 3, ev);
	CHECK_EQ(match_of("(?1)(?2)", 3, ev, 3), 1);
}

/* 00823_sequence_match_dfa: 1,000,002 rows */
static void
test_00823(void)
{
	const size_t n = 1000002;
	JyEvent    *abc = malloc(n * sizeof(JyEvent));
	JyEvent    *aba = malloc(n * sizeof(JyEvent));
	JyEvent    *abbc = malloc(n * sizeof(JyEvent));
	JyEvent    *cd = malloc(n * sizeof(JyEvent));
	size_t		i;

	/* A at 0, B at 1 .. 999999, C at 1000000, D at 1e14 */
	for (i = 0; i < n; i++)
	{
		int			type = i == 0 ? 1 : i < 1000000 ? 2 : i == 1000000 ? 3 : 4;
		int64_t		ts = i <= 1000000 ? (int64_t) i : INT64_C(100000000000000);

		abc[i].ts = aba[i].ts = abbc[i].ts = cd[i].ts = ts;
		abc[i].mask = type <= 3 ? UINT64_C(1) << (type - 1) : 0;
		aba[i].mask = type == 1 ? 5 : type == 2 ? 2 : 0;
		abbc[i].mask = type == 1 ? 1 : type == 2 ? 6 : type == 3 ? 8 : 0;
		cd[i].mask = type == 3 ? 1 : type == 4 ? 2 : 0;
	}
	CHECK_EQ(match_of("(?1).*(?2).*(?3)", 3, abc, n), 1);
	CHECK_EQ(match_of("(?1).*(?2).*(?3)", 3, aba, n), 0);
	CHECK_EQ(match_of("(?1).*(?2).*(?3).*(?4)", 4, abbc, n), 1);
	CHECK_EQ(match_of("(?1)(?t>=10000000000000)(?2)", 2, cd, n), 1);
	CHECK_EQ(match_of("(?1)(?t>=99999999000001)(?2)", 2, cd, n), 0);
	CHECK_EQ(count_of("(?1).*(?2).*(?3)", 3, abc, n), 1);
	CHECK_EQ(count_of("(?2)", 3, abc, n), 999999);
	CHECK_EQ(count_of("(?2)(?2)", 3, abc, n), 499999);
	CHECK_EQ(count_of("(?2)(?t<=1)(?2)", 3, abc, n), 499999);
	CHECK_EQ(count_of("(?2).(?t<=1)(?2)", 3, abc, n), 333333);
	free(abc);
	free(aba);
	free(abbc);
	free(cd);
}

/* ------------------------------------------------------------ hand cases */

/* Which event a gate measures from */
static void
test_gate_reference(void)
{
	static const int64_t rows[][2] = {{0, 1}, {10, 3}, {12, 2}};
	static const int64_t rows2[][2] = {{0, 1}, {3, 3}, {7, 3}, {12, 2}};
	static const int64_t c3[] = {1, 2, 3};
	JyEvent		ev[4];

	rows_to_events(rows, 3, c3, 3, ev);
	/* after (?1): from (?1)'s event */
	CHECK_EQ(match_of("(?1)(?t>5)(?2)", 3, ev, 3), 1);
	CHECK_EQ(match_of("(?1)(?t>=12)(?2)", 3, ev, 3), 1);
	CHECK_EQ(match_of("(?1)(?t>12)(?2)", 3, ev, 3), 0);
	/* after .*: from the first event the gate tests (10, then 12) */
	CHECK_EQ(match_of("(?1).*(?t>5)(?2)", 3, ev, 3), 0);
	CHECK_EQ(match_of("(?1).*(?t>1)(?2)", 3, ev, 3), 1);
	CHECK_EQ(match_of("(?1).*(?t==2)(?2)", 3, ev, 3), 1);
	CHECK_EQ(match_of("(?1).*(?t<=0)(?2)", 3, ev, 3), 1);
	CHECK_EQ(match_of("(?1).*(?t<1)(?2)", 3, ev, 3), 1);
	CHECK_EQ(match_of("(?1).*(?t<0)(?2)", 3, ev, 3), 0);
	/* after '.': from the event '.' consumed */
	CHECK_EQ(match_of(".(?t==2)(?2)", 3, ev, 3), 1);
	CHECK_EQ(match_of(".(?t==12)(?2)", 3, ev, 3), 1);
	CHECK_EQ(match_of(".(?t==11)(?2)", 3, ev, 3), 0);
	/* after a gate: from the event that satisfied it */
	rows_to_events(rows2, 4, c3, 3, ev);
	CHECK_EQ(match_of("(?1)(?t>=3).*(?t>=5)(?2)", 3, ev, 4), 1);
	CHECK_EQ(match_of("(?1)(?t>=3).*(?t>=9)(?2)", 3, ev, 4), 1);
	CHECK_EQ(match_of("(?1)(?t>=3).*(?t>=10)(?2)", 3, ev, 4), 0);
	CHECK_EQ(match_of("(?1)(?t>=7)(?3)(?t==5)(?2)", 3, ev, 4), 1);
	CHECK_EQ(match_of("(?1)(?t>=7)(?3)(?t==4)(?2)", 3, ev, 4), 0);
	/* a gate skips events, even ones the next item would match */
	CHECK_EQ(match_of("(?1)(?t>=5)(?3)", 3, ev, 4), 1);
	CHECK_EQ(match_of("(?1)(?t>7)(?3)", 3, ev, 4), 0);
	CHECK_EQ(match_of("(?1)(?t<=12)(?2)", 3, ev, 4), 1);
	CHECK_EQ(match_of("(?1)(?t<12)(?2)", 3, ev, 4), 0);
	/* a leading gate measures from where the match starts */
	CHECK_EQ(match_of("(?t>=12)(?2)", 3, ev, 4), 1);
	CHECK_EQ(match_of("(?t==9)(?2)", 3, ev, 4), 1);
	CHECK_EQ(match_of("(?t==10)(?2)", 3, ev, 4), 0);
}

/* Gates at exact boundaries, bigint and microsecond units */
static void
test_gate_boundaries(void)
{
	JyEvent		ev[2];
	JyPattern  *p;
	bool		r;
	int64_t		d;

	for (d = 0; d <= 3; d++)
	{
		ev[0].ts = -5;
		ev[0].mask = 1;
		ev[1].ts = -5 + d;
		ev[1].mask = 2;
		CHECK_EQ(match_of("(?1)(?t<=2)(?2)", 2, ev, 2), d <= 2);
		CHECK_EQ(match_of("(?1)(?t<2)(?2)", 2, ev, 2), d < 2);
		CHECK_EQ(match_of("(?1)(?t>=2)(?2)", 2, ev, 2), d >= 2);
		CHECK_EQ(match_of("(?1)(?t>2)(?2)", 2, ev, 2), d > 2);
		CHECK_EQ(match_of("(?1)(?t==2)(?2)", 2, ev, 2), d == 2);
		CHECK_EQ(match_of("(?1)(?t==0)(?2)", 2, ev, 2), d == 0);
		CHECK_EQ(match_of("(?1)(?t<0)(?2)", 2, ev, 2), 0);
		CHECK_EQ(match_of("(?1)(?t<=0)(?2)", 2, ev, 2), d == 0);
	}

	/* timestamps in microseconds, gates in seconds */
	ev[0].ts = INT64_C(1700000000000000);
	ev[0].mask = 1;
	ev[1].ts = ev[0].ts + INT64_C(1800000000);
	ev[1].mask = 2;
	p = compile_unit("(?1)(?t<=1800)(?2)", 2, 1000000);
	CHECK_EQ(jy_sequence_match(p, ev, 2, &unit_mem, &r), JY_OK);
	CHECK(r);
	jy_pattern_free(p, &unit_mem);
	p = compile_unit("(?1)(?t<1800)(?2)", 2, 1000000);
	CHECK_EQ(jy_sequence_match(p, ev, 2, &unit_mem, &r), JY_OK);
	CHECK(!r);
	jy_pattern_free(p, &unit_mem);
	p = compile_unit("(?1)(?t==1800)(?2)", 2, 1000000);
	CHECK_EQ(jy_sequence_match(p, ev, 2, &unit_mem, &r), JY_OK);
	CHECK(r);
	jy_pattern_free(p, &unit_mem);

	/* the whole int64 range: differences do not wrap */
	ev[0].ts = INT64_MIN;
	ev[1].ts = INT64_MAX;
	CHECK_EQ(match_of("(?1)(?t==18446744073709551615)(?2)", 2, ev, 2), 1);
	CHECK_EQ(match_of("(?1)(?t<18446744073709551615)(?2)", 2, ev, 2), 0);
	CHECK_EQ(match_of("(?1)(?t>18446744073709551614)(?2)", 2, ev, 2), 1);
	CHECK_EQ(match_of("(?1)(?t<=1)(?2)", 2, ev, 2), 0);
	ev[1].ts = INT64_MIN;
	CHECK_EQ(match_of("(?1)(?t<=0)(?2)", 2, ev, 2), 1);
	CHECK_EQ(match_of("(?1)(?t>0)(?2)", 2, ev, 2), 0);
}

/* Running out of events in the middle of the pattern */
static void
test_empty_tails(void)
{
	JyEvent		ev[3] = {{0, 1}, {100, 2}, {200, 1}};

	/* (?1) consumed the last event: the rest must accept an empty tail */
	CHECK_EQ(match_of("(?1)(?t<=5)", 2, ev, 1), 1);
	CHECK_EQ(match_of("(?1)(?t<0)", 2, ev, 1), 1);
	CHECK_EQ(match_of("(?1)(?t>=0)", 2, ev, 1), 1);
	CHECK_EQ(match_of("(?1).*.*(?t<5).*", 2, ev, 1), 1);
	CHECK_EQ(match_of("(?1)(?t>=1)", 2, ev, 1), 0);
	CHECK_EQ(match_of("(?1)(?t>0)", 2, ev, 1), 0);
	CHECK_EQ(match_of("(?1)(?t==0)", 2, ev, 1), 0);
	CHECK_EQ(match_of("(?1).", 2, ev, 1), 0);
	CHECK_EQ(match_of("(?1)(?1)", 2, ev, 1), 0);
	/* with an event left, a gate must find an event: no empty tail */
	CHECK_EQ(match_of("(?1)(?t<=5)", 2, ev, 2), 0);
	CHECK_EQ(match_of("(?1)(?t<=100)", 2, ev, 2), 1);
	CHECK_EQ(match_of("(?1)(?t>=0)", 2, ev, 2), 1);
	/* ... unless a later (?1) consumes the last event */
	CHECK_EQ(match_of("(?1)(?t<=5)", 2, ev, 3), 1);
	CHECK_EQ(match_of("(?1).*(?t<0)", 2, ev, 2), 0);
	CHECK_EQ(match_of("(?1).*(?t<0)", 2, ev, 3), 1);
	CHECK_EQ(count_of("(?1)(?t<=5)", 2, ev, 3), 1);
	/* patterns of .* and empty-accepting gates always match */
	CHECK_EQ(match_of("(?t<0)", 2, ev, 3), 1);
	CHECK_EQ(count_of("(?t<0)", 2, ev, 3), 1);
	CHECK_EQ(count_of("(?t<1)", 2, ev, 3), 3);
	CHECK_EQ(count_of(".*(?t<0)", 2, ev, 3), 1);
	CHECK_EQ(count_of("(?t>=0)", 2, ev, 3), 3);
	CHECK_EQ(count_of("(?t>=1)", 2, ev, 3), 2);
	CHECK_EQ(count_of("(?t>100)", 2, ev, 3), 1);
}

/* Counting: non-overlapping, resuming after the last consumed event */
static void
test_counting(void)
{
	JyEvent		ev[8];
	size_t		i;

	/* 1 1 1 1 1 1 1 2 at t = 0 .. 7 */
	for (i = 0; i < 8; i++)
	{
		ev[i].ts = (int64_t) i;
		ev[i].mask = i < 7 ? 1 : 2;
	}
	CHECK_EQ(count_of("(?1)", 2, ev, 8), 7);
	CHECK_EQ(count_of("(?1)(?1)", 2, ev, 8), 3);
	CHECK_EQ(count_of("(?1).*(?2)", 2, ev, 8), 1);
	CHECK_EQ(count_of("(?1).*", 2, ev, 8), 7);
	CHECK_EQ(count_of(".*(?1)", 2, ev, 8), 7);
	CHECK_EQ(count_of("..", 2, ev, 8), 4);
	CHECK_EQ(count_of("(?1)(?t>=2)", 2, ev, 8), 3);
	CHECK_EQ(count_of("(?1)(?t>=2)(?1)", 2, ev, 8), 2);
	CHECK_EQ(count_of("(?1)(?t<=1)(?1)", 2, ev, 8), 3);
	CHECK_EQ(count_of("(?2)", 2, ev, 8), 1);
	CHECK_EQ(count_of("(?1)(?2)", 2, ev, 8), 1);
	CHECK_EQ(count_of("(?2)(?1)", 2, ev, 8), 0);
	/* the order of ties: (ts, mask), so mask 1 before mask 2 */
	ev[0].ts = 5;
	ev[0].mask = 2;
	ev[1].ts = 5;
	ev[1].mask = 1;
	sort_events(ev, 2);
	CHECK_EQ(match_of("(?1)(?2)", 2, ev, 2), 1);
	CHECK_EQ(match_of("(?2)(?1)", 2, ev, 2), 0);
	/* an event with several conditions */
	ev[0].ts = 1;
	ev[0].mask = 3;
	CHECK_EQ(match_of("(?1)", 2, ev, 1), 1);
	CHECK_EQ(match_of("(?2)", 2, ev, 1), 1);
	CHECK_EQ(match_of("(?1)(?2)", 2, ev, 1), 0);
}

/* --------------------------------------------------- randomised vs oracle */

/* A random pattern of up to maxitems items, rendered as text */
static size_t
random_pattern(char *text, int nconds, int maxitems, int maxk)
{
	static const char *const ops[] = {"<=", "<", ">=", ">", "=="};
	size_t		len = 0;
	int			prev = JY_PAT_STAR;
	int			nitems = (int) unit_below((unsigned) maxitems + 1);
	int			i;

	for (i = 0; i < nitems; i++)
	{
		unsigned	r = unit_below(10);

		if (r < 3 && prev <= JY_PAT_STAR)
		{
			len += (size_t) sprintf(text + len, "(?t%s%u)", ops[unit_below(5)],
									unit_below((unsigned) maxk + 1));
			prev = JY_PAT_LE;
		}
		else if (r < 6)
		{
			len += (size_t) sprintf(text + len, "(?%u)", 1 + unit_below((unsigned) nconds));
			prev = JY_PAT_EVENT;
		}
		else if (r < 8)
		{
			text[len++] = '.';
			prev = JY_PAT_ANY;
		}
		else
		{
			text[len++] = '.';
			text[len++] = '*';
			prev = JY_PAT_STAR;
		}
	}
	text[len] = '\0';
	return len;
}

/* Random sorted events; some masks 0 */
static size_t
random_events(JyEvent *ev, size_t maxn, int nconds, unsigned tsrange)
{
	size_t		n = unit_below((unsigned) maxn + 1);
	size_t		i;

	for (i = 0; i < n; i++)
	{
		ev[i].ts = (int64_t) unit_below(tsrange) - 3;
		ev[i].mask = unit_rand() & ((UINT64_C(1) << nconds) - 1);
		if (ev[i].mask == 0 && unit_below(3) != 0)
			ev[i].mask = UINT64_C(1) << unit_below((unsigned) nconds);
	}
	sort_events(ev, n);
	return n;
}

/* Compare engine and oracle on random cases of one shape */
static void
compare_random(int iterations, int maxitems, size_t maxn, unsigned tsrange,
			   int maxk, int *compared, int *skipped)
{
	JyEvent		ev[64];
	JyEvent		scratch[64];
	char		text[64 * 16];
	int			iter;

	for (iter = 0; iter < iterations; iter++)
	{
		int			nconds = 1 + (int) unit_below(3);
		size_t		len = random_pattern(text, nconds, maxitems, maxk);
		size_t		n = random_events(ev, maxn, nconds, tsrange);
		JyPatternError err;
		JyPattern  *pat = jy_pattern_compile(text, len, nconds, 1, &unit_mem, &err);
		bool		mine_match;
		uint64_t	mine_count;
		int			want_match;
		long long	want_count;

		CHECK(pat != NULL);
		if (pat == NULL)
			continue;
		CHECK_EQ(jy_sequence_match(pat, ev, n, &unit_mem, &mine_match), JY_OK);
		CHECK_EQ(jy_sequence_count(pat, ev, n, &unit_mem, &mine_count), JY_OK);
		want_match = oracle_match(pat, ev, n, scratch, 2000000);
		want_count = oracle_count(pat, ev, n, scratch, 2000000);
		if (want_match < 0 || want_count < 0)
			(*skipped)++;
		else
		{
			(*compared)++;
			if (want_match != (int) mine_match || want_count != (long long) mine_count)
			{
				size_t		i;

				fprintf(stderr, "pattern \"%s\" over", text);
				for (i = 0; i < n; i++)
					fprintf(stderr, " %" PRId64 ":%" PRIu64, ev[i].ts, ev[i].mask);
				fprintf(stderr, ": match %d (oracle %d), count %" PRIu64 " (oracle %lld)\n",
						(int) mine_match, want_match, mine_count, want_count);
			}
			CHECK_EQ(mine_match, want_match);
			CHECK_EQ(mine_count, want_count);
		}
		jy_pattern_free(pat, &unit_mem);
	}
}

/* Randomised comparison with the backtracking oracle */
static void
test_random_vs_oracle(void)
{
	int			compared = 0;
	int			skipped = 0;

	/* small: many ties, gates near their boundaries */
	compare_random(300000, 6, 8, 6, 4, &compared, &skipped);
	/* longer patterns */
	compare_random(100000, 12, 10, 10, 6, &compared, &skipped);
	/* longer event lists, wider times */
	compare_random(30000, 8, 40, 60, 30, &compared, &skipped);
	printf("test_pattern: %d random cases compared with the oracle, %d skipped\n",
		   compared, skipped);
	CHECK(compared > 400000);
	CHECK(skipped < compared / 100);
}

/* ---------------------------------------------------------------- scale */

/* Pathological patterns over many events finish (no timing assertions) */
static void
test_pathological(void)
{
	static const char *const patterns[] = {
		"(?1).*(?1).*(?1).*(?2)",
		"(?1).*(?1)(?t>1).*(?1)(?t<1000000).*(?2)",
		".*.*.*.*.*.*.*.*(?1).*(?1)(?t<=3)(?1).*(?t>=2)(?1)(?2)",
		"(?1)(?t>=0).*(?t<=1000000)(?1)(?t>0).*(?t==1)(?1).(?t<5)(?2)",
	};
	const size_t n = 200000;
	JyEvent    *ev = malloc((n + 1) * sizeof(JyEvent));
	size_t		i,
				k;
	int			before = unit_interrupts;

	for (k = 0; k < sizeof(patterns) / sizeof(patterns[0]); k++)
	{
		/* the one (?2) first: the pre-check passes but nothing matches */
		ev[0].ts = -1;
		ev[0].mask = 2;
		for (i = 1; i <= n; i++)
		{
			ev[i].ts = (int64_t) (i / 3);
			ev[i].mask = 1;
		}
		CHECK_EQ(match_of(patterns[k], 2, ev, n + 1), 0);
		CHECK_EQ(count_of(patterns[k], 2, ev, n + 1), 0);
		/* the one (?2) last: one match, which takes every event */
		for (i = 0; i < n; i++)
		{
			ev[i].ts = (int64_t) (i / 3);
			ev[i].mask = 1;
		}
		ev[n].ts = (int64_t) (n / 3 + 1);
		ev[n].mask = 2;
		CHECK_EQ(match_of(patterns[k], 2, ev, n + 1), 1);
		CHECK_EQ(count_of(patterns[k], 2, ev, n + 1), 1);
	}
	CHECK(unit_interrupts > before);
	free(ev);
}

/* A million events against a pathological pattern */
static void
test_million(void)
{
	const size_t n = 1000000;
	JyEvent    *ev = malloc(n * sizeof(JyEvent));
	size_t		i;

	for (i = 0; i < n; i++)
	{
		ev[i].ts = (int64_t) i;
		ev[i].mask = i == n - 1 ? 2 : i % 1000 == 999 ? 3 : 1;
	}
	CHECK_EQ(match_of("(?1).*(?1).*(?1).*(?1)(?t>100).*(?1)(?t<=5)(?2)", 2, ev, n), 1);
	CHECK_EQ(count_of("(?1).*(?1).*(?1).*(?2)", 2, ev, n), 1000);
	CHECK_EQ(count_of("(?1)(?t<=998)(?2)", 2, ev, n), 1000);
	CHECK_EQ(count_of("(?2)(?t>=1)(?2)", 2, ev, n), 500);
	/* long loops call the interrupt hook (query cancellation) */
	{
		int			before = unit_interrupts;

		CHECK_EQ(match_of(".*(?1).*(?1).*(?1)(?t>1000000000)(?2)", 2, ev, n), 0);
		CHECK(unit_interrupts > before);
		before = unit_interrupts;
		CHECK_EQ(count_of("(?1)(?2)", 2, ev, n), 1000);
		CHECK(unit_interrupts > before);
	}
	free(ev);
}

/* Allocator that fails after a number of allocations */
static int	fail_after;

static void *
failing_alloc(void *arg, size_t size)
{
	(void) arg;
	if (fail_after-- <= 0)
		return NULL;
	return malloc(size);
}

/* Out of memory is reported, and nothing leaks (LeakSanitizer) */
static void
test_out_of_memory(void)
{
	const JyMem failing = {failing_alloc, unit_resize, unit_release, NULL, NULL};
	JyEvent		ev[3] = {{0, 1}, {1, 0}, {2, 2}};
	JyPatternError err;
	JyPattern  *p;
	bool		r = true;
	uint64_t	c = 7;

	fail_after = 0;
	p = jy_pattern_compile("(?1)(?2)", 8, 2, 1, &failing, &err);
	CHECK(p == NULL);
	CHECK_EQ(err.kind, JY_PATTERN_ERR_OUT_OF_MEMORY);

	p = compile("(?1).*(?2)", 2);
	fail_after = 0;				/* the copy without the mask-0 event */
	CHECK_EQ(jy_sequence_match(p, ev, 3, &failing, &r), JY_ERR_OUT_OF_MEMORY);
	CHECK(!r);
	fail_after = 1;				/* the work arrays */
	CHECK_EQ(jy_sequence_match(p, ev, 3, &failing, &r), JY_ERR_OUT_OF_MEMORY);
	fail_after = 1;
	CHECK_EQ(jy_sequence_count(p, ev, 3, &failing, &c), JY_ERR_OUT_OF_MEMORY);
	CHECK_EQ(c, 0);
	fail_after = 2;
	CHECK_EQ(jy_sequence_count(p, ev, 3, &failing, &c), JY_OK);
	CHECK_EQ(c, 1);
	fail_after = 0;				/* no copy needed, no work arrays for n = 0 */
	CHECK_EQ(jy_sequence_match(p, ev, 0, &failing, &r), JY_OK);
	CHECK(!r);
	CHECK_EQ(jy_sequence_match(p, ev, 1, &failing, &r), JY_OK);	/* pre-check */
	CHECK(!r);
	CHECK_EQ(jy_sequence_match(p, ev + 2, 1, &failing, &r), JY_OK);
	CHECK(!r);
	jy_pattern_free(p, &unit_mem);
	jy_pattern_free(NULL, &unit_mem);
}

int
main(void)
{
	test_parse_valid();
	test_parse_errors();
	test_parse_round_trip();
	test_00222();
	test_00222_newest();
	test_docs_example();
	test_00823();
	test_gate_reference();
	test_gate_boundaries();
	test_empty_tails();
	test_counting();
	test_random_vs_oracle();
	test_pathological();
	test_million();
	test_out_of_memory();
	printf("test_pattern: %d hand cases also checked against the oracle\n",
		   oracle_agreed);
	return unit_summary("test_pattern");
}
