struct task_struct *find_lock_task_mm(struct task_struct *p)
{
	struct task_struct *t;
	rcu_read_lock();
	for_each_thread(p, t) {
		task_lock(t);
		if (likely(t->mm))
			goto found;
		task_unlock(t);
	}
	t = NULL;
found:
	rcu_read_unlock();
	return t;
}
