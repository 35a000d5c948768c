#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# totalpages is the kernel's own, whatever the reader's /proc says and
# while swap is being turned off:
#   fake:    a reader in a mount namespace with a fake /proc/meminfo bind
#            mounted over the real one (as lxcfs does in containers) still
#            gets RAM + the kernel's swap, and the header says the figures
#            came from init's /proc (meminfo_root=init)
#   swapoff: during a swapoff, SwapTotal still counts the device going
#            away but the kernel's total_swap_pages, which /proc/PID/oom_score
#            divides by, no longer does: memviz's score must equal oom_score
#            while the swapoff runs (an oom_score_adj of 500 makes any
#            difference in totalpages show in the score)
. /selftests/lib.sh

F=$MV_DEBUGFS/oom
[ -r "$F" ] || mv_skip_all "no $F"
mv_setup 37-totalpages
CG=/sys/fs/cgroup/mv37
mv_at_exit 'rmdir "$CG"; swapoff /dev/zram0; [ -e /sys/block/zram0/reset ] && echo 1 > /sys/block/zram0/reset'

# 1. A fake /proc/meminfo in the reader's mount namespace.
ram=$(mv_meminfo MemTotal)
sed 's/^\(MemTotal: *\)[0-9]*/\1 1048576/; s/^\(SwapTotal: *\)[0-9]*/\1 7777776/' /proc/meminfo > "$T/fake"
unshare -m sh -c "mount --bind $T/fake /proc/meminfo && grep MemTotal /proc/meminfo > $T/seen && cat $F > $T/oom.fake"
mv_diag "the reader saw: $(cat "$T/seen"); memviz: $(grep '^# totalpages' "$T/oom.fake")"
mv_check "fake meminfo: the reader's namespace really had the fake one" grep -q 1048576 "$T/seen"
mv_check "fake meminfo: totalram is the kernel's ($ram)" [ "$(mv_fact "$T/oom.fake" totalram)" = "$ram" ]
mv_check "fake meminfo: swap_total is the kernel's SwapTotal ($(mv_meminfo SwapTotal))" \
	[ "$(mv_fact "$T/oom.fake" swap_total)" = "$(mv_meminfo SwapTotal)" ]
mv_check "fake meminfo: read from init's /proc (meminfo_root=init), MemTotal agrees" \
	[ "$(mv_fact "$T/oom.fake" meminfo_root)" = init -a "$(mv_fact "$T/oom.fake" meminfo_memtotal)" = ok ]

# 2. During a swapoff.
swapoff_part() {
	mv-modprobe zram 2>/dev/null
	[ -e /sys/block/zram0/disksize ] || { WHY="no zram in this kernel"; return 1; }
	grep -q zram0 /proc/swaps && { WHY="zram0 already in use as swap"; return 1; }
	echo 512M > /sys/block/zram0/disksize || { WHY="cannot size zram0"; return 1; }
	{ mkswap /dev/zram0 >/dev/null 2>&1 && swapon /dev/zram0; } ||
		{ WHY="cannot swapon zram0"; return 1; }
	mkdir "$CG"
	echo 32M > "$CG/memory.max"
	sh -c "echo \$\$ > $CG/cgroup.procs; exec mv-hog -m 256 -a 500 -s 300 -r $T/ready" &
	H=$!
	MV_PIDS=$H
	mv_wait_file "$T/ready" 120
	echo max > "$CG/memory.max"
	mv_diag "hog $H: VmSwap $(awk '$1 == "VmSwap:" { print $2, $3 }' "/proc/$H/status")"
	swapoff /dev/zram0 & S=$!
	sleep 0.2
	n=0 inside=0 bad=""
	while [ $n -lt 10 ] && kill -0 "$S" 2>/dev/null; do
		cat "$F" > "$T/o.$n"
		k=$(cat "/proc/$H/oom_score")
		still=no
		kill -0 "$S" 2>/dev/null && still=yes
		m=$(mv_row "$T/o.$n" pid "$H" score)
		[ "$still" = yes ] && inside=$((inside + 1))
		[ "$still" = yes ] && [ "$m" != "$k" ] && bad="$bad read$n:$m/$k"
		n=$((n + 1))
	done
	wait "$S"
	mv_diag "$n reads, $inside while swapoff ran; header then: $(grep '^# totalpages' "$T/o.0")"
	[ "$inside" -gt 0 ] || { WHY="the swapoff ended before a read could see it"; return 1; }
	return 0
}
WHY=
if swapoff_part; then
	mv_check "swapoff: score = /proc/$H/oom_score in every read during the swapoff (${bad:-no mismatch})" [ -z "$bad" ]
else
	mv_skip "swapoff: score = /proc/PID/oom_score while swap goes away" "$WHY"
fi
mv_done
