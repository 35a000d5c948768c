static int unusable_free_index(unsigned int order,
				struct contig_page_info *info)
{
	if (info->free_pages == 0)
		return 1000;
	return div_u64((info->free_pages - (info->free_blocks_suitable << order)) * 1000ULL, info->free_pages);
}
