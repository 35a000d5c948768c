#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# orders, behaviour: fragment the biggest zone (mv-frag: THPs with every
# other page freed), see check_min fail at order >= 2 while order 0
# passes, write /proc/sys/vm/compact_memory and see the largest passing
# order rise.  Order-9 hugetlb allocations (node 0's pool grown one page
# at a time, up to the first failure) succeed exactly when the file read
# just before said order 9 passes for hugetlb's class (some zone of the
# node) without compaction: vm.extfrag_threshold=1000 makes
# compaction_suitable() refuse every costly order, so neither direct
# compaction nor kcompactd can change the outcome; on the fragmented
# zones (a failure must be seen) and after compaction (a success).
. /selftests/lib.sh
. /selftests/15-orders.inc
mv_setup 17-orders-compact

[ -r "$MV_ORDERS" ] || mv_skip_all "no $MV_ORDERS"
[ -w /proc/sys/vm/compact_memory ] || mv_skip_all "no /proc/sys/vm/compact_memory (no CONFIG_COMPACTION)"
[ -e /sys/kernel/debug/split_huge_pages ] || mv_skip_all "no /sys/kernel/debug/split_huge_pages (no THP)"

# proactive compaction would undo the fragmentation behind the test's back
sysctl_set compaction_proactiveness 0
sysctl_set extfrag_threshold 1000
echo 3 > /proc/sys/vm/drop_caches
echo 1 > /proc/sys/vm/compact_memory
set -- $(big_zone)
NODE=$1
ZONE=$2
mv_diag "zone: node $NODE $ZONE"

thp_defrag_never
frag_start || { mv_fail "orders: mv-frag did not get ready"; mv_done; }

cat "$MV_ORDERS" > "$T/o1"
orders_cols "$T/o1" 1 node zone order free_blocks check_min usable_free block |
	awk -v n="$NODE" -v z="$ZONE" '$1 == n && $2 == z { print "# " $0 }'
c0=$(orders_cols "$T/o1" 1 node zone order check_min | awk -v n="$NODE" -v z="$ZONE" '$1 == n && $2 == z && $3 == 0 { print $4 }')
fail2=$(orders_cols "$T/o1" 1 node zone order check_min | awk -v n="$NODE" -v z="$ZONE" '$1 == n && $2 == z && $3 >= 2 && $4 == "order" { print $3; exit }')
l1=$(orders_largest "$T/o1" "$NODE" "$ZONE" check_min)
mv_diag "fragmented: check_min at order 0 $c0, first order >= 2 failing for want of a block: ${fail2:-none}, largest passing $l1"
[ "$c0" = ok ] && [ -n "$fail2" ]
mv_ok "orders: fragmented, check_min passes at order 0 and fails ('order') at an order >= 2"

# hugetlb_steps WHAT: grow node 0's pool one page at a time, up to 8
# times or the first failure, each outcome against the file read just
# before; sets FAILS and OKS (outcomes seen) and MISS (disagreements).
hugetlb_steps() {
	node_hugepages 0 0 > /dev/null
	FAILS=0; OKS=0; MISS=0; PASSES=0; PREDFAILS=0
	for step in 1 2 3 4 5 6 7 8; do
		cat "$MV_ORDERS" > "$T/h"
		p=$(hugetlb_prediction "$T/h" 0)
		have=$(node_hugepages 0)
		got=$(($(node_hugepages 0 $((have + 1))) - have))
		mv_diag "hugetlb $1, step $step: file says $p, the pool grew by $got"
		# A pass must succeed (the block is there); a predicted failure
		# may still be beaten by the allocation's own reclaim, whose
		# freed pages merge into a block (seen on 7.3).
		if [ "$p" = 1 ] && [ "$got" != 1 ]; then MISS=$((MISS + 1)); fi
		[ "$p" = 0 ] && [ "$got" = 1 ] && mv_diag "  predicted failure beaten by the allocation's reclaim"
		[ "$p" = 1 ] && [ "$got" = 1 ] && PASSES=$((PASSES + 1))
		[ "$p" = 0 ] && PREDFAILS=$((PREDFAILS + 1))
		if [ "$got" = 1 ]; then OKS=$((OKS + 1)); else FAILS=$((FAILS + 1)); break; fi
	done
	node_hugepages 0 0 > /dev/null
}

compact_stats() {
	awk '/^compact_(stall|fail|success|migrate_scanned|free_scanned|isolated)/ { printf "%s=%s ", $1, $2 } END { print "" }' /proc/vmstat
}

hugetlb_steps fragmented
mv_check "orders: fragmented, every order-9 hugetlb allocation the file said passes succeeded, every failure was predicted ($MISS misses)" [ "$MISS" = 0 ]
mv_check "orders: fragmented, the file said order 9 fails at some step ($PREDFAILS)" [ "$PREDFAILS" -gt 0 ]

# buddy_top: the largest order with a free block in the zone on a list an
# ordinary allocation may take (Unmovable, Movable, Reclaimable), by
# /proc/pagetypeinfo
buddy_top() {
	awk -v n="$NODE," -v z="$ZONE," '$1 == "Node" && $2 == n && $4 == z && $5 == "type" &&
		($6 == "Unmovable" || $6 == "Movable" || $6 == "Reclaimable") {
		for (i = 7; i <= NF; i++) if ($i > 0 && i - 7 > t) t = i - 7 }
		END { print t + 0 }' /proc/pagetypeinfo
}
b1=$(buddy_top)
mv_diag "before compact_memory: $(compact_stats); pagetypeinfo's largest free order $b1"
# a second write when the first moved nothing the file sees (seen once on
# 6.1: a pass that isolated the pages and formed no larger block)
for w in 1 2; do
	echo 1 > /proc/sys/vm/compact_memory
	cat "$MV_ORDERS" > "$T/o2"
	mv_diag "after compact_memory write $w: $(compact_stats)"
	l2=$(orders_largest "$T/o2" "$NODE" "$ZONE" check_min)
	[ "$l2" -gt "$l1" ] && break
done
b2=$(buddy_top)
mv_diag "after compact_memory: largest order passing min $l2 (was $l1); pagetypeinfo's largest free order $b2 (was $b1)"
mv_check "orders: the largest order passing check_min has a free block in pagetypeinfo ($l2 <= $b2)" [ "$l2" -le "$b2" ]
# Compaction may form nothing larger (pages it cannot move, a pass that
# isolated them and put them back): then there is no rise to see.
if [ "$b2" -gt "$l1" ]; then
	mv_check "orders: compact_memory formed a block above order $l1 ($b2), and the largest order passing check_min rose ($l1 -> $l2)" [ "$l2" -gt "$l1" ]
else
	mv_skip "orders: compact_memory raises the largest order passing check_min" "compaction formed no free block above order $l1 (pagetypeinfo: $b2)"
fi

hugetlb_steps compacted
mv_check "orders: compacted, every order-9 hugetlb allocation the file said passes succeeded, every failure was predicted ($MISS misses)" [ "$MISS" = 0 ]
if [ "$b2" -gt "$l1" ]; then
	mv_check "orders: compacted, a predicted success was seen ($PASSES)" [ "$PASSES" -gt 0 ]
else
	mv_skip "orders: compacted, a predicted success was seen" "compaction formed no free block above order $l1"
fi
mv_done
