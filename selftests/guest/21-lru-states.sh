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

# --- every per-state column against the kernel's page flags ---
# /proc/kpageflags read around the lru read (mv-kpf counts LRU folios as
# memviz does), per zone and list class, while the pages above stay put
# and two more states are held by null_blk writing 1 MiB/s (mv_nullblk):
# 16 MiB of a block device's page cache under writeback, and an anonymous
# hog pushed out by memory.reclaim to swap on null_blk, its pages waiting
# in the swap cache under writeback (both drain over 16 s, which the two
# reads bracket).  The bound: 0.5% of the class or MV_LRU_FLOOR pages
# beyond the two reads, as for the lists' sizes (20-lru-agree.awk), and
# for writeback one PMD folio (512 pages), whose writeback can begin and
# end between the two reads.
# workingset has no page flag in kpageflags and is not checked here.
KCOLS="pages folios dirty writeback mapped referenced mlocked swapcache shmem large thp"
# lru_by_class LRUFILE: "node zone class COLS..." summed over the class's lists
lru_by_class() {
	# shellcheck disable=SC2086
	mv_cols "$1" lru node zone lru $KCOLS | awk '{
		c = $3; sub(/^(in)?active_/, "", c); k = $1 " " $2 " " c
		if (!(k in seen)) { seen[k] = 1; order[++n] = k }
		for (i = 4; i <= NF; i++) s[k, i] += ($i == "-" ? 0 : $i)
		w = NF }
		END { for (j = 1; j <= n; j++) { l = order[j]; for (i = 4; i <= w; i++) l = l " " s[order[j], i] + 0; print l } }'
}
# kpf_around LRUOUT: /proc/kpageflags, the lru file into LRUOUT, kpageflags
# again, by one process (mv-kpf -c: its own text stays mapped throughout);
# "node zone class COLS..." of the two reads into $T/kpf0 and $T/kpf1.
kpf_around() {
	# shellcheck disable=SC2046
	mv-kpf -c "$MV_LRU" "$1" $(awk '{ print $3, $4 }' "$T/zr") > "$T/kpf"
	for i in 0 1; do
		awk -v i=$i 'NR == FNR { z[$3] = $1 " " $2; next }
			$1 == i { $1 = ""; $2 = z[$2]; sub(/^ /, ""); print }' "$T/zr" "$T/kpf" > "$T/kpf$i"
	done
}
swapdev=""
held=""
CG=/sys/fs/cgroup/mv21
mv_zone_pfn_ranges > "$T/zr"
if mv_nullblk 1; then
	held=yes
	mv_at_exit 'mv_nullblk_off'
	if swapoff -a 2>/dev/null; mkswap /dev/nullb1 >/dev/null 2>&1 && swapon /dev/nullb1 &&
		mkdir -p "$CG" && [ -e "$CG/memory.reclaim" ]; then
		swapdev=/dev/nullb1
		mv_at_exit 'rmdir "$CG"; swapoff /dev/nullb1'
		sh -c "echo \$\$ > $CG/cgroup.procs; exec mv-hog -m $MIB -r $T/r-swap" & MV_PIDS="$MV_PIDS $!"
		mv_wait_file "$T/r-swap" 30
		# memory.reclaim gives up (EAGAIN) once it finds only pages under
		# writeback; reading while it still isolates them would race.
		sh -c "echo ${MIB}M > $CG/memory.reclaim" 2>/dev/null & rp=$!
		n=0
		while kill -0 "$rp" 2>/dev/null && [ $n -lt 80 ]; do
			sleep 0.1
			n=$((n + 1))
		done
		kill "$rp" 2>/dev/null
	fi
	dd if=/dev/zero of=/dev/nullb0 bs=1M count=$MIB conv=fsync 2>/dev/null & MV_PIDS="$MV_PIDS $!"
	n=0
	while [ "$(mv_vmstat nr_writeback)" -lt $((PAGES * 3 / 4)) ] && [ $n -lt 50 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	mv_diag "held: writeback $(mv_vmstat nr_writeback), swapcache $(awk '$1 == "SwapCached:" { print $2 / 4 }' /proc/meminfo) pages (swap on ${swapdev:-nothing})"
else
	mv_diag "no null_blk: writeback and swapcache stay ~0"
fi
kpf_around "$T/lru2"
lru_by_class "$T/lru2" > "$T/bycls"
# column, class, memviz, kpageflags around: the bad ones, and per state
# the pages the agreeing rows hold
awk -v cols="$KCOLS" -v floor="$MV_LRU_FLOOR" '
	BEGIN { nc = split(cols, cn, " ") }
	FILENAME == ARGV[1] { for (i = 4; i <= NF; i++) a[$1 " " $2 " " $3, i] = $i; next }
	FILENAME == ARGV[2] { for (i = 4; i <= NF; i++) b[$1 " " $2 " " $3, i] = $i; next }
	{ k = $1 " " $2 " " $3
	  for (i = 4; i <= NF; i++) {
		lo = a[k, i]; hi = b[k, i]; if (lo > hi) { t = lo; lo = hi; hi = t }
		t = (a[k, 4] > b[k, 4] ? a[k, 4] : b[k, 4]) / 200; if (t < floor) t = floor
		# writeback also starts: a THP whose swap-out began after the
		# first read passed it and ended before the second came back
		# (7.3/2node: 2048 against 1536 twice) is one PMD folio off
		if (cn[i - 3] == "writeback" && t < 512) t = 512
		d = $i < lo ? lo - $i : ($i > hi ? $i - hi : 0)
		if (!((k, i) in a) || $i !~ /^[0-9]+$/ || d > t)
			print "bad", k, cn[i - 3], "memviz=" $i, "kpageflags=" lo ".." hi
		else
			seen[cn[i - 3]] += hi
	  } }
	END { for (i = 1; i <= nc; i++) print "total", cn[i], seen[cn[i]] + 0 }' \
	"$T/kpf0" "$T/kpf1" "$T/bycls" > "$T/kcmp"
grep '^bad' "$T/kcmp" | head -n 12 | while read -r l; do mv_diag "$l"; done
mv_diag "kpageflags pages per state (agreeing rows): $(awk '$1 == "total" { printf "%s=%s ", $2, $3 }' "$T/kcmp")"
mv_check "lru: kpageflags read for every populated zone ($(wc -l < "$T/zr"))" \
	[ "$(wc -l < "$T/kpf0")" -eq $(($(wc -l < "$T/zr") * 3)) -a "$(wc -l < "$T/bycls")" -eq $(($(wc -l < "$T/zr") * 3)) ]
for c in $KCOLS; do
	mv_check "lru: $c of every zone and class within 0.5% ($MV_LRU_FLOOR pages) of /proc/kpageflags" \
		[ "$(grep -c "^bad .* $c memviz=" "$T/kcmp")" -eq 0 ]
done
# The held states are there to be compared, not ~0 (a quarter: at 1 MiB/s
# the devices write 256 pages a second out of the held ones until the
# reads are done).
wb=$(awk '$1 == "total" && $2 == "writeback" { print $3 }' "$T/kcmp")
sc=$(awk '$1 == "total" && $2 == "swapcache" { print $3 }' "$T/kcmp")
if [ -n "$held" ]; then
	mv_check "lru: the held writeback is in it ($wb pages >= $((PAGES / 4)))" [ "${wb:-0}" -ge $((PAGES / 4)) ]
else
	mv_skip "lru: writeback far from 0" "no null_blk module in this kernel"
fi
if [ -n "$swapdev" ]; then
	mv_check "lru: the swapped-out hog waits in the swap cache ($sc pages >= $((PAGES / 4)))" \
		[ "${sc:-0}" -ge $((PAGES / 4)) ]
else
	mv_skip "lru: swapcache far from 0" "no swap on null_blk or no cgroup memory.reclaim"
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
