#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# activity parameters: activity (on/off) and activity_reset accept only
# their documented values, reject anything else with EINVAL and then leave
# everything as it was; off really detaches (memcg reclaim, driven with
# memory.reclaim, stops counting), on attaches again, reset zeroes.  The
# memcg counters are checked against the cgroup's own memory.stat pgsteal.
. /selftests/lib.sh
. /selftests/50-activity.inc

T=/tmp/50-params.$$
CG=/sys/fs/cgroup/mvact50
mkdir -p "$T"
hog=""
trap '[ -n "$hog" ] && kill "$hog" 2>/dev/null; wait 2>/dev/null; mva_write activity 1 >/dev/null; rmdir "$CG" 2>/dev/null; mva_zram_off; rm -rf "$T"' EXIT
[ -r "$MVA_FILE" ] || mv_skip_all "no $MVA_FILE"

mv_check "params: activity is 0600" [ "$(stat -c %a "$MVA_PARAM/activity")" = 600 ]
mv_check "params: activity_reset is 0200" [ "$(stat -c %a "$MVA_PARAM/activity_reset")" = 200 ]
# An earlier script may have left it off: start from on.
mv_check "params: activity=1 accepted" [ -z "$(mva_write activity 1)" ]
mv_check "params: activity reads Y" [ "$(cat "$MVA_PARAM/activity")" = Y ]

# bad VALUE EXPECT: the write fails with EINVAL, activity still reads EXPECT.
bad() {
	_e=$(mva_write activity "$1")
	case $_e in *"Invalid argument"*) ;; *) mv_diag "activity='$1': '$_e'"; return 1 ;; esac
	[ "$(cat "$MVA_PARAM/activity")" = "$2" ]
}
for v in 2 -1 yes true ON Y 10 on1 "" "1 1"; do
	mv_check "params: activity='$v' is EINVAL, still on" bad "$v" Y
done
cat "$MVA_FILE" > "$T/a"
mv_check "params: still enabled after the bad writes" [ "$(mva_fact "$T/a" enabled)" = yes ]

# Something to reclaim in a memcg: a hog in the cgroup, zram to swap to.
# What needs memory.reclaim to reclaim something, skipped as a whole.
skip_rest() {
	mv_skip_rest "$1" \
		"on: memory.reclaim counted as memcg reclaim, = the cgroup's pgsteal delta" \
		"off: activity=0|off|n detaches, memory.reclaim not counted" \
		"on again: activity=1|on|y attaches, memory.reclaim counts again" \
		"reset: activity_reset accepts only 1 and zeroes the memcg counters"
}
mva_zram 256 || skip_rest "zram swap unavailable"
[ -d /sys/fs/cgroup ] && mkdir "$CG" 2>/dev/null && [ -e "$CG/memory.reclaim" ] ||
	skip_rest "no cgroup v2 memory.reclaim"
sh -c "echo \$\$ > $CG/cgroup.procs; exec mv-hog -m 48 -s 200 -r $T/ready" & hog=$!
n=0
while [ ! -e "$T/ready" ] && [ $n -lt 600 ]; do sleep 0.1; n=$((n + 1)); done

# memcg_reclaim: one memory.reclaim pass of 8 MiB (EAGAIN if short is fine).
memcg_reclaim() {
	echo 8M > "$CG/memory.reclaim" 2>/dev/null
	:
}
memcg_entries() {
	cat "$MVA_FILE" > "$T/x"
	mva_sum "$T/x" activity.stalls memcg_entries
}
cgsteal() {
	awk '$1 == "pgsteal" { print $2 }' "$CG/memory.stat"
}

# On: memory.reclaim is memcg reclaim; the cgroup's own pgsteal agrees.
mva_quiesce 20
sleep 2.2	# memcg stats are flushed at least every 2 s
s0=$(cgsteal)
vm0=$(($(mva_vm pgsteal_kswapd) + $(mva_vm pgsteal_direct)))
cat "$MVA_FILE" > "$T/b0"
memcg_reclaim
memcg_reclaim
cat "$MVA_FILE" > "$T/b1"
vm1=$(($(mva_vm pgsteal_kswapd) + $(mva_vm pgsteal_direct)))
sleep 2.2
s1=$(cgsteal)
e=$(($(mva_sum "$T/b1" activity.stalls memcg_entries) - $(mva_sum "$T/b0" activity.stalls memcg_entries)))
r=$(($(mva_sum "$T/b1" activity.reclaim reclaimed reclaimer memcg) - $(mva_sum "$T/b0" activity.reclaim reclaimed reclaimer memcg)))
mv_diag "two memory.reclaim writes: memcg entries +$e, memcg reclaimed +$r, cgroup pgsteal +$((s1 - s0)), global pgsteal +$((vm1 - vm0))"
mv_check "on: memory.reclaim counted as memcg reclaim entries (+$e)" [ "$e" -ge 2 ]
mv_check "on: memcg reclaimed pages moved (+$r)" [ "$r" -gt 0 ]
if [ "$vm1" -eq "$vm0" ]; then
	# memory.stat is flushed per CPU batch: up to 64 pages per CPU behind.
	slack=$((64 * $(grep -c ^processor /proc/cpuinfo)))
	mv_check "on: memcg reclaimed = the cgroup's pgsteal delta (+-$slack)" \
		[ $((r - (s1 - s0))) -le "$slack" -a $(((s1 - s0) - r)) -le "$slack" ]
else
	mv_skip "on: memcg reclaimed = the cgroup's pgsteal delta" "global reclaim ran meanwhile"
fi
mv_check "on: memcg_stalls total = memcg_entries - memcg_untimed" \
	[ "$(mva_sum "$T/b1" activity.latency memcg_stalls)" -eq $(($(mva_sum "$T/b1" activity.stalls memcg_entries) - $(mva_sum "$T/b1" activity.stalls memcg_untimed))) ]

# Off: detached, nothing counts; bad values keep it off.
for v in 0 off n; do
	mva_write activity 1 >/dev/null
	mv_check "params: activity='$v' accepted" [ -z "$(mva_write activity "$v")" ]
	mv_check "params: activity='$v' reads N" [ "$(cat "$MVA_PARAM/activity")" = N ]
done
cat "$MVA_FILE" > "$T/c0"
mv_check "off: header says enabled=no attached=0" \
	[ "$(mva_fact "$T/c0" enabled)" = no -a "$(mva_fact "$T/c0" attached)" = 0 ]
mv_check "off: activity='maybe' is EINVAL, still off" bad maybe N
m0=$(mva_sum "$T/c0" activity.stalls memcg_entries)
memcg_reclaim
mv_check "off: memory.reclaim is not counted ($m0 stays)" [ "$(memcg_entries)" -eq "$m0" ]

# On again, with each accepted spelling.
for v in 1 on y; do
	mva_write activity 0 >/dev/null
	mv_check "params: activity='$v' accepted" [ -z "$(mva_write activity "$v")" ]
	mv_check "params: activity='$v' reads Y" [ "$(cat "$MVA_PARAM/activity")" = Y ]
done
cat "$MVA_FILE" > "$T/d0"
mv_check "on: header says enabled=yes, all attached" \
	[ "$(mva_fact "$T/d0" enabled)" = yes -a "$(mva_fact "$T/d0" attached)" = "$(mva_fact "$T/d0" tracepoints)" ]
memcg_reclaim
m1=$(memcg_entries)
mv_check "on again: memory.reclaim counts again ($m0 -> $m1)" [ "$m1" -gt "$m0" ]

# Reset: only "1"; bad values change nothing.
for v in 0 2 yes "" on; do
	_e=$(mva_write activity_reset "$v")
	case $_e in *"Invalid argument"*) ok=1 ;; *) ok=0; mv_diag "activity_reset='$v': '$_e'" ;; esac
	mv_check "reset: activity_reset='$v' is EINVAL, counters kept" [ "$ok" = 1 -a "$(memcg_entries)" -eq "$m1" ]
done
mv_check "reset: activity_reset is write-only" sh -c "! cat $MVA_PARAM/activity_reset 2>/dev/null"
mv_check "reset: activity_reset=1 accepted" [ -z "$(mva_write activity_reset 1)" ]
cat "$MVA_FILE" > "$T/e0"
mv_check "reset: memcg entries back to 0" [ "$(mva_sum "$T/e0" activity.stalls memcg_entries)" -eq 0 ]
mv_check "reset: memcg latency histogram back to 0" [ "$(mva_sum "$T/e0" activity.latency memcg_stalls)" -eq 0 ]
mv_check "reset: memcg reclaim rows back to 0" [ "$(mva_sum "$T/e0" activity.reclaim scanned reclaimer memcg)" -eq 0 ]
mv_check "reset: still enabled" [ "$(mva_fact "$T/e0" enabled)" = yes ]
memcg_reclaim
mv_check "reset: counting goes on from 0" [ "$(memcg_entries)" -ge 1 ]
mv_done
