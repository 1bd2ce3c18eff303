/*
 * jy.c -- small helpers shared by the core
 */
#include "jy.h"

/* Make room in a growable array (see jy.h) */
JyStatus
jy_grow(const JyMem *m, void **arr, uint32_t *cap, size_t used, size_t extra,
		size_t itemsize, size_t limit)
{
	size_t		need = used + extra;
	size_t		newcap;
	void	   *p;

	if (need <= *cap)
		return JY_OK;
	if (need > limit || need > JY_MAX_ALLOC / itemsize)
		return JY_ERR_TOO_MANY_EVENTS;
	newcap = *cap ? (size_t) *cap * 2 : 8;
	if (newcap < need)
		newcap = need;
	if (newcap > limit)
		newcap = limit;
	if (newcap > JY_MAX_ALLOC / itemsize)
		newcap = JY_MAX_ALLOC / itemsize;
	p = *arr ? m->resize(m->arg, *arr, newcap * itemsize) : m->alloc(m->arg, newcap * itemsize);
	if (p == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	*arr = p;
	*cap = (uint32_t) newcap;
	return JY_OK;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A keyword, ignoring ASCII case and surrounding white space (see jy.h) */
bool
jy_keyword_eq(const char *s, size_t len, const char *word)
{
	while (len > 0 && is_space(s[0]))
	{
		s++;
		len--;
	}
	while (len > 0 && is_space(s[len - 1]))
		len--;
	return jy_word_eq(s, len, word);
}

/* The index of a keyword in a table of names (see jy.h) */
int
jy_keyword(const char *const *names, int n, const char *s, size_t len)
{
	int			k;

	for (k = 0; k < n; k++)
		if (names[k] != NULL && jy_keyword_eq(s, len, names[k]))
			return k;
	return -1;
}
