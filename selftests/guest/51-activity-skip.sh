#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A tracepoint memviz cannot attach to: every supported kernel has all of
# them, so activity_skip (load time) leaves two unattached exactly as a
# kernel without them would, and memviz must keep working around the gap.
#   - an unknown name fails the insmod (EINVAL), nothing is left loaded;
#   - the header names them (skipped=, attached = tracepoints - 2);
#   - under a hog that drives kswapd and direct reclaim, their columns stay
#     0 (kswapd_runs without mm_vmscan_kswapd_wake; direct entries and the
#     latency histogram without mm_vmscan_direct_reclaim_begin) while the
#     attached ones still count exactly: every direct_reclaim_end is
#     counted as unmatched (= the allocstall delta) and pages reclaimed per
#     reclaimer still equal pgsteal_*;
#   - the reader says which are skipped; a plain reload attaches all again.
. /selftests/lib.sh
. /selftests/50-activity.inc

T=/tmp/51-skip.$$
mkdir -p "$T"
KO=$(find /lib/modules -name memviz.ko | head -n 1)
MVA_HOG=""
trap '[ -n "$MVA_HOG" ] && kill "$MVA_HOG" 2>/dev/null; wait 2>/dev/null; lsmod | grep -q "^memviz " && rmmod memviz; insmod "$KO"; mva_zram_off; rm -rf "$T"' EXIT
[ -r "$MVA_FILE" ] || mv_skip_all "no $MVA_FILE"
skip=mm_vmscan_kswapd_wake,mm_vmscan_direct_reclaim_begin

mv_check "skip: rmmod" rmmod memviz
mv_check "skip: activity_skip=bogus fails the insmod" sh -c "! insmod $KO activity_skip=mm_vmscan_bogus 2>/dev/null"
mv_check "skip: activity_skip=<known>,bogus fails the insmod" sh -c "! insmod $KO activity_skip=mm_vmscan_kswapd_wake,bogus 2>/dev/null"
mv_check "skip: activity_skip='a,,b' fails the insmod" sh -c "! insmod $KO activity_skip=mm_vmscan_kswapd_wake,,compact_retry 2>/dev/null"
mv_check "skip: nothing loaded after the refusals" sh -c "! lsmod | grep -q '^memviz '"
mv_check "skip: insmod activity_skip=$skip" insmod "$KO" activity_skip=$skip
mv_check "skip: the parameter is 0444 and reads back the names" \
	[ "$(stat -c %a "$MVA_PARAM/activity_skip")" = 444 -a "$(cat "$MVA_PARAM/activity_skip")" = "$skip" ]
cat "$MVA_FILE" > "$T/a"
nt=$(mva_fact "$T/a" tracepoints)
mv_diag "tracepoints=$nt attached=$(mva_fact "$T/a" attached) missing=$(mva_fact "$T/a" missing) skipped=$(mva_fact "$T/a" skipped)"
mv_check "skip: header says skipped=$skip" [ "$(mva_fact "$T/a" skipped)" = "$skip" ]
mv_check "skip: attached = tracepoints - 2, missing=-" \
	[ "$(mva_fact "$T/a" attached)" -eq $((nt - 2)) -a "$(mva_fact "$T/a" missing)" = - ]
mv_check "skip: still enabled" [ "$(mva_fact "$T/a" enabled)" = yes ]
mv_check "skip: five well-formed tables" mva_table_ok "$T/a"

mva_hog_node
nodemib=$(awk '$3 == "MemTotal:" { print int($4 / 1024) }' /sys/devices/system/node/node$MVA_NODE/meminfo)
mva_zram 1024 || mv_skip_rest "zram swap unavailable" \
	"skip: under a hog, kswapd_runs, direct_entries and the latency histogram stay 0" \
	"skip: every direct_reclaim_end unmatched (= allocstall), reclaimed = pgsteal_*" \
	"skip: memviz activity names the skipped tracepoints" \
	"skip: a plain insmod attaches every tracepoint again"
mva_hog_interval "$T" $((nodemib + 192))
delta() {
	mva_delta "$T" "$@"
}
vdelta() {
	mva_vdelta "$T" "$1"
}
wk=$(delta activity.kswapd wakeups)
as=$(($(mva_allocstall "$T/v1") - $(mva_allocstall "$T/v0")))
um=$(delta activity.stalls direct_unmatched)
mv_diag "wakeups +$wk kswapd_runs $(mva_sum "$T/a1" activity.kswapd kswapd_runs) direct_entries $(mva_sum "$T/a1" activity.stalls direct_entries) unmatched +$um allocstall +$as"
mv_check "skip: the hog woke kswapd (wakeup_kswapd still attached)" [ "$wk" -gt 0 ]
mv_check "skip: kswapd_runs stays 0 without mm_vmscan_kswapd_wake" \
	[ "$(mva_sum "$T/a1" activity.kswapd kswapd_runs)" -eq 0 ]
mv_check "skip: the hog drove the guest into direct reclaim" [ "$as" -gt 0 ]
mv_check "skip: direct_entries stays 0 without mm_vmscan_direct_reclaim_begin" \
	[ "$(mva_sum "$T/a1" activity.stalls direct_entries)" -eq 0 ]
mv_check "skip: every direct_reclaim_end is unmatched ($um = allocstall +$as)" [ "$um" -eq "$as" ]
mv_check "skip: the latency histogram stays empty" \
	[ "$(mva_sum "$T/a1" activity.latency direct_stalls)" -eq 0 ]
for r in kswapd direct; do
	st=$(delta activity.reclaim reclaimed reclaimer $r)
	vst=$(vdelta pgsteal_$r)
	mv_check "skip: $r reclaimed = pgsteal_$r delta ($st = $vst)" [ "$st" -eq "$vst" ]
done
mv_check "skip: well formed after reclaim" mva_table_ok "$T/a1"
memviz activity > "$T/r" 2>&1
mv_check "skip: memviz activity names the skipped tracepoints" \
	grep -q "activity_skip.*mm_vmscan_kswapd_wake,mm_vmscan_direct_reclaim_begin" "$T/r"

mv_check "skip: rmmod" rmmod memviz
mv_check "skip: a plain insmod attaches every tracepoint again" insmod "$KO"
cat "$MVA_FILE" > "$T/a"
mv_check "skip: skipped=- and attached = tracepoints" \
	[ "$(mva_fact "$T/a" skipped)" = - -a "$(mva_fact "$T/a" attached)" -eq "$nt" ]
