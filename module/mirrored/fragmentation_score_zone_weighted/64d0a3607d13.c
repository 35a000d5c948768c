static unsigned int fragmentation_score_zone_weighted(struct zone *zone)
{
	unsigned long score;
	score = zone->present_pages * fragmentation_score_zone(zone);
	return div64_ul(score, zone->zone_pgdat->node_present_pages + 1);
}
