#define for_each_managed_zone_pgdat(zone, pgdat, idx, highidx) \
	for ((idx) = 0, (zone) = (pgdat)->node_zones; \
	    (idx) <= (highidx); \
	    (idx)++, (zone)++) \
		if (!managed_zone(zone)) \
			continue; \
		else
