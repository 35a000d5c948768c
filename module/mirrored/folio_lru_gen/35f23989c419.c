static inline int folio_lru_gen(struct folio *folio)
{
	unsigned long flags = READ_ONCE(folio->flags);
	return ((flags & LRU_GEN_MASK) >> LRU_GEN_PGOFF) - 1;
}
