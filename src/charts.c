/*
 * charts.c -- what every chart's glue shares: the SVG writer set up for the
 * database encoding, labels converted to UTF-8, and the finished document
 * as text
 */
#include "journey.h"

#include "mb/pg_wchar.h"
#include "utils/builtins.h"

/*
 * Start a document in CurrentMemoryContext.  In a database whose encoding
 * is neither UTF-8 nor SQL_ASCII the document is written as pure ASCII
 * (numeric character references), so it is valid text there and the same
 * picture.
 */
void
JourneySvgInit(JySvg *s, JyMem *mem)
{
	int			enc = GetDatabaseEncoding();

	JourneyMemInit(mem, CurrentMemoryContext);
	jy_svg_init(s, mem);
	s->ascii = enc != PG_UTF8 && enc != PG_SQL_ASCII;
}

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

/* The finished document as text; what names the chart in an error */
text *
JourneySvgResult(JySvg *s, const char *what)
{
	size_t		len;
	char	   *doc = jy_svg_finish(s, &len);
	text	   *result;

	if (doc == NULL)
		JourneyCheckStatus(s->status, what);
	result = cstring_to_text_with_len(doc, (int) len);
	pfree(doc);
	return result;
}
