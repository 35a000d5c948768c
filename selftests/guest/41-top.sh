#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# memviz top and record on this kernel and shape.  `top --once` (live, two
# samples half a second apart) shows every pane: the zones with the marks
# /proc/zoneinfo prints, rates and PSI from /proc/pressure/memory, the
# next victim the oom file names (a hog with oom_score_adj 900), a cgroup
# with the memory.max and memory.high the test wrote and a usage that
# holds its hog, and a status line with this kernel and the module's
# version.  Then `record` runs across a memcg OOM, and `top --replay
# --once` of what it kept shows the kill dmesg names: flashed (NEW OOM
# KILL, memcg) on the one frame that first holds it, never before, as the
# last kill on every frame after.
. /selftests/lib.sh

M=/bin/memviz
CG=/sys/fs/cgroup/mvtop41
CO=/sys/fs/cgroup/mvtop41oom
[ -x "$M" ] || mv_skip_all "no /bin/memviz in this guest"
[ -r "$MV_DEBUGFS/zones" ] || mv_skip_all "memviz is not loaded"
[ -e /sys/fs/cgroup/cgroup.controllers ] || mv_skip_all "no cgroup v2 at /sys/fs/cgroup"
mv_setup 41-top
unset COLUMNS LINES
mv_diag "kernel $(mv_kernel), shape $(mv_shape), $($M --version)"

# pane FILE HEADER-FIRST-WORD: the lines under a pane's column header, to
# the next pane's title or the status line (as userspace/tests/top.inc)
pane() {
	awk -v h="$2" '$1 == h && !on { on = 1; next } on && /^ [0-9] [A-Z]/ { exit }
		on && /^ [^ ]+ \| memviz / { exit } on' "$1"
}

# ---- one screen, live ----
mkdir "$CG" "$CO"
mv_at_exit "rmdir $CG $CO"
echo 64M >"$CG/memory.max"
echo 48M >"$CG/memory.high"
mv-hog -m 16 -a 900 -s 300 -r "$T/first" & H=$!
sh -c "echo \$\$ > $CG/cgroup.procs; exec mv-hog -m 16 -s 300 -r $T/in" & C=$!
MV_PIDS="$H $C"
mv_wait_files 120 "$T/first" "$T/in" || mv_diag "the hogs did not get ready"
oom0=$(awk '$1 == "oom_kill" { print $2 }' /proc/vmstat)
$M --pages top --once -d 0.5 >"$T/once" 2>"$T/err"
rc=$?
oom1=$(awk '$1 == "oom_kill" { print $2 }' /proc/vmstat)
sed 's/^/# | /' "$T/once" | head -n 80
[ $rc -eq 0 ] && [ ! -s "$T/err" ]
mv_ok "top --once exits 0, nothing on stderr"
bad=""
for t in " 1 Zones:" " 2 Reclaim:" " 3 OOM:" " 4 Cgroups:" " memviz top - live, every 0.5 s"; do
	grep -q "^$t" "$T/once" || bad="$bad '$t'"
done
[ -z "$bad" ]
mv_ok "top --once: every pane's title and the header${bad:+ (missing:$bad)}"
! grep -q "$(printf '\033')" "$T/once"
mv_ok "top --once: no escape sequence on a pipe"
grep -q "^ $(uname -r) | memviz [^ ]*, module [0-9][^ ]* | sampled [0-9.]* s ago" "$T/once" &&
	! grep -q 'module not loaded' "$T/once"
mv_ok "top --once: the status line names this kernel ($(uname -r)), the module's version and the sample's age"

# Zones: the marks /proc/zoneinfo prints, zone by zone.
awk '/^Node/ { n = $2; sub(",", "", n); z = $4 }
	$1 == "min" && NF == 2 { mn = $2 } $1 == "low" && NF == 2 { lo = $2 }
	$1 == "high" && NF == 2 { hi = $2 }
	$1 == "present" && $2 > 0 { print n, z, mn, lo, hi }' /proc/zoneinfo >"$T/want"
pane "$T/once" node | awk '{ print $1, $2, $4, $5, $6 }' >"$T/got"
mv_diag "zoneinfo: $(tr '\n' ';' <"$T/want") top: $(tr '\n' ';' <"$T/got")"
[ -s "$T/want" ] && cmp -s "$T/want" "$T/got"
mv_ok "zones pane: every populated zone with the min, low and high of /proc/zoneinfo"

# Reclaim: rates over the half second, PSI, the OOM kills since boot.
grep -q '^ 2 Reclaim: per second over 0\.[0-9] s' "$T/once" &&
	awk '/^kswapd scan/ { exit !($3 ~ /^[0-9.]+k?$/) }' "$T/once"
mv_ok "reclaim pane: rates per second over the half second between the samples"
if [ -r /proc/pressure/memory ]; then
	awk '/^PSI some/ { f = $3 ~ /^[0-9]+\.[0-9][0-9]%$/ } END { exit !f }' "$T/once"
	mv_ok "reclaim pane: PSI some from /proc/pressure/memory ($(awk '/^PSI some/ { print $3 }' "$T/once"))"
else
	mv_skip "reclaim pane: PSI" "no /proc/pressure/memory on this kernel"
fi
[ "$oom0" = "$oom1" ] && [ "$(awk '/^oom kills/ { print $4 }' "$T/once")" = "$oom1" ]
mv_ok "reclaim pane: oom kills since boot = /proc/vmstat oom_kill ($oom1)"

# OOM: the hog with oom_score_adj 900 is the next victim, as the oom file says.
first=$(pane "$T/once" rank | awk 'NR == 1 { print $2 }')
nv=$(mv_fact "$MV_DEBUGFS/oom" next_victim)
[ "$first" = "$H" ] && [ "$nv" = "$H" ]
mv_ok "OOM pane: the first victim is the adj-900 hog ($H; shown $first, oom file next_victim $nv)"

# Cgroups: the memcg the test made, its limits in pages, a usage that holds the hog.
row=$(pane "$T/once" cgroup | awk '$1 == "/mvtop41"')
mv_diag "cgroups: $row"
echo "$row" | awk '{ exit !($3 == 12288 && $4 == 16384 && $2 >= 4096 && $2 <= 16384 && $5 >= 25 && $5 <= 100) }'
mv_ok "cgroups pane: /mvtop41 at current >= 16 MiB of high 12288 and max 16384 pages"
if [ -e "$CG/memory.pressure" ]; then
	echo "$row" | awk '{ exit !($6 ~ /^[0-9]+\.[0-9][0-9]$/ && $7 ~ /^[0-9]+\.[0-9][0-9]$/) }'
	mv_ok "cgroups pane: /mvtop41's PSI some and full avg10 from its memory.pressure"
else
	mv_skip "cgroups pane: PSI" "no memory.pressure in cgroups here"
fi
kill $H $C 2>/dev/null
wait $H $C 2>/dev/null
MV_PIDS=""

# ---- record across a memcg OOM, then replay ----
$M record "$T/ring" -i 0.5 -n 1000 2>"$T/rec.err" & R=$!
MV_PIDS=$R
frames() {
	set -- "$T"/ring/snap-*
	if [ -e "$1" ]; then echo $#; else echo 0; fi
}
i=0
while [ "$(frames)" -lt 2 ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
echo 32M >"$CO/memory.max"
[ -e "$CO/memory.swap.max" ] && echo 0 >"$CO/memory.swap.max"
sh -c "echo \$\$ > $CO/cgroup.procs; exec mv-hog -m 16 -s 300 -r $T/x" & X=$!
MV_PIDS="$R $X"
mv_wait_file "$T/x" 60
before=$(frames)
mv_expect_oom_begin
sh -c "echo \$\$ > $CO/cgroup.procs; exec mv-oom-alloc -w $X -c 1 -s 60" >"$T/alloc"
mv_expect_oom_end
wait $X 2>/dev/null
killed=$(dmesg | sed -n "s/.*Killed process \($X\) .*/\1/p" | tail -n 1)
n=$(frames)
i=0
while [ "$(frames)" -lt $((n + 2)) ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
kill -TERM $R
wait $R
rc=$?
# shellcheck disable=SC2034 # read by mv_cleanup
MV_PIDS=""
mv_diag "record: $(tr '\n' ' ' <"$T/rec.err") frames before the OOM $before, after $(frames); allocator: $(cat "$T/alloc")"
[ "$killed" = "$X" ]
mv_ok "the memcg OOM killed the hog X ($X), as dmesg says"
[ $rc -eq 0 ] && grep -q "recorded [0-9]* frames" "$T/rec.err" && [ "$before" -ge 2 ] && [ "$(frames)" -ge $((before + 2)) ]
mv_ok "record: SIGTERM ends it (exit $rc), frames before ($before) and after ($(frames)) the OOM"

$M --pages top --replay "$T/ring" --once >"$T/replay" 2>"$T/err"
rc=$?
grep -e '^ memviz top - replay' -e 'OOM KILL' -e '^last kill' -e '^no OOM kill' "$T/replay" | sed 's/^/# | /' | head -n 60
# per frame, what its OOM pane says of X (none, new, last), as runs: "none x5, new x1, last x3"
awk -v x="$X" 'function put() { if (n) { printf "%s%s x%d", sep, p, n; sep = ", " } }
	function frame(s) { if (s == p) n++; else { put(); p = s; n = 1 } }
	/^ memviz top - replay/ { if (NR > 1) frame(s); s = "none" }
	$0 ~ "^NEW OOM KILL #[0-9]+: pid " x " .*memcg OOM" { s = "new" }
	$0 ~ "^last kill #[0-9]+: pid " x " .*memcg OOM" { s = "last" }
	END { frame(s); put(); print "" }' "$T/replay" >"$T/seq"
mv_diag "replay, per frame: $(cat "$T/seq")"
[ $rc -eq 0 ] && grep -qx 'none x[0-9]*, new x1, last x[0-9]*' "$T/seq"
mv_ok "replay: the kill of $X shows on the one frame that first holds it (NEW OOM KILL, memcg), not before, as the last kill after"
seq=$(sed -n "s/^NEW OOM KILL #\([0-9]*\): pid $X .*/\1/p" "$T/replay")
fseq=$(awk -v x="$X" '/^# memviz oom_events v/ { on = 1; next } /^# memviz / { on = 0 } on && /^#/ { next }
	on && !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next } on && $c["tgid"] == x { print $c["seq"]; exit }' \
	"$MV_DEBUGFS/oom_events")
[ -n "$seq" ] && [ "$seq" = "$fseq" ]
mv_ok "replay: the kill's seq ($seq) is oom_events' for pid $X ($fseq)"

mv_done
