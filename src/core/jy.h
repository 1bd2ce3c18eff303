/*
 * jy.h -- shared definitions of the PostgreSQL-free core of journey
 *
 * Everything under src/core/ is plain C with no PostgreSQL headers, so the
 * same algorithms run inside the backend (palloc) and in the C unit tests and
 * fuzzers (malloc).  Memory comes from a JyMem allocator interface; long loops
 * call its interrupt hook, which inside the backend may long-jump out
 * (CHECK_FOR_INTERRUPTS), so core code never holds resources that a long jump
 * would leak beyond what the allocator itself reclaims.
 */
#ifndef JY_CORE_H
#define JY_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest number of steps (conditions) a funnel, retention or map can have */
#define JY_MAX_STEPS 64

/*
 * The bits of mask at positions from and above, shifted down: mask >> from,
 * and 0 when from is 64 or more (a shift by the width is undefined in C).
 * Use it wherever the shift count is a step or stage count.
 */
static inline uint64_t
jy_bits_from(uint64_t mask, int from)
{
	return from >= 64 ? 0 : mask >> from;
}

/* Largest single allocation the core makes: 1 GB, like PostgreSQL's palloc */
#define JY_MAX_ALLOC ((size_t) 0x3fffffff)

/* How many loop iterations pass between calls of the interrupt hook */
#define JY_INTERRUPT_EVERY 65536

/* Allocator and interrupt hook supplied by the caller */
typedef struct JyMem
{
	void	   *(*alloc) (void *arg, size_t size);	/* NULL on failure */
	void	   *(*resize) (void *arg, void *ptr, size_t size);	/* NULL on failure */
	void		(*release) (void *arg, void *ptr);
	void		(*interrupt) (void *arg);	/* may be NULL; may not return */
	void	   *arg;
} JyMem;

/* Result of a core operation that can fail */
typedef enum JyStatus
{
	JY_OK = 0,
	JY_ERR_OUT_OF_MEMORY,		/* the allocator returned NULL */
	JY_ERR_TOO_MANY_EVENTS,		/* a group holds more than JY_MAX_EVENTS */
	JY_ERR_TOO_MANY_TOUCHES,	/* a journey holds more than JY_MAX_TOUCHES */
	JY_ERR_TOO_MANY_LABELS,		/* more distinct labels than JY_MAX_TOUCHES */
	JY_ERR_LABELS_TOO_LONG,		/* distinct labels beyond JY_MAX_ALLOC bytes */
	JY_ERR_VALUE_TOO_LARGE,		/* an encoded value or text beyond JY_MAX_ALLOC */
	JY_ERR_TOO_MANY_CHAINS,		/* strict_once: too many candidate chains */
	JY_ERR_BAD_MODE,			/* unknown window_funnel mode */
	JY_ERR_MODE_STRICT,			/* the removed mode name "strict" */
	JY_ERR_REENTRY_NEEDS_ORDER,	/* allow_reentry without strict_order */
	JY_ERR_MODE_CONFLICT,		/* funnel modes that do not combine */
	JY_ERR_CORRUPT,				/* malformed serialized state */
	JY_ERR_UNKNOWN_MODEL,		/* unknown attribution model name */
	JY_ERR_BAD_PARAMETER,		/* a numeric parameter out of its range */
	JY_ERR_TOO_MANY_CHANNELS,	/* more channels than an algorithm's limit */
	JY_ERR_SINGULAR				/* a linear system with no unique solution */
} JyStatus;

/* FNV-1a hash of bytes, 32 bits */
static inline uint32_t
jy_hash_bytes(const char *s, size_t len)
{
	uint32_t	h = 2166136261u;
	size_t		i;

	for (i = 0; i < len; i++)
	{
		h ^= (uint8_t) s[i];
		h *= 16777619u;
	}
	return h;
}

/*
 * Does s[0..len) equal word (lower case, NUL-terminated), ignoring ASCII
 * case?
 */
static inline bool
jy_word_eq(const char *s, size_t len, const char *word)
{
	size_t		i;

	for (i = 0; i < len; i++)
	{
		char		c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char) (c - 'A' + 'a');
		if (word[i] == '\0' || c != word[i])
			return false;
	}
	return word[len] == '\0';
}

/*
 * Keyword arguments (modes, models, periods, criteria, directions, bases,
 * presets) are read by these two functions only, so every keyword argument
 * follows one rule: ASCII case and surrounding white space are ignored.
 */

/* Is s[0..len) the keyword word (lower case, NUL-terminated)? */
extern bool jy_keyword_eq(const char *s, size_t len, const char *word);

/* The index of the keyword s[0..len) among names[0..n), or -1 */
extern int	jy_keyword(const char *const *names, int n, const char *s, size_t len);

/*
 * Make room for extra more items of itemsize bytes in the growable array
 * *arr of capacity *cap holding used items (doubling, from 8); more than
 * limit items is JY_ERR_TOO_MANY_EVENTS.
 */
extern JyStatus jy_grow(const JyMem *m, void **arr, uint32_t *cap, size_t used,
						size_t extra, size_t itemsize, size_t limit);

/* A hint to bring the cache line of an address in (no effect elsewhere) */
#if defined(__GNUC__) || defined(__clang__)
#define JY_PREFETCH(p) __builtin_prefetch(p)
#else
#define JY_PREFETCH(p) ((void) (p))
#endif

/* Call the interrupt hook, if any */
static inline void
jy_interrupt(const JyMem *m)
{
	if (m != NULL && m->interrupt != NULL)
		m->interrupt(m->arg);
}

/* Call the interrupt hook at every JY_INTERRUPT_EVERY-th iteration i */
static inline void
jy_interrupt_every(const JyMem *m, size_t i)
{
	if ((i & (JY_INTERRUPT_EVERY - 1)) == JY_INTERRUPT_EVERY - 1)
		jy_interrupt(m);
}

#endif							/* JY_CORE_H */
