#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# reclaim v2's cost model against reclaim the test drives, not only
# against sums.  Known workloads in a cgroup (clean and dirty page cache
# on ext4 over brd with the flusher held off, anonymous memory, no swap):
#   drop_caches       frees the clean page cache and none of the dirty:
#                     clean_file falls by about what was dropped,
#                     dirty_file does not move
#   memory.reclaim    (proactive memcg reclaim, which like direct reclaim
#                     writes no file page itself) frees the clean cache,
#                     and beyond reclaimable_direct only pages the flushers
#                     it woke wrote back first; with no swap, no anonymous
#                     page; in all no more than reclaimable_kswapd
#   swap.max=0        with zram swap on, a hog in a cgroup without swap
#                     room is noswap, not swappable
# The oracle is the cgroup's memory.stat (file, file_dirty, anon).
. /selftests/lib.sh
. /selftests/20-lru.inc

[ -r "$MV_RECLAIM" ] || mv_skip_all "no $MV_RECLAIM"
[ -w /sys/fs/cgroup/cgroup.subtree_control ] || mv_skip_all "no cgroup v2 memory controller"
mv_setup 26-cost
CG=/sys/fs/cgroup/mv26
NS=/sys/fs/cgroup/mv26ns
MIB=32
# The page cache: small, as a ramdisk an earlier test sized may hold it
# (ext4 writes back early when its free space is under twice the dirty).
FMIB=8
FPAGES=$((FMIB * 256))
wb=$(cat /proc/sys/vm/dirty_writeback_centisecs)
ex=$(cat /proc/sys/vm/dirty_expire_centisecs)
mv_at_exit 'umount /mnt/mv26; echo "$wb" > /proc/sys/vm/dirty_writeback_centisecs;
	echo "$ex" > /proc/sys/vm/dirty_expire_centisecs; rmdir $CG $NS;
	swapoff /dev/zram0; [ -e /sys/block/zram0/reset ] && echo 1 > /sys/block/zram0/reset'
echo 0 > /proc/sys/vm/dirty_writeback_centisecs
echo 360000 > /proc/sys/vm/dirty_expire_centisecs
swapoff -a 2>/dev/null

# sum FILE COL: a reclaim column summed over the zones
sum() {
	mv_cols "$1" reclaim "$2" | awk '{ s += $1 } END { print s + 0 }'
}
stat_of() {
	awk -v k="$2" '$1 == k { print int($2 / 4096) }' "$1/memory.stat"
}

echo +memory > /sys/fs/cgroup/cgroup.subtree_control
mkdir "$CG"
mkdir -p /mnt/mv26
if ! { mv-modprobe -q brd rd_nr=1 rd_size=$((FMIB * 8 * 1024)) && mke2fs -F /dev/ram0 >/dev/null 2>&1 &&
	{ mv-modprobe -q ext4; mount -t ext4 /dev/ram0 /mnt/mv26; }; }; then
	mv_skip_all "no ext4 on brd for page cache"
fi
for b in /sys/class/bdi/1:0/min_ratio; do [ -w "$b" ] && echo 50 > "$b"; done
# In the cgroup: clean cache (written, synced, dropped, read back), dirty
# cache (written, not synced), anonymous memory.
sh -c "echo \$\$ > $CG/cgroup.procs
	dd if=/dev/zero of=/mnt/mv26/clean bs=1M count=$FMIB 2>/dev/null; sync
	echo 1 > /proc/sys/vm/drop_caches; cat /mnt/mv26/clean > /dev/null
	dd if=/dev/zero of=/mnt/mv26/dirty bs=1M count=$FMIB 2>/dev/null
	exec mv-hog -m $MIB -s 300 -r $T/anon" & H=$!
MV_PIDS=$H
mv_wait_file "$T/anon" 60
sleep 1.1
cat "$MV_RECLAIM" > "$T/r0"
f0=$(stat_of "$CG" file) d0=$(stat_of "$CG" file_dirty) a0=$(stat_of "$CG" anon)
mv_diag "cgroup: file $f0 dirty $d0 anon $a0 pages; reclaim: clean $(sum "$T/r0" clean_file) dirty $(sum "$T/r0" dirty_file) direct $(sum "$T/r0" reclaimable_direct) kswapd $(sum "$T/r0" reclaimable_kswapd)"
mv_check "setup: the cgroup holds the dirty pages ($d0 of $FPAGES)" mv_ge "$d0" $((FPAGES * 9 / 10))
mv_check "classes: dirty_file holds the dirty pages ($(sum "$T/r0" dirty_file) >= $d0 - 2%)" \
	mv_ge "$(sum "$T/r0" dirty_file)" $((d0 * 98 / 100))
mv_check "classes: dirty pages are in reclaimable_kswapd, not in reclaimable_direct" \
	[ $(($(sum "$T/r0" reclaimable_kswapd) - $(sum "$T/r0" reclaimable_direct))) -ge $((d0 * 98 / 100)) ]
mv_check "classes: no swap, nothing swappable" [ "$(sum "$T/r0" swappable)" -eq 0 ]

# memory.reclaim: as much as it can.  It writes no file page itself: the
# dirty ones it frees only once the flushers it wakes have written them.
w0=$(awk '$1 == "nr_written" { print $2 }' /proc/vmstat)
echo $((MIB * 4))M > "$CG/memory.reclaim" 2>/dev/null
sleep 1.1
cat "$MV_RECLAIM" > "$T/r1"
w1=$(awk '$1 == "nr_written" { print $2 }' /proc/vmstat)
f1=$(stat_of "$CG" file) d1=$(stat_of "$CG" file_dirty) a1=$(stat_of "$CG" anon)
freed=$(((f0 - f1) + (a0 - a1)))
direct=$(sum "$T/r0" reclaimable_direct)
kswapd=$(sum "$T/r0" reclaimable_kswapd)
mv_diag "memory.reclaim: file $f0 -> $f1, dirty $d0 -> $d1, anon $a0 -> $a1; freed $freed LRU pages; reclaimable_direct was $direct, reclaimable_kswapd $kswapd; pages written back meanwhile $((w1 - w0))"
mv_check "memory.reclaim: the anonymous pages stayed (no swap: not reclaimable)" mv_ge "$a1" $((a0 * 95 / 100))
mv_check "memory.reclaim: it freed the clean page cache ($((f0 - f1)) >= 90% of $((f0 - d0)))" \
	mv_ge $((f0 - f1)) $(((f0 - d0) * 9 / 10))
mv_check "memory.reclaim: it freed no more than reclaimable_kswapd said ($freed <= $kswapd + 2% + 256)" \
	[ "$freed" -le $((kswapd + kswapd / 50 + 256)) ]
mv_check "memory.reclaim: what it freed beyond reclaimable_direct was written back first ($((freed - direct)) <= $((w1 - w0)) + 256)" \
	[ $((freed - direct)) -le $((w1 - w0 + 256)) ]
# The dirty pages written back meanwhile stay cached, now clean: clean_file
# follows what the cgroup still holds clean, not the pages it started with.
c1=$(sum "$T/r1" clean_file)
mv_check "memory.reclaim: clean_file follows the cgroup's clean page cache ($(sum "$T/r0" clean_file) -> $c1 ~ $((f1 - d1)), within 2% + 64)" \
	[ $((c1 - (f1 - d1))) -le $(((f1 - d1) / 50 + 64)) -a $(((f1 - d1) - c1)) -le $(((f1 - d1) / 50 + 64)) ]

# drop_caches: clean page cache read again, then dropped.
cat /mnt/mv26/clean > /dev/null
sleep 1.1
cat "$MV_RECLAIM" > "$T/r2"
echo 1 > /proc/sys/vm/drop_caches
sleep 1.1
cat "$MV_RECLAIM" > "$T/r3"
c2=$(sum "$T/r2" clean_file) c3=$(sum "$T/r3" clean_file)
dd2=$(sum "$T/r2" dirty_file) dd3=$(sum "$T/r3" dirty_file)
mv_diag "drop_caches: clean_file $c2 -> $c3, dirty_file $dd2 -> $dd3"
mv_check "drop_caches: clean_file fell by at least the file read back ($((c2 - c3)) >= $((FPAGES * 9 / 10)))" \
	mv_ge $((c2 - c3)) $((FPAGES * 9 / 10))
mv_check "drop_caches: dirty_file did not move (within 2%)" mv_near "$dd3" "$dd2" 2 64
kill "$H" 2>/dev/null
wait 2>/dev/null

# swap.max=0: swap-backed pages of a cgroup with no swap room.
if mv-modprobe -q zram num_devices=1 && echo 256M > /sys/block/zram0/disksize &&
	mkswap /dev/zram0 >/dev/null && swapon /dev/zram0; then
	mkdir "$NS"
	echo 0 > "$NS/memory.swap.max"
	cat "$MV_RECLAIM" > "$T/s0"
	sh -c "echo \$\$ > $NS/cgroup.procs; exec mv-hog -m $MIB -s 300 -r $T/ns" & N=$!
	MV_PIDS=$N
	mv_wait_file "$T/ns" 60
	sleep 1.1
	cat "$MV_RECLAIM" > "$T/s1"
	na=$(stat_of "$NS" anon)
	dn=$(($(sum "$T/s1" noswap) - $(sum "$T/s0" noswap)))
	mv_diag "swap.max=0: the cgroup's anon $na pages; noswap +$dn, swappable $(sum "$T/s0" swappable) -> $(sum "$T/s1" swappable)"
	mv_check "swap.max=0: its anonymous pages are noswap ($dn ~ $na, within 5%)" mv_near "$dn" "$na" 5 256
	kill "$N" 2>/dev/null
	wait 2>/dev/null
else
	mv_skip "swap.max=0: anonymous pages are noswap" "zram swap unavailable"
fi
mv_done
