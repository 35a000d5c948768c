#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The lru budget of the fleet paths (watch, --prom): the reclaim file is
# read from sample/reclaim.N with the least N whose estimated cost (the
# zones file's lru cost line) fits MEMVIZ_LRU_BUDGET_MS, the plain file
# when the budget is 0, the exact pass fits or the module has no sample/.
# A copy of a fixture whose sampled files carry marker values in
# clean_file.  TAP on stdout; run from tests/ after `make`.
M=../memviz
TMP=tmp/sample.$$
D=$TMP/d
mkdir -p "$D/sample"
trap 'rm -rf "$TMP"' EXIT
. ./tap.sh

cp -r fixtures/7.3-1node/. "$D/"
# 1,048,576 frames at 1 us each: an exact pass would take 1.05 s
awk 'NR == 2 { print "# lru_pfns_spanned=1048576 lru_ns_per_kpfn=1000000 lru_sample=1: (test)" } { print }' \
	fixtures/7.3-1node/zones > "$D/zones"
# mark FILE VALUE: clean_file of every row of the first table set to VALUE
mark() {
	awk -v v="$2" '/^#/ { print; next }
		!NF { done = 1; print; next }
		!hdr { for (i = 1; i <= NF; i++) if ($i == "clean_file") c = i; hdr = 1; print; next }
		!done && c { $c = v } { print }' fixtures/7.3-1node/reclaim > "$1"
}
for s in 4 16 64 256 1024; do
	mark "$D/sample/reclaim.$s" "${s}0${s}"
done
mark "$D/reclaim" 11011

# clean_file as --prom exports it (bytes), first zone
clean() {
	MEMVIZ_LRU_BUDGET_MS=$1 $M --debugfs "$D" --prom reclaim 2>&1 |
		awk '/^memviz_zone_clean_file_bytes[{ ]/ { print $NF / 4096; exit }'
}
exact=11011

got=$(clean 50)
[ "$got" = 64064 ]; ok $? "budget 50 ms: 1.05 s / 64 fits, / 16 not: sample/reclaim.64 read (clean_file $got)"
got=$(clean 100)
[ "$got" = 16016 ]; ok $? "budget 100 ms: sample/reclaim.16 read (clean_file $got)"
got=$(clean 2000)
[ "$got" = "$exact" ]; ok $? "budget 2 s: the exact pass fits, the plain file read (clean_file $got = $exact)"
got=$(clean 0)
[ "$got" = "$exact" ]; ok $? "budget 0: the plain file (clean_file $got = $exact)"
MEMVIZ_LRU_BUDGET_MS=50 $M --debugfs "$D" --pages --wide reclaim > "$TMP/t" 2>&1
grep -qw 11011 "$TMP/t" && ! grep -qw 64064 "$TMP/t"
ok $? "a table on a terminal path (not --prom, not watch) reads the plain file"
rm -r "$D/sample"
got=$(clean 50)
[ "$got" = "$exact" ]; ok $? "a module without sample/: the plain file (clean_file $got)"
cp fixtures/7.3-1node/zones "$D/zones"
mkdir -p "$D/sample" && mark "$D/sample/reclaim.64" 64064
got=$(clean 50)
[ "$got" = "$exact" ]; ok $? "a module without the lru cost line: the plain file (clean_file $got)"

echo "1..$n"
[ "$failed" -eq 0 ]
