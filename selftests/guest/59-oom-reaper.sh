#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A memcg OOM victim that cannot exit at once, on a real kernel: the oom
# file's oom_victim and oom_skip reasons and oom_memcg's wait and none
# states, each while the kernel is in the state they name.
#   X, alone with the allocator in a 32 MiB memcg, holds 16 MiB and then
#   reads 8 MiB with O_DIRECT from null_blk at 1 MiB/s: 8 s in an
#   uninterruptible wait.  The allocator (oom_score_adj -1000) drives the
#   memcg OOM that kills X ("Memory cgroup out of memory: Killed process
#   X"); X stays, in state D, a victim the kernel waits for:
#     oom:       X eligible=oom_victim (oom_evaluate_task() aborts on it)
#     oom_memcg: state wait, in_progress_pid X
#   Two seconds later the OOM reaper frees X's memory and marks its mm
#   MMF_OOM_SKIP ("oom_reaper: reaped process X"); X is still in D:
#     oom:       X eligible=oom_skip (the kernel passes over it now)
#     oom_memcg: state none (no other task is eligible there)
. /selftests/lib.sh

F=$MV_DEBUGFS/oom
M=$MV_DEBUGFS/oom_memcg
[ -r "$M" ] || mv_skip_all "no $M"
[ -w /sys/fs/cgroup/cgroup.subtree_control ] || mv_skip_all "no cgroup v2 memory controller"
mv_setup 59-reaper
CG=/sys/fs/cgroup/mv59
mv_at_exit 'rmdir "$CG"'
mv_nullblk 1 || mv_skip_all "no null_blk module in this kernel (a device slow enough to hold a victim)"
mv_at_exit 'mv_nullblk_off'

mkdir "$CG"
echo 32M > "$CG/memory.max"
[ -e "$CG/memory.swap.max" ] && echo 0 > "$CG/memory.swap.max"
sh -c "echo \$\$ > $CG/cgroup.procs; exec mv-hog -m 16 -r $T/x -D /dev/nullb0:8" & X=$!
MV_PIDS="$X"
mv_wait_files 30 "$T/x"
sleep 0.5
state() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1; }

marker="memviz-59 reaper $$"
mv_kmsg "$marker"
mv_expect_oom_begin
sh -c "echo \$\$ > $CG/cgroup.procs; exec mv-oom-alloc -w $X -c 1 -M 12 -s 30" > "$T/alloc" & A=$!
MV_PIDS="$MV_PIDS $A"
# after_marker PATTERN: true once dmesg has PATTERN after the marker
after_marker() {
	dmesg | awk -v m="memviz-harness: $marker" -v p="$1" 'index($0, m) { on = 1; next } on && index($0, p) { f = 1 } END { exit !f }'
}
# snap N PATTERN: wait up to 5 s for PATTERN after the marker, then copy
# both files to oomN and memcgN
snap() {
	_n=0
	while ! after_marker "$2" && [ $_n -lt 100 ]; do
		sleep 0.05
		_n=$((_n + 1))
	done
	cat "$F" > "$T/oom$1"
	cat "$M" > "$T/memcg$1"
}
snap 1 "Killed process $X "
s1=$(state "$X")
reaped1=no
after_marker "reaped process $X " && reaped1=yes
mv_diag "killed: $(mv_first_kill_after "$marker"); X=$X in state $s1, reaped before the read: $reaped1"
snap 2 "reaped process $X "
s2=$(state "$X")
mv_diag "reaper: $(dmesg | grep "reaped process $X " | tail -n 1); X in state $s2"
wait "$A"
mv_expect_oom_end
mv_diag "allocator: $(cat "$T/alloc")"

killed=$(mv_first_kill_after "$marker")
[ "${killed%% *}" = "$X" ]
mv_ok "the memcg OOM killed X ($X): ${killed:-none}"
r1=$(mv_row "$T/oom1" pid "$X" eligible)
w1=$(mv_row "$T/memcg1" cgroup /mv59 state)
p1=$(mv_row "$T/memcg1" cgroup /mv59 in_progress_pid)
if [ "$s1" = D ] && [ "$reaped1" = no ]; then
	mv_check "killed, in D, not reaped yet: oom says X is an oom_victim ($r1)" [ "$r1" = oom_victim ]
	mv_check "... and oom_memcg that the memcg waits for it (state $w1, in_progress_pid $p1)" \
		[ "$w1" = wait -a "$p1" = "$X" ]
else
	mv_skip "X is an oom_victim the memcg waits for" "X was in state '$s1', reaped before the read: $reaped1"
fi
r2=$(mv_row "$T/oom2" pid "$X" eligible)
w2=$(mv_row "$T/memcg2" cgroup /mv59 state)
if [ "$s2" = D ] && after_marker "reaped process $X "; then
	mv_check "reaped, still in D: oom says X is oom_skip ($r2)" [ "$r2" = oom_skip ]
	mv_check "... and oom_memcg that no task there is eligible (state $w2)" [ "$w2" = none ]
else
	mv_skip "X is oom_skip once reaped" "X was in state '$s2' or not reaped within 5 s"
fi
mv_done
