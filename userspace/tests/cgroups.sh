#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# memviz cgroups and explain --cgroup against the 7.3-1node fixture's memcg
# file and its cgroup files (cgroup/<path>/memory.{events,pressure,stat}):
# every events and PSI figure equals the file it comes from, the tree's
# order, --sort/--depth/--top/subtree, JSON, Prometheus (promtool when
# installed) with its --prom-max bound, and explain's sentences.  TAP on
# stdout; run from tests/ after make.
M=../memviz
D=fixtures/7.3-1node
TMP=tmp/cgroups.$$
mkdir -p "$TMP"
trap 'rm -rf "$TMP"' EXIT
. ./tap.sh

cg() { $M --debugfs "$D" --pages cgroups "$@"; }
rows() { awk '/^#/ || !NF { next } !h { h = 1; next } { print $1 }'; }

# memory.events and memory.pressure figures, cgroup by cgroup, from the files.
cg -o cgroup,events_low,events_high,events_max,events_oom,events_oom_kill,psi_some_avg10,psi_full_avg10,psi_some_total_ns,psi_full_total_ns \
	| awk '/^#/ || !NF { next } !h { h = 1; next } { print }' >"$TMP/out"
bad=0 seen=0
while read -r path lo hi mx oom kill s10 f10 stot ftot; do
	dir=$D/cgroup${path%/}
	[ "$path" = / ] && dir=$D/cgroup
	if [ -e "$dir/memory.events" ]; then
		want=$(awk '$1 ~ /^(low|high|max|oom|oom_kill)$/ { printf "%s ", $2 }' "$dir/memory.events")
		[ "$want" = "$lo $hi $mx $oom $kill " ] || { echo "# $path events: '$lo $hi $mx $oom $kill', file '$want'"; bad=1; }
	else
		[ "$lo$hi$mx$oom$kill" = "-----" ] || { echo "# $path: events without a file"; bad=1; }
	fi
	want=$(awk '{ split($2, a, "="); split($5, t, "="); printf "%s %.0f ", a[2], t[2] * 1000 }' "$dir/memory.pressure")
	[ "$want" = "$s10 ${stot} $f10 ${ftot} " ] || { echo "# $path psi: '$s10 $stot $f10 $ftot', file '$want'"; bad=1; }
	seen=$((seen + 1))
done <"$TMP/out"
[ $bad -eq 0 ] && [ $seen -eq 7 ]
ok $? "cgroups: memory.events and memory.pressure figures of all $seen cgroups equal the files"

# current/limits/protection equal the memcg file's row of the same cgroup.
cg -o cgroup,current,high,max,low,elow,min,emin,reclaimable | awk '/^#/ || !NF { next } !h { h = 1; next } { $1 = $1; print }' | sort >"$TMP/a"
awk '/^#/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
	{ print $c["cgroup"], $c["current"], $c["high"], $c["max"], $c["low"], $c["elow"], $c["min"], $c["emin"], $c["reclaimable"] }' "$D/memcg" | sort >"$TMP/b"
check "cgroups: current, high, max, low, elow, min, emin, reclaimable are the memcg file's" cmp "$TMP/a" "$TMP/b"

# Tree order: pre-order, siblings by pressure (PSI some avg10, then usage against the limit).
cg | rows | tr '\n' ' ' >"$TMP/out"
check "cgroups: pre-order, /fixture's children by pressure: b (PSI 12.34), s (98% of max), a" \
	grep -qx '/ /fixture /fixture/b /fixture/s /fixture/a /fixture/a/x /system.slice ' "$TMP/out"
cg | grep -q '^/fixture/a/x  *\.\.\.\.\.\.x '
ok $? "cgroups: the tree column indents by depth (3 levels: 6 dots)"
cg --sort current | rows | tr '\n' ' ' | grep -qx '/ /fixture /fixture/a /fixture/a/x /fixture/s /fixture/b /system.slice '
ok $? "cgroups --sort current: siblings largest first"
cg --sort headroom | rows | tr '\n' ' ' | grep -qx '/ /fixture /fixture/b /fixture/s /fixture/a /fixture/a/x /system.slice '
ok $? "cgroups --sort headroom: least headroom first (b is over high), unlimited last"
cg --depth 1 | rows | tr '\n' ' ' | grep -qx '/ /fixture /system.slice '
ok $? "cgroups --depth 1: the root and its children only"
cg --depth 1 | grep -q '^# 4 cgroup(s) not shown'
ok $? "cgroups --depth 1: says 4 cgroups are not shown"
cg --top 1 | rows | tr '\n' ' ' | grep -qx '/ /fixture /fixture/b '
ok $? "cgroups --top 1: the first child of each cgroup"
cg /fixture/a | rows | tr '\n' ' ' | grep -qx '/fixture/a /fixture/a/x '
ok $? "cgroups /fixture/a: that subtree only"
cg /sys/fs/cgroup/fixture/a/ | rows | tr '\n' ' ' | grep -qx '/fixture/a /fixture/a/x '
ok $? "cgroups /sys/fs/cgroup/fixture/a/: the same subtree"
$M --debugfs "$D" cgroups /nope >/dev/null 2>&1
[ $? -eq 1 ]
ok $? "cgroups /nope: exit 1"
$M --debugfs "$D" cgroups --depth x >/dev/null 2>&1
[ $? -eq 2 ]
ok $? "cgroups --depth x: usage error"
$M --debugfs "$D" oom --depth 1 >/dev/null 2>&1
[ $? -eq 2 ]
ok $? "oom --depth: not an option of oom"

# The memcg-OOM victim of each cgroup with a max is oom_memcg's.
cg -o cgroup,victim_pid | awk '$2 ~ /^[0-9]+$/ { print $1, $2 }' | sort >"$TMP/a"
awk '/^#/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
	$c["memory_max"] != 2251799813685247 && $c["cgroup"] != "/" { print $c["cgroup"], $c["victim_pid"] }' "$D/oom_memcg" | sort >"$TMP/b"
check "cgroups: each memcg-OOM victim is oom_memcg's victim_pid" cmp "$TMP/a" "$TMP/b"

# JSON and Prometheus.
$M --debugfs "$D" --json cgroups >"$TMP/json" && ./jsoncheck <"$TMP/json"
ok $? "cgroups --json: valid JSON"
grep -q '"events_high":57' "$TMP/json"
ok $? "cgroups --json: events_high of /fixture/b is 57"
$M --debugfs "$D" --prom cgroups >"$TMP/prom"
grep -q '^memviz_cgroup_memory_events_total{cgroup="/fixture/b",event="high"} 57$' "$TMP/prom"
ok $? "cgroups --prom: memory.events high of /fixture/b as memviz_cgroup_memory_events_total"
grep -q '^memviz_cgroup_pressure_some_seconds_total{cgroup="/fixture/b"} 80.212001000$' "$TMP/prom"
ok $? "cgroups --prom: PSI some total in seconds (80212001 us)"
if command -v promtool >/dev/null; then
	check "cgroups --prom: promtool check metrics" sh -c "promtool check metrics <$TMP/prom"
else
	skip "cgroups --prom: promtool check metrics" "no promtool"
fi
$M --debugfs "$D" --prom cgroups --prom-max 2 | sed -n 's/.*cgroup="\([^"]*\)".*/\1/p' | sort -u | tr '\n' ' ' >"$TMP/out"
check "cgroups --prom-max 2: the two most pressured only (/fixture, /fixture/b: PSI 12.34)" grep -qx '/fixture /fixture/b ' "$TMP/out"
n_all=$(sed -n 's/.*cgroup="\([^"]*\)".*/\1/p' "$TMP/prom" | sort -u | wc -l)
[ "$n_all" -eq 7 ]
ok $? "cgroups --prom: without --prom-max, all 7 cgroups (under the default bound of 50)"

# explain --cgroup: sentences citing the numbers.
ex() { $M --debugfs "$D" explain --cgroup "$@"; }
ex /fixture/a >"$TMP/out"
check "explain --cgroup /fixture/a: low 8.0MiB but effective low 0, because /fixture has no memory.low and recursiveprot is off" \
	grep -q 'memory.low is 8.0MiB but effective low is 0: the parent /fixture has no memory.low and memory_recursiveprot is off' "$TMP/out"
ex /fixture/s >"$TMP/out"
check "explain --cgroup /fixture/s: 98% of its memory.max" grep -q 'uses 16MiB: 98% of its memory.max 16MiB' "$TMP/out"
check "explain --cgroup /fixture/s: reclaim could take 96KiB, 12KiB of it clean file" grep -q 'Reclaim could take 96KiB of its own pages: 12KiB clean file' "$TMP/out"
check "explain --cgroup /fixture/s: a memcg OOM kills pid 188 (oom_memcg's victim)" grep -q 'would kill pid 188 (mv-hog)' "$TMP/out"
ex /fixture/b >"$TMP/out"
check "explain --cgroup /fixture/b: throttled at high (events high 57, PSI some 12.34%)" \
	grep -q 'high 57, max 0, oom 0, oom_kill 0; memory.pressure some avg10 12.34%, full avg10 3.21%: it is being throttled at memory.high' "$TMP/out"
ex /system.slice >"$TMP/out"
check "explain --cgroup /system.slice: memory.min applies in full" grep -q 'memory.min is 8.0MiB and effective min is 8.0MiB' "$TMP/out"
$M --debugfs "$D" --json explain --cgroup /fixture/a >"$TMP/json" && ./jsoncheck <"$TMP/json" && grep -q '"id":"cgroup_elow"' "$TMP/json"
ok $? "explain --cgroup --json: valid, with the cgroup_elow finding"

ex /fixture/b | grep -q '104% of its memory.high 12MiB (high 12MiB, max none), 544KiB over it'
ok $? "explain --cgroup /fixture/b: 544KiB (136 pages) over memory.high"
for want in "/fixture/a 1 WARNING" "/fixture/s 2 CRITICAL" "/system.slice 0 OK" "/nope 3 UNKNOWN"; do
	# shellcheck disable=SC2086 # three words
	set -- $want
	out=$(ex "$1" --check 2>&1)
	r=$?
	[ $r -eq "$2" ] && case $out in "MEMVIZ $3 "*) true ;; *) false ;; esac
	ok $? "explain --cgroup $1 --check: MEMVIZ $3, exit $2"
done

echo "1..$n"
[ "$failed" -eq 0 ]
