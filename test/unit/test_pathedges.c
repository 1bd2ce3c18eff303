/*
 * test_pathedges.c -- unit tests of Sankey-ready path edges
 * (src/core/pathedges.c, and its keys in the path_summary codec)
 *
 * An actor's key byte for byte; the hand-worked journeys of
 * test/sql/path_edges.sql with top N and Other; a label "Other" joining
 * the Other node; random journeys against a brute force (every option, no
 * grouping); counts beyond a bigint; every allocation failure of the
 * report, without leaks.
 */
#include "unit.h"

#include "core/codec.h"
#include "core/pathedges.h"

#define MAXJ 16					/* touches of a test journey */

static JyPathParams
edge_params(uint32_t depth, const char *anchor, JyNodeDirection dir,
			JyEdgeOccurrence occ, bool collapse)
{
	JyPathParams p;

	memset(&p, 0, sizeof(p));
	p.kind = JY_PATHS_EDGES;
	p.depth = depth;
	p.dir = dir;
	p.occurrence = occ;
	p.collapse = collapse;
	if (anchor != NULL)
	{
		p.nlabels = 1;
		p.label[0] = anchor;
		p.label_len[0] = (uint32_t) strlen(anchor);
	}
	return p;
}

/* Count journeys (NULL-terminated label lists) into an encoded, decoded summary */
static void
summarise(const JyPathParams *p, const char *const (*js)[MAXJ], int nj, JyPathSummary *s,
		  uint8_t **bytes)
{
	JyPathCount pc;
	JyWriter	w;
	const char *why = NULL;
	int			a;

	CHECK_EQ(jy_pathcount_init(&pc, &unit_mem), JY_OK);
	for (a = 0; a < nj; a++)
	{
		JyEdgeStep steps[MAXJ];
		JyWriter	kw;
		uint32_t	n = 0,
					npaths;

		while (n < MAXJ && js[a][n] != NULL)
		{
			steps[n].text = js[a][n];
			steps[n].len = (uint32_t) strlen(js[a][n]);
			n++;
		}
		jy_writer_init(&kw, &unit_mem);
		CHECK_EQ(jy_edges_actor_key(steps, n, p, &unit_mem, &kw, &npaths), JY_OK);
		if (npaths > 0)
			CHECK_EQ(jy_pathcount_add(&pc, (const char *) kw.buf, (uint32_t) kw.len), JY_OK);
		jy_writer_free(&kw);
	}
	jy_writer_init(&w, &unit_mem);
	CHECK_EQ(jy_path_summary_encode(&w, p, &pc, (uint64_t) nj), JY_OK);
	jy_pathcount_free(&pc);
	CHECK_EQ(jy_path_summary_decode(w.buf, w.len, &unit_mem, s, &why), JY_OK);
	*bytes = w.buf;
}

/* Does the report hold exactly the rows "depth source target actors transitions", in order? */
static void
check_rows(const JyEdgeReport *r, const char *const *want, uint32_t nwant)
{
	uint32_t	i;

	CHECK_EQ(r->nrows, nwant);
	for (i = 0; i < r->nrows && i < nwant; i++)
	{
		char		line[256];

		snprintf(line, sizeof(line), "%d %.*s %.*s %llu %llu", r->rows[i].depth,
				 (int) r->rows[i].source_len, r->rows[i].source,
				 (int) r->rows[i].target_len, r->rows[i].target,
				 (unsigned long long) r->rows[i].actors,
				 (unsigned long long) r->rows[i].transitions);
		if (strcmp(line, want[i]) != 0)
			fprintf(stderr, "row %u: %s, expected %s\n", i, line, want[i]);
		CHECK(strcmp(line, want[i]) == 0);
	}
}

/* The six actors of test/sql/path_edges.sql (the fifth has no touch) */
static const char *const small[6][MAXJ] = {
	{"visit", "product_view", "add_to_cart", "purchase"},
	{"visit", "product_view", "product_view", "visit"},
	{"visit", "search", "product_view"},
	{"search", "visit", "pricing"},
	{NULL},
	{"visit", "product_view", "visit", "product_view"},
};

/* u6 with every visit: the path visit > product_view twice, one key */
static void
test_key_bytes(void)
{
	JyPathParams p = edge_params(2, "visit", JY_NODE_FORWARD, JY_EDGES_EVERY, true);
	JyEdgeStep	steps[4];
	JyWriter	w;
	uint32_t	npaths,
				i;
	static const uint8_t want[] = {2, 2, 5, 'v', 'i', 's', 'i', 't', 12, 'p', 'r', 'o', 'd',
	'u', 'c', 't', '_', 'v', 'i', 'e', 'w'};

	for (i = 0; i < 4; i++)
	{
		steps[i].text = small[5][i];
		steps[i].len = (uint32_t) strlen(small[5][i]);
	}
	jy_writer_init(&w, &unit_mem);
	CHECK_EQ(jy_edges_actor_key(steps, 4, &p, &unit_mem, &w, &npaths), JY_OK);
	CHECK_EQ(npaths, 1);
	CHECK_EQ(w.len, sizeof(want));
	CHECK(w.len == sizeof(want) && memcmp(w.buf, want, sizeof(want)) == 0);
	jy_writer_free(&w);
	/* no anchor in the journey: no key */
	p.label[0] = "pricing";
	p.label_len[0] = 7;
	jy_writer_init(&w, &unit_mem);
	CHECK_EQ(jy_edges_actor_key(steps, 4, &p, &unit_mem, &w, &npaths), JY_OK);
	CHECK_EQ(npaths, 0);
	CHECK_EQ(w.len, 0);
	jy_writer_free(&w);
}

/* The hand-worked reports of the SQL test */
static void
test_small(void)
{
	JyPathParams p = edge_params(3, NULL, JY_NODE_FORWARD, JY_EDGES_FIRST, true);
	JyPathSummary s;
	JyEdgeReport r;
	uint8_t    *bytes;
	static const char *const top1[] = {
		"1 1:visit 2:product_view 3 3", "1 1:Other 2:visit 1 1", "1 1:visit 2:Other 1 1",
		"2 2:product_view 3:visit 2 2", "2 2:Other 3:product_view 1 1",
		"2 2:product_view 3:Other 1 1", "2 2:visit 3:pricing 1 1"};
	static const char *const min2[] = {
		"1 1:visit 2:product_view 3 3", "1 1:search 2:Other 1 1", "1 1:visit 2:Other 1 1",
		"2 2:Other 3:Other 2 2", "2 2:product_view 3:visit 2 2", "2 2:product_view 3:Other 1 1"};
	static const char *const back[] = {
		"-3 -3:(start) -2:visit 3 3", "-3 -3:visit -2:search 1 1",
		"-2 -2:visit -1:product_view 3 3", "-2 -2:search -1:product_view 1 1"};

	summarise(&p, small, 6, &s, &bytes);
	CHECK_EQ(s.actors, 6);
	CHECK_EQ(s.counted, 5);
	CHECK_EQ(jy_edges_report(&s, 1, 1, true, &unit_mem, &r), JY_OK);
	check_rows(&r, top1, 7);
	jy_edges_report_free(&r, &unit_mem);
	CHECK_EQ(jy_edges_report(&s, 0, 2, true, &unit_mem, &r), JY_OK);
	check_rows(&r, min2, 6);
	jy_edges_report_free(&r, &unit_mem);
	jy_path_summary_free(&s, &unit_mem);
	free(bytes);

	p = edge_params(3, "product_view", JY_NODE_BACKWARD, JY_EDGES_FIRST, true);
	summarise(&p, small, 6, &s, &bytes);
	CHECK_EQ(jy_edges_report(&s, 0, 1, true, &unit_mem, &r), JY_OK);
	check_rows(&r, back, 4);
	jy_edges_report_free(&r, &unit_mem);
	/* without the drop-off: the (start) edge goes */
	CHECK_EQ(jy_edges_report(&s, 0, 1, false, &unit_mem, &r), JY_OK);
	check_rows(&r, back + 1, 3);
	jy_edges_report_free(&r, &unit_mem);
	jy_path_summary_free(&s, &unit_mem);
	free(bytes);
}

/* A label "Other" is the Other node: its edges and the grouped ones add up */
static void
test_label_other(void)
{
	static const char *const js[3][MAXJ] = {{"a", "Other"}, {"a", "b"}, {"a", "c"}};
	static const char *const want[] = {"1 1:a 2:Other 2 2", "1 1:a 2:b 1 1"};
	JyPathParams p = edge_params(2, NULL, JY_NODE_FORWARD, JY_EDGES_FIRST, true);
	JyPathSummary s;
	JyEdgeReport r;
	uint8_t    *bytes;

	summarise(&p, js, 3, &s, &bytes);
	CHECK_EQ(jy_edges_report(&s, 1, 1, true, &unit_mem, &r), JY_OK);
	check_rows(&r, want, 2);
	jy_edges_report_free(&r, &unit_mem);
	jy_path_summary_free(&s, &unit_mem);
	free(bytes);
}

/* ---- brute force over random journeys ---- */

typedef struct BruteEdge
{
	char		name[64];		/* "depth source target" */
	uint64_t	actors,
				transitions;
	int			last_actor;
} BruteEdge;

static BruteEdge brute[4096];
static int	nbrute;

/* Count one edge taken by actor a */
static void
brute_add(int a, int depth, const char *src, const char *tgt)
{
	char		name[64];
	int			i;

	snprintf(name, sizeof(name), "%d %s %s", depth, src, tgt);
	for (i = 0; i < nbrute && strcmp(brute[i].name, name) != 0; i++)
		;
	if (i == nbrute)
	{
		memset(&brute[i], 0, sizeof(BruteEdge));
		strcpy(brute[i].name, name);
		brute[i].last_actor = -1;
		nbrute++;
	}
	brute[i].transitions++;
	if (brute[i].last_actor != a)
		brute[i].actors++;
	brute[i].last_actor = a;
}

/* The edges of one path (outward labels lab[0 .. nn)) of actor a */
static void
brute_path(int a, const char *const *lab, int nn, uint32_t depth, bool backward)
{
	int			k;
	char		src[24],
				tgt[24];

	for (k = 1; k <= nn && k < (int) depth; k++)
	{
		const char *next = k < nn ? lab[k] : (backward ? "(start)" : "(dropped)");

		if (!backward)
		{
			snprintf(src, sizeof(src), "%d:%s", k, lab[k - 1]);
			snprintf(tgt, sizeof(tgt), "%d:%s", k + 1, next);
			brute_add(a, k, src, tgt);
		}
		else
		{
			snprintf(src, sizeof(src), "-%d:%s", k + 1, next);
			snprintf(tgt, sizeof(tgt), "-%d:%s", k, lab[k - 1]);
			brute_add(a, -(k + 1), src, tgt);
		}
	}
}

static void
test_random(void)
{
	static const char *const alphabet[] = {"a", "b", "c", "d"};
	const char *js[40][MAXJ];
	int			round;

	for (round = 0; round < 300; round++)
	{
		int			nj = 1 + (int) unit_below(40),
					a,
					i;
		uint32_t	depth = 2 + unit_below(5);
		bool		backward = unit_below(2) == 1,
					collapse = unit_below(2) == 1;
		const char *anchor = unit_below(3) == 0 ? NULL : alphabet[unit_below(4)];
		JyEdgeOccurrence occ = anchor == NULL ? JY_EDGES_FIRST : (JyEdgeOccurrence) unit_below(3);
		JyPathParams p = edge_params(depth, anchor, backward ? JY_NODE_BACKWARD : JY_NODE_FORWARD,
									 occ, collapse);
		JyPathSummary s;
		JyEdgeReport r;
		uint8_t    *bytes;
		bool		ok = true;

		nbrute = 0;
		for (a = 0; a < nj; a++)
		{
			int			n = (int) unit_below(MAXJ),
						k = 0,
						st;
			const char *steps[MAXJ];

			for (i = 0; i < MAXJ; i++)
				js[a][i] = i < n ? alphabet[unit_below(4)] : NULL;
			/* the brute force: steps (collapsed), anchors, paths */
			for (i = 0; i < n; i++)
				if (!collapse || k == 0 || strcmp(steps[k - 1], js[a][i]) != 0)
					steps[k++] = js[a][i];
			for (st = 0; st < k; st++)
			{
				const char *lab[MAXJ];
				int			nn = 0,
							q;
				bool		is_start;

				if (anchor == NULL)
					is_start = st == (backward ? k - 1 : 0);
				else if (strcmp(steps[st], anchor) != 0)
					is_start = false;
				else if (occ == JY_EDGES_EVERY)
					is_start = true;
				else
				{
					/* the first (or last) occurrence of the anchor */
					is_start = true;
					for (q = 0; q < k; q++)
						if (strcmp(steps[q], anchor) == 0 &&
							(occ == JY_EDGES_FIRST ? q < st : q > st))
							is_start = false;
				}
				if (!is_start)
					continue;
				for (q = st; q >= 0 && q < k && nn < (int) depth; q += backward ? -1 : 1)
					lab[nn++] = steps[q];
				brute_path(a, lab, nn, depth, backward);
			}
		}
		summarise(&p, (const char *const (*)[MAXJ]) js, nj, &s, &bytes);
		CHECK_EQ(jy_edges_report(&s, 0, 1, true, &unit_mem, &r), JY_OK);
		CHECK_EQ(r.nrows, nbrute);
		for (i = 0; i < (int) r.nrows; i++)
		{
			char		name[64];
			int			b;

			snprintf(name, sizeof(name), "%d %.*s %.*s", r.rows[i].depth,
					 (int) r.rows[i].source_len, r.rows[i].source,
					 (int) r.rows[i].target_len, r.rows[i].target);
			for (b = 0; b < nbrute && strcmp(brute[b].name, name) != 0; b++)
				;
			if (b == nbrute || brute[b].actors != r.rows[i].actors ||
				brute[b].transitions != r.rows[i].transitions)
				ok = false;
		}
		CHECK(ok);
		jy_edges_report_free(&r, &unit_mem);
		jy_path_summary_free(&s, &unit_mem);
		free(bytes);
	}
}

/* Transitions beyond a bigint are an error, not a wrapped count */
static void
test_overflow(void)
{
	JyPathParams p = edge_params(2, "a", JY_NODE_FORWARD, JY_EDGES_EVERY, true);
	JyPathSummary s;
	JyPathEntry key;
	JyEdgeReport r;
	/* one path a > b, taken 4 times */
	static const char k[] = {4, 2, 1, 'a', 1, 'b'};

	memset(&s, 0, sizeof(s));
	s.params = p;
	key.key = k;
	key.len = sizeof(k);
	key.count = (uint64_t) INT64_MAX / 2;
	s.keys = &key;
	s.nkeys = 1;
	s.actors = key.count;
	s.counted = key.count;
	CHECK_EQ(jy_edges_report(&s, 0, 1, true, &unit_mem, &r), JY_ERR_VALUE_TOO_LARGE);
	CHECK_EQ(r.nrows, 0);
	key.count = (uint64_t) INT64_MAX / 4;
	CHECK_EQ(jy_edges_report(&s, 0, 1, true, &unit_mem, &r), JY_OK);
	CHECK_EQ(r.nrows, 1);
	CHECK_EQ(r.rows[0].transitions, (uint64_t) INT64_MAX / 4 * 4);
	jy_edges_report_free(&r, &unit_mem);
}

/* Every allocation of the report failing in turn: JY_ERR_OUT_OF_MEMORY, nothing leaked */
static void
test_out_of_memory(void)
{
	JyPathParams p = edge_params(4, NULL, JY_NODE_FORWARD, JY_EDGES_FIRST, true);
	JyPathSummary s;
	JyEdgeReport r;
	uint8_t    *bytes;
	int			n;
	JyStatus	st = JY_ERR_OUT_OF_MEMORY;

	summarise(&p, small, 6, &s, &bytes);
	for (n = 0; n < 1000 && st != JY_OK; n++)
	{
		unit_fail_after = n;
		unit_failed = false;
		st = jy_edges_report(&s, 1, 1, true, &unit_failing_mem, &r);
		CHECK(st == JY_OK || st == JY_ERR_OUT_OF_MEMORY);
		CHECK(st == JY_OK || unit_failed);
		if (st == JY_OK)
			jy_edges_report_free(&r, &unit_failing_mem);
	}
	CHECK_EQ(st, JY_OK);
	CHECK(n > 5);
	jy_path_summary_free(&s, &unit_mem);
	free(bytes);
}

int
main(void)
{
	test_key_bytes();
	test_small();
	test_label_other();
	test_random();
	test_overflow();
	test_out_of_memory();
	return unit_summary("test_pathedges");
}
