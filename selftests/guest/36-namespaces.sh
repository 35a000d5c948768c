#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# One rule for pids in every file: as the reader's pid namespace sees
# them, '-' where it cannot, and then '-' for that process's name, uid,
# rss parts and cgroup too (its row, rank and points stay: the kernel
# would still pick it).  Read from a child pid namespace (unshare -p) and
# from the initial one, the same snapshot of the same processes; the
# oracle is /proc of each side.  Also: a comm of "-" is escaped, not read
# as the "not available" marker.
. /selftests/lib.sh

O=$MV_DEBUGFS/oom
[ -r "$O" ] || mv_skip_all "no $O"
unshare -p -f --mount-proc true 2>/dev/null || mv_skip_all "no pid namespaces (unshare -p)"
mv_setup 36-ns

# A program file named "-": exec names the process after it (only a
# process itself may write its /proc/PID/comm, and exec resets that).
ln -s /bin/mv-hog "$T/-"
"$T/-" -m 32 -s 300 -r "$T/out" & OUT=$!
MV_PIDS=$OUT
mv_wait_file "$T/out" 30
# Inside: a hog, then the reads (both files within one snapshot window).
unshare -p -f --mount-proc sh -c "
	mv-hog -m 8 -s 300 -r $T/in & h=\$!
	while [ ! -e $T/in ]; do sleep 0.1; done
	echo \$h > $T/in.pid
	cat /proc/\$h/comm > $T/in.comm
	cat $MV_DEBUGFS/oom > $T/oom.in
	cat $MV_DEBUGFS/nodes > $T/nodes.in
	cat $MV_DEBUGFS/oom_memcg > $T/memcg.in
	kill \$h
" 2> "$T/err"
cat "$O" > "$T/oom.out"
inpid=$(cat "$T/in.pid" 2>/dev/null)
mv_diag "outside hog $OUT (comm -), inside hog pid $inpid in its namespace"

# col FILE PIDCOL PID COL: COL of the row whose PIDCOL is PID
col() {
	awk -v k="$2" -v want="$3" -v c="$4" '/^#/ { next }
		!h { for (i = 1; i <= NF; i++) n[$i] = i; h = 1; next }
		$n[k] == want { print $n[c]; exit }' "$1"
}
rows() {
	awk '/^#/ { next } !h { h = 1; next } { n++ } END { print n + 0 }' "$1"
}
mv_check "namespace: the inside reader sees its hog as pid $inpid, named as /proc names it" \
	[ "$(col "$T/oom.in" pid "$inpid" comm)" = "$(cat "$T/in.comm")" ]
mv_check "namespace: the inside reader gets every process's row (the kernel ranks them all)" \
	[ "$(rows "$T/oom.in")" -ge "$(($(rows "$T/oom.out") - 2))" ]
# The outside hog from inside: the row by its points, identity hidden.
pts=$(col "$T/oom.out" pid "$OUT" points)
awk -v p="$pts" '/^#/ { next } !h { for (i = 1; i <= NF; i++) n[$i] = i; h = 1; next }
	$n["points"] == p { print $n["pid"], $n["comm"], $n["uid"], $n["rss_anon"], $n["cgroup"] }' \
	"$T/oom.in" > "$T/hidden"
mv_diag "the outside hog ($pts points) from inside: $(cat "$T/hidden")"
mv_check "namespace: a process outside shows pid, comm, uid, rss and cgroup as '-' from inside" \
	grep -qx -- '- - - - -' "$T/hidden"
mv_check "namespace: kswapd (outside) has kswapd_pid '-' from inside" \
	[ "$(awk '/^#/ { next } !h { for (i = 1; i <= NF; i++) n[$i] = i; h = 1; next } { print $n["kswapd_pid"] }' "$T/nodes.in" | sort -u)" = - ]
k0=$(grep -lx kswapd0 /proc/[0-9]*/comm 2>/dev/null | head -n 1 | cut -d/ -f3)
mv_check "namespace: kswapd_pid from outside is kswapd0's pid ($k0)" \
	[ "$(awk '/^#/ { next } !h { for (i = 1; i <= NF; i++) n[$i] = i; h = 1; next } { print $n["kswapd_pid"]; exit }' "$MV_DEBUGFS/nodes")" = "$k0" ]
mv_check "namespace: no victim_pid or in_progress_pid of 0 anywhere in oom_memcg" \
	sh -c "! awk '/^#/ { next } !h { for (i = 1; i <= NF; i++) n[\$i] = i; h = 1; next }
		\$n[\"victim_pid\"] == \"0\" || \$n[\"in_progress_pid\"] == \"0\"' $T/memcg.in | grep -q ."
mv_diag "the process named '$(cat "/proc/$OUT/comm")' has comm $(col "$T/oom.out" pid "$OUT" comm) in oom"
mv_check "comm '-' is escaped as \\x2d, never the bare marker" \
	[ "$(col "$T/oom.out" pid "$OUT" comm)" = '\x2d' ]
mv_done
