#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# activity under reclaim: with zram swap, an anonymous hog larger than its
# node pushes the node into kswapd and then direct reclaim.  Over the same
# quiet-to-quiet interval the per-node counters move and their sums match
# /proc/vmstat:
#   direct entries         = sum of allocstall_<zone> (exact: both count
#                            one per try_to_free_pages() that reclaims)
#   reclaimed per reclaimer = pgsteal_<reclaimer> (exact: the kernel adds
#                            the very nr_reclaimed it then passes to
#                            mm_vmscan_lru_shrink_inactive; memcg reclaim
#                            is in neither)
#   scanned per reclaimer  vs pgscan_<reclaimer>: classic LRU traces a
#                            batch only when it isolated something, so
#                            scanned <= pgscan and within 10% (+64 pages);
#                            MGLRU's evict_folios() traces the folios it
#                            looked at (isolated, sorted to a younger
#                            generation, or skipped for their zone; of both
#                            types until 6.x, of the evicted type from 7.x)
#                            where pgscan counts the isolated ones, pgrefill
#                            the sorted and pgscan_skip_<zone> the skipped,
#                            and it repeats the figure for its one retry
#                            pass: from 90% of pgscan - 64 pages up to
#                            2 x (pgscan + pgrefill + pgscan_skip) + 64
#                            (those two summed over reclaimers).  The
#                            sorted share is large under direct reclaim:
#                            +16.5% of pgscan on 6.12, 7.6x on 7.3.
#                            Counting the wrong reclaimer misses by far more.
# and, with no reclaim in flight, the direct-reclaim latency histogram
# holds exactly the timed entries, per node.
. /selftests/lib.sh
. /selftests/50-activity.inc

T=/tmp/50-reclaim.$$
mkdir -p "$T"
MVA_HOG=""
trap '[ -n "$MVA_HOG" ] && kill "$MVA_HOG" 2>/dev/null; wait 2>/dev/null; mva_zram_off; rm -rf "$T"' EXIT
[ -r "$MVA_FILE" ] || mv_skip_all "no $MVA_FILE"

mv_check "activity: mode is 0400" [ "$(stat -c %a "$MVA_FILE")" = 400 ]
cat "$MVA_FILE" > "$T/a"
for t in kswapd zones reclaim stalls latency; do
	mv_check "activity: has table activity.$t" grep -q "^# memviz activity.$t v1 " "$T/a"
done
mv_check "activity: five tables, one header each, rows as wide" mva_table_ok "$T/a"
mv_check "activity: enabled=yes at load" [ "$(mva_fact "$T/a" enabled)" = yes ]
mv_diag "tracepoints=$(mva_fact "$T/a" tracepoints) attached=$(mva_fact "$T/a" attached) missing=$(mva_fact "$T/a" missing)"
mv_check "activity: every tracepoint attached on this kernel (missing=-)" \
	[ "$(mva_fact "$T/a" missing)" = - -a "$(mva_fact "$T/a" attached)" = "$(mva_fact "$T/a" tracepoints)" ]
nn=$(ls -d /sys/devices/system/node/node* | wc -l)
mv_check "activity: one kswapd row per online node ($nn)" [ "$(mva_cols "$T/a" activity.kswapd node | wc -l)" -eq "$nn" ]
npop=$(awk '/^Node/ { z = 1 } $1 == "present" && $2 > 0 && z { n++; z = 0 } END { print n }' /proc/zoneinfo)
nz=$(awk '/^Node/ && $4 != "Device" { n++ } END { print n }' /proc/zoneinfo)
mv_check "activity: one zones row per zone class of every node ($nz)" [ "$(mva_cols "$T/a" activity.zones node | wc -l)" -eq "$nz" ]
mv_check "activity: populated=yes on exactly the populated zones ($npop)" \
	[ "$(mva_cols "$T/a" activity.zones populated | grep -c yes)" -eq "$npop" ]

# The node to squeeze: node 1 on two-node guests (the hog is bound there).
mva_hog_node
node=$MVA_NODE
nodemib=$(awk '$3 == "MemTotal:" { print int($4 / 1024) }' /sys/devices/system/node/node$node/meminfo)
hogmib=$((nodemib + 192))
mva_zram 1024 || mv_skip_rest "zram swap unavailable" \
	"node $node: kswapd wakeups, runs and pages reclaimed moved" \
	"direct: entries = allocstall_* delta" \
	"reclaimed = pgsteal_<reclaimer>, scanned against pgscan_<reclaimer>" \
	"latency: direct_stalls total = direct_entries - direct_untimed on every node" \
	"reader: memviz activity text, JSON and Prometheus"
mglru=no
[ -r /sys/kernel/mm/lru_gen/enabled ] && [ "$(cat /sys/kernel/mm/lru_gen/enabled)" != 0x0000 ] && mglru=yes
mv_diag "node $node: ${nodemib} MiB, hog ${hogmib} MiB, zram 1024 MiB, MGLRU $mglru"
mva_hog_interval "$T" "$hogmib"
delta() {
	mva_delta "$T" "$@"
}
vdelta() {
	mva_vdelta "$T" "$1"
}

# Per node: the squeezed node's kswapd was woken and reclaimed.
nd() {
	mva_cols "$1" "$2" node "$3" | awk -v n="$node" '$1 == n { s += $2 } END { print s + 0 }'
}
wk=$(($(nd "$T/a1" activity.kswapd wakeups) - $(nd "$T/a0" activity.kswapd wakeups)))
kr=$(($(nd "$T/a1" activity.kswapd kswapd_runs) - $(nd "$T/a0" activity.kswapd kswapd_runs)))
rc=$(($(nd "$T/a1" activity.reclaim reclaimed) - $(nd "$T/a0" activity.reclaim reclaimed)))
mv_diag "node $node: wakeups +$wk kswapd_runs +$kr reclaimed +$rc"
mv_check "node $node: kswapd wakeups moved" [ "$wk" -gt 0 ]
mv_check "node $node: kswapd runs moved" [ "$kr" -gt 0 ]
mv_check "node $node: pages reclaimed moved" [ "$rc" -gt 0 ]
zw=$(($(mva_sum "$T/a1" activity.zones wakeups) - $(mva_sum "$T/a0" activity.zones wakeups)))
mv_check "zones: wakeups by zone add up to the kswapd wakeups ($zw)" \
	[ "$zw" -eq "$(delta activity.kswapd wakeups)" ]

# Direct reclaim: entries against allocstall, exactly.
de=$(delta activity.stalls direct_entries)
as=$(($(mva_allocstall "$T/v1") - $(mva_allocstall "$T/v0")))
mv_diag "direct reclaim entries +$de, allocstall +$as"
mv_check "direct: the hog drove the guest into direct reclaim" [ "$de" -gt 0 ]
mv_check "direct: entries = allocstall_* delta ($de = $as)" [ "$de" -eq "$as" ]

# Reclaimed and scanned per reclaimer against pgsteal/pgscan.
refill=$(vdelta pgrefill)
skipped=$(($(awk '$1 ~ /^pgscan_skip_/ { s += $2 } END { print s + 0 }' "$T/v1") -
	$(awk '$1 ~ /^pgscan_skip_/ { s += $2 } END { print s + 0 }' "$T/v0")))
mv_diag "pgrefill +$refill, pgscan_skip_* +$skipped"
for r in kswapd direct khugepaged; do
	grep -q "^pgsteal_$r " "$T/v1" || { mv_skip "$r: reclaimed = pgsteal_$r" "no pgsteal_$r here"; continue; }
	st=$(delta activity.reclaim reclaimed reclaimer $r)
	sc=$(delta activity.reclaim scanned reclaimer $r)
	vst=$(vdelta pgsteal_$r)
	vsc=$(vdelta pgscan_$r)
	mv_diag "$r: reclaimed +$st (pgsteal +$vst), scanned +$sc (pgscan +$vsc)"
	mv_check "$r: reclaimed = pgsteal_$r delta ($st = $vst)" [ "$st" -eq "$vst" ]
	if [ "$mglru" = yes ]; then
		up=$((2 * (vsc + refill + skipped) + 64))
		mv_check "$r: MGLRU scanned within [90% - 64, 2 x (pgscan + pgrefill + pgscan_skip) + 64 = $up] of pgscan_$r delta" \
			[ "$sc" -le "$up" -a $((sc * 10 + 640)) -ge $((vsc * 9)) ]
	else
		mv_check "$r: scanned within [90% - 64, 100%] of pgscan_$r delta" \
			[ "$sc" -le "$vsc" -a $((sc * 10 + 640)) -ge $((vsc * 9)) ]
	fi
done
mv_check "memcg: no memcg reclaim counted in a guest without limits" \
	[ "$(delta activity.reclaim reclaimed reclaimer memcg)" -eq 0 ]

# Latency histogram = timed direct entries, per node, nothing in flight.
mva_cols "$T/a1" activity.stalls node direct_entries direct_untimed > "$T/st"
mva_cols "$T/a1" activity.latency node direct_stalls > "$T/lat"
bad=$(awk 'FILENAME == ARGV[1] { want[$1] = $2 - $3; next }
	{ got[$1] += $2 }
	END { for (n in want) if (got[n] != want[n]) print "node", n, "histogram", got[n] + 0, "timed entries", want[n] }' "$T/st" "$T/lat")
[ -z "$bad" ] || mv_diag "$bad"
mv_check "latency: direct_stalls total = direct_entries - direct_untimed on every node" [ -z "$bad" ]
mv_check "latency: the direct histogram is not empty" [ "$(mva_sum "$T/a1" activity.latency direct_stalls)" -gt 0 ]
mv_check "activity: well formed after reclaim" mva_table_ok "$T/a1"

# The reader: text, JSON with the five tables, Prometheus lines.
if [ -x /bin/memviz ]; then
	mv_check "reader: memviz activity runs" memviz activity
	memviz --json activity > "$T/j" 2>/dev/null
	mv_check "reader: memviz --json activity is valid JSON" mv-jsoncheck < "$T/j"
	for t in kswapd zones reclaim stalls latency; do
		mv_check "reader: JSON has table activity_$t" grep -q "\"name\": *\"activity_$t\"" "$T/j"
	done
	memviz --prom activity > "$T/p" 2>/dev/null
	bad=$(grep -v '^#' "$T/p" | grep -cvE '^memviz_[a-z0-9_]+(\{[^}]*\})? -?[0-9.e+-]+$')
	mv_check "reader: memviz --prom activity lines are well formed" [ "$bad" -eq 0 -a -s "$T/p" ]
else
	mv_skip "reader: memviz activity" "no /bin/memviz in this guest"
fi
mv_done
