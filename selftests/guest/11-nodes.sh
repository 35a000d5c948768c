#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# nodes: one row per online node; LRU, dirty, writeback, slab and mapped
# counters agree with /proc/zoneinfo's per-node stats (and their sums with
# /proc/vmstat); kswapd is the right thread; free adds up over the zones.
. /selftests/lib.sh

F=/sys/kernel/debug/memviz/nodes
T=/tmp/11-nodes.$$
mkdir -p "$T"
cat "$F" > "$T/nodes"
cat /sys/kernel/debug/memviz/zones > "$T/zones"
# A second nodes read brackets the zones read: memory a previous test is
# still giving back moves free by thousands of pages between reads.
cat "$F" > "$T/nodes2"

mv_check "nodes: mode is 0400" [ "$(stat -c %a "$F")" = 400 ]
mv_check "nodes: banner is '# memviz nodes v1'" grep -q '^# memviz nodes v1 ' "$T/nodes"

# Column picker: col FILE NAME... prints those columns of every row.
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

# memviz column -> zoneinfo per-node stat
map="inactive_anon:nr_inactive_anon active_anon:nr_active_anon inactive_file:nr_inactive_file
active_file:nr_active_file unevictable:nr_unevictable dirty:nr_dirty writeback:nr_writeback
shmem:nr_shmem file_mapped:nr_mapped anon_mapped:nr_anon_pages file_pages:nr_file_pages
slab_reclaimable:nr_slab_reclaimable slab_unreclaimable:nr_slab_unreclaimable"

# zoneinfo: "node stat value" for the per-node block of every node
awk '/^Node/ { node = $2; sub(",", "", node); pn = 0; next }
	/per-node stats/ { pn = 1; next }
	/^  pages free/ { pn = 0 }
	pn && NF == 2 { print node, $1, $2 }' /proc/zoneinfo > "$T/zi"

bad=""
for m in $map; do
	mv=${m%%:*}
	zi=${m#*:}
	col "$T/nodes" node "$mv" > "$T/mvcol"
	# counters move while we read: 2% or 256 pages, whichever is larger
	r=$(awk -v s="$zi" 'NR == FNR { if ($2 == s) z[$1] = $3; next }
		{ d = $2 - z[$1]; if (d < 0) d = -d; t = z[$1] / 50; if (t < 256) t = 256
		  if (!($1 in z) || d > t) print "node " $1 " memviz " $2 " zoneinfo " z[$1] }' "$T/zi" "$T/mvcol")
	[ -z "$r" ] || bad="$bad $mv($r)"
done
[ -z "$bad" ] || mv_diag "$bad"
mv_check "nodes: LRU, dirty, writeback, shmem, mapped, slab agree with zoneinfo per-node stats" [ -z "$bad" ]

# Sums over nodes against the machine-wide /proc/vmstat.
bad=""
for m in inactive_anon:nr_inactive_anon active_file:nr_active_file dirty:nr_dirty writeback:nr_writeback; do
	mv=${m%%:*}
	vs=${m#*:}
	sum=$(col "$T/nodes" "$mv" | awk '{ s += $1 } END { print s + 0 }')
	ref=$(awk -v s="$vs" '$1 == s { print $2 }' /proc/vmstat)
	ok=$(awk -v a="$sum" -v b="$ref" 'BEGIN { d = a - b; if (d < 0) d = -d; t = b / 50; if (t < 256) t = 256; print (d <= t) }')
	[ "$ok" = 1 ] || bad="$bad $mv=$sum/vmstat=$ref"
done
[ -z "$bad" ] || mv_diag "$bad"
mv_check "nodes: per-node sums agree with /proc/vmstat" [ -z "$bad" ]

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
rm -rf "$T"
