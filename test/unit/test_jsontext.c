/*
 * test_jsontext.c -- unit tests of checked JSON parsing, excerpts and the
 * journey text parser
 */
#include "unit.h"

#include "core/isotime.h"
#include "core/jsontext.h"

/* Text from a literal that may hold NUL bytes (sizeof - 1 bytes) */
#define LIT(s) (s), (sizeof(s) - 1)

/* Parse; the kind, with *pos set for syntax and NUL errors */
static JyJsonErrKind
parse_kind(const char *text, size_t len, size_t *pos)
{
	JyJsonError err;
	cJSON	   *tree = jy_json_parse(text, len, &err);

	*pos = 0;
	if (tree != NULL)
	{
		CHECK_EQ(err.kind, JY_JSON_OK);
		cJSON_Delete(tree);
		return JY_JSON_OK;
	}
	*pos = err.pos;
	return err.kind;
}

/* Is text accepted as JSON? */
static bool
parses(const char *text)
{
	size_t		pos;

	return parse_kind(text, strlen(text), &pos) == JY_JSON_OK;
}

/* The character position of the syntax error (0: none) */
static size_t
syntax_at(const char *text, size_t len)
{
	size_t		pos;

	return parse_kind(text, len, &pos) == JY_JSON_SYNTAX ? pos : 0;
}

/* The character position of the NUL error (0: none) */
static size_t
nul_at(const char *text, size_t len)
{
	size_t		pos;

	return parse_kind(text, len, &pos) == JY_JSON_NUL ? pos : 0;
}

static void
test_utf8(void)
{
	const char *s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";	/* a é € 😀 */
	char		buf[JY_EXCERPT_MAX];
	char		in[400];
	int			i;

	CHECK_EQ(jy_utf8_chars(s, 10), 4);
	CHECK_EQ(jy_utf8_clip(s, 10, 0), 0);
	CHECK_EQ(jy_utf8_clip(s, 10, 1), 1);
	CHECK_EQ(jy_utf8_clip(s, 10, 2), 3);
	CHECK_EQ(jy_utf8_clip(s, 10, 3), 6);
	CHECK_EQ(jy_utf8_clip(s, 10, 4), 10);
	CHECK_EQ(jy_utf8_clip(s, 10, 5), 10);
	/* a cut-off character is not completed from beyond len */
	CHECK_EQ(jy_utf8_clip(s, 5, 3), 4);
	CHECK_EQ(jy_utf8_chars(s, 5), 4);	/* a, é, then 2 malformed bytes */
	/* malformed bytes count one each */
	CHECK_EQ(jy_utf8_chars("\xff\x80\xc3", 3), 3);
	CHECK_EQ(jy_utf8_chars("", 0), 0);

	CHECK(strcmp(jy_json_excerpt(buf, "abc", 3), "\"abc\"") == 0);
	CHECK(strcmp(jy_json_excerpt(buf, "", 0), "\"\"") == 0);
	CHECK(strcmp(jy_json_excerpt(buf, LIT("a\"b\\c\n\t\r\x01z")),
				 "\"a\\\"b\\\\c\\n\\t\\r\\u0001z\"") == 0);
	/* 64 characters in full, 65 cut to 64 and ... */
	memset(in, 'x', 65);
	jy_json_excerpt(buf, in, 64);
	CHECK_EQ(strlen(buf), 66);
	CHECK(buf[65] == '"');
	jy_json_excerpt(buf, in, 65);
	CHECK_EQ(strlen(buf), 69);
	CHECK(strcmp(buf + 65, "\"...") == 0);
	/* 100 two-byte characters: 64 of them whole */
	for (i = 0; i < 100; i++)
		memcpy(in + 2 * i, "\xc3\xa9", 2);
	jy_json_excerpt(buf, in, 200);
	CHECK_EQ(strlen(buf), 1 + 128 + 4);
	CHECK(memcmp(buf + 127, "\xc3\xa9\"...", 6) == 0);
	/* the worst case fits: 64 control characters */
	memset(in, 1, 100);
	jy_json_excerpt(buf, in, 100);
	CHECK_EQ(strlen(buf), 64 * 6 + 5);
	CHECK(strlen(buf) < JY_EXCERPT_MAX);
}

static void
test_parse(void)
{
	CHECK(parses("[]"));
	CHECK(parses(" [ 1 , \"a\" ]\n\t\r "));
	CHECK(parses("{\"a\": [true, false, null, -1.5e3]}"));
	CHECK(parses("[\"a\\\\u0000b\"]"));	/* an escaped backslash, then u0000 */
	CHECK(parses("[\"\\u0001\"]"));
	CHECK(parses("[\"tab\there\"]"));	/* raw control bytes inside strings pass */

	/* not one JSON value: the character at fault */
	CHECK_EQ(syntax_at(LIT("")), 1);
	CHECK_EQ(syntax_at(LIT("nonsense")), 1);
	CHECK_EQ(syntax_at(LIT("[[\"2025-01-01T00:00:00Z\", \"a\"]")), 30);
	CHECK_EQ(syntax_at(LIT("[[\"2025-01-01T00:00:00Z\", \"a\"]] extra")), 33);
	CHECK_EQ(syntax_at(LIT("[1] x")), 5);
	CHECK_EQ(syntax_at(LIT("[1] [2]")), 5);
	CHECK_EQ(syntax_at(LIT("[\"\xc3\xa9\"] x")), 7);	/* characters, not bytes */
	/* cJSON takes any byte up to 0x20 as a blank; JSON does not */
	CHECK_EQ(syntax_at(LIT("[1]\x01")), 4);
	CHECK_EQ(syntax_at(LIT("[\x0b" "1]")), 2);
	CHECK_EQ(syntax_at(LIT("[1]\0")), 4);
	CHECK_EQ(syntax_at(LIT("[\0]")), 2);
	CHECK_EQ(syntax_at(LIT("\f[]")), 1);
	/* a byte-order mark is not JSON either (and short text is not overread) */
	CHECK_EQ(syntax_at(LIT("\xef\xbb\xbf[]")), 1);
	CHECK_EQ(syntax_at("\xef", 1), 1);

	/* NUL in a string, escaped or raw: the character of the escape */
	CHECK_EQ(nul_at(LIT("[\"a\\u0000b\"]")), 4);
	CHECK_EQ(nul_at(LIT("[\"\\u0000\"]")), 3);
	CHECK_EQ(nul_at(LIT("{\"k\\u0000\": 1}")), 4);
	CHECK_EQ(nul_at(LIT("[\"\xc3\xa9\", \"\\\\\\u0000\"]")), 10);
	CHECK_EQ(nul_at(LIT("[\"a\0b\"]")), 4);
	/* a syntax error is reported first */
	CHECK(syntax_at(LIT("[\"\\u0000\"")) != 0);
}

/* A converter that appends "!" to every label */
static char conv_buf[256];

static const char *
conv_bang(void *arg, const char *s, size_t len, size_t *outlen)
{
	(*(int *) arg)++;
	memcpy(conv_buf, s, len);
	conv_buf[len] = '!';
	*outlen = len + 1;
	return conv_buf;
}

/* A converter that fails */
static const char *
conv_fail(void *arg, const char *s, size_t len, size_t *outlen)
{
	(void) arg;
	(void) s;
	(void) len;
	(void) outlen;
	return NULL;
}

/* Parse journey text and encode it; NULL on failure, err filled */
static uint8_t *
journey_bytes(const char *text, size_t len, const JyJsonConv *conv,
			  JyJsonError *err, size_t *outlen)
{
	JyJourneyBuilder b;
	uint8_t    *out = NULL;

	jy_builder_init(&b);
	if (jy_journey_parse_text(text, len, &b, &unit_mem, conv, err) == JY_JSON_OK)
		CHECK_EQ(jy_builder_encode(&b, &unit_mem, 0, &out, outlen), JY_OK);
	jy_builder_free(&b, &unit_mem);
	return out;
}

/* The detail of rejected journey text (INVALID) */
static const char *
journey_error(const char *text)
{
	static JyJsonError err;
	size_t		len;
	uint8_t    *out = journey_bytes(text, strlen(text), NULL, &err, &len);

	CHECK(out == NULL);
	free(out);
	CHECK_EQ(err.kind, JY_JSON_INVALID);
	return err.msg;
}

/* Does text print back as itself? (text must be in journey_out form) */
static bool
prints_as(const char *text, const char *printed)
{
	JyJsonError err;
	size_t		len;
	uint8_t    *out = journey_bytes(text, strlen(text), NULL, &err, &len);
	JyJourney	j;
	const char *why;
	char	   *json;
	size_t		jlen;
	bool		ok;

	if (out == NULL)
		return false;
	CHECK_EQ(jy_journey_decode(out, len, &unit_mem, &j, &why), JY_OK);
	CHECK_EQ(jy_journey_json(&j, &unit_mem, &json, &jlen), JY_OK);
	ok = strcmp(json, printed) == 0;
	if (!ok)
		fprintf(stderr, "printed %s\n", json);
	free(json);
	jy_journey_free(&j, &unit_mem);
	free(out);
	return ok;
}

static void
test_journey(void)
{
	JyJsonError err;
	JyJsonConv	conv;
	JyJourneyBuilder b;
	size_t		len,
				len2;
	uint8_t    *a,
			   *c;
	int			calls = 0;
	char		big[400];
	char		want[400];

	/* accepted: sorted by (ts, label), escapes decoded */
	CHECK(prints_as("[]", "[]"));
	CHECK(prints_as("[[\"2025-01-01T00:00:01Z\", \"b\"], [\"2025-01-01T01:00:00+01:00\", \"a\"]]",
					"[[\"2025-01-01T00:00:00Z\", \"a\"], [\"2025-01-01T00:00:01Z\", \"b\"]]"));
	CHECK(prints_as("[[\"2025-01-01T00:00:00Z\", \"a \\\"q\\\" \\\\ b\\n\\u00e9\\ud83d\\ude00\"]]",
					"[[\"2025-01-01T00:00:00Z\", \"a \\\"q\\\" \\\\ b\\n\xc3\xa9\xf0\x9f\x98\x80\"]]"));
	CHECK(prints_as("[[\"2025-01-01T00:00:00Z\", \"\"], [\"infinity\", \"\\u001f\"]]",
					"[[\"2025-01-01T00:00:00Z\", \"\"], [\"infinity\", \"\\u001f\"]]"));

	/* every rejection, with its sentence */
	CHECK(strcmp(journey_error("{\"ts\": \"2025-01-01T00:00:00Z\"}"),
				 "A journey is a JSON array of [timestamp, label] pairs.") == 0);
	CHECK(strcmp(journey_error("\"a\""),
				 "A journey is a JSON array of [timestamp, label] pairs.") == 0);
	CHECK(strcmp(journey_error("[[\"2025-01-01T00:00:00Z\", \"a\"], [\"2025-01-01T00:00:00Z\"]]"),
				 "At element 2: expected [timestamp, label], two strings.") == 0);
	CHECK(strcmp(journey_error("[[\"2025-01-01T00:00:00Z\", 5]]"),
				 "At element 1: expected [timestamp, label], two strings.") == 0);
	CHECK(strcmp(journey_error("[[1735689600, \"b\"]]"),
				 "At element 1: expected [timestamp, label], two strings.") == 0);
	CHECK(strcmp(journey_error("[[\"2025-01-01T00:00:00Z\", \"a\", \"b\"]]"),
				 "At element 1: expected [timestamp, label], two strings.") == 0);
	CHECK(strcmp(journey_error("[\"2025-01-01T00:00:00Z\"]"),
				 "At element 1: expected [timestamp, label], two strings.") == 0);
	CHECK(strcmp(journey_error("[[\"2025-01-01 00:00:00\", \"b\"]]"),
				 "At element 1: timestamp \"2025-01-01 00:00:00\": expected a time zone (Z or +HH:MM).") == 0);
	CHECK(strcmp(journey_error("[[\"2025-02-30T00:00:00Z\", \"a\"]]"),
				 "At element 1: timestamp \"2025-02-30T00:00:00Z\": date out of range.") == 0);
	CHECK(strcmp(journey_error("[[\"300000-01-01T00:00:00Z\", \"a\"]]"),
				 "At element 1: timestamp \"300000-01-01T00:00:00Z\": timestamp out of range.") == 0);
	/* a long timestamp is quoted in part */
	memset(want, 0, sizeof(want));
	strcpy(big, "[[\"2025-01-01T00:00:00Z");
	memset(big + strlen(big), 'x', 100);
	strcpy(big + 23 + 100, "\", \"a\"]]");
	strcpy(want, "At element 1: timestamp \"2025-01-01T00:00:00Z");
	memset(want + strlen(want), 'x', 64 - 20);
	strcat(want, "\"...: unexpected text after the timestamp.");
	CHECK(strcmp(journey_error(big), want) == 0);

	/* syntax and NUL errors come from the parse */
	CHECK(journey_bytes(LIT("[[\"2025-01-01T00:00:00Z\", \"a\\u0000b\"]]"), NULL, &err, &len) == NULL);
	CHECK_EQ(err.kind, JY_JSON_NUL);
	CHECK_EQ(err.pos, 29);
	CHECK(journey_bytes(LIT("[[\"2025-01-01T00:00:00Z\", \"a\"]"), NULL, &err, &len) == NULL);
	CHECK_EQ(err.kind, JY_JSON_SYNTAX);
	CHECK_EQ(err.pos, 30);

	/* labels pass through the converter; a failing one is out of memory */
	conv.fn = conv_bang;
	conv.arg = &calls;
	a = journey_bytes(LIT("[[\"2025-01-01T00:00:00Z\", \"a\"], [\"2025-01-01T00:00:00Z\", \"b\"]]"),
					  &conv, &err, &len);
	c = journey_bytes(LIT("[[\"2025-01-01T00:00:00Z\", \"a!\"], [\"2025-01-01T00:00:00Z\", \"b!\"]]"),
					  NULL, &err, &len2);
	CHECK_EQ(calls, 2);
	CHECK(a != NULL && c != NULL && len == len2 && memcmp(a, c, len) == 0);
	free(a);
	free(c);
	conv.fn = conv_fail;
	CHECK(journey_bytes(LIT("[[\"2025-01-01T00:00:00Z\", \"a\"]]"), &conv, &err, &len) == NULL);
	CHECK_EQ(err.kind, JY_JSON_STATUS);
	CHECK_EQ(err.status, JY_ERR_OUT_OF_MEMORY);
	/* the builder's allocation failing is a status too */
	unit_fail_after = 0;
	jy_builder_init(&b);
	CHECK_EQ(jy_journey_parse_text(LIT("[[\"2025-01-01T00:00:00Z\", \"a\"]]"), &b,
								   &unit_failing_mem, NULL, &err), JY_JSON_STATUS);
	CHECK_EQ(err.status, JY_ERR_OUT_OF_MEMORY);
	jy_builder_free(&b, &unit_failing_mem);
	unit_fail_after = 1000;
}

/* A message too long for the buffer is cut at a character boundary */
static void
test_fail(void)
{
	JyJsonError err;
	char		big[JY_JSON_MSGLEN + 10];
	size_t		i;

	for (i = 0; i + 2 <= sizeof(big) - 1; i += 2)
		memcpy(big + i, "\xc3\xa9", 2);
	big[i] = '\0';
	CHECK_EQ(jy_json_fail(&err, JY_JSON_INVALID, "%s", big), JY_JSON_INVALID);
	CHECK_EQ(strlen(err.msg), JY_JSON_MSGLEN - 2);
	CHECK_EQ(jy_utf8_chars(err.msg, strlen(err.msg)), (JY_JSON_MSGLEN - 2) / 2);
	CHECK_EQ(jy_json_fail(&err, JY_JSON_LIMIT, "n=%d", 5), JY_JSON_LIMIT);
	CHECK(strcmp(err.msg, "n=5") == 0);
	CHECK_EQ(jy_json_fail_status(&err, JY_ERR_TOO_MANY_EVENTS), JY_JSON_STATUS);
	CHECK_EQ(err.status, JY_ERR_TOO_MANY_EVENTS);
}

int
main(void)
{
	test_utf8();
	test_parse();
	test_journey();
	test_fail();
	return unit_summary("test_jsontext");
}
