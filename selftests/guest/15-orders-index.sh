#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# orders: unusable_index and extfrag_index equal the kernel's own
# /sys/kernel/debug/extfrag/ files exactly, every zone and order, on the
# idle guest and on one whose free memory was fragmented (mv-frag).
. /selftests/lib.sh
. /selftests/15-orders.inc
mv_setup 15-orders-index

X=/sys/kernel/debug/extfrag
[ -r "$MV_ORDERS" ] || mv_skip_all "no $MV_ORDERS"
[ -r "$X/unusable_index" ] && [ -r "$X/extfrag_index" ] ||
	mv_skip_all "no $X/unusable_index (the kernel lacks CONFIG_COMPACTION or CONFIG_DEBUG_FS)"

cat "$MV_ORDERS" > "$T/o"
mv_check "orders: banner is '# memviz orders v1'" grep -q '^# memviz orders v1 ' "$T/o"
mv_check "orders: compaction and kcompactd tables follow" \
	sh -c "grep -q '^# memviz orders.compaction v1 ' '$T/o' && grep -q '^# memviz orders.kcompactd v2 ' '$T/o'"
shape=$(orders_table "$T/o" 1 | awk 'NR == 1 { n = NF; next } NF != n { bad = 1 } END { print (NR > 1 && !bad) ? "ok" : "bad" }')
mv_check "orders: every row as wide as the header" [ "$shape" = ok ]
rows=$(orders_table "$T/o" 1 | awk 'END { print NR - 1 }')
want=$(awk 'NF > 4 { n += NF - 4 } END { print n + 0 }' /proc/buddyinfo)
mv_check "orders: a row per zone and order of /proc/buddyinfo ($rows, $want)" [ "$rows" -eq "$want" ]

# compare WHAT: both indexes against a file copy taken between two stable
# reads of the kernel's (the guest is quiet, but not still).  Stable means
# /proc/buddyinfo too: three decimals can read the same while the free
# lists under them moved across a rounding step (7.3-rt/2node: 6 vs 7).
compare() {
	try=0
	while [ $((try += 1)) -le 50 ]; do
		cat /proc/buddyinfo > "$T/b1"
		cat "$X/unusable_index" > "$T/u1"; cat "$X/extfrag_index" > "$T/e1"
		cat "$MV_ORDERS" > "$T/o"
		cat "$X/unusable_index" > "$T/u2"; cat "$X/extfrag_index" > "$T/e2"
		cat /proc/buddyinfo > "$T/b2"
		cmp -s "$T/u1" "$T/u2" && cmp -s "$T/e1" "$T/e2" && cmp -s "$T/b1" "$T/b2" && break
		sleep 0.2
	done
	mv_diag "$1: stable after $try read(s)"
	if [ "$try" -gt 50 ]; then
		mv_skip "orders ($1): unusable_index = extfrag/unusable_index" "the free lists moved across every one of 50 reads"
		mv_skip "orders ($1): extfrag_index = extfrag/extfrag_index" "the free lists moved across every one of 50 reads"
		return
	fi
	extfrag_rows "$T/u1" | sort > "$T/ku"
	extfrag_rows "$T/e1" | sort > "$T/ke"
	orders_cols "$T/o" 1 node zone order unusable_index | sort > "$T/mu"
	orders_cols "$T/o" 1 node zone order extfrag_index | sort > "$T/me"
	mv_check "orders ($1): unusable_index = extfrag/unusable_index ($(wc -l < "$T/ku") values)" \
		sh -c "[ -s '$T/ku' ] && diff '$T/ku' '$T/mu'" ||
		{ sed 's/^/# kernel: /' "$T/u1"; orders_cols "$T/o" 1 node zone order free_blocks unusable_index | sed 's/^/# file: /'; cat /proc/buddyinfo | sed 's/^/# /'; }
	mv_check "orders ($1): extfrag_index = extfrag/extfrag_index ($(wc -l < "$T/ke") values)" \
		sh -c "[ -s '$T/ke' ] && diff '$T/ke' '$T/me'"
}

compare idle

# Fragment: half of node 0's free memory, every other page freed.
free_mib=$(awk '$3 == "MemFree:" { print int($4 / 1024) }' /sys/devices/system/node/node0/meminfo)
mv-mpol 0 mv-frag -m $((free_mib / 2)) -r "$T/ready" &
MV_PIDS="$!"
if mv_wait_file "$T/ready" 240; then
	compare fragmented
	# the fragmented zone has free memory unusable at order 2
	set -- $(big_zone)
	u2=$(orders_cols "$T/o" 1 node zone order unusable_index | awk -v n="$1" -v z="$2" '$1 == n && $2 == z && $3 == 2 { print $4 }')
	mv_diag "zone $1 $2: unusable_index at order 2 = $u2"
	# without THP (the RT lines) mv-frag faults 4 KiB pages and its holes
	# were seen to merge into order >= 2 blocks: nothing to assert then
	if [ -d /sys/kernel/mm/transparent_hugepage ]; then
		mv_check "orders (fragmented): zone $1 $2 has free memory unusable at order 2" [ "${u2:-0}" -gt 0 ]
	else
		mv_skip "orders (fragmented): zone $1 $2 has free memory unusable at order 2" "no THP on this kernel"
	fi
else
	mv_fail "orders (fragmented): mv-frag did not get ready"
fi
mv_done
