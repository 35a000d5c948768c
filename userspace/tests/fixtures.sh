#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The reader against snapshots of real guests (fixtures/<kernel>-<shape>/,
# captured by selftests/vm/capture-fixtures.sh) and against hand-made OOM
# tie cases.  Each check compares the reader's output with the module's own
# tables in the same snapshot: the OOM ranking and every memcg victim,
# the reclaim cost classes, the watermarks whatif predicts, the numbers
# explain cites.  TAP on stdout ("ok N - ..."); run from tests/ after
# `make`; exits 1 if a check failed.
M=../memviz
TMP=tmp/fixtures.$$
mkdir -p "$TMP"
trap 'rm -rf "$TMP"' EXIT
. ./tap.sh

# tab FILE SECTION COL...: named columns of one table of a memviz table
# file or of the reader's output.  SECTION is the banner's table name
# ("reclaim", "reclaim.scan") for debugfs files, or "" for the first table
# of the reader's output whose header has the first named column.
tab() {
	_f=$1 _s=$2
	shift 2
	awk -v sec="$_s" -v want="$*" '
	BEGIN { n = split(want, w, " ") }
	/^# memviz / && sec != "" { cur = $3; hdr = 0; next }
	/^#/ { next }
	!NF { hdr = 0; if (sec == "" && done) exit; next }
	sec != "" && cur != sec { next }
	!hdr { delete col; for (i = 1; i <= NF; i++) col[$i] = i; hdr = 1; take = (w[1] in col) && !done; if (take) done = 1; next }
	!take { next }
	{ line = ""; for (k = 1; k <= n; k++) line = line (k > 1 ? " " : "") (w[k] in col ? $col[w[k]] : "?"); print line }' "$_f"
}

fact() { # FILE KEY
	sed -n "s/^#.* $2=\([^ ]*\).*/\1/p" "$1" | head -n 1
}

same() { # FILE1 FILE2: equal, else show both
	cmp -s "$1" "$2" && return 0
	echo "expected:"; sed 's/^/  /' "$1" | head -20
	echo "got:"; sed 's/^/  /' "$2" | head -20
	return 1
}

# ---- 1. Snapshots of real guests ----

oom_global() { # DIR
	tab "$1/oom" oom pid eligible | awk '$2 == "yes" { print $1 }' >"$TMP/want"
	$M --debugfs "$1" --pages oom >"$TMP/out" || return 1
	tab "$TMP/out" "" rank pid | awk '$1 != "-" { print $2 }' >"$TMP/got"
	[ -s "$TMP/want" ] && same "$TMP/want" "$TMP/got"
}

oom_next_victim() { # DIR
	v=$(fact "$1/oom" next_victim)
	$M --debugfs "$1" --pages oom --top 1 >"$TMP/out" || return 1
	first=$(tab "$TMP/out" "" pid | head -n 1)
	echo "next_victim=$v first row=$first"
	[ "$v" = none ] || [ "$v" = "$first" ]
}

# Every memcg of oom_memcg: the reader's --cgroup ranking puts the module's
# victim first, has as many eligible rows as it has candidates, and says
# so when an earlier victim is still exiting.
oom_memcgs() { # DIR
	bad=0
	tab "$1/oom_memcg" oom_memcg cgroup state victim_pid candidates >"$TMP/memcgs"
	while read -r path state victim cand; do
		case $state in
		root)
			$M --debugfs "$1" oom --cgroup "$path" >/dev/null 2>&1 &&
				{ echo "$path: root accepted"; bad=1; }
			continue ;;
		esac
		$M --debugfs "$1" --pages oom --cgroup "$path" >"$TMP/out" 2>&1 ||
			{ echo "$path: exit $?"; cat "$TMP/out"; bad=1; continue; }
		first=$(tab "$TMP/out" "" rank pid | awk '$1 != "-" { print $2; exit }')
		ranked=$(tab "$TMP/out" "" rank | grep -cv '^-$')
		case $state in
		kill) [ "$first" = "$victim" ] && [ "$ranked" = "$cand" ] ||
			{ echo "$path: victim $victim, $cand candidates; reader: $first, $ranked"; bad=1; } ;;
		wait) grep -q 'kill nothing new' "$TMP/out" ||
			{ echo "$path: state wait, reader does not say so"; bad=1; } ;;
		none) [ -z "$first" ] || { echo "$path: none, reader ranks $first"; bad=1; } ;;
		esac
	done <"$TMP/memcgs"
	[ -s "$TMP/memcgs" ] && [ $bad -eq 0 ]
}

# The reclaim file's own sums, then the reader's table against it.
reclaim_sums() { # DIR
	tab "$1/reclaim" reclaim clean_file dirty_file writeback_file swappable reclaim_clean reclaim_io reclaimable shortfall_high covers_high |
		awk '$5 != $1 || $6 != $2 + $3 + $4 || $7 != $5 + $6 || ($9 == "yes") != ($7 >= $8) { print "bad row:", $0; b = 1 }
		     END { exit b }'
}

reclaim_reader() { # DIR
	tab "$1/reclaim" reclaim node zone clean_file dirty_file writeback_file anon shmem swappable reclaimable >"$TMP/want"
	$M --debugfs "$1" --pages summary >"$TMP/out" || return 1
	tab "$TMP/out" "" clean_file >/dev/null
	awk '/^# reclaimable per zone/ { on = 1; next } on && /^#/ { next } on && !NF { exit } on' "$TMP/out" >"$TMP/rt"
	tab "$TMP/rt" "" node zone clean_file dirty_file writeback_file anon shmem swappable reclaimable >"$TMP/got"
	same "$TMP/want" "$TMP/got"
}

# The workload left 16 MiB dirty on ext4: the lru file's file lists hold it.
lru_dirty() { # DIR
	_dirty=$(tab "$1/lru" lru lru dirty | awk '$1 ~ /file/ { s += $2 } END { print s + 0 }')
	echo "dirty file pages: $_dirty"
	[ "$_dirty" -ge 3686 ]
}

# whatif with today's sysctls against today's marks (boost-0 zones).  The
# kernel set those from the managed pages of an earlier moment (boot, or
# khugepaged raising min_free_kbytes) and managed pages move a little
# since, so within 1%; the guest test 40-reader writes the sysctl and
# compares exactly.
whatif_today() { # DIR
	mfk=$(cat "$1/proc/sys/vm/min_free_kbytes")
	wsf=$(cat "$1/proc/sys/vm/watermark_scale_factor")
	tab "$1/zones" zones node zone min low high boost | awk '$6 == 0 { print $1, $2, $3, $4, $5 }' >"$TMP/want"
	$M --debugfs "$1" whatif "min_free_kbytes=$mfk" "watermark_scale_factor=$wsf" >"$TMP/out" || return 1
	tab "$TMP/out" "" node zone min low high now_boost | awk '$6 == 0 { print $1, $2, $3, $4, $5 }' >"$TMP/got"
	[ -s "$TMP/want" ] || return 1
	paste -d' ' "$TMP/want" "$TMP/got" | awk '
	function far(a, b) { return (a > b ? a - b : b - a) * 100 > b + 100 }
	{ print; if ($1 != $6 || $2 != $7 || far($3, $8) || far($4, $9) || far($5, $10)) bad = 1 }
	END { exit bad || NR == 0 }'
}

# The snapshot's cells explain may cite, one "KEY... VALUE" per line:
#   zone N Z COL, zones_n, node N kswapd_failures, reclaim N Z COL,
#   scan WHO COL, meminfo KEY (kB), vmstat allocstall|oom_kill,
#   oom PID COL and oom_first PID (the first row), oom_fact totalpages,
#   memcg PATH COL, sysctl NAME.
explain_cells() { # DIR
	awk '
	function hdr(   i) { delete c; for (i = 1; i <= NF; i++) c[$i] = i; h = 1 }
	FNR == 1 { f = FILENAME; sub(/.*\//, "", f); h = 0; sec = "" }
	/^# memviz / { sec = $3; h = 0; next }
	f == "oom" && /^# / { for (i = 2; i <= NF; i++) if ($i ~ /^totalpages=/) { sub(/.*=/, "", $i); print "oom_fact totalpages", $i } }
	/^#/ || !NF { next }
	f == "meminfo" { k = $1; sub(":", "", k); print "meminfo", k, $2; next }
	f == "vmstat" { if ($1 ~ /^allocstall_/) as += $2; if ($1 == "oom_kill") print "vmstat oom_kill", $2; next }
	!h { hdr(); next }
	f == "zones" { nz++; for (k in c) print "zone", $c["node"], $c["zone"], k, $c[k]; next }
	f == "nodes" { print "node", $c["node"], "kswapd_failures", $c["kswapd_failures"]; next }
	f == "reclaim" && sec == "reclaim" { for (k in c) print "reclaim", $c["node"], $c["zone"], k, $c[k]; next }
	f == "reclaim" && sec == "reclaim.scan" { for (k in c) print "scan", $c["reclaimer"], k, $c[k]; next }
	f == "oom" { if (!first++) print "oom_first", $c["pid"]; for (k in c) print "oom", $c["pid"], k, $c[k]; next }
	f == "oom_memcg" { for (k in c) print "memcg", $c["cgroup"], k, $c[k]; next }
	END { print "zones_n", nz + 0; print "vmstat allocstall", as + 0 }' \
		$(for f in zones nodes reclaim oom oom_memcg proc/meminfo proc/vmstat; do
			[ -f "$1/$f" ] && echo "$1/$f"
		done)
	for s in "$1"/proc/sys/vm/*; do
		echo "sysctl ${s##*/} $(cat "$s")"
	done
}

# Every number in explain's sentences (--pages: as the tables hold them)
# is the very cell it stands for: each sentence is matched by its form,
# and its numbers, in order, are compared with the snapshot's cells for
# that node, zone, pid or memcg (explain_cells).  A sentence with a number
# no form knows fails.
explain_numbers() { # DIR
	$M --debugfs "$1" --pages explain >"$TMP/out" || return 1
	explain_cells "$1" >"$TMP/cells"
	sed -n '1,/^$/p' "$TMP/out" | awk '
	NR == FNR { v = $NF; $NF = ""; sub(/ $/, ""); cell[$0] = v; next }
	# want KEY...: the next expected number is the cell KEY
	function want(k) { ex[++ne] = (k in cell) ? cell[k] : "(no cell " k ")"; what[ne] = k }
	function nums(s,   n) { n = 0; while (match(s, /[0-9]+/)) { got[++n] = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH) } return n }
	{
		l = $0; ne = 0; delete ex; delete what; delete got
		# Names are not numbers: a comm ("pid P (comm): "), a zone
		# ("Node N DMA32: "), a memcg path ("memcg PATH ").
		if (match(l, /pid [0-9]+ \(/)) {
			r = substr(l, RSTART + RLENGTH - 1); e = index(r, "): ")
			if (e) l = substr(l, 1, RSTART + RLENGTH - 3) substr(r, e + 1)
		}
		if (match(l, /^- Node [0-9]+ [A-Za-z0-9]+: /)) {
			split(l, w, " "); zn = w[3] " " substr(w[4], 1, length(w[4]) - 1)
			l = "- Node " w[3] " Z: " substr(l, RSTART + RLENGTH)
		}
		if (match(l, /^- memcg [^ ]+ /)) { path = substr(l, 9, RLENGTH - 9); l = "- memcg P " substr(l, RLENGTH + 1) }
		sub(/`memviz oom --cgroup [^`]*`/, "", l)
		# Constants of the sentences, not cells.
		gsub(/\(>= 16\)|unreclaimable at 16|\(0\.\.200; 0 swaps|order-0|__GFP_HIGH|min\/4/, "", l)
		if (l !~ /[0-9]/) next
		# a note naming the snapshot directory: its digits are in the path
		if (l ~ /^- No high-order view: /) next
		if (match(l, /^- All [0-9]+ zones /)) want("zones_n")
		else if (l ~ /^- Node [0-9]+ Z: free [0-9]+ pages is /) {
			want(""); ex[ne] = w[3]; want("zone " zn " free")
			if (l ~ / below min /) want("zone " zn " min")
			else { want("zone " zn " low"); want("zone " zn " high") }
		} else if (l ~ /^  Its marks include a watermark boost of /) want("zone " zn " boost")
		else if (l ~ /^- Node [0-9]+: kswapd/) {
			split(l, w, " "); n1 = substr(w[3], 1, length(w[3]) - 1)
			want(""); ex[ne] = n1; want("node " n1 " kswapd_failures")
			if (l ~ /failures=/) want("node " n1 " kswapd_failures")
		} else if (l ~ /^- Offline snapshot: /) { want("vmstat allocstall"); want("vmstat oom_kill") }
		else if (l ~ /^- Node [0-9]+ Z: [0-9]+ pages of clean page cache/) {
			want(""); ex[ne] = w[3]
			want("reclaim " zn " clean_file"); want("reclaim " zn " dirty_file"); want("reclaim " zn " writeback_file")
			want("reclaim " zn " anon"); want("reclaim " zn " shmem"); want("reclaim " zn " swappable")
		} else if (l ~ /^  It must free [0-9]+ pages to pass its high mark/) want("reclaim " zn " shortfall_high")
		else if (l ~ /^- Swap: /) { want("meminfo SwapFree"); want("meminfo SwapTotal") }
		else if (match(l, /^- Since boot [a-z]+ reclaim scanned /)) {
			split(l, w, " "); who = w[4]
			want("scan " who " pgscan"); want("scan " who " pgsteal"); want("scan " who " efficiency_pct")
		} else if (l ~ /^- memcg P uses /) {
			want("memcg " path " memory_current"); want("memcg " path " memory_max")
			want(""); ex[ne] = int(cell["memcg " path " memory_current"] * 100 / cell["memcg " path " memory_max"])
		} else if (l ~ /^  A memcg OOM there would kill pid /) {
			want("memcg " path " victim_pid"); want("memcg " path " victim_points"); want("memcg " path " oom_totalpages")
		} else if (l ~ /^  Its earlier OOM victim pid /) want("memcg " path " in_progress_pid")
		else if (l ~ /^- The OOM killer would take pid /) {
			p = cell["oom_first"]; want("oom_first"); want("oom " p " points"); want("oom_fact totalpages"); want("oom " p " score")
			m = 0
			for (i = split("rss_anon rss_file rss_shmem swapents adj_pages", parts, " "); i > 0; i--)
				if (cell["oom " p " " parts[i]] + 0 > m) m = cell["oom " p " " parts[i]] + 0
			if (l !~ /origin task/) { want(""); ex[ne] = m }
		} else if (l ~ /^  Its oom_score_adj /) { want("oom " p " oom_score_adj"); want("oom " p " adj_pages") }
		else if (match(l, /^- [a-z_]+=[0-9]+/)) {
			s = substr(l, 3, RLENGTH - 2); sub(/=.*/, "", s); want("sysctl " s)
			if (s == "watermark_scale_factor") { v = cell["sysctl " s]; want(""); ex[ne] = int(v / 100); want(""); ex[ne] = sprintf("%02d", v % 100) }
		} else { print "unmapped:", $0; bad = 1; next }
		n = nums(l)
		for (i = 1; i <= (n > ne ? n : ne); i++)
			if (got[i] != ex[i]) { print "mismatch: number " i " (" got[i] ") is not " what[i] " (" ex[i] "): " $0; bad = 1 }
		cited += n
	}
	END { print "cited:", cited + 0; exit bad || !cited }' "$TMP/cells" -
}

explain_victim() { # DIR
	v=$(fact "$1/oom" next_victim)
	$M --debugfs "$1" explain >"$TMP/out" || return 1
	[ "$v" != none ] && grep -q "would take pid $v " "$TMP/out"
}

summary_states() { # DIR
	tab "$1/zones" zones node zone state >"$TMP/want"
	$M --debugfs "$1" --pages summary >"$TMP/out" || return 1
	tab "$TMP/out" "" node zone state >"$TMP/got"
	same "$TMP/want" "$TMP/got"
}

# activity: the reader's reclaim table holds the file's counters, row by
# row (a snapshot's activity is whatever reclaim the capture caused).
activity_reclaim() { # DIR
	tab "$1/activity" activity.reclaim reclaimer node type scanned reclaimed >"$TMP/want"
	$M --debugfs "$1" --pages --all activity >"$TMP/out" || return 1
	tab "$TMP/out" "" reclaimer node type scanned reclaimed >"$TMP/got"
	[ -s "$TMP/want" ] && same "$TMP/want" "$TMP/got"
}

# oom --events: one row per event the file shows, or says there is none.
oom_events_rows() { # DIR
	shown=$(fact "$1/oom_events" shown)
	$M --debugfs "$1" --pages oom --events >"$TMP/out" || return 1
	rows=$(tab "$TMP/out" "" seq | wc -l)
	echo "shown=$shown rows=$rows"
	if [ "$shown" = 0 ]; then
		grep -q "no OOM kill recorded" "$TMP/out"
	else
		[ "$rows" = "$shown" ]
	fi
}

json_stream() { # DIR: a file-backed command's JSON is one line
	$M --debugfs "$1" --json zones | ./jsoncheck -l 1
}

for d in fixtures/*/; do
	d=${d%/}
	name=${d#fixtures/}
	for f in zones nodes lru lru_gen reclaim oom oom_memcg activity oom_events proc/meminfo proc/vmstat proc/zoneinfo; do
		[ -s "$d/$f" ] || { ok 1 "$name: snapshot has $f"; continue; }
	done
	check "$name: oom ranks the eligible tasks in the oom file's order" oom_global "$d"
	check "$name: oom's first row is the oom file's next_victim" oom_next_victim "$d"
	check "$name: oom --cgroup puts each memcg's victim_pid first, ranks its candidates" oom_memcgs "$d"
	check "$name: reclaim file: reclaim_io, reclaimable and covers_high add up per zone" reclaim_sums "$d"
	check "$name: summary's reclaimable table is the reclaim file's, zone by zone" reclaim_reader "$d"
	check "$name: the 16 MiB written and not synced are dirty file pages in lru" lru_dirty "$d"
	check "$name: whatif with today's sysctls is within 1% of today's marks" whatif_today "$d"
	check "$name: every number explain cites is the snapshot cell it stands for" explain_numbers "$d"
	check "$name: explain names the oom file's next_victim" explain_victim "$d"
	check "$name: summary's zone states are the zones file's" summary_states "$d"
	check "$name: --json is one line (JSON lines)" json_stream "$d"
	check "$name: activity's reclaim table is the file's, row by row" activity_reclaim "$d"
	check "$name: oom --events has a row per event the file shows" oom_events_rows "$d"
done

# ---- 2. OOM ties, by hand ----
# A memcg tree /t (/t/a, /t/b, /t/b/c) and /u; five tasks tie at 500
# points.  The kernel keeps the task it reaches last among equals:
# memcgs in pre-order (order), then tasks in process order (order).
T=$TMP/ties
mkdir -p "$T/proc"
printf 'MemTotal: 4000000 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n' >"$T/proc/meminfo"
{
	echo "# memviz oom v1 page_size=4096 kernel=6.12.117+deb12-amd64"
	echo "# totalpages=1000000 next_victim=108"
	echo "rank pid comm oom_score_adj rss_anon rss_file rss_shmem swapents pgtables adj_pages points score eligible origin order cgroup_id memcg_id cgroup"
	echo "1 108 origin   0  10 0 0 0 0 0      10     0 yes yes 30 20 20 /u"
	echo "2 105 adj    100 300 0 0 0 0 100000 100300 0 yes no   2 10 10 /t"
	echo "3 104 big      0 900 0 0 0 0 0      900    0 yes no  20 20 20 /u"
	echo "4 100 a-late   0 500 0 0 0 0 0      500    0 yes no  10 11 11 /t/a"
	echo "5 101 a-early  0 500 0 0 0 0 0      500    0 yes no   5 11 11 /t/a"
	echo "6 102 b        0 500 0 0 0 0 0      500    0 yes no   3 12 12 /t/b"
	echo "7 103 c        0 500 0 0 0 0 0      500    0 yes no   1 13 13 /t/b/c"
	echo "- 109 adjmin -1000 800 0 0 0 0 - - 0 adj_min no 40 13 13 /t/b/c"
} >"$T/oom"
{
	echo "# memviz oom_memcg v1 page_size=4096 kernel=6.12.117+deb12-amd64"
	echo "# max=2251799813685247"
	echo "cgroup_id parent_id order memory_max memory_current oom_totalpages candidates state victim_pid cgroup"
	echo "1  - 0 2251799813685247 0 2251799813685247 0 root - /"
	echo "10 1 1 1000 0 2000 5 kill 105 /t"
	echo "11 10 2 2251799813685247 0 2251799813685247 2 kill 100 /t/a"
	echo "12 10 3 2251799813685247 0 2251799813685247 2 kill 103 /t/b"
	echo "13 12 4 2251799813685247 0 2251799813685247 1 kill 103 /t/b/c"
	echo "20 1 5 2251799813685247 0 2251799813685247 2 kill 108 /u"
} >"$T/oom_memcg"

ranking() { # ARGS...: the eligible pids, in order, on one line
	$M --debugfs "$T" --pages oom "$@" >"$TMP/out" 2>&1 || { cat "$TMP/out"; return; }
	tab "$TMP/out" "" rank pid | awk '$1 != "-" { printf "%s%s", s, $2; s = " " } END { print "" }'
}

expect() { # DESC WANT ARGS...
	_d=$1 _w=$2
	shift 2
	_g=$(ranking "$@")
	[ "$_g" = "$_w" ]
	ok $? "ties: $_d ($_g)"
	[ "$_g" = "$_w" ] || echo "#   expected $_w"
}

expect "global: origin first, then points, ties to the later task order, not the pid" \
	"108 105 104 100 101 102 103"
expect "/t: equal points go to the later memcg in pre-order (c, b, a), then the later task" \
	"103 102 100 101 105" --cgroup /t
expect "/t/a: same memcg, the later task order wins (100 before 101)" "100 101" --cgroup /t/a
expect "/t/b: the child memcg c comes after b in pre-order" "103 102" --cgroup /t/b
expect "/u: an origin task (swapoff, ksm) goes first whatever its points" "108 104" --cgroup /sys/fs/cgroup/u/
$M --debugfs "$T" --pages oom --cgroup /t >"$TMP/out"
grep -q 'totalpages=2000 ' "$TMP/out"
ok $? "ties: /t uses oom_memcg's oom_totalpages (2000), not memory.max or RAM"
tab "$TMP/out" "" pid points | grep -qx '105 500'
ok $? "ties: /t: adj 100 is worth 100 * (2000 / 1000) pages there, 100000 globally"
$M --debugfs "$T" oom --cgroup / >/dev/null 2>&1
[ $? -ne 0 ]
ok $? "ties: the root memcg is refused (no memcg OOM there)"

# An earlier victim still exiting: nothing new is killed, and the reader says so.
sed -i 's/^7 103 c        0 500 0 0 0 0 0      500    0 yes no/- 103 c 0 500 0 0 0 0 0 - 0 oom_victim no/' "$T/oom"
$M --debugfs "$T" oom --cgroup /t/b >"$TMP/out" 2>&1
grep -q 'pid 103 .*kill nothing new' "$TMP/out"
ok $? "ties: an oom_victim in /t/b means the kernel kills nothing new there"
$M --debugfs "$T" oom --cgroup /u >"$TMP/out" 2>&1
grep -q 'kill nothing new' "$TMP/out"
[ $? -ne 0 ]
ok $? "ties: ... but not in /u, outside that subtree"
$M --debugfs "$T" oom >"$TMP/out" 2>&1
grep -q 'kill nothing new' "$TMP/out"
ok $? "ties: a global OOM stops at that victim too"
rm "$T/oom_memcg"
$M --debugfs "$T" oom --cgroup /t >"$TMP/out" 2>&1
r=$?
[ $r -ne 0 ] && grep -q 'no oom_memcg' "$TMP/out"
ok $? "ties: offline without oom_memcg: a clear error"

# ---- 4. High orders: the orders file (synthetic/fragmented-1node) ----

H=synthetic/fragmented-1node

# the largest order whose check_min is ok, per zone, straight from the file
frag_largest() {
	tab "$H/orders" orders zone order check_min |
		awk '{ if (!($1 in m)) m[$1] = -1 } $3 == "ok" && $2 > m[$1] { m[$1] = $2 } END { for (z in m) print z, m[z] }' |
		sort >"$TMP/want"
	$M --debugfs "$H" --pages frag >"$TMP/out" || return 1
	tab "$TMP/out" "" zone largest_min | sort >"$TMP/got"
	same "$TMP/want" "$TMP/got"
}
check "frag: largest_min per zone = the largest order the orders file says passes min" frag_largest

frag_compaction() {
	first=$(tab "$H/orders" orders zone order compact_deferred | awk '$1 == "DMA32" && $3 == "yes" { print $2; exit }')
	$M --debugfs "$H" frag >"$TMP/out" || return 1
	got=$(tab "$TMP/out" "" zone compaction | awk '$1 == "DMA32" { print $2 }')
	echo "first deferred order $first, frag says $got"
	[ "$got" = "deferred>=$first" ]
}
check "frag: compaction = deferred>=N, N the first order compact_deferred says yes" frag_compaction

frag_bar() {
	# a character per order: the share of free pages there in tenths, rounded up
	want=$(tab "$H/orders" orders zone order free_blocks | awk '$1 == "DMA32" {
		p = $3; for (i = 0; i < $2; i++) p *= 2; pg[$2] = p; t += p; n = $2 + 1 }
		END { for (o = 0; o < n; o++) s = s (pg[o] ? int((pg[o] * 9 + t - 1) / t) : "."); print s }')
	$M --debugfs "$H" frag >"$TMP/out" || return 1
	got=$(tab "$TMP/out" "" zone free_by_order | awk '$1 == "DMA32" { print $2 }')
	echo "want $want got $got"
	[ -n "$want" ] && [ "$want" = "$got" ]
}
check "frag: free_by_order is the share of free pages per order" frag_bar

whatif_alloc() { # ARGS... then the sentences to find, after --
	args=""
	while [ "$1" != -- ]; do args="$args $1"; shift; done
	shift
	# shellcheck disable=SC2086
	$M --debugfs "$H" whatif alloc $args >"$TMP/out" || return 1
	for s in "$@"; do
		grep -qF "$s" "$TMP/out" || { echo "missing: $s"; cat "$TMP/out"; return 1; }
	done
}
check "whatif alloc 2: succeeds from the free lists (DMA32 has order-6 blocks)" \
	whatif_alloc 2 -- "1. It succeeds from the free lists now"
check "whatif alloc 7: wake kswapd, min fails, compaction deferred in DMA32, no OOM (costly)" \
	whatif_alloc 7 -- "wakes kswapd for order 7" "The retry at the min mark fails too" \
	"deferred at this order: node 0 DMA32" "never invokes the OOM killer"
check "whatif alloc 9 --gfp movable: class movable, DMA held back by its reserve" \
	whatif_alloc 9 --gfp movable -- "GFP_HIGHUSER_MOVABLE allocation (class movable" "The first try fails"
check "whatif alloc 7 --gfp atomic: fails without reclaim or compaction" \
	whatif_alloc 7 --gfp atomic -- "GFP_ATOMIC may neither reclaim nor compact"
check "whatif alloc 3 --zone dma: only the DMA zone, which passes" \
	whatif_alloc 3 --zone dma -- "(class dma, 1 zone(s)" "It succeeds from the free lists now"
for bad in "alloc" "alloc x" "alloc 99" "alloc 2 --gfp bogus" "alloc 2 --zone nosuch"; do
	# shellcheck disable=SC2086
	$M --debugfs "$H" whatif $bad >/dev/null 2>&1
	[ $? -eq 2 ]
	ok $? "whatif $bad: a usage error (2)"
done
$M --debugfs "$H" frag --gfp kernel >/dev/null 2>&1
[ $? -eq 2 ]
ok $? "frag --gfp: refused, only whatif alloc takes it"

explain_orders() {
	$M --debugfs "$H" explain >"$TMP/out" || return 1
	grep -q "Node 0 DMA32: order-0 allocations pass the min mark, but order 7 and above fail" "$TMP/out" &&
		grep -q "Compaction is deferred there for order 7" "$TMP/out" &&
		grep -q "OOM kill #1 (pid 301, mv-frag) was for an order-2 allocation" "$TMP/out" &&
		grep -q "node 0 DMA32 had free pages but no free block of that order" "$TMP/out" ||
		{ cat "$TMP/out"; return 1; }
}
check "explain: the fragmented zone and the order-2 OOM kill in sentences" explain_orders

echo "1..$n"
[ "$failed" -eq 0 ]
