#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# One check per defect of the reader review (issue 17), each on the input
# that showed it: the fixtures, and the corrupted copies under corrupt/
# (a bad cell, an oom file that is too new, binary or unreadable, comm
# names in and out of UTF-8) and synthetic/newer-kernel (columns and rows
# of kernels the fixtures predate, and two OOM kills).  TAP on stdout;
# run from tests/ after `make`.  promtool checks are skipped without it.
M=../memviz
F=fixtures/6.12-2node
N=synthetic/newer-kernel
C=corrupt
TMP=tmp/defects.$$
mkdir -p "$TMP"
trap 'rm -rf "$TMP"' EXIT
. ./tap.sh

# col FILE COL...: named columns of the first table whose header has COL1.
col() {
	_f=$1
	shift
	awk -v want="$*" '
	BEGIN { n = split(want, w, " ") }
	/^#/ { next }
	!NF { hdr = 0; if (done) exit; next }
	!hdr { delete c; for (i = 1; i <= NF; i++) c[$i] = i; hdr = 1; take = (w[1] in c) && !done; if (take) done = 1; next }
	!take { next }
	{ s = ""; for (k = 1; k <= n; k++) s = s (k > 1 ? " " : "") (w[k] in c ? $c[w[k]] : "?"); print s }' "$_f"
}

# Prometheus text that promtool accepts and that names no series twice.
prom_ok() { # FILE
	[ -s "$1" ] || { echo "empty"; return 1; }
	dup=$(grep -v '^#' "$1" | sed 's/ [^ ]*$//' | sort | uniq -d | head -3)
	[ -z "$dup" ] || { echo "series twice: $dup"; return 1; }
	if command -v promtool >/dev/null; then
		promtool check metrics <"$1" || return 1
	fi
	return 0
}

# 1. Order-N free blocks are blocks of 2^N pages.
d1() {
	$M --debugfs $F --wide --all zones >"$TMP/z" || return 1
	got=$(col "$TMP/z" zone free_o10 | awk '$1 == "DMA32" { print $2 }')
	echo "DMA32 free_o10: $got (689 blocks of 1024 pages = 2.7GiB)"
	[ "$got" = 2.7GiB ] || return 1
	$M --debugfs $F --prom zones >"$TMP/p" || return 1
	grep 'zone="DMA32"' "$TMP/p" | grep 'order="10"' | tee "$TMP/o10"
	grep -q ' 2889875456$' "$TMP/o10" || return 1
	$M --debugfs $F --json zones | grep -q '"free_o10_bytes":2889875456'
}
check "1: free_o10 is 689 order-10 blocks: 2.7GiB in text, 2889875456 bytes in --prom and --json" d1

# 2. activity: a real histogram, labels for order and reclaimer, counters.
d2() {
	$M --debugfs $F --prom activity >"$TMP/p" || return 1
	prom_ok "$TMP/p" || return 1
	! grep -q '_o[0-9]*_total\|_o[0-9]* ' "$TMP/p" || { echo "order in a metric name"; return 1; }
	grep -q '^# TYPE memviz_reclaim_stall_seconds histogram' "$TMP/p" || return 1
	grep -q '^memviz_reclaim_stall_seconds_bucket{node="0",kind="memcg",le="+Inf"} 23$' "$TMP/p" || return 1
	grep '^# TYPE memviz_activity_reclaim_scanned_bytes_total counter' "$TMP/p"
}
check "2: activity --prom passes promtool: histogram, order as a label, scanned/reclaimed counters" d2

# 3. watch --prom: one exposition (offline: one sample of the snapshot).
d3() {
	$M --debugfs $F --prom watch >"$TMP/p" || return 1
	prom_ok "$TMP/p"
}
check "3: watch --prom passes promtool" d3

# 4. comm names: UTF-8 kept, the rest replaced, nothing raw on a terminal.
d4() {
	$M --debugfs $C/comm-utf8 --json oom >"$TMP/j" || return 1
	./jsoncheck <"$TMP/j" || return 1
	grep -q '"comm":"café"' "$TMP/j" || { echo "no café in JSON"; return 1; }
	grep -q '"comm":"naïve"' "$TMP/j" || { echo "no naïve in JSON"; return 1; }
	grep -q '"comm":"bad��"' "$TMP/j" || { echo "invalid bytes not replaced in JSON"; return 1; }
	$M --debugfs $C/comm-utf8 --prom oom >"$TMP/p" || return 1
	prom_ok "$TMP/p" || return 1
	grep -q 'comm="café"' "$TMP/p" || return 1
	grep -q 'comm="q\\"\\\\x"' "$TMP/p" || { echo "quote and backslash not escaped"; return 1; }
	$M --debugfs $C/comm-utf8 oom >"$TMP/t" || return 1
	grep -q 'bad\\xff\\xfe' "$TMP/t" || { echo "text: invalid bytes not escaped"; return 1; }
	$M --debugfs $C/comm-utf8 explain >"$TMP/e" || return 1
	grep -q 'would take pid 285 (café)' "$TMP/e" || return 1
	! LC_ALL=C grep -q "$(printf '\377')" "$TMP/t" "$TMP/j" "$TMP/p" "$TMP/e"
}
check "4: comm in UTF-8 is kept in JSON and labels, invalid bytes replaced (JSON, prom) or escaped (text)" d4

# 5. An origin task (swapoff, ksm) is marked as such, not as LONG_MAX points.
d5() {
	mkdir -p "$TMP/ties/proc"
	printf 'MemTotal: 4000000 kB\nSwapTotal: 0 kB\n' >"$TMP/ties/proc/meminfo"
	{
		echo "# memviz oom v1 page_size=4096 kernel=6.12.117+deb12-amd64"
		echo "rank pid comm oom_score_adj rss_anon rss_file rss_shmem swapents pgtables adj_pages points score eligible origin order cgroup_id memcg_id cgroup"
		echo "1 108 origin 0 10 0 0 0 0 0 10 0 yes yes 30 20 20 /u"
		echo "2 104 big 0 900 0 0 0 0 0 900 0 yes no 20 20 20 /u"
	} >"$TMP/ties/oom"
	$M --debugfs "$TMP/ties" --pages oom >"$TMP/t" 2>&1 || return 1
	! grep -q 9223372036854775807 "$TMP/t" || return 1
	col "$TMP/t" pid points origin | tee "$TMP/r"
	[ "$(head -n 1 "$TMP/r")" = "108 10 yes" ] || return 1
	$M --debugfs "$TMP/ties" --json oom >"$TMP/j" || return 1
	grep -q '"pid":108,"comm":"origin","points":10,' "$TMP/j"
}
check "5: an origin task ranks first with its own points and origin=yes, no LONG_MAX sentinel" d5

# 6. Offline there is no interval: totals since boot, never 'per second'.
d6() {
	$M --debugfs synthetic/below-min-2node explain >"$TMP/t" || return 1
	! grep -q 'interval_ns\|per second' "$TMP/t" || return 1
	$M --debugfs synthetic/below-min-2node --prom explain >"$TMP/p" || return 1
	! grep -q '_per_second' "$TMP/p" || return 1
	grep -q '^memviz_vm_pgscan_bytes_total{reclaimer="kswapd"} ' "$TMP/p"
}
check "6: offline explain shows totals since boot, --prom exports counters, no _per_second" d6

# 7. oom says why its file does not load; summary fails with it.
d7() { # DIR WHAT
	$M --debugfs "$C/$1" oom >"$TMP/o" 2>&1
	r=$?
	cat "$TMP/o"
	[ $r -eq 1 ] && grep -q "$2" "$TMP/o" && ! grep -q 'no processes' "$TMP/o" || return 1
	$M --debugfs "$C/$1" summary >"$TMP/s" 2>&1
	r=$?
	tail -n 3 "$TMP/s"
	[ $r -eq 1 ] && grep -q "$2" "$TMP/s"
}
check "7: oom and summary on an oom v9 file: exit 1, 'newer than this reader'" d7 oom-v9 'newer than this reader'
check "7: oom and summary on a binary oom file: exit 1, 'malformed'" d7 oom-binary 'malformed'
check "7: oom and summary on an unreadable oom file: exit 1, 'cannot read'" d7 oom-unreadable 'cannot read'

# 8. One bad cell is an error naming file, row and column, for every command.
d8() { # CMD...
	$M --debugfs $C/zones-bad-cell "$@" >"$TMP/o" 2>&1
	r=$?
	tail -n 2 "$TMP/o"
	[ $r -eq 1 ] && grep -q "zones: row 2 (node 0, zone DMA32), column free: 'abc' is not a number" "$TMP/o"
}
for c in zones summary explain; do
	check "8: $c on a zones file with free=abc: exit 1 naming the row and column" d8 $c
	check "8: --prom $c on a zones file with free=abc: exit 1 naming the row and column" d8 --prom $c
done

# 9. reclaim.scan's total row is not exported beside its parts.
d9() {
	$M --debugfs $N --prom reclaim >"$TMP/p" || return 1
	prom_ok "$TMP/p" || return 1
	! grep -q 'reclaimer="total"' "$TMP/p" &&
		grep -q '^memviz_reclaim_scanned_bytes_total{reclaimer="proactive"} 409600$' "$TMP/p"
}
check "9: reclaim --prom has no reclaimer=\"total\" (sum() counts once), proactive is a reclaimer" d9

# 10. Rounding: the unit is chosen after rounding (unit.c has the cases).
d10() {
	$M --debugfs $F --json zones >/dev/null || return 1
	$M --debugfs $F zones | grep -q '1024MiB\|10\.0[KMGT]iB' && return 1
	return 0
}
check "10: no 1024MiB or 10.0MiB in zones" d10

# 11. The command line.
d11() {
	$M --frob >"$TMP/o" 2>&1; r=$?; cat "$TMP/o"
	[ $r -eq 2 ] && grep -q "unrecognized option '--frob'" "$TMP/o" || return 1
	$M oom --top >"$TMP/o" 2>&1; r=$?; cat "$TMP/o"
	[ $r -eq 2 ] && grep -q "option '--top' requires an argument" "$TMP/o" || return 1
	$M --debugfs $F oom --top 0 >"$TMP/o" 2>&1; r=$?; cat "$TMP/o"
	[ $r -eq 2 ] || return 1
	$M --json --prom zones >"$TMP/o" 2>&1; r=$?; cat "$TMP/o"
	[ $r -eq 2 ] && grep -q 'one of --json and --prom' "$TMP/o" || return 1
	$M help >"$TMP/o" 2>&1 || return 1
	$M help oom | grep -q -- '--cgroup' || return 1
	$M --help >"$TMP/o" || return 1
	# every command listed with a description
	awk '/^Commands/ { on = 1; next } on && !NF { exit } on && NF < 2 { print "no description:", $0; b = 1 } END { exit b }' "$TMP/o" || return 1
	$M zones --debugfs $F --pages >/dev/null
}
check "11: getopt_long command line: unknown options, missing values, conflicts, help" d11

# 12. snapshot: the real error on the parent; the process list is saved.
d12a() {
	# under /tmp, binary included: the tree may not be reachable by nobody
	snapdir=$(mktemp -d /tmp/memviz-defects.XXXXXX) || return 1
	chmod 0755 "$snapdir" && cp $M "$snapdir/memviz" && mkdir -p "$snapdir/ro" && chmod 0555 "$snapdir/ro"
	(cd / && setpriv --reuid=65534 --regid=65534 --clear-groups "$snapdir/memviz" snapshot "$snapdir/ro/snap") >"$TMP/o" 2>&1
	r=$?
	cat "$TMP/o"
	grep -q "cannot create $snapdir/ro/snap: Permission denied" "$TMP/o"
	g=$?
	rm -rf "$snapdir"
	[ $r -ne 0 ] && [ $g -eq 0 ]
}
if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ]; then
	check "12: snapshot into an unwritable parent names EACCES on it" d12a
else
	skip "12: snapshot into an unwritable parent names EACCES on it" "needs root and setpriv"
fi
d12b() {
	$M snapshot "$TMP/snap" >/dev/null 2>&1 || true	# no module here: /proc only
	[ -s "$TMP/snap/proc/meminfo" ] || return 1
	$M --debugfs "$TMP/snap" --pages oom --top 3 >"$TMP/o" 2>&1 || { cat "$TMP/o"; return 1; }
	[ "$(col "$TMP/o" rank | grep -c '^[0-9]')" -ge 1 ]
}
check "12: a snapshot without the module ranks OOM candidates offline (process list saved)" d12b

# 13. OOM points and adj_pages are page counts, in every table.
d13() {
	$M --debugfs $N oom --events >"$TMP/t" || return 1
	col "$TMP/t" seq points | tee "$TMP/r"
	grep -qx '2 923600' "$TMP/r" || return 1
	$M --debugfs $F oom >"$TMP/t" || return 1
	col "$TMP/t" pid adj_pages points | head -n 1 | tee "$TMP/r"
	grep -qx '285 465900 467073' "$TMP/r"
}
check "13: points and adj_pages are pages as numbers in oom and oom --events" d13

# 14. oom --events --prom always has the kill counter.
d14() {
	$M --debugfs $F --prom oom --events >"$TMP/p" || return 1
	prom_ok "$TMP/p" || return 1
	grep -q '^memviz_oom_kills_recorded_total 0$' "$TMP/p" || return 1
	$M --debugfs $N --prom oom --events >"$TMP/p" || return 1
	prom_ok "$TMP/p" || return 1
	grep -q '^memviz_oom_kills_recorded_total 2$' "$TMP/p"
}
check "14: oom --events --prom exports memviz_oom_kills_recorded_total, 0 without kills" d14

# 15. prom-check covers every command.
d15() {
	for c in activity watch 'oom --events' explain whatif; do
		sed -n '/^PROM_CMDS/,/[^\\]$/p' ../Makefile | grep -q "$c" ||
			{ echo "prom-check lacks $c"; return 1; }
	done
}
check "15: make prom-check runs activity, watch, oom --events (and every other command)" d15

# Kernel-side facts the fixtures predate: shown, never errors; unknown raw.
newer() {
	$M --debugfs $N --wide zones >"$TMP/z" || return 1
	col "$TMP/z" zone free_blocks zz_future | tee "$TMP/r"
	grep -qx 'DMA32 2.7GiB 7' "$TMP/r" || return 1
	$M --debugfs $N --prom zones >"$TMP/p" || return 1
	prom_ok "$TMP/p" || return 1
	! grep -q zz_future "$TMP/p" || { echo "unknown column exported"; return 1; }
	grep -q '^memviz_zone_free_blocks_bytes{node="0",zone="DMA32"} 2868903936$' "$TMP/p" || return 1
	$M --debugfs $N --json zones | grep -q '"zz_future":"7"' || return 1
	for c in summary nodes reclaim oom explain activity 'oom --events'; do
		$M --debugfs $N $c >/dev/null || { echo "$c failed"; return 1; }
	done
	$M --debugfs $F --wide zones | grep -q free_blocks && return 1
	# reclaim.scan's memcg_reclaim_counted=yes changes what explain may say
	$M --debugfs $N explain | grep -q 'counts memcg limit and high reclaim as direct' || return 1
	$M --debugfs $N --prom oom --events | grep -q '^memviz_oom_event_info{seq="2",pid="285",tgid="285",comm="mv-hog",uid="0",trigger_pid="285",trigger_comm="mv-hog",constraint="memcg",oom_memcg_source="traced"} 1$'
}
check "newer kernels: free_blocks shown and exported, an unknown column shown raw and never exported" newer

# ---- The design changes of the issue ----

fit() {
	COLUMNS=60 $M --debugfs $F nodes >"$TMP/t" || return 1
	w=$(grep -v '^#' "$TMP/t" | awk '{ if (length($0) > m) m = length($0) } END { print m }')
	echo "widest row: $w"
	[ "$w" -le 60 ] && grep -q 'left out to fit 60 columns' "$TMP/t" || return 1
	COLUMNS=60 $M --debugfs $F --wide nodes | grep -q workingset_nodereclaim
}
check "fit: COLUMNS=60 leaves out columns and says which; --wide shows them all" fit

select_sort() {
	$M --debugfs $F oom -o pid,points --sort +points >"$TMP/t" || return 1
	grep -v '^#' "$TMP/t" | head -n 3 | tee "$TMP/r"
	[ "$(head -n 1 "$TMP/r")" = "pid points" ] || return 1
	col "$TMP/t" points | grep -v '^-' | awk 'NR > 1 && $1 + 0 < p { exit 1 } { p = $1 + 0 }' || return 1
	$M --debugfs $F zones -o zone,free >"$TMP/t" || return 1
	[ "$(grep -v '^#' "$TMP/t" | head -n 1 | tr -s ' ')" = "zone free" ] || return 1
	$M --debugfs $F --sort free zones >"$TMP/t" || return 1
	[ "$(col "$TMP/t" zone | head -n 1)" = Normal ]
}
check "-o COL,... selects and orders columns, --sort [+]COL sorts rows" select_sort

all_rows() {
	$M --debugfs $F activity >"$TMP/a1" && $M --debugfs $F --all activity >"$TMP/a2" || return 1
	few=$(col "$TMP/a1" reclaimer | wc -l)
	all=$(col "$TMP/a2" reclaimer | wc -l)
	echo "activity.reclaim rows: $few, with --all $all"
	[ "$few" = 2 ] && [ "$all" = 16 ]
}
check "all-zero rows are hidden unless --all" all_rows

hist() {
	$M --debugfs $F activity >"$TMP/t" || return 1
	grep -A7 '^@memcg_stalls\[node 0\]:' "$TMP/t" | tee "$TMP/r"
	grep -q '^\[2ms, 4ms)  *8 |@\{40\}|$' "$TMP/r" && grep -q '^\[1ms, 2ms)  *3 |@\{15\} \{25\}|$' "$TMP/r" &&
		! grep -q '^\[1us' "$TMP/r"
}
check "activity draws the latency histogram bpftrace-style: non-empty buckets, [lo, hi), bars" hist

nagios() { # DIR WANT
	$M --debugfs "$1" explain --check >"$TMP/t" 2>&1
	r=$?
	cat "$TMP/t"
	[ $r -eq "$2" ] && [ "$(wc -l <"$TMP/t")" -eq 1 ] && grep -q '^MEMVIZ [A-Z]* - ' "$TMP/t"
}
check "explain --check: one line, WARNING (1) for a memcg at its limit" nagios $F 1
check "explain --check: CRITICAL (2) for a zone below min" nagios synthetic/below-min-2node 2
check "explain --check: UNKNOWN (3) when a table does not load" nagios $C/zones-bad-cell 3

findings() {
	$M --debugfs synthetic/below-min-2node --json explain >"$TMP/j" || return 1
	./jsoncheck <"$TMP/j" &&
		grep -q '"findings":\[{"id":"zone_below_min","severity":"critical","scope":"node 1 zone Normal","numbers":{"free_pages":' "$TMP/j"
}
check "explain --json: findings are objects {id, severity, scope, numbers, text}" findings

lines() {
	$M watch --lines -n 2 -i 0.1 >"$TMP/t" || return 1
	cat "$TMP/t"
	[ "$(wc -l <"$TMP/t")" -eq 3 ] && head -n 1 "$TMP/t" | grep -q '^sample'
}
if [ -r /proc/zoneinfo ]; then
	check "watch --lines: a header, then one line per sample" lines
else
	skip "watch --lines: a header, then one line per sample" "no /proc/zoneinfo"
fi

ids() {
	$M --debugfs $F --json oom --top 1 | grep -q '"rank":1,"pid":285,"comm":"mv-hog"' &&
		$M --debugfs $F --json zones | grep -q '"node":0,"zone":"DMA"'
}
check "JSON: ids and numeric labels are numbers" ids

echo "1..$n"
[ "$failed" -eq 0 ]
