#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# OOMs confined to one node (2node shape, no swap).  Node 1 is shrunk with
# a hugetlb reservation, then two allocators fill what is left of it:
#   cpuset  - in a cpuset with cpuset.mems=1 and no policy,
#   task    - under a task policy MPOL_BIND node 1 (set_mempolicy).
# Each must be recorded with dmesg's constraint, nodemask and mems_allowed
# (the "oom-kill:constraint=" line), totalpages = node 1's present pages,
# and candidates the kernel would consider: every one in the task dump the
# OOM printed.  A is bound to node 0 by its task policy, C by its cpuset
# only; as oom_cpuset_eligible() decides, the cpuset OOM may take A but not
# C (mems_allowed must intersect), the mempolicy OOM C but not A (an
# MPOL_BIND task policy must intersect the nodemask).
. /selftests/lib.sh
. /selftests/55-oom.inc

F=$MV_DEBUGFS/oom_events
N1=/sys/devices/system/node/node1
HP=$N1/hugepages/hugepages-2048kB/nr_hugepages
[ -r "$F" ] || mv_skip_all "no $F"
[ "$(mv_shape)" = 2node ] || mv_skip_all "needs the 2node shape"
grep -q '^/' /proc/swaps && mv_skip_all "swap is on: node 1 would fill through it"
[ -w "$HP" ] || mv_skip_all "no 2 MiB hugetlb pages on node 1 to shrink it with"
grep -qw cpuset /sys/fs/cgroup/cgroup.controllers || mv_skip_all "no cpuset controller"
mv_setup 56-oom-nodes
CG0=/sys/fs/cgroup/mv56n0
CG1=/sys/fs/cgroup/mv56n1

# ---- node 1 made small; A and C hold memory on node 0 ----
echo +cpuset > /sys/fs/cgroup/cgroup.subtree_control
mv_at_exit "echo -cpuset > /sys/fs/cgroup/cgroup.subtree_control"
mkdir "$CG0" "$CG1"
mv_at_exit "rmdir $CG0 $CG1"
echo 0 > "$CG0/cpuset.mems"
echo 1 > "$CG1/cpuset.mems"
free1=$(awk '$3 == "MemFree:" { print $4 }' "$N1/meminfo")
want=$(((free1 - 320 * 1024) / 2048))
echo "$want" > "$HP"
mv_at_exit "echo 0 > $HP"
small1=$(awk '$3 == "MemFree:" { print $4 }' "$N1/meminfo")
mv_diag "node 1: MemFree ${free1} kB; $(cat "$HP") of $want huge pages reserved; now $small1 kB free"

# Should the kernel kill twice, this script is not what it takes.
echo -1000 > /proc/$$/oom_score_adj
mv-mpol 0 mv-hog -m 200 -a 0 -s 600 -r "$T/a" & A=$!
sh -c "echo \$\$ > $CG0/cgroup.procs; exec mv-hog -m 120 -a 0 -s 600 -r $T/c" & C=$!
MV_PIDS="$A $C"
waitfiles "$T/a" "$T/c" || mv_fail "A and C ready"
mv_diag "A=$A (task policy node 0, 200 MiB) C=$C (cpuset node 0, 120 MiB)"

present1=$(awk '/^Node 1, zone/ { z = 1 } /^Node 0, zone/ { z = 0 }
	z && $1 == "present" { p += $2 } END { print p }' /proc/zoneinfo)

# oom KIND HOW: V, a hog on node 1 with oom_score_adj 500 (the victim), then
# an allocator run HOW fills node 1 until the kernel kills V.
oom() {
	# What the last step freed may sit on per-cpu lists (6.12 kept 300 MB
	# of node 1 there, not counted free, and V itself met the OOM): the
	# lists decay back to the free lists, an eighth of each list's high
	# mark per vmstat refresh: stat_refresh runs one on every CPU.
	w=0
	while [ $((w += 1)) -le 60 ] &&
		[ "$(awk '$3 == "MemFree:" { print $4 }' "$N1/meminfo")" -lt $((small1 - 32768)) ]; do
		echo 1 > /proc/sys/vm/stat_refresh 2>/dev/null
		sleep 0.2
	done
	mv_diag "$1: node 1 free $(awk '$3 == "MemFree:" { print $4 }' "$N1/meminfo") kB (was $small1) after $w look(s)"
	# big enough that its memory, once reaped, ends the OOM at once
	mv-mpol 1 mv-hog -m 96 -a 500 -s 600 -r "$T/v$1" &
	V=$!
	MV_PIDS="$A $C $V"
	waitfiles "$T/v$1" || mv_fail "$1: V ready"
	mv_expect_oom_begin
	case $2 in
	cpuset) sh -c "echo \$\$ > $CG1/cgroup.procs; exec mv-oom-alloc -w $V -c 1 -s 180" ;;
	task) mv-mpol 1 mv-oom-alloc -w "$V" -c 1 -s 180 ;;
	esac > "$T/alloc$1"
	mv_expect_oom_end
	wait "$V" 2>/dev/null
	MV_PIDS="$A $C"
	mv_diag "$1: V=$V allocator: $(cat "$T/alloc$1")"
	mv_diag "dmesg: $(killed_line "$V")"
	mv_diag "dmesg: $(summary_line "$V")"
	mv_check "$1: the kernel killed V ($V)" [ -n "$(killed_line "$V")" ]
}

# check KIND CONSTRAINT IN OUT: the event of V's kill against
# dmesg; IN must be the first candidate, OUT none, as in the kernel's dump.
check() {
	i=0
	while [ $i -lt 50 ]; do
		cat "$F" > "$T/f$1"
		[ "$(cell "$T/f$1" oom_events pid "$V" candidates_state)" != pending ] && break
		sleep 0.1
		i=$((i + 1))
	done
	tab "$T/f$1" oom_events | awk -v v="$V" 'NR == 1 || $3 == v' | while IFS= read -r l; do mv_diag "$l"; done
	seq=$(cell "$T/f$1" oom_events pid "$V" seq)
	tab "$T/f$1" oom_events.candidates | awk -v s="$seq" 'NR == 1 || $1 == s' |
		while IFS= read -r l; do mv_diag "$l"; done
	sl=$(summary_line "$V")
	dcon=$(echo "$sl" | sed -n 's/.*constraint=CONSTRAINT_\([A-Z_]*\),.*/\1/p')
	dmask=$(echo "$sl" | sed -n 's/.*,nodemask=\([^,]*\),.*/\1/p')
	dmems=$(echo "$sl" | sed -n 's/.*,mems_allowed=\([^,]*\),.*/\1/p')
	case $dcon in
	NONE) dcon=global ;;
	MEMORY_POLICY) dcon=mempolicy ;;
	*) dcon=$(echo "$dcon" | tr '[:upper:]' '[:lower:]') ;;
	esac
	[ "$dmask" = "(null)" ] && dmask=-
	got=$(cell "$T/f$1" oom_events pid "$V" constraint)
	[ -n "$got" ] && [ "$got" = "$dcon" ] && [ "$got" = "$2" ]
	ok "$1: constraint $got = dmesg's ($dcon), $2"
	got=$(cell "$T/f$1" oom_events pid "$V" nodemask)
	[ -n "$got" ] && [ "$got" = "$dmask" ]
	ok "$1: nodemask $got = dmesg's ($dmask)"
	got=$(cell "$T/f$1" oom_events pid "$V" mems_allowed)
	[ -n "$got" ] && [ "$got" = "$dmems" ]
	ok "$1: mems_allowed $got = dmesg's ($dmems)"
	got=$(cell "$T/f$1" oom_events pid "$V" totalpages)
	mv_check "$1: totalpages $got = node 1's present pages ($present1)" [ "$got" = "$present1" ]

	cand_pids "$T/f$1" "$seq" > "$T/cand$1"
	[ -s "$T/cand$1" ] && [ "$(cell "$T/f$1" oom_events pid "$V" candidates_state)" = "done" ]
	ok "$1: candidates ranked"
	out=$(in_dump "$T/f$1" "$seq" "$V")
	ok "$1: every candidate is in the kernel's task dump (not:$out)"
	mv_diag "$1: dump: $(tr '\n' ' ' < "$T/dump.$V")"
	mv_diag "$1: candidates: $(tr '\n' ' ' < "$T/cand$1")"
	! grep -qx "$4" "$T/dump.$V" && grep -qx "$3" "$T/dump.$V"
	ok "$1: the kernel's dump leaves $4 out and has $3"
	! grep -qx "$4" "$T/cand$1"
	ok "$1: $4 is no candidate"
	first=$(head -n 1 "$T/cand$1")
	if [ "$first" != "$3" ] && [ -n "$(killed_line "$3")" ]; then
		# The allocator's fault outran the reaping of V and the kernel
		# killed again: $3 was then an OOM victim, which
		# oom_evaluate_task() passes over, if that kill came before
		# the ranking ran.
		cat "$F" > "$T/g$1"
		k2=$(cell "$T/g$1" oom_events pid "$3" seq)
		t2=$(cell "$T/g$1" oom_events pid "$3" boot_ns)
		t1=$(cell "$T/f$1" oom_events pid "$V" boot_ns)
		d1=$(cell "$T/f$1" oom_events pid "$V" candidates_delay_ns)
		mv_diag "$1: the kernel killed $3 too (event $k2 at $t2 ns; V's at $t1 ns, ranked ${d1} ns later)"
		[ "$k2" = $((seq + 1)) ] && [ "$t2" -le $((t1 + d1)) ] && ! grep -qx "$3" "$T/cand$1"
		ok "$1: $3, the biggest the kernel may take, was its next victim (event $k2) before the ranking, so no candidate"
	else
		[ "$first" = "$3" ]
		ok "$1: the first candidate is $3, the biggest the kernel may take"
	fi
}

oom cpuset cpuset
check cpuset cpuset "$A" "$C"
oom task task
check task mempolicy "$C" "$A"

mv_done
