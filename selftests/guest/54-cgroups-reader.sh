#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# cgroups-reader: `memviz cgroups` in a guest with a few cgroups, against
# the kernel's own files read around it:
#   events   low high max oom oom_kill = memory.events
#   psi      some/full avg10 and total = memory.pressure (total in ns = us * 1000)
#   usage    current high max = memory.current/high/max in pages
# Every figure is compared only when the file read before and after the
# reader is the same (the hogs are stopped first, so that is soon the case),
# so an equality cannot be a race; and the throttled cgroup must have
# counted high events and PSI time, or the comparison proved nothing.
. /selftests/lib.sh

[ -r "$MV_DEBUGFS/memcg" ] || mv_skip_all "no $MV_DEBUGFS/memcg"
command -v memviz >/dev/null || mv_skip_all "no reader in the guest"
[ -w /sys/fs/cgroup/cgroup.subtree_control ] || mv_skip_all "no cgroup v2"
grep -qw memory /sys/fs/cgroup/cgroup.controllers || mv_skip_all "no memory controller on cgroup v2"
mv_setup 54-cgroups-reader
R=/sys/fs/cgroup/mv54
mv_at_exit 'for d in $(find $R -depth -type d 2>/dev/null); do rmdir $d; done'
swapoff -a 2>/dev/null
echo +memory > /sys/fs/cgroup/cgroup.subtree_control
mkdir -p "$R"
echo +memory > "$R/cgroup.subtree_control"
mkdir -p "$R/thr" "$R/full" "$R/prot/in"
echo +memory > "$R/prot/cgroup.subtree_control"
echo 16M > "$R/thr/memory.high"
echo 48M > "$R/full/memory.max"
echo 32M > "$R/prot/in/memory.low"

in_cg() {
	_cg=$1
	shift
	sh -c "echo \$\$ > $_cg/cgroup.procs; exec $*" &
	MV_PIDS="${MV_PIDS:+$MV_PIDS }$!"
}
# anon over memory.high without swap: every return to user space is throttled
in_cg "$R/thr" mv-hog -m 24 -s 300
in_cg "$R/full" mv-hog -m 40 -s 300 -r "$T/full"
in_cg "$R/prot/in" mv-hog -m 8 -s 300 -r "$T/in"
mv_wait_files 60 "$T/full" "$T/in" || mv_diag "hogs not ready in 60 s"
sleep 3
# shellcheck disable=SC2086 # a list of pids
kill -STOP $MV_PIDS
mv_at_exit "kill -CONT $MV_PIDS"

# files CGROUP: what the reader should print, from the cgroup's own files
files() {
	d=/sys/fs/cgroup$1
	ev=$(awk '$1 ~ /^(low|high|max|oom|oom_kill)$/ { printf "%s ", $2 }' "$d/memory.events")
	psi=$(awk '{ split($2, a, "="); split($5, t, "="); printf "%s %.0f ", a[2], t[2] * 1000 }' "$d/memory.pressure")
	lim() { v=$(cat "$d/$1"); case $v in max) echo - ;; *) echo $((v / 4096)) ;; esac; }
	echo "$1 $(($(cat "$d/memory.current") / 4096)) $(lim memory.high) $(lim memory.max) $ev$psi"
}
COLS=cgroup,current,high,max,events_low,events_high,events_max,events_oom,events_oom_kill,psi_some_avg10,psi_some_total_ns,psi_full_avg10,psi_full_total_ns
n=0
while :; do
	for c in /mv54 /mv54/thr /mv54/full /mv54/prot /mv54/prot/in; do files $c; done >"$T/before"
	memviz --pages -o "$COLS" cgroups /mv54 >"$T/out" 2>"$T/err"
	rc=$?
	for c in /mv54 /mv54/thr /mv54/full /mv54/prot /mv54/prot/in; do files $c; done >"$T/after"
	n=$((n + 1))
	cmp -s "$T/before" "$T/after" && break
	[ $n -ge 10 ] && break
	sleep 2
done
mv_check "cgroups-reader: memviz cgroups /mv54 runs" [ "$rc" -eq 0 ]
cmp -s "$T/before" "$T/after" || mv_diag "files still changing after $n tries"
awk '/^#/ || !NF { next } !h { h = 1; next } { $1 = $1; print }' "$T/out" | sort >"$T/got"
awk '{ printf "%s %s %s %s %s %s %s %s %s %s %s %s %s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 }' "$T/after" | sort >"$T/want"
if cmp -s "$T/got" "$T/want"; then
	mv_pass "cgroups-reader: current, high, max, memory.events and memory.pressure of 5 cgroups equal the files"
else
	mv_diag "reader: $(tr '\n' ';' <"$T/got")"
	mv_diag "files:  $(tr '\n' ';' <"$T/want")"
	mv_fail "cgroups-reader: current, high, max, memory.events and memory.pressure of 5 cgroups equal the files"
fi
hi=$(awk '$1 == "high" { print $2 }' "$R/thr/memory.events")
st=$(awk '/^some/ { split($5, t, "="); print t[2] }' "$R/thr/memory.pressure")
thr=1
[ "${hi:-0}" -gt 0 ] && [ "${st:-0}" -gt 0 ] && thr=0
mv_check "cgroups-reader: /mv54/thr was throttled (memory.events high $hi > 0, PSI some total $st us > 0)" \
	[ $thr -eq 0 ]
memviz explain --cgroup /mv54/prot/in >"$T/ex" 2>&1
mv_check "cgroups-reader: explain --cgroup /mv54/prot/in says effective low is 0 because /mv54/prot has no memory.low" \
	grep -q 'effective low is 0: the parent /mv54/prot has no memory.low' "$T/ex"
memviz --json cgroups >"$T/json" 2>&1 && mv-jsoncheck <"$T/json" >/dev/null 2>&1
rc=$?
mv_check "cgroups-reader: memviz --json cgroups is valid JSON" [ $rc -eq 0 ]
# stopped hogs would keep the cleanup's SIGTERM pending, and its wait forever
# shellcheck disable=SC2086 # a list of pids
kill -CONT $MV_PIDS
mv_done
