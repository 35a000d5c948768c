#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# lru and lru_gen: well-formed tables, one row per zone x list, and on a
# quiescent guest per-zone totals within 0.5% and the active/inactive split
# within 1% of the kernel's nr_zone_* counters (and kernel_pages, the
# kernel's counter as the pass read it, within 0.5%), in whichever LRU mode the
# kernel booted with (classic on 6.1, MGLRU on 6.12).
. /selftests/lib.sh
. /selftests/20-lru.inc

T=/tmp/20-lru.$$
mkdir -p "$T"
[ -r "$MV_LRU" ] || mv_skip_all "no $MV_LRU"

# Something on every evictable list, then quiet: a held anonymous buffer
# (anon lists) and a tmpfs file (shmem, anon lists); flush dirty data so
# the flusher does not move pages mid-read.
mkdir -p /mnt/mv20
mount -t tmpfs tmpfs /mnt/mv20
mv-hog -m 32 -r "$T/r1" & h1=$!
mv-hog -m 16 -f /mnt/mv20/f -r "$T/r2" & h2=$!
trap 'kill $h1 $h2 2>/dev/null; wait 2>/dev/null; umount /mnt/mv20; rm -rf "$T"' EXIT
mv_wait_file "$T/r1" 30
mv_wait_file "$T/r2" 30
sync

cat "$MV_LRU" > "$T/first" 2>"$T/err"
mv_check "lru: readable by root" [ -s "$T/first" ]
mv_check "lru: mode is 0400" [ "$(stat -c %a "$MV_LRU")" = 400 ]
mv_check "lru: banner is '# memviz lru v1'" grep -q '^# memviz lru v1 ' "$T/first"
mv_check "lru: one header row, every row as wide as it" mv_table_ok "$T/first"
nzones=$(grep -c '^Node.*zone' /proc/zoneinfo)
nrows=$(mv_cols "$T/first" lru node | wc -l)
npop=$(awk '/^Node/ { z = 1 } $1 == "present" && $2 > 0 && z { n++; z = 0 } END { print n }' /proc/zoneinfo)
mv_check "lru: 5 rows per populated zone ($npop zones of $nzones)" [ "$nrows" -eq $((npop * 5)) ]
for k in pfns_scanned pages_counted elapsed_ns cached_ns age_ns mglru; do
	mv_check "lru: header reports $k" [ -n "$(mv_fact "$T/first" "$k")" ]
done
mv_diag "lru pass cost on $(mv_kernel)/$(mv_shape): $(mv_lru_cost "$T/first")"

# pfns_scanned covers every populated zone's span; pages_counted is what the
# rows add up to.
spanned=$(awk '$1 == "spanned" { s += $2 } END { print s }' /proc/zoneinfo)
pfns=$(mv_fact "$T/first" pfns_scanned)
mv_check "lru: pfns_scanned ($pfns) equals the zones' spanned pages ($spanned)" [ "$pfns" -eq "$spanned" ]
counted=$(mv_fact "$T/first" pages_counted)
rowsum=$(mv_lru_sum "$T/first" pages)
mv_check "lru: pages_counted ($counted) equals the sum of the rows ($rowsum)" [ "$counted" -eq "$rowsum" ]
sub=$(mv_cols "$T/first" lru pages dirty writeback mapped referenced workingset mlocked swapcache shmem large thp folios |
	awk '{ for (i = 2; i <= NF; i++) if ($i != "-" && $i > $1) bad++ } END { print bad + 0 }')
mv_check "lru: no per-state count exceeds its row's pages" [ "$sub" -eq 0 ]

# Wait out the pass cache so the agreement reads are fresh passes.
sleep 1
mode=$(mv_fact "$T/first" mglru)
mv_lru_agree "lru (mglru=$mode)" "$T"

# lru_gen: well formed; with MGLRU on, the generation sizes add up to the
# kernel's lists (the kernel counts the two youngest generations active).
cat "$MV_LRU_GEN" > "$T/gen"
mv_check "lru_gen: banner is '# memviz lru_gen v1'" grep -q '^# memviz lru_gen v1 ' "$T/gen"
mv_check "lru_gen: one header row, every row as wide as it" mv_table_ok "$T/gen"
mv_check "lru_gen: 2 rows per populated zone" [ "$(mv_cols "$T/gen" lru_gen node | wc -l)" -eq $((npop * 2)) ]
if [ "$mode" = on ]; then
	mv_zoneinfo_lru "$T/gzi0"
	cat "$MV_LRU_GEN" > "$T/gen"
	mv_zoneinfo_lru "$T/gzi1"
	mv_cols "$T/gen" lru_gen node zone type age3 age2 age1 age0 | awk '
		{ k = $1 " " $2; if (!(k in s)) o[++n] = k; s[k] = 1
		  t = $3; tot[k, t] = $4 + $5 + $6 + $7; act[k, t] = $6 + $7 }
		END { for (i = 1; i <= n; i++) { k = o[i]
			print k, tot[k, "anon"] - act[k, "anon"], act[k, "anon"], tot[k, "file"] - act[k, "file"], act[k, "file"], 0 } }' > "$T/gmv"
	awk -v floor="$MV_LRU_FLOOR" -v mode=split -f /selftests/20-lru-agree.awk "$T/gzi0" "$T/gzi1" "$T/gmv" > "$T/gsplit"
	awk -v floor="$MV_LRU_FLOOR" -v mode=totals -f /selftests/20-lru-agree.awk "$T/gzi0" "$T/gzi1" "$T/gmv" |
		grep -v unevictable > "$T/gtot"
	mv_diag "lru_gen: totals $(grep '^worst' "$T/gtot"), split $(grep '^worst' "$T/gsplit")"
	grep '^bad' "$T/gtot" "$T/gsplit" | while read -r l; do mv_diag "$l"; done
	mv_check "lru_gen: generations add up to nr_zone_* anon/file within 0.5%" [ "$(grep -c '^bad' "$T/gtot")" -eq 0 ]
	mv_check "lru_gen: age0+age1 match nr_zone_active_* within 1%" [ "$(grep -c '^bad' "$T/gsplit")" -eq 0 ]
	mv_check "lru_gen: every zone row says mglru=yes" \
		[ "$(mv_cols "$T/gen" lru_gen mglru | grep -vc yes)" -eq 0 ]
else
	nz=$(mv_cols "$T/gen" lru_gen age3 age2 age1 age0 | awk '{ s += $1 + $2 + $3 + $4 } END { print s + 0 }')
	mv_check "lru_gen: MGLRU off, generations empty" [ "$nz" -eq 0 ]
fi

# Concurrent readers share one pass: two opens in the same second see the
# same pass (same elapsed_ns), and only the later one reports age_ns > 0.
sleep 1
exec 3<"$MV_LRU"
cat "$MV_LRU" > "$T/b"
cat <&3 > "$T/a"
exec 3<&-
mv_check "lru: a reader overlapping another shares its pass" \
	[ "$(mv_fact "$T/a" elapsed_ns)" = "$(mv_fact "$T/b" elapsed_ns)" ]
mv_done
