struct task_struct *find_lock_task_mm(struct task_struct *p)
{
	struct task_struct *t;
	guard(rcu)();
	for_each_thread(p, t) {
		task_lock(t);
		if (likely(t->mm))
			return t;
		task_unlock(t);
	}
	return NULL;
}
