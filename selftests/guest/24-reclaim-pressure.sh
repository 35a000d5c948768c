#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# reclaim under pressure: widen the watermark gaps (watermark_scale_factor)
# and let an anonymous hog (no swap) take a zone's free pages to halfway
# between min and low.  kswapd wakes and scans the clean page cache we left
# it (pgscan_kswapd grows, in /proc/vmstat and in memviz), cannot get the
# zone back above high, and memviz reports the zone's shortfall to low and
# high as positive and as /proc/zoneinfo says.
. /selftests/lib.sh
. /selftests/20-lru.inc

T=/tmp/24-reclaim.$$
mkdir -p "$T" /mnt/mv24
[ -r "$MV_RECLAIM" ] || mv_skip_all "no $MV_RECLAIM"
wsf=$(cat /proc/sys/vm/watermark_scale_factor)
lrr=$(cat /proc/sys/vm/lowmem_reserve_ratio)
THP=/sys/kernel/mm/transparent_hugepage/enabled
thp_mode=$(sed -n 's/.*\[\(.*\)\].*/\1/p' "$THP" 2>/dev/null)
hog=""
cleanup() {
	[ -n "$hog" ] && kill "$hog" 2>/dev/null
	wait 2>/dev/null
	[ -n "$thp_mode" ] && echo "$thp_mode" > "$THP"
	echo "$wsf" > /proc/sys/vm/watermark_scale_factor
	echo "$lrr" > /proc/sys/vm/lowmem_reserve_ratio
	umount /mnt/mv24 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
swapoff -a 2>/dev/null

# The zone to squeeze: node 1's largest on 2-node guests (the hog is bound
# there, the page cache is written from node 1's CPU), else the largest.
node=0
bind=""
cpu=0
if [ "$(mv_shape)" = 2node ]; then
	node=1
	bind="-n 1"
	cpu=1
fi

# Clean page cache for kswapd to scan: an ext4 file on brd, synced.
if mv-modprobe -q brd rd_nr=1 rd_size=$((40 * 1024)) && mke2fs -F /dev/ram0 >/dev/null 2>&1 &&
	{ mv-modprobe -q ext4; mount -t ext4 /dev/ram0 /mnt/mv24; }; then
	taskset -c $cpu dd if=/dev/zero of=/mnt/mv24/cache bs=1M count=24 2>/dev/null
	# Written once, never read back: a read marks the folios referenced and
	# MGLRU's eviction protects referenced tiers instead of isolating them.
	taskset -c $cpu sync
else
	mv_diag "no brd/ext4: kswapd may find nothing to scan"
fi

echo 1000 > /proc/sys/vm/watermark_scale_factor
# kswapd is not even woken while pgdat_balanced(): any zone up to the
# allocation's class above high, lowmem_reserve included.  Node 0's small,
# idle DMA zone would pass for DMA32 allocations; a reserve as large as
# the zones above it (ratio 1) takes it out of that vote.  (Node 1 has
# only Normal.)
if [ "$node" = 0 ]; then
	set -- $lrr
	shift
	echo "1 $*" > /proc/sys/vm/lowmem_reserve_ratio
fi
# "node zone free min low high managed" of the chosen node's largest zone.
zone=$(awk -v n="$node" '
	/^Node/ { nd = $2; sub(",", "", nd); zn = $4; sect = 1; next }
	sect && /^  pages free/ { free = $3; next }
	sect && $1 == "min" { min = $2; next }
	sect && $1 == "low" { low = $2; next }
	sect && $1 == "high" { high = $2; next }
	sect && $1 == "managed" { if (nd == n && $2 > best) { best = $2; out = nd " " zn " " free " " min " " low " " high " " $2 }; sect = 0 }
	END { print out }' /proc/zoneinfo)
set -- $zone
zname=$2 zfree=$3 zmin=$4 zlow=$5
target=$((zmin + (zlow - zmin) / 2))
hogmib=$(((zfree - target) / 256))
mv_diag "squeeze node $node zone $zname: free=$zfree min=$zmin low=$zlow -> target $target, hog $hogmib MiB"
[ "$hogmib" -gt 16 ] || mv_skip_all "zone $zname already below the target"

vm_kswapd() { awk '$1 == "pgscan_kswapd" { print $2 }' /proc/vmstat; }
cp /proc/vmstat "$T/vm0"
nodefile() { awk -v n="$node" '$2 == n && ($3 ~ /^(MemFree|FilePages|Inactive\(file\)|Active\(file\)|AnonPages|AnonHugePages):$/) { printf "%s%s ", $3, $4 }' "/sys/devices/system/node/node$node/meminfo"; }
mv_diag "before: node $node $(nodefile); lru_gen $(cat /sys/kernel/mm/lru_gen/enabled 2>/dev/null)"
cat "$MV_RECLAIM" > "$T/r0"
t0=$(date +%s)
k0=$(vm_kswapd)
# THP makes the fill fast; PREEMPT_RT kernels have none.
thp=""
[ -d /sys/kernel/mm/transparent_hugepage ] && thp=-t
mv-hog -m "$hogmib" $thp $bind -r "$T/ready" & hog=$!
mv_wait_file "$T/ready" 120 || mv_diag "hog not ready after 120 s"
# Only an order-0 allocation that fails the low mark on the squeezed node
# wakes its kswapd.  THP faults never wake kswapd (GFP_TRANSHUGE_LIGHT),
# and since 6.7 an anonymous mapping of 2 MiB or more is PMD-aligned, so
# under THP "always" the waker below would be THP-backed from end to end
# and kswapd would sleep on (what made this flaky on 6.12): THP off for
# it.  An unbound allocation would fall back to the other node without
# waking anyone: bind it.  Give kswapd up to ~20 s (emulated guests on a
# busy host are slow to schedule it).
[ -n "$thp_mode" ] && echo never > "$THP"
i=0
while [ "$i" -lt 20 ]; do
	mv-hog -m 8 $bind -s 0
	sleep 1
	[ "$(vm_kswapd)" -gt "$k0" ] && break
	i=$((i + 1))
done
awk '/^Node/ { nd = $2; sub(",", "", nd); zn = $4 } /^  pages free/ { print nd, zn, $3 }' /proc/zoneinfo > "$T/zi0"
cat "$MV_RECLAIM" > "$T/r1"
awk '/^Node/ { nd = $2; sub(",", "", nd); zn = $4 } /^  pages free/ { print nd, zn, $3 }' /proc/zoneinfo > "$T/zi1"
k1=$(vm_kswapd)
cp /proc/vmstat "$T/vm1"
mv_diag "after $(($(date +%s) - t0)) s (kswapd loop $i): node $node $(nodefile)"
mv_diag "vmstat deltas: $(awk 'NR == FNR { a[$1] = $2; next } $1 ~ /^(pgscan|pgsteal|allocstall|kswapd|pageoutrun|thp_fault|compact_stall|pgrefill|pgactivate|workingset_refault)/ && $2 != a[$1] { printf "%s+%d ", $1, $2 - a[$1] }' "$T/vm0" "$T/vm1")"

# The nodes file under this pressure, against /proc/zoneinfo read before
# and after it (a value must match one of the two reads):
#   unreclaimable     = zoneinfo's node_unreclaimable (kswapd_failures >= 16)
#   zones_below_high  = the node's managed zones with free <= high
#   balanced          = pgdat_balanced() at order 0: some managed zone up to
#                       kswapd_zone's index has free > high + its protection
#                       against that index (every zone when kswapd_zone is -)
# "Z node zone index managed free high protection..." per zone (empty ones
# too: they keep the indexes), "U node node_unreclaimable" per node
zone_marks() {
	awk '/^Node/ { node = $2; sub(",", "", node); zone = $4; idx[node]++; free = high = man = 0; next }
	/^  pages free/ { free = $3 }
	$1 == "high" && NF == 2 { high = $2 }
	$1 == "managed" { man = $2 }
	$1 == "protection:" { p = $0; sub(/.*\(/, "", p); sub(/\).*/, "", p); gsub(/,/, " ", p)
		print "Z", node, zone, idx[node] - 1, man, free, high, p }
	$1 == "node_unreclaimable:" { u[node] = $2 }
	END { for (n in u) print "U", n, u[n] }' /proc/zoneinfo
}
zone_marks > "$T/m0"
cat "$MV_DEBUGFS/nodes" > "$T/nodes"
zone_marks > "$T/m1"
mv_diag "nodes: $(mv_cols "$T/nodes" nodes node kswapd_state kswapd_order kswapd_zone kswapd_failures unreclaimable balanced zones_below_high | tr '\n' '|')"
# expect ZONEMARKS: "node unreclaimable zones_below_high balanced-for-class-0..N-1"
expect() {
	awk '$1 == "U" { unrec[$2] = $3 ? "yes" : "no"; next }
	{ n = $2; below[n] += ($5 > 0 && $6 <= $7); z[n, $4] = $0; if ($4 + 1 > nz[n]) nz[n] = $4 + 1 }
	END { for (n in nz) {
		s = n " " unrec[n] " " below[n] + 0
		for (cls = 0; cls < nz[n]; cls++) {
			b = "no"
			for (i = 0; i <= cls; i++) { split(z[n, i], f, " "); if (f[5] > 0 && f[6] > f[7] + f[8 + cls]) b = "yes" }
			s = s " " b
		}
		print s } }' "$1"
}
expect "$T/m0" > "$T/e0"
expect "$T/m1" > "$T/e1"
zidx=$(awk -v n="$node" '$1 == "Z" && $2 == n { print $3, $4 }' "$T/m0" | tr '\n' ' ')
bad=$(mv_cols "$T/nodes" nodes node unreclaimable zones_below_high balanced kswapd_zone |
	awk -v zidx="$zidx" 'BEGIN { k = split(zidx, w, " "); for (i = 1; i < k; i += 2) ix[w[i]] = w[i + 1] }
	FILENAME == ARGV[1] { e0[$1] = $0; next }
	FILENAME == ARGV[2] { e1[$1] = $0; next }
	{ n = $1; ok = 0
	  for (r = 0; r < 2; r++) {
		ne = split(r ? e1[n] : e0[n], e, " ")
		cls = ($5 == "-") ? ne - 4 : ix[$5]
		if ($2 == e[2] && $3 == e[3] && $4 == e[4 + cls]) ok = 1
	  }
	  if (!ok) print "node " n ": memviz " $2, $3, $4 " (kswapd_zone " $5 "), zoneinfo " e0[n] " / " e1[n] }' \
	"$T/e0" "$T/e1" -)
[ -z "$bad" ] || mv_diag "$bad"
mv_check "pressure: nodes' unreclaimable, zones_below_high and balanced as /proc/zoneinfo has them" [ -z "$bad" ]
row=$(mv_cols "$T/nodes" nodes node zones_below_high balanced | awk -v n="$node" '$1 == n { print $2, $3 }')
mv_check "pressure: node $node is under pressure there (zones_below_high >= 1, not balanced: $row)" \
	[ "${row%% *}" -ge 1 -a "${row#* }" = no ]

# kswapd_order and kswapd_zone. Once the node is hopeless (unreclaimable)
# kswapd sleeps on, and wakeup_kswapd() still records the largest order
# and the highest zone class asked for without waking it (they were reset
# when kswapd last started: '-'): every user page is movable (class
# Movable, whether or not that zone has memory), and a THP fault with
# defrag=defer asks for order 9 (GFP_TRANSHUGE_LIGHT plus
# __GFP_KSWAPD_RECLAIM), more than any kernel allocation in between.
st=$(mv_cols "$T/nodes" nodes node unreclaimable kswapd_state kswapd_order kswapd_zone | awk -v n="$node" '$1 == n { print $2, $3, $4, $5 }')
set -- $st
if [ "$1" = yes ] && [ "$2" = sleeping ]; then
	# shellcheck disable=SC2086
	mv-hog -m 8 $bind -s 0
	o=$(mv_cols "$MV_DEBUGFS/nodes" nodes node kswapd_order kswapd_zone | awk -v n="$node" '$1 == n { print $2, $3 }')
	# The order is the largest asked since kswapd last ran: the fork and
	# exec around the fault ask for order 2-3 themselves (seen: 2), so
	# only the zone class is the fault's to check here.
	mv_check "pressure: hopeless node $node: kswapd_zone Movable after a user fault ($o; before it: $3 $4)" \
		[ "${o#* }" = Movable ]
	DF=/sys/kernel/mm/transparent_hugepage/defrag
	df_mode=$(sed -n 's/.*\[\(.*\)\].*/\1/p' "$DF" 2>/dev/null)
	if [ -n "$thp_mode" ] && [ -n "$df_mode" ]; then
		echo always > "$THP"
		echo defer > "$DF"
		# shellcheck disable=SC2086
		mv-hog -m 8 -t $bind -s 0
		echo never > "$THP"
		echo "$df_mode" > "$DF"
		o=$(mv_cols "$MV_DEBUGFS/nodes" nodes node kswapd_order kswapd_zone | awk -v n="$node" '$1 == n { print $2, $3 }')
		mv_check "pressure: after a THP fault with defrag=defer, kswapd_order 9 and kswapd_zone Movable ($o)" \
			[ "$o" = "9 Movable" ]
	else
		mv_skip "pressure: kswapd_order after an order-9 wakeup" "kernel without THP (PREEMPT_RT)"
	fi
else
	mv_skip "pressure: kswapd_order and kswapd_zone of a hopeless node" "node $node is not unreclaimable with kswapd asleep ($st)"
fi

row=$(mv_cols "$T/r1" reclaim node zone free low high shortfall_low shortfall_high unusable reclaimable covers_high |
	awk -v n="$node" -v z="$zname" '$1 == n && $2 == z')
mv_diag "zone row: node zone free low high shortfall_low shortfall_high unusable reclaimable covers_high = $row"
set -- $row
sl=${6:-0} sh=${7:-0} lo=${4:-0} hi=${5:-0} un=${8:-0}
mv_check "pressure: node $node $zname shortfall_low is positive ($sl)" [ "$sl" -gt 0 ]
mv_check "pressure: shortfall_high ($sh) = shortfall_low + high - low" [ "$sh" -eq $((sl + hi - lo)) ]
# The same shortfall from zoneinfo's free (read around ours; free moves).
f0=$(awk -v n="$node" -v z="$zname" '$1 == n && $2 == z { print $3 }' "$T/zi0")
f1=$(awk -v n="$node" -v z="$zname" '$1 == n && $2 == z { print $3 }' "$T/zi1")
e0=$((lo + 1 + un - f0))
e1=$((lo + 1 + un - f1))
mv_diag "shortfall_low from zoneinfo: $e0 .. $e1"
mv_check "pressure: shortfall_low agrees with /proc/zoneinfo free (512 pages)" \
	awk -v s="$sl" -v a="$e0" -v b="$e1" 'BEGIN { if (a > b) { t = a; a = b; b = t } exit (s >= a - 512 && s <= b + 512) ? 0 : 1 }'
mv_diag "pgscan_kswapd: /proc/vmstat $k0 -> $k1"
mv_check "pressure: pgscan_kswapd grew in /proc/vmstat" [ "$k1" -gt "$k0" ]
m0=$(mv_cols "$T/r0" reclaim.scan reclaimer pgscan | awk '$1 == "kswapd" { print $2 }')
m1=$(mv_cols "$T/r1" reclaim.scan reclaimer pgscan | awk '$1 == "kswapd" { print $2 }')
# Our reads bracket the kernel's: r0 came before k0 and r1 (taken after
# the loop saw pgscan_kswapd pass k0) before k1.
mv_check "pressure: memviz kswapd pgscan grew with the kernel's ($m0 <= $k0 < $m1 <= $k1)" \
	[ "${m0:-x}" -le "$k0" -a "${m1:-0}" -gt "$k0" -a "${m1:-x}" -le "$k1" ]
mv_check "pressure: reclaim file well formed under pressure" mv_table_ok "$T/r1"
mv_done
