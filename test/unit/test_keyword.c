/*
 * test_keyword.c -- unit tests of the one keyword reader of the core
 */
#include "unit.h"

#include "core/attribution.h"
#include "core/cohort.h"
#include "core/funnel.h"
#include "core/nextnode.h"
#include "core/stats.h"

/* Case and surrounding white space are ignored; nothing else is */
static void
test_keyword_eq(void)
{
	CHECK(jy_keyword_eq("week", 4, "week"));
	CHECK(jy_keyword_eq("WeEk", 4, "week"));
	CHECK(jy_keyword_eq(" \t week\n\r", 9, "week"));
	CHECK(!jy_keyword_eq("we ek", 5, "week"));
	CHECK(!jy_keyword_eq("weeks", 5, "week"));
	CHECK(!jy_keyword_eq("wee", 3, "week"));
	CHECK(!jy_keyword_eq("", 0, "week"));
	CHECK(!jy_keyword_eq("   ", 3, "week"));
	/* the length bounds the input: no NUL is needed and none is read past */
	CHECK(jy_keyword_eq("weekly", 4, "week"));
}

/* A table lookup gives the index, -1 when absent; NULL holes are skipped */
static void
test_keyword_table(void)
{
	static const char *const names[] = {"day", NULL, "month"};

	CHECK_EQ(jy_keyword(names, 3, "DAY", 3), 0);
	CHECK_EQ(jy_keyword(names, 3, " month ", 7), 2);
	CHECK_EQ(jy_keyword(names, 3, "week", 4), -1);
	CHECK_EQ(jy_keyword(names, 0, "day", 3), -1);
}

/* Every keyword argument of the core goes through the same rule */
static void
test_users(void)
{
	JyAttrModel model;
	JyNodeDirection dir;
	JyNodeBase	base;
	JyCompareBase cb;
	uint32_t	flags;
	const char *bad;
	size_t		badlen;

	CHECK_EQ(jy_attr_parse_model(" Linear ", 8, &model), JY_OK);
	CHECK_EQ(model, JY_ATTR_LINEAR);
	CHECK(jy_nextnode_parse_direction("BACKWARD ", 9, &dir) && dir == JY_NODE_BACKWARD);
	CHECK(jy_nextnode_parse_base(" Last_Match", 11, &base) && base == JY_NODE_LAST_MATCH);
	CHECK(!jy_nextnode_parse_base("last match", 10, &base));
	CHECK(jy_compare_parse_base(" Previous", 9, &cb) && cb == JY_COMPARE_FROM_PREVIOUS);
	CHECK(!jy_compare_parse_base("prev", 4, &cb));
	CHECK_EQ(jy_funnel_parse_mode(" Strict_Order , strict_once", 27, &flags, &bad, &badlen), JY_OK);
	CHECK_EQ(flags, JY_FUNNEL_STRICT_ORDER | JY_FUNNEL_STRICT_ONCE);
	{
		JyPeriodUnit u;
		JyRetentionCriterion c;

		CHECK(jy_period_parse(" Month", 6, &u) && u == JY_PERIOD_MONTH);
		CHECK(strcmp(jy_period_name(JY_PERIOD_WEEK), "week") == 0);
		CHECK(!jy_period_parse("weeks", 5, &u));
		CHECK(jy_retention_parse_criterion("ON_OR_AFTER ", 12, &c) && c == JY_RETENTION_ON_OR_AFTER);
		CHECK(!jy_retention_parse_criterion("on or after", 11, &c));
	}
}

int
main(void)
{
	test_keyword_eq();
	test_keyword_table();
	test_users();
	return unit_summary("keyword");
}
