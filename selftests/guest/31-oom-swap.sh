#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# oom with swap: totalpages follows SwapTotal as swap goes on (zram) and off;
# a hog pushed half into swap by its cgroup's memory.max shows swapents =
# VmSwap, and its points and score still match the kernel; oom_memcg's
# oom_totalpages adds min(swap.max, total swap) as mem_cgroup_get_max() does.
. /selftests/lib.sh

F=$MV_DEBUGFS/oom
[ -r "$F" ] || mv_skip_all "no $F"
mv_setup 31-oom-swap
CG=/sys/fs/cgroup/mvswap31
mv_at_exit 'rmdir "$CG"; swapoff /dev/zram0; [ -e /sys/block/zram0/reset ] && echo 1 > /sys/block/zram0/reset'

grep -q zram0 /proc/swaps && mv_skip_all "zram0 already in use as swap"
mv-modprobe zram 2>/dev/null
[ -e /sys/block/zram0/disksize ] || mv_skip_all "no zram in this kernel"
echo 128M > /sys/block/zram0/disksize || mv_skip_all "cannot size zram0"
if ! mkswap /dev/zram0 >/dev/null 2>&1 || ! swapon /dev/zram0; then
	mv_skip_all "cannot swapon zram0"
fi

cat "$F" > "$T/on"
st=$(mv_meminfo SwapTotal)
mv_diag "swap on: $(grep '^# totalpages' "$T/on")"
[ "$st" -gt 0 ] && [ "$(mv_fact "$T/on" swap_total)" = "$st" ]
mv_ok "oom: swap on: swap_total = SwapTotal ($st pages > 0)"
mv_check "oom: swap on: totalpages = MemTotal + SwapTotal" \
	[ "$(mv_fact "$T/on" totalpages)" = $(($(mv_meminfo MemTotal) + st)) ]

# A 40 MiB hog in a 16 MiB cgroup: about 24 MiB of it goes to zram.
mkdir "$CG"
echo 16M > "$CG/memory.max"
sh -c "echo \$\$ > $CG/cgroup.procs; exec mv-hog -m 40 -s 300 -r $T/ready" &
H=$!
MV_PIDS=$H
mv_wait_file "$T/ready" 60
# VmSwap read on both sides of memviz's: the hog's cgroup may still push
# a few pages out (the debug kernel moved 229 between two reads).
vmswap0=$(awk '$1 == "VmSwap:" { print int($2 / 4) }' "/proc/$H/status")
cat "$F" > "$T/hog"
vmswap=$(awk '$1 == "VmSwap:" { print int($2 / 4) }' "/proc/$H/status")
cat "$MV_DEBUGFS/oom_memcg" > "$T/memcg"
sw=$(mv_row "$T/hog" pid "$H" swapents)
SL=$(mv_fact "$T/hog" rss_slack)
mv_diag "hog $H: swapents=$sw VmSwap=$vmswap0..$vmswap pages, rss_slack=$SL"
[ "$sw" -gt 2048 ] && [ "$sw" -ge $((vmswap0 - SL)) ] && [ "$sw" -le $((vmswap + SL)) ]
mv_ok "oom: swapped-out hog: swapents ($sw) = VmSwap ($vmswap0..$vmswap) within rss_slack, and > 2048"
parts=$(awk -v p="$H" '/^#/ { next } !h { for (i = 1; i <= NF; i++) n[$i] = i; h = 1; next }
	$n["pid"] == p { print $n["rss_anon"] + $n["rss_file"] + $n["rss_shmem"] + $n["swapents"] + $n["pgtables"] + $n["adj_pages"] }' "$T/hog")
mv_check "oom: swapped-out hog: points = parts incl. swapents" [ "$(mv_row "$T/hog" pid "$H" points)" = "$parts" ]
mv_check "oom: swapped-out hog: score = /proc/$H/oom_score" \
	[ "$(mv_row "$T/hog" pid "$H" score)" = "$(cat "/proc/$H/oom_score")" ]

# memcg totalpages: memory.max + min(swap.max, SwapTotal) when swappiness > 0
sp=$(cat /proc/sys/vm/swappiness)
smax=$(cat "$CG/memory.swap.max" 2>/dev/null)
case $smax in
max|"") add=$st ;;
*) add=$((smax / 4096)); [ "$add" -gt "$st" ] && add=$st ;;
esac
[ "$sp" -eq 0 ] && add=0
want=$((4096 + add))
got=$(mv_row "$T/memcg" cgroup /mvswap31 oom_totalpages)
mv_diag "memcg /mvswap31: $(grep -E '^# memcgs' "$T/memcg"); oom_totalpages=$got"
mv_check "oom_memcg: oom_totalpages = memory.max + min(swap.max, SwapTotal) = $want" [ "$got" = "$want" ]
[ "$(mv_row "$T/memcg" cgroup /mvswap31 memory_max)" = 4096 ] &&
	[ "$(mv_row "$T/memcg" cgroup /mvswap31 victim_pid)" = "$H" ]
mv_ok "oom_memcg: memory_max = 4096 and victim is the hog"
echo 0 > "$CG/memory.swap.max"
cat "$MV_DEBUGFS/oom_memcg" > "$T/memcg0"
mv_check "oom_memcg: swap.max=0 leaves oom_totalpages = memory.max = 4096" \
	[ "$(mv_row "$T/memcg0" cgroup /mvswap31 oom_totalpages)" = 4096 ]

kill "$H"
wait "$H" 2>/dev/null
MV_PIDS=""
swapoff /dev/zram0
cat "$F" > "$T/off"
mv_diag "swap off: $(grep '^# totalpages' "$T/off")"
[ "$(mv_fact "$T/off" swap_total)" = 0 ] && [ "$(mv_fact "$T/off" totalpages)" = "$(mv_meminfo MemTotal)" ]
mv_ok "oom: swap off: swap_total = 0, totalpages = MemTotal"

mv_done
