/*
 * retention.c -- ClickHouse's retention over the conditions a group saw
 */
#include "retention.h"

/* Fill out[0..n) from the set of conditions seen (see retention.h) */
void
jy_retention(uint64_t seen, int n, int32_t *out)
{
	int32_t		anchor = (int32_t) (seen & 1);
	int			i;

	for (i = 0; i < n; i++)
		out[i] = anchor & (int32_t) ((seen >> i) & 1);
}
