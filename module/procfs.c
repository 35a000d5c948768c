// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's own procfs, read from the module: the figures memviz needs
 * that no exported symbol gives (SwapTotal, vm.swappiness, vm.defrag_mode,
 * kernel.numa_balancing) are read from the text the kernel prints.
 *
 * Not the opener's /proc: a reader in a container may see a virtualised
 * /proc/meminfo (lxcfs) or none (a chroot).  The files are opened from
 * the root of the initial pid namespace's init, whose mount namespace is
 * the host's; only a host whose init has no /proc mounted falls back to
 * the opener's, and the callers say which they got.
 */
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/kernel.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "procfs.h"

/* The root directory of init (pid 1 of the initial pid namespace). */
static int init_root(struct path *root)
{
	struct task_struct *init;
	int ret = -ESRCH;

	rcu_read_lock();
	init = pid_task(find_pid_ns(1, &init_pid_ns), PIDTYPE_PID);
	if (init) {
		/* task->fs is released at exit under task_lock(). */
		task_lock(init);
		if (init->fs) {
			get_fs_root(init->fs, root);
			ret = 0;
		}
		task_unlock(init);
	}
	rcu_read_unlock();
	return ret;
}

static ssize_t read_file(struct file *f, char *buf, size_t len)
{
	loff_t pos = 0;
	size_t got = 0;
	ssize_t n;

	while (got < len - 1) {
		n = kernel_read(f, buf + got, len - 1 - got, &pos);
		if (n < 0)
			return n;
		if (!n)
			break;
		got += n;
	}
	buf[got] = '\0';
	return got;
}

/**
 * memviz_read_kernel_file() - read a small procfs file as the host sees it
 * @path: absolute path, e.g. "/proc/meminfo"
 * @buf: filled with the text, NUL-terminated (truncated to @len - 1)
 * @len: size of @buf, at least 1
 * @source: set to where it came from: MEMVIZ_PROC_INIT (init's root) or
 *	MEMVIZ_PROC_OPENER (the opener's, when init's has no such file)
 *
 * Context: process context; opens and reads a file (sleeps).
 * Return: the number of bytes read, or a negative errno.
 */
ssize_t memviz_read_kernel_file(const char *path, char *buf, size_t len,
				enum memviz_proc_source *source)
{
	struct path root;
	struct file *f = ERR_PTR(-ENOENT);
	ssize_t n;

	if (!init_root(&root)) {
		f = file_open_root(&root, path, O_RDONLY, 0);
		path_put(&root);
	}
	*source = MEMVIZ_PROC_INIT;
	if (IS_ERR(f)) {
		f = filp_open(path, O_RDONLY, 0);
		*source = MEMVIZ_PROC_OPENER;
	}
	if (IS_ERR(f))
		return PTR_ERR(f);
	n = read_file(f, buf, len);
	filp_close(f, NULL);
	return n;
}

/**
 * memviz_read_kernel_long() - a sysctl file's single integer
 * @path: e.g. "/proc/sys/vm/swappiness"
 * @val: set on success
 *
 * Context: process context; sleeps.
 * Return: 0, or a negative errno (the file is missing, unreadable or not
 * one integer).
 */
int memviz_read_kernel_long(const char *path, long *val)
{
	enum memviz_proc_source source;
	char buf[32];
	ssize_t n;

	n = memviz_read_kernel_file(path, buf, sizeof(buf), &source);
	if (n < 0)
		return n;
	return kstrtol(strim(buf), 10, val);
}

/**
 * memviz_proc_source_name() - how a header names where a figure came from
 * @s: the source
 *
 * Return: a static string.
 */
const char *memviz_proc_source_name(enum memviz_proc_source s)
{
	return s == MEMVIZ_PROC_INIT ? "init" : "opener";
}
