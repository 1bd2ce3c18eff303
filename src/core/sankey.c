/*
 * sankey.c -- layout of the Sankey diagram (see sankey.h)
 */
#include "sankey.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "heatmap.h"
#include "svg.h"

/* Geometry, in pixels */
#define PAD 12.0
#define NODE_W 14.0
#define NODE_GAP 10.0
#define MIN_PLOT_H 360.0
#define ROW_H 28.0
#define FONT 12.0

/* The grey of "(dropped)" nodes */
#define DROPPED_FILL "#bdbdbd"

/* One end of an edge, to find the distinct names */
typedef struct Ref
{
	const char *p;
	uint32_t	len;
	uint32_t	edge;
	uint32_t	side;			/* 0 source, 1 target */
} Ref;

typedef struct Node
{
	const char *name;
	uint32_t	len;
	uint32_t	plen;			/* depth prefix */
	int64_t		in,
				out,
				flow;
	int			depth;
	int			special;		/* 1: Other, (dropped) or (start) */
	int			dropped;
	int			colour;
	uint32_t	group;			/* nodes of one label share it */
	uint32_t	rem_in;			/* Kahn: incoming edges from unplaced nodes */
	bool		placed;
	bool		seen;
	double		x,
				y,
				h,
				out_used,
				in_used;
} Node;

typedef struct Edge
{
	uint32_t	s,
				t;
	int64_t		actors;
	double		sy,
				ty,
				w;
} Edge;

/* Bytes order, then length */
static int
name_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int			c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen ? 1 : 0;
}

static int
ref_cmp(const Ref *a, const Ref *b)
{
	int			c = name_cmp(a->p, a->len, b->p, b->len);

	if (c != 0)
		return c;
	if (a->edge != b->edge)
		return a->edge < b->edge ? -1 : 1;
	return (int) a->side - (int) b->side;
}

#define JY_SORT_NAME sort_refs
#define JY_SORT_TYPE Ref
#define JY_SORT_CMP ref_cmp
#define JY_SORT_NO_CTX
#include "sort.h"

static int
edge_cmp(const Edge *a, const Edge *b)
{
	if (a->s != b->s)
		return a->s < b->s ? -1 : 1;
	if (a->t != b->t)
		return a->t < b->t ? -1 : 1;
	return 0;
}

#define JY_SORT_NAME sort_edges
#define JY_SORT_TYPE Edge
#define JY_SORT_CMP edge_cmp
#define JY_SORT_NO_CTX
#include "sort.h"

/* Drawing order of nodes: column, specials last, flow descending, name */
static int
node_order_cmp(const uint32_t *a, const uint32_t *b, void *ctx)
{
	const Node *na = (const Node *) ctx + *a,
			   *nb = (const Node *) ctx + *b;
	int			c;

	if (na->depth != nb->depth)
		return na->depth < nb->depth ? -1 : 1;
	if (na->special != nb->special)
		return na->special < nb->special ? -1 : 1;
	if (na->flow != nb->flow)
		return na->flow > nb->flow ? -1 : 1;
	c = name_cmp(na->name, na->len, nb->name, nb->len);
	if (c != 0)
		return c;
	return *a < *b ? -1 : *a > *b ? 1 : 0;
}

#define JY_SORT_NAME sort_nodes
#define JY_SORT_TYPE uint32_t
#define JY_SORT_CMP node_order_cmp
#include "sort.h"

/* Nodes by label (the name without its prefix) */
static int
node_label_cmp(const uint32_t *a, const uint32_t *b, void *ctx)
{
	const Node *na = (const Node *) ctx + *a,
			   *nb = (const Node *) ctx + *b;
	int			c = name_cmp(na->name + na->plen, na->len - na->plen,
							 nb->name + nb->plen, nb->len - nb->plen);

	if (c != 0)
		return c;
	return *a < *b ? -1 : *a > *b ? 1 : 0;
}

#define JY_SORT_NAME sort_labels
#define JY_SORT_TYPE uint32_t
#define JY_SORT_CMP node_label_cmp
#include "sort.h"

/* Context of the link orders */
typedef struct LinkCtx
{
	const Node *nodes;
	const Edge *edges;
} LinkCtx;

/* Position of a node for the stacking of links: top, then column */
static int
node_pos_cmp(const Node *nodes, uint32_t a, uint32_t b)
{
	if (nodes[a].y != nodes[b].y)
		return nodes[a].y < nodes[b].y ? -1 : 1;
	if (nodes[a].depth != nodes[b].depth)
		return nodes[a].depth < nodes[b].depth ? -1 : 1;
	return a < b ? -1 : a > b ? 1 : 0;
}

/* Links leaving a node: by source, then by the position of their target */
static int
out_cmp(const uint32_t *a, const uint32_t *b, void *ctx)
{
	const LinkCtx *lc = ctx;
	const Edge *ea = &lc->edges[*a],
			   *eb = &lc->edges[*b];

	if (ea->s != eb->s)
		return ea->s < eb->s ? -1 : 1;
	return node_pos_cmp(lc->nodes, ea->t, eb->t);
}

#define JY_SORT_NAME sort_out
#define JY_SORT_TYPE uint32_t
#define JY_SORT_CMP out_cmp
#include "sort.h"

/* Links entering a node: by target, then by the position of their source */
static int
in_cmp(const uint32_t *a, const uint32_t *b, void *ctx)
{
	const LinkCtx *lc = ctx;
	const Edge *ea = &lc->edges[*a],
			   *eb = &lc->edges[*b];

	if (ea->t != eb->t)
		return ea->t < eb->t ? -1 : 1;
	return node_pos_cmp(lc->nodes, ea->s, eb->s);
}

#define JY_SORT_NAME sort_in
#define JY_SORT_TYPE uint32_t
#define JY_SORT_CMP in_cmp
#include "sort.h"

/* The depth prefix length (see sankey.h) */
size_t
jy_sankey_prefix(const char *name, size_t len)
{
	size_t		i = 0,
				d;

	if (i < len && name[i] == '-')
		i++;
	d = i;
	while (i < len && name[i] >= '0' && name[i] <= '9')
		i++;
	if (i == d || i >= len || name[i] != ':')
		return 0;
	return i + 1;
}

/* Is the label t[0..len) word? */
static bool
label_is(const char *t, size_t len, const char *word)
{
	return len == strlen(word) && memcmp(t, word, len) == 0;
}

/* Append a node's full name and its flow as escaped text */
static void
name_and_count(JySvg *s, const Node *nd, int64_t v)
{
	char		num[32];

	jy_svg_escaped(s, nd->name, nd->len, JY_SVG_TITLE_CHARS);
	jy_svg_fmt(s, ": %s", jy_chart_count(num, v));
}

/* The diagram as SVG (see sankey.h) */
char *
jy_sankey_svg(const JyMem *m, const JySankeyEdge *edges, size_t n, double width,
			  const char *title, size_t title_len, size_t *len, JySankeyResult *res)
{
	Ref		   *refs = NULL;
	Node	   *nodes = NULL;
	Edge	   *ed = NULL;
	uint32_t   *order = NULL,
			   *queue = NULL,
			   *lorder = NULL,
			   *ostart = NULL;
	char	   *lab = NULL;
	size_t		i,
				nref = 0,
				nn = 0,
				ne = 0,
				npos = 0,
				maxlen = 0;
	int			ncols = 0,
				maxcnt = 0,
				c,
				ncolour = 0;
	double		top,
				plot_h,
				height,
				k = INFINITY,
				spacing,
				label_w;
	JySvg		s;
	char	   *doc = NULL;
	char		num[32];

	memset(res, 0, sizeof(*res));
	jy_svg_init(&s, m);
	if (!(width >= 200 && width <= 4000))
	{
		res->error = JY_SANKEY_STATUS;
		res->status = JY_ERR_BAD_PARAMETER;
		return NULL;
	}
	for (i = 0; i < n; i++)
	{
		if (edges[i].actors < 0)
		{
			res->error = JY_SANKEY_NEGATIVE;
			res->edge = edges[i];
			return NULL;
		}
		if (edges[i].actors > 0)
			npos++;
	}
	top = title != NULL ? 40 : 12;
	if (npos == 0)
	{
		jy_svg_begin(&s, width, top + 120, "sankey", title, title_len, title != NULL);
		jy_svg_message(&s, width, 2 * top + 120, "no data");
		jy_svg_end(&s);
		goto finish;
	}

	/* the distinct names */
	refs = m->alloc(m->arg, 2 * npos * sizeof(Ref));
	ed = m->alloc(m->arg, npos * sizeof(Edge));
	if (refs == NULL || ed == NULL)
		goto oom;
	for (i = 0; i < n; i++)
	{
		if (edges[i].actors == 0)
			continue;
		refs[nref] = (Ref) {edges[i].source, edges[i].source_len, (uint32_t) ne, 0};
		refs[nref + 1] = (Ref) {edges[i].target, edges[i].target_len, (uint32_t) ne, 1};
		ed[ne].actors = edges[i].actors;
		nref += 2;
		ne++;
	}
	sort_refs(refs, nref, NULL, m);
	nodes = m->alloc(m->arg, nref * sizeof(Node));
	if (nodes == NULL)
		goto oom;
	for (i = 0; i < nref; i++)
	{
		if (i == 0 || name_cmp(refs[i].p, refs[i].len, refs[i - 1].p, refs[i - 1].len) != 0)
		{
			Node	   *nd = &nodes[nn++];

			memset(nd, 0, sizeof(*nd));
			nd->name = refs[i].p;
			nd->len = refs[i].len;
			nd->plen = (uint32_t) jy_sankey_prefix(nd->name, nd->len);
			if (nd->len > maxlen)
				maxlen = nd->len;
		}
		if (refs[i].side == 0)
			ed[refs[i].edge].s = (uint32_t) (nn - 1);
		else
			ed[refs[i].edge].t = (uint32_t) (nn - 1);
	}
	m->release(m->arg, refs);
	refs = NULL;

	/* duplicate edges summed; self-loops; the limit */
	sort_edges(ed, ne, NULL, m);
	{
		size_t		o = 0;

		for (i = 0; i < ne; i++)
		{
			if (o > 0 && ed[o - 1].s == ed[i].s && ed[o - 1].t == ed[i].t)
			{
				if (__builtin_add_overflow(ed[o - 1].actors, ed[i].actors, &ed[o - 1].actors))
				{
					res->error = JY_SANKEY_OVERFLOW;
					res->name = nodes[ed[i].s].name;
					res->name_len = nodes[ed[i].s].len;
					goto cleanup;
				}
			}
			else
				ed[o++] = ed[i];
		}
		ne = o;
	}
	if (ne > JY_SANKEY_MAX_EDGES)
	{
		res->error = JY_SANKEY_TOO_MANY_EDGES;
		res->edges = ne;
		goto cleanup;
	}
	for (i = 0; i < ne; i++)
	{
		Node	   *a = &nodes[ed[i].s],
				   *b = &nodes[ed[i].t];

		if (ed[i].s == ed[i].t)
		{
			res->error = JY_SANKEY_CYCLE;
			res->name = a->name;
			res->name_len = a->len;
			goto cleanup;
		}
		if (__builtin_add_overflow(a->out, ed[i].actors, &a->out))
		{
			res->error = JY_SANKEY_OVERFLOW;
			res->name = a->name;
			res->name_len = a->len;
			goto cleanup;
		}
		if (__builtin_add_overflow(b->in, ed[i].actors, &b->in))
		{
			res->error = JY_SANKEY_OVERFLOW;
			res->name = b->name;
			res->name_len = b->len;
			goto cleanup;
		}
		b->rem_in++;
	}

	/* columns: the longest path from a source (Kahn's order) */
	ostart = m->alloc(m->arg, (nn + 1) * sizeof(uint32_t));
	queue = m->alloc(m->arg, nn * sizeof(uint32_t));
	order = m->alloc(m->arg, nn * sizeof(uint32_t));
	lorder = m->alloc(m->arg, 2 * ne * sizeof(uint32_t));
	lab = m->alloc(m->arg, maxlen + 48);
	if (ostart == NULL || queue == NULL || order == NULL || lorder == NULL || lab == NULL)
		goto oom;
	{
		size_t		e = 0,
					head = 0,
					tail = 0;

		for (i = 0; i <= nn; i++)
		{
			while (e < ne && ed[e].s < i)
				e++;
			ostart[i] = (uint32_t) e;
		}
		for (i = 0; i < nn; i++)
			if (nodes[i].rem_in == 0)
				queue[tail++] = (uint32_t) i;
		while (head < tail)
		{
			uint32_t	u = queue[head++];

			nodes[u].placed = true;
			for (e = ostart[u]; e < ostart[u + 1]; e++)
			{
				Node	   *t = &nodes[ed[e].t];

				if (t->depth < nodes[u].depth + 1)
					t->depth = nodes[u].depth + 1;
				if (--t->rem_in == 0)
					queue[tail++] = ed[e].t;
			}
			jy_interrupt_every(m, head);
		}
		if (tail < nn)
		{
			/* walk back along edges between unplaced nodes until a node repeats */
			uint32_t	u = 0;

			while (nodes[u].placed)
				u++;
			while (!nodes[u].seen)
			{
				nodes[u].seen = true;
				for (e = 0; e < ne; e++)
					if (ed[e].t == u && !nodes[ed[e].s].placed)
						break;
				if (e == ne)
					break;		/* cannot happen: an unplaced node has one */
				u = ed[e].s;
			}
			res->error = JY_SANKEY_CYCLE;
			res->name = nodes[u].name;
			res->name_len = nodes[u].len;
			goto cleanup;
		}
	}

	/* flows, specials, the order in columns */
	for (i = 0; i < nn; i++)
	{
		Node	   *nd = &nodes[i];
		const char *l = nd->name + nd->plen;
		size_t		ll = nd->len - nd->plen;

		nd->flow = nd->in > nd->out ? nd->in : nd->out;
		nd->dropped = label_is(l, ll, "(dropped)");
		nd->special = nd->dropped || label_is(l, ll, "Other") || label_is(l, ll, "(start)");
		if (nd->depth + 1 > ncols)
			ncols = nd->depth + 1;
		order[i] = (uint32_t) i;
	}

	/* colours: one per label, in order of first appearance in drawing order */
	sort_labels(order, nn, nodes, m);
	for (i = 0; i < nn; i++)
	{
		const Node *a = &nodes[order[i]];
		const Node *b = i > 0 ? &nodes[order[i - 1]] : NULL;

		if (b != NULL && name_cmp(a->name + a->plen, a->len - a->plen,
								  b->name + b->plen, b->len - b->plen) == 0)
			nodes[order[i]].group = b->group;
		else
			nodes[order[i]].group = b != NULL ? b->group + 1 : 0;
		queue[i] = UINT32_MAX;	/* the group's colour: none yet */
	}
	sort_nodes(order, nn, nodes, m);
	for (i = 0; i < nn; i++)
	{
		Node	   *nd = &nodes[order[i]];

		if (queue[nd->group] == UINT32_MAX)
			queue[nd->group] = (uint32_t) ncolour++;
		nd->colour = (int) queue[nd->group];
	}

	/* vertical scale: the fullest column fills the plot */
	{
		size_t		j = 0;

		for (c = 0; c < ncols; c++)
		{
			int			cnt = 0;

			while (j + cnt < nn && nodes[order[j + cnt]].depth == c)
				cnt++;
			if (cnt > maxcnt)
				maxcnt = cnt;
			j += cnt;
		}
	}
	plot_h = fmax(MIN_PLOT_H, maxcnt * ROW_H);
	{
		size_t		j = 0;

		for (c = 0; c < ncols; c++)
		{
			int			cnt = 0;
			double		sum = 0;

			while (j + cnt < nn && nodes[order[j + cnt]].depth == c)
				sum += (double) nodes[order[j + cnt]].flow, cnt++;
			if (cnt > 0 && (plot_h - NODE_GAP * (cnt - 1)) / sum < k)
				k = (plot_h - NODE_GAP * (cnt - 1)) / sum;
			j += cnt;
		}
	}
	spacing = ncols > 1 ? (width - 2 * PAD - NODE_W) / (ncols - 1) : width - 2 * PAD;
	label_w = fmax(40, spacing - NODE_W - 12);
	{
		size_t		j = 0;

		for (c = 0; c < ncols; c++)
		{
			int			cnt = 0,
						q;
			double		used = 0,
						y;

			while (j + cnt < nn && nodes[order[j + cnt]].depth == c)
				used += nodes[order[j + cnt]].flow * k, cnt++;
			used += NODE_GAP * (cnt - 1);
			y = top + (plot_h - used) / 2;
			for (q = 0; q < cnt; q++)
			{
				Node	   *nd = &nodes[order[j + q]];

				nd->x = PAD + c * (ncols > 1 ? spacing : 0);
				nd->y = y;
				nd->h = nd->flow * k;
				y += nd->h + NODE_GAP;
			}
			j += cnt;
		}
	}

	/* links stacked at each end in the order of the other ends */
	{
		LinkCtx		lc = {nodes, ed};

		for (i = 0; i < ne; i++)
		{
			lorder[i] = (uint32_t) i;
			lorder[ne + i] = (uint32_t) i;
			ed[i].w = ed[i].actors * k;
		}
		sort_out(lorder, ne, &lc, m);
		sort_in(lorder + ne, ne, &lc, m);
		for (i = 0; i < ne; i++)
		{
			Edge	   *e = &ed[lorder[i]];
			Node	   *a = &nodes[e->s];

			e->sy = a->y + a->out_used;
			a->out_used += e->w;
			e = &ed[lorder[ne + i]];
			a = &nodes[e->t];
			e->ty = a->y + a->in_used;
			a->in_used += e->w;
		}
	}

	height = top + plot_h + 16;
	jy_svg_begin(&s, width, height, "sankey", title, title_len, title != NULL);
	jy_svg_raw(&s, "<g class=\"jy-links\">");
	for (i = 0; i < ne; i++)
	{
		const Edge *e = &ed[lorder[i]];
		const Node *a = &nodes[e->s],
				   *b = &nodes[e->t];
		double		x0 = a->x + NODE_W,
					x1 = b->x,
					xm = (x0 + x1) / 2;

		jy_svg_raw(&s, "<path class=\"jy-link\" data-source=\"");
		jy_svg_escaped(&s, a->name, a->len, SIZE_MAX);
		jy_svg_raw(&s, "\" data-target=\"");
		jy_svg_escaped(&s, b->name, b->len, SIZE_MAX);
		jy_svg_fmt(&s, "\" data-actors=\"%lld\" d=\"M%.2f %.2fC%.2f %.2f %.2f %.2f %.2f %.2f"
				   "L%.2f %.2fC%.2f %.2f %.2f %.2f %.2f %.2fZ\" fill=\"%s\" fill-opacity=\"0.45\">",
				   (long long) e->actors,
				   x0, e->sy, xm, e->sy, xm, e->ty, x1, e->ty,
				   x1, e->ty + e->w, xm, e->ty + e->w, xm, e->sy + e->w, x0, e->sy + e->w,
				   a->dropped ? DROPPED_FILL : jy_svg_category(a->colour));
		jy_svg_raw(&s, "<title>");
		jy_svg_escaped(&s, a->name, a->len, JY_SVG_TITLE_CHARS);
		jy_svg_raw(&s, " \xe2\x86\x92 ");
		name_and_count(&s, b, e->actors);
		jy_svg_raw(&s, "</title></path>");
		jy_interrupt_every(m, i);
	}
	jy_svg_raw(&s, "</g><g class=\"jy-nodes\">");
	for (i = 0; i < nn; i++)
	{
		const Node *nd = &nodes[order[i]];
		size_t		ll = nd->len - nd->plen;
		bool		last = ncols > 1 && nd->depth == ncols - 1;

		jy_svg_raw(&s, "<rect class=\"jy-node\" data-name=\"");
		jy_svg_escaped(&s, nd->name, nd->len, SIZE_MAX);
		jy_svg_fmt(&s, "\" data-flow=\"%lld\" data-in=\"%lld\" data-out=\"%lld\" "
				   "data-column=\"%d\" x=\"%.2f\" y=\"%.2f\" width=\"%.0f\" height=\"%.2f\" "
				   "fill=\"%s\"><title>",
				   (long long) nd->flow, (long long) nd->in, (long long) nd->out,
				   nd->depth, nd->x, nd->y, NODE_W, nd->h,
				   nd->dropped ? DROPPED_FILL : jy_svg_category(nd->colour));
		name_and_count(&s, nd, nd->flow);
		jy_svg_raw(&s, "</title></rect>");
		{
			/* a name beyond ASCII is isolated (FSI .. PDI), so that right-to-left text keeps the count after it */
			bool		isolate = false;
			size_t		o = 0,
						b;

			for (b = nd->plen; b < nd->len && !isolate; b++)
				isolate = (unsigned char) nd->name[b] >= 0x80;
			if (isolate)
				memcpy(lab, "\xe2\x81\xa8", 3), o = 3;
			memcpy(lab + o, nd->name + nd->plen, ll);
			o += ll;
			if (isolate)
				memcpy(lab + o, "\xe2\x81\xa9", 3), o += 3;
			o += (size_t) snprintf(lab + o, 40, " %s", jy_chart_count(num, nd->flow));
			jy_svg_text(&s, last ? nd->x - 6 : nd->x + NODE_W + 6, nd->y + nd->h / 2 + 4,
						"jy-node-label", last ? "end" : "start", FONT, label_w, lab, o);
		}
		jy_interrupt_every(m, i);
	}
	jy_svg_raw(&s, "</g>");
	jy_svg_end(&s);

finish:
	doc = jy_svg_finish(&s, len);
	if (doc == NULL)
	{
		res->error = JY_SANKEY_STATUS;
		res->status = s.status;
	}
	goto release;
oom:
	res->error = JY_SANKEY_STATUS;
	res->status = JY_ERR_OUT_OF_MEMORY;
cleanup:
	jy_svg_free(&s);
	doc = NULL;
release:
	if (refs != NULL)
		m->release(m->arg, refs);
	if (nodes != NULL)
		m->release(m->arg, nodes);
	if (ed != NULL)
		m->release(m->arg, ed);
	if (order != NULL)
		m->release(m->arg, order);
	if (queue != NULL)
		m->release(m->arg, queue);
	if (lorder != NULL)
		m->release(m->arg, lorder);
	if (ostart != NULL)
		m->release(m->arg, ostart);
	if (lab != NULL)
		m->release(m->arg, lab);
	return doc;
}
