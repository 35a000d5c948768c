#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# zones: every populated zone, its sizes and watermarks exactly as
# /proc/zoneinfo has them, free within a small tolerance, and states and
# allocator checks that agree with the numbers printed beside them.
. /selftests/lib.sh

F=/sys/kernel/debug/memviz/zones
T=/tmp/10-zones.$$
mkdir -p "$T"

# zoneinfo's populated zones as "node zone free min low high spanned present managed p0,p1,.."
zoneinfo() {
	awk '
	/^Node/ { node = $2; sub(",", "", node); zone = $4; next }
	/^  pages free/ { free = $3; next }
	$1 == "min" && NF == 2 { min = $2; next }
	$1 == "low" && NF == 2 { low = $2; next }
	$1 == "high" && NF == 2 { high = $2; next }
	$1 == "spanned" { spanned = $2; next }
	$1 == "present" { present = $2; next }
	$1 == "managed" { managed = $2; next }
	$1 == "protection:" {
		p = $0; sub(/.*\(/, "", p); sub(/\).*/, "", p); gsub(/ /, "", p)
		if (present > 0)
			print node, zone, free, min, low, high, spanned, present, managed, p
	}' /proc/zoneinfo
}

cat "$F" > "$T/zones" 2>"$T/err"
mv_check "zones: readable by root" [ -s "$T/zones" ]
mv_check "zones: mode is 0400" [ "$(stat -c %a "$F")" = 400 ]
mv_check "zones: banner is '# memviz zones v1'" grep -q '^# memviz zones v1 ' "$T/zones"

# Shape: one header, every row as wide as the header, no '#' after it.
shape=$(awk '/^#/ { if (hdr) bad = 1; next }
	!hdr { n = NF; hdr = 1; next }
	NF != n { bad = 1 }
	END { print (hdr && !bad) ? "ok" : "bad" }' "$T/zones")
mv_check "zones: one header row, every row as wide as it" [ "$shape" = ok ]

# Compare by column name.  reserve_* columns are in zone-index order,
# like zoneinfo's protection list (minus ZONE_DEVICE, which memviz skips).
awk '
/^#/ { next }
!hdr { for (i = 1; i <= NF; i++) { col[$i] = i; if ($i ~ /^reserve_/) res[++nres] = i }; hdr = 1; next }
{
	p = ""
	for (k = 1; k <= nres; k++) p = p (k > 1 ? "," : "") $res[k]
	print $col["node"], $col["zone"], $col["free"], $col["min"], $col["low"], $col["high"],
	      $col["spanned"], $col["present"], $col["managed"], p
}' "$T/zones" | sort > "$T/mv"
zoneinfo | sort > "$T/zi"

mv_check "zones: one row per populated zone of /proc/zoneinfo" \
	[ "$(wc -l < "$T/mv")" -eq "$(wc -l < "$T/zi")" -a "$(wc -l < "$T/zi")" -gt 0 ]

# Exact fields: sizes and marks, and the reserves zoneinfo calls protection
# (zoneinfo also lists ZONE_DEVICE's reserve; compare the common prefix).
exact=$(awk 'NR == FNR { k = $1 " " $2; zi[k] = $0; next }
{
	k = $1 " " $2
	if (!(k in zi)) { print "missing " k; next }
	split(zi[k], z, " ")
	for (i = 4; i <= 9; i++) if ($i != z[i]) print k " field " i ": memviz " $i " zoneinfo " z[i]
	if (index(z[10] ",", $10 ",") != 1) print k " reserves: memviz " $10 " zoneinfo " z[10]
}' "$T/zi" "$T/mv")
[ -z "$exact" ] || mv_diag "$exact"
mv_check "zones: managed, present, spanned, min, low, high, reserves equal /proc/zoneinfo" [ -z "$exact" ]

# free moves between the two reads: allow 1% of managed or 512 pages.
freebad=$(awk 'NR == FNR { zi[$1 " " $2] = $3; man[$1 " " $2] = $9; next }
{
	k = $1 " " $2; d = $3 - zi[k]; if (d < 0) d = -d
	tol = man[k] / 100; if (tol < 512) tol = 512
	if (d > tol) print k ": memviz " $3 " zoneinfo " zi[k]
}' "$T/zi" "$T/mv")
[ -z "$freebad" ] || mv_diag "$freebad"
mv_check "zones: free within max(1% of managed, 512) of /proc/zoneinfo" [ -z "$freebad" ]

# state, headroom and check_<class> must follow from the row's own numbers.
logic=$(awk '
function st(f, r) {
	if (f <= $col["min"] + r) return "min"
	if (f <= $col["low"] + r) return "low"
	if (f <= $col["high"] + r) return "high"
	return "ok"
}
/^#/ { next }
!hdr { for (i = 1; i <= NF; i++) { col[$i] = i
	if ($i ~ /^check_movable_/) continue
	if ($i ~ /^check_/) { c = substr($i, 7); chk[c] = i; cls[++ncls] = c } }; hdr = 1; next }
{
	k = $col["node"] " " $col["zone"]
	if ($col["state"] != st($col["free"], 0)) print k " state " $col["state"]
	if ($col["headroom_low"] != $col["free"] - $col["low"]) print k " headroom_low"
	# check_<class> with unusable, check_movable_<class> with unusable_movable
	if (!("unusable_movable" in col) || !(("check_movable_" cls[1]) in col)) print k " no movable view"
	if ($col["unusable_movable"] > $col["unusable"]) print k " unusable_movable > unusable"
	for (m = 0; m < 2; m++) {
		pre = m ? "check_movable_" : "check_"
		usable = $col["free"] - $col[m ? "unusable_movable" : "unusable"]
		own = -1
		for (j = 1; j <= ncls; j++) {
			v = $col[pre cls[j]]
			if (tolower($col["zone"]) == cls[j]) own = j
			if (own < 0) { if (v != "-") print k " " pre cls[j] " should be -"; continue }
			if (v != st(usable, $col["reserve_" cls[j]])) print k " " pre cls[j] " " v
		}
	}
}' "$T/zones")
[ -z "$logic" ] || mv_diag "$logic"
mv_check "zones: state, headroom, check_<class> and check_movable_<class> agree with the row's numbers" [ -z "$logic" ]

# The columns the checks above leave out: the free blocks per order
# against /proc/buddyinfo, the promo mark and the zone's vmstat counters
# against /proc/zoneinfo, both read before and after a zones read; a value
# must lie between the two reads, give or take 2% or 8 (what moves and
# moves back in between: a block split and merged again). A column whose
# kernel has no oracle line (nr_unaccepted before 6.5, nr_free_pages_blocks
# before 6.15) must be '-' in the file and is a skip; promo, which 6.1
# sets but does not print, must be high + (high - low) there.
# "node zone key value" per populated zone: zoneinfo's lines, buddyinfo's
# counts as free_o<N>.
zone_facts() {
	awk '/^Node/ { node = $2; sub(",", "", node); zone = $4; next }
	node != "" && NF == 2 && $2 ~ /^[0-9]+$/ { print node, zone, $1, $2 }' /proc/zoneinfo
	awk '{ node = $2; sub(",", "", node); for (i = 5; i <= NF; i++) print node, $4, "free_o" i - 5, $i }' /proc/buddyinfo
}
zone_facts > "$T/f0"
cat "$F" > "$T/zones3"
zone_facts > "$T/f1"
# memviz column -> oracle key
cmap="promo:promo inactive_anon:nr_zone_inactive_anon active_anon:nr_zone_active_anon
inactive_file:nr_zone_inactive_file active_file:nr_zone_active_file unevictable:nr_zone_unevictable
write_pending:nr_zone_write_pending mlock:nr_mlock free_cma:nr_free_cma unaccepted:nr_unaccepted
free_blocks:nr_free_pages_blocks"
norders=$(mv_fact "$T/zones3" nr_orders)
o=0
while [ "$o" -lt "${norders:-0}" ]; do
	cmap="$cmap free_o$o:free_o$o"
	o=$((o + 1))
done
echo "$cmap" | tr ' ' '\n' | grep . | tr : ' ' > "$T/cmap"
# "column result detail": result ok, bad (out of the range), stray (no
# oracle line, yet a value) or none (no oracle line, '-' in the file: fine)
awk '
	FILENAME == ARGV[1] { want[$1] = $2; order[++n] = $1; next }
	FILENAME == ARGV[2] { k = $1 " " $2 " " $3; a[k] = $4; next }
	FILENAME == ARGV[3] { k = $1 " " $2 " " $3; b[k] = $4; next }
	/^#/ { next }
	!h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
	{
		for (j = 1; j <= n; j++) {
			col = order[j]; k = $c["node"] " " $c["zone"] " " want[col]
			v = (col in c) ? $c[col] : "?"
			if (!(k in a) || !(k in b)) {
				# 6.1 sets WMARK_PROMO (high + the low-high step)
				# and prints no promo line: check the rule itself.
				if (col == "promo" && v != "-")
					print col, (v == 2 * $c["high"] - $c["low"] ? "ok" : "bad"), k, "memviz", v, "high + (high - low)"
				else if (v != "-") print col, "stray", k, "no oracle line but memviz has", v
				else print col, "none", k
				continue
			}
			lo = a[k]; hi = b[k]; if (lo > hi) { t = lo; lo = hi; hi = t }
			t = hi / 50; if (t < 8) t = 8
			if (v !~ /^[0-9]+$/ || v < lo - t || v > hi + t)
				print col, "bad", k, "memviz", v, "kernel", lo ".." hi
			else
				print col, "ok", k
		}
	}' "$T/cmap" "$T/f0" "$T/f1" "$T/zones3" > "$T/cmp"
grep -E ' (bad|stray) ' "$T/cmp" | head -n 10 | while read -r l; do mv_diag "$l"; done
for m in $cmap; do
	col=${m%%:*}
	if [ "$(grep -cE "^$col (ok|bad) " "$T/cmp")" -gt 0 ] && [ "$(grep -c "^$col none " "$T/cmp")" -eq 0 ]; then
		mv_check "zones: $col of every zone within the ${m#*:} read around it" [ "$(grep -cE "^$col (bad|stray) " "$T/cmp")" -eq 0 ]
	elif [ "$(grep -c "^$col stray " "$T/cmp")" -gt 0 ]; then
		mv_fail "zones: $col is '-' where the kernel prints no ${m#*:} (memviz gives a value)"
	else
		mv_skip "zones: $col against /proc/zoneinfo" "this kernel prints no ${m#*:} (memviz: '-')"
	fi
done
# headroom_min and headroom_high follow from the row, as headroom_low does.
bad=$(awk '/^#/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
	$c["headroom_min"] != $c["free"] - $c["min"] || $c["headroom_high"] != $c["free"] - $c["high"] { print $c["node"], $c["zone"] }' "$T/zones3")
mv_check "zones: headroom_min = free - min and headroom_high = free - high on every row" [ -z "$bad" ]

# Retune the watermarks and see the file follow the kernel.
mfk=$(cat /proc/sys/vm/min_free_kbytes)
wsf=$(cat /proc/sys/vm/watermark_scale_factor)
echo $((mfk * 2)) > /proc/sys/vm/min_free_kbytes
echo 50 > /proc/sys/vm/watermark_scale_factor
cat "$F" > "$T/zones2"
awk '/^#/ { next } !hdr { for (i = 1; i <= NF; i++) col[$i] = i; hdr = 1; next }
	{ print $col["node"], $col["zone"], $col["min"], $col["low"], $col["high"] }' "$T/zones2" | sort > "$T/mv2"
zoneinfo | awk '{ print $1, $2, $4, $5, $6 }' | sort > "$T/zi2"
echo "$mfk" > /proc/sys/vm/min_free_kbytes
echo "$wsf" > /proc/sys/vm/watermark_scale_factor
mv_check "zones: follows min_free_kbytes x2 and watermark_scale_factor=50" cmp -s "$T/mv2" "$T/zi2"
awk '{ print $1, $2, $4, $5, $6 }' "$T/mv" | sort > "$T/mv1"
if cmp -s "$T/mv1" "$T/mv2"; then
	mv_fail "zones: the retuned marks differ from the old ones"
else
	mv_pass "zones: the retuned marks differ from the old ones"
fi

if [ "$(mv_shape)" = 2node ]; then
	mv_check "zones: 2node guest shows node 1" awk '$1 == 1 { f = 1 } END { exit !f }' "$T/mv"
	mv_check "zones: 2node guest shows a Normal zone" awk '$2 == "Normal" { f = 1 } END { exit !f }' "$T/mv"
fi
rm -rf "$T"
mv_done
