/*
 * test_summary.c -- unit tests of the summary writer and reader
 */
#include "unit.h"

#include "core/summary.h"

/* What is written reads back, field by field, and the reader ends exactly */
static void
test_round_trip(void)
{
	JyWriter	w;
	JyReader	r;
	size_t		n;
	const uint8_t *s;
	const char *why = NULL;

	jy_writer_init(&w, &unit_mem);
	jy_writer_header(&w, JY_SUMMARY_PATHS);
	jy_write_u8(&w, 7);
	jy_write_varint(&w, UINT64_MAX);
	jy_write_svarint(&w, INT64_MIN);
	jy_write_svarint(&w, -1);
	jy_write_double(&w, -0.25);
	jy_write_string(&w, "a>b", 3);
	jy_write_string(&w, "", 0);
	CHECK_EQ(w.status, JY_OK);
	/* header 4, u8 1, varint 10, zigzag(INT64_MIN) 10, zigzag(-1) 1, double 8, strings 4 + 1 */
	CHECK_EQ(w.len, 4 + 1 + 10 + 10 + 1 + 8 + 4 + 1);
	CHECK(memcmp(w.buf, "JS\002\001", 4) == 0);

	jy_reader_init(&r, w.buf, w.len);
	CHECK_EQ(jy_reader_header(&r, JY_SUMMARY_PATHS, &why), JY_OK);
	CHECK_EQ(jy_read_u8(&r), 7);
	CHECK(jy_read_varint(&r) == UINT64_MAX);
	CHECK(jy_read_svarint(&r) == INT64_MIN);
	CHECK_EQ(jy_read_svarint(&r), -1);
	CHECK(jy_read_double(&r) == -0.25);
	s = jy_read_string(&r, &n);
	CHECK(s != NULL && n == 3 && memcmp(s, "a>b", 3) == 0);
	s = jy_read_string(&r, &n);
	CHECK(s != NULL && n == 0);
	CHECK(jy_reader_done(&r));
	/* a read past the end fails, and the failure sticks */
	CHECK_EQ(jy_read_u8(&r), 0);
	CHECK(!r.ok);
	CHECK(!jy_reader_done(&r));
	jy_writer_free(&w);
}

/* Headers of another kind, version or magic are refused with a reason */
static void
test_header(void)
{
	const uint8_t good[4] = {'J', 'S', 1, JY_SUMMARY_VERSION};
	const uint8_t badv[4] = {'J', 'S', 1, 99};
	const uint8_t badm[4] = {'J', 'X', 1, JY_SUMMARY_VERSION};
	JyReader	r;
	const char *why = NULL;

	jy_reader_init(&r, good, 4);
	CHECK_EQ(jy_reader_header(&r, JY_SUMMARY_ACTIVITY, &why), JY_OK);
	jy_reader_init(&r, good, 4);
	CHECK_EQ(jy_reader_header(&r, JY_SUMMARY_PATHS, &why), JY_ERR_CORRUPT);
	CHECK(why != NULL && strstr(why, "another kind") != NULL);
	jy_reader_init(&r, badv, 4);
	CHECK_EQ(jy_reader_header(&r, JY_SUMMARY_ACTIVITY, &why), JY_ERR_CORRUPT);
	CHECK(strstr(why, "version") != NULL);
	jy_reader_init(&r, badm, 4);
	CHECK_EQ(jy_reader_header(&r, JY_SUMMARY_ACTIVITY, &why), JY_ERR_CORRUPT);
	CHECK(strstr(why, "not a journey") != NULL);
	jy_reader_init(&r, good, 3);
	CHECK_EQ(jy_reader_header(&r, JY_SUMMARY_ACTIVITY, &why), JY_ERR_CORRUPT);
}

/* Strings and counts longer than the input, and bad varints, fail */
static void
test_bounds(void)
{
	const uint8_t longstr[3] = {5, 'a', 'b'};
	const uint8_t overlong[2] = {0x80, 0x00};	/* not the shortest form */
	const uint8_t count[1] = {9};
	JyReader	r;
	size_t		n;

	jy_reader_init(&r, longstr, 3);
	CHECK(jy_read_string(&r, &n) == NULL);
	CHECK(!r.ok);
	jy_reader_init(&r, overlong, 2);
	CHECK_EQ(jy_read_varint(&r), 0);
	CHECK(!r.ok);
	jy_reader_init(&r, count, 1);
	CHECK_EQ(jy_read_count(&r, 8), 0);
	CHECK(!r.ok);
	jy_reader_init(&r, count, 1);
	CHECK_EQ(jy_read_count(&r, 9), 9);
	CHECK(jy_reader_done(&r));
	jy_reader_init(&r, count, 1);
	CHECK(jy_read_double(&r) == 0 && !r.ok);
}

/* An allocation failure sticks in the writer and nothing is written after */
static void
test_writer_failure(void)
{
	JyWriter	w;

	unit_fail_after = 0;
	jy_writer_init(&w, &unit_failing_mem);
	jy_write_varint(&w, 1);
	CHECK_EQ(w.status, JY_ERR_OUT_OF_MEMORY);
	CHECK_EQ(w.len, 0);
	jy_write_bytes(&w, "x", 1);
	CHECK_EQ(w.len, 0);
	jy_writer_free(&w);
}

int
main(void)
{
	test_round_trip();
	test_header();
	test_bounds();
	test_writer_failure();
	return unit_summary("summary");
}
