/*
 * codec.c -- portable byte formats of the aggregate states (docs/format.md)
 */
#include "codec.h"

/* Size of an encoded funnel state */
size_t
jy_funnel_state_size(int nsteps, uint32_t n)
{
	return JY_FUNNEL_HEADER_SIZE + (size_t) n * (8 + jy_mask_width(nsteps));
}

/* Encode a funnel state */
void
jy_funnel_state_encode(const JyFunnelSpec *spec, uint8_t tstype,
					   const JyEvent *ev, uint32_t n, uint8_t *out)
{
	int			w = jy_mask_width(spec->nsteps);
	uint32_t	i;

	out[0] = JY_STATE_VERSION;
	out[1] = tstype;
	out[2] = (uint8_t) spec->nsteps;
	out[3] = (uint8_t) spec->flags;
	jy_put_be(out + 4, spec->window, 8);
	jy_put_be(out + 12, n, 4);
	out += JY_FUNNEL_HEADER_SIZE;
	for (i = 0; i < n; i++)
	{
		jy_put_be(out, (uint64_t) ev[i].ts, 8);
		jy_put_be(out + 8, ev[i].mask, w);
		out += 8 + w;
	}
}

/* Decode and check a funnel state's header */
JyStatus
jy_funnel_state_decode_header(const uint8_t *in, size_t len, int ntstypes,
							  JyFunnelSpec *spec, uint8_t *tstype, uint32_t *n,
							  const char **why)
{
	uint64_t	window;

	if (len < JY_FUNNEL_HEADER_SIZE)
		*why = "The state is shorter than its header.";
	else if (in[0] != JY_STATE_VERSION)
		*why = "Unknown state format version.";
	else if (in[1] >= ntstypes)
		*why = "Unknown timestamp type.";
	else if (in[2] < 1 || in[2] > JY_MAX_STEPS)
		*why = "Number of steps out of range.";
	else if (in[3] & ~JY_FUNNEL_ALL_FLAGS)
		*why = "Unknown mode flags.";
	else if ((window = jy_get_be(in + 4, 8)) == 0 || window > INT64_MAX)
		*why = "Window is not positive.";
	else
	{
		*tstype = in[1];
		spec->nsteps = in[2];
		spec->flags = in[3];
		spec->window = window;
		*n = (uint32_t) jy_get_be(in + 12, 4);
		if (*n > JY_MAX_EVENTS || len != jy_funnel_state_size(spec->nsteps, *n))
			*why = "Event count does not match the length.";
		else
			return JY_OK;
	}
	return JY_ERR_CORRUPT;
}

/* Decode a funnel state's events */
JyStatus
jy_funnel_state_decode_events(const uint8_t *in, const JyFunnelSpec *spec,
							  uint32_t n, JyEvent *ev, const char **why)
{
	int			w = jy_mask_width(spec->nsteps);
	uint32_t	i;

	in += JY_FUNNEL_HEADER_SIZE;
	for (i = 0; i < n; i++)
	{
		ev[i].ts = (int64_t) jy_get_be(in, 8);
		ev[i].mask = jy_get_be(in + 8, w);
		if (spec->nsteps < 64 && (ev[i].mask >> spec->nsteps) != 0)
		{
			*why = "An event names a step beyond the last.";
			return JY_ERR_CORRUPT;
		}
		in += 8 + w;
	}
	return JY_OK;
}

/* Encode a counts state */
void
jy_counts_state_encode(const int64_t *counts, int nsteps, uint8_t *out)
{
	int			k;

	out[0] = JY_STATE_VERSION;
	out[1] = (uint8_t) nsteps;
	for (k = 0; k < nsteps; k++)
		jy_put_be(out + 2 + 8 * k, (uint64_t) counts[k], 8);
}

/* Decode and check a counts state */
JyStatus
jy_counts_state_decode(const uint8_t *in, size_t len, int64_t *counts,
					   int *nsteps, const char **why)
{
	int			k;

	if (len < 2)
		*why = "The state is shorter than its header.";
	else if (in[0] != JY_STATE_VERSION)
		*why = "Unknown state format version.";
	else if (in[1] < 1 || in[1] > JY_MAX_STEPS)
		*why = "Number of steps out of range.";
	else if (len != jy_counts_state_size(in[1]))
		*why = "Length does not match the number of steps.";
	else
	{
		*nsteps = in[1];
		for (k = 0; k < *nsteps; k++)
		{
			counts[k] = (int64_t) jy_get_be(in + 2 + 8 * k, 8);
			if (counts[k] < 0 || (k > 0 && counts[k] > counts[k - 1]))
			{
				*why = "Counts are not a funnel.";
				return JY_ERR_CORRUPT;
			}
		}
		return JY_OK;
	}
	return JY_ERR_CORRUPT;
}
