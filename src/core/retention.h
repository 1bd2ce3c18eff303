/*
 * retention.h -- ClickHouse's retention over the conditions a group saw
 */
#ifndef JY_RETENTION_H
#define JY_RETENTION_H

#include "jy.h"

/*
 * seen has bit i set when condition i + 1 held on some row of the group.
 * out[0] = condition 1 held; out[i] = condition 1 and condition i + 1 held
 * (not necessarily on the same row).
 */
extern void jy_retention(uint64_t seen, int n, int32_t *out);

#endif							/* JY_RETENTION_H */
