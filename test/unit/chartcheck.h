/*
 * chartcheck.h -- reading the drawn elements of a chart back in unit tests
 */
#ifndef JY_CHARTCHECK_H
#define JY_CHARTCHECK_H

#include <stdlib.h>
#include <string.h>

/* How often needle occurs in doc */
static int
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
static double
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

#endif							/* JY_CHARTCHECK_H */
