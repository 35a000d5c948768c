unsigned long mem_cgroup_get_max(struct mem_cgroup *memcg)
{
	unsigned long max = READ_ONCE(memcg->memory.max);
	if (do_memsw_account()) {
		if (mem_cgroup_swappiness(memcg)) {
			unsigned long swap = READ_ONCE(memcg->memsw.max) - max;
			max += min(swap, (unsigned long)total_swap_pages);
		}
	} else {
		if (mem_cgroup_swappiness(memcg))
			max += min(READ_ONCE(memcg->swap.max),
				   (unsigned long)total_swap_pages);
	}
	return max;
}
