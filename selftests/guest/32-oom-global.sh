#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The real thing, globally: hogs of different sizes and oom_score_adj, the
# oom file's first row read, then an unkillable allocator (oom_score_adj
# -1000) drives the guest into a global OOM: the process the kernel kills
# (dmesg "Killed process N") must be the one memviz named.
. /selftests/lib.sh

F=$MV_DEBUGFS/oom
[ -r "$F" ] || mv_skip_all "no $F"
[ "$(mv_shape)" = 1node ] ||
	mv_skip_all "global OOM only on the 2 GiB 1node shape (filling 6 GiB under TCG is too slow; 33-oom-memcg covers the kill there)"
grep -q '^/' /proc/swaps && mv_skip_all "swap is on: a global OOM would crawl through it"
mv_setup 32-oom-global

# Points with totalpages ~ 500k (adj unit ~500 pages):
#   A 160 MiB adj 0 ~ 41k, B 320 MiB adj 0 ~ 82k, C 400 MiB adj -500 < 0,
#   D 48 MiB adj 400 ~ 212k: D goes first though it is small.
mv-hog -m 160 -s 300 -r "$T/a" & A=$!
mv-hog -m 320 -s 300 -r "$T/b" & B=$!
mv-hog -m 400 -a -500 -s 300 -r "$T/c" & C=$!
mv-hog -m 48 -a 400 -s 300 -r "$T/d" & D=$!
MV_PIDS="$A $B $C $D"
mv_wait_files 90 "$T/a" "$T/b" "$T/c" "$T/d"

cat "$F" > "$T/oom"
pred=$(mv_first "$T/oom" pid)
mv_diag "hogs A=$A B=$B C=$C D=$D; predicted $pred; $(grep '^# next_victim' "$T/oom")"
awk '/^#/ { next } { print } NR > 14 { exit }' "$T/oom" | while IFS= read -r l; do mv_diag "$l"; done
mv_check "oom: the first row is a hog (D expected)" [ "$pred" = "$D" ]

before=$(dmesg | grep -c 'Killed process')
mv_expect_oom_begin
t0=$(date +%s)
mv-oom-alloc -w "$A,$B,$C,$D" -c 1 -s 120 > "$T/alloc"
mv_expect_oom_end
mv_diag "allocator: $(cat "$T/alloc") after $(($(date +%s) - t0)) s"
kl=$(dmesg | grep 'Killed process' | sed -n "$((before + 1))p")
killed=$(echo "$kl" | sed -n 's/.*Killed process \([0-9]*\) .*/\1/p')
mv_diag "kernel: $kl"
[ -n "$killed" ] && [ "$killed" = "$pred" ]
mv_ok "global OOM: the kernel killed the predicted process ($pred), it killed ${killed:-nobody}"

mv_done
