static inline bool folio_mapped(const struct folio *folio)
{
	return folio_mapcount(folio) >= 1;
}
