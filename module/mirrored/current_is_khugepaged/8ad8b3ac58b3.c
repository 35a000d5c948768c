bool current_is_khugepaged(void)
{
	return kthread_func(current) == khugepaged;
}
