#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# lru: switch the multi-generational LRU off and on at runtime (the
# kernel drains every lruvec from one kind of list to the other) and check
# after each switch that memviz's per-zone totals and active split still
# agree with nr_zone_*, and that lru_gen follows the switch.
. /selftests/lib.sh
. /selftests/20-lru.inc

T=/tmp/22-lru.$$
mkdir -p "$T"
E=/sys/kernel/mm/lru_gen/enabled
[ -r "$MV_LRU" ] || mv_skip_all "no $MV_LRU"
[ -w "$E" ] || mv_skip_all "kernel has no runtime MGLRU switch ($E)"
orig=$(cat "$E")
hog=

# A little of everything on the lists while they move, charged to a
# memcg of its own: its folios must be found on that memcg's lruvec (from
# 7.x a folio's memcg_data holds an obj_cgroup, not the memcg).
CG=/sys/fs/cgroup/mv22
mkdir -p "$CG" 2>/dev/null || true
trap 'echo "$orig" > "$E"; kill "$hog" 2>/dev/null; wait; rmdir "$CG" 2>/dev/null; rm -rf "$T"' EXIT
[ -w "$CG/cgroup.procs" ] && echo $$ > "$CG/cgroup.procs"
mv-hog -m 16 -r "$T/ready" -s 120 & hog=$!
mv_wait_file "$T/ready" 30
[ -w "$CG/cgroup.procs" ] && echo $$ > /sys/fs/cgroup/cgroup.procs
sync

for want in n y n y; do
	echo "$want" > "$E"
	now=$(cat "$E")
	# Let the pass cache expire: each round must be a fresh pass.
	sleep 1.1
	mv_lru_agree "mglru=$want ($now)" "$T"
	state=$(mv_fact "$T/lru" mglru)
	exp=off
	[ "$want" = y ] && exp=on
	mv_check "mglru=$want: lru header says mglru=$exp" [ "$state" = "$exp" ]
	cat "$MV_LRU_GEN" > "$T/gen"
	gsum=$(mv_cols "$T/gen" lru_gen age3 age2 age1 age0 | awk '{ s += $1 + $2 + $3 + $4 } END { print s + 0 }')
	ksum=$(awk '{ s += $3 + $4 + $5 + $6 } END { print s + 0 }' "$T/zi1")
	if [ "$want" = y ]; then
		mv_check "mglru=y: lru_gen generations ($gsum) hold the evictable lists ($ksum) within 2%" mv_near "$gsum" "$ksum" 2
		cnt=$(mv_fact "$T/lru" pages_counted)
		um=$(mv_fact "$T/lru" mglru_unmatched)
		# A missing fact counts as every page unmatched.
		[ -n "$um" ] || um=$cnt
		mv_check "mglru=y: folios found on their own memcg's lruvec (mglru_unmatched $um of $cnt pages, <= 1% + 256)" \
			[ $((um * 100)) -le $((cnt + 25600)) ]
	else
		mv_check "mglru=n: lru_gen generations are empty ($gsum)" [ "$gsum" -eq 0 ]
	fi
done
kill "$hog" 2>/dev/null
wait 2>/dev/null
mv_done
