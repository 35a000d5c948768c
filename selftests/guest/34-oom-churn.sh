#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# oom and oom_memcg read while processes fork and exit in a tight loop (and
# cgroups come and go): every read is a complete, well-formed table that
# agrees with itself (counts, ranks, sums, no duplicate pid) and lists
# every process alive across the read, the reader itself included; any
# splat fails the run on the host.
. /selftests/lib.sh

F=$MV_DEBUGFS/oom
M=$MV_DEBUGFS/oom_memcg
[ -r "$F" ] || mv_skip_all "no $F"
mv_setup 34-oom-churn
mv_at_exit 'rmdir /sys/fs/cgroup/mvchurn34-*'

# Forkers: short-lived children (some multi-step: sh -c forks again).
i=0
while [ $i -lt 3 ]; do
	sh -c 'while :; do /bin/true; sh -c "exit 0" & wait; done' &
	MV_PIDS="$MV_PIDS $!"
	i=$((i + 1))
done
# A cgroup churner: create, move a short-lived task in, remove.
sh -c 'n=0; while :; do d=/sys/fs/cgroup/mvchurn34-$n; mkdir $d 2>/dev/null &&
	sh -c "echo \$\$ > $d/cgroup.procs; exit 0"; rmdir $d 2>/dev/null; n=$(((n + 1) % 4)); done' &
MV_PIDS="$MV_PIDS $!"

# well_formed FILE BANNER: banner, one header, every row as wide as it.
well_formed() {
	awk -v b="$2" 'NR == 1 && index($0, "# memviz " b " v1 ") != 1 { print "banner"; exit }
		/^#/ { next } !h { nf = NF; h = 1; next }
		NF != nf { print "row " NR " has " NF " fields, header " nf }
		/^$/ { print "empty line " NR }' "$1"
}

# oom_consistent FILE: one snapshot, so the file must agree with itself:
# processes= and eligible= count its rows; pids are numbers (or '-' for a
# task already unhashed) and unique; ranks run 1..eligible over the
# eligible rows, which come first, by points desc with ties to the later
# order; points = the sum of its parts; next_victim is the first row.
# And it must agree with the kernel: every process alive from before the
# read to after it (env MV_ALIVE, "pid:comm ...") has its row, the reader
# itself included -- a walk that stopped early cannot hide.
oom_consistent() {
	awk 'BEGIN { na = split(ENVIRON["MV_ALIVE"], al, " ") }
	/^# processes=/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] } }
	/^# next_victim=/ { split($2, kv, "="); nv = kv[2] }
	/^#/ { next }
	!h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
	{ rows++; pid = $c["pid"]; comm[pid] = $c["comm"]
	  if (pid !~ /^([1-9][0-9]*|-)$/) print "pid " pid
	  else if (pid != "-" && seen[pid]++) print "duplicate pid " pid
	  if (rows == 1) first = pid
	  if ($c["eligible"] != "yes") { inel = 1; if ($c["rank"] != "-") print "ineligible " pid " ranked"; next }
	  el++
	  if (inel) print "eligible " pid " after an ineligible row"
	  if ($c["rank"] != el) print "rank " $c["rank"] " at eligible row " el
	  pt = $c["points"]; o = $c["order"]
	  if (pt != $c["rss_anon"] + $c["rss_file"] + $c["rss_shmem"] + $c["swapents"] + $c["pgtables"] + $c["adj_pages"])
		print "points of " pid " != its parts"
	  if (el > 1 && (pt + 0 > lp + 0 || (pt + 0 == lp + 0 && o + 0 > lo + 0))) print "order at " pid
	  lp = pt; lo = o }
	END {
		if (f["processes"] != rows) print "processes=" f["processes"] ", rows " rows
		if (f["eligible"] != el) print "eligible=" f["eligible"] ", eligible rows " el
		if (el && nv != first) print "next_victim=" nv ", first row " first
		for (i = 1; i <= na; i++) { split(al[i], pc, ":")
			if (!(pc[1] in comm)) print "missing " al[i]
			else if (pc[2] != "" && comm[pc[1]] != pc[2]) print "comm of " pc[1] " " comm[pc[1]] " != " pc[2] }
	}' "$1"
}

# memcg_consistent FILE: memcgs= counts the rows, ids unique, the root
# memcg's row is there with state root, every state is known and a kill
# names a victim pid.
memcg_consistent() {
	awk '/^# memcgs=/ { split($2, kv, "="); m = kv[2] }
	/^#/ { next }
	!h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
	{ rows++; id = $c["cgroup_id"]
	  if (seen[id]++) print "duplicate cgroup_id " id
	  st = $c["state"]
	  if (st !~ /^(kill|wait|none|root)$/) print "state " st
	  if (st == "kill" && $c["victim_pid"] !~ /^[1-9][0-9]*$/) print "kill without victim in " id
	  if ($c["cgroup"] == "/") root = st }
	END { if (m != rows) print "memcgs=" m ", rows " rows; if (root != "root") print "root memcg state " root }' "$1"
}

# The long-lived: init, the test shell and the churners (comm unchecked).
alive="1:init $$:"
for p in $MV_PIDS; do
	alive="$alive $p:"
done
bad=""
n=0
t0=$(date +%s)
while [ $n -lt 20 ]; do
	# The reader records its own pid: it must find itself.
	sh -c "echo \$\$ > $T/rp; exec cat $F" > "$T/o.$n" || bad="$bad read-oom-$n"
	cat "$M" > "$T/m.$n" || bad="$bad read-oom_memcg-$n"
	r=$(well_formed "$T/o.$n" oom; well_formed "$T/m.$n" oom_memcg)
	[ -z "$r" ] || bad="$bad $n:$r"
	r=$(MV_ALIVE="$alive $(cat "$T/rp"):cat" oom_consistent "$T/o.$n"; memcg_consistent "$T/m.$n")
	[ -z "$r" ] || bad="$bad $n:$(echo "$r" | head -n 5 | tr '\n' ';')"
	grep -q '^# processes=.* truncated=no' "$T/o.$n" || bad="$bad $n:truncated"
	n=$((n + 1))
done
rows=$(awk '/^#/ { next } !h { h = 1; next } { r++ } END { print r }' "$T/o.0")
walk=$(sed -n 's/.*walk_ns=\([0-9]*\).*/\1/p' "$T/o.19")
mv_diag "20 reads of oom and oom_memcg under fork/exit/cgroup churn in $(($(date +%s) - t0)) s; $rows rows; last walk_ns=$walk"
[ -z "$bad" ] || mv_diag "bad:$bad"
mv_check "oom, oom_memcg: 20 reads under churn, each complete, well-formed, self-consistent, never truncated, listing every live process" [ -z "$bad" ]
# shellcheck disable=SC2086
kill $MV_PIDS 2>/dev/null
wait 2>/dev/null
MV_PIDS=""
mv_check "oom: still readable after the churn" sh -c "cat $F > /dev/null && cat $M > /dev/null"

mv_done
