#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# oom and oom_memcg read while processes fork and exit in a tight loop (and
# cgroups come and go): every read is a complete, well-formed table, with
# no stale or torn rows; any splat fails the run on the host.
. /selftests/lib.sh

F=$MV_DEBUGFS/oom
M=$MV_DEBUGFS/oom_memcg
[ -r "$F" ] || mv_skip_all "no $F"
T=/tmp/34-oom-churn.$$
mkdir -p "$T"
pids=""
cleanup() {
	# shellcheck disable=SC2086
	[ -n "$pids" ] && kill $pids 2>/dev/null
	wait 2>/dev/null
	rmdir /sys/fs/cgroup/mvchurn34-* 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

# Forkers: short-lived children (some multi-step: sh -c forks again).
i=0
while [ $i -lt 3 ]; do
	sh -c 'while :; do /bin/true; sh -c "exit 0" & wait; done' &
	pids="$pids $!"
	i=$((i + 1))
done
# A cgroup churner: create, move a short-lived task in, remove.
sh -c 'n=0; while :; do d=/sys/fs/cgroup/mvchurn34-$n; mkdir $d 2>/dev/null &&
	sh -c "echo \$\$ > $d/cgroup.procs; exit 0"; rmdir $d 2>/dev/null; n=$(((n + 1) % 4)); done' &
pids="$pids $!"

# well_formed FILE BANNER: banner, one header, every row as wide as it.
well_formed() {
	awk -v b="$2" 'NR == 1 && index($0, "# memviz " b " v1 ") != 1 { print "banner"; exit }
		/^#/ { next } !h { nf = NF; h = 1; next }
		NF != nf { print "row " NR " has " NF " fields, header " nf }
		/^$/ { print "empty line " NR }' "$1"
}

bad=""
n=0
t0=$(date +%s)
while [ $n -lt 20 ]; do
	cat "$F" > "$T/o.$n" || bad="$bad read-oom-$n"
	cat "$M" > "$T/m.$n" || bad="$bad read-oom_memcg-$n"
	r=$(well_formed "$T/o.$n" oom; well_formed "$T/m.$n" oom_memcg)
	[ -z "$r" ] || bad="$bad $n:$r"
	# no row may name a pid that is not a number or '-'
	r=$(awk '/^#/ { next } !h { for (i = 1; i <= NF; i++) if ($i == "pid") c = i; h = 1; next }
		$c !~ /^([0-9]+|-)$/ { print "pid " $c }' "$T/o.$n")
	[ -z "$r" ] || bad="$bad $n:$r"
	grep -q '^# processes=.* truncated=no' "$T/o.$n" || bad="$bad $n:truncated"
	n=$((n + 1))
done
rows=$(awk '/^#/ { next } !h { h = 1; next } { r++ } END { print r }' "$T/o.0")
walk=$(sed -n 's/.*walk_ns=\([0-9]*\).*/\1/p' "$T/o.19")
mv_diag "20 reads of oom and oom_memcg under fork/exit/cgroup churn in $(($(date +%s) - t0)) s; $rows rows; last walk_ns=$walk"
[ -z "$bad" ] || mv_diag "bad:$bad"
mv_check "oom, oom_memcg: 20 reads under churn, all complete and well-formed, never truncated" [ -z "$bad" ]
# shellcheck disable=SC2086
kill $pids 2>/dev/null
wait 2>/dev/null
pids=""
mv_check "oom: still readable after the churn" sh -c "cat $F > /dev/null && cat $M > /dev/null"

mv_done
