// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection for memviz's own tests: a load-time parameter that
 * makes one step of module init fail after a delay, so that the tests can
 * drive the unwind paths, and race them (a parameter written while init
 * is still running), on demand.  Nothing sets it but the guest tests;
 * unset ("-", the default) it costs one string compare per init step.
 *
 *   debug_init_fault=STEP[:MS]   STEP = activity | oom_events | debugfs
 *   debug_attach_delay_ms=MS      a pause between two tracepoint
 *                                 registrations (runtime too), to widen the
 *                                 window in which some probes of a set are
 *                                 attached and others not
 */
#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include "debug.h"

/* A step name and the delay before it fails; 10 s at the most. */
#define DEBUG_MAX_DELAY_MS 10000

static const char *const init_steps[] = { "activity", "oom_events", "debugfs" };

static char fault_step[16] = "-";
static unsigned int fault_delay_ms;

static int fault_set(const char *val, const struct kernel_param *kp)
{
	char buf[32], *ms;
	unsigned int i, delay = 0;

	if (strscpy(buf, val, sizeof(buf)) < 0)
		return -EINVAL;
	strim(buf);
	if (!strcmp(buf, "-")) {
		strscpy(fault_step, "-", sizeof(fault_step));
		fault_delay_ms = 0;
		return 0;
	}
	ms = strchr(buf, ':');
	if (ms) {
		*ms++ = '\0';
		if (kstrtouint(ms, 10, &delay) || delay > DEBUG_MAX_DELAY_MS)
			return -EINVAL;
	}
	for (i = 0; i < ARRAY_SIZE(init_steps); i++)
		if (!strcmp(buf, init_steps[i]))
			break;
	if (i == ARRAY_SIZE(init_steps))
		return -EINVAL;
	/* 0444: set only before init runs, so no lock. */
	strscpy(fault_step, buf, sizeof(fault_step));
	fault_delay_ms = delay;
	return 0;
}

static int fault_get(char *buf, const struct kernel_param *kp)
{
	if (fault_delay_ms)
		return scnprintf(buf, PAGE_SIZE, "%s:%u\n", fault_step, fault_delay_ms);
	return scnprintf(buf, PAGE_SIZE, "%s\n", fault_step);
}

static const struct kernel_param_ops fault_ops = {
	.set = fault_set,
	.get = fault_get,
};

module_param_cb(debug_init_fault, &fault_ops, NULL, 0444);
MODULE_PARM_DESC(debug_init_fault,
		 "Tests only: STEP[:MS] makes init step STEP (activity, oom_events, debugfs) fail with EIO after MS ms (default -)");

static unsigned int attach_delay_ms;

static int attach_delay_set(const char *val, const struct kernel_param *kp)
{
	unsigned int v;

	if (kstrtouint(val, 10, &v) || v > 1000)
		return -EINVAL;
	WRITE_ONCE(attach_delay_ms, v);
	return 0;
}

static const struct kernel_param_ops attach_delay_ops = {
	.set = attach_delay_set,
	.get = param_get_uint,
};

module_param_cb(debug_attach_delay_ms, &attach_delay_ops, &attach_delay_ms, 0600);
MODULE_PARM_DESC(debug_attach_delay_ms,
		 "Tests only: pause 0..1000 ms between two tracepoint registrations (default 0)");

/**
 * memviz_debug_attach_pause() - between two tracepoint registrations
 *
 * Context: process context; may sleep.
 */
void memviz_debug_attach_pause(void)
{
	unsigned int ms = READ_ONCE(attach_delay_ms);

	if (ms)
		msleep(ms);
}

/**
 * memviz_debug_init_step() - where init step @step may be made to fail
 * @step: one of the step names above
 *
 * Context: process context (module init); may sleep.
 * Return: 0, or -EIO after the delay when debug_init_fault names @step.
 */
int memviz_debug_init_step(const char *step)
{
	if (strcmp(fault_step, step))
		return 0;
	if (fault_delay_ms)
		msleep(fault_delay_ms);
	pr_info("debug_init_fault: failing init step %s\n", step);
	return -EIO;
}
