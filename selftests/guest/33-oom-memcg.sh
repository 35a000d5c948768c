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

# ok DESC: one point, passing iff the command list just before succeeded.
ok() {
	# shellcheck disable=SC2319 # the status of the caller's last command
	_rc=$?
	if [ "$_rc" -eq 0 ]; then mv_pass "$1"; else mv_fail "$1"; fi
}

F=$MV_DEBUGFS/oom
M=$MV_DEBUGFS/oom_memcg
[ -r "$M" ] || mv_skip_all "no $M"
T=/tmp/33-oom-memcg.$$
CG=/sys/fs/cgroup/mvoom33
mkdir -p "$T"
pids=""
cleanup() {
	# shellcheck disable=SC2086
	[ -n "$pids" ] && kill $pids 2>/dev/null
	wait 2>/dev/null
	rmdir "$CG" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

mkdir "$CG"
echo 64M > "$CG/memory.max"
[ -e "$CG/memory.swap.max" ] && echo 0 > "$CG/memory.swap.max"
# in the memcg (totalpages 16384, 16 pages per adj unit):
#   X 24 MiB adj 0 ~ 6144 points, Y 8 MiB adj 100 ~ 2048 + 1600: X is the victim.
# globally (~500+ pages per adj unit) Y outranks both X and Z (100 MiB, outside).
sh -c "echo \$\$ > $CG/cgroup.procs; exec mv-hog -m 24 -s 300 -r $T/x" & X=$!
sh -c "echo \$\$ > $CG/cgroup.procs; exec mv-hog -m 8 -a 100 -s 300 -r $T/y" & Y=$!
mv-hog -m 100 -s 300 -r "$T/z" & Z=$!
pids="$X $Y $Z"
i=0
while [ $i -lt 600 ]; do
	[ -e "$T/x" ] && [ -e "$T/y" ] && [ -e "$T/z" ] && break
	sleep 0.1
	i=$((i + 1))
done

cat "$F" > "$T/oom"
cat "$M" > "$T/memcg"
mv_check "oom_memcg: mode is 0400" [ "$(stat -c %a "$M")" = 400 ]
mv_check "oom_memcg: banner is '# memviz oom_memcg v1'" grep -q '^# memviz oom_memcg v1 ' "$T/memcg"

# row FILE KEY VALUE COL
row() {
	awk -v k="$2" -v want="$3" -v c="$4" '/^#/ { next }
	!h { for (i = 1; i <= NF; i++) n[$i] = i; h = 1; next }
	$n[k] == want { print $n[c]; exit }' "$1"
}
mv_diag "X=$X Y=$Y Z=$Z; memcg row: $(awk '/^#/ { next } !h { h = 1; print; next } /mvoom33/' "$T/memcg" | tr -s ' ' | tr '\n' '|')"
id=$(row "$T/memcg" cgroup /mvoom33 cgroup_id)
ino=$(stat -c %i "$CG")
[ -n "$id" ] && [ "$id" = "$ino" ]
ok "oom_memcg: /mvoom33 listed with cgroup_id = its inode ($ino)"
[ "$(row "$T/memcg" cgroup /mvoom33 memory_max)" = 16384 ] && [ "$(row "$T/memcg" cgroup /mvoom33 swap_max)" = 0 ]
ok "oom_memcg: memory_max = 16384 pages (64M), swap_max = 0"
cur=$(($(cat "$CG/memory.current") / 4096))
got=$(row "$T/memcg" cgroup /mvoom33 memory_current)
d=$((got - cur))
[ "$d" -lt 0 ] && d=$((-d))
mv_check "oom_memcg: memory_current ($got) = memory.current ($cur) within 256 pages" [ "$d" -le 256 ]
mv_check "oom_memcg: oom_totalpages = 16384 (memory.max, no swap)" [ "$(row "$T/memcg" cgroup /mvoom33 oom_totalpages)" = 16384 ]
[ "$(row "$T/memcg" cgroup /mvoom33 candidates)" = 2 ] && [ "$(row "$T/memcg" cgroup /mvoom33 state)" = kill ]
ok "oom_memcg: 2 candidates, state kill"
pred=$(row "$T/memcg" cgroup /mvoom33 victim_pid)
mv_check "oom_memcg: predicted victim is X ($X), got $pred" [ "$pred" = "$X" ]
mv_check "oom_memcg: the bigger hog outside (Z) is not predicted" [ "$pred" != "$Z" ]
mv_check "oom_memcg: the root memcg's state is root" [ "$(row "$T/memcg" cgroup / state)" = root ]

# The reader's algorithm, from the oom file alone: tasks whose memcg_id is the
# memcg's, points = parts + adj * (oom_totalpages / 1000), highest first.
rerank=$(awk -v id="$id" -v tp=16384 '/^#/ { next }
	!h { for (i = 1; i <= NF; i++) n[$i] = i; h = 1; next }
	$n["memcg_id"] == id && $n["eligible"] == "yes" {
		p = $n["rss_anon"] + $n["rss_file"] + $n["rss_shmem"] + $n["swapents"] + $n["pgtables"] + $n["oom_score_adj"] * int(tp / 1000)
		if (!got || p > best || (p == best && $n["order"] + 0 > bo)) { best = p; bp = $n["pid"]; bo = $n["order"] + 0; got = 1 }
	} END { print bp, best }' "$T/oom")
mv_diag "re-ranked from the oom file: pid points = $rerank; oom_memcg victim_points = $(row "$T/memcg" cgroup /mvoom33 victim_points)"
mv_check "oom: re-ranking the oom file's rows for the memcg agrees with oom_memcg" \
	[ "$rerank" = "$pred $(row "$T/memcg" cgroup /mvoom33 victim_points)" ]
gfirst=$(awk '/^#/ { next } !h { h = 1; for (i = 1; i <= NF; i++) if ($i == "pid") c = i; next } { print $c; exit }' "$T/oom")
mv_check "oom: globally Y ($Y) would go first, got $gfirst" [ "$gfirst" = "$Y" ]

before=$(dmesg | grep -c 'Killed process')
mv_expect_oom_begin
sh -c "echo \$\$ > $CG/cgroup.procs; exec mv-oom-alloc -w $X,$Y -c 1 -s 60" > "$T/alloc"
mv_expect_oom_end
kl=$(dmesg | grep 'Killed process' | sed -n "$((before + 1))p")
killed=$(echo "$kl" | sed -n 's/.*Killed process \([0-9]*\) .*/\1/p')
mv_diag "allocator: $(cat "$T/alloc"); kernel: $kl"
[ -n "$killed" ] && [ "$killed" = "$pred" ]
ok "memcg OOM: the kernel killed the predicted process ($pred), it killed ${killed:-nobody}"
dmesg | grep -q 'Memory cgroup out of memory'
ok "memcg OOM: it was a memcg OOM"

mv_done
