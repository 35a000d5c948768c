#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# oom_events names a memcg OOM's memcg exactly, where guessing from usage
# goes wrong, and records a memory.oom.group kill as one event.  The
# oracle is the kernel's own "oom-kill:...,oom_memcg=<path>" line and its
# "Killed process" lines; a cgroup's id is its cgroupfs inode.
#   outside: memory.max lowered by a shell outside the cgroup (the writer
#            runs the OOM, so the trigger's memcg is not the OOM's)
#   nested:  a parent hits its limit while the child the charge went
#            through sits within one charge of its own (the old guess
#            named the child)
#   group:   memory.oom.group with more members than the ring holds: one
#            event whose group table lists the kernel's kills
. /selftests/lib.sh
. /selftests/55-oom.inc

F=$MV_DEBUGFS/oom_events
[ -r "$F" ] || mv_skip_all "no $F"
[ -w /sys/fs/cgroup/cgroup.subtree_control ] || mv_skip_all "no cgroup v2 memory controller"
mv_setup 57-oom-scope
A=/sys/fs/cgroup/mv57a
P=/sys/fs/cgroup/mv57p
G=/sys/fs/cgroup/mv57g
mv_at_exit "rmdir $A $P/c $P/d $P $G"
echo 0 > /proc/sys/vm/panic_on_oom

# newest FILE COL: COL of the newest event (the first row)
newest() {
	cell "$1" oom_events seq "$(tab "$1" oom_events | awk 'NR == 2 { print $1 }')" "$2"
}
# oom_memcg_of PID: the path dmesg's oom-kill: line gives for PID's kill
oom_memcg_of() {
	summary_line "$1" | sed -n 's/.*,oom_memcg=\([^,]*\),.*/\1/p'
}
# killed_since NAME: pids of the "Killed process" lines after the marker NAME
killed_since() {
	mv_kills_after "mv57 $1 $$"
}
# check_scope NAME CG PID: the newest event names CG, the memcg dmesg gives
check_scope() {
	cat "$F" > "$T/ev.$1"
	want=$(stat -c %i "$2")
	got=$(newest "$T/ev.$1" oom_memcg_id)
	src=$(newest "$T/ev.$1" oom_memcg_source)
	dm=$(oom_memcg_of "$3")
	mv_diag "$1: killed $3; dmesg oom_memcg=$dm (inode $want); oom_events oom_memcg_id=$got source=$src"
	mv_check "$1: dmesg names ${2#/sys/fs/cgroup} as the OOM's memcg" [ "$dm" = "${2#/sys/fs/cgroup}" ]
	mv_check "$1: oom_memcg_id is its cgroup id ($want)" [ "$got" = "$want" ]
	mv_check "$1: found exactly (traced or events), not guessed ($src)" \
		[ "$src" = traced -o "$src" = events ]
}

echo +memory > /sys/fs/cgroup/cgroup.subtree_control

# 1. memory.max lowered from outside.
mkdir "$A"
[ -e "$A/memory.swap.max" ] && echo 0 > "$A/memory.swap.max"
sh -c "echo \$\$ > $A/cgroup.procs; exec mv-hog -m 32 -s 300 -r $T/a" & HA=$!
MV_PIDS=$HA
mv_wait_file "$T/a" 60
mv_kmsg "mv57 outside $$"
mv_expect_oom_begin
echo 8M > "$A/memory.max" 2> "$T/maxerr"
mv_expect_oom_end
k=$(killed_since outside | head -n 1)
mv_check "outside: the memory.max write made the kernel kill the hog ($HA, killed ${k:-nobody})" [ "$k" = "$HA" ]
check_scope outside "$A" "$HA"
wait "$HA" 2>/dev/null

# 2. Nested: /p's limit is hit through /p/c, which is near its own.
mkdir "$P"
echo "+memory" > "$P/cgroup.subtree_control"
mkdir "$P/c" "$P/d"
for c in "$P/c" "$P/d"; do [ -e "$c/memory.swap.max" ] && echo 0 > "$c/memory.swap.max"; done
sh -c "echo \$\$ > $P/c/cgroup.procs; exec mv-hog -m 24 -s 300 -r $T/x" & X=$!
sh -c "echo \$\$ > $P/d/cgroup.procs; exec mv-hog -m 8 -s 300 -r $T/z" & Z=$!
MV_PIDS="$X $Z"
mv_wait_files 60 "$T/x" "$T/z"
sync
echo 1 > /proc/sys/vm/drop_caches
# c: room for two more MiB, and within 2 MiB of its max once /p stops the
# charge half a MiB in; /p: room for half a MiB.
cc=$(cat "$P/c/memory.current")
pc=$(cat "$P/memory.current")
echo $((cc + 2304 * 1024)) > "$P/c/memory.max"
echo $((pc + 512 * 1024)) > "$P/memory.max"
mv_diag "nested: c.current=$cc c.max=$(cat "$P/c/memory.max"); p.current=$pc p.max=$(cat "$P/memory.max")"
mv_kmsg "mv57 nested $$"
mv_expect_oom_begin
sh -c "echo \$\$ > $P/c/cgroup.procs; exec mv-hog -m 2 -s 1" 2>/dev/null
mv_expect_oom_end
k=$(killed_since nested | head -n 1)
mv_check "nested: the kernel killed the biggest task of /mv57p ($X, killed ${k:-nobody})" [ "$k" = "$X" ]
check_scope nested "$P" "$X"
kill "$Z" 2>/dev/null
wait 2>/dev/null

# 3. memory.oom.group: 24 hogs, more than the ring's 16 slots.
mkdir "$G"
echo 1 > "$G/memory.oom.group"
[ -e "$G/memory.swap.max" ] && echo 0 > "$G/memory.swap.max"
MV_PIDS=
i=0
while [ $i -lt 24 ]; do
	sh -c "echo \$\$ > $G/cgroup.procs; exec mv-hog -m 1 -s 300 -r $T/g$i" &
	MV_PIDS="${MV_PIDS:+$MV_PIDS }$!"
	i=$((i + 1))
done
i=0
while [ $i -lt 24 ]; do mv_wait_file "$T/g$i" 60; i=$((i + 1)); done
echo 64M > "$G/memory.max"
cat "$F" > "$T/g0"
r0=$(mv_fact "$T/g0" recorded)
mv_kmsg "mv57 group $$"
mv_expect_oom_begin
sh -c "echo \$\$ > $G/cgroup.procs; exec mv-oom-alloc -w ${MV_PIDS%% *} -c 1 -s 60" > "$T/galloc" 2>&1
mv_expect_oom_end
sleep 1
cat "$F" > "$T/g1"
# The kernel kills the victim, then every member of the group, the victim
# again among them ("Killed process" twice, mark_victim once): distinct pids.
killed_since group | awk '!seen[$1]++' > "$T/gk"
nk=$(wc -l < "$T/gk")
r1=$(mv_fact "$T/g1" recorded)
members=$(newest "$T/g1" group_members)
first=$(head -n 1 "$T/gk")
tab "$T/g1" oom_events.group | awk -v s="$r1" '!h { for (i = 1; i <= NF; i++) n[$i] = i; h = 1; next }
	$n["event_seq"] == s { print $n["pid"] }' > "$T/gm"
mv_diag "group: dmesg killed $nk tasks; events recorded $r0 -> $r1; group_members=$members; listed $(wc -l < "$T/gm")"
# The unkillable allocator (oom_score_adj -1000) is the one member spared.
mv_check "group: the kernel killed all 24 hogs of the group" [ "$nk" -ge 24 ]
mv_check "group: one kill, one event ($r0 -> $r1)" [ "$r1" -eq $((r0 + 1)) ]
mv_check "group: the event's victim is the kernel's first kill ($first)" [ "$(newest "$T/g1" pid)" = "$first" ]
mv_check "group: group_members = the kernel's other kills ($((nk - 1)))" [ "$members" -eq $((nk - 1)) ]
sed 1d "$T/gk" | sort > "$T/gk.rest"
sort "$T/gm" > "$T/gm.s"
mv_check "group: oom_events.group lists exactly those pids" cmp -s "$T/gk.rest" "$T/gm.s"
mv_check "group: the dropped count is 0" [ "$(mv_fact "$T/g1" dropped)" = 0 ]
mv_done
