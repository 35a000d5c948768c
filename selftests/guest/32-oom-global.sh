#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The real thing, globally: hogs of different sizes and oom_score_adj, the
# oom file's first row read, then an unkillable allocator (oom_score_adj
# -1000) drives the guest into a global OOM: the process the kernel kills
# (the first "oom-kill:" line after a marker written just before, with
# CONSTRAINT_NONE, and its "Out of memory: Killed process N" line) must be
# the one memviz named.  First a clear winner (D leads by 2.5x), then a
# close call: two hogs of one size whose points differ by a few pages of
# page tables and stack, or tie (the later in the kernel's process order
# wins), within 1% of each other, so that only an exact ranking names the
# victim.
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

# oom_kill PREDICTED WATCH...: one global OOM with the allocator watching
# WATCH; true when the first kill after a fresh marker is PREDICTED's,
# global (CONSTRAINT_NONE, "Out of memory: Killed process PREDICTED").
oom_kill() {
	_pred=$1
	shift
	_marker="memviz-32 global-oom $_pred $$ $(date +%s)"
	mv_kmsg "$_marker"
	mv_expect_oom_begin
	t0=$(date +%s)
	mv-oom-alloc -w "$(echo "$@" | tr ' ' ,)" -c 1 -s 120 > "$T/alloc"
	mv_expect_oom_end
	kl=$(mv_first_kill_after "$_marker")
	mv_diag "allocator: $(cat "$T/alloc") after $(($(date +%s) - t0)) s; first kill after the marker: ${kl:-none}"
	killed=${kl%% *}
	[ -n "$killed" ] && [ "$killed" = "$_pred" ] && [ "$(echo "$kl" | cut -d' ' -f2-4)" = "CONSTRAINT_NONE global $_pred" ]
}

oom_kill "$pred" "$A" "$B" "$C" "$D"
mv_ok "global OOM: the kernel killed the predicted process ($pred), it killed ${killed:-nobody}"
# shellcheck disable=SC2086
kill $MV_PIDS 2>/dev/null
wait 2>/dev/null

# The close call: X and Y, 256 MiB each, adj 0.
mv-hog -m 256 -s 300 -r "$T/x" & X=$!
mv-hog -m 256 -s 300 -r "$T/y" & Y=$!
MV_PIDS="$X $Y"
mv_wait_files 90 "$T/x" "$T/y"
cat "$F" > "$T/oom2"
pred=$(mv_first "$T/oom2" pid)
p1=$(mv_row "$T/oom2" pid "$X" points)
p2=$(mv_row "$T/oom2" pid "$Y" points)
mv_diag "close call: X=$X $p1 points, Y=$Y $p2 points; predicted $pred"
[ -n "$p1" ] && [ -n "$p2" ] && [ $((p1 > p2 ? p1 - p2 : p2 - p1)) -le $((p1 / 100)) ] &&
	{ [ "$pred" = "$X" ] || [ "$pred" = "$Y" ]; }
mv_ok "close call: X and Y within 1% of each other ($p1, $p2), one of them first"
oom_kill "$pred" "$X" "$Y"
mv_ok "close call: the kernel killed the predicted process ($pred), it killed ${killed:-nobody}"

mv_done
