/*
 * chartcheck.h -- reading the drawn elements of a chart back in unit tests
 *
 * Include after unit.h and xmlcheck.h.
 */
#ifndef JY_CHARTCHECK_H
#define JY_CHARTCHECK_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* How often needle occurs in doc */
static inline int
count_of(const char *doc, const char *needle)
{
	int			n = 0;
	const char *p = doc;

	while ((p = strstr(p, needle)) != NULL)
		n++, p += strlen(needle);
	return n;
}

/*
 * The numeric attribute attr (e.g. "width") of the k-th (from 0) element
 * whose start tag contains marker, or NAN when there is none
 */
static inline double
attr_of(const char *doc, const char *marker, int k, const char *attr)
{
	const char *p = doc;
	char		key[64];
	const char *end,
			   *a;

	while ((p = strstr(p, marker)) != NULL && k-- > 0)
		p += strlen(marker);
	if (p == NULL)
		return NAN;
	while (p > doc && *p != '<')
		p--;
	end = strchr(p, '>');
	snprintf(key, sizeof(key), " %s=\"", attr);
	a = strstr(p, key);
	if (a == NULL || a > end)
		return NAN;
	return strtod(a + strlen(key), NULL);
}

/*
 * The checks every chart document passes: well-formed (xml_check), no NUL
 * inside, no non-finite number in an attribute, no id and no external
 * reference
 */
static inline void
check_chart(const char *doc, size_t len)
{
	const char *why = xml_check(doc, len);

	CHECK(why == NULL);
	if (why != NULL)
		fprintf(stderr, "not well-formed: %s\n%s\n", why, doc);
	CHECK(strlen(doc) == len);
	CHECK(strstr(doc, "=\"nan") == NULL && strstr(doc, "=\"-nan") == NULL);
	CHECK(strstr(doc, "=\"inf") == NULL && strstr(doc, "=\"-inf") == NULL);
	CHECK(strstr(doc, " id=") == NULL && strstr(doc, "href") == NULL);
}

#endif							/* JY_CHARTCHECK_H */
