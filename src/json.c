/*
 * json.c -- cJSON at the edges: parsing JSON text for journey input and
 * journey maps
 *
 * cJSON (the system libcjson) allocates with malloc; every tree is owned by
 * its caller, who frees it with cJSON_Delete in a PG_FINALLY block, so an
 * error raised while walking it leaks nothing.  cJSON works on UTF-8: in a
 * database with another encoding the text is converted to UTF-8 before
 * parsing and strings are converted back.
 */
#include "journey.h"

#include "mb/pg_wchar.h"

/*
 * Parse JSON text; returns the tree, or NULL with *errpos set to the
 * 1-based character position of a syntax error.
 */
cJSON *
JourneyJsonParse(const char *text, size_t len, int *errpos)
{
	const char *src = text;
	const char *end = NULL;
	cJSON	   *tree;

	if (GetDatabaseEncoding() != PG_UTF8)
	{
		src = (const char *) pg_do_encoding_conversion((unsigned char *) text, (int) len,
													   GetDatabaseEncoding(), PG_UTF8);
		len = strlen(src);
	}
	tree = cJSON_ParseWithLengthOpts(src, len, &end, false);
	if (tree == NULL)
	{
		*errpos = (end != NULL && end >= src) ? pg_mbstrlen_with_len(src, (int) (end - src)) + 1 : 1;
		return NULL;
	}
	/* anything but blanks after the value is an error too */
	if (end != NULL)
	{
		while ((size_t) (end - src) < len && (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r'))
			end++;
		if ((size_t) (end - src) < len)
		{
			*errpos = pg_mbstrlen_with_len(src, (int) (end - src)) + 1;
			cJSON_Delete(tree);
			return NULL;
		}
	}
	return tree;
}

/* A JSON string's bytes in the database encoding (palloc'd when converted) */
const char *
JourneyJsonString(const cJSON *item, uint32 *len)
{
	const char *s = cJSON_GetStringValue((cJSON *) item);
	size_t		l = strlen(s);

	if (GetDatabaseEncoding() != PG_UTF8)
	{
		s = (const char *) pg_any_to_server(s, (int) l, PG_UTF8);
		l = strlen(s);
	}
	*len = (uint32) l;
	return s;
}
