/*
 * test_sankey.c -- unit tests of the Sankey layout (src/core/sankey.c)
 */
#include "unit.h"
#include "xmlcheck.h"
#include "chartcheck.h"

#include <math.h>

#include "core/sankey.h"
#include "core/svg.h"

/* An edge of NUL-terminated names */
static JySankeyEdge
E(const char *s, const char *t, int64_t a)
{
	JySankeyEdge e = {s, t, (uint32_t) strlen(s), (uint32_t) strlen(t), a};

	return e;
}

/* A diagram, checked for well-formedness; NULL on failure */
static char *
draw(const JySankeyEdge *e, size_t n, const char *title, JySankeyResult *res)
{
	size_t		len;
	char	   *doc = jy_sankey_svg(&unit_mem, e, n, 720, title, title ? strlen(title) : 0,
									&len, res);

	if (doc != NULL)
		check_chart(doc, len);
	return doc;
}

static int
count(const char *doc, const char *needle)
{
	int			n = 0;
	const char *p = doc;

	while ((p = strstr(p, needle)) != NULL)
		n++, p++;
	return n;
}

/* A node's geometry read back from the document */
typedef struct NodeBox
{
	long long	flow,
				in,
				out;
	int			column;
	double		x,
				y,
				w,
				h;
	char		fill[8];
} NodeBox;

/* The node named name (as escaped in the document) */
static bool
node(const char *doc, const char *name, NodeBox *b)
{
	char		key[200];
	const char *p;

	snprintf(key, sizeof(key), "class=\"jy-node\" data-name=\"%s\"", name);
	p = strstr(doc, key);
	if (p == NULL)
		return false;
	p += strlen(key);
	return sscanf(p, " data-flow=\"%lld\" data-in=\"%lld\" data-out=\"%lld\" data-column=\"%d\" "
				  "x=\"%lf\" y=\"%lf\" width=\"%lf\" height=\"%lf\" fill=\"%7s\"",
				  &b->flow, &b->in, &b->out, &b->column, &b->x, &b->y, &b->w, &b->h,
				  b->fill) == 9;
}

/* A link's ends and widths read back from its path */
typedef struct LinkBox
{
	long long	actors;
	double		x0,
				sy0,
				x1,
				ty0,
				ty1,
				sy1;
	char		fill[8];
} LinkBox;

static bool
link(const char *doc, const char *s, const char *t, LinkBox *b)
{
	char		key[300];
	const char *p;
	double		d[10];

	snprintf(key, sizeof(key), "class=\"jy-link\" data-source=\"%s\" data-target=\"%s\"", s, t);
	p = strstr(doc, key);
	if (p == NULL)
		return false;
	p += strlen(key);
	if (sscanf(p, " data-actors=\"%lld\" d=\"M%lf %lfC%lf %lf %lf %lf %lf %lfL%lf %lfC%lf %lf %lf %lf %lf %lfZ\" fill=\"%7s\"",
			   &b->actors, &b->x0, &b->sy0, &d[0], &d[1], &d[2], &d[3], &b->x1, &b->ty0,
			   &d[4], &b->ty1, &d[5], &d[6], &d[7], &d[8], &d[9], &b->sy1, b->fill) != 18)
		return false;
	return true;
}

static void
test_path_edges(void)
{
	/* the shape of path_edges' output: depth-prefixed names, Other and (dropped) */
	JySankeyEdge e[] = {
		E("1:view", "2:visit", 60), E("1:view", "2:Other", 25), E("1:view", "2:(dropped)", 15),
		E("2:visit", "3:view", 40), E("2:visit", "3:(dropped)", 20), E("2:Other", "3:buy", 25),
		E("2:visit", "3:view", 5),	/* a duplicate: summed */
		E("3:view", "4:buy", 0),	/* zero actors: left out */
	};
	JySankeyResult res;
	char	   *doc = draw(e, 8, "Paths", &res);
	NodeBox		view1, visit, other, drop2, view3, drop3, buy;
	LinkBox		l1, l2, l3, l4, l5;
	double		k;

	CHECK(doc != NULL && res.error == JY_SANKEY_OK);
	if (doc == NULL)
		return;
	CHECK_EQ(count(doc, "class=\"jy-node\""), 7);
	CHECK_EQ(count(doc, "class=\"jy-link\""), 6);
	CHECK(strstr(doc, "4:buy") == NULL);
	CHECK(node(doc, "1:view", &view1) && node(doc, "2:visit", &visit) &&
		  node(doc, "2:Other", &other) && node(doc, "2:(dropped)", &drop2) &&
		  node(doc, "3:view", &view3) && node(doc, "3:(dropped)", &drop3) &&
		  node(doc, "3:buy", &buy));
	/* columns by depth; flows are max(in, out) */
	CHECK(view1.column == 0 && visit.column == 1 && other.column == 1 && drop2.column == 1 &&
		  view3.column == 2 && drop3.column == 2 && buy.column == 2);
	CHECK(view1.flow == 100 && view1.in == 0 && view1.out == 100);
	CHECK(visit.flow == 65 && visit.in == 60 && visit.out == 65);
	CHECK(view3.flow == 45 && buy.flow == 25 && drop3.flow == 20);
	/* heights proportional to flow */
	k = view1.h / 100;
	CHECK_NEAR(visit.h, 65 * k, 0.02);
	CHECK_NEAR(other.h, 25 * k, 0.02);
	CHECK_NEAR(drop2.h, 15 * k, 0.02);
	CHECK_NEAR(buy.h, 25 * k, 0.02);
	/* the fullest column (column 1: 105 actors and two gaps) fills the 360 px plot */
	CHECK_NEAR(105 * k + 2 * 10, 360, 0.05);
	/* in a column: flow descending, Other and (dropped) last */
	CHECK(visit.y < other.y && other.y < drop2.y);
	CHECK(view3.y < buy.y && buy.y < drop3.y);
	CHECK(other.y >= visit.y + visit.h + 10 - 0.02);
	/* the same label, the same colour; (dropped) grey; different labels differ */
	view3.fill[7] = view1.fill[7] = '\0';
	CHECK(strcmp(view1.fill, view3.fill) == 0);
	CHECK(strcmp(drop2.fill, "#bdbdbd") == 0 && strcmp(drop3.fill, "#bdbdbd") == 0);
	CHECK(strcmp(view1.fill, visit.fill) != 0 && strcmp(visit.fill, buy.fill) != 0);
	/* labels without the prefix, with the flow; full names in titles */
	CHECK(count(doc, ">view 100</text>") == 1);
	CHECK(count(doc, ">visit 65</text>") == 1);
	CHECK(count(doc, "<title>2:visit: 65</title>") == 1);
	/* links: widths proportional to actors, stacked in the order of the other ends */
	CHECK(link(doc, "1:view", "2:visit", &l1) && link(doc, "1:view", "2:Other", &l2) &&
		  link(doc, "1:view", "2:(dropped)", &l3) && link(doc, "2:visit", "3:view", &l4) &&
		  link(doc, "2:visit", "3:(dropped)", &l5));
	CHECK(l4.actors == 45);
	CHECK_NEAR(l1.sy1 - l1.sy0, 60 * k, 0.02);
	CHECK_NEAR(l1.ty1 - l1.ty0, 60 * k, 0.02);
	CHECK_NEAR(l4.sy1 - l4.sy0, 45 * k, 0.02);
	CHECK_NEAR(l1.sy0, view1.y, 0.01);
	CHECK_NEAR(l2.sy0, l1.sy1, 0.01);
	CHECK_NEAR(l3.sy0, l2.sy1, 0.01);
	CHECK_NEAR(l3.sy1, view1.y + view1.h, 0.02);
	CHECK_NEAR(l1.ty0, visit.y, 0.01);
	CHECK_NEAR(l4.sy0, visit.y, 0.01);
	CHECK_NEAR(l5.sy0, l4.sy1, 0.01);
	CHECK_NEAR(l1.x0, view1.x + view1.w, 0.01);
	CHECK_NEAR(l1.x1, visit.x, 0.01);
	CHECK(strcmp(l1.fill, view1.fill) == 0);
	CHECK(!strstr(doc, " id=") && !strstr(doc, "href") && !strstr(doc, "nan") &&
		  !strstr(doc, "inf"));
	free(doc);
}

static void
test_depth_and_order(void)
{
	/* a -> b -> c and a -> c: c is at depth 2 (the longest path) */
	JySankeyEdge e[] = {E("c", "d", 1), E("a", "b", 3), E("b", "c", 2), E("a", "c", 1)};
	JySankeyResult res;
	char	   *doc = draw(e, 4, NULL, &res);
	NodeBox		a, b, c, d;
	LinkBox		ac, bc;

	CHECK(doc != NULL);
	if (doc == NULL)
		return;
	CHECK(node(doc, "a", &a) && node(doc, "b", &b) && node(doc, "c", &c) && node(doc, "d", &d));
	CHECK(a.column == 0 && b.column == 1 && c.column == 2 && d.column == 3);
	CHECK(c.flow == 3 && c.in == 3 && c.out == 1);
	/* into c: from b (column 1) above, from a (column 0, higher up? same top) after */
	CHECK(link(doc, "a", "c", &ac) && link(doc, "b", "c", &bc));
	CHECK_NEAR(ac.ty1 - ac.ty0 + bc.ty1 - bc.ty0, c.h, 0.02);
	CHECK(ac.ty0 < bc.ty0 || bc.ty0 < ac.ty0);
	/* the last column's label is to the left of its node */
	CHECK(strstr(doc, "text-anchor=\"end\" font-size=\"12\">d 1</text>") != NULL);
	free(doc);
}

static void
test_errors(void)
{
	JySankeyResult res;
	JySankeyEdge loop[] = {E("a", "a", 1)};
	JySankeyEdge cyc[] = {E("s", "a", 1), E("a", "b", 1), E("b", "c", 1), E("c", "a", 1)};
	JySankeyEdge neg[] = {E("a", "b", 1), E("b", "c", -1)};
	JySankeyEdge over[] = {E("a", "b", INT64_MAX), E("a", "c", 1)};
	JySankeyEdge dupover[] = {E("a", "b", INT64_MAX), E("a", "b", 1)};
	JySankeyEdge zero[] = {E("a", "b", 0)};
	JySankeyEdge *many;
	char		(*names)[16];
	char	   *doc;
	size_t		i,
				len;

	CHECK(draw(loop, 1, NULL, &res) == NULL && res.error == JY_SANKEY_CYCLE &&
		  res.name_len == 1 && res.name[0] == 'a');
	CHECK(draw(cyc, 4, NULL, &res) == NULL && res.error == JY_SANKEY_CYCLE &&
		  res.name_len == 1 && strchr("abc", res.name[0]) != NULL);
	CHECK(draw(neg, 2, NULL, &res) == NULL && res.error == JY_SANKEY_NEGATIVE &&
		  res.edge.actors == -1);
	CHECK(draw(over, 2, NULL, &res) == NULL && res.error == JY_SANKEY_OVERFLOW &&
		  res.name[0] == 'a');
	CHECK(draw(dupover, 2, NULL, &res) == NULL && res.error == JY_SANKEY_OVERFLOW);
	/* no edge with actors: a message */
	doc = draw(zero, 1, NULL, &res);
	CHECK(doc != NULL && strstr(doc, ">no data</text>") != NULL);
	free(doc);
	doc = draw(NULL, 0, "t", &res);
	CHECK(doc != NULL && strstr(doc, ">no data</text>") != NULL);
	free(doc);
	CHECK(jy_sankey_svg(&unit_mem, zero, 1, 100, NULL, 0, &len, &res) == NULL &&
		  res.status == JY_ERR_BAD_PARAMETER);

	/* the limit: 2,000 distinct edges draw, 2,001 do not (duplicates do not count) */
	many = calloc(JY_SANKEY_MAX_EDGES + 2, sizeof(JySankeyEdge));
	names = calloc(JY_SANKEY_MAX_EDGES + 2, sizeof(*names));
	for (i = 0; i < JY_SANKEY_MAX_EDGES + 1; i++)
	{
		snprintf(names[i], 16, "1:t%zu", i);
		many[i] = E(i % 2 ? "0:b" : "0:a", names[i], (int64_t) (i % 17) + 1);
	}
	many[JY_SANKEY_MAX_EDGES + 1] = many[0];
	doc = draw(many, JY_SANKEY_MAX_EDGES, NULL, &res);
	CHECK(doc != NULL && count(doc, "class=\"jy-link\"") == JY_SANKEY_MAX_EDGES);
	free(doc);
	CHECK(draw(many, JY_SANKEY_MAX_EDGES + 1, NULL, &res) == NULL &&
		  res.error == JY_SANKEY_TOO_MANY_EDGES && res.edges == JY_SANKEY_MAX_EDGES + 1);
	many[JY_SANKEY_MAX_EDGES] = many[0];
	doc = draw(many, JY_SANKEY_MAX_EDGES + 2, NULL, &res);
	CHECK(doc != NULL);
	free(doc);
	free(many);
	free(names);
}

static void
test_hostile(void)
{
	/* markup, quotes, control characters, malformed UTF-8, long and non-Latin names */
	static const char longname[] =
		"1:a very long page name that cannot possibly fit in the space between two columns";
	JySankeyEdge e[] = {
		E("0:<script>&\"'", "1:\xe8\xb3\xbc\xe5\x85\xa5 \xd8\xb4\xd8\xb1\xd8\xa7\xd8\xa1 \xf0\x9f\x9b\x92", 5),
		E("0:<script>&\"'", "1:]]>\x01\xff", 3),
		E("0:<script>&\"'", longname, 2),
		E(longname, "2:z", 2),		/* three columns: the label has 315 px */
	};
	JySankeyResult res;
	char	   *doc = draw(e, 4, "\"<title>\"", &res);

	CHECK(doc != NULL);
	if (doc == NULL)
		return;
	CHECK(strstr(doc, "<script") == NULL);
	CHECK(strstr(doc, "data-name=\"0:&lt;script&gt;&amp;&quot;&#39;\"") != NULL);
	CHECK(strstr(doc, ">&lt;script&gt;&amp;&quot;&#39; 10</text>") != NULL);
	/* non-ASCII names are isolated (U+2068 .. U+2069) so that Arabic keeps the count after it */
	CHECK(strstr(doc, ">\xe2\x81\xa8\xe8\xb3\xbc\xe5\x85\xa5 \xd8\xb4\xd8\xb1\xd8\xa7\xd8\xa1 \xf0\x9f\x9b\x92\xe2\x81\xa9 5</text>") != NULL);
	CHECK(strstr(doc, ">&lt;script&gt;&amp;&quot;&#39; 10</text>") != NULL);
	/* the long label is cut with an ellipsis and kept whole in a title */
	CHECK(strstr(doc, "\xe2\x80\xa6</text>") != NULL);
	CHECK(strstr(doc, "<title>a very long page name that cannot possibly fit in the space between two columns 2</title>") != NULL);
	free(doc);
}

static void
test_prefix(void)
{
	CHECK_EQ(jy_sankey_prefix("2:visit", 7), 2);
	CHECK_EQ(jy_sankey_prefix("-12:(start)", 11), 4);
	CHECK_EQ(jy_sankey_prefix("visit", 5), 0);
	CHECK_EQ(jy_sankey_prefix(":x", 2), 0);
	CHECK_EQ(jy_sankey_prefix("-:x", 3), 0);
	CHECK_EQ(jy_sankey_prefix("12", 2), 0);
	CHECK_EQ(jy_sankey_prefix("3:", 2), 2);
}

static void
test_out_of_memory(void)
{
	JySankeyEdge e[] = {E("1:a", "2:b", 3), E("1:a", "2:c", 2), E("2:b", "3:d", 1)};
	int			k;

	for (k = 0; k < 40; k++)
	{
		JySankeyResult res;
		size_t		len;
		char	   *doc;

		unit_fail_after = k;
		unit_failed = false;
		doc = jy_sankey_svg(&unit_failing_mem, e, 3, 720, "t", 1, &len, &res);
		if (doc == NULL)
			CHECK(res.error == JY_SANKEY_STATUS && res.status == JY_ERR_OUT_OF_MEMORY);
		else
			CHECK(!unit_failed && xml_check(doc, len) == NULL);
		free(doc);
	}
}

int
main(void)
{
	test_prefix();
	test_path_edges();
	test_depth_and_order();
	test_errors();
	test_hostile();
	test_out_of_memory();
	return unit_summary("sankey");
}
