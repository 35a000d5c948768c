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
mv_diag "nodes: $(mv_cols "$MV_DEBUGFS/nodes" nodes node kswapd_state kswapd_failures balanced 2>/dev/null | tr '\n' '|')"

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
