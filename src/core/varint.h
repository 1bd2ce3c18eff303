/*
 * varint.h -- LEB128 varints and zigzag encoding
 *
 * Unsigned integers in 7-bit groups, least significant first, the high bit
 * of each byte set when more follow (1 to 10 bytes for 64 bits).  Signed
 * values go through zigzag first (0, -1, 1, -2, ... -> 0, 1, 2, 3, ...).
 */
#ifndef JY_VARINT_H
#define JY_VARINT_H

#include "jy.h"

/* Bytes needed for v */
static inline size_t
jy_varint_size(uint64_t v)
{
	size_t		n = 1;

	while (v >= 0x80)
	{
		v >>= 7;
		n++;
	}
	return n;
}

/* Write v at p; returns the bytes written */
static inline size_t
jy_varint_put(uint8_t *p, uint64_t v)
{
	size_t		n = 0;

	while (v >= 0x80)
	{
		p[n++] = (uint8_t) (v | 0x80);
		v >>= 7;
	}
	p[n++] = (uint8_t) v;
	return n;
}

/*
 * Read a varint from [*p, end); advances *p.  Returns false for a truncated
 * or over-long (more than 64 bits, or a needless trailing zero group) varint,
 * so that every value has exactly one encoding.
 */
static inline bool
jy_varint_get(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	uint64_t	r = 0;
	int			shift = 0;
	const uint8_t *q = *p;

	for (;;)
	{
		uint8_t		b;

		if (q >= end || shift > 63)
			return false;
		b = *q++;
		if (shift == 63 && (b & 0x7e) != 0)
			return false;		/* beyond 64 bits */
		r |= (uint64_t) (b & 0x7f) << shift;
		if (!(b & 0x80))
		{
			if (b == 0 && shift > 0)
				return false;	/* not the shortest form */
			break;
		}
		shift += 7;
	}
	*p = q;
	*v = r;
	return true;
}

static inline uint64_t
jy_zigzag(int64_t v)
{
	/* all ones for a negative value, without shifting a signed one */
	return ((uint64_t) v << 1) ^ (UINT64_C(0) - ((uint64_t) v >> 63));
}

static inline int64_t
jy_unzigzag(uint64_t v)
{
	return (int64_t) (v >> 1) ^ -(int64_t) (v & 1);
}

#endif							/* JY_VARINT_H */
