#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# lru, lru_gen and reclaim under churn: many concurrent readers while hogs
# allocate (THP and small pages, on every node) and exit.  Every output
# must stay well formed; the host fails the run on any kernel splat.
. /selftests/lib.sh
. /selftests/20-lru.inc

T=/tmp/25-stress.$$
mkdir -p "$T"
[ -r "$MV_LRU" ] || mv_skip_all "no $MV_LRU"
trap 'kill $churn 2>/dev/null; wait 2>/dev/null; rm -rf "$T"' EXIT
SECS=15
nodes=1
[ "$(mv_shape)" = 2node ] && nodes=2

# Churn: short-lived hogs, some THP (where the kernel has it), some bound
# to a node.
thp=""
[ -d /sys/kernel/mm/transparent_hugepage ] && thp=-t
(
	i=0
	end=$(($(date +%s) + SECS))
	while [ "$(date +%s)" -lt "$end" ]; do
		n=$((i % nodes))
		mv-hog -m 24 -n "$n" -s 0 &
		mv-hog -m 32 $thp -s 0 &
		wait
		i=$((i + 1))
	done
) & churn=$!

reader() {
	r=0
	bad=0
	end=$(($(date +%s) + SECS))
	while [ "$(date +%s)" -lt "$end" ]; do
		for f in "$MV_LRU" "$MV_LRU_GEN" "$MV_RECLAIM"; do
			cat "$f" > "$T/out.$1" 2>/dev/null || bad=$((bad + 1))
			if ! mv_table_ok "$T/out.$1" || ! head -n 1 "$T/out.$1" | grep -q '^# memviz '; then
				bad=$((bad + 1))
				cp "$T/out.$1" "$T/bad.$1"
			fi
			r=$((r + 1))
		done
	done
	echo "$r $bad" > "$T/res.$1"
}
for i in 1 2 3 4 5 6 7 8; do
	reader "$i" &
done
wait
reads=$(cat "$T"/res.* | awk '{ s += $1 } END { print s + 0 }')
bads=$(cat "$T"/res.* | awk '{ s += $2 } END { print s + 0 }')
mv_diag "$reads reads by 8 readers in ${SECS}s, $bads malformed"
[ "$bads" -eq 0 ] || head -n 20 "$T"/bad.* | while read -r l; do mv_diag "$l"; done
mv_check "stress: 8 readers all finished ($(ls "$T"/res.* | wc -l))" [ "$(ls "$T"/res.* | wc -l)" -eq 8 ]
mv_check "stress: readers made progress ($reads reads)" [ "$reads" -ge 24 ]
mv_check "stress: every read well formed" [ "$bads" -eq 0 ]
# Afterwards, once churn is over, the counts still agree.
sleep 2
mv_lru_agree "after stress" "$T"
mv_done
