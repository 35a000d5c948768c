#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# memviz top --once and memviz record, without a terminal: every pane of
# the screen against the snapshot it was drawn from (the fixtures' zones,
# oom, oom_memcg, oom_events and proc/vmstat files), the fallbacks
# (cgroupfs, a memcg file, no module), and a recorded series replayed
# frame by frame: each frame shows its own snapshot's zone, rate, PSI and
# kill, the ring keeps the last -n frames.  The terminal itself (keys,
# resize, signals, valgrind) is top-tmux.sh.  TAP on stdout; run from
# tests/ after `make`.
M=../memviz
TMP=tmp/top.$$
mkdir -p "$TMP"
trap 'rm -rf "$TMP"' EXIT
. ./tap.sh
unset COLUMNS LINES

. ./top.inc

for d in fixtures/*/; do
	d=${d%/}
	name=${d#fixtures/}
	$M --debugfs "$d" --pages top --once >"$TMP/out" 2>"$TMP/err"
	ok $? "$name: top --once exits 0"
	check "$name: top --once has every pane's title, the header and the status line" titles "$TMP/out"
	check "$name: zones pane: free, min, low, high, headroom, state of every zone" zones_pane "$d" "$TMP/out"
	check "$name: OOM pane: the next five victims are the oom file's, with its points and score" oom_pane "$d" "$TMP/out"
	check "$name: cgroups pane: every memcg of the memcg or oom_memcg file with its current and max" cgroups_pane "$d" "$TMP/out"
	check "$name: reclaim pane: the snapshot's vmstat totals" reclaim_pane "$d" "$TMP/out"
	! grep -q "$(printf '\033')" "$TMP/out"
	ok $? "$name: no escape sequence when stdout is not a terminal"
done

# 80 columns, 24 lines: every title still there; the narrow zones table.
F=fixtures/6.12-2node
COLUMNS=80 LINES=24 $M --debugfs $F --pages top --once >"$TMP/out"
[ "$(grep -vc '^note: ' "$TMP/out")" -eq 24 ] && grep -v '^note: ' "$TMP/out" | awk 'length > 80 { exit 1 }'
ok $? "80x24: a screen of 24 lines of at most 80 characters (then the notes whole)"
check "80x24: every pane's title" titles "$TMP/out"
rows "$F/zones" zones | awk 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $c["node"], $c["zone"], $c["free"], $c["high"] }' >"$TMP/want"
pane "$TMP/out" node | awk '{ print $1, $2, $3, $4 }' >"$TMP/got"
check "80x24: zones pane: free and high of every zone" same "$TMP/want" "$TMP/got"

# Human units: the same numbers as `memviz zones`.
$M --debugfs $F top --once >"$TMP/out"
$M --debugfs $F zones >"$TMP/z"
awk '/^node/ { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next } h && NF { print $c["node"], $c["zone"], $c["free"], $c["high"] }' "$TMP/z" >"$TMP/want"
pane "$TMP/out" node | awk '{ print $1, $2, $3, $6 }' >"$TMP/got"
check "human units: the zones pane's free and high are memviz zones' text" same "$TMP/want" "$TMP/got"

# ---- a recorded kill ----
N=synthetic/newer-kernel
$M --debugfs $N --pages top --once >"$TMP/out"
grep -q 'last kill #2: pid 285 mv-hog, memcg OOM, 923600 points' "$TMP/out" &&
	grep -q 'by mv-hog (pid 285), 1.0 s before this sample; memcg 28 at 24500 of 24576; 2 kills in oom_events' "$TMP/out"
ok $? "OOM pane: the newest kill of oom_events (seq 2, pid 285, memcg, points, trigger, memcg usage)"

# ---- fallbacks ----
# cgroupfs, top level: no memcg or oom_memcg file, DIR/cgroup as record saves it.
C=$TMP/cgfs
cp -r fixtures/7.3-1node "$C"
rm -rf "$C/oom_memcg" "$C/memcg" "$C/cgroup"
mkdir -p "$C/cgroup/a" "$C/cgroup/b" "$C/cgroup/nomem"
: >"$C/cgroup/cgroup.controllers"
echo 104857600 >"$C/cgroup/a/memory.current"
echo max >"$C/cgroup/a/memory.high"
echo 209715200 >"$C/cgroup/a/memory.max"
printf 'some avg10=5.00 avg60=1.00 avg300=0.20 total=100\nfull avg10=1.50 avg60=0.00 avg300=0.00 total=50\n' >"$C/cgroup/a/memory.pressure"
echo 8388608 >"$C/cgroup/b/memory.current"
echo 16777216 >"$C/cgroup/b/memory.high"
echo max >"$C/cgroup/b/memory.max"
printf 'some avg10=20.00 avg60=1.00 avg300=0.20 total=100\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=50\n' >"$C/cgroup/b/memory.pressure"
$M --debugfs "$C" --pages top --once >"$TMP/out"
pane "$TMP/out" cgroup >"$TMP/got"
printf '%s\n' "/b 2048 4096 max 50 20.00 0.00" "/a 25600 max 51200 50 5.00 1.50" >"$TMP/want"
sed 's/  */ /g; s/ $//' "$TMP/got" >"$TMP/got2"
check "cgroupfs fallback: the top-level cgroups with memory.current, most pressured first, their PSI" same "$TMP/want" "$TMP/got2"
grep -q 'note: cgroups from cgroupfs, top level only: no memcg file; no oom_memcg file' "$TMP/out"
ok $? "cgroupfs fallback: a note says where the cgroups come from and why"
$M --debugfs "$C" --pages top --once -d 0 >/dev/null 2>&1
ok $? "top -d 0 is accepted offline"

# The module's memcg file (one row per memcg, '-' = no limit) comes first.
{
	echo "# memviz memcg v1 page_size=4096 kernel=test"
	echo "cgroup_id parent_id depth current min low high max swap_current swap_max emin elow cgroup"
	echo "1 - 0 9000 0 0 - - 0 - 0 0 /"
	echo "2 1 1 3000 0 0 3500 4000 0 - 0 0 /web"
	echo "3 1 1 100 0 0 - - 0 - 0 0 /idle"
} >"$C/memcg"
$M --debugfs "$C" --pages top --once >"$TMP/out"
pane "$TMP/out" cgroup | sed 's/  */ /g; s/ $//' >"$TMP/got"
printf '%s\n' "/web 3000 3500 4000 86 - -" "/idle 100 max max - - -" >"$TMP/want"
check "memcg file: its rows, high and max ('-' = max), usage against the lower" same "$TMP/want" "$TMP/got"

# No module: zones from zoneinfo, the ranking from the saved processes.
R=$TMP/nomod
mkdir -p "$R"
cp -r fixtures/7.3-1node/proc "$R/"
$M --debugfs "$R" --pages top --once >"$TMP/out"
$M --debugfs "$R" --pages oom --top 1 >"$TMP/o"
first=$(awk '/^rank/ { getline; print $2; exit }' "$TMP/o")
grep -q 'module not loaded' "$TMP/out" && grep -q 'note: .*zones from .*zoneinfo instead' "$TMP/out" &&
	[ -n "$first" ] && [ "$(pane "$TMP/out" rank | awk 'NR == 1 { print $2 }')" = "$first" ]
ok $? "no module: the status says so, zones from zoneinfo, victims from /proc (first: $first)"

# Usage errors.
for a in "--json top" "top -d 0" "--debugfs $F top --replay $F" "top extra" "record" "record a b" "--debugfs $F record $TMP/r -d 1"; do
	# shellcheck disable=SC2086
	$M $a >/dev/null 2>&1
	[ $? -eq 2 ]
	ok $? "usage error: memviz $a"
done

# ---- record and replay ----
make_series "$TMP/src" fixtures/7.3-1node synthetic/newer-kernel
S=$TMP/src
Q=$TMP/ring
r=0
for k in 1 2 3 4 5; do
	$M --debugfs "$S/$k" record "$Q" -n 4 || r=1
done
ok $r "record: five frames from five snapshots"
[ "$(ls "$Q" | tr '\n' ' ')" = "snap-00000002 snap-00000003 snap-00000004 snap-00000005 " ]
ok $? "record -n 4: the ring keeps the last four frames (seq 2..5): $(ls "$Q" | tr '\n' ' ')"
grep -q '^# memviz record v1 seq=3 mono_ns=6000000000 real_s=1700000006' "$Q/snap-00000003/stamp" &&
	[ ! -e "$Q/snap-00000003/lru" ] && [ ! -e "$Q/snap-00000003/reclaim" ] &&
	cmp -s "$S/3/zones" "$Q/snap-00000003/zones" && cmp -s "$S/3/proc/pressure/memory" "$Q/snap-00000003/proc/pressure/memory"
ok $? "record: a frame keeps its source's time, zones and PSI, and no page-frame walk (lru, reclaim)"

$M --pages top --replay "$Q" --once >"$TMP/out"
ok $? "top --replay --once exits 0"
# split into frames at the header line
awk '/^ memviz top - replay/ { n++ } { print > (dir "/frame." n) }' dir="$TMP" "$TMP/out"
bad=0
for i in 1 2 3 4; do
	k=$((i + 1))
	f=$TMP/frame.$i
	[ -f "$f" ] || { echo "# no frame $i"; bad=1; continue; }
	free=$(pane "$f" node | awk '$2 == "DMA32" { print $3 }')
	rate=$(awk '/^kswapd scan/ { print $3 }' "$f")
	psi=$(awk '/^PSI some/ { print $3 }' "$f")
	want_rate=$(((2 * k - 1) * 500))
	[ $i -eq 1 ] && want_rate=-
	ev=$(grep -c '^NEW OOM KILL #2: pid 285' "$f")
	last=$(grep -c '^last kill #2: pid 285' "$f")
	want_ev=0 want_last=0
	[ $k -eq 4 ] && want_ev=1
	[ $k -eq 5 ] && want_last=1
	echo "# frame $i (source $k): free $free rate $rate psi $psi new-kill $ev last-kill $last"
	[ "$free" = $((448615 - k * 10000)) ] && [ "$rate" = "$want_rate" ] && [ "$psi" = "$k.00%" ] &&
		[ "$ev" = $want_ev ] && [ "$last" = $want_last ] &&
		grep -q "frame $i/4 (snap-0000000$k" "$f" && grep -q "recorded 20" "$f" || bad=1
done
ok $bad "replay: every frame shows its snapshot's zone free, kswapd scan rate, PSI, and the kill (new on the frame that gains it)"
sp=$(awk '/^kswapd scan/ { print $NF }' "$TMP/frame.4")
[ "$sp" = "=*#" ]
ok $? "replay: the last frame's sparkline holds the three intervals before it, 2500 3500 4500 /s: '$sp'"

# record again into the same ring: seq goes on, the oldest rotates out
$M --debugfs "$S/1" record "$Q" -n 4 && [ "$(ls "$Q" | head -n 1)" = snap-00000003 ] && [ -d "$Q/snap-00000006" ]
ok $? "record into an existing ring goes on at seq 6 and drops seq 2"

# record --once of this machine, replayed: whatever the host has, from /proc
L=$TMP/live
$M record "$L" --once 2>"$TMP/err"
ok $? "record --once of this machine"
fr=$(ls -d "$L"/snap-* | head -n 1)
[ -s "$fr/proc/vmstat" ] && [ -s "$fr/proc/zoneinfo" ] && grep -q "mono_ns=[0-9]" "$fr/stamp"
ok $? "record --once: vmstat, zoneinfo and a stamp with the time"
$M top --replay "$L" --once >"$TMP/out" 2>&1 && grep -q ' 3 OOM:' "$TMP/out" && grep -q 'frame 1/1' "$TMP/out"
ok $? "top --replay of the live frame"

echo "1..$n"
[ "$failed" -eq 0 ]
