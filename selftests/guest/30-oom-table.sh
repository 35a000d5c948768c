#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# oom: every process's score equals /proc/PID/oom_score, points are the sum
# of their parts, the parts agree with /proc/PID/status, rows come in the
# kernel's victim order, and unkillable tasks carry the right reason (init,
# kthread, adj_min, vfork, exiting).  comm and cgroup paths are escaped.
. /selftests/lib.sh

F=$MV_DEBUGFS/oom
[ -r "$F" ] || mv_skip_all "no $F"
mv_setup 30-oom
CG="/sys/fs/cgroup/mv oom30"
# Nested, with memory enabled down to the leaf (so oom_memcg lists it),
# and a path far longer than 64 characters.
LTOP=/sys/fs/cgroup/mv30long
LMID=$LTOP/a-cgroup-name-long-enough-to-push-the-path-past-sixty-four-chars
CGL="$LMID/leaf with spaces"
LPATH='/mv30long/a-cgroup-name-long-enough-to-push-the-path-past-sixty-four-chars/leaf\x20with\x20spaces'
mv_at_exit 'rmdir "$CG" "$CGL" "$LMID" "$LTOP"'

# Workload: hogs of known size and adj, one in a cgroup whose name has a space.
mkdir "$CG"
sh -c "echo \$\$ > '$CG/cgroup.procs'; exec mv-hog -m 16 -s 300 -r $T/r1" &
H1=$!
# One in the long cgroup, with a comm whose escaped form (\x20 per space)
# is longer than 31 characters.
mkdir -p "$CGL"
echo +memory > "$LTOP/cgroup.subtree_control"
echo +memory > "$LMID/cgroup.subtree_control"
ln -s /bin/mv-hog "$T/a b c d e f g h"
sh -c "echo \$\$ > '$CGL/cgroup.procs'; exec '$T/a b c d e f g h' -m 4 -s 300 -r $T/r5" &
H5=$!
# comm comes from the executable's name: give it a space.
ln -s /bin/mv-hog "$T/mv hog"
"$T/mv hog" -m 32 -s 300 -r "$T/r2" &
H2=$!
mv-hog -m 8 -a 900 -s 300 -r "$T/r3" &
H3=$!
# comms with a backslash, a tab, a newline and UTF-8 (exec names the task
# after the file: symlinks with those names).
E=""
for name in 'back\\slash' 'tab	tab' 'new
line' "$(printf '\303\251t\303\251')"; do
	ln -s /bin/mv-hog "$T/$name"
	"$T/$name" -m 1 -s 300 -r "$T/e$(echo "$E" | wc -w)" &
	E="$E $!"
done
mv-hog -m 4 -a -1000 -s 300 -r "$T/r4" &
H4=$!
mv-oom-vfork 300 "$T/vf" &
VP=$!
# The child of "sleep 0 &" stays a zombie: exec'd sleep never reaps it.
sh -c 'sleep 0 & exec sleep 300' &
ZP=$!
MV_PIDS="$H1 $H2 $H3 $H4 $H5 $VP $ZP $E"
mv_wait_files 30 "$T/r1" "$T/r2" "$T/r3" "$T/r4" "$T/r5" "$T/vf" "$T/e0" "$T/e1" "$T/e2" "$T/e3"
# mv-oom-vfork writes the child's pid into vf once it is in vfork().
i=0
while [ ! -s "$T/vf" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
VC=$(cat "$T/vf" 2>/dev/null)
MV_PIDS="$MV_PIDS $VC"
ZC=""
i=0
while [ -z "$ZC" ] && [ $i -lt 50 ]; do
	for s in /proc/[0-9]*/stat; do
		# shellcheck disable=SC2046
		set -- $(sed 's/.*) //' "$s" 2>/dev/null)
		[ "$1" = Z ] && [ "$2" = "$ZP" ] && { ZC=${s#/proc/}; ZC=${ZC%/stat}; }
	done
	[ -n "$ZC" ] || sleep 0.1
	i=$((i + 1))
done
mv_diag "hogs $H1 $H2 $H3 $H4 vfork child $VC zombie $ZC"

cat "$F" > "$T/oom"
mv_check "oom: mode is 0400" [ "$(stat -c %a "$F")" = 400 ]
mv_check "oom: banner is '# memviz oom v1'" grep -q '^# memviz oom v1 ' "$T/oom"

# fact KEY: value of KEY=... in the comment lines
fact() {
	sed -n "s/^#.* $1=\([^ ]*\).*/\1/p" "$T/oom" | head -n 1
}
# rows FILE: "name=value ..." per row, with every column named
rows() {
	awk '/^#/ { next } !h { for (i = 1; i <= NF; i++) n[i] = $i; nf = NF; h = 1; next }
	{ if (NF != nf) { print "BADNF " NF " " nf; next }
	  s = ""; for (i = 1; i <= NF; i++) s = s n[i] "=" $i " "; print s }' "$1"
}
rows "$T/oom" > "$T/rows"
# get PID COL: that column of PID's row
get() {
	awk -v p="$1" -v c="$2" '{ delete v; for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = substr($i, length(kv[1]) + 2) }
		if (v["pid"] == p) { print v[c]; exit } }' "$T/rows"
}

[ -s "$T/rows" ] && ! grep -q '^BADNF' "$T/rows"
mv_ok "oom: every row has as many fields as the header"

memtotal=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
swaptotal=$(awk '/^SwapTotal:/ { print $2 }' /proc/meminfo)
TP=$(fact totalpages)
mv_diag "header: $(grep '^# totalpages' "$T/oom")"
mv_check "oom: totalram = MemTotal ($((memtotal / 4)) pages)" [ "$(fact totalram)" = $((memtotal / 4)) ]
[ "$(fact swap_total)" = $((swaptotal / 4)) ] && [ "$(fact swap_source)" = /proc/meminfo ]
mv_ok "oom: swap_total = SwapTotal ($((swaptotal / 4)) pages), from /proc/meminfo"
mv_check "oom: totalpages = totalram + swap_total" [ "$TP" = $(((memtotal + swaptotal) / 4)) ]
mv_check "oom: not truncated" [ "$(fact truncated)" = no ]

# points = parts + adj_pages, adj_pages = adj * (totalpages / 1000), for every eligible row
bad=$(awk -v tp="$TP" '{ delete v; for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = substr($i, length(kv[1]) + 2) }
	if (v["eligible"] != "yes") next
	a = v["oom_score_adj"] * int(tp / 1000)
	s = v["rss_anon"] + v["rss_file"] + v["rss_shmem"] + v["swapents"] + v["pgtables"] + v["adj_pages"]
	if (v["adj_pages"] != a || v["points"] != s) print v["pid"] }' "$T/rows")
[ -z "$bad" ] || mv_diag "points != parts for: $bad"
mv_check "oom: points = rss_anon+rss_file+rss_shmem+swapents+pgtables+adj_pages, adj_pages = adj*(totalpages/1000)" [ -z "$bad" ]

# score = /proc/PID/oom_score for every row (0 for the ineligible); a task
# whose memory moved between the two reads gets a second chance.
score_mismatches() {
	awk '{ delete v; for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = substr($i, length(kv[1]) + 2) }
		if (v["pid"] != "-") print v["pid"], v["score"] }' "$1" |
	while read -r pid score; do
		[ "$pid" = $$ ] && continue
		k=$(cat "/proc/$pid/oom_score" 2>/dev/null) || continue
		[ "$k" = "$score" ] || echo "$pid:$score/$k"
	done
}
bad=$(score_mismatches "$T/rows")
if [ -n "$bad" ]; then
	mv_diag "first pass score/oom_score mismatches: $bad"
	cat "$F" > "$T/oom2"
	rows "$T/oom2" > "$T/rows2"
	bad=$(score_mismatches "$T/rows2")
fi
[ -z "$bad" ] || mv_diag "score/oom_score mismatches: $bad"
mv_check "oom: score = /proc/PID/oom_score for every process ($(wc -l < "$T/rows") rows)" [ -z "$bad" ]

# Order: eligible first by points desc, ties by later order; rank 1..n; then the ineligible.
bad=$(awk '{ delete v; for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = substr($i, length(kv[1]) + 2) }
	e = v["eligible"] == "yes"
	if (e && seen_inel) { print "eligible after ineligible: " v["pid"]; next }
	if (!e) { seen_inel = 1; if (v["rank"] != "-") print "ineligible with rank: " v["pid"]; next }
	r++
	if (v["rank"] != r) print "rank " v["rank"] " != " r
	pt = v["points"] + 0; o = v["order"] + 0
	if (r > 1 && (pt > lp || (pt == lp && o > lo))) print "out of order: " v["pid"]
	lp = pt; lo = o }' "$T/rows")
[ -z "$bad" ] || mv_diag "$bad"
mv_check "oom: eligible rows by points desc, ties to the later process, then the ineligible" [ -z "$bad" ]

first=$(awk '/^#/ { next } !h { h = 1; for (i = 1; i <= NF; i++) if ($i == "pid") c = i; next } { print $c; exit }' "$T/oom")
mv_check "oom: first row is the 8 MiB hog with oom_score_adj 900 ($H3), got $first" [ "$first" = "$H3" ]
mv_check "oom: next_victim in the header is $H3" grep -q "^# next_victim=$H3 " "$T/oom"

# Parts against /proc/PID/status (kB), within rss_slack (percpu counters on 6.2+).
SL=$(fact rss_slack)
bad=""
for p in $H1 $H2 $H3 $H4; do
	for m in rss_anon:RssAnon rss_file:RssFile rss_shmem:RssShmem swapents:VmSwap pgtables:VmPTE; do
		mine=$(get "$p" "${m%%:*}")
		st=$(awk -v k="${m#*:}:" '$1 == k { print int($2 / 4) }' "/proc/$p/status")
		d=$((mine - st))
		[ "$d" -lt 0 ] && d=$((-d))
		[ "$d" -le "$SL" ] || bad="$bad $p:${m%%:*}=$mine/status=$st"
	done
done
[ -z "$bad" ] || mv_diag "$bad"
mv_check "oom: hogs' rss_anon/rss_file/rss_shmem/swapents/pgtables = /proc/PID/status within rss_slack=$SL" [ -z "$bad" ]
# 8192 pages touched; counters may lag: 6.1 caches up to 63 faults per
# thread, 6.2+ up to rss_slack pages per CPU.
ra=$(get "$H2" rss_anon)
mv_check "oom: 32 MiB hog's rss_anon ($ra) >= 8192 - 64 - rss_slack" [ "$ra" -ge $((8192 - 64 - SL)) ]

mv_check "oom: init (pid 1) is ineligible: init" [ "$(get 1 eligible)" = init ]
kt=$(awk '/^Name:/ { print $2 }' /proc/2/status)
[ "$(get 2 eligible)" = kthread ] && [ "$(get 2 rss_anon)" = - ] && [ "$(get 2 points)" = - ]
mv_ok "oom: kthreadd (pid 2, $kt) is ineligible: kthread, no mm parts"
mv_check "oom: oom_score_adj -1000 hog is ineligible: adj_min" [ "$(get "$H4" eligible)" = adj_min ]
[ -n "$VC" ] && [ "$(get "$VC" eligible)" = vfork ]
mv_ok "oom: child in vfork() ($VC) is ineligible: vfork"
[ -n "$ZC" ] && [ "$(get "$ZC" eligible)" = exiting ]
mv_ok "oom: zombie ($ZC) is ineligible: exiting"
[ -z "$(awk '/eligible=/ && !/eligible=yes / && (!/ score=0 / || !/ points=- /)' "$T/rows")" ]
mv_ok "oom: ineligible rows have score 0 and points '-'"

mv_check "oom: comm 'mv hog' is escaped as mv\\x20hog" [ "$(get "$H2" comm)" = 'mv\x20hog' ]
# The kernel's bytes (/proc/PID/comm, less the newline it ends with),
# escaped by the rule of table-format.md: whitespace, control bytes,
# backslash and bytes >= 0x7f as \xHH, the rest as they are.
escaped() {
	od -An -tx1 "/proc/$1/comm" | tr -s ' \n' '  ' | awk '
	function hex(h,    i, n) { n = 0; for (i = 1; i <= 2; i++) n = n * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1; return n }
	{ for (i = 1; i < NF; i++) { n = hex($i); s = s ((n <= 32 || n >= 127 || n == 92) ? "\\x" $i : sprintf("%c", n)) } print s }'
}
bad=""
for p in $E; do
	want=$(escaped "$p")
	[ -n "$want" ] && [ "$(get "$p" comm)" = "$want" ] || bad="$bad $p:$(get "$p" comm)/$want"
done
[ -z "$bad" ] || mv_diag "comm escaping: memviz/kernel:$bad"
mv_check "oom: comms with a backslash, a tab, a newline and UTF-8 are /proc/PID/comm's bytes, escaped \\xHH" [ -z "$bad" ]
mv_check "oom: cgroup '/mv oom30' is escaped as /mv\\x20oom30" [ "$(get "$H1" cgroup)" = '/mv\x20oom30' ]
mv_check "oom: a root-cgroup hog's cgroup is /" [ "$(get "$H3" cgroup)" = / ]
# Long text cells come out whole, in both files (never cut to a buffer).
mv_diag "long cgroup ${#LPATH} chars: $(get "$H5" cgroup)"
mv_check "oom: a ${#LPATH}-character cgroup path comes out whole" [ "$(get "$H5" cgroup)" = "$LPATH" ]
mv_check "oom: comm 'a b c d e f g h' comes out whole as a\\x20b...\\x20h (36 chars)" \
	[ "$(get "$H5" comm)" = 'a\x20b\x20c\x20d\x20e\x20f\x20g\x20h' ]
cat "$MV_DEBUGFS/oom_memcg" > "$T/memcg"
! rows "$T/memcg" | grep -q '^BADNF' &&
	[ "$(mv_row "$T/memcg" cgroup "$LPATH" victim_pid)" = "$H5" ] &&
	[ "$(mv_row "$T/memcg" cgroup "$LPATH" victim_comm)" = 'a\x20b\x20c\x20d\x20e\x20f\x20g\x20h' ]
mv_ok "oom_memcg: the long cgroup's row has its whole path, its victim and its whole comm"
mv_diag "$(grep -E '^# (processes|next_victim)' "$T/oom")"

mv_done
