#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# orders, behaviour: fragment the biggest zone (mv-frag: THPs with every
# other page freed), see check_min fail at order >= 2 while order 0
# passes, write /proc/sys/vm/compact_memory and see the largest passing
# order rise.  Then an order-9 hugetlb allocation (node 0's nr_hugepages)
# succeeds exactly when the file said order 9 passes for hugetlb's class
# without compaction: vm.extfrag_threshold=1000 makes compaction_suitable()
# refuse every costly order, so neither direct compaction nor kcompactd
# can change the outcome; checked on the fragmented zone and after it
# was compacted.
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

# hugetlb, fragmented: the prediction and the outcome
node_hugepages 0 0 > /dev/null
cat "$MV_ORDERS" > "$T/h1"
p1=$(hugetlb_prediction "$T/h1" 0)
got1=$(node_hugepages 0 1)
node_hugepages 0 0 > /dev/null
mv_diag "hugetlb fragmented: file says $p1, nr_hugepages became $got1"
mv_check "orders: fragmented, an order-9 hugetlb page is allocated ($got1) exactly when order 9 passes ($p1)" \
	[ "$p1" = "$got1" ]

echo 1 > /proc/sys/vm/compact_memory
cat "$MV_ORDERS" > "$T/o2"
l2=$(orders_largest "$T/o2" "$NODE" "$ZONE" check_min)
mv_diag "after compact_memory: largest order passing min $l2 (was $l1)"
mv_check "orders: compact_memory raises the largest order passing check_min ($l1 -> $l2)" [ "$l2" -gt "$l1" ]

p2=$(hugetlb_prediction "$T/o2" 0)
got2=$(node_hugepages 0 1)
node_hugepages 0 0 > /dev/null
mv_diag "hugetlb compacted: file says $p2, nr_hugepages became $got2"
mv_check "orders: compacted, an order-9 hugetlb page is allocated ($got2) exactly when order 9 passes ($p2)" \
	[ "$p2" = "$got2" ]
mv_check "orders: the two hugetlb outcomes differ (one failure, one success)" [ "$got1" != "$got2" ]
mv_done
