#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# lru: known page states show up where they belong -- unsynced writes on
# ext4 (over a brd ramdisk) as dirty file pages, an mlock()ed buffer as
# mlocked/unevictable, a tmpfs file as shmem, a THP mapping in large
# folios, and (2-node guests) an anonymous hog bound to node 1 on node 1's
# anon lists.  Each is compared with the kernel's own count in
# /proc/meminfo or /proc/zoneinfo.
. /selftests/lib.sh
. /selftests/20-lru.inc

[ -r "$MV_LRU" ] || mv_skip_all "no $MV_LRU"
mv_setup 21-lru
mv_at_exit 'umount /mnt/mv21x; umount /mnt/mv21t'

MIB=16
PAGES=$((MIB * 256))

# Keep the flusher away from our dirty pages for the length of the test.
wb=$(cat /proc/sys/vm/dirty_writeback_centisecs)
ex=$(cat /proc/sys/vm/dirty_expire_centisecs)
mv_at_exit 'echo "$wb" > /proc/sys/vm/dirty_writeback_centisecs; echo "$ex" > /proc/sys/vm/dirty_expire_centisecs'
echo 0 > /proc/sys/vm/dirty_writeback_centisecs
echo 360000 > /proc/sys/vm/dirty_expire_centisecs
sync
cat "$MV_LRU" > "$T/base"
sleep 1

# --- workloads, all at once to keep the guest time short ---
mkdir -p /mnt/mv21x /mnt/mv21t
dirty_ok=0
# ext4 writes back early when free space < 2x dirty (ext4_nonda_switch):
# a ramdisk 4x the data keeps it dirty.  brd only uses what is written.
if mv-modprobe -q brd rd_nr=1 rd_size=$((MIB * 4 * 1024)) &&
	mke2fs -F /dev/ram0 >/dev/null 2>&1 &&
	{ mv-modprobe -q ext4; mount -t ext4 /dev/ram0 /mnt/mv21x; }; then
	# A new bdi has no writeout history, so its share of the background
	# threshold is ~0 and any flusher wakeup would write our pages back:
	# guarantee it a share.
	for b in /sys/class/bdi/1:0/min_ratio; do [ -w "$b" ] && echo 50 > "$b"; done
	dd if=/dev/zero of=/mnt/mv21x/dirty bs=1M count=$MIB 2>/dev/null && dirty_ok=1
fi
mount -t tmpfs tmpfs /mnt/mv21t
mv-hog -m $MIB -f /mnt/mv21t/shm -r "$T/r-shm" & MV_PIDS="$MV_PIDS $!"
mv-hog -m $MIB -l -r "$T/r-mlock" & MV_PIDS="$MV_PIDS $!"
thp=0
[ -d /sys/kernel/mm/transparent_hugepage ] && thp=1
if [ "$thp" = 1 ]; then
	mv-hog -m $((MIB * 2)) -t -r "$T/r-thp" & MV_PIDS="$MV_PIDS $!"
else
	touch "$T/r-thp"
fi
for r in shm mlock thp; do
	mv_wait_file "$T/r-$r" 30 || mv_diag "hog $r not ready"
done
sleep 1
cat "$MV_LRU" > "$T/lru"
mi_dirty=$(mv_meminfo Dirty)
mi_shmem=$(mv_meminfo Shmem)
mi_mlock=$(mv_meminfo Mlocked)
mi_ahp=$(mv_meminfo AnonHugePages)
cat "$MV_RECLAIM" > "$T/reclaim"
mv_check "lru: well formed under load" mv_table_ok "$T/lru"

# Dirty file pages: memviz's dirty on the file lists vs meminfo Dirty.
if [ "$dirty_ok" = 1 ]; then
	d=$(mv_lru_sum "$T/lru" dirty file)
	mv_diag "dirty: memviz file dirty=$d meminfo Dirty=$mi_dirty written=$PAGES"
	mv_check "dirty: $MIB MiB unsynced on ext4 appear as dirty file pages (>= 90%)" \
		mv_ge "$d" $((PAGES * 9 / 10))
	mv_check "dirty: file dirty within 5% of /proc/meminfo Dirty" mv_near "$d" "$mi_dirty" 5
	rd=$(mv_cols "$T/reclaim" reclaim dirty_file writeback_file | awk '{ s += $1 + $2 } END { print s + 0 }')
	mv_check "dirty: reclaim dirty_file+writeback_file ($rd) covers them" mv_ge "$rd" $((PAGES * 9 / 10))
else
	mv_skip "dirty: unsynced ext4 writes show as dirty file pages" "brd/mke2fs/ext4 unavailable"
fi

# mlock: on the unevictable list and flagged mlocked.
u=$(mv_lru_sum "$T/lru" pages unevictable)
ub=$(mv_lru_sum "$T/base" pages unevictable)
ml=$(mv_lru_sum "$T/lru" mlocked)
mv_diag "mlock: unevictable $ub -> $u, mlocked=$ml meminfo Mlocked=$mi_mlock"
mv_check "mlock: $MIB MiB mlock()ed land on the unevictable lists" mv_ge $((u - ub)) $((PAGES * 9 / 10))
mv_check "mlock: mlocked within 5% of /proc/meminfo Mlocked" mv_near "$ml" "$mi_mlock" 5
rml=$(mv_cols "$T/reclaim" reclaim mlocked | awk '{ s += $1 } END { print s + 0 }')
mv_check "mlock: reclaim counts them as mlocked ($rml)" mv_ge "$rml" $((PAGES * 9 / 10))

# tmpfs: shmem.
s=$(mv_lru_sum "$T/lru" shmem)
sb=$(mv_lru_sum "$T/base" shmem)
mv_diag "shmem: memviz $sb -> $s, meminfo Shmem=$mi_shmem"
mv_check "shmem: a $MIB MiB tmpfs file appears as shmem" mv_ge $((s - sb)) $((PAGES * 9 / 10))
mv_check "shmem: within 5% of /proc/meminfo Shmem" mv_near "$s" "$mi_shmem" 5

# THP: large folios, PMD-sized ones as thp, on the anon lists and (THP is
# "always": the mlocked hog is THP-backed too) the unevictable one.
th=$(( $(mv_lru_sum "$T/lru" thp) - $(mv_lru_sum "$T/lru" thp file) ))
lg=$(( $(mv_lru_sum "$T/lru" large) - $(mv_lru_sum "$T/lru" large file) ))
mv_diag "thp: memviz non-file thp=$th large=$lg, meminfo AnonHugePages=$mi_ahp"
if [ "$thp" = 0 ]; then
	mv_skip "thp: a THP mapping shows in large folios" "kernel without THP (PREEMPT_RT)"
	mv_check "thp: thp column is '-' without THP" \
		[ "$(mv_cols "$T/lru" lru thp | grep -vc -- '^-$')" -eq 0 ]
elif [ "${mi_ahp:-0}" -ge 512 ]; then
	mv_check "thp: anon+unevictable thp within 5% of /proc/meminfo AnonHugePages" mv_near "$th" "$mi_ahp" 5 512
	mv_check "thp: large >= thp" mv_ge "$lg" "$th"
else
	mv_skip "thp: a THP mapping shows in large folios" "kernel gave no THP (AnonHugePages=0)"
fi
# shellcheck disable=SC2086 # a list of pids
kill $MV_PIDS 2>/dev/null
wait 2>/dev/null
MV_PIDS=""

# Node 1: an anonymous hog bound there grows node 1's anon lists only.
if [ "$(mv_shape)" = 2node ]; then
	sleep 1
	cat "$MV_LRU" > "$T/n0"
	mv-hog -m 64 -n 1 -r "$T/r-n1" & MV_PIDS="$!"
	mv_wait_file "$T/r-n1" 30
	sleep 1
	cat "$MV_LRU" > "$T/n1"
	a0=$(mv_lru_sum "$T/n0" pages anonnode1)
	a1=$(mv_lru_sum "$T/n1" pages anonnode1)
	b0=$(mv_lru_sum "$T/n0" pages anonnode0)
	b1=$(mv_lru_sum "$T/n1" pages anonnode0)
	mv_diag "node1 anon $a0 -> $a1, node0 anon $b0 -> $b1"
	mv_check "numa: 64 MiB bound to node 1 appear on node 1's anon lists" mv_ge $((a1 - a0)) $((64 * 256 * 9 / 10))
	mv_check "numa: and not on node 0's" [ $((b1 - b0)) -lt $((64 * 256 / 10)) ]
	mv_zoneinfo_lru "$T/zi"
	k1=$(awk '$1 == 1 { s += $3 + $4 } END { print s + 0 }' "$T/zi")
	mv_check "numa: node 1 anon within 2% of its nr_zone_*_anon" mv_near "$a1" "$k1" 2
else
	mv_skip "numa: anon hog on node 1 lands on node 1" "1-node guest"
fi
mv_done
