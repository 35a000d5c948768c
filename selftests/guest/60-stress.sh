#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Stress: 8 readers read every memviz file with random read sizes (1 byte to
# 64 KiB) and random seeks (mv-rread) while hogs allocate and free, a memcg
# swaps to zram, page cache churns on ext4 over brd, processes fork and exit
# in a tight loop, and memviz is unloaded and reloaded in a loop.
#
# Checks: every complete read (one descriptor, offset 0 to EOF: an open
# file pins the module, so no reload can fall inside one) is a well-formed
# table; a seek on the same descriptor returns the same bytes; readers see
# only the errors a file going away may cause (ENOENT, ENXIO, ENODEV,
# EIO); the
# module was really reloaded under the readers; the final rmmod succeeds;
# the kernel neither taints (W, D, L) nor logs a report. The host also fails
# the run on any splat.
. /selftests/lib.sh

D=$MV_DEBUGFS
KO=/lib/modules/$(uname -r)/memviz.ko
T=/tmp/60-stress
M=/mnt/mv60
CG=/sys/fs/cgroup/mv60
GEN=$T/gen
# Long enough for dozens of reloads and thousands of reads under TCG, short
# enough for the 240 s per-script budget with setup and checks around it.
SECS=$(mv_cmdline stress_secs || echo 60)

[ -d "$D" ] || mv_skip_all "memviz is not loaded"
[ -f "$KO" ] || KO=$(find /lib/modules -name memviz.ko | head -n 1)
rm -rf "$T"
mkdir -p "$T" "$M"
echo 0 >"$GEN"

bg=""
swapdev=""
# Stop the workload. The capped memcg's hog goes first (cgroup.kill, then
# no cap): swapoff would otherwise pull its swapped pages back into a full
# memcg and call the OOM killer.
teardown() {
	# shellcheck disable=SC2086
	[ -n "$bg" ] && kill $bg 2>/dev/null
	bg=""
	if [ -d "$CG" ]; then
		echo 1 >"$CG/cgroup.kill" 2>/dev/null
		echo max >"$CG/memory.max" 2>/dev/null
		i=0
		while [ -s "$CG/cgroup.procs" ] && [ "$i" -lt 50 ]; do
			sleep 0.1
			i=$((i + 1))
		done
	fi
	wait 2>/dev/null
	[ -n "$swapdev" ] && swapoff "$swapdev" 2>/dev/null
	swapdev=""
	[ -e /sys/block/zram0/reset ] && echo 1 >/sys/block/zram0/reset 2>/dev/null
	umount "$M" 2>/dev/null
	rmdir "$CG" 2>/dev/null
}
cleanup() {
	teardown
	grep -q '^memviz ' /proc/modules || insmod "$KO"
}
trap cleanup EXIT

# Kernel taint bits a report sets: D (oops, 128), W (warning, 512),
# L (soft lockup, 16384).
taint_bad() {
	echo $(($(cat /proc/sys/kernel/tainted) & (128 | 512 | 16384)))
}
taint0=$(taint_bad)
mv_kmsg "60-stress begin"

# ---- workload ----
# zram swap: a memcg capped below its hog's size swaps the rest out.
if mv-modprobe -q zram num_devices=1 && [ -e /sys/block/zram0 ]; then
	swapoff /dev/zram0 2>/dev/null
	echo 1 >/sys/block/zram0/reset 2>/dev/null
	if echo 128M >/sys/block/zram0/disksize && mkswap /dev/zram0 >/dev/null &&
		swapon /dev/zram0; then
		swapdev=/dev/zram0
	fi
fi
mv_check "workload: zram swap is on" [ -n "$swapdev" ]
# ext4 on a brd ramdisk for page cache churn (brd itself keeps its pages
# outside the page cache, so dropping caches really drops).
umount /dev/ram0 2>/dev/null
rmmod brd 2>/dev/null
if mv-modprobe -q brd rd_nr=1 rd_size=65536 && mke2fs -F /dev/ram0 >/dev/null 2>&1 &&
	{ mv-modprobe -q ext4; mount -t ext4 /dev/ram0 "$M"; }; then
	mv_pass "workload: ext4 on brd mounted"
else
	mv_fail "workload: ext4 on brd mounted"
fi
mkdir -p "$CG" && echo 48M >"$CG/memory.max"

(
	while :; do
		mv-hog -m 64 -s 0
		mv-hog -m 32 -t -s 0
	done
) >/dev/null 2>&1 &
bg="$bg $!"
sh -c "echo \$\$ >'$CG/cgroup.procs' && while :; do mv-hog -m 96 -s 1; done" >/dev/null 2>&1 &
bg="$bg $!"
(
	while :; do
		dd if=/dev/zero of="$M/f" bs=64k count=512 2>/dev/null
		sync
		cat "$M/f" >/dev/null
		rm -f "$M/f"
		echo 1 >/proc/sys/vm/drop_caches
	done
) >/dev/null 2>&1 &
bg="$bg $!"
mv-forkn -l "$SECS" >"$T/forks" 2>&1 &
fk=$!
bg="$bg $fk"

# ---- readers ----
# the tables at the top (sample/ holds sampled copies of lru and reclaim)
files=$(find "$D" -maxdepth 1 -type f | sed 's|.*/||' | sort | tr '\n' ' ')
paths=""
for f in $files; do
	paths="$paths $D/$f"
done
mv_diag "files: $files"
readers=""
for i in 1 2 3 4 5 6 7 8; do
	# shellcheck disable=SC2086
	# Pauses of up to 100 ms leave rmmod moments when no file is open.
	mv-rread -t "$SECS" -s "$i" -g "$GEN" -o "$T" -p 100 -H "$T/hold" $paths >"$T/r.$i" 2>"$T/e.$i" &
	readers="$readers $!"
done

# ---- reload loop ----
# GEN goes up after every successful rmmod and every insmod (see mv-rread).
gen=0
reloads=0
busy=0
tries=0
since=0
insfail=0
stillthere=0
maxswap=0
end=$(($(date +%s) + SECS))
while [ "$(date +%s)" -lt "$end" ]; do
	if rmmod memviz 2>/dev/null; then
		rm -f "$T/hold"
		tries=0
		gen=$((gen + 1))
		echo "$gen" >"$GEN"
		[ -d "$D" ] && stillthere=$((stillthere + 1))
		# Let the readers meet the gap.
		usleep 50000
		if insmod "$KO"; then
			reloads=$((reloads + 1))
		else
			insfail=$((insfail + 1))
			sleep 1
			insmod "$KO" 2>/dev/null
		fi
		gen=$((gen + 1))
		echo "$gen" >"$GEN"
	else
		busy=$((busy + 1))
		# 40 misses in a row, or 5 s of them (a debug kernel managed
		# 21 tries a minute): hold new opens until the current reads end.
		tries=$((tries + 1))
		[ "$tries" -eq 1 ] && since=$(date +%s)
		if [ "$tries" -ge 40 ] || [ $(($(date +%s) - since)) -ge 5 ]; then
			: >"$T/hold"
		fi
		usleep 5000
	fi
	s=$(awk '/^SwapTotal/ { t = $2 } /^SwapFree/ { f = $2 } END { print t - f }' /proc/meminfo)
	[ "$s" -gt "$maxswap" ] && maxswap=$s
done

# shellcheck disable=SC2086
wait $readers "$fk"
forks=$(sed -n 's/^forks=//p' "$T/forks" 2>/dev/null)
teardown
mv_diag "$SECS s: $reloads reloads, rmmod busy $busy times, max swap used ${maxswap} kB, ${forks:-?} forks"

# ---- verdicts ----
# sum KEY: KEY=N summed over the readers' summary lines.
sum() {
	awk -v k="$1" '{ for (i = 1; i <= NF; i++) { split($i, a, "="); if (a[1] == k) s += a[2] } }
		END { print s + 0 }' "$T"/r.*
}
nrep=$(grep -l '^opens=' "$T"/r.* 2>/dev/null | wc -l)
for i in 1 2 3 4 5 6 7 8; do
	mv_diag "reader $i: $(cat "$T/r.$i" 2>/dev/null)"
done
cat "$T"/e.* 2>/dev/null | head -n 10 | while IFS= read -r l; do mv_diag "  $l"; done
for b in "$T"/bad.*; do
	[ -f "$b" ] || continue
	mv_diag "malformed read kept in $b:"
	head -n 8 "$b" | while IFS= read -r l; do mv_diag "  $l"; done
done
complete=$(sum complete)
# The checker must be able to say no: a row one field short.
printf '# memviz zones v1\nnode zone free\n0 DMA 3\n1 Normal\n' >"$T/mutant"
mv_check "stress: the table checker rejects a row narrower than its header" \
	sh -c "! mv-rread -c '$T/mutant'"
mv_check "stress: all 8 readers finished and reported" [ "$nrep" -eq 8 ]
mv_check "stress: readers made progress ($complete complete reads)" [ "$complete" -ge 80 ]
mv_check "stress: every complete read is a well-formed table ($(sum bad) bad)" [ "$(sum bad)" -eq 0 ]
mv_check "stress: every seek re-read matches the complete read ($(sum seeks) seeks)" \
	[ "$(sum seekbad)" -eq 0 -a "$(sum seeks)" -gt 0 ]
mv_check "stress: readers saw only ENOENT/ENXIO/ENODEV/EIO between loads ($(sum gone) opens found no file)" \
	[ "$(sum unexpected)" -eq 0 ]
mv_diag "$(sum overlap) complete reads overlapped a reload; $(sum failed_reads) reads failed part way"
# How many reloads fit depends on scheduling (a loaded host starves TCG):
# at least one, with the readers running, is what the test needs.
mv_check "stress: memviz reloaded under the readers ($reloads times)" [ "$reloads" -ge 1 ]
mv_check "stress: every insmod succeeded" [ "$insfail" -eq 0 ]
mv_check "stress: the directory went away with every rmmod" [ "$stillthere" -eq 0 ]
mv_check "workload: zram swap was used (max $maxswap kB)" [ "$maxswap" -gt 0 ]
mv_check "workload: processes forked and exited (${forks:-0})" [ "${forks:-0}" -gt 100 ]

# The final unload with nothing open must succeed, and the module comes back.
grep -q '^memviz ' /proc/modules || insmod "$KO"
mv_check "stress: final rmmod succeeds" rmmod memviz
mv_check "stress: no memviz directory after the final rmmod" [ ! -d "$D" ]
mv_check "stress: insmod after the stress" insmod "$KO"
bad=0
for f in $files; do
	mv-rread -c "$D/$f" >&2 || bad=$((bad + 1))
done
mv_check "stress: every file reads well formed afterwards" [ "$bad" -eq 0 ]

mv_kmsg "60-stress end"
mv_check "stress: kernel not tainted W/D/L" [ "$(taint_bad)" = "$taint0" ]
dmesg | sed -n '/memviz-harness: 60-stress begin/,$p' | mv_kcsan_filter |
	grep -E 'BUG:|WARNING:|KASAN|UBSAN|lockdep|Call Trace:|Oops|general protection|soft lockup|hung_task|blocked for more than|sleeping function called' \
	>"$T/reports"
mv_check "stress: no kernel report in dmesg" [ ! -s "$T/reports" ]
head -n 5 "$T/reports" | while IFS= read -r l; do mv_diag "  $l"; done
mv_done
