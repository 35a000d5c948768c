void mem_cgroup_calculate_protection(struct mem_cgroup *root,
				     struct mem_cgroup *memcg)
{
	bool recursive_protection =
		cgrp_dfl_root.flags & CGRP_ROOT_MEMORY_RECURSIVE_PROT;
	if (mem_cgroup_disabled())
		return;
	if (!root)
		root = root_mem_cgroup;
	page_counter_calculate_protection(&root->memory, &memcg->memory, recursive_protection);
}
static inline void mem_cgroup_calculate_protection(struct mem_cgroup *root,
						   struct mem_cgroup *memcg)
{
}
