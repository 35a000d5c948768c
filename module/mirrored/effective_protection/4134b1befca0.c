static unsigned long effective_protection(unsigned long usage,
					  unsigned long parent_usage,
					  unsigned long setting,
					  unsigned long parent_effective,
					  unsigned long siblings_protected,
					  bool recursive_protection)
{
	unsigned long protected;
	unsigned long ep;
	protected = min(usage, setting);
	if (siblings_protected > parent_effective)
		return mul_u64_u64_div_u64(protected, parent_effective,
					   siblings_protected);
	ep = protected;
	if (!recursive_protection)
		return ep;
	if (parent_effective > siblings_protected &&
	    parent_usage > siblings_protected &&
	    usage > protected) {
		unsigned long parent_unclaimed, parent_unprotected, unprotected;
		parent_unclaimed = parent_effective - siblings_protected;
		parent_unprotected = parent_usage - siblings_protected;
		unprotected = min(usage - protected, parent_unprotected);
		ep += mul_u64_u64_div_u64(parent_unclaimed, unprotected,
					  parent_unprotected);
	}
	return ep;
}
