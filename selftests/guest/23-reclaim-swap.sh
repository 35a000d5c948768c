#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# reclaim: well-formed three-table file; the cost classes add up and match
# the lru file of the same pass; counters agree with /proc/vmstat; anon and
# shmem count as reclaimable only up to free swap: zero without swap, and
# capped by a small zram swap device.
. /selftests/lib.sh
. /selftests/20-lru.inc

[ -r "$MV_RECLAIM" ] || mv_skip_all "no $MV_RECLAIM"
mv_setup 23-reclaim
swapdev=""
mv_at_exit '[ -n "$swapdev" ] && swapoff "$swapdev"; [ -e /sys/block/zram0/reset ] && echo 1 > /sys/block/zram0/reset'

mv_check "reclaim: mode is 0400" [ "$(stat -c %a "$MV_RECLAIM")" = 400 ]
swapoff -a 2>/dev/null
awk '{ print $1, $2 }' /proc/vmstat > "$T/vm0"
cat "$MV_RECLAIM" > "$T/r"
awk '{ print $1, $2 }' /proc/vmstat > "$T/vm1"
for t in reclaim reclaim.scan reclaim.events; do
	mv_check "reclaim: has table '$t'" grep -q "^# memviz $t v2 " "$T/r"
done
mv_check "reclaim: every table has one header, rows as wide as it" mv_table_ok "$T/r"
npop=$(awk '/^Node/ { z = 1 } $1 == "present" && $2 > 0 && z { n++; z = 0 } END { print n }' /proc/zoneinfo)
mv_check "reclaim: one row per populated zone" [ "$(mv_cols "$T/r" reclaim node | wc -l)" -eq "$npop" ]

# Sums hold within the row.
bad=$(mv_cols "$T/r" reclaim clean_file dirty_file writeback_file swappable reclaim_clean reclaim_io reclaimable shortfall_high covers_high swapcache_clean reclaimable_direct reclaimable_kswapd |
	awk '$5 != $1 + $10 || $6 != $2 + $3 + $4 || $7 != $5 + $6 || ($9 == "yes") != ($7 >= $8) ||
		$11 != $5 + $4 || $12 != $7 { n++ } END { print n + 0 }')
mv_check "reclaim: reclaim_clean/io/reclaimable/covers_high and the per-reclaimer sums add up" [ "$bad" -eq 0 ]

# Same pass as lru (shared while a reader holds it): evictable classes =
# the four evictable lists.
exec 3<"$MV_RECLAIM"
cat "$MV_LRU" > "$T/lru"
cat <&3 > "$T/r"
exec 3<&-
mv_check "reclaim: read within the lru pass cache (same elapsed_ns)" \
	[ "$(mv_fact "$T/r" elapsed_ns)" = "$(mv_fact "$T/lru" elapsed_ns)" ]
ev=$(mv_cols "$T/r" reclaim clean_file dirty_file writeback_file anon shmem swapcache_clean noswap mlocked_evictable |
	awk '{ s += $1 + $2 + $3 + $4 + $5 + $6 + $7 + $8 } END { print s + 0 }')
lv=$(mv_lru_sum "$T/lru" pages)
lu=$(mv_lru_sum "$T/lru" pages unevictable)
mv_check "reclaim: cost classes ($ev) = lru evictable pages ($((lv - lu)))" [ "$ev" -eq $((lv - lu)) ]

# Counters: between two /proc/vmstat reads taken around ours.
mv_cols "$T/r" reclaim.events event value > "$T/ev"
mv_cols "$T/r" reclaim.scan reclaimer pgscan pgsteal |
	awk '$1 != "total" { print "pgscan_" $1, $2; print "pgsteal_" $1, $3 }' >> "$T/ev"
cmp=$(awk 'FILENAME == ARGV[1] { a[$1] = $2; next } FILENAME == ARGV[2] { b[$1] = $2; next }
	{ n++
	  if (!($1 in a)) { if ($2 != "-") print "extra", $1; next }
	  if ($2 == "-" || $2 < a[$1] || $2 > b[$1]) print "bad", $1, $2, a[$1] "..", b[$1] }
	END { if (n < 20) print "few", n }' "$T/vm0" "$T/vm1" "$T/ev")
[ -z "$cmp" ] || mv_diag "$cmp"
mv_check "reclaim: every counter lies between two /proc/vmstat reads around it" [ -z "$cmp" ]
eff=$(mv_cols "$T/r" reclaim.scan pgscan pgsteal efficiency_pct |
	awk '$1 == "-" || $1 == 0 { if ($3 != "-") n++; next } $3 != int($2 * 100 / $1) { n++ } END { print n + 0 }')
mv_check "reclaim: efficiency_pct = 100 * pgsteal / pgscan" [ "$eff" -eq 0 ]

# No swap: anon and shmem are not reclaimable.
mv_check "noswap: header swap_free=0" [ "$(mv_fact "$T/r" swap_free)" = 0 ]
nz=$(mv_cols "$T/r" reclaim swappable | awk '$1 != 0 { n++ } END { print n + 0 }')
mv_check "noswap: swappable is 0 in every zone" [ "$nz" -eq 0 ]

# A zram swap smaller than the anon + shmem pages: reclaimable up to free swap.
mv-hog -m 32 -r "$T/ready" -s 120 & hog=$!
MV_PIDS=$hog
mv_wait_file "$T/ready" 30
if mv-modprobe -q zram num_devices=1 && echo 4M > /sys/block/zram0/disksize &&
	mkswap /dev/zram0 >/dev/null && swapon /dev/zram0; then
	swapdev=/dev/zram0
	sleep 1.1
	cat "$MV_RECLAIM" > "$T/s"
	sf=$(mv_meminfo SwapFree)
	hsf=$(mv_fact "$T/s" swap_free)
	mv_diag "zram: meminfo SwapFree=$sf pages, reclaim swap_free=$hsf"
	mv_check "swap: header swap_free matches /proc/meminfo SwapFree" mv_near "$hsf" "$sf" 1 2
	capped=$(mv_cols "$T/s" reclaim anon shmem swappable |
		awk -v f="$hsf" '{ w = $1 + $2; e = (w < f) ? w : f; if ($3 != e) n++ } END { print n + 0 }')
	mv_check "swap: swappable = min(anon + shmem, swap_free) in every zone" [ "$capped" -eq 0 ]
	big=$(mv_cols "$T/s" reclaim anon shmem swappable |
		awk -v f="$hsf" '$1 + $2 > f && $3 == f { n++ } END { print n + 0 }')
	mv_check "swap: the cap binds where anon + shmem exceed free swap" [ "$big" -ge 1 ]
	tot=$(mv_fact "$T/s" swappable_total)
	mv_check "swap: swappable_total ($tot) <= swap_free" [ "$tot" -le "$hsf" ]
	swapoff /dev/zram0
	swapdev=""
	sleep 1.1
	cat "$MV_RECLAIM" > "$T/o"
	nz=$(mv_cols "$T/o" reclaim swappable | awk '$1 != 0 { n++ } END { print n + 0 }')
	mv_check "swapoff: swappable back to 0 in every zone" [ "$nz" -eq 0 ]
else
	mv_skip "swap: anon reclaimable up to free swap" "zram swap unavailable"
fi
kill "$hog" 2>/dev/null
wait 2>/dev/null
mv_done
