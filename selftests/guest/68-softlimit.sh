#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# memviz-boot: cgroup1
#
# cgroup v1 soft-limit reclaim (the memory controller on a v1 hierarchy,
# which only kernels with CONFIG_MEMCG_V1 offer: 6.1, not Debian's 6.12).
# Under global pressure kswapd first reclaims from the memcg furthest over
# its memory.soft_limit_in_bytes (mem_cgroup_soft_limit_reclaim()).  The
# kernel counts that reclaim in pgsteal_anon/pgsteal_file but, being
# cgroup reclaim, in no pgsteal_<reclaimer>; so over a quiet-to-quiet
# interval
#   activity.stalls softlimit_reclaimed = the rise of (pgsteal_anon +
#     pgsteal_file) - (pgsteal_kswapd + pgsteal_direct + pgsteal_khugepaged)
# exactly, and softlimit_entries moved.  A control run (same group, no
# soft limit) must show no soft-limit reclaim.  Every memviz file reads
# well formed with memory on v1 (oom_memcg says memcg_v2=no).
# Its own boot: the memory controller leaves the v2 hierarchy for good.
. /selftests/lib.sh
. /selftests/50-activity.inc

T=/tmp/68-softlimit
V1=/tmp/68-memcg-v1
G=$V1/soft
mkdir -p "$T" "$V1"
held=""
MVA_HOG=""
trap '[ -n "$held" ] && kill "$held" 2>/dev/null; [ -n "$MVA_HOG" ] && kill "$MVA_HOG" 2>/dev/null; wait 2>/dev/null; mva_zram_off' EXIT
[ -r "$MVA_FILE" ] || mv_skip_all "no $MVA_FILE"
echo -memory > /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null
mount -t cgroup -o memory memory "$V1" 2>/dev/null ||
	mv_skip_all "no cgroup v1 memory controller on this kernel (CONFIG_MEMCG_V1)"
mv_check "v1: the memory controller is mounted on a v1 hierarchy" [ -e "$V1/memory.soft_limit_in_bytes" ]
mv_check "v1: mkdir a v1 memcg" mkdir "$G"
mva_zram 1024 || mv_skip_rest "zram swap unavailable" \
	"v1: every memviz file reads whole, oom_memcg says memcg_v2=no" \
	"softlimit: softlimit_reclaimed = the cgroup-reclaim share of pgsteal, = reclaimer memcg" \
	"softlimit: without a soft limit no soft-limit reclaim"

for f in "$MV_DEBUGFS"/* "$MV_DEBUGFS"/sample/*; do
	[ -f "$f" ] || continue
	mv_check "v1: ${f#"$MV_DEBUGFS"/} reads whole" sh -c "cat $f > $T/${f##*/}"
done
mv_check "v1: oom_memcg says memcg_v2=no" grep -q "memcg_v2=no" "$T/oom_memcg"

mva_hog_node
nodemib=$(awk '$3 == "MemTotal:" { print int($4 / 1024) }' /sys/devices/system/node/node0/meminfo)
steal_cg() {
	awk '$1 == "pgsteal_anon" || $1 == "pgsteal_file" { s += $2 }
	     $1 ~ /^pgsteal_(kswapd|direct|khugepaged)$/ { s -= $2 }
	     END { print s + 0 }' "$1"
}

# run LABEL LIMIT: 256 MiB held in the group (soft limit LIMIT), then a
# hog outside it larger than the node; prints the deltas.
run() {
	echo "$2" > "$G/memory.soft_limit_in_bytes"
	rm -f "$T/held"
	sh -c "echo \$\$ > $G/cgroup.procs; exec mv-hog -m 256 -s 100000 -r $T/held" & held=$!
	n=0
	while [ ! -e "$T/held" ] && [ $n -lt 120 ]; do sleep 1; n=$((n + 1)); done
	mva_hog_interval "$T" $((nodemib + 192))
	kill "$held" 2>/dev/null
	wait "$held" 2>/dev/null
	held=""
	se=$(mva_delta "$T" activity.stalls softlimit_entries)
	sr=$(mva_delta "$T" activity.stalls softlimit_reclaimed)
	mr=$(mva_delta "$T" activity.reclaim reclaimed reclaimer memcg)
	vs=$(($(steal_cg "$T/v1") - $(steal_cg "$T/v0")))
	mv_diag "$1: softlimit_entries +$se softlimit_reclaimed +$sr memcg reclaimed +$mr; pgsteal outside any reclaimer +$vs"
}

run "soft limit 16 MiB" $((16 << 20))
mv_check "softlimit: kswapd reclaimed from the group over its soft limit (entries +$se)" [ "$se" -gt 0 ]
mv_check "softlimit: softlimit_reclaimed = the cgroup-reclaim share of pgsteal ($sr = $vs)" [ "$sr" -eq "$vs" ]
mv_check "softlimit: reclaimer memcg reclaimed the same pages ($mr = $vs)" [ "$mr" -eq "$vs" ]
mv_check "softlimit: activity well formed" mva_table_ok "$T/a1"

run "no soft limit" -1
mv_check "softlimit: without a soft limit no soft-limit reclaim (entries +$se)" [ "$se" -eq 0 -a "$vs" -eq 0 ]
