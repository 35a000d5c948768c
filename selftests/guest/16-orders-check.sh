#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# orders: the allocator's watermark check at every order equals an
# independent computation from /proc/buddyinfo, /proc/zoneinfo and
# /proc/pagetypeinfo read back to back with the file, on the idle guest
# and on a fragmented one: usable_free = free - highatomic - free CMA -
# (2^order - 1); block = a free block of at least that order on the
# unmovable, movable or reclaimable lists; check_<mark> = free when
# usable_free <= mark + lowmem_reserve[own zone], else order when
# order > 0 and no block, else ok.
. /selftests/lib.sh
. /selftests/15-orders.inc
mv_setup 16-orders-check

[ -r "$MV_ORDERS" ] || mv_skip_all "no $MV_ORDERS"
[ -r /proc/pagetypeinfo ] || mv_skip_all "no /proc/pagetypeinfo"

# 6.1 subtracts the whole highatomic reservation, later kernels (and
# Debian's 6.12 by backport) only its free pages.
case $(uname -r) in
6.1.*) ha=reserved ;;
*) ha=free ;;
esac

# kernel's: "node zone order free_blocks usable_free block min low high"
kernel_view() {
	awk -v ha="$ha" '
	BEGIN { p2[0] = 1; for (i = 1; i < 32; i++) p2[i] = p2[i - 1] * 2 }	# no ^ in busybox awk
	FILENAME ~ /\/zi$/ {
		if ($1 == "Node") { k = $2; sub(",", "", k); k = k " " $4; zid[k] = nz[$2]++; next }
		if ($1 == "pages" && $2 == "free") free[k] = $3
		else if ($1 == "min" && NF == 2) mn[k] = $2
		else if ($1 == "low" && NF == 2) lo[k] = $2
		else if ($1 == "high" && NF == 2) hi[k] = $2
		else if ($1 == "nr_free_cma") cma[k] = $2
		else if ($1 == "protection:") {
			p = $0; sub(/.*\(/, "", p); sub(/\).*/, "", p); gsub(/ /, "", p)
			split(p, pr, ","); res[k] = pr[zid[k] + 1]
		}
		next
	}
	FILENAME ~ /\/bi$/ {
		k = $2; sub(",", "", k); k = k " " $4
		for (i = 5; i <= NF; i++) nr[k, i - 5] = $i
		nord[k] = NF - 4; zones[k] = 1
		next
	}
	# pagetypeinfo
	$1 == "Pages" && $2 == "per" { ppb = $4; next }
	/^Number of blocks type/ { for (i = 5; i <= NF; i++) btype[i] = $i; blocks = 1; next }
	# per node: its free counts, then its block counts
	/^Free pages count/ { blocks = 0; next }
	blocks && $1 == "Node" {
		k = $2; sub(",", "", k); k = k " " $4
		for (i = 5; i <= NF; i++) if (btype[i] == "HighAtomic") habl[k] = $i
		next
	}
	$1 == "Node" && $5 == "type" {
		k = $2; sub(",", "", k); z = $4; sub(",", "", z); k = k " " z
		for (i = 7; i <= NF; i++) {
			v = $i; sub(/^>/, "", v); o = i - 7
			if ($6 == "Unmovable" || $6 == "Movable" || $6 == "Reclaimable")
				if (v > 0) typed[k, o] = 1
			if ($6 == "HighAtomic") hafree[k] += v * p2[o]
		}
	}
	END {
		for (k in zones) {
			unus = (ha == "reserved" ? habl[k] * ppb : hafree[k]) + cma[k]
			for (o = 0; o < nord[k]; o++) {
				blk = "no"
				for (q = o; q < nord[k]; q++) if (nr[k, q] > 0 && typed[k, q]) blk = "yes"
				u = free[k] - unus - (p2[o] - 1)
				s = ""
				split(mn[k] " " lo[k] " " hi[k], mk, " ")
				for (w = 1; w <= 3; w++)
					s = s " " (u <= mk[w] + res[k] ? "free" : (o > 0 && blk == "no") ? "order" : "ok")
				print k, o, nr[k, o], u, blk s
			}
		}
	}' "$T/zi" "$T/bi" "$T/pti" | sort
}

# score_view: "node score" from $T/zi (present) and $T/bi (free blocks)
score_view() {
	awk '
	BEGIN { p2[0] = 1; for (i = 1; i < 32; i++) p2[i] = p2[i - 1] * 2 }
	FILENAME ~ /\/zi$/ {
		if ($1 == "Node") { n = $2; sub(",", "", n); k = n " " $4; node[n] = 1; next }
		if ($1 == "present") { pres[k] = $2; npres[n] += $2 }
		next
	}
	{
		n = $2; sub(",", "", n); k = n " " $4; f = 0; suit = 0
		for (i = 5; i <= NF; i++) {
			o = i - 5; f += $i * p2[o]
			if (o >= 9) suit += $i * p2[o - 9]
		}
		pct = f ? int((f - suit * p2[9]) * 100 / f) : 0
		if (pres[k] > 0) sc[n] += int(pres[k] * pct / (npres[n] + 1))
	}
	END { for (n in node) print n, sc[n] + 0 }' "$T/zi" "$T/bi" | sort
}

# check WHAT: the file against the kernel's three views, read back to back
# (retried until buddyinfo and zoneinfo's free did not move across the file).
check() {
	# up to 30 s: after 15's mv-frag, a 2-node guest's free lists keep
	# moving for seconds (20 x 0.2 s were not enough on 6.1 2node)
	try=0
	while [ $((try += 1)) -le 150 ]; do
		cat /proc/zoneinfo > "$T/zi"; cat /proc/buddyinfo > "$T/bi"
		cat /proc/pagetypeinfo > "$T/pti"
		cat "$MV_ORDERS" > "$T/o"
		cat /proc/zoneinfo > "$T/zi2"; cat /proc/buddyinfo > "$T/bi2"
		cmp -s "$T/bi" "$T/bi2" &&
			[ "$(grep 'pages free' "$T/zi")" = "$(grep 'pages free' "$T/zi2")" ] && break
		sleep 0.2
	done
	mv_diag "$1: stable after $try read(s)"
	if [ "$try" -gt 150 ]; then
		# never two equal reads around the file: no oracle to hold it to
		mv_skip "orders ($1): free_blocks = /proc/buddyinfo, every zone and order" "the free lists moved across every one of 150 reads (30 s)"
		mv_skip "orders ($1): usable_free, block and check_min/low/high = buddyinfo + zoneinfo + pagetypeinfo" "the free lists never held still"
		mv_skip "orders.kcompactd ($1): proactive_score = fragmentation_score_node() from buddyinfo and zoneinfo" "the free lists never held still"
		return
	fi
	kernel_view > "$T/k"
	orders_cols "$T/o" 1 node zone order free_blocks usable_free block check_min check_low check_high |
		sort > "$T/m"
	awk '{ print $1, $2, $3, $4 }' "$T/k" > "$T/k4"
	awk '{ print $1, $2, $3, $4 }' "$T/m" > "$T/m4"
	mv_check "orders ($1): free_blocks = /proc/buddyinfo, every zone and order" \
		sh -c "[ -s '$T/k4' ] && diff '$T/k4' '$T/m4'"
	mv_check "orders ($1): usable_free, block and check_min/low/high = buddyinfo + zoneinfo + pagetypeinfo ($(wc -l < "$T/k") rows)" \
		sh -c "[ -s '$T/k' ] && diff '$T/k' '$T/m'"
	# fragmentation_score_node(): per populated zone, extfrag_for_order()
	# at order 9 (the free pages outside blocks of order >= 9, percent)
	# times present / (node present + 1), integer division each step
	score_view > "$T/ks"
	orders_cols "$T/o" 3 node proactive_score | sort > "$T/ms"
	mv_check "orders.kcompactd ($1): proactive_score = fragmentation_score_node() from buddyinfo and zoneinfo ($(tr '\n' ' ' < "$T/ks"))" \
		sh -c "[ -s '$T/ks' ] && diff '$T/ks' '$T/ms'"
	# what the checks say, for the log
	awk '$6 != "ok" || $7 != "ok" { print "# " $0 }' "$T/m" | head -n 12
}

check idle

# kcompactd's state against its task's: sleeping (on its wait queue) is
# /proc's S; the proactive timer wakes it twice a second, so a read whose
# two /proc looks agree is taken, up to 50 tries.
kstate() {
	for p in /proc/[0-9]*; do
		[ "$(cat "$p/comm" 2>/dev/null)" = "kcompactd$1" ] || continue
		sed 's/.*) //' "$p/stat" | cut -d' ' -f1
		return
	done
	echo none
}
for node in $(orders_cols "$MV_ORDERS" 3 node); do
	try=0
	while [ $((try += 1)) -le 50 ]; do
		a=$(kstate "$node")
		m=$(orders_cols "$MV_ORDERS" 3 node kcompactd | awk -v n="$node" '$1 == n { print $2 }')
		b=$(kstate "$node")
		[ "$a" = "$b" ] && break
	done
	case $a in S) want=sleeping ;; R | D) want=running ;; *) want=$a ;; esac
	mv_check "orders.kcompactd: node $node kcompactd is $m, as /proc says ($a)" [ "$m" = "$want" ]
done

free_mib=$(awk '$3 == "MemFree:" { print int($4 / 1024) }' /sys/devices/system/node/node0/meminfo)
mv-mpol 0 mv-frag -m $((free_mib * 8 / 10)) -r "$T/ready" &
MV_PIDS="$!"
if mv_wait_file "$T/ready" 240; then
	check fragmented
	set -- $(big_zone)
	mv_diag "zone $1 $2: largest order passing min $(orders_largest "$T/o" "$1" "$2" check_min)"
else
	mv_fail "orders (fragmented): mv-frag did not get ready"
fi
mv_done
