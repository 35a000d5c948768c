#define mult_frac(x, n, d) \
({ \
	typeof(x) x_ = (x); \
	typeof(n) n_ = (n); \
	typeof(d) d_ = (d); \
				\
	typeof(x_) q = x_ / d_; \
	typeof(x_) r = x_ % d_; \
	q * n_ + r * n_ / d_; \
})
