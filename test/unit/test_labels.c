/*
 * test_labels.c -- unit tests of the label set
 */
#include "unit.h"

#include "core/labels.h"

#define LOOK(set, s) jy_labels_lookup((set), (s), (uint32_t) strlen(s))

static void
test_basic(void)
{
	const char *labels[] = {"begin_checkout", "view", "begin_checkout", "pay", NULL, ""};
	uint32_t	lens[] = {14, 4, 14, 3, 0, 0};
	JyLabelSet *set = jy_labels_build(labels, lens, 6, &unit_mem);

	CHECK(set != NULL);
	CHECK_EQ(LOOK(set, "begin_checkout"), 0x5);	/* steps 1 and 3 */
	CHECK_EQ(LOOK(set, "view"), 0x2);
	CHECK_EQ(LOOK(set, "pay"), 0x8);
	CHECK_EQ(LOOK(set, ""), 0x20);	/* the empty label names step 6 */
	CHECK_EQ(LOOK(set, "Pay"), 0);
	CHECK_EQ(LOOK(set, "pa"), 0);
	CHECK_EQ(LOOK(set, "payy"), 0);
	CHECK_EQ(jy_labels_lookup(set, "view\0x", 6), 0);	/* bytes, not C strings */
	jy_labels_free(set, &unit_mem);
}

/* 64 distinct labels, every one found, nothing else */
static void
test_many(void)
{
	char		buf[64][8];
	const char *labels[64];
	uint32_t	lens[64];
	JyLabelSet *set;
	int			k;

	for (k = 0; k < 64; k++)
	{
		lens[k] = (uint32_t) snprintf(buf[k], sizeof(buf[k]), "e%d", k);
		labels[k] = buf[k];
	}
	set = jy_labels_build(labels, lens, 64, &unit_mem);
	for (k = 0; k < 64; k++)
		CHECK_EQ(jy_labels_lookup(set, labels[k], lens[k]), (long long) (UINT64_C(1) << k));
	CHECK_EQ(LOOK(set, "e64"), 0);
	CHECK_EQ(LOOK(set, "e"), 0);
	jy_labels_free(set, &unit_mem);
}

/* Explicit masks: many labels per stage, one label in two stages */
static void
test_masks(void)
{
	const char *labels[] = {"visit", "view", "cart", "buy", "view", "refund"};
	uint32_t	lens[] = {5, 4, 4, 3, 4, 6};
	uint64_t	masks[] = {1, 2, 4, 4, 8, 16};
	JyLabelSet *set = jy_labels_build_masks(labels, lens, masks, 6, &unit_mem);

	CHECK_EQ(LOOK(set, "visit"), 1);
	CHECK_EQ(LOOK(set, "view"), 10);
	CHECK_EQ(LOOK(set, "cart"), 4);
	CHECK_EQ(LOOK(set, "buy"), 4);
	CHECK_EQ(LOOK(set, "refund"), 16);
	CHECK_EQ(LOOK(set, "vie"), 0);
	jy_labels_free(set, &unit_mem);
}

int
main(void)
{
	test_basic();
	test_many();
	test_masks();
	return unit_summary("test_labels");
}
