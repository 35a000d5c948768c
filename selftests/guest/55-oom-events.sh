#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# OOM post-mortems: a global OOM (1node shape, no swap) and then a memcg OOM
# are provoked; oom_events must hold both, newest first, each with the
# victim the kernel names in dmesg ("Killed process PID (comm)"), its rss
# parts equal to that line's anon-rss/file-rss/shmem-rss, the constraint of
# the "oom-kill:constraint=" summary line, its uid, oom_score_adj and
# pgtables those of the Killed line, its points exactly what those parts
# make, and for the global one the allocation's order and gfp mask of the
# "invoked oom-killer" line and points that give the victim's
# /proc/PID/oom_score read just before.  The next
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
	# The rest of the Killed line, exactly: "UID:0 pgtables:136kB
	# oom_score_adj:400"; and the points those parts make, as
	# oom_badness() adds them: rss + swapents + pgtables + adj x
	# (totalpages / 1000) (no swap here: swapents must be 0).
	uid=$(echo "$kl" | sed -n 's/.* UID:\([0-9]*\) .*/\1/p')
	adj=$(echo "$kl" | sed -n 's/.*oom_score_adj:\(-\{0,1\}[0-9]*\).*/\1/p')
	ptk=$(echo "$kl" | sed -n 's/.* pgtables:\([0-9]*\)kB.*/\1/p')
	[ -n "$uid" ] && [ "$(cell "$T/f1" oom_events pid "$2" uid)" = "$uid" ]
	ok "$1: uid $(cell "$T/f1" oom_events pid "$2" uid) = dmesg's UID:${uid:-?}"
	[ -n "$adj" ] && [ "$(cell "$T/f1" oom_events pid "$2" oom_score_adj)" = "$adj" ]
	ok "$1: oom_score_adj $(cell "$T/f1" oom_events pid "$2" oom_score_adj) = dmesg's oom_score_adj:${adj:-?}"
	pt=$(cell "$T/f1" oom_events pid "$2" pgtables)
	[ -n "$ptk" ] && [ -n "$pt" ] && [ $((pt * 4)) -eq "$ptk" ]
	ok "$1: pgtables ${pt:-?} pages = dmesg's pgtables:${ptk:-?}kB"
	tp=$(cell "$T/f1" oom_events pid "$2" totalpages)
	sw=$(cell "$T/f1" oom_events pid "$2" swapents)
	pts=$(cell "$T/f1" oom_events pid "$2" points)
	want=$((($(kb "$kl" anon-rss) + $(kb "$kl" file-rss) + $(kb "$kl" shmem-rss) + ${ptk:-0}) / 4 + ${sw:-0} + ${adj:-0} * (${tp:-0} / 1000)))
	[ "$sw" = 0 ] && [ -n "$pts" ] && [ "$pts" -eq "$want" ]
	ok "$1: points $pts = dmesg's rss and pgtables + adj x (totalpages $tp / 1000) = $want, swapents ${sw:-?} = 0"
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
	# Its zones and nodes rows against the report's Mem-Info dump
	# ("Node 0 DMA32 free:38716kB boost:0kB min:44708kB low:... high:...",
	# "Node 0 active_anon:...kB inactive_anon:...kB ..."): the marks
	# exactly; free and the lists moved in between (the dump comes before
	# the kill, the rows at it, with the allocator running), printed.
	meminfo_lines "$G" > "$T/mi"
	bad=$(tab "$T/f1" oom_events.zones | awk -v s="$gseq" '
		FILENAME == ARGV[1] { if ($3 ~ /^[A-Za-z0-9]+$/ && $4 ~ /^free:/) {
			k = $2 " " $3; for (i = 4; i <= NF; i++) { split($i, kv, ":"); v = kv[2]; sub(/kB$/, "", v); mi[k, kv[1]] = v / 4 } ; z[k] = 1 } next }
		!h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
		$c["event_seq"] != s { next }
		{ k = $c["node"] " " $c["zone"]; n++
		  if (!(k in z)) { print "no Mem-Info line for " k; next }
		  for (m = 1; m <= 3; m++) { w = m == 1 ? "min" : m == 2 ? "low" : "high"
			if ($c[w] != mi[k, w]) print k " " w " " $c[w] " Mem-Info " mi[k, w] }
		  printf "# %s free %s, Mem-Info %d\n", k, $c["free"], mi[k, "free"] }
		END { if (!n) print "no zones rows" }' "$T/mi" -)
	echo "$bad" | sed -n 's/^# //p' | while read -r l; do mv_diag "global OOM zones: $l"; done
	bad=$(echo "$bad" | grep -v '^#')
	[ -z "$bad" ] || mv_diag "$bad"
	mv_check "global OOM: its zones rows' min, low and high are the Mem-Info dump's" [ -z "$bad" ]
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

# ---- the ring wraps: oom_events_max=2, three kills, the last two kept ----
# A hog alone in a 4 MiB memcg is its own memcg OOM's victim. The kills
# are dmesg's "Killed process" lines after a marker.
echo 2 > "$P"
W=/sys/fs/cgroup/mvoom55w
mkdir -p "$W"
echo 4M > "$W/memory.max"
[ -e "$W/memory.swap.max" ] && echo 0 > "$W/memory.swap.max"
rec0=$(mv_fact "$F" recorded)
marker="memviz-55 ring $$"
mv_kmsg "$marker"
mv_expect_oom_begin
for i in 1 2 3; do
	sh -c "echo \$\$ > $W/cgroup.procs; exec mv-hog -m 16 -s 0" 2>/dev/null
done
mv_expect_oom_end
mv_kills_after "$marker" > "$T/killed"
cat "$F" > "$T/f4"
echo "$max0" > "$P"
rmdir "$W" 2>/dev/null
rec1=$(mv_fact "$T/f4" recorded)
want=$(tail -n 2 "$T/killed" | sort -rn | tr '\n' ' ')
got=$(tab "$T/f4" oom_events | awk 'NR > 1 { print $3 }' | sort -rn | tr '\n' ' ')
seqs=$(tab "$T/f4" oom_events | awk 'NR > 1 { printf "%s ", $1 }')
mv_diag "ring: kills after the marker: $(tr '\n' ' ' < "$T/killed"); recorded $rec0 -> $rec1; rows: seq $seqs pids $got"
[ "$(wc -l < "$T/killed")" -eq 3 ] && [ "$rec1" -eq $((rec0 + 3)) ] &&
	[ "$seqs" = "$rec1 $((rec1 - 1)) " ] && [ "$got" = "$want" ] &&
	grep -q '^# events_max=2 ' "$T/f4" && [ "$(mv_fact "$T/f4" dropped)" = 0 ]
ok "oom_events_max=2: after three kills the two newest (seq $rec1, $((rec1 - 1))) are the last two killed ($want), none dropped"

mv_done
