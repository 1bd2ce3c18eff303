/*
 * fuzz_path_summary.c -- libFuzzer target for the path_summary decoder
 *
 * The input is the bytes of a path_summary (text input, binary input and
 * the aggregates' deserialize all decode them with jy_path_summary_decode).
 * Every input must decode or be rejected with JY_ERR_CORRUPT and a reason --
 * never read out of bounds (ASan) or overflow (UBSan).  What decodes holds
 * what the reports rely on -- keys in strictly increasing order, counts of
 * at least 1 adding up (with "none") to at most the actors, exactly the
 * actors for top paths, no NUL byte in a key or label -- and, counted again
 * into a JyPathCount and encoded, gives exactly the input bytes: the format
 * has one encoding per value.  A summary of path edges (whose keys are
 * actors' path sets, pathedges.h) is also reported with and without top N
 * and a minimum: every edge goes from depth d to d + 1, counts at most the
 * actors with a path, transitions at least actors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codec.h"
#include "core/pathcount.h"
#include "core/pathedges.h"
#include "fuzz.h"

static void
fz_check(int ok, const char *what)
{
	if (!ok)
	{
		fprintf(stderr, "fuzz_path_summary: %s\n", what);
		abort();
	}
}

/* The depth in a node name "<d>:..." or "-<d>:..." */
static long
fz_node_depth(const char *name, uint32_t len)
{
	long		d = 0;
	uint32_t	i = name[0] == '-' ? 1 : 0;

	for (; i < len && name[i] != ':'; i++)
		d = d * 10 + (name[i] - '0');
	fz_check(i < len, "a node name without its depth");
	return name[0] == '-' ? -d : d;
}

/* Report a summary of path edges three ways and check every row */
static void
fz_edges(const JyPathSummary *s)
{
	static const uint32_t top[] = {0, 1, 2};
	static const uint64_t least[] = {1, 1, 2};
	int			v;

	for (v = 0; v < 3; v++)
	{
		JyEdgeReport r;
		uint32_t	i;

		fz_check(jy_edges_report(s, top[v], least[v], v != 1, &fz_mem, &r) == JY_OK ||
				 r.nrows == 0, "a failed report with rows");
		for (i = 0; i < r.nrows; i++)
		{
			const JyEdgeRow *e = &r.rows[i];

			fz_check(fz_node_depth(e->source, e->source_len) == e->depth &&
					 fz_node_depth(e->target, e->target_len) == e->depth + 1,
					 "an edge that does not go from depth d to d + 1");
			fz_check(e->actors >= 1 && e->actors <= s->counted && e->transitions >= e->actors,
					 "edge counts out of range");
		}
		jy_edges_report_free(&r, &fz_mem);
	}
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size copy, so ASan sees reads past the end */
	uint8_t    *in = malloc(size > 0 ? size : 1);
	JyPathSummary s;
	JyPathCount pc;
	JyWriter	w;
	const char *why = NULL;
	uint64_t	sum = 0;
	uint32_t	i;

	memcpy(in, data, size);
	if (jy_path_summary_decode(in, size, &fz_mem, &s, &why) != JY_OK)
	{
		fz_check(why != NULL, "rejected without a reason");
		free(in);
		return 0;
	}
	fz_check(s.params.kind == JY_PATHS_TOP || s.params.kind == JY_PATHS_NEXT ||
			 s.params.kind == JY_PATHS_EDGES, "unknown kind accepted");
	for (i = 0; i < s.params.nlabels; i++)
		fz_check(s.params.label_len[i] == 0 ||
				 memchr(s.params.label[i], 0, s.params.label_len[i]) == NULL, "NUL in a label");
	fz_check(jy_pathcount_init(&pc, &fz_mem) == JY_OK, "init failed");
	for (i = 0; i < s.nkeys; i++)
	{
		fz_check(s.keys[i].count >= 1, "a key counted zero times");
		fz_check(s.params.kind == JY_PATHS_EDGES || s.keys[i].len == 0 ||
				 memchr(s.keys[i].key, 0, s.keys[i].len) == NULL, "NUL in a key");
		if (i > 0)
			fz_check(jy_path_key_cmp(s.keys[i - 1].key, s.keys[i - 1].len,
									 s.keys[i].key, s.keys[i].len) < 0, "keys out of order");
		sum += s.keys[i].count;
		fz_check(jy_pathcount_add_n(&pc, s.keys[i].key, s.keys[i].len, s.keys[i].count) == JY_OK,
				 "counting failed");
	}
	fz_check(sum + s.none == s.counted && s.counted <= s.actors, "counts exceed the actors");
	fz_check(s.actors <= (uint64_t) INT64_MAX, "actors beyond a bigint");
	fz_check(s.params.kind != JY_PATHS_TOP || (s.none == 0 && s.counted == s.actors),
			 "top paths with actors without a path");
	if (s.none > 0)
		fz_check(jy_pathcount_add_n(&pc, NULL, 0, s.none) == JY_OK, "counting failed");
	jy_writer_init(&w, &fz_mem);
	fz_check(jy_path_summary_encode(&w, &s.params, &pc, s.actors) == JY_OK, "encoding failed");
	fz_check(w.len == size && memcmp(w.buf, in, size) == 0, "does not encode back to the same bytes");
	jy_writer_free(&w);
	jy_pathcount_free(&pc);
	if (s.params.kind == JY_PATHS_EDGES)
		fz_edges(&s);
	jy_path_summary_free(&s, &fz_mem);
	free(in);
	return 0;
}
