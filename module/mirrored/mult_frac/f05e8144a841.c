#define mult_frac(x, numer, denom)( \
{ \
	typeof(x) quot = (x) / (denom); \
	typeof(x) rem = (x) % (denom); \
	(quot * (numer)) + ((rem * (numer)) / (denom)); \
} \
)
