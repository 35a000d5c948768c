static enum zone_type kswapd_highest_zoneidx(pg_data_t *pgdat,
					   enum zone_type prev_highest_zoneidx)
{
	enum zone_type curr_idx = READ_ONCE(pgdat->kswapd_highest_zoneidx);
	return curr_idx == MAX_NR_ZONES ? prev_highest_zoneidx : curr_idx;
}
