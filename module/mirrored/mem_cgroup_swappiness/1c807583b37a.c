static inline int mem_cgroup_swappiness(struct mem_cgroup *memcg)
{
	if (cgroup_subsys_on_dfl(memory_cgrp_subsys))
		return vm_swappiness;
	if (mem_cgroup_disabled() || mem_cgroup_is_root(memcg))
		return vm_swappiness;
	return memcg->swappiness;
}
static inline int mem_cgroup_swappiness(struct mem_cgroup *mem)
{
	return vm_swappiness;
}
