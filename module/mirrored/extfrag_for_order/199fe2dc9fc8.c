unsigned int extfrag_for_order(struct zone *zone, unsigned int order)
{
	struct contig_page_info info;
	fill_contig_page_info(zone, order, &info);
	if (info.free_pages == 0)
		return 0;
	return div_u64((info.free_pages -
			(info.free_blocks_suitable << order)) * 100,
			info.free_pages);
}
