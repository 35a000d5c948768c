#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# activity attaches every end probe before its begin.  The other order
# lets a reclaim begin while only its begin probe is on: the task's slot
# then says "in memcg reclaim" with no end to clear it, so its next entry
# is timed from the wrong start and the histogram no longer holds the
# timed entries.  A task reclaims through memory.reclaim without pause
# while the probes go on, one at a time, debug_attach_delay_ms apart (the
# window made wide); once it has stopped, for every node:
#   sum of activity.latency memcg_stalls = memcg_entries - memcg_untimed
. /selftests/lib.sh
. /selftests/50-activity.inc

P=/sys/module/memviz/parameters
[ -r "$MVA_FILE" ] || mv_skip_all "no $MVA_FILE"
[ -w "$P/debug_attach_delay_ms" ] || mv_skip_all "no debug_attach_delay_ms parameter"
[ -w /sys/fs/cgroup/cgroup.subtree_control ] || mv_skip_all "no cgroup v2 memory controller"
mv_setup 52-attach
CG=/sys/fs/cgroup/mv52
mv_at_exit 'echo 0 > "$P/debug_attach_delay_ms"; echo 1 > "$P/activity"; rmdir "$CG"'
echo +memory > /sys/fs/cgroup/cgroup.subtree_control
mkdir "$CG"
[ -e "$CG/memory.reclaim" ] || mv_skip_all "no memory.reclaim"

# Page cache in the cgroup for memory.reclaim to take, refilled as it goes.
sh -c "echo \$\$ > $CG/cgroup.procs
	while :; do
		dd if=/dev/zero of=$T/f bs=1M count=8 2>/dev/null
		echo 4M > $CG/memory.reclaim 2>/dev/null
	done" & R=$!
MV_PIDS=$R
sleep 1
mva_write activity 0 >/dev/null
# Zero the counters with the probes off: a reclaim cut by the detach is gone.
mva_write activity_reset 1 >/dev/null
echo 150 > "$P/debug_attach_delay_ms"
mva_write activity 1 >/dev/null
echo 0 > "$P/debug_attach_delay_ms"
sleep 1
kill "$R"
wait 2>/dev/null
sleep 1
cat "$MVA_FILE" > "$T/a"
mva_cols "$T/a" activity.stalls node memcg_entries memcg_untimed > "$T/st"
mva_cols "$T/a" activity.latency node memcg_stalls > "$T/lat"
mv_diag "stalls: $(tr '\n' ';' < "$T/st") unmatched ends: $(mva_sum "$T/a" activity.stalls memcg_unmatched)"
bad=$(awk 'FILENAME == ARGV[1] { want[$1] = $2 - $3; next }
	{ got[$1] += $2 }
	END { for (n in want) if (got[n] != want[n]) print "node", n, "histogram", got[n] + 0, "timed entries", want[n] }' "$T/st" "$T/lat")
[ -z "$bad" ] || mv_diag "$bad"
mv_check "attach: memcg reclaim went on while the probes were attached ($(mva_sum "$T/a" activity.stalls memcg_entries) entries)" \
	[ "$(mva_sum "$T/a" activity.stalls memcg_entries)" -gt 0 ]
mv_check "attach: memcg_stalls total = memcg_entries - memcg_untimed on every node" [ -z "$bad" ]
mv_done
