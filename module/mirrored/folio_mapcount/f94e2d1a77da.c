int folio_mapcount(struct folio *folio)
{
	int i, compound, nr, ret;
	if (likely(!folio_test_large(folio)))
		return atomic_read(&folio->_mapcount) + 1;
	compound = folio_entire_mapcount(folio);
	if (folio_test_hugetlb(folio))
		return compound;
	ret = compound;
	nr = folio_nr_pages(folio);
	for (i = 0; i < nr; i++)
		ret += atomic_read(&folio_page(folio, i)->_mapcount) + 1;
	if (!folio_test_anon(folio))
		return ret - compound * nr;
	if (folio_test_double_map(folio))
		ret -= nr;
	return ret;
}
