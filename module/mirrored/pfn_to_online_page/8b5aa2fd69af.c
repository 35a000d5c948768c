struct page *pfn_to_online_page(unsigned long pfn)
{
	unsigned long nr = pfn_to_section_nr(pfn);
	struct dev_pagemap *pgmap;
	struct mem_section *ms;
	if (nr >= NR_MEM_SECTIONS)
		return NULL;
	ms = __nr_to_section(nr);
	if (!online_section(ms))
		return NULL;
	if (IS_ENABLED(CONFIG_HAVE_ARCH_PFN_VALID) && !pfn_valid(pfn))
		return NULL;
	if (!pfn_section_valid(ms, pfn))
		return NULL;
	if (!online_device_section(ms))
		return pfn_to_page(pfn);
	pgmap = get_dev_pagemap(pfn);
	put_dev_pagemap(pgmap);
	if (pgmap)
		return NULL;
	return pfn_to_page(pfn);
}
