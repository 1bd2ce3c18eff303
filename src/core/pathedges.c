/*
 * pathedges.c -- Sankey-ready path edges (pathedges.h)
 */
#include "pathedges.h"

#include <stdio.h>
#include <string.h>

#include "journey.h"

/* Node ids beyond every label id: the Other node, the drop-off, the start */
#define EDGE_OTHER (UINT32_MAX - 2)
#define EDGE_END (UINT32_MAX - 1)
#define EDGE_ROOT UINT32_MAX

/* Are two label byte strings equal? */
static inline bool
edge_same(const char *a, uint32_t alen, const char *b, uint32_t blen)
{
	return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

/* ---------- one actor's key ---------- */

/* A path's bytes in the scratch writer of jy_edges_actor_key */
typedef struct EdgePathRef
{
	uint32_t	off;
	uint32_t	len;
} EdgePathRef;

/* Bytewise order of two paths of the scratch buffer (ctx), then position */
static inline int
edge_ref_cmp(const EdgePathRef *a, const EdgePathRef *b, void *ctx)
{
	const char *buf = (const char *) ctx;
	int			c = jy_path_key_cmp(buf + a->off, a->len, buf + b->off, b->len);

	if (c != 0)
		return c;
	return (a->off > b->off) - (a->off < b->off);
}

/* sort_refs(): paths into key order (core/sort.h) */
#define JY_SORT_NAME sort_refs
#define JY_SORT_TYPE EdgePathRef
#define JY_SORT_CMP edge_ref_cmp
#include "sort.h"

JyStatus
jy_edges_actor_key(const JyEdgeStep *steps, uint32_t n, const JyPathParams *p,
				   const JyMem *m, JyWriter *w, uint32_t *npaths)
{
	JyEdgeStep *s;
	EdgePathRef *ref;
	uint32_t	k = 0,
				nstarts = 0,
				i,
				d;
	JyWriter	pw;
	JyStatus	st;

	*npaths = 0;
	if (n == 0)
		return JY_OK;
	s = m->alloc(m->arg, (size_t) n * sizeof(JyEdgeStep));
	ref = m->alloc(m->arg, (size_t) n * sizeof(EdgePathRef));
	if (s == NULL || ref == NULL)
	{
		if (s != NULL)
			m->release(m->arg, s);
		if (ref != NULL)
			m->release(m->arg, ref);
		return JY_ERR_OUT_OF_MEMORY;
	}
	for (i = 0; i < n; i++)
	{
		if (p->collapse && k > 0 &&
			edge_same(s[k - 1].text, s[k - 1].len, steps[i].text, steps[i].len))
			continue;
		s[k++] = steps[i];
	}
	jy_writer_init(&pw, m);
	/* the starts (ref[].off holds a start's position until the paths are written) */
	if (p->nlabels == 0)
		ref[nstarts++].off = p->dir == JY_NODE_FORWARD ? 0 : k - 1;
	else
		for (i = 0; i < k; i++)
		{
			if (!edge_same(s[i].text, s[i].len, p->label[0], p->label_len[0]))
				continue;
			if (p->occurrence == JY_EDGES_LAST && nstarts == 1)
				ref[0].off = i;
			else
				ref[nstarts++].off = i;
			if (p->occurrence == JY_EDGES_FIRST)
				break;
		}
	/* each path: its node count, then its labels outward from the start */
	for (i = 0; i < nstarts; i++)
	{
		uint32_t	a = ref[i].off,
					nn,
					off = (uint32_t) pw.len;

		if (p->dir == JY_NODE_FORWARD)
			nn = k - a < p->depth ? k - a : p->depth;
		else
			nn = a + 1 < p->depth ? a + 1 : p->depth;
		jy_write_varint(&pw, nn);
		for (d = 0; d < nn; d++)
		{
			const JyEdgeStep *e = &s[p->dir == JY_NODE_FORWARD ? a + d : a - d];

			jy_write_string(&pw, e->text, e->len);
		}
		if (pw.len > JY_MAX_ALLOC)
			pw.status = JY_ERR_VALUE_TOO_LARGE;
		ref[i].off = off;
		ref[i].len = (uint32_t) (pw.len - off);
	}
	st = pw.status;
	if (st == JY_OK && nstarts > 0)
	{
		sort_refs(ref, nstarts, pw.buf, m);
		for (i = 0; i < nstarts; i = d)
		{
			for (d = i + 1; d < nstarts && ref[d].len == ref[i].len &&
				 memcmp(pw.buf + ref[d].off, pw.buf + ref[i].off, ref[i].len) == 0; d++)
				;
			jy_write_varint(w, d - i);
			jy_write_bytes(w, pw.buf + ref[i].off, ref[i].len);
			(*npaths)++;
		}
		st = w->status;
	}
	jy_writer_free(&pw);
	m->release(m->arg, s);
	m->release(m->arg, ref);
	return st;
}

bool
jy_edges_key_read(const char *key, uint32_t len, const JyPathParams *p,
				  JyEdgePathVisit visit, void *arg, const char **label,
				  uint32_t *lens)
{
	JyReader	r;
	const uint8_t *prev = NULL;
	size_t		prevlen = 0;
	uint32_t	npaths = 0,
				i;

	if (len == 0)
		return false;
	jy_reader_init(&r, key, len);
	while (jy_reader_left(&r) > 0)
	{
		uint64_t	mult = jy_read_varint(&r);
		const uint8_t *start = r.p;
		uint64_t	nn = jy_read_varint(&r);

		if (!r.ok || mult < 1 || mult > JY_MAX_TOUCHES || nn < 1 || nn > p->depth)
			return false;
		for (i = 0; i < nn; i++)
		{
			size_t		l;
			const uint8_t *t = jy_read_string(&r, &l);

			if (t == NULL || (l > 0 && memchr(t, 0, l) != NULL))
				return false;
			label[i] = (const char *) t;
			lens[i] = (uint32_t) l;
			if (p->collapse && i > 0 && edge_same(label[i - 1], lens[i - 1], label[i], lens[i]))
				return false;
		}
		if (p->nlabels == 1 && !edge_same(label[0], lens[0], p->label[0], p->label_len[0]))
			return false;
		if (prev != NULL &&
			jy_path_key_cmp((const char *) prev, (uint32_t) prevlen,
							(const char *) start, (uint32_t) (r.p - start)) >= 0)
			return false;
		prev = start;
		prevlen = (size_t) (r.p - start);
		npaths++;
		if (p->occurrence != JY_EDGES_EVERY && (npaths > 1 || mult != 1))
			return false;
		if (visit != NULL && !visit(arg, mult, (uint32_t) nn, label, lens))
			return false;
	}
	return true;
}

/* ---------- the report ---------- */

/* One path of the summary: its actors, repeats, nodes and current node */
typedef struct EdgePath
{
	uint64_t	count;			/* actors with its key */
	uint64_t	mult;			/* times each of them took it */
	uint32_t	key;			/* index of its key */
	uint32_t	nn;
	uint32_t	first;			/* its label ids: nodes[first .. first + nn) */
	uint32_t	cur;			/* its node at the current level */
} EdgePath;

/* One path at one level: from node src, its next label, and where it goes */
typedef struct EdgeRec
{
	uint32_t	src;
	uint32_t	next;			/* label id, or EDGE_END */
	uint32_t	tgt;			/* node id after grouping (first: group index) */
	uint32_t	key;
	uint32_t	path;
} EdgeRec;

/* One (source, next label) pair of a level, counted */
typedef struct EdgeCand
{
	uint32_t	src;
	uint32_t	next;
	uint32_t	group;
	uint64_t	actors;
	uint64_t	transitions;
} EdgeCand;

typedef struct EdgeBuild
{
	const JyMem *m;
	JyDict		dict;			/* label ids */
	EdgePath   *paths;
	uint32_t	npaths,
				pathcap;
	uint32_t   *nodes;
	uint32_t	nnodes,
				nodecap;
	uint32_t	key;			/* of the key being read */
	uint64_t	count;
	JyStatus	st;
} EdgeBuild;

/* The label of a node id (not EDGE_END or EDGE_ROOT) */
static const char *
edge_label(const EdgeBuild *b, uint32_t id, uint32_t *len)
{
	if (id == EDGE_OTHER)
	{
		*len = 5;
		return "Other";
	}
	*len = b->dict.len[id];
	return jy_dict_text(&b->dict, id);
}

/* A JyEdgePathVisit: add a path of the current key, its labels as ids */
static bool
edge_add_path(void *arg, uint64_t mult, uint32_t nnodes, const char *const *label,
			  const uint32_t *len)
{
	EdgeBuild  *b = (EdgeBuild *) arg;
	EdgePath   *e;
	uint32_t	i;

	b->st = jy_grow(b->m, (void **) &b->paths, &b->pathcap, b->npaths, 1,
					sizeof(EdgePath), JY_MAX_TOUCHES);
	if (b->st == JY_OK)
		b->st = jy_grow(b->m, (void **) &b->nodes, &b->nodecap, b->nnodes, nnodes,
						sizeof(uint32_t), JY_MAX_TOUCHES);
	if (b->st != JY_OK)
		return false;
	e = &b->paths[b->npaths++];
	e->count = b->count;
	e->mult = mult;
	e->key = b->key;
	e->nn = nnodes;
	e->first = b->nnodes;
	e->cur = EDGE_ROOT;
	for (i = 0; i < nnodes; i++)
	{
		uint32_t	id;

		if (edge_same(label[i], len[i], "Other", 5))
			id = EDGE_OTHER;	/* a label "Other" is the Other node */
		else if ((b->st = jy_dict_intern(&b->dict, b->m, label[i], len[i], &id)) != JY_OK)
			return false;
		b->nodes[b->nnodes++] = id;
	}
	return true;
}

static inline int
u32_cmp(uint32_t a, uint32_t b)
{
	return (a > b) - (a < b);
}

/* Records by source, next label, key, path */
static inline int
rec_next_cmp(const EdgeRec *a, const EdgeRec *b)
{
	int			c;

	if ((c = u32_cmp(a->src, b->src)) != 0 || (c = u32_cmp(a->next, b->next)) != 0 ||
		(c = u32_cmp(a->key, b->key)) != 0)
		return c;
	return u32_cmp(a->path, b->path);
}

/* sort_recs_next() (core/sort.h) */
#define JY_SORT_NAME sort_recs_next
#define JY_SORT_TYPE EdgeRec
#define JY_SORT_CMP rec_next_cmp
#define JY_SORT_NO_CTX
#include "sort.h"

/* Records by source, target, key, path */
static inline int
rec_tgt_cmp(const EdgeRec *a, const EdgeRec *b)
{
	int			c;

	if ((c = u32_cmp(a->src, b->src)) != 0 || (c = u32_cmp(a->tgt, b->tgt)) != 0 ||
		(c = u32_cmp(a->key, b->key)) != 0)
		return c;
	return u32_cmp(a->path, b->path);
}

/* sort_recs_tgt() (core/sort.h) */
#define JY_SORT_NAME sort_recs_tgt
#define JY_SORT_TYPE EdgeRec
#define JY_SORT_CMP rec_tgt_cmp
#define JY_SORT_NO_CTX
#include "sort.h"

/*
 * Ranking of a source's next labels: the drop-off last, then actors and
 * transitions descending, then label bytes
 */
static inline int
cand_rank_cmp(const EdgeCand *a, const EdgeCand *b, void *ctx)
{
	const EdgeBuild *bd = (const EdgeBuild *) ctx;
	const char *at,
			   *bt;
	uint32_t	al,
				bl;
	int			c;

	if ((c = u32_cmp(a->src, b->src)) != 0)
		return c;
	if ((a->next == EDGE_END) != (b->next == EDGE_END))
		return a->next == EDGE_END ? 1 : -1;
	if (a->actors != b->actors)
		return a->actors > b->actors ? -1 : 1;
	if (a->transitions != b->transitions)
		return a->transitions > b->transitions ? -1 : 1;
	if (a->next == EDGE_END)
		return 0;				/* one drop-off per source */
	at = edge_label(bd, a->next, &al);
	bt = edge_label(bd, b->next, &bl);
	if ((c = jy_path_key_cmp(at, al, bt, bl)) != 0)
		return c;
	return u32_cmp(a->next, b->next);
}

/* sort_cands() (core/sort.h) */
#define JY_SORT_NAME sort_cands
#define JY_SORT_TYPE EdgeCand
#define JY_SORT_CMP cand_rank_cmp
#include "sort.h"

/* Rows by depth, actors descending, source, target */
static inline int
row_cmp(const JyEdgeRow *a, const JyEdgeRow *b)
{
	int			c;

	if (a->depth != b->depth)
		return a->depth < b->depth ? -1 : 1;
	if (a->actors != b->actors)
		return a->actors > b->actors ? -1 : 1;
	if ((c = jy_path_key_cmp(a->source, a->source_len, b->source, b->source_len)) != 0)
		return c;
	return jy_path_key_cmp(a->target, a->target_len, b->target, b->target_len);
}

/* sort_rows() (core/sort.h) */
#define JY_SORT_NAME sort_rows
#define JY_SORT_TYPE JyEdgeRow
#define JY_SORT_CMP row_cmp
#define JY_SORT_NO_CTX
#include "sort.h"

/* a + b, false when it passes INT64_MAX */
static inline bool
edge_add(uint64_t *sum, uint64_t a)
{
	if (a > (uint64_t) INT64_MAX - *sum)
		return false;
	*sum += a;
	return true;
}

/*
 * The name of node id at position level: "<k>:<label>" forward,
 * "-<k>:<label>" backward; the drop-off is "(dropped)" forward and
 * "(start)" backward.  Copied into the report's arena.
 */
static const char *
edge_name(const EdgeBuild *b, JyEdgeReport *r, bool backward, uint32_t level,
		  uint32_t id, uint32_t *len)
{
	char		prefix[16];
	const char *label;
	uint32_t	llen;
	int			plen = snprintf(prefix, sizeof(prefix), "%s%u:", backward ? "-" : "", level);
	char	   *buf;
	const char *copy;

	if (id == EDGE_END)
	{
		label = backward ? "(start)" : "(dropped)";
		llen = (uint32_t) strlen(label);
	}
	else
		label = edge_label(b, id, &llen);
	buf = b->m->alloc(b->m->arg, (size_t) plen + llen + 1);
	if (buf == NULL)
		return NULL;
	memcpy(buf, prefix, (size_t) plen);
	if (llen > 0)
		memcpy(buf + plen, label, llen);
	copy = jy_arena_copy(&r->names, b->m, buf, (size_t) plen + llen);
	b->m->release(b->m->arg, buf);
	*len = (uint32_t) plen + llen;
	return copy;
}

/* Emit the edge of a level from node src (level) to tgt (level + 1) */
static JyStatus
edge_emit(const EdgeBuild *b, JyEdgeReport *r, uint32_t *rowcap, bool backward,
		  uint32_t level, uint32_t src, uint32_t tgt, uint64_t actors,
		  uint64_t transitions)
{
	JyEdgeRow  *row;
	JyStatus	st = jy_grow(b->m, (void **) &r->rows, rowcap, r->nrows, 1,
							 sizeof(JyEdgeRow), JY_MAX_TOUCHES);

	if (st != JY_OK)
		return st;
	row = &r->rows[r->nrows];
	if (!backward)
	{
		row->depth = (int32_t) level;
		row->source = edge_name(b, r, false, level, src, &row->source_len);
		row->target = edge_name(b, r, false, level + 1, tgt, &row->target_len);
	}
	else
	{
		/* read left to right: from the earlier touch (level + 1) to the later */
		row->depth = -(int32_t) (level + 1);
		row->source = edge_name(b, r, true, level + 1, tgt, &row->source_len);
		row->target = edge_name(b, r, true, level, src, &row->target_len);
	}
	if (row->source == NULL || row->target == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	row->actors = actors;
	row->transitions = transitions;
	r->nrows++;
	return JY_OK;
}

/*
 * Count the records rec[0 .. n), sorted by (src, field, key), in groups
 * of equal (src, field): call back for each with its distinct actors and
 * transitions.  field: offsetof next or tgt.
 */
typedef JyStatus (*EdgeGroupFn) (void *arg, const EdgeRec *first, uint32_t n,
								 uint64_t actors, uint64_t transitions);

static JyStatus
edge_groups(const EdgeBuild *b, const EdgeRec *rec, uint32_t n, bool by_next,
			EdgeGroupFn fn, void *arg)
{
	uint32_t	i,
				j;
	JyStatus	st = JY_OK;

	for (i = 0; i < n && st == JY_OK; i = j)
	{
		uint64_t	actors = 0,
					transitions = 0;

		for (j = i; j < n && rec[j].src == rec[i].src &&
			 (by_next ? rec[j].next == rec[i].next : rec[j].tgt == rec[i].tgt); j++)
		{
			const EdgePath *p = &b->paths[rec[j].path];

			jy_interrupt_every(b->m, j);
			if (j == i || rec[j].key != rec[j - 1].key)
				actors += p->count;		/* <= the summary's actors */
			if (p->count > (uint64_t) INT64_MAX / p->mult ||
				!edge_add(&transitions, p->count * p->mult))
				return JY_ERR_VALUE_TOO_LARGE;
		}
		st = fn(arg, &rec[i], j - i, actors, transitions);
	}
	return st;
}

/* The state of one level of jy_edges_report */
typedef struct EdgeLevel
{
	EdgeBuild  *b;
	JyEdgeReport *r;
	EdgeCand   *cand;
	uint32_t	ncand;
	uint32_t   *rowcap;
	uint32_t	level;
	bool		backward;
	bool		dropoff;
	EdgeRec    *rec;
} EdgeLevel;

/* An EdgeGroupFn: a (source, next label) pair becomes a candidate */
static JyStatus
edge_candidate(void *arg, const EdgeRec *first, uint32_t n, uint64_t actors,
			   uint64_t transitions)
{
	EdgeLevel  *lv = (EdgeLevel *) arg;
	EdgeCand   *c = &lv->cand[lv->ncand];
	uint32_t	i;

	c->src = first->src;
	c->next = first->next;
	c->group = lv->ncand;
	c->actors = actors;
	c->transitions = transitions;
	for (i = 0; i < n; i++)
		lv->rec[(first - lv->rec) + i].tgt = lv->ncand;
	lv->ncand++;
	return JY_OK;
}

/* An EdgeGroupFn: a (source, target) pair is an edge; its paths move on */
static JyStatus
edge_output(void *arg, const EdgeRec *first, uint32_t n, uint64_t actors,
			uint64_t transitions)
{
	EdgeLevel  *lv = (EdgeLevel *) arg;
	uint32_t	i;

	for (i = 0; i < n; i++)
		lv->b->paths[first[i].path].cur = first->tgt;
	if (lv->level == 0 || (first->tgt == EDGE_END && !lv->dropoff))
		return JY_OK;
	return edge_emit(lv->b, lv->r, lv->rowcap, lv->backward, lv->level, first->src,
					 first->tgt, actors, transitions);
}

/* Read every key of the summary into b's paths */
static JyStatus
edge_read_keys(EdgeBuild *b, const JyPathSummary *s)
{
	const char *label[JY_EDGES_MAX_DEPTH];
	uint32_t	lens[JY_EDGES_MAX_DEPTH];
	uint32_t	i;

	for (i = 0; i < s->nkeys; i++)
	{
		jy_interrupt_every(b->m, i);
		b->key = i;
		b->count = s->keys[i].count;
		if (!jy_edges_key_read(s->keys[i].key, s->keys[i].len, &s->params, edge_add_path,
							   b, label, lens))
			return b->st != JY_OK ? b->st : JY_ERR_CORRUPT;
	}
	return JY_OK;
}

JyStatus
jy_edges_report(const JyPathSummary *s, uint32_t top_n, uint64_t min_actors,
				bool dropoff, const JyMem *m, JyEdgeReport *out)
{
	EdgeBuild	b;
	EdgeLevel	lv;
	EdgeRec    *rec = NULL;
	uint32_t   *tgt_of = NULL;
	uint32_t	rowcap = 0,
				level,
				i;
	JyStatus	st;

	memset(out, 0, sizeof(*out));
	jy_arena_init(&out->names, 1024, 65536);
	memset(&b, 0, sizeof(b));
	b.m = m;
	jy_dict_init(&b.dict);
	st = edge_read_keys(&b, s);
	memset(&lv, 0, sizeof(lv));
	if (st == JY_OK && b.npaths > 0)
	{
		rec = m->alloc(m->arg, (size_t) b.npaths * sizeof(EdgeRec));
		lv.cand = m->alloc(m->arg, (size_t) b.npaths * sizeof(EdgeCand));
		tgt_of = m->alloc(m->arg, (size_t) b.npaths * sizeof(uint32_t));
		if (rec == NULL || lv.cand == NULL || tgt_of == NULL)
			st = JY_ERR_OUT_OF_MEMORY;
	}
	lv.b = &b;
	lv.r = out;
	lv.rowcap = &rowcap;
	lv.backward = s->params.dir == JY_NODE_BACKWARD;
	lv.dropoff = dropoff;
	lv.rec = rec;
	for (level = 0; st == JY_OK && level < s->params.depth; level++)
	{
		uint32_t	n = 0,
					j,
					rank = 0;

		/* every path still going: from its node, to its next label or the end */
		for (i = 0; i < b.npaths; i++)
		{
			EdgePath   *p = &b.paths[i];

			if (p->cur == EDGE_END)
				continue;
			rec[n].src = p->cur;
			rec[n].next = level < p->nn ? b.nodes[p->first + level] : EDGE_END;
			rec[n].key = p->key;
			rec[n].path = i;
			n++;
		}
		if (n == 0)
			break;
		lv.level = level;
		lv.ncand = 0;
		sort_recs_next(rec, n, NULL, m);
		st = edge_groups(&b, rec, n, true, edge_candidate, &lv);
		if (st != JY_OK)
			break;
		/* rank each source's next labels: the kept ones, or Other */
		sort_cands(lv.cand, lv.ncand, &b, m);
		for (j = 0; j < lv.ncand; j++)
		{
			EdgeCand   *c = &lv.cand[j];

			if (j == 0 || c->src != lv.cand[j - 1].src)
				rank = 0;
			if (c->next == EDGE_END || c->next == EDGE_OTHER)
				tgt_of[c->group] = c->next;
			else
			{
				/* min_actors weighs edges: not the first nodes, which are none */
				bool		keep = (top_n == 0 || rank < top_n) &&
					(level == 0 || c->actors >= min_actors);

				tgt_of[c->group] = keep ? c->next : EDGE_OTHER;
				rank++;
			}
		}
		for (j = 0; j < n; j++)
			rec[j].tgt = tgt_of[rec[j].tgt];
		sort_recs_tgt(rec, n, NULL, m);
		st = edge_groups(&b, rec, n, false, edge_output, &lv);
	}
	if (st == JY_OK && out->nrows > 0)
		sort_rows(out->rows, out->nrows, NULL, m);
	if (rec != NULL)
		m->release(m->arg, rec);
	if (lv.cand != NULL)
		m->release(m->arg, lv.cand);
	if (tgt_of != NULL)
		m->release(m->arg, tgt_of);
	if (b.paths != NULL)
		m->release(m->arg, b.paths);
	if (b.nodes != NULL)
		m->release(m->arg, b.nodes);
	jy_dict_free(&b.dict, m);
	if (st != JY_OK)
		jy_edges_report_free(out, m);
	return st;
}

void
jy_edges_report_free(JyEdgeReport *r, const JyMem *m)
{
	if (r->rows != NULL)
		m->release(m->arg, r->rows);
	jy_arena_free(&r->names, m);
	r->rows = NULL;
	r->nrows = 0;
}
