/*
 * journey.c -- the journey value: dictionary, builder, codec, readers
 */
#include "journey.h"

#include <string.h>

#include "isotime.h"
#include "varint.h"

static const int64_t pow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};

#define MAX_SCALE 6

/*
 * v / 10^k for 0 <= k <= MAX_SCALE, by constant divisors (a multiply, not
 * a division: the encoder does this for every touch)
 */
static inline uint64_t
div_pow10(uint64_t v, int k)
{
	switch (k)
	{
		case 0:
			return v;
		case 1:
			return v / 10;
		case 2:
			return v / 100;
		case 3:
			return v / 1000;
		case 4:
			return v / 10000;
		case 5:
			return v / 100000;
		default:
			return v / 1000000;
	}
}

/* Is ts a multiple of 10^k (0 <= k <= MAX_SCALE)?  By constant divisors */
static inline bool
multiple_pow10(int64_t ts, int k)
{
	/* the magnitude, in unsigned arithmetic (INT64_MIN too) */
	uint64_t	a = ts < 0 ? 0 - (uint64_t) ts : (uint64_t) ts;

	return div_pow10(a, k) * (uint64_t) pow10[k] == a;
}

/* ---------- growable arrays ---------- */

/* A growable byte string */
typedef struct Buf
{
	char	   *data;
	size_t		len,
				cap;
	const JyMem *m;
	JyStatus	st;
} Buf;

/* Append bytes to a Buf; remembers the first failure */
static void
buf_put(Buf *b, const char *s, size_t n)
{
	if (b->st != JY_OK)
		return;
	if (b->len + n + 1 > b->cap)
	{
		size_t		cap = b->cap ? b->cap * 2 : 64;
		char	   *p;

		if (b->len + n + 1 > JY_MAX_ALLOC)
		{
			b->st = JY_ERR_VALUE_TOO_LARGE;
			return;
		}
		while (cap < b->len + n + 1)
			cap *= 2;
		if (cap > JY_MAX_ALLOC)
			cap = JY_MAX_ALLOC;	/* the last doubling: up to the limit */
		p = b->data ? b->m->resize(b->m->arg, b->data, cap) : b->m->alloc(b->m->arg, cap);
		if (p == NULL)
		{
			b->st = JY_ERR_OUT_OF_MEMORY;
			return;
		}
		b->data = p;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/* Hand the Buf's string to the caller */
static JyStatus
buf_finish(Buf *b, char **out, size_t *outlen)
{
	if (b->st == JY_OK && b->data == NULL)
		buf_put(b, "", 0);
	if (b->st != JY_OK)
	{
		if (b->data)
			b->m->release(b->m->arg, b->data);
		return b->st;
	}
	*out = b->data;
	*outlen = b->len;
	return JY_OK;
}

/* ---------- the label dictionary ---------- */

#define DICT_SCAN 8				/* up to this many labels: linear scan */

void
jy_dict_init(JyDict *d)
{
	memset(d, 0, sizeof(*d));
}

void
jy_dict_free(JyDict *d, const JyMem *m)
{
	if (d->off)
		m->release(m->arg, d->off);
	if (d->len)
		m->release(m->arg, d->len);
	jy_hash_free(&d->hash, m);
	if (d->text)
		m->release(m->arg, d->text);
	jy_dict_init(d);
}

/* Equal byte strings?  (Safe for empty strings with any pointers) */
static inline bool
bytes_eq(const char *a, uint32_t alen, const char *b, uint32_t blen)
{
	return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

/* Id of a label of the given hash (unused while the table is empty), or -1 */
static int64_t
dict_find(const JyDict *d, const char *s, uint32_t len, uint32_t hash)
{
	uint32_t	pos,
				id;

	if (d->hash.slots == NULL)
	{
		for (id = 0; id < d->n; id++)
			if (bytes_eq(jy_dict_text(d, id), d->len[id], s, len))
				return id;
		return -1;
	}
	pos = jy_hash_start(&d->hash, hash);
	while ((id = jy_hash_next(&d->hash, hash, &pos)) != JY_HASH_NONE)
		if (bytes_eq(jy_dict_text(d, id), d->len[id], s, len))
			return id;
	return -1;
}

/*
 * Make room in the hash table for one more label: the table is built when
 * the labels outgrow a scan
 */
static JyStatus
dict_reserve(JyDict *d, const JyMem *m)
{
	JyStatus	st;
	uint32_t	id;

	if (d->hash.slots == NULL && d->n + 1 <= DICT_SCAN)
		return JY_OK;
	st = jy_hash_reserve(&d->hash, m, (size_t) d->n + 1);
	if (st != JY_OK || d->hash.n == d->n)
		return st;
	for (id = 0; id < d->n; id++)
		(void) jy_hash_insert(&d->hash, m, jy_hash_bytes(jy_dict_text(d, id), d->len[id]), id);
	return JY_OK;
}

/* Id of a label, added when new */
JyStatus
jy_dict_intern(JyDict *d, const JyMem *m, const char *s, uint32_t len, uint32_t *id)
{
	uint32_t	hash = d->hash.slots != NULL || d->n >= DICT_SCAN ? jy_hash_bytes(s, len) : 0;
	int64_t		found = dict_find(d, s, len, hash);
	JyStatus	st;
	uint32_t	cap;

	if (found >= 0)
	{
		*id = (uint32_t) found;
		return JY_OK;
	}
	cap = d->cap;
	st = jy_grow(m, (void **) &d->off, &cap, d->n, 1, sizeof(uint32_t), JY_MAX_TOUCHES);
	if (st == JY_OK)
		st = jy_grow(m, (void **) &d->len, &d->cap, d->n, 1, sizeof(uint32_t), JY_MAX_TOUCHES);
	if (st == JY_ERR_TOO_MANY_EVENTS)
		return JY_ERR_TOO_MANY_LABELS;
	if (st == JY_OK)
		st = dict_reserve(d, m);
	if (st != JY_OK)
		return st;
	if (d->textlen + len > d->textcap)
	{
		size_t		tcap = d->textcap ? d->textcap * 2 : 64;
		char	   *p;

		if (d->textlen + len > JY_MAX_ALLOC)
			return JY_ERR_LABELS_TOO_LONG;
		while (tcap < d->textlen + len)
			tcap *= 2;
		if (tcap > JY_MAX_ALLOC)
			tcap = JY_MAX_ALLOC;	/* the last doubling: up to the limit */
		p = d->text ? m->resize(m->arg, d->text, tcap) : m->alloc(m->arg, tcap);
		if (p == NULL)
			return JY_ERR_OUT_OF_MEMORY;
		d->text = p;
		d->textcap = tcap;
	}
	if (len > 0)
		memcpy(d->text + d->textlen, s, len);
	d->off[d->n] = (uint32_t) d->textlen;
	d->len[d->n] = len;
	d->textlen += len;
	*id = d->n++;
	/* room was reserved: cannot fail */
	if (d->hash.slots != NULL)
		(void) jy_hash_insert(&d->hash, m, hash, *id);
	return JY_OK;
}

/* Bytewise order of two labels (shorter first on a common prefix) */
int
jy_label_cmp(const char *a, uint32_t alen, const char *b, uint32_t blen)
{
	int			c = (alen == 0 || blen == 0) ? 0 : memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen ? 1 : 0;
}

/* ---------- the builder ---------- */

void
jy_builder_init(JyJourneyBuilder *b)
{
	jy_dict_init(&b->dict);
	b->touch = NULL;
	b->n = b->cap = 0;
}

void
jy_builder_free(JyJourneyBuilder *b, const JyMem *m)
{
	jy_dict_free(&b->dict, m);
	if (b->touch)
		m->release(m->arg, b->touch);
	jy_builder_init(b);
}

/* Make room for extra more touches; beyond JY_MAX_TOUCHES is an error */
static JyStatus
grow_touches(JyJourneyBuilder *b, const JyMem *m, size_t extra)
{
	JyStatus	st = jy_grow(m, (void **) &b->touch, &b->cap, b->n, extra,
							 sizeof(JyEvent), JY_MAX_TOUCHES);

	return st == JY_ERR_TOO_MANY_EVENTS ? JY_ERR_TOO_MANY_TOUCHES : st;
}

/* Append a touch with a label id of the builder's dictionary */
static JyStatus
builder_push(JyJourneyBuilder *b, const JyMem *m, int64_t ts, uint32_t id)
{
	JyStatus	st = grow_touches(b, m, 1);

	if (st != JY_OK)
		return st;
	b->touch[b->n].ts = ts;
	b->touch[b->n].mask = id;
	b->n++;
	return JY_OK;
}

/* Add a touch */
JyStatus
jy_builder_add(JyJourneyBuilder *b, const JyMem *m, int64_t ts, const char *label,
			   uint32_t len)
{
	uint32_t	id;
	JyStatus	st = jy_dict_intern(&b->dict, m, label, len, &id);

	if (st != JY_OK)
		return st;
	return builder_push(b, m, ts, id);
}

/* Add the touches of n labels/ids mapped through a translation of label ids */
static JyStatus
builder_add_mapped(JyJourneyBuilder *b, const JyMem *m, const JyEvent *touch,
				   uint32_t n, const uint32_t *map)
{
	JyStatus	st;
	uint32_t	i;

	st = grow_touches(b, m, n);
	if (st != JY_OK)
		return st;
	for (i = 0; i < n; i++)
	{
		b->touch[b->n].ts = touch[i].ts;
		b->touch[b->n].mask = map[touch[i].mask];
		b->n++;
		jy_interrupt_every(m, i);
	}
	return JY_OK;
}

/*
 * The touches of a decoded journey into ev (room for j->n) as (ts, label
 * id of d), its labels added to d
 */
static JyStatus
journey_touches(JyDict *d, const JyMem *m, const JyJourney *j, JyEvent *ev)
{
	uint32_t   *map;
	JyStatus	st = JY_OK;
	uint32_t	i;

	if (j->n == 0)
		return JY_OK;
	map = m->alloc(m->arg, (size_t) j->nlabels * sizeof(uint32_t));
	if (map == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	for (i = 0; i < j->nlabels && st == JY_OK; i++)
	{
		st = jy_dict_intern(d, m, j->label_text[i], j->label_len[i], &map[i]);
		jy_interrupt_every(m, i);
	}
	for (i = 0; i < j->n && st == JY_OK; i++)
	{
		ev[i].ts = j->ts[i];
		ev[i].mask = map[j->label[i]];
		jy_interrupt_every(m, i);
	}
	m->release(m->arg, map);
	return st;
}

/* Add every touch of a decoded journey */
JyStatus
jy_builder_add_journey(JyJourneyBuilder *b, const JyMem *m, const JyJourney *j)
{
	JyStatus	st;

	if (j->n == 0)
		return JY_OK;
	st = grow_touches(b, m, j->n);
	if (st == JY_OK)
		st = journey_touches(&b->dict, m, j, b->touch + b->n);
	if (st == JY_OK)
		b->n += j->n;
	return st;
}

/* Add every touch of another builder */
JyStatus
jy_builder_add_builder(JyJourneyBuilder *b, const JyMem *m, const JyJourneyBuilder *other)
{
	uint32_t   *map;
	JyStatus	st = JY_OK;
	uint32_t	i;

	if (other->n == 0)
		return JY_OK;
	map = m->alloc(m->arg, (size_t) other->dict.n * sizeof(uint32_t));
	if (map == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	for (i = 0; i < other->dict.n && st == JY_OK; i++)
	{
		st = jy_dict_intern(&b->dict, m, jy_dict_text(&other->dict, i), other->dict.len[i], &map[i]);
		jy_interrupt_every(m, i);
	}
	if (st == JY_OK)
		st = builder_add_mapped(b, m, other->touch, other->n, map);
	m->release(m->arg, map);
	return st;
}

/* Sort label ids by their bytes (insertion sort for few, else heap sort) */
static void
sort_ids_by_label(const JyDict *d, uint32_t *ids, uint32_t n)
{
	uint32_t	i;

#define LESS(a, b) (jy_label_cmp(jy_dict_text(d, a), d->len[a], jy_dict_text(d, b), d->len[b]) < 0)
	if (n <= 16)
	{
		for (i = 1; i < n; i++)
		{
			uint32_t	x = ids[i],
						j = i;

			while (j > 0 && LESS(x, ids[j - 1]))
			{
				ids[j] = ids[j - 1];
				j--;
			}
			ids[j] = x;
		}
		return;
	}
	/* heap sort */
	for (i = n / 2; i-- > 0;)
	{
		uint32_t	k = i;

		for (;;)
		{
			uint32_t	c = 2 * k + 1;

			if (c >= n)
				break;
			if (c + 1 < n && LESS(ids[c], ids[c + 1]))
				c++;
			if (!LESS(ids[k], ids[c]))
				break;
			{
				uint32_t	t = ids[k];

				ids[k] = ids[c];
				ids[c] = t;
			}
			k = c;
		}
	}
	for (i = n; i-- > 1;)
	{
		uint32_t	t = ids[0],
					k = 0;

		ids[0] = ids[i];
		ids[i] = t;
		for (;;)
		{
			uint32_t	c = 2 * k + 1;

			if (c >= i)
				break;
			if (c + 1 < i && LESS(ids[c], ids[c + 1]))
				c++;
			if (!LESS(ids[k], ids[c]))
				break;
			t = ids[k];
			ids[k] = ids[c];
			ids[c] = t;
			k = c;
		}
	}
#undef LESS
}

/* ---------- version 2: 6-bit labels, bit-packed label numbers ---------- */

/*
 * The 64 symbols a label may be packed with, in byte order: '.', '0'-'9',
 * 'A'-'Z', '_', 'a'-'z'; code i is sym6[i]
 */
static const char sym6[64] = {
	'.', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
	'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M',
	'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z',
	'_',
	'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm',
	'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z'
};

/* The 6-bit code of a byte, or -1 when it is not one of sym6 */
static inline int
code6(unsigned char c)
{
	if (c >= 'a' && c <= 'z')
		return 38 + (c - 'a');
	if (c >= 'A' && c <= 'Z')
		return 11 + (c - 'A');
	if (c >= '0' && c <= '9')
		return 1 + (c - '0');
	if (c == '.')
		return 0;
	if (c == '_')
		return 37;
	return -1;
}

/* Can a label be packed 6 bits a character?  (Not the empty one) */
static bool
label_packable(const char *s, uint32_t len)
{
	uint32_t	i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++)
		if (code6((unsigned char) s[i]) < 0)
			return false;
	return true;
}

/* Bytes of a packed label of len characters */
#define PACKED_BYTES(len) (((uint64_t) (len) * 6 + 7) / 8)

/* Bits a label number takes among L labels: enough for L - 1 */
static inline int
label_bits(uint64_t L)
{
	int			b = 0;

	while (b < 32 && (L - 1) >> b != 0)
		b++;
	return b;
}

/*
 * Write v in nbits bits (at most 32) at bit position *pos of a zeroed
 * buffer, least significant bit first
 */
static inline void
put_bits(uint8_t *buf, uint64_t *pos, uint32_t v, int nbits)
{
	while (nbits > 0)
	{
		int			off = (int) (*pos & 7);
		int			take = 8 - off < nbits ? 8 - off : nbits;

		buf[*pos >> 3] |= (uint8_t) ((v & ((1u << take) - 1)) << off);
		v >>= take;
		nbits -= take;
		*pos += (uint64_t) take;
	}
}

/* Read nbits bits (at most 32) at bit position pos of buf (in bounds) */
static inline uint32_t
get_bits(const uint8_t *buf, uint64_t pos, int nbits)
{
	uint32_t	v = 0;
	int			got = 0;

	while (got < nbits)
	{
		int			off = (int) (pos & 7);
		int			take = 8 - off < nbits - got ? 8 - off : nbits - got;

		v |= (uint32_t) ((buf[pos >> 3] >> off) & ((1u << take) - 1)) << got;
		got += take;
		pos += (uint64_t) take;
	}
	return v;
}

/* Bytes of a dictionary entry of version 2 (header varint and text) */
static size_t
dict_entry_size(const char *s, uint32_t len)
{
	bool		packed = label_packable(s, len);

	return jy_varint_size((uint64_t) len * 2 + packed) + (packed ? PACKED_BYTES(len) : len);
}

/* Write a dictionary entry of version 2 at p; returns the bytes written */
static size_t
dict_entry_put(uint8_t *p, const char *s, uint32_t len)
{
	bool		packed = label_packable(s, len);
	size_t		h = jy_varint_put(p, (uint64_t) len * 2 + packed);
	uint64_t	pos = 0;
	uint32_t	i;

	if (!packed)
	{
		if (len > 0)
			memcpy(p + h, s, len);
		return h + len;
	}
	memset(p + h, 0, PACKED_BYTES(len));
	for (i = 0; i < len; i++)
		put_bits(p + h, &pos, (uint32_t) code6((unsigned char) s[i]), 6);
	return h + PACKED_BYTES(len);
}

/* Bytes of a dictionary entry in a version */
static size_t
dict_entry_size_v(int version, const char *s, uint32_t len)
{
	return version == 1 ? jy_varint_size(len) + len : dict_entry_size(s, len);
}

/* Encode canonically in the newest version (see journey.h) */
JyStatus
jy_builder_encode(JyJourneyBuilder *b, const JyMem *m, size_t prefix, uint8_t **out,
				  size_t *outlen)
{
	return jy_builder_encode_version(b, m, prefix, JY_JOURNEY_VERSION, out, outlen);
}

/* Up to this many labels, the encoder's arrays are on the stack */
#define SMALL_LABELS 64

/*
 * Encode n touches canonically in format version 1 or 2 (docs/format.md).
 * Their masks are ids of dict; used[0..L) are the distinct ids they use
 * (sorted here by their bytes); rank is scratch with room for every id of
 * dict.  The touches are sorted, their masks left as they were.
 */
static JyStatus
encode_touches(JyEvent *touch, uint32_t n, const JyDict *dict, uint32_t *used, uint32_t L,
			   uint32_t *rank, const JyMem *m, size_t prefix, int version, uint8_t **out,
			   size_t *outlen)
{
	uint32_t   *byrank = used,	/* rank -> dictionary id, once sorted */
			   *newid = NULL,	/* rank -> id by first appearance, or UINT32_MAX */
				small[SMALL_LABELS];
	uint32_t	nused = 0;
	uint32_t	i;
	int			k = MAX_SCALE,
				bits;
	size_t		size;
	uint8_t    *p,
			   *buf;
	JyStatus	st = JY_OK;

	if (n == 0)
	{
		buf = m->alloc(m->arg, prefix + 2);
		if (buf == NULL)
			return JY_ERR_OUT_OF_MEMORY;
		buf[prefix] = (uint8_t) version;
		buf[prefix + 1] = 0;
		*out = buf;
		*outlen = 2;
		return JY_OK;
	}
	newid = L <= SMALL_LABELS ? small : m->alloc(m->arg, (size_t) L * sizeof(uint32_t));
	if (newid == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	sort_ids_by_label(dict, byrank, L);
	for (i = 0; i < L; i++)
	{
		rank[byrank[i]] = i;
		newid[i] = UINT32_MAX;
	}

	/* canonical order: (ts, label bytes), i.e. (ts, rank) */
	for (i = 0; i < n; i++)
	{
		touch[i].mask = rank[touch[i].mask];
		jy_interrupt_every(m, i);
	}
	jy_sort_events(touch, n, m);

	/* number labels by first appearance; find the scale; size it */
	size = 1 + jy_varint_size(n);
	for (i = 0; i < n; i++)
	{
		uint32_t	r = (uint32_t) touch[i].mask;

		if (newid[r] == UINT32_MAX)
		{
			uint32_t	id = byrank[r];

			newid[r] = nused++;
			size += dict_entry_size_v(version, jy_dict_text(dict, id), dict->len[id]);
		}
		while (k > 0 && !multiple_pow10(touch[i].ts, k))
			k--;
		jy_interrupt_every(m, i);
	}
	bits = label_bits(nused);
	if (version == 1)
		size += jy_varint_size(nused) + 1;
	else
		size += jy_varint_size(((uint64_t) nused << 3) | (uint64_t) k);
	size += jy_varint_size(jy_zigzag(touch[0].ts / pow10[k]));
	for (i = 1; i < n; i++)
		size += jy_varint_size(div_pow10((uint64_t) touch[i].ts - (uint64_t) touch[i - 1].ts, k));
	if (version == 1 && nused > 1)
		for (i = 0; i < n; i++)
			size += jy_varint_size(newid[touch[i].mask]);
	else if (version != 1)
		size += ((uint64_t) n * (uint64_t) bits + 7) / 8;
	if (size + prefix > JY_MAX_ALLOC)
	{
		st = JY_ERR_VALUE_TOO_LARGE;
		goto restore;
	}

	buf = m->alloc(m->arg, prefix + size);
	if (buf == NULL)
	{
		st = JY_ERR_OUT_OF_MEMORY;
		goto restore;
	}
	p = buf + prefix;
	*p++ = (uint8_t) version;
	p += jy_varint_put(p, n);
	p += jy_varint_put(p, version == 1 ? nused : ((uint64_t) nused << 3) | (uint64_t) k);
	{
		uint32_t	written = 0;

		/* labels in id order: walk the touches again */
		for (i = 0; i < n && written < nused; i++)
		{
			uint32_t	r = (uint32_t) touch[i].mask;
			uint32_t	id = byrank[r];

			if (newid[r] != written)
				continue;
			if (version == 1)
			{
				p += jy_varint_put(p, dict->len[id]);
				if (dict->len[id] > 0)
					memcpy(p, jy_dict_text(dict, id), dict->len[id]);
				p += dict->len[id];
			}
			else
				p += dict_entry_put(p, jy_dict_text(dict, id), dict->len[id]);
			written++;
		}
	}
	if (version == 1)
		*p++ = (uint8_t) k;
	p += jy_varint_put(p, jy_zigzag(touch[0].ts / pow10[k]));
	for (i = 1; i < n; i++)
	{
		p += jy_varint_put(p, div_pow10((uint64_t) touch[i].ts - (uint64_t) touch[i - 1].ts, k));
		jy_interrupt_every(m, i);
	}
	if (version == 1 && nused > 1)
		for (i = 0; i < n; i++)
		{
			p += jy_varint_put(p, newid[touch[i].mask]);
			jy_interrupt_every(m, i);
		}
	else if (version != 1 && bits > 0)
	{
		uint64_t	pos = 0;

		memset(p, 0, ((uint64_t) n * (uint64_t) bits + 7) / 8);
		for (i = 0; i < n; i++)
		{
			put_bits(p, &pos, newid[touch[i].mask], bits);
			jy_interrupt_every(m, i);
		}
	}
	*out = buf;
	*outlen = size;

restore:
	/* back to dictionary ids */
	for (i = 0; i < n; i++)
		touch[i].mask = byrank[touch[i].mask];
	if (newid != small)
		m->release(m->arg, newid);
	return st;
}

/* Encode canonically in format version 1 or 2 (docs/format.md) */
JyStatus
jy_builder_encode_version(JyJourneyBuilder *b, const JyMem *m, size_t prefix, int version,
						  uint8_t **out, size_t *outlen)
{
	const uint32_t L = b->dict.n;
	uint32_t   *used = NULL,
			   *rank = NULL;
	uint32_t	i;
	JyStatus	st;

	if (b->n == 0)
		return encode_touches(b->touch, 0, &b->dict, NULL, 0, NULL, m, prefix, version, out, outlen);
	used = m->alloc(m->arg, (size_t) L * sizeof(uint32_t));
	rank = m->alloc(m->arg, (size_t) L * sizeof(uint32_t));
	if (used == NULL || rank == NULL)
		st = JY_ERR_OUT_OF_MEMORY;
	else
	{
		/* every label of a builder's dictionary is used */
		for (i = 0; i < L; i++)
			used[i] = i;
		st = encode_touches(b->touch, b->n, &b->dict, used, L, rank, m, prefix, version, out, outlen);
	}
	if (used)
		m->release(m->arg, used);
	if (rank)
		m->release(m->arg, rank);
	return st;
}

/* ---------- touches over a shared dictionary ---------- */

/* An empty shared dictionary */
void
jy_shared_init(JySharedDict *sd)
{
	jy_dict_init(&sd->dict);
	sd->slot = NULL;
	sd->slotcap = 0;
	sd->last = UINT32_MAX;
}

/* Release a shared dictionary's arrays */
void
jy_shared_free(JySharedDict *sd, const JyMem *m)
{
	jy_dict_free(&sd->dict, m);
	if (sd->slot)
		m->release(m->arg, sd->slot);
	jy_shared_init(sd);
}

/* Room in slot for every id of a shared dictionary, each UINT32_MAX at rest */
static JyStatus
shared_slots(JySharedDict *sd, const JyMem *m)
{
	uint32_t	oldcap = sd->slotcap;
	JyStatus	st;

	if (sd->slotcap >= sd->dict.n)
		return JY_OK;
	st = jy_grow(m, (void **) &sd->slot, &sd->slotcap, oldcap, sd->dict.n - oldcap,
				 sizeof(uint32_t), JY_MAX_TOUCHES);
	if (st != JY_OK)
		return st == JY_ERR_TOO_MANY_EVENTS ? JY_ERR_TOO_MANY_LABELS : st;
	memset(sd->slot + oldcap, 0xff, (size_t) (sd->slotcap - oldcap) * sizeof(uint32_t));
	return JY_OK;
}

/* Id of a label in a shared dictionary, added when new */
JyStatus
jy_shared_intern(JySharedDict *sd, const JyMem *m, const char *s, uint32_t len, uint32_t *id)
{
	JyStatus	st;

	/* the label of the previous call, cheaply */
	if (sd->last != UINT32_MAX &&
		bytes_eq(jy_dict_text(&sd->dict, sd->last), sd->dict.len[sd->last], s, len))
	{
		*id = sd->last;
		return JY_OK;
	}
	st = jy_dict_intern(&sd->dict, m, s, len, id);
	if (st != JY_OK)
		return st;
	sd->last = *id;
	return shared_slots(sd, m);
}

/* Encode touches whose masks are ids of a shared dictionary (see journey.h) */
JyStatus
jy_shared_encode(JySharedDict *sd, JyEvent *touch, uint32_t n, const JyMem *m,
				 size_t prefix, uint8_t **out, size_t *outlen)
{
	uint32_t   *used = NULL,
				small[SMALL_LABELS];
	uint32_t	L = 0,
				i;
	JyStatus	st;

	if (n == 0)
		return encode_touches(touch, 0, &sd->dict, NULL, 0, NULL, m, prefix,
							  JY_JOURNEY_VERSION, out, outlen);
	L = n < sd->dict.n ? n : sd->dict.n;	/* room for the labels used */
	used = L <= SMALL_LABELS ? small : m->alloc(m->arg, (size_t) L * sizeof(uint32_t));
	if (used == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	L = 0;
	/* the distinct labels used, marked in slot */
	for (i = 0; i < n; i++)
	{
		uint32_t	id = (uint32_t) touch[i].mask;

		if (sd->slot[id] == UINT32_MAX)
		{
			sd->slot[id] = L;
			used[L++] = id;
		}
		jy_interrupt_every(m, i);
	}
	st = encode_touches(touch, n, &sd->dict, used, L, sd->slot, m, prefix,
						JY_JOURNEY_VERSION, out, outlen);
	for (i = 0; i < L; i++)
		sd->slot[used[i]] = UINT32_MAX;
	if (used != small)
		m->release(m->arg, used);
	return st;
}

/*
 * Add every touch of a decoded journey to touches over a shared dictionary:
 * ev (room for j->n more) gets (ts, shared id)
 */
JyStatus
jy_shared_add_journey(JySharedDict *sd, const JyMem *m, const JyJourney *j, JyEvent *ev)
{
	JyStatus	st = journey_touches(&sd->dict, m, j, ev);

	return st == JY_OK ? shared_slots(sd, m) : st;
}

/* ---------- decoding ---------- */

void
jy_journey_free(JyJourney *j, const JyMem *m)
{
	if (j->ts)
		m->release(m->arg, j->ts);
	if (j->label)
		m->release(m->arg, j->label);
	if (j->label_text)
		m->release(m->arg, (void *) j->label_text);
	if (j->label_len)
		m->release(m->arg, j->label_len);
	if (j->text)
		m->release(m->arg, j->text);
	memset(j, 0, sizeof(*j));
}

/*
 * Read a dictionary entry of a journey of the given version at *p: its
 * text bytes (*text, packed 6 bits a character when *packed), its length
 * in characters; advances *p.  False when it does not fit.
 */
static bool
dict_entry_get(int version, const uint8_t **p, const uint8_t *end,
			   const uint8_t **text, uint32_t *len, bool *packed)
{
	uint64_t	v,
				bytes;

	if (!jy_varint_get(p, end, &v))
		return false;
	*packed = version >= 2 && (v & 1) != 0;
	if (version >= 2)
		v >>= 1;
	/* more characters than bits of the rest can hold: also no overflow below */
	if (v > (uint64_t) (end - *p) * 2 || v > UINT32_MAX)
		return false;
	bytes = *packed ? PACKED_BYTES(v) : v;
	if (bytes > (uint64_t) (end - *p))
		return false;
	*text = *p;
	*len = (uint32_t) v;
	*p += bytes;
	return true;
}

/*
 * The header of a journey: version (1 or 2) and touch count n, and for
 * n > 0 the label count L and, in version 2, the scale k (version 1 has it
 * after the dictionary: *k is -1)
 */
static bool
journey_header(const uint8_t **p, const uint8_t *end, int *version, uint64_t *n,
			   uint64_t *L, int *k, const char **why)
{
	uint64_t	v;

	if (end - *p < 2 || (**p != 1 && **p != 2))
	{
		*why = end - *p < 2 ? "The value is too short." : "Unknown journey format version.";
		return false;
	}
	*version = *(*p)++;
	if (!jy_varint_get(p, end, n) || *n > (uint64_t) (end - *p) || *n > JY_MAX_TOUCHES)
	{
		*why = "Touch count does not fit the length.";
		return false;
	}
	*k = -1;
	if (*n == 0)
		return true;
	if (!jy_varint_get(p, end, &v))
	{
		*why = "Label count out of range.";
		return false;
	}
	if (*version >= 2)
	{
		*k = (int) (v & 7);
		v >>= 3;
	}
	*L = v;
	if (*L < 1 || *L > *n)
	{
		*why = "Label count out of range.";
		return false;
	}
	return true;
}

/*
 * Decode a journey of version 1 or 2.  check: validate in full (a door:
 * text input, binary receive, aggregate deserialize); otherwise read a
 * stored, trusted value with bounds checks only -- never out of bounds,
 * and every label id below nlabels, but without the dictionary, order,
 * scale, packing and range checks, so corrupt bytes give wrong values,
 * never a crash.
 */
static JyStatus
journey_decode(const uint8_t *in, size_t len, const JyMem *m, JyJourney *j,
			   const char **why, bool check)
{
	const uint8_t *p = in,
			   *end = in + len;
	uint64_t	n,
				L,
				v;
	uint32_t	i,
				next_new = 0;
	int			version,
				k;
	int64_t		unit;
	size_t		textcap = 0,
				textlen = 0;
	JyDict		seen;
	JyStatus	st = JY_OK;

	memset(j, 0, sizeof(*j));
	jy_dict_init(&seen);
	*why = NULL;
	if (!journey_header(&p, end, &version, &n, &L, &k, why))
		return JY_ERR_CORRUPT;
	if (n == 0)
	{
		if (p != end)
		{
			*why = "Bytes after the end of an empty journey.";
			return JY_ERR_CORRUPT;
		}
		return JY_OK;
	}
	j->n = (uint32_t) n;
	j->nlabels = (uint32_t) L;
	j->ts = m->alloc(m->arg, (size_t) n * sizeof(int64_t));
	j->label = m->alloc(m->arg, (size_t) n * sizeof(uint32_t));
	j->label_text = m->alloc(m->arg, (size_t) L * sizeof(char *));
	j->label_len = m->alloc(m->arg, (size_t) L * sizeof(uint32_t));
	if (!j->ts || !j->label || !j->label_text || !j->label_len)
	{
		st = JY_ERR_OUT_OF_MEMORY;
		goto fail;
	}
	/* the room packed labels take unpacked: a first pass over the dictionary */
	if (version >= 2)
	{
		const uint8_t *q = p;

		for (i = 0; i < L; i++)
		{
			const uint8_t *t;
			uint32_t	l;
			bool		packed;

			if (!dict_entry_get(version, &q, end, &t, &l, &packed))
			{
				*why = "A label does not fit the length.";
				goto corrupt;
			}
			if (packed)
				textcap += l;
		}
		if (textcap > 0)
		{
			j->text = m->alloc(m->arg, textcap);
			if (j->text == NULL)
			{
				st = JY_ERR_OUT_OF_MEMORY;
				goto fail;
			}
		}
	}
	/* the dictionary: distinct labels */
	for (i = 0; i < L; i++)
	{
		const uint8_t *t;
		uint32_t	id,
					c;
		bool		packed;

		if (!dict_entry_get(version, &p, end, &t, &j->label_len[i], &packed))
		{
			*why = "A label does not fit the length.";
			goto corrupt;
		}
		j->label_text[i] = (const char *) t;
		jy_interrupt_every(m, i);
		if (packed && j->label_len[i] > 0)
		{
			uint64_t	pos = 0;
			char	   *out;

			out = j->text + textlen;	/* room counted in the first pass */
			for (c = 0; c < j->label_len[i]; c++, pos += 6)
				out[c] = sym6[get_bits(t, pos, 6)];
			if (check && (pos & 7) != 0 && get_bits(t, pos, 8 - (int) (pos & 7)) != 0)
			{
				*why = "A packed label has padding bits set.";
				goto corrupt;
			}
			j->label_text[i] = out;
			textlen += j->label_len[i];
		}
		else if (packed && check)
		{
			*why = "A packed label is empty.";
			goto corrupt;
		}
		else if (check && version >= 2 && label_packable(j->label_text[i], j->label_len[i]))
		{
			*why = "A label that can be packed is not.";
			goto corrupt;
		}
		if (!check)
			continue;
		st = jy_dict_intern(&seen, m, j->label_text[i], j->label_len[i], &id);
		if (st != JY_OK)
			goto fail;
		if (id != i)
		{
			*why = "A label appears twice in the dictionary.";
			goto corrupt;
		}
	}
	/* timestamps: version 1 has the scale here */
	if (version == 1)
	{
		if (p >= end)
		{
			*why = "Timestamp scale out of range.";
			goto corrupt;
		}
		k = *p++;
	}
	if (k > MAX_SCALE)
	{
		*why = "Timestamp scale out of range.";
		goto corrupt;
	}
	unit = pow10[k];
	if (!jy_varint_get(&p, end, &v))
	{
		*why = "Truncated timestamps.";
		goto corrupt;
	}
	{
		int64_t		first = jy_unzigzag(v);

		if (first > INT64_MAX / unit || first < INT64_MIN / unit)
		{
			*why = "Timestamp out of range.";
			goto corrupt;
		}
		j->ts[0] = first * unit;
	}
	for (i = 1; i < n; i++)
	{
		if (!jy_varint_get(&p, end, &v))
		{
			*why = "Truncated timestamps.";
			goto corrupt;
		}
		/* unsigned arithmetic: INT64_MAX - ts exactly, for any ts */
		if (check && v > ((uint64_t) INT64_MAX - (uint64_t) j->ts[i - 1]) / (uint64_t) unit)
		{
			*why = "Timestamp out of range.";
			goto corrupt;
		}

		/*
		 * the sum is in range when checked; add in unsigned arithmetic (the
		 * delta may exceed INT64_MAX when the previous timestamp is
		 * negative, and a trusted read wraps rather than overflows)
		 */
		j->ts[i] = (int64_t) ((uint64_t) j->ts[i - 1] + v * (uint64_t) unit);
		jy_interrupt_every(m, i);
	}
	if (check)
	{
		for (i = 0; i < n; i++)
			if (!jy_ts_valid(j->ts[i]))
			{
				*why = "A timestamp is outside the range of timestamptz.";
				goto corrupt;
			}
		if (k < MAX_SCALE)
		{
			for (i = 0; i < n; i++)
				if (j->ts[i] % (unit * 10) != 0)
					break;
			if (i == n)
			{
				*why = "Timestamps are not at their coarsest scale.";
				goto corrupt;
			}
		}
	}
	/* label ids: version 1 varints, version 2 bit-packed */
	if (version >= 2)
	{
		int			bits = label_bits(L);
		uint64_t	nbits = n * (uint64_t) bits;

		if ((nbits + 7) / 8 > (uint64_t) (end - p))
		{
			*why = "Truncated label ids.";
			goto corrupt;
		}
		if (bits == 0)
			memset(j->label, 0, (size_t) n * sizeof(uint32_t));
		else
			for (i = 0; i < n; i++)
			{
				j->label[i] = get_bits(p, (uint64_t) i * (uint64_t) bits, bits);
				jy_interrupt_every(m, i);
			}
		if (check && (nbits & 7) != 0 && get_bits(p, nbits, 8 - (int) (nbits & 7)) != 0)
		{
			*why = "The label ids have padding bits set.";
			goto corrupt;
		}
		p += (nbits + 7) / 8;
	}
	for (i = 0; i < n; i++)
	{
		if (version >= 2)
			v = j->label[i];
		else if (L == 1)
			v = 0;
		else if (!jy_varint_get(&p, end, &v))
		{
			*why = "Truncated label ids.";
			goto corrupt;
		}
		if (v >= L || (check && v > next_new))
		{
			*why = "Labels are not numbered by first appearance.";
			goto corrupt;
		}
		if (v == next_new)
			next_new++;
		j->label[i] = (uint32_t) v;
		if (check && i > 0 && j->ts[i] == j->ts[i - 1] &&
			jy_label_cmp(j->label_text[j->label[i - 1]], j->label_len[j->label[i - 1]],
						 j->label_text[v], j->label_len[v]) > 0)
		{
			*why = "Touches at one timestamp are not in label order.";
			goto corrupt;
		}
		jy_interrupt_every(m, i);
	}
	if (check && next_new != L)
	{
		*why = "A dictionary label is never used.";
		goto corrupt;
	}
	if (p != end)
	{
		*why = "Bytes after the end of the journey.";
		goto corrupt;
	}
	jy_dict_free(&seen, m);
	return JY_OK;

corrupt:
	st = JY_ERR_CORRUPT;
fail:
	jy_dict_free(&seen, m);
	jy_journey_free(j, m);
	return st;
}

/* Decode and check in full (see journey.h) */
JyStatus
jy_journey_decode(const uint8_t *in, size_t len, const JyMem *m, JyJourney *j,
				  const char **why)
{
	return journey_decode(in, len, m, j, why, true);
}

/* Read a stored journey with bounds checks only (see journey.h) */
JyStatus
jy_journey_read(const uint8_t *in, size_t len, const JyMem *m, JyJourney *j,
				const char **why)
{
	return journey_decode(in, len, m, j, why, false);
}

/* The touch count of a stored journey, from its first bytes */
JyStatus
jy_journey_peek_count(const uint8_t *in, size_t len, uint32_t *n, const char **why)
{
	const uint8_t *p = in,
			   *end = in + len;
	uint64_t	v;

	if (len < 2 || (*p != 1 && *p != 2))
	{
		*why = len < 2 ? "The value is too short." : "Unknown journey format version.";
		return JY_ERR_CORRUPT;
	}
	p++;
	if (!jy_varint_get(&p, end, &v) || v > JY_MAX_TOUCHES)
	{
		*why = "Touch count does not fit the length.";
		return JY_ERR_CORRUPT;
	}
	*n = (uint32_t) v;
	return JY_OK;
}

/* First and last timestamps of a stored journey, without allocating */
JyStatus
jy_journey_peek_ends(const uint8_t *in, size_t len, bool want_last, uint32_t *n,
					 int64_t *first, int64_t *last, const char **why)
{
	const uint8_t *p = in,
			   *end = in + len;
	uint64_t	n64,
				L,
				v,
				t,
				i;
	uint64_t	unit;
	int			version,
				k;

	if (!journey_header(&p, end, &version, &n64, &L, &k, why))
		return JY_ERR_CORRUPT;
	*n = (uint32_t) n64;
	if (n64 == 0)
		return JY_OK;
	for (i = 0; i < L; i++)
	{
		const uint8_t *text;
		uint32_t	l;
		bool		packed;

		if (!dict_entry_get(version, &p, end, &text, &l, &packed))
		{
			*why = "A label does not fit the length.";
			return JY_ERR_CORRUPT;
		}
	}
	if (version == 1)
		k = p < end ? *p++ : MAX_SCALE + 1;
	if (k > MAX_SCALE)
	{
		*why = "Timestamp scale out of range.";
		return JY_ERR_CORRUPT;
	}
	unit = (uint64_t) pow10[k];
	if (!jy_varint_get(&p, end, &v))
	{
		*why = "Truncated timestamps.";
		return JY_ERR_CORRUPT;
	}
	/* unsigned arithmetic: a trusted read wraps rather than overflows */
	t = (uint64_t) jy_unzigzag(v) * unit;
	*first = (int64_t) t;
	if (!want_last)
		return JY_OK;
	for (i = 1; i < n64; i++)
	{
		if (!jy_varint_get(&p, end, &v))
		{
			*why = "Truncated timestamps.";
			return JY_ERR_CORRUPT;
		}
		t += v * unit;
	}
	*last = (int64_t) t;
	return JY_OK;
}

/* ---------- readers ---------- */

/* Append a JSON string literal */
static void
buf_json_string(Buf *b, const char *s, uint32_t len)
{
	static const char hex[] = "0123456789abcdef";
	uint32_t	i,
				run = 0;

	buf_put(b, "\"", 1);
	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];
		const char *esc = NULL;
		char		u[6];

		if (c == '"')
			esc = "\\\"";
		else if (c == '\\')
			esc = "\\\\";
		else if (c == '\n')
			esc = "\\n";
		else if (c == '\t')
			esc = "\\t";
		else if (c == '\r')
			esc = "\\r";
		else if (c < 0x20)
		{
			memcpy(u, "\\u00", 4);
			u[4] = hex[c >> 4];
			u[5] = hex[c & 15];
		}
		else
			continue;
		buf_put(b, s + run, i - run);
		if (esc)
			buf_put(b, esc, strlen(esc));
		else
			buf_put(b, u, 6);
		run = i + 1;
	}
	buf_put(b, s + run, len - run);
	buf_put(b, "\"", 1);
}

/* JSON text of a journey */
JyStatus
jy_journey_json(const JyJourney *j, const JyMem *m, char **out, size_t *outlen)
{
	Buf			b = {NULL, 0, 0, m, JY_OK};
	char		iso[JY_ISO_MAXLEN];
	uint32_t	i;

	buf_put(&b, "[", 1);
	for (i = 0; i < j->n && b.st == JY_OK; i++)
	{
		size_t		l = jy_iso_format(j->ts[i], iso);

		buf_put(&b, i == 0 ? "[\"" : ", [\"", i == 0 ? 2 : 4);
		buf_put(&b, iso, l);
		buf_put(&b, "\", ", 3);
		buf_json_string(&b, j->label_text[j->label[i]], j->label_len[j->label[i]]);
		buf_put(&b, "]", 1);
		jy_interrupt_every(m, i);
	}
	buf_put(&b, "]", 1);
	return buf_finish(&b, out, outlen);
}

/* Labels joined by " > " */
JyStatus
jy_journey_path(const JyJourney *j, uint32_t from, uint32_t to, bool collapse,
				const JyMem *m, char **out, size_t *outlen)
{
	Buf			b = {NULL, 0, 0, m, JY_OK};
	uint32_t	i;
	bool		any = false;

	for (i = from; i < to && b.st == JY_OK; i++)
	{
		uint32_t	id = j->label[i];

		jy_interrupt_every(m, i);
		if (collapse && i > from && j->label[i - 1] == id)
			continue;
		if (any)
			buf_put(&b, " > ", 3);
		buf_put(&b, j->label_text[id], j->label_len[id]);
		any = true;
	}
	return buf_finish(&b, out, outlen);
}

/* End of the touches that make the first depth steps of a path */
uint32_t
jy_journey_prefix_end(const JyJourney *j, uint32_t depth, bool collapse)
{
	uint32_t	i,
				steps = 0;

	for (i = 0; i < j->n; i++)
	{
		if (collapse && i > 0 && j->label[i - 1] == j->label[i])
			continue;
		if (steps == depth)
			break;
		steps++;
	}
	return i;
}

/* Label id of a text, or -1 */
int64_t
jy_journey_find_label(const JyJourney *j, const char *text, uint32_t len)
{
	uint32_t	i;

	for (i = 0; i < j->nlabels; i++)
		if (bytes_eq(j->label_text[i], j->label_len[i], text, len))
			return i;
	return -1;
}

/* Session boundaries */
JyStatus
jy_journey_sessions(const JyJourney *j, uint64_t gap, const JyMem *m,
					uint32_t **starts, uint32_t *nsessions)
{
	uint32_t	i,
				ns = 0;
	uint32_t   *s = m->alloc(m->arg, ((size_t) j->n + 1) * sizeof(uint32_t));

	if (s == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	for (i = 0; i < j->n; i++)
	{
		if (i == 0 || (uint64_t) j->ts[i] - (uint64_t) j->ts[i - 1] > gap)
			s[ns++] = i;
		jy_interrupt_every(m, i);
	}
	s[ns] = j->n;
	*starts = s;
	*nsessions = ns;
	return JY_OK;
}

/* Transition counts between consecutive touches */
JyStatus
jy_journey_transitions(const JyJourney *j, const JyMem *m, uint32_t **pairs,
					   uint32_t *npairs)
{
	uint32_t	np = 0,
				i;
	uint32_t   *out;
	JyHash		h;

	*pairs = NULL;
	*npairs = 0;
	if (j->n < 2)
		return JY_OK;
	jy_hash_init(&h);
	out = m->alloc(m->arg, (size_t) 3 * (j->n - 1) * sizeof(uint32_t));
	if (out == NULL || jy_hash_reserve(&h, m, j->n - 1) != JY_OK)
	{
		if (out)
			m->release(m->arg, out);
		return JY_ERR_OUT_OF_MEMORY;
	}
	for (i = 1; i < j->n; i++)
	{
		uint32_t	from = j->label[i - 1],
					to = j->label[i];
		uint32_t	hash = (from * 2654435761u) ^ (to * 40503u);
		uint32_t	pos = jy_hash_start(&h, hash);
		uint32_t	p;

		while ((p = jy_hash_next(&h, hash, &pos)) != JY_HASH_NONE)
			if (out[3 * p] == from && out[3 * p + 1] == to)
				break;
		if (p == JY_HASH_NONE)
		{
			p = np++;
			out[3 * p] = from;
			out[3 * p + 1] = to;
			out[3 * p + 2] = 0;
			(void) jy_hash_insert(&h, m, hash, p);	/* reserved */
		}
		out[3 * p + 2]++;
		jy_interrupt_every(m, i);
	}
	jy_hash_free(&h, m);
	*pairs = out;
	*npairs = np;
	return JY_OK;
}

/* A journey's events for the funnel engine */
size_t
jy_journey_events(const JyJourney *j, const uint64_t *label_mask, bool keep_all,
				  JyEvent *out, const JyMem *m)
{
	size_t		n = 0;
	uint32_t	i;

	for (i = 0; i < j->n; i++)
	{
		uint64_t	mask = label_mask[j->label[i]];

		jy_interrupt_every(m, i);
		if (mask == 0 && !keep_all)
			continue;
		out[n].ts = j->ts[i];
		out[n].mask = mask;
		n++;
	}
	/* touches are in (ts, label) order; the engine wants (ts, mask) */
	jy_sort_events(out, n, m);
	return n;
}

/* OR of the label masks of all touches */
uint64_t
jy_journey_seen(const JyJourney *j, const uint64_t *label_mask)
{
	uint64_t	seen = 0;
	uint32_t	i;

	for (i = 0; i < j->nlabels; i++)
		seen |= label_mask[i];	/* every dictionary label is used by some touch */
	return seen;
}
