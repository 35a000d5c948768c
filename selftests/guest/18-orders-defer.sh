#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# orders, compaction deferral: fill the zones with pinned fragments
# (mv-frag -l: every other page mlocked, vm.compact_unevictable_allowed=0
# so compaction may not move them), then ask node 0's hugetlb pool for
# more order-9 pages than can exist, four times: the kernel allocates until
# the first failure, whose direct compaction fails and defers (the pages
# it did get come from free order-9 blocks and from what compaction could
# still move: page cache, other processes).  After
# each try the orders.compaction table's compact_considered,
# compact_defer_shift and compact_order_failed equal what the
# mm_compaction_defer_* tracepoints last reported for that zone (consider,
# limit = 2^shift, order_failed; compaction_deferred() caps considered at
# the limit without an event), and compact_deferred at order 9 is what
# compaction_deferred() would answer from those values; at least once it
# says yes.
. /selftests/lib.sh
. /selftests/15-orders.inc
mv_setup 18-orders-defer

[ -r "$MV_ORDERS" ] || mv_skip_all "no $MV_ORDERS"
[ -w /proc/sys/vm/compact_unevictable_allowed ] || mv_skip_all "no CONFIG_COMPACTION"
TR=/sys/kernel/tracing
[ -d "$TR/events" ] || mount -t tracefs nodev "$TR" 2>/dev/null
[ -d "$TR/events/compaction/mm_compaction_defer_compaction" ] ||
	mv_skip_all "no mm_compaction_defer_* tracepoints in $TR"

sysctl_set compaction_proactiveness 0
sysctl_set compact_unevictable_allowed 0
thp_defrag_never
echo 3 > /proc/sys/vm/drop_caches
echo 1 > /proc/sys/vm/compact_memory

frag_start -l || { mv_fail "orders: mv-frag did not get ready"; mv_done; }

for e in mm_compaction_defer_compaction mm_compaction_deferred mm_compaction_defer_reset; do
	echo 1 > "$TR/events/compaction/$e/enable"
	mv_at_exit "echo 0 > $TR/events/compaction/$e/enable"
done
echo > "$TR/trace"

# last_events: per "node zone", the last defer event's "order_failed consider limit"
last_events() {
	sed -n 's/.*mm_compaction_\(defer_compaction\|deferred\|defer_reset\): node=\([0-9]*\) zone=\([A-Za-z0-9]*\) *order=\([0-9-]*\) order_failed=\([0-9-]*\) consider=\([0-9]*\) limit=\([0-9]*\).*/\2 \3 \5 \6 \7/p' "$TR/trace" |
		awk '{ last[$1 " " $2] = $3 " " $4 " " $5 } END { for (k in last) print k, last[k] }' | sort
}

yes_seen=0
events_seen=0
for try in 1 2 3 4; do
	node_hugepages 0 0 > /dev/null
	got=$(node_hugepages 0 512)
	node_hugepages 0 0 > /dev/null
	# quiet: the trace did not move across reading the file
	for q in 1 2 3 4 5 6 7 8 9 10; do
		sleep 1
		last_events > "$T/ev1"
		cat "$MV_ORDERS" > "$T/o"
		last_events > "$T/ev2"
		cmp -s "$T/ev1" "$T/ev2" && break
	done
	[ -s "$T/ev1" ] || { mv_diag "try $try: $got hugetlb pages, no defer event yet"; continue; }
	events_seen=1
	orders_cols "$T/o" 2 node zone compact_order_failed compact_considered compact_defer_shift |
		sort > "$T/m"
	orders_cols "$T/o" 1 node zone order compact_deferred |
		awk '$3 == 9 { print $1, $2, $4 }' | sort > "$T/d"
	sed 's/^/# try '"$try"' trace: /' "$T/ev1"
	res=$(awk -v out="$T/bad" '
	FILENAME ~ /ev1$/ { ev[$1 " " $2] = $3 " " $4 " " $5; next }
	FILENAME ~ /\/d$/ { def[$1 " " $2] = $3; next }
	{
		k = $1 " " $2
		if (!(k in ev)) next
		split(ev[k], v, " ")
		lim = 1; for (j = 0; j < $5; j++) lim *= 2	# no ^ in busybox awk
		if ($3 != v[1] || lim != v[3] || ($4 != v[2] && $4 != lim)) {
			print "zone " k ": file order_failed=" $3 " considered=" $4 " limit=" lim ", trace " ev[k] > out
			bad++
		}
		# compaction_deferred(zone, 9) from the same values
		want = (9 >= $3 && $4 + 1 < lim) ? "yes" : "no"
		if (def[k] != want) { print "zone " k ": compact_deferred(9)=" def[k] ", want " want > out; bad++ }
		if (def[k] == "yes") yes++
		n++
	}
	END { print n + 0, bad + 0, yes + 0 }' "$T/ev1" "$T/d" "$T/m")
	set -- $res
	mv_diag "try $try: $got hugetlb pages, $1 zone(s) traced, $2 mismatch(es), $3 deferred at order 9"
	[ -s "$T/bad" ] && sed 's/^/# /' "$T/bad"
	rm -f "$T/bad"
	[ "$1" -gt 0 ] && [ "$2" -eq 0 ]
	mv_ok "orders.compaction (try $try): counters and compact_deferred(9) = the defer tracepoints ($1 zones)"
	[ "$3" -gt 0 ] && yes_seen=1
done
mv_check "orders: compaction was deferred (a defer event was traced)" [ "$events_seen" = 1 ]
mv_check "orders: compact_deferred said yes at order 9 after a failed compaction" [ "$yes_seen" = 1 ]
mv_done
