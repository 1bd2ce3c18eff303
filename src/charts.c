/*
 * charts.c -- what every chart's glue shares: labels converted to UTF-8 for
 * the core, and the finished document as text in the database encoding
 */
#include "journey.h"

#include "mb/pg_wchar.h"
#include "utils/builtins.h"

/*
 * The bytes of a text value as UTF-8, for the writer (which reads UTF-8 and
 * replaces malformed bytes): converted from the database encoding when it
 * is neither UTF-8 nor SQL_ASCII.  *len gets the length.
 */
const char *
JourneySvgLabel(text *t, size_t *len)
{
	const char *s = VARDATA_ANY(t);
	int			n = VARSIZE_ANY_EXHDR(t);
	int			enc = GetDatabaseEncoding();

	if (enc != PG_UTF8 && enc != PG_SQL_ASCII && n > 0)
	{
		const char *u = pg_server_to_any(s, n, PG_UTF8);

		if (u != s)
		{
			*len = strlen(u);
			return u;
		}
	}
	*len = (size_t) n;
	return s;
}

/*
 * A chart's finished document doc[0..len) (UTF-8, from the core) as a text
 * value: as it is in a UTF-8 or SQL_ASCII database, else as pure ASCII
 * (numeric character references), so that it is valid text there and the
 * same picture.  what names the chart in an error.
 */
text *
JourneySvgText(const char *doc, size_t len, const char *what)
{
	int			enc = GetDatabaseEncoding();

	if (enc != PG_UTF8 && enc != PG_SQL_ASCII)
	{
		JyMem		mem;

		JourneyMemInit(&mem, CurrentMemoryContext);
		doc = jy_svg_ascii(&mem, doc, len, &len);
		if (doc == NULL)
			JourneyCheckStatus(JY_ERR_OUT_OF_MEMORY, what);
	}
	return cstring_to_text_with_len(doc, (int) len);
}

/*
 * Keep the title argument argno of a chart aggregate (when the call has it)
 * from the first row where it is not NULL, as UTF-8 copied into cxt; a
 * different title in a later row is an error (what names the chart)
 */
void
JourneyChartTitle(FunctionCallInfo fcinfo, int argno, MemoryContext cxt,
				  char **title, int *len, const char *what)
{
	const char *s;
	size_t		n;

	if (PG_NARGS() <= argno || PG_ARGISNULL(argno))
		return;
	s = JourneySvgLabel(PG_GETARG_TEXT_PP(argno), &n);
	if (*title != NULL)
	{
		if ((size_t) *len != n || memcmp(*title, s, n) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s title must be the same for every row of a group", what)));
		return;
	}
	*len = (int) n;
	*title = MemoryContextAlloc(cxt, n + 1);
	memcpy(*title, s, n);
	(*title)[n] = '\0';
}
