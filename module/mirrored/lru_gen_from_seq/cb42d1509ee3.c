static inline int lru_gen_from_seq(unsigned long seq)
{
	return seq % MAX_NR_GENS;
}
