#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The real thing, in a memcg: two hogs in a cgroup with memory.max=64M and a
# bigger hog outside.  oom_memcg names the victim of a memcg OOM there, using
# the memcg's totalpages (so oom_score_adj weighs 16 pages per unit, not
# ~500 as globally: the global ranking would pick the other hog).  The oom
# file's rows, re-ranked the way the header says, agree.  Then an unkillable
# allocator inside the cgroup triggers the memcg OOM and the kernel must kill
# the predicted hog, not the bigger one outside.
. /selftests/lib.sh

F=$MV_DEBUGFS/oom
M=$MV_DEBUGFS/oom_memcg
[ -r "$M" ] || mv_skip_all "no $M"
mv_setup 33-oom-memcg
CG=/sys/fs/cgroup/mvoom33
mv_at_exit 'rmdir "$CG"'

mkdir "$CG"
echo 64M > "$CG/memory.max"
[ -e "$CG/memory.swap.max" ] && echo 0 > "$CG/memory.swap.max"
# in the memcg (totalpages 16384, 16 pages per adj unit):
#   X 24 MiB adj 0 ~ 6144 points, Y 8 MiB adj 100 ~ 2048 + 1600: X is the victim.
# globally (~500+ pages per adj unit) Y outranks both X and Z (100 MiB, outside).
sh -c "echo \$\$ > $CG/cgroup.procs; exec mv-hog -m 24 -s 300 -r $T/x" & X=$!
sh -c "echo \$\$ > $CG/cgroup.procs; exec mv-hog -m 8 -a 100 -s 300 -r $T/y" & Y=$!
mv-hog -m 100 -s 300 -r "$T/z" & Z=$!
MV_PIDS="$X $Y $Z"
mv_wait_files 60 "$T/x" "$T/y" "$T/z"

cat "$F" > "$T/oom"
cat "$M" > "$T/memcg"
mv_check "oom_memcg: mode is 0400" [ "$(stat -c %a "$M")" = 400 ]
mv_check "oom_memcg: banner is '# memviz oom_memcg v1'" grep -q '^# memviz oom_memcg v1 ' "$T/memcg"

mv_diag "X=$X Y=$Y Z=$Z; memcg row: $(awk '/^#/ { next } !h { h = 1; print; next } /mvoom33/' "$T/memcg" | tr -s ' ' | tr '\n' '|')"
id=$(mv_row "$T/memcg" cgroup /mvoom33 cgroup_id)
ino=$(stat -c %i "$CG")
[ -n "$id" ] && [ "$id" = "$ino" ]
mv_ok "oom_memcg: /mvoom33 listed with cgroup_id = its inode ($ino)"
[ "$(mv_row "$T/memcg" cgroup /mvoom33 memory_max)" = 16384 ] && [ "$(mv_row "$T/memcg" cgroup /mvoom33 swap_max)" = 0 ]
mv_ok "oom_memcg: memory_max = 16384 pages (64M), swap_max = 0"
cur=$(($(cat "$CG/memory.current") / 4096))
got=$(mv_row "$T/memcg" cgroup /mvoom33 memory_current)
d=$((got - cur))
[ "$d" -lt 0 ] && d=$((-d))
mv_check "oom_memcg: memory_current ($got) = memory.current ($cur) within 256 pages" [ "$d" -le 256 ]
mv_check "oom_memcg: oom_totalpages = 16384 (memory.max, no swap)" [ "$(mv_row "$T/memcg" cgroup /mvoom33 oom_totalpages)" = 16384 ]
[ "$(mv_row "$T/memcg" cgroup /mvoom33 candidates)" = 2 ] && [ "$(mv_row "$T/memcg" cgroup /mvoom33 state)" = kill ]
mv_ok "oom_memcg: 2 candidates, state kill"
pred=$(mv_row "$T/memcg" cgroup /mvoom33 victim_pid)
mv_check "oom_memcg: predicted victim is X ($X), got $pred" [ "$pred" = "$X" ]
mv_check "oom_memcg: the bigger hog outside (Z) is not predicted" [ "$pred" != "$Z" ]
mv_check "oom_memcg: the root memcg's state is root" [ "$(mv_row "$T/memcg" cgroup / state)" = root ]

# The reader's algorithm, from the oom file alone: tasks whose memcg_id is the
# memcg's, points = parts + adj * (oom_totalpages / 1000), highest first.
rerank=$(awk -v id="$id" -v tp=16384 '/^#/ { next }
	!h { for (i = 1; i <= NF; i++) n[$i] = i; h = 1; next }
	$n["memcg_id"] == id && $n["eligible"] == "yes" {
		p = $n["rss_anon"] + $n["rss_file"] + $n["rss_shmem"] + $n["swapents"] + $n["pgtables"] + $n["oom_score_adj"] * int(tp / 1000)
		if (!got || p > best || (p == best && $n["order"] + 0 > bo)) { best = p; bp = $n["pid"]; bo = $n["order"] + 0; got = 1 }
	} END { print bp, best }' "$T/oom")
mv_diag "re-ranked from the oom file: pid points = $rerank; oom_memcg victim_points = $(mv_row "$T/memcg" cgroup /mvoom33 victim_points)"
mv_check "oom: re-ranking the oom file's rows for the memcg agrees with oom_memcg" \
	[ "$rerank" = "$pred $(mv_row "$T/memcg" cgroup /mvoom33 victim_points)" ]
gfirst=$(mv_first "$T/oom" pid)
mv_check "oom: globally Y ($Y) would go first, got $gfirst" [ "$gfirst" = "$Y" ]

# The kill is the first one logged after a marker written just before.
marker="memviz-33 memcg-oom $$"
mv_kmsg "$marker"
mv_expect_oom_begin
sh -c "echo \$\$ > $CG/cgroup.procs; exec mv-oom-alloc -w $X,$Y -c 1 -s 60" > "$T/alloc"
mv_expect_oom_end
kl=$(mv_first_kill_after "$marker")
killed=${kl%% *}
mv_diag "allocator: $(cat "$T/alloc"); first kill after the marker: ${kl:-none}"
[ -n "$killed" ] && [ "$killed" = "$pred" ]
mv_ok "memcg OOM: the kernel killed the predicted process ($pred), it killed ${killed:-nobody}"
[ "$(echo "$kl" | cut -d' ' -f2-4)" = "CONSTRAINT_MEMCG memcg $killed" ]
mv_ok "memcg OOM: that kill was a memcg OOM's (CONSTRAINT_MEMCG, 'Memory cgroup out of memory: Killed process')"

mv_done
