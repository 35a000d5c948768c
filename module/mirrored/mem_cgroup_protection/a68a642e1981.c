static inline void mem_cgroup_protection(struct mem_cgroup *root,
					 struct mem_cgroup *memcg,
					 unsigned long *min,
					 unsigned long *low,
					 unsigned long *usage)
{
	*min = *low = *usage = 0;
	if (mem_cgroup_disabled())
		return;
	*usage = page_counter_read(&memcg->memory);
	if (root == memcg)
		return;
	*min = READ_ONCE(memcg->memory.emin);
	*low = READ_ONCE(memcg->memory.elow);
}
static inline void mem_cgroup_protection(struct mem_cgroup *root,
					 struct mem_cgroup *memcg,
					 unsigned long *min,
					 unsigned long *low,
					 unsigned long *usage)
{
	*min = *low = *usage = 0;
}
