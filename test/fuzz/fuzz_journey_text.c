/*
 * fuzz_journey_text.c -- libFuzzer target for the journey text parser
 *
 * The input is journey text (arbitrary bytes).  Every input must be
 * accepted or rejected with a reason (a character position for a syntax or
 * NUL error, a sentence otherwise, and a message of well-formed UTF-8 when
 * the input is) -- never read out of bounds (ASan) or overflow (UBSan).  An
 * accepted text is encoded, printed as JSON (jy_journey_json) and parsed
 * again, which must give identical bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsontext.h"
#include "fuzz.h"

static void
fz_check(int ok, const char *what)
{
	if (!ok)
	{
		fprintf(stderr, "fuzz_journey_text: %s\n", what);
		abort();
	}
}

/* Parse text and encode it; NULL when rejected (err says why) */
static uint8_t *
fz_encode(const char *text, size_t len, JyJsonError *err, size_t *outlen)
{
	JyJourneyBuilder b;
	uint8_t    *out = NULL;

	jy_builder_init(&b);
	if (jy_journey_parse_text(text, len, &b, &fz_mem, NULL, err) == JY_JSON_OK)
		fz_check(jy_builder_encode(&b, &fz_mem, 0, &out, outlen) == JY_OK, "encode failed");
	jy_builder_free(&b, &fz_mem);
	return out;
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	JyJsonError err;
	size_t		len,
				len2,
				jlen;
	uint8_t    *bytes,
			   *again;
	JyJourney	j;
	const char *why = NULL;
	char	   *json;

	memset(&err, 0, sizeof(err));
	bytes = fz_encode((const char *) data, size, &err, &len);
	if (bytes == NULL)
	{
		const char *fault = fz_rejection_fault(&err, data, size, NULL);

		fz_check(fault == NULL, fault ? fault : "");
		return 0;
	}
	fz_check(err.kind == JY_JSON_OK, "accepted with an error kind");
	fz_check(jy_journey_decode(bytes, len, &fz_mem, &j, &why) == JY_OK,
			 "accepted text does not decode");
	fz_check(jy_journey_json(&j, &fz_mem, &json, &jlen) == JY_OK, "print failed");
	again = fz_encode(json, jlen, &err, &len2);
	fz_check(again != NULL, "printed text is rejected");
	fz_check(len2 == len && memcmp(again, bytes, len) == 0,
			 "printed text parses to other bytes");
	free(again);
	free(json);
	jy_journey_free(&j, &fz_mem);
	free(bytes);
	return 0;
}
