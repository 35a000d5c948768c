static inline int folio_is_file_lru(const struct folio *folio)
{
	return !folio_test_swapbacked(folio);
}
