#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Sampled lru passes (lru_sample, sample/lru.N, sample/reclaim.N) against
# the exact pass on a quiet guest: 20 passes at 1/16, each row's estimate
# within 3 typical (RMS) stated errors of the exact figure, the spread of
# the 20 estimates within a factor 2 of the stated error, a sampled pass reading about 1/16 of the frames, zones
# too small to sample read whole with no error, and the parameter's
# validation.
. /selftests/lib.sh
. /selftests/20-lru.inc

T=/tmp/27-lru.$$
mkdir -p "$T"
S=$MV_DEBUGFS/sample
P=/sys/module/memviz/parameters/lru_sample
[ -r "$MV_LRU" ] || mv_skip_all "no $MV_LRU"
[ -r "$S/lru.16" ] || mv_skip_all "no $S/lru.16"

mkdir -p /mnt/mv27
mount -t tmpfs tmpfs /mnt/mv27
mv-hog -m 192 -r "$T/r1" & h1=$!
mv-hog -m 96 -f /mnt/mv27/f -r "$T/r2" & h2=$!
trap 'kill $h1 $h2 2>/dev/null; wait 2>/dev/null; umount /mnt/mv27; rm -rf "$T"' EXIT
mv_wait_file "$T/r1" 30
mv_wait_file "$T/r2" 30
sync
sleep 1

# ---- the exact pass: 1/1, no error ----
cat "$MV_LRU" > "$T/e0"
mv_check "lru: the default pass says sample=1/1" [ "$(mv_fact "$T/e0" sample)" = 1/1 ]
bad=$(mv_cols "$T/e0" lru sample pages_stderr folios_stderr dirty_stderr mapped_stderr thp_stderr |
	awk '$1 != 1 || $2 != 0 || $3 != 0 || $4 != 0 || $5 != 0 || ($6 != 0 && $6 != "-") { n++ } END { print n + 0 }')
mv_check "lru: an exact pass has sample 1 and every _stderr 0 on every row ($bad rows not)" [ "$bad" -eq 0 ]

# ---- 1/1 is the exact pass, byte for byte ----
# A zone under two runs of N pageblocks is read whole; at 1/1024 every
# zone of these guests is, so the sampled file must take the exact path:
# its rows identical to an exact pass read between two that agree.
ppb=$(awk '/^Pages per block:/ { print $4 }' /proc/pagetypeinfo 2>/dev/null)
big=$(awk -v lim=$((2 * 1024 * ${ppb:-512})) '$1 == "spanned" && $2 >= lim { n++ } END { print n + 0 }' /proc/zoneinfo)
if [ "$big" -gt 0 ]; then
	mv_skip "sample/lru.1024: zones read whole give the exact pass's rows byte for byte" "$big zone(s) of two runs of 1024 pageblocks or more"
else
	try=0
	while [ $((try += 1)) -le 20 ]; do
		grep -v '^#' "$MV_LRU" > "$T/w0"
		grep -v '^#' "$S/lru.1024" > "$T/w1"
		grep -v '^#' "$MV_LRU" > "$T/w2"
		cmp -s "$T/w0" "$T/w2" && break
	done
	if [ "$try" -le 20 ] && cmp -s "$T/w0" "$T/w1"; then
		mv_pass "sample/lru.1024: zones read whole give the exact pass's rows byte for byte (try $try)"
	else
		# never still, or still only around it (a count that moved and
		# came back: seen on 7.3 and 7.3-rt): every cell between the two
		# exact passes around it, give or take 48 pages, every word that
		# is not a number the same
		bad=$(awk 'FILENAME == ARGV[1] { a[FNR] = $0; next } FILENAME == ARGV[2] { b[FNR] = $0; next }
			{ n = split(a[FNR], x, " "); split(b[FNR], y, " "); m = split($0, z, " ")
			  if (m != n) { bad++; next }
			  for (i = 1; i <= n; i++) {
				if (z[i] !~ /^[0-9]+$/) { if (z[i] != x[i]) bad++; continue }
				lo = x[i] + 0; hi = y[i] + 0; if (lo > hi) { t = lo; lo = hi; hi = t }
				if (z[i] + 48 < lo || z[i] - 48 > hi) bad++
			  } }
			END { print bad + 0 }' "$T/w0" "$T/w2" "$T/w1")
		diffs=$(awk 'NR == FNR { a[FNR] = $0; next } $0 != a[FNR] { n++ } END { print n + 0 }' "$T/w0" "$T/w1")
		mv_check "sample/lru.1024: zones read whole give every cell between two exact passes, within 48 pages ($bad outside; $diffs rows not byte for byte; try $try of 20)" [ "$bad" -eq 0 ]
	fi
fi

# ---- 20 sampled passes (each its own: the cache lives only while held) ----
r=1
while [ $r -le 20 ]; do
	cat "$S/lru.16" > "$T/s$r" || break
	r=$((r + 1))
done
cat "$MV_LRU" > "$T/e1"
mv_check "sample/lru.16: 20 passes read" [ $r -eq 21 ]
mv_check "sample/lru.16: well formed" mv_table_ok "$T/s1"
mv_check "sample/lru.16: the header says sample=1/16" [ "$(mv_fact "$T/s1" sample)" = 1/16 ]

# Rows by node zone lru: the exact figure (mean of the reads before and
# after) and each pass's estimate and stated error.
for f in e0 e1; do
	mv_cols "$T/$f" lru node zone lru pages > "$T/$f.p"
done
for i in $(seq 1 20); do
	mv_cols "$T/s$i" lru node zone lru sample pages pages_stderr | sed "s/^/$i /"
done > "$T/all"
awk 'NR == FNR { k = $1 " " $2 " " $3; e[k] = $4; next }
	{ k = $1 " " $2 " " $3; if (k in e) print k, (e[k] + $4) / 2, ($4 > e[k] ? $4 - e[k] : e[k] - $4) }' \
	"$T/e0.p" "$T/e1.p" > "$T/exact"
while IFS= read -r l; do mv_diag "exact (mean, drift): $l"; done < "$T/exact"

# Points: rows sampled at 16 holding at least 8,192 pages exactly.
awk 'NR == FNR { k = $1 " " $2 " " $3; x[k] = $4; d[k] = $5; next }
	{ k = $2 " " $3 " " $4
	  if (!(k in x) || $5 != 16 || x[k] < 8192) next
	  se = $7 + 0; err = $6 - x[k]
	  z = (se > 0) ? err / se : (err == 0 ? 0 : 99)
	  print k, $1, x[k], $6, se, z }' "$T/exact" "$T/all" > "$T/z"
n=$(wc -l < "$T/z")
mv_diag "sampled points (row rep exact estimate stderr z): $n"
sed -n 1,8p "$T/z" | while IFS= read -r l; do mv_diag "  $l"; done
mv_check "sample: at least 20 points (rows of 8,192+ pages, 20 passes): $n" [ "$n" -ge 20 ]
# Each estimate against 3x its row's typical stated error (the RMS over
# the 20 passes): one pass's own figure is an estimate from few runs when
# memory lies in long stretches, small by chance now and then, so the
# per-pass z is heavy-tailed (diagnostic only).
awk '{ k = $1 " " $2 " " $3; v[k] += $7 * $7; c[k]++ } END { for (k in c) print k, v[k] / c[k] }' "$T/z" > "$T/rms2"
out3=$(awk 'NR == FNR { m[$1 " " $2 " " $3] = $4; next }
	{ k = $1 " " $2 " " $3; d = $6 - $5; if (d * d > 9 * m[k]) n++ } END { print n + 0 }' "$T/rms2" "$T/z")
zt=$(awk '$8 > 3 || $8 < -3 { n3++ } $8 > 2 || $8 < -2 { n2++ } $8 > 1 || $8 < -1 { n1++ } END { print n1 + 0, n2 + 0, n3 + 0 }' "$T/z")
mv_diag "per-pass z beyond 1, 2, 3: $zt of $n (a normal tail: 32%, 4.6%, 0.3%)"
[ "$out3" -le 1 ] || [ $((out3 * 40)) -le "$n" ]
mv_ok "sample: every estimate within 3 typical standard errors of the exact figure, but at most one or 2.5% ($out3 of $n beyond)"

# The spread of a row's 20 estimates against the error the passes state,
# as variances (busybox awk has no sqrt): a factor 2 is a factor 4.
awk '{ k = $1 " " $2 " " $3; c[k]++; s[k] += $6; q[k] += $6 * $6; v[k] += $7 * $7 }
	END { for (k in c) if (c[k] >= 10) {
		m = s[k] / c[k]; var = (q[k] - c[k] * m * m) / (c[k] - 1); ms = v[k] / c[k]
		printf "%s %d %.0f %.0f %.3f\n", k, c[k], var, ms, (ms > 0 ? var / ms : 99) } }' "$T/z" > "$T/spread"
while IFS= read -r l; do mv_diag "spread (row n variance stated^2 ratio): $l"; done < "$T/spread"
bad=$(awk '$7 < 0.25 || $7 > 4 { n++ } END { print n + 0 }' "$T/spread")
rows=$(wc -l < "$T/spread")
[ "$rows" -gt 0 ] && [ "$bad" -eq 0 ]
mv_ok "sample: every row's spread within a factor 2 of its stated error ($bad of $rows rows not)"

# ---- what a sampled pass reads ----
spanned=$(mv_fact "$T/s1" pfns_spanned)
read16=$(mv_fact "$T/s1" pfns_scanned)
small=$(mv_cols "$T/s1" lru sample | awk '$1 == 1 { n++ } END { print n + 0 }')
mv_diag "1/16 read $read16 of $spanned frames; rows of zones read whole: $small"
[ "$read16" -gt 0 ] && [ $((read16 * 8)) -le "$spanned" ]
mv_ok "sample: 1/16 reads at most 1/8 of the frames ($read16 of $spanned) but some"
bad=$(mv_cols "$T/s1" lru sample pages_stderr dirty_stderr folios_stderr |
	awk '$1 == 1 && ($2 != 0 || $3 != 0 || $4 != 0) { n++ } END { print n + 0 }')
mv_check "sample: a zone read whole (too small to sample) states no error ($bad rows do)" [ "$bad" -eq 0 ]

# ---- reclaim.16: anon and reclaimable against the exact reclaim file ----
cat "$MV_DEBUGFS/reclaim" > "$T/re"
for i in 1 2 3 4 5; do cat "$S/reclaim.16" > "$T/rs$i"; done
mv_check "sample/reclaim.16: the header says sample=1/16" [ "$(mv_fact "$T/rs1" sample)" = 1/16 ]
for c in anon reclaimable; do
	mv_cols "$T/re" reclaim node zone "$c" > "$T/re.p"
	pts=$(for i in 1 2 3 4 5; do mv_cols "$T/rs$i" reclaim node zone sample "$c" "${c}_stderr"; done |
		awk 'NR == FNR { x[$1 " " $2] = $3; next }
		$3 == 16 && x[$1 " " $2] >= 8192 { k = $1 " " $2; n++; e[n] = $4 - x[k]; r[n] = k; v[k] += $5 * $5; c[k]++ }
		END { for (i = 1; i <= n; i++) { d = e[i]; if (d < 0) d = -d
			# against 4 typical (RMS over the passes) stated errors
			if (d * d > 16 * v[r[i]] / c[r[i]] + 64 * 64) bad++ }
			print n + 0, bad + 0 }' "$T/re.p" -)
	mv_diag "reclaim.16 $c against reclaim (points misses): $pts"
	[ "${pts#* }" -eq 0 ]
	mv_ok "sample/reclaim.16: $c within 4 typical standard errors of the exact file (points, misses: $pts)"
	[ "$c" = anon ] && { [ "${pts% *}" -gt 0 ]; mv_ok "sample/reclaim.16: anon has points (rows of 8,192+ pages)"; }
done

# ---- the parameter ----
for v in 0 1025 abc -1; do
	if echo "$v" > "$P" 2>/dev/null; then ok=1; else ok=0; fi
	mv_check "lru_sample=$v is refused" [ "$ok" -eq 0 ]
done
echo 64 > "$P"
cat "$MV_LRU" > "$T/p64"
echo 1 > "$P"
mv_check "lru_sample=64: the lru file says sample=1/64" [ "$(mv_fact "$T/p64" sample)" = 1/64 ]
cat "$MV_LRU" > "$T/p1"
mv_check "lru_sample=1 again: the lru file says sample=1/1" [ "$(mv_fact "$T/p1" sample)" = 1/1 ]

mv_done
