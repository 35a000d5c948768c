#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# nodes: one row per online node; LRU, dirty, writeback, slab and mapped
# counters agree with /proc/zoneinfo's per-node stats (and their sums with
# /proc/vmstat); kswapd is the right thread; free adds up over the zones.
#
# The counters are the kernel's own atomics (node_page_state(), what
# zoneinfo prints too), so memviz's read must fall between a zoneinfo read
# before and one after it, give or take what moves and moves back in
# between: 1% or 64 pages (each CPU folds its pending delta, up to its
# stat threshold, ~24-32 pages on these guests, into the atomic at once:
# a counter can swing by that and back between two reads; seen: 25).  dirty and writeback are ~0 on a quiet guest,
# where any value would pass: on null_blk devices writing 4 MiB/s, 16 MiB
# of one's page cache, written and fsynced in the background, stays under
# writeback for 4 s, while 32 MiB written to the other (held open: its
# last close would write them out) stay dirty (the flushers wait 30 s).
. /selftests/lib.sh

F=/sys/kernel/debug/memviz/nodes
T=/tmp/11-nodes.$$
mkdir -p "$T"
MV_PIDS=""
cleanup() {
	# shellcheck disable=SC2086
	[ -n "$MV_PIDS" ] && wait $MV_PIDS 2>/dev/null
	exec 3<&-
	mv_nullblk_off
	rm -rf "$T"
}
trap cleanup EXIT

held=""
if mv_nullblk 4; then
	exec 3</dev/nullb1
	dd if=/dev/zero of=/dev/nullb1 bs=1M count=32 2>/dev/null
	dd if=/dev/zero of=/dev/nullb0 bs=1M count=16 conv=fsync 2>/dev/null &
	MV_PIDS=$!
	n=0
	while [ "$(mv_vmstat nr_writeback)" -lt 3000 ] && [ $n -lt 40 ]; do
		sleep 0.05
		n=$((n + 1))
	done
	hd=$(mv_vmstat nr_dirty) hw=$(mv_vmstat nr_writeback)
	held="$hd dirty, $hw under writeback"
	mv_diag "null_blk: $held"
else
	mv_diag "no null_blk: dirty and writeback stay ~0"
fi

# zoneinfo: "node stat value" for the per-node block of every node
zoneinfo_nodes() {
	awk '/^Node/ { node = $2; sub(",", "", node); pn = 0; next }
	/per-node stats/ { pn = 1; next }
	/^  pages free/ { pn = 0 }
	pn && NF == 2 { print node, $1, $2 }' /proc/zoneinfo > "$1"
}
cp /proc/vmstat "$T/vm0"
zoneinfo_nodes "$T/zi0"
cat "$F" > "$T/nodes"
zoneinfo_nodes "$T/zi1"
cp /proc/vmstat "$T/vm1"
cat /sys/kernel/debug/memviz/zones > "$T/zones"
# A second nodes read brackets the zones read: memory a previous test is
# still giving back moves free by thousands of pages between reads.
cat "$F" > "$T/nodes2"

mv_check "nodes: mode is 0400" [ "$(stat -c %a "$F")" = 400 ]
mv_check "nodes: banner is '# memviz nodes v1'" grep -q '^# memviz nodes v1 ' "$T/nodes"

# Column picker: col FILE NAME... prints those columns of every row; a
# column the file lacks is "?", which no check below takes for a number.
col() {
	f=$1
	shift
	awk -v want="$*" '/^#/ { next }
	!hdr { for (i = 1; i <= NF; i++) c[$i] = i; n = split(want, w, " "); hdr = 1; next }
	{ s = ""; for (j = 1; j <= n; j++) s = s (j > 1 ? " " : "") (w[j] in c ? $c[w[j]] : "?"); print s }' "$f"
}

online=$(awk -F, '{ n = 0; for (i = 1; i <= NF; i++) { if (split($i, r, "-") == 2) n += r[2] - r[1] + 1; else n++ } print n }' \
	/sys/devices/system/node/online)
mv_check "nodes: one row per online node ($online)" [ "$(col "$T/nodes" node | wc -l)" -eq "$online" ]

# within V LO HI: V is a number in [min(LO,HI) - t, max(LO,HI) + t],
# t = 1% of max(LO,HI) or 64 pages.
within='function within(v, a, b,    t) {
	if (v !~ /^[0-9]+$/ || a !~ /^[0-9]+$/ || b !~ /^[0-9]+$/) return 0
	if (a > b) { t = a; a = b; b = t }
	t = b / 100; if (t < 64) t = 64
	return v >= a - t && v <= b + t
}'

# memviz column -> zoneinfo per-node stat
map="inactive_anon:nr_inactive_anon active_anon:nr_active_anon inactive_file:nr_inactive_file
active_file:nr_active_file unevictable:nr_unevictable dirty:nr_dirty writeback:nr_writeback
shmem:nr_shmem file_mapped:nr_mapped anon_mapped:nr_anon_pages file_pages:nr_file_pages
slab_reclaimable:nr_slab_reclaimable slab_unreclaimable:nr_slab_unreclaimable"

bad=""
for m in $map; do
	mv=${m%%:*}
	zi=${m#*:}
	col "$T/nodes" node "$mv" > "$T/mvcol"
	r=$(awk -v s="$zi" "$within"'
		FILENAME == ARGV[1] { if ($2 == s) a[$1] = $3; next }
		FILENAME == ARGV[2] { if ($2 == s) b[$1] = $3; next }
		!within($2, a[$1], b[$1]) { print "node " $1 " memviz " $2 " zoneinfo " a[$1] ".." b[$1] }' \
		"$T/zi0" "$T/zi1" "$T/mvcol")
	[ -z "$r" ] || bad="$bad $mv($r)"
done
[ -z "$bad" ] || mv_diag "$bad"
mv_check "nodes: LRU, dirty, writeback, shmem, mapped, slab within the zoneinfo per-node stats read around them" \
	[ -z "$bad" ]
if [ -n "$held" ]; then
	dw=$(col "$T/nodes" dirty writeback | awk '{ d += $1; w += $2 } END { print d + 0, w + 0 }')
	mv_check "nodes: the dirty and writeback held ($held) are in the file ($dw)" \
		[ "${dw% *}" -ge $((hd * 3 / 4)) -a "${dw% *}" -ge 1024 -a "${dw#* }" -ge $((hw / 2)) -a "${dw#* }" -ge 128 ]
else
	mv_skip "nodes: dirty and writeback far from 0 agree with zoneinfo" "no null_blk module in this kernel"
fi

# Sums over nodes against the machine-wide /proc/vmstat, read around them.
bad=""
for m in inactive_anon:nr_inactive_anon active_file:nr_active_file dirty:nr_dirty writeback:nr_writeback; do
	mv=${m%%:*}
	vs=${m#*:}
	sum=$(col "$T/nodes" "$mv" | awk '$1 !~ /^[0-9]+$/ { bad = 1 } { s += $1 } END { print bad ? "?" : s + 0 }')
	ok=$(awk -v s="$vs" -v v="$sum" "$within"'
		FILENAME == ARGV[1] && $1 == s { a = $2 }
		FILENAME == ARGV[2] && $1 == s { b = $2 }
		END { print within(v, a, b) " " a ".." b }' "$T/vm0" "$T/vm1")
	[ "${ok%% *}" = 1 ] || bad="$bad $mv=$sum/vmstat=${ok#* }"
done
[ -z "$bad" ] || mv_diag "$bad"
mv_check "nodes: per-node sums within /proc/vmstat read around them" [ -z "$bad" ]

# kswapd_pid is the kswapd<N> thread of that node.
bad=""
col "$T/nodes" node kswapd_pid kswapd_state > "$T/ks"
while read -r node pid state; do
	comm=$(cat "/proc/$pid/comm" 2>/dev/null)
	[ "$comm" = "kswapd$node" ] || bad="$bad node$node:pid=$pid:comm=$comm"
	case $state in running|sleeping) ;; *) bad="$bad node$node:state=$state" ;; esac
done < "$T/ks"
[ -z "$bad" ] || mv_diag "$bad"
mv_check "nodes: kswapd_pid is that node's kswapd thread" [ -z "$bad" ]

# free and managed add up over the zones file: managed exactly, free
# within the two nodes reads around it (plus per-CPU drift, 1024 pages).
bad=$(awk 'FILENAME == ARGV[1] { if (/^#/) next; if (!h) { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
		free[$c["node"]] += $c["free"]; man[$c["node"]] += $c["managed"]; next }
	FILENAME == ARGV[2] { if (/^#/) next; if (!h3) { for (i = 1; i <= NF; i++) e[$i] = i; h3 = 1; next }
		free2[$e["node"]] = $e["free"]; next }
	/^#/ { next }
	!h2 { for (i = 1; i <= NF; i++) d[$i] = i; h2 = 1; next }
	{ n = $d["node"]; lo = $d["free"]; hi = free2[n]; if (lo > hi) { t = lo; lo = hi; hi = t }
	  if ($d["managed"] != man[n]) print "node " n " managed " $d["managed"] " zones " man[n]
	  if (free[n] < lo - 1024 || free[n] > hi + 1024)
		print "node " n " free " $d["free"] ".." free2[n] " zones " free[n] }' "$T/zones" "$T/nodes2" "$T/nodes")
[ -z "$bad" ] || mv_diag "$bad"
mv_check "nodes: managed and free equal the sum of the node's zones" [ -z "$bad" ]

# A quiet guest is balanced, and unreclaimable only past 16 failures.
bad=$(col "$T/nodes" node balanced kswapd_failures unreclaimable | awk '
	($3 >= 16) != ($4 == "yes") { print "node " $1 " failures " $3 " unreclaimable " $4 }
	$2 != "yes" && $2 != "no" { print "node " $1 " balanced " $2 }')
mv_check "nodes: balanced/unreclaimable are yes/no and follow kswapd_failures" [ -z "$bad" ]

if [ "$(mv_shape)" = 2node ]; then
	mv_check "nodes: 2node guest has two rows with memory" \
		[ "$(col "$T/nodes" managed | awk '$1 > 0' | wc -l)" -eq 2 ]
fi
mv_done
