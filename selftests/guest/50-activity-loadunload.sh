#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# activity across reloads: unload and load memviz 20 times while hogs
# keep the guest in kswapd and direct reclaim, a reader reads activity
# and a writer flips the activity parameter.  Every load starts from zero:
#  - odd cycles load with activity=0: every counter is exactly 0;
#  - even cycles load attached: what the fresh module reports reclaimed
#    cannot exceed what /proc/vmstat counted from just before its insmod
#    to just after the read, plus 2048 pages (nor its direct entries the
#    allocstall_* delta plus 3).  The slack: the kernel counts pgsteal a
#    few instructions before (classic LRU) or after (MGLRU) the
#    tracepoint, so a batch in flight across the insmod or the read can
#    land on one side only; two in-flight batches of 32 2 MiB folios
#    would be more, but a counter left over from an earlier load would be
#    the whole earlier load's reclaim.
# activity=0 at insmod loads detached, a bad value fails the insmod.  No
# splat (the host checks the console).
. /selftests/lib.sh
. /selftests/50-activity.inc

T=/tmp/50-reload.$$
mkdir -p "$T"
KO=$(find /lib/modules -name memviz.ko | head -n 1)
pids=""
stop=$T/stop
hp=""
trap 'touch "$stop"; [ -n "$pids" ] && kill $pids 2>/dev/null; wait 2>/dev/null; lsmod | grep -q "^memviz " || insmod "$KO"; mva_write activity 1 >/dev/null; [ -n "$hp" ] && echo 0 > "$hp"; mva_zram_off; rm -rf "$T"' EXIT
[ -r "$MVA_FILE" ] || mv_skip_all "no $MVA_FILE"
mva_zram 1024 || mv_skip_all "zram swap unavailable"

node=0
bind=""
if [ "$(mv_shape)" = 2node ]; then
	node=1
	bind="-n 1"
fi
nd=/sys/devices/system/node/node$node
nodefree() {
	awk '$3 == "MemFree:" { print int($4 / 1024) }' "$nd/meminfo"
}
# Shrink the node first with 2 MiB hugetlb pages (reserved at once, never
# touched) so the hogs reach reclaim in seconds even under emulation: all
# but 512 MiB of its free memory.
if [ -w "$nd/hugepages/hugepages-2048kB/nr_hugepages" ]; then
	hp=$nd/hugepages/hugepages-2048kB/nr_hugepages
	echo $((($(nodefree) - 512) / 2)) > "$hp"
	mv_diag "node $node: $(cat "$hp") hugetlb pages reserved, $(nodefree) MiB left free"
fi
nodemib=$(nodefree)
steal() {
	awk '$1 ~ /^pgsteal_(kswapd|direct|khugepaged)$/ { s += $2 } END { print s + 0 }' /proc/vmstat
}
# Reclaim that never stops: two hogs each allocating and freeing 3/4 of
# what is left, over and over (a hog that only holds its memory is soon
# swapped out and then costs nothing).
( while [ ! -e "$stop" ]; do mv-hog -m $((nodemib * 3 / 4)) $bind -s 0; done ) & pids="$pids $!"
( while [ ! -e "$stop" ]; do mv-hog -m $((nodemib * 3 / 4)) $bind -s 0; done ) & pids="$pids $!"
( while [ ! -e "$stop" ]; do cat "$MVA_FILE" > /dev/null 2>&1; done ) & pids="$pids $!"
# The flipper writes activity=0/1 across the even cycles' rmmod/insmod;
# it is stopped (and its last write done) before an activity=0 load.
flipper=""
flip_start() {
	( while [ ! -e "$stop" ]; do
		mva_write activity 0 >/dev/null 2>&1; mva_write activity 1 >/dev/null 2>&1; sleep 0.05
	  done ) & flipper=$!
}
flip_stop() {
	[ -n "$flipper" ] && kill "$flipper" 2>/dev/null && wait "$flipper" 2>/dev/null
	flipper=""
	sleep 0.3
}
flip_start
s0=$(steal)
n=0
while [ "$(steal)" -eq "$s0" ] && [ $n -lt 90 ]; do sleep 1; n=$((n + 1)); done
mv_diag "reclaim started after ${n} s"
mv_check "reload: the hogs keep the guest reclaiming" [ "$(steal)" -gt "$s0" ]
fails=0 fresh=0 busy=0 i=0
# Stop cycling (and fail) rather than be killed at the script's timeout
# with the module in an unknown state; a debug kernel gets a longer one.
budget=$(mv_cmdline timeout || echo 240)
deadline=$(($(date +%s) + budget - 55))
while [ $i -lt 20 ]; do
	if [ "$(date +%s)" -gt "$deadline" ]; then
		mv_diag "out of time after $i cycles"
		fails=$((fails + 1))
		break
	fi
	vb=$(steal)
	tries=0
	until rmmod memviz 2>/dev/null; do
		tries=$((tries + 1))
		[ $tries -lt 200 ] || { fails=$((fails + 1)); mv_diag "cycle $i: rmmod kept failing"; break; }
		usleep 20000 2>/dev/null || sleep 1
	done
	arg=""
	[ $((i % 2)) = 1 ] && arg=activity=0 && flip_stop
	v0=$(steal)
	a0=$(mva_allocstall)
	if ! insmod "$KO" $arg; then
		fails=$((fails + 1))
		mv_diag "cycle $i: insmod failed"
		i=$((i + 1))
		continue
	fi
	cat "$MVA_FILE" > "$T/a" 2>/dev/null
	sleep 0.3	# let a batch traced before the read be counted too
	v1=$(steal)
	a1=$(mva_allocstall)
	r=$(mva_cols "$T/a" activity.reclaim reclaimer reclaimed | awk '$1 != "memcg" { s += $2 } END { print s + 0 }')
	d=$(mva_sum "$T/a" activity.stalls direct_entries)
	[ "$v1" -gt "$vb" ] && busy=$((busy + 1))	# reclaim across rmmod..read
	if [ -n "$arg" ]; then
		# Detached from the start: nothing may count, not even one event.
		nz=$(awk '/^# memviz / { hdr = 0; next } /^#/ || /^$/ { next }
			!hdr { for (c = 1; c <= NF; c++) skip[c] = ($c ~ /^(node|zone|populated|reclaimer|type|bucket|lo_ns|hi_ns)$/); hdr = 1; next }
			{ for (c = 1; c <= NF; c++) if (!skip[c] && $c != 0) n++ } END { print n + 0 }' "$T/a")
		ok=$([ "$nz" -eq 0 ] && [ "$(mva_fact "$T/a" enabled)" = no ] && echo y)
	else
		ok=$([ "$r" -le $((v1 - v0 + 2048)) ] && [ "$d" -le $((a1 - a0 + 3)) ] && echo y)
	fi
	if [ "$ok" = y ] && mva_table_ok "$T/a"; then
		fresh=$((fresh + 1))
	else
		mv_diag "cycle $i ($arg): reclaimed $r, pgsteal +$((v1 - v0)); direct $d, allocstall +$((a1 - a0)); nonzero ${nz:-?}"
	fi
	[ -z "$flipper" ] && flip_start
	[ $i -eq 0 ] && mv_diag "cycle 0: reclaimed $r of pgsteal +$((v1 - v0)), direct $d of allocstall +$((a1 - a0))"
	i=$((i + 1))
done
mv_check "reload: 20 unload/load cycles under reclaim" [ $fails -eq 0 ]
mv_check "reload: every fresh load counted from zero ($fresh/20)" [ $fresh -eq 20 ]
# Reclaim comes in bursts (the hogs refill, then free): a quarter of the
# unload/load windows inside a burst shows the loads raced with reclaim.
mv_check "reload: reclaim ran across unload+load in $busy of 20 cycles (>= 5)" [ $busy -ge 5 ]

# Load-time values of the parameter.
touch "$stop"
flip_stop
kill $pids 2>/dev/null
wait 2>/dev/null
pids=""
rmmod memviz
mv_check "insmod activity=maybe fails" sh -c "! insmod $KO activity=maybe 2>/dev/null"
mv_check "insmod activity=0 loads" insmod "$KO" activity=0
cat "$MVA_FILE" > "$T/o"
mv_check "activity=0: loaded detached (enabled=no attached=0)" \
	[ "$(mva_fact "$T/o" enabled)" = no -a "$(mva_fact "$T/o" attached)" = 0 ]
mv_check "activity=0: parameter reads N" [ "$(cat "$MVA_PARAM/activity")" = N ]
rmmod memviz
mv_check "insmod with defaults again" insmod "$KO"
cat "$MVA_FILE" > "$T/y"
mv_check "defaults: enabled=yes" [ "$(mva_fact "$T/y" enabled)" = yes ]
mv_done
