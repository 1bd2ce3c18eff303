/*
 * test_nextnode.c -- unit tests of the sequenceNextNode engine
 *
 * 1. ClickHouse's 01656_sequence_next_node_long: every query of the test
 *    with its expected output (the Nullable table's NULL row is dropped, as
 *    the caller does, which gives the same results as the non-null table).
 * 2. Hand cases: last_match, base_cond, too few rows, ties, duplicates,
 *    64 conditions, parsing and validation.
 * 3. Sorting against qsort, and find against a direct reading of the rules
 *    on random rows.
 */
#include "unit.h"

#include "core/nextnode.h"

typedef struct Row
{
	int64_t		ts;
	const char *value;			/* NULL: a row the caller drops */
	const char *ref;			/* the referrer column of test_base_condition */
} Row;

/*
 * Evaluate sequence_next_node(dir, base)(ts, value, base_cond, events..)
 * over rows, where base_cond is "ref = base_ref" (always true when base_ref
 * is NULL) and event k is "value = events[k]".  Returns the value or NULL.
 */
static const char *
next_node(const char *dir, const char *base, const Row *rows, size_t nrows,
		  const char *base_ref, const char *const *events, int nevents)
{
	JyNodeRow	r[128];
	JyNodeDirection d;
	JyNodeBase	b;
	size_t		n = 0;
	size_t		i;
	size_t		idx = 0;
	int			k;

	CHECK(jy_nextnode_parse_direction(dir, strlen(dir), &d));
	CHECK(jy_nextnode_parse_base(base, strlen(base), &b));
	CHECK_EQ(jy_nextnode_check(d, b, nevents), JY_NODE_OK);
	for (i = 0; i < nrows; i++)
	{
		if (rows[i].value == NULL)
			continue;
		r[n].ts = rows[i].ts;
		r[n].value = rows[i].value;
		r[n].len = (uint32_t) strlen(rows[i].value);
		r[n].base = base_ref == NULL || strcmp(rows[i].ref, base_ref) == 0;
		r[n].mask = 0;
		for (k = 0; k < nevents; k++)
			if (strcmp(rows[i].value, events[k]) == 0)
				r[n].mask |= UINT64_C(1) << k;
		n++;
	}
	CHECK_EQ(jy_nextnode_sort(r, n, &unit_mem), JY_OK);
	if (!jy_nextnode_find(r, n, d, b, nevents, &unit_mem, &idx))
		return NULL;
	CHECK(idx < n);
	return r[idx].value;
}

/* Compare a result with the expected character ('.' = NULL) */
static void
check_value(const char *got, char want, const char *what, int id)
{
	bool		ok = want == '.' ? got == NULL :
		(got != NULL && got[0] == want && got[1] == '\0');

	if (!ok)
		fprintf(stderr, "%s id %d: got %s, expected %c\n", what, id,
				got ? got : "NULL", want);
	CHECK(ok);
}

/* ------------------------------------------------------------- 01656 */

/* test_sequenceNextNode: dt seconds 1..5 */
static const Row id1[] = {{1, "A", ""}, {2, "B", ""}, {3, "C", ""}, {4, "D", ""}};
static const Row id2[] = {{1, "B", ""}, {2, "B", ""}, {3, "D", ""}, {4, "C", ""}};
static const Row id3[] = {{1, "A", ""}, {2, "B", ""}};
static const Row id4[] = {{1, "A", ""}, {2, "A", ""}, {3, "A", ""}, {4, "B", ""}, {5, "C", ""}};
static const Row id5[] = {{1, "A", ""}, {2, "B", ""}, {3, "A", ""}, {4, "C", ""}};
static const Row id6[] = {{1, "A", ""}, {2, "B", ""}, {3, "A", ""}, {4, "B", ""}, {5, "C", ""}};
/* id 10 of the Nullable table has a NULL action at second 2 */
static const Row id10[] = {{1, "A", ""}, {2, "B", ""}, {2, NULL, ""}, {3, "C", ""}, {4, "D", ""}};
/* id 11: four actions in one second, here given in reverse order */
static const Row id11[] = {{1, "D", ""}, {1, "C", ""}, {1, "B", ""}, {1, "A", ""}};
static const Row id12[] = {{1, "A", ""}, {1, "A", ""}};

typedef struct Group
{
	int			id;
	const Row  *rows;
	size_t		n;
} Group;

#define GROUP(id, rows) {id, rows, sizeof(rows) / sizeof(rows[0])}

static const Group ids_1_6[] = {
	GROUP(1, id1), GROUP(2, id2), GROUP(3, id3), GROUP(4, id4), GROUP(5, id5), GROUP(6, id6)
};
static const Group ids_all[] = {
	GROUP(1, id1), GROUP(2, id2), GROUP(3, id3), GROUP(4, id4), GROUP(5, id5), GROUP(6, id6),
	GROUP(10, id10), GROUP(11, id11)
};
static const Group ids_10[] = {GROUP(10, id10)};
static const Group ids_11[] = {GROUP(11, id11)};
static const Group ids_12[] = {GROUP(12, id12)};

/* test_base_condition: action and referrer */
static const Row bc1[] = {{1, "A", "1"}, {2, "B", "2"}, {3, "C", "3"}, {4, "D", "4"}};
static const Row bc2[] = {{1, "D", "4"}, {2, "C", "3"}, {3, "B", "2"}, {4, "A", "1"}};
static const Row bc3[] = {{1, "B", "10"}, {2, "B", "2"}, {3, "D", "3"}, {4, "C", "4"}};
static const Group ids_bc[] = {GROUP(1, bc1), GROUP(2, bc2), GROUP(3, bc3)};

typedef struct Query
{
	const char *dir;
	const char *base;
	const char *ref;			/* base_cond "referrer = ref"; NULL: 1 */
	const char *events;			/* one letter an event condition */
	const Group *groups;
	size_t		ngroups;
	const char *expected;		/* one letter a group, '.' = NULL */
} Query;

#define IDS(g) g, sizeof(g) / sizeof(g[0])

static const Query queries_01656[] = {
	{"forward", "head", NULL, "A", IDS(ids_1_6), "B.BABB"},
	{"forward", "head", NULL, "B", IDS(ids_1_6), ".B...."},
	{"forward", "head", NULL, "C", IDS(ids_1_6), "......"},
	{"forward", "head", NULL, "D", IDS(ids_1_6), "......"},
	{"forward", "head", NULL, "E", IDS(ids_1_6), "......"},
	{"backward", "tail", NULL, "A", IDS(ids_1_6), "......"},
	{"backward", "tail", NULL, "B", IDS(ids_1_6), "..A..."},
	{"backward", "tail", NULL, "C", IDS(ids_1_6), ".D.BAB"},
	{"backward", "tail", NULL, "D", IDS(ids_1_6), "C....."},
	{"backward", "tail", NULL, "E", IDS(ids_1_6), "......"},
	{"forward", "head", NULL, "AB", IDS(ids_1_6), "C...AA"},
	{"forward", "head", NULL, "AC", IDS(ids_1_6), "......"},
	{"forward", "head", NULL, "BA", IDS(ids_1_6), "......"},
	{"backward", "tail", NULL, "AB", IDS(ids_1_6), "......"},
	{"backward", "tail", NULL, "AC", IDS(ids_1_6), "......"},
	{"backward", "tail", NULL, "BA", IDS(ids_1_6), "......"},
	{"forward", "head", NULL, "AAB", IDS(ids_1_6), "......"},
	{"forward", "head", NULL, "BAA", IDS(ids_1_6), "......"},
	{"backward", "tail", NULL, "AAB", IDS(ids_1_6), "......"},
	{"backward", "tail", NULL, "BAA", IDS(ids_1_6), "......"},
	/* id >= 10 (only id 10 exists then) */
	{"forward", "head", NULL, "A", IDS(ids_10), "B"},
	{"forward", "head", NULL, "AB", IDS(ids_10), "C"},
	{"forward", "head", NULL, "BC", IDS(ids_10), "."},
	{"backward", "tail", NULL, "C", IDS(ids_10), "."},
	{"backward", "tail", NULL, "DC", IDS(ids_10), "B"},
	{"backward", "tail", NULL, "DCB", IDS(ids_10), "A"},
	/* id = 11: the count() queries, read as the value they test */
	{"forward", "head", NULL, "A", IDS(ids_11), "B"},
	{"forward", "head", NULL, "C", IDS(ids_11), "."},
	{"forward", "head", NULL, "BC", IDS(ids_11), "."},
	{"forward", "head", NULL, "ABC", IDS(ids_11), "D"},
	{"backward", "tail", NULL, "A", IDS(ids_11), "."},
	{"backward", "tail", NULL, "C", IDS(ids_11), "."},
	{"backward", "tail", NULL, "CB", IDS(ids_11), "."},
	{"backward", "tail", NULL, "CBA", IDS(ids_11), "."},
	/* no event condition: the base row itself */
	{"forward", "head", NULL, "", IDS(ids_1_6), "ABAAAA"},
	{"backward", "tail", NULL, "", IDS(ids_1_6), "DCBCCC"},
	/* first_match, ids 1-6, 10, 11 */
	{"forward", "first_match", NULL, "A", IDS(ids_all), "B.BABBBB"},
	{"forward", "first_match", NULL, "AB", IDS(ids_all), "C...AACC"},
	{"forward", "first_match", NULL, "ABC", IDS(ids_all), "D.....DD"},
	{"forward", "first_match", NULL, "B", IDS(ids_all), "CB.CAACC"},
	{"forward", "first_match", NULL, "BB", IDS(ids_all), ".D......"},
	{"forward", "first_match", NULL, "BA", IDS(ids_all), "....CB.."},
	{"backward", "first_match", NULL, "A", IDS(ids_all), "........"},
	{"backward", "first_match", NULL, "B", IDS(ids_all), "A.AAAAAA"},
	{"backward", "first_match", NULL, "BA", IDS(ids_all), "...A...."},
	{"backward", "first_match", NULL, "BB", IDS(ids_all), "........"},
	/* two identical rows */
	{"forward", "head", NULL, "A", IDS(ids_12), "A"},
	/* test_base_condition */
	{"forward", "head", "1", "", IDS(ids_bc), "A.."},
	{"forward", "head", "1", "A", IDS(ids_bc), "B.."},
	{"forward", "head", "1", "AB", IDS(ids_bc), "C.."},
	{"backward", "tail", "1", "", IDS(ids_bc), ".A."},
	{"backward", "tail", "1", "A", IDS(ids_bc), ".B."},
	{"backward", "tail", "1", "AB", IDS(ids_bc), ".C."},
	{"forward", "first_match", "2", "B", IDS(ids_bc), "CAD"},
	{"forward", "first_match", "2", "BC", IDS(ids_bc), "D.."},
	{"backward", "first_match", "2", "B", IDS(ids_bc), "ACB"},
	{"backward", "first_match", "2", "BA", IDS(ids_bc), "..."},
};

/* Run a table of queries */
static void
run_queries(const Query *q, size_t nq)
{
	static const char *const letters[] = {"A", "B", "C", "D", "E"};
	size_t		i,
				g;

	for (i = 0; i < nq; i++)
	{
		const char *events[8];
		int			nev = (int) strlen(q[i].events);
		int			k;
		char		what[64];

		CHECK_EQ(strlen(q[i].expected), q[i].ngroups);
		for (k = 0; k < nev; k++)
			events[k] = letters[q[i].events[k] - 'A'];
		snprintf(what, sizeof(what), "(%s, %s, %s%s)", q[i].dir, q[i].base,
				 q[i].ref ? "referrer, " : "", q[i].events);
		for (g = 0; g < q[i].ngroups; g++)
			check_value(next_node(q[i].dir, q[i].base, q[i].groups[g].rows,
								  q[i].groups[g].n, q[i].ref, events, nev),
						q[i].expected[g], what, q[i].groups[g].id);
	}
}

/* The (max_args) query: 64 conditions action = '0' .. '63', all NULL */
static void
test_max_args(void)
{
	char		names[64][12];
	const char *events[64];
	size_t		g;
	int			k;

	for (k = 0; k < 64; k++)
	{
		snprintf(names[k], sizeof(names[k]), "%d", k);
		events[k] = names[k];
	}
	for (g = 0; g < sizeof(ids_all) / sizeof(ids_all[0]); g++)
		check_value(next_node("forward", "head", ids_all[g].rows, ids_all[g].n,
							  NULL, events, 64), '.', "(max_args)", ids_all[g].id);
}

/* ------------------------------------------------------------ hand cases */

/* last_match, which 01656 does not cover */
static void
test_last_match(void)
{
	static const char *const A[] = {"A"};
	static const char *const AB[] = {"A", "B"};
	static const char *const B[] = {"B"};
	static const char *const BA[] = {"B", "A"};
	static const char *const AA[] = {"A", "A"};
	static const char *const AAA[] = {"A", "A", "A"};
	static const Row refs[] = {{1, "A", "x"}, {2, "B", "y"}, {3, "A", "y"}, {4, "C", "y"}, {5, "A", "x"}, {6, "D", "y"}};

	/* id 6: A B A B C */
	check_value(next_node("forward", "last_match", id6, 5, NULL, A, 1), 'B', "lm A", 6);
	check_value(next_node("forward", "last_match", id6, 5, NULL, AB, 2), 'C', "lm AB", 6);
	check_value(next_node("backward", "last_match", id6, 5, NULL, B, 1), 'A', "lm B", 6);
	check_value(next_node("backward", "last_match", id6, 5, NULL, BA, 2), 'B', "lm BA", 6);
	/* id 4: A A A B C */
	check_value(next_node("forward", "last_match", id4, 5, NULL, A, 1), 'B', "lm A", 4);
	check_value(next_node("backward", "last_match", id4, 5, NULL, AA, 2), 'A', "lm AA", 4);
	check_value(next_node("backward", "last_match", id4, 5, NULL, AAA, 3), '.', "lm AAA", 4);
	check_value(next_node("forward", "last_match", id4, 5, NULL, AA, 2), '.', "lm AA fwd", 4);
	/* id 1: the last row matches, nothing follows it */
	check_value(next_node("forward", "last_match", id1, 4, NULL, (const char *const[]) {"D"}, 1),
				'.', "lm D", 1);
	/* base_cond skips the last A (referrer x), and the first one too */
	check_value(next_node("forward", "last_match", refs, 6, "y", A, 1), 'C', "lm A ref y", 0);
	check_value(next_node("forward", "first_match", refs, 6, "y", A, 1), 'C', "fm A ref y", 0);
	check_value(next_node("forward", "last_match", refs, 6, "x", A, 1), 'D', "lm A ref x", 0);
	check_value(next_node("backward", "last_match", refs, 6, "x", A, 1), 'C', "blm A ref x", 0);
	check_value(next_node("forward", "last_match", refs, 6, "z", A, 1), '.', "lm A ref z", 0);
	/* head and tail do not search for a row with base_cond */
	check_value(next_node("forward", "head", refs, 6, "y", NULL, 0), '.', "head ref y", 0);
	check_value(next_node("backward", "tail", refs, 6, "x", NULL, 0), '.', "tail ref x", 0);
	check_value(next_node("backward", "tail", refs, 6, "y", NULL, 0), 'D', "tail ref y", 0);
}

/* Too few rows, empty input, N = 0 */
static void
test_small(void)
{
	static const char *const AB[] = {"A", "B"};
	JyNodeRow	r[2];
	size_t		idx = 99;

	/* rows <= N: NULL even where the chain would exist */
	check_value(next_node("forward", "head", id3, 2, NULL, AB, 2), '.', "n <= N", 3);
	check_value(next_node("forward", "head", id3, 2, NULL, AB, 1), 'B', "n > N", 3);
	CHECK(!jy_nextnode_find(r, 0, JY_NODE_FORWARD, JY_NODE_HEAD, 0, &unit_mem, &idx));
	CHECK(!jy_nextnode_find(r, 0, JY_NODE_BACKWARD, JY_NODE_TAIL, 0, &unit_mem, &idx));
	CHECK(!jy_nextnode_find(r, 0, JY_NODE_FORWARD, JY_NODE_FIRST_MATCH, 1, &unit_mem, &idx));
	CHECK_EQ(idx, 99);
	r[0].ts = 1;
	r[0].mask = 0;
	r[0].value = "x";
	r[0].len = 1;
	r[0].base = true;
	CHECK(jy_nextnode_find(r, 1, JY_NODE_FORWARD, JY_NODE_HEAD, 0, &unit_mem, &idx));
	CHECK_EQ(idx, 0);
	CHECK(jy_nextnode_find(r, 1, JY_NODE_BACKWARD, JY_NODE_TAIL, 0, &unit_mem, &idx));
	CHECK_EQ(idx, 0);
	r[0].base = false;
	CHECK(!jy_nextnode_find(r, 1, JY_NODE_FORWARD, JY_NODE_HEAD, 0, &unit_mem, &idx));
	/* backward: the base row must be at least N rows from the start */
	r[0].mask = 1;
	r[0].base = true;
	r[1] = r[0];
	r[1].ts = 2;
	CHECK(jy_nextnode_find(r, 2, JY_NODE_BACKWARD, JY_NODE_TAIL, 1, &unit_mem, &idx));
	CHECK_EQ(idx, 0);
	CHECK(!jy_nextnode_find(r, 2, JY_NODE_BACKWARD, JY_NODE_FIRST_MATCH, 1, &unit_mem, &idx));
	CHECK(jy_nextnode_find(r, 2, JY_NODE_BACKWARD, JY_NODE_LAST_MATCH, 1, &unit_mem, &idx));
	CHECK_EQ(idx, 0);
	CHECK(jy_nextnode_find(r, 2, JY_NODE_FORWARD, JY_NODE_FIRST_MATCH, 1, &unit_mem, &idx));
	CHECK_EQ(idx, 1);
	CHECK(!jy_nextnode_find(r, 2, JY_NODE_FORWARD, JY_NODE_LAST_MATCH, 1, &unit_mem, &idx));
}

/* Order of ties: value bytes, prefix first; then base_cond, then mask */
static void
test_ties(void)
{
	JyNodeRow	r[6];
	static const char *const vals[] = {"B", "AB", "", "A", "A\0c", "A\0b"};
	static const uint32_t lens[] = {1, 2, 0, 1, 3, 3};
	static const int order[] = {2, 3, 5, 4, 1, 0};
	size_t		i;

	for (i = 0; i < 6; i++)
	{
		r[i].ts = 7;
		r[i].value = vals[i];
		r[i].len = lens[i];
		r[i].base = true;
		r[i].mask = 0;
	}
	CHECK_EQ(jy_nextnode_sort(r, 6, &unit_mem), JY_OK);
	for (i = 0; i < 6; i++)
		CHECK(r[i].value == vals[order[i]]);

	/* same (ts, value): base_cond false first, then mask ascending */
	for (i = 0; i < 4; i++)
	{
		r[i].ts = 1;
		r[i].value = "A";
		r[i].len = 1;
	}
	r[0].base = true;
	r[0].mask = 1;
	r[1].base = true;
	r[1].mask = 0;
	r[2].base = false;
	r[2].mask = 3;
	r[3].base = false;
	r[3].mask = 2;
	CHECK_EQ(jy_nextnode_sort(r, 4, &unit_mem), JY_OK);
	CHECK(!r[0].base && r[0].mask == 2);
	CHECK(!r[1].base && r[1].mask == 3);
	CHECK(r[2].base && r[2].mask == 0);
	CHECK(r[3].base && r[3].mask == 1);
	CHECK(jy_nextnode_cmp(&r[0], &r[0]) == 0);
	CHECK(jy_nextnode_cmp(&r[0], &r[1]) < 0);
	CHECK(jy_nextnode_cmp(&r[3], &r[2]) > 0);
	/* ts first, whatever the value; negative timestamps */
	r[0].ts = -5;
	r[0].value = "Z";
	r[1].ts = -4;
	r[1].value = "A";
	CHECK(jy_nextnode_cmp(&r[0], &r[1]) < 0);
	r[1].ts = INT64_MIN;
	CHECK(jy_nextnode_cmp(&r[0], &r[1]) > 0);
}

/* 64 event conditions: a chain over rows "0" .. "63" */
static void
test_64_conditions(void)
{
	char		names[65][12];
	const char *events[64];
	Row			rows[65];
	int			k;
	const char *got;

	for (k = 0; k < 65; k++)
	{
		snprintf(names[k], sizeof(names[k]), "%d", k);
		rows[k].ts = k;
		rows[k].value = names[k];
		rows[k].ref = "";
	}
	for (k = 0; k < 64; k++)
		events[k] = names[k];
	got = next_node("forward", "head", rows, 65, NULL, events, 64);
	CHECK(got != NULL && strcmp(got, "64") == 0);
	got = next_node("forward", "first_match", rows, 65, NULL, events, 64);
	CHECK(got != NULL && strcmp(got, "64") == 0);
	got = next_node("forward", "head", rows, 64, NULL, events, 64);
	CHECK(got == NULL);
	/* backward from row 64 needs events "64", "63", ..: reverse the names */
	for (k = 0; k < 64; k++)
		events[k] = names[64 - k];
	got = next_node("backward", "tail", rows, 65, NULL, events, 64);
	CHECK(got != NULL && strcmp(got, "0") == 0);
	got = next_node("backward", "last_match", rows, 65, NULL, events, 64);
	CHECK(got != NULL && strcmp(got, "0") == 0);
	events[63] = "x";
	got = next_node("backward", "tail", rows, 65, NULL, events, 64);
	CHECK(got == NULL);
}

/* Parsing and validation */
static void
test_parameters(void)
{
	JyNodeDirection d = JY_NODE_BACKWARD;
	JyNodeBase	b = JY_NODE_HEAD;

	CHECK(jy_nextnode_parse_direction("forward", 7, &d) && d == JY_NODE_FORWARD);
	CHECK(jy_nextnode_parse_direction(" Backward\t", 10, &d) && d == JY_NODE_BACKWARD);
	CHECK(!jy_nextnode_parse_direction("forwards", 8, &d));
	CHECK(!jy_nextnode_parse_direction("", 0, &d));
	CHECK(!jy_nextnode_parse_direction("forward", 6, &d));
	CHECK(jy_nextnode_parse_base("HEAD", 4, &b) && b == JY_NODE_HEAD);
	CHECK(jy_nextnode_parse_base("tail", 4, &b) && b == JY_NODE_TAIL);
	CHECK(jy_nextnode_parse_base("first_match", 11, &b) && b == JY_NODE_FIRST_MATCH);
	CHECK(jy_nextnode_parse_base("last_match ", 11, &b) && b == JY_NODE_LAST_MATCH);
	CHECK(!jy_nextnode_parse_base("first match", 11, &b));
	CHECK(!jy_nextnode_parse_base("  ", 2, &b));
	CHECK(strcmp(jy_nextnode_direction_name(JY_NODE_FORWARD), "forward") == 0);
	CHECK(strcmp(jy_nextnode_direction_name(JY_NODE_BACKWARD), "backward") == 0);
	CHECK(strcmp(jy_nextnode_base_name(JY_NODE_HEAD), "head") == 0);
	CHECK(strcmp(jy_nextnode_base_name(JY_NODE_TAIL), "tail") == 0);
	CHECK(strcmp(jy_nextnode_base_name(JY_NODE_FIRST_MATCH), "first_match") == 0);
	CHECK(strcmp(jy_nextnode_base_name(JY_NODE_LAST_MATCH), "last_match") == 0);

	CHECK_EQ(jy_nextnode_check(JY_NODE_FORWARD, JY_NODE_HEAD, 0), JY_NODE_OK);
	CHECK_EQ(jy_nextnode_check(JY_NODE_BACKWARD, JY_NODE_TAIL, 64), JY_NODE_OK);
	CHECK_EQ(jy_nextnode_check(JY_NODE_FORWARD, JY_NODE_TAIL, 1), JY_NODE_BAD_COMBINATION);
	CHECK_EQ(jy_nextnode_check(JY_NODE_BACKWARD, JY_NODE_HEAD, 1), JY_NODE_BAD_COMBINATION);
	CHECK_EQ(jy_nextnode_check(JY_NODE_FORWARD, JY_NODE_FIRST_MATCH, 0), JY_NODE_NEEDS_EVENT);
	CHECK_EQ(jy_nextnode_check(JY_NODE_BACKWARD, JY_NODE_LAST_MATCH, 0), JY_NODE_NEEDS_EVENT);
	CHECK_EQ(jy_nextnode_check(JY_NODE_BACKWARD, JY_NODE_FIRST_MATCH, 1), JY_NODE_OK);
	CHECK_EQ(jy_nextnode_check(JY_NODE_FORWARD, JY_NODE_LAST_MATCH, 1), JY_NODE_OK);
	CHECK_EQ(jy_nextnode_check(JY_NODE_FORWARD, JY_NODE_HEAD, 65), JY_NODE_EVENT_COUNT);
	CHECK_EQ(jy_nextnode_check(JY_NODE_FORWARD, JY_NODE_HEAD, -1), JY_NODE_EVENT_COUNT);
	CHECK(strstr(jy_nextnode_check_message(JY_NODE_BAD_COMBINATION), "tail") != NULL);
	CHECK(strstr(jy_nextnode_check_message(JY_NODE_NEEDS_EVENT), "first_match") != NULL);
	CHECK(strstr(jy_nextnode_check_message(JY_NODE_EVENT_COUNT), "64") != NULL);
	CHECK(strcmp(jy_nextnode_check_message(JY_NODE_OK), "ok") == 0);
}

/* ------------------------------------------------------------- random */

/* qsort adapter */
static int
cmp_qsort(const void *a, const void *b)
{
	return jy_nextnode_cmp(a, b);
}

/* The rules of nextnode.h, read literally, over sorted rows */
static bool
oracle_find(const JyNodeRow *r, size_t n, JyNodeDirection d, JyNodeBase b,
			int nev, size_t *idx)
{
	long		base = -1;
	long		i;
	int			k;

	if ((long) n <= nev)
		return false;
	if (b == JY_NODE_HEAD)
		base = r[0].base ? 0 : -1;
	else if (b == JY_NODE_TAIL)
		base = r[n - 1].base ? (long) n - 1 : -1;
	else
		for (i = 0; i < (long) n; i++)
		{
			long		j = b == JY_NODE_FIRST_MATCH ? i : (long) n - 1 - i;

			if (r[j].base && (r[j].mask & 1))
			{
				base = j;
				break;
			}
		}
	if (base < 0)
		return false;
	for (k = 0; k < nev; k++)
	{
		long		j = d == JY_NODE_FORWARD ? base + k : base - k;

		if (j < 0 || j >= (long) n || !((r[j].mask >> k) & 1))
			return false;
	}
	i = d == JY_NODE_FORWARD ? base + nev : base - nev;
	if (i < 0 || i >= (long) n)
		return false;
	*idx = (size_t) i;
	return true;
}

/* Sorting and finding on random rows */
static void
test_random(void)
{
	static const char *const vals[] = {"", "a", "b", "ab", "ba", "a\0", "b\0a"};
	static const uint32_t lens[] = {0, 1, 1, 2, 2, 2, 3};
	JyNodeRow	r[300];
	JyNodeRow	q[300];
	int			iter;
	int			found = 0;

	for (iter = 0; iter < 100000; iter++)
	{
		size_t		n = iter % 100 == 0 ? unit_below(300) : unit_below(12);
		int			nev = (int) unit_below(4);
		size_t		i;
		int			dir,
					base;

		for (i = 0; i < n; i++)
		{
			unsigned	v = unit_below(7);

			r[i].ts = (int64_t) unit_below(5) - 2;
			r[i].value = vals[v];
			r[i].len = lens[v];
			r[i].base = unit_below(4) != 0;
			r[i].mask = unit_rand() & 7;
		}
		memcpy(q, r, n * sizeof(JyNodeRow));
		CHECK_EQ(jy_nextnode_sort(r, n, &unit_mem), JY_OK);
		qsort(q, n, sizeof(JyNodeRow), cmp_qsort);
		for (i = 0; i < n; i++)
			CHECK(jy_nextnode_cmp(&r[i], &q[i]) == 0);
		for (dir = 0; dir < 2; dir++)
			for (base = 0; base < 4; base++)
			{
				size_t		a = 999,
							w = 999;
				bool		got,
							want;

				if (jy_nextnode_check((JyNodeDirection) dir, (JyNodeBase) base, nev) != JY_NODE_OK)
					continue;
				got = jy_nextnode_find(r, n, (JyNodeDirection) dir, (JyNodeBase) base,
									   nev, &unit_mem, &a);
				want = oracle_find(r, n, (JyNodeDirection) dir, (JyNodeBase) base, nev, &w);
				CHECK_EQ(got, want);
				if (got && want)
				{
					CHECK_EQ(a, w);
					found++;
				}
			}
	}
	CHECK(found > 10000);
}

/* Sorting many rows: interrupts, and no allocation */
static void
test_sort_large(void)
{
	const size_t n = 200000;
	JyNodeRow  *r = malloc(n * sizeof(JyNodeRow));
	const JyMem nomem = {NULL, NULL, NULL, NULL, NULL};
	static const char *const vals[] = {"x", "y", "z"};
	size_t		i;
	int			before = unit_interrupts;
	bool		ordered = true;

	for (i = 0; i < n; i++)
	{
		r[i].ts = (int64_t) (unit_rand() % 1000);
		r[i].value = vals[i % 3];
		r[i].len = 1;
		r[i].base = (i & 1) != 0;
		r[i].mask = i;			/* unique: the order is total */
	}
	CHECK_EQ(jy_nextnode_sort(r, n, &unit_mem), JY_OK);
	for (i = 1; i < n; i++)
		ordered = ordered && jy_nextnode_cmp(&r[i - 1], &r[i]) < 0;
	CHECK(ordered);
	CHECK(unit_interrupts > before);
	/* already sorted: no allocation at all */
	CHECK_EQ(jy_nextnode_sort(r, n, &nomem), JY_OK);
	free(r);
}

/* Allocator that always fails */
static void *
no_alloc(void *arg, size_t size)
{
	(void) arg;
	(void) size;
	return NULL;
}

/* Sorting allocates nothing: a failing allocator sorts as well */
static void
test_sort_oom(void)
{
	const JyMem failing = {no_alloc, NULL, NULL, NULL, NULL};
	JyNodeRow	r[40];
	size_t		i;

	for (i = 0; i < 40; i++)
	{
		r[i].ts = (int64_t) (40 - i);
		r[i].value = "v";
		r[i].len = 1;
		r[i].base = false;
		r[i].mask = 0;
	}
	CHECK_EQ(jy_nextnode_sort(r, 40, &failing), JY_OK);
	for (i = 0; i < 40; i++)
		CHECK_EQ(r[i].ts, (int64_t) i + 1);
}

int
main(void)
{
	run_queries(queries_01656, sizeof(queries_01656) / sizeof(queries_01656[0]));
	test_max_args();
	test_last_match();
	test_small();
	test_ties();
	test_64_conditions();
	test_parameters();
	test_random();
	test_sort_large();
	test_sort_oom();
	return unit_summary("test_nextnode");
}
