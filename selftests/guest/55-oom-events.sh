#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# OOM post-mortems: a global OOM (1node shape, no swap) and then a memcg OOM
# are provoked; oom_events must hold both, newest first, each with the
# victim the kernel names in dmesg ("Killed process PID (comm)"), its rss
# parts equal to that line's anon-rss/file-rss/shmem-rss, the constraint of
# the "oom-kill:constraint=" summary line, and for the global one the
# allocation's order and gfp mask of the "invoked oom-killer" line and points
# that give the victim's /proc/PID/oom_score read just before.  The next
# candidates are the hogs that remain, inside the memcg for the memcg OOM.
# oom_events_max rejects bad values and keeps the newest events on resize.
. /selftests/lib.sh

. /selftests/55-oom.inc

F=$MV_DEBUGFS/oom_events
P=/sys/module/memviz/parameters/oom_events_max
[ -r "$F" ] || mv_skip_all "no $F"
T=/tmp/55-oom-events.$$
CG=/sys/fs/cgroup/mvoom55
mkdir -p "$T"
pids=""
cleanup() {
	# shellcheck disable=SC2086
	[ -n "$pids" ] && kill $pids 2>/dev/null
	wait 2>/dev/null
	rmdir "$CG" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

# ---- the file and the parameter ----
cat "$F" > "$T/f0"
mv_check "oom_events: mode is 0400" [ "$(stat -c %a "$F")" = 400 ]
mv_check "oom_events: banner is '# memviz oom_events v2'" grep -q '^# memviz oom_events v2 ' "$T/f0"
for t in candidates zones nodes; do
	mv_check "oom_events: has the $t table" grep -q "^# memviz oom_events.$t v2 " "$T/f0"
done
mv_check "oom_events_max: mode is 0600" [ "$(stat -c %a "$P")" = 600 ]
max0=$(cat "$P")
e0=$(sh -c "echo 0 > $P" 2>&1)
r0=$?
e1=$(sh -c "echo 257 > $P" 2>&1)
r1=$?
e2=$(sh -c "echo twelve > $P" 2>&1)
r2=$?
mv_diag "oom_events_max=$max0; 0: $e0; 257: $e1; twelve: $e2"
[ $r0 -ne 0 ] && [ $r1 -ne 0 ] && echo "$e0" | grep -q 'out of range' && echo "$e1" | grep -q 'out of range'
ok "oom_events_max: 0 and 257 are refused with ERANGE"
[ $r2 -ne 0 ] && echo "$e2" | grep -q 'Invalid argument'
ok "oom_events_max: a word is refused with EINVAL"
mv_check "oom_events_max: unchanged after the refusals ($max0)" [ "$(cat "$P")" = "$max0" ]

# ---- a global OOM ----
G=""
if [ "$(mv_shape)" != 1node ]; then
	mv_skip "global OOM recorded" "global OOM only on the 2 GiB 1node shape (filling 6 GiB under TCG is too slow)"
elif grep -q '^/' /proc/swaps; then
	mv_skip "global OOM recorded" "swap is on: a global OOM would crawl through it"
else
	# D (adj 500) is the victim, A the biggest that remains.
	mv-hog -m 100 -s 300 -r "$T/a" & A=$!
	mv-hog -m 48 -a 500 -s 300 -r "$T/d" & D=$!
	pids="$A $D"
	waitfiles "$T/a" "$T/d"
	score=$(cat /proc/$D/oom_score)
	mv_expect_oom_begin
	mv-oom-alloc -w "$A,$D" -c 1 -s 120 > "$T/galloc"
	mv_expect_oom_end
	G=$(killed_line "$D" | sed -n 's/.*Killed process \([0-9]*\) .*/\1/p')
	mv_diag "global: A=$A D=$D oom_score(D)=$score allocator: $(cat "$T/galloc")"
	mv_diag "dmesg: $(killed_line "$D")"
	mv_diag "dmesg: $(summary_line "$D")"
	mv_diag "dmesg: $(invoked_line "$D")"
	mv_check "global OOM: the kernel killed D ($D)" [ "$G" = "$D" ]
	kill "$A" 2>/dev/null
	wait "$A" 2>/dev/null
	pids=""
fi

# ---- a memcg OOM ----
mkdir "$CG"
echo 64M > "$CG/memory.max"
[ -e "$CG/memory.swap.max" ] && echo 0 > "$CG/memory.swap.max"
# X (24 MiB) is the victim inside, Y (8 MiB) remains; Z (100 MiB) is outside.
sh -c "echo \$\$ > $CG/cgroup.procs; exec mv-hog -m 24 -s 300 -r $T/x" & X=$!
sh -c "echo \$\$ > $CG/cgroup.procs; exec mv-hog -m 8 -s 300 -r $T/y" & Y=$!
mv-hog -m 100 -s 300 -r "$T/z" & Z=$!
pids="$X $Y $Z"
waitfiles "$T/x" "$T/y" "$T/z"
mv_expect_oom_begin
sh -c "echo \$\$ > $CG/cgroup.procs; exec mv-oom-alloc -w $X,$Y -c 1 -s 60" > "$T/malloc"
mv_expect_oom_end
M=$(killed_line "$X" | sed -n 's/.*Killed process \([0-9]*\) .*/\1/p')
mv_diag "memcg: X=$X Y=$Y Z=$Z allocator: $(cat "$T/malloc")"
mv_diag "dmesg: $(killed_line "$X")"
mv_diag "dmesg: $(summary_line "$X")"
mv_check "memcg OOM: the kernel killed X ($X)" [ "$M" = "$X" ]

# The candidates are ranked in process context just after the kill.
i=0
while [ $i -lt 50 ]; do
	cat "$F" > "$T/f1"
	[ "$(cell "$T/f1" oom_events pid "$X" candidates_state)" != pending ] && break
	sleep 0.1
	i=$((i + 1))
done
tab "$T/f1" oom_events | while IFS= read -r l; do mv_diag "$l"; done
tab "$T/f1" oom_events.candidates | head -n 12 | while IFS= read -r l; do mv_diag "$l"; done
tab "$T/f1" oom_events.zones | head -n 6 | while IFS= read -r l; do mv_diag "$l"; done
tab "$T/f1" oom_events.nodes | head -n 3 | while IFS= read -r l; do mv_diag "$l"; done

# check_victim WHAT PID CONSTRAINT: the event of PID against dmesg
check_victim() {
	kl=$(killed_line "$2")
	sl=$(summary_line "$2")
	comm=$(echo "$kl" | sed -n "s/.*Killed process $2 (\([^)]*\)).*/\1/p")
	[ "$(cell "$T/f1" oom_events pid "$2" comm)" = "$comm" ] && [ -n "$comm" ]
	ok "$1: event for pid $2 with dmesg's comm ($comm)"
	want=$(echo "$sl" | sed -n 's/.*constraint=CONSTRAINT_\([A-Z_]*\),.*/\1/p')
	case $want in
	NONE) want=global ;;
	MEMCG) want=memcg ;;
	CPUSET) want=cpuset ;;
	MEMORY_POLICY) want=mempolicy ;;
	esac
	got=$(cell "$T/f1" oom_events pid "$2" constraint)
	[ -n "$want" ] && [ "$got" = "$want" ] && [ "$want" = "$3" ]
	ok "$1: constraint $got = dmesg's CONSTRAINT_ ($want)"
	for part in anon file shmem; do
		pages=$(cell "$T/f1" oom_events pid "$2" "rss_$part")
		dk=$(kb "$kl" "$part-rss")
		[ -n "$pages" ] && [ -n "$dk" ] && [ $((pages * 4)) -eq "$dk" ]
		ok "$1: rss_$part ${pages:-?} pages = dmesg's $part-rss ${dk:-?} kB"
	done
}

[ "$(getconf PAGESIZE 2>/dev/null || echo 4096)" = 4096 ] || mv_diag "page size is not 4 KiB: kB checks assume it"
check_victim "memcg OOM" "$X" memcg
ino=$(stat -c %i "$CG")
[ "$(cell "$T/f1" oom_events pid "$X" oom_memcg_id)" = "$ino" ] &&
	[ "$(cell "$T/f1" oom_events pid "$X" oom_memcg_max)" = 16384 ] &&
	[ "$(cell "$T/f1" oom_events pid "$X" totalpages)" = 16384 ]
ok "memcg OOM: oom_memcg_id = the cgroup's inode ($ino), its max 16384 pages = totalpages"
mseq=$(cell "$T/f1" oom_events pid "$X" seq)
[ "$(cell "$T/f1" oom_events.candidates event_seq "$mseq" pid)" = "$Y" ]
ok "memcg OOM: first next candidate is Y ($Y), the hog left in the memcg"
! cand_pids "$T/f1" "$mseq" | grep -qx -e "$Z" -e "$X"
ok "memcg OOM: neither Z (outside) nor the victim X is a candidate"
out=$(in_dump "$T/f1" "$mseq" "$X")
ok "memcg OOM: every candidate is in the kernel's task dump of the memcg (not:$out)"
# The kernel may kill again (Y) before X's charge is gone: the newest row
# is then not X's.  Rows run newest first with strictly falling seq, the
# first being the last recorded.
first=$(tab "$T/f1" oom_events | awk 'NR == 2 { print $1 }')
[ "$first" = "$(mv_fact "$T/f1" recorded)" ] && [ "$first" -ge "$mseq" ] &&
	tab "$T/f1" oom_events | awk 'NR > 2 && $1 >= prev { bad = 1 } NR > 1 { prev = $1 } END { exit bad }'
ok "oom_events: newest first (first row seq $first = recorded, the memcg OOM's $mseq or later)"
# zoneinfo lists every zone; populated ones have present pages
pz=$(awk '/^Node .* zone/ { z = 1 } z && /^ +present/ { if ($2 > 0) n++; z = 0 } END { print n }' /proc/zoneinfo)
mv_check "memcg OOM: one zones row per populated zone ($pz)" \
	[ "$(tab "$T/f1" oom_events.zones | awk -v s="$mseq" 'NR > 1 && $1 == s' | wc -l)" = "$pz" ]
set -- /sys/devices/system/node/node[0-9]*
nn=$#
mv_check "memcg OOM: one nodes row per node ($nn)" \
	[ "$(tab "$T/f1" oom_events.nodes | awk -v s="$mseq" 'NR > 1 && $1 == s' | wc -l)" = "$nn" ]

if [ -n "$G" ]; then
	check_victim "global OOM" "$G" global
	il=$(invoked_line "$G")
	gfp=$(echo "$il" | sed -n 's/.*gfp_mask=\(0x[0-9a-f]*\).*/\1/p')
	ord=$(echo "$il" | sed -n 's/.*order=\([0-9]*\),.*/\1/p')
	[ -n "$gfp" ] && [ "$(cell "$T/f1" oom_events pid "$G" gfp)" = "$gfp" ] &&
		[ "$(cell "$T/f1" oom_events pid "$G" order)" = "$ord" ]
	ok "global OOM: order $ord and gfp $gfp as dmesg's 'invoked oom-killer' line"
	pts=$(cell "$T/f1" oom_events pid "$G" points)
	tp=$(cell "$T/f1" oom_events pid "$G" totalpages)
	s2=$(((1000 + pts * 1000 / tp) * 2 / 3))
	d=$((s2 - score))
	[ "$d" -lt 0 ] && d=$((-d))
	mv_check "global OOM: points $pts over totalpages $tp give oom_score $s2 = /proc/$G/oom_score before ($score) within 1" \
		[ "$d" -le 1 ]
	gseq=$(cell "$T/f1" oom_events pid "$G" seq)
	[ "$(cell "$T/f1" oom_events.candidates event_seq "$gseq" pid)" = "$A" ]
	ok "global OOM: first next candidate is A ($A), the biggest hog left"
	out=$(in_dump "$T/f1" "$gseq" "$G")
	ok "global OOM: every candidate is in the kernel's task dump (not:$out)"
	# The kernel may kill again (A) before the first victim's memory is
	# back, so the global OOM is some row after the memcg one: rows run
	# newest first with strictly falling seq.
	[ "$gseq" -lt "$mseq" ] &&
		tab "$T/f1" oom_events | awk -v m="$mseq" -v g="$gseq" '
			NR == 2 && $1 < m { bad = 1 }
			NR > 2 && $1 >= prev { bad = 1 }
			NR > 1 { prev = $1; if ($1 == g) seen = 1 }
			END { exit bad || !seen }'
	ok "oom_events: the global OOM (seq $gseq) follows the memcg OOM (seq $mseq), newest first"
fi

# ---- resizing keeps the newest ----
echo 1 > "$P"
ok "oom_events_max: 1 is accepted"
cat "$F" > "$T/f2"
[ "$(cat "$P")" = 1 ] && grep -q '^# events_max=1 ' "$T/f2" &&
	[ "$(tab "$T/f2" oom_events | awk 'NR > 1' | wc -l)" = 1 ] &&
	[ "$(tab "$T/f2" oom_events | awk 'NR == 2 { print $1 }')" = "$first" ]
ok "oom_events_max=1: only the newest event (seq $first) is kept"
echo "$max0" > "$P"
cat "$F" > "$T/f3"
grep -q "^# events_max=$max0 " "$T/f3" && [ "$(tab "$T/f3" oom_events | awk 'NR == 2 { print $1 }')" = "$first" ]
ok "oom_events_max=$max0 again: the kept event survives the resize"

mv_done
