static inline int folio_lru_gen(const struct folio *folio)
{
	unsigned long flags = READ_ONCE(folio->flags.f);
	return ((flags & LRU_GEN_MASK) >> LRU_GEN_PGOFF) - 1;
}
