static bool cgroup_reclaim(struct scan_control *sc)
{
	return sc->target_mem_cgroup;
}
static bool cgroup_reclaim(struct scan_control *sc)
{
	return false;
}
