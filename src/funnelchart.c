/*
 * funnelchart.c -- funnel_svg: the funnel chart of a count array as SVG
 *
 * The glue reads the counts (the checks and errors of funnel_report), the
 * step names, the confidence, the title and the width; the layout is the
 * core's (src/core/funnelchart.c).
 */
#include "journey.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "core/funnelchart.h"

/* Check a chart's width argument: not NULL, within the limits */
static int
chart_width(FunctionCallInfo fcinfo, int arg)
{
	int32		width;

	if (PG_ARGISNULL(arg))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("chart width must not be NULL")));
	width = PG_GETARG_INT32(arg);
	if (width < JY_CHART_MIN_WIDTH || width > JY_CHART_MAX_WIDTH)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("chart width must be between %d and %d pixels",
						JY_CHART_MIN_WIDTH, JY_CHART_MAX_WIDTH),
				 errdetail("It is %d.", width)));
	return width;
}

PG_FUNCTION_INFO_V1(funnel_svg);

/*
 * funnel_svg(counts bigint[], names text[], confidence float8, title text,
 * width int): NULL counts give NULL, an empty array the "no data" chart;
 * NULL names (or a NULL name) are "Step i"; a NULL title draws none
 */
Datum
funnel_svg(PG_FUNCTION_ARGS)
{
	int64		counts[JY_MAX_STEPS + 1];
	const char *names[JY_MAX_STEPS];
	size_t		name_lens[JY_MAX_STEPS];
	const char *title = NULL;
	size_t		title_len = 0;
	double		confidence;
	int			width,
				n = 0,
				k;
	ArrayType  *arr;
	JyMem		mem;
	JyStatus	st;
	char	   *doc;
	size_t		len;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	confidence = JourneyConfidence(fcinfo, 2);
	width = chart_width(fcinfo, 4);
	arr = PG_GETARG_ARRAYTYPE_P(0);
	if (ARR_NDIM(arr) != 0 && ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr)) > 0)
		n = JourneyCountsFromArray(arr, counts);
	if (!PG_ARGISNULL(1))
	{
		ArrayType  *na = PG_GETARG_ARRAYTYPE_P(1);
		Datum	   *elems;
		bool	   *nulls;
		int			nnames;

		if (ARR_NDIM(na) > 1)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("step names must be a one-dimensional array")));
		deconstruct_array(na, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &nnames);
		if (nnames > n)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("more step names than funnel steps"),
					 errdetail("%d names were given for %d steps.", nnames, n)));
		for (k = 0; k < n; k++)
		{
			if (k < nnames && !nulls[k])
			{
				size_t		nlen;

				names[k] = JourneySvgLabel(DatumGetTextPP(elems[k]), &nlen);
				name_lens[k] = nlen;
			}
			else
			{
				names[k] = NULL;
				name_lens[k] = 0;
			}
		}
	}
	if (!PG_ARGISNULL(3))
	{
		size_t		tlen;

		title = JourneySvgLabel(PG_GETARG_TEXT_PP(3), &tlen);
		title_len = tlen;
	}
	JourneyMemInit(&mem, CurrentMemoryContext);
	st = jy_funnel_chart(&mem, counts, n, PG_ARGISNULL(1) ? NULL : names, name_lens,
						 confidence, jy_z_for_confidence(confidence), title, title_len,
						 width, &doc, &len);
	JourneyCheckStatus(st, "funnel_svg");
	PG_RETURN_TEXT_P(JourneySvgText(doc, len, "funnel_svg"));
}
