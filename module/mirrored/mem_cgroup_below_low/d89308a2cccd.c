static inline bool mem_cgroup_below_low(struct mem_cgroup *memcg)
{
	if (!mem_cgroup_supports_protection(memcg))
		return false;
	return READ_ONCE(memcg->memory.elow) >=
		page_counter_read(&memcg->memory);
}
static inline bool mem_cgroup_below_low(struct mem_cgroup *memcg)
{
	return false;
}
