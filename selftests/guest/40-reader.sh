#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The reader: every command runs on this kernel and its --json parses;
# watch --json streams JSON lines; whatif predicts exactly the min/low/high
# /proc/zoneinfo shows after a real sysctl write; oom scores match
# /proc/PID/oom_score; a memcg OOM kills the first row of `memviz oom
# --cgroup`, ties included; without the module's
# files the reader falls back to /proc and says so.
. /selftests/lib.sh

M=/bin/memviz
T=/tmp/40-reader.$$
# Tables fit COLUMNS when it is set: the checks below read every column.
unset COLUMNS
mkdir -p "$T"
[ -x "$M" ] || mv_skip_all "no /bin/memviz in this guest"
mv_diag "kernel $(mv_kernel), shape $(mv_shape), $($M --version)"

# col FILE NAME...: print the named columns of a memviz table, by header.
col() {
	_f=$1
	shift
	awk -v want="$*" '
	/^#/ || !NF { next }
	!hdr { n = split(want, w, " "); for (i = 1; i <= NF; i++) c[$i] = i; hdr = 1; next }
	{ s = ""; for (i = 1; i <= n; i++) s = s (i > 1 ? " " : "") $(c[w[i]]); print s }' "$_f"
}

# 1. Every command, as text and as JSON.
for cmd in summary zones nodes lru reclaim "oom --top 5" "oom --events" activity explain \
	"whatif min_free_kbytes=8192" "whatif watermark_scale_factor=100" \
	"whatif oom_score_adj 1=0" "watch -n 1 -i 0.2"; do
	name=${cmd%% *}
	file=$name
	[ "$cmd" = "oom --events" ] && file=oom_events
	case $file in lru | reclaim | activity | oom_events)
		if [ ! -e "$MV_DEBUGFS/$file" ]; then
			mv_skip "memviz $cmd" "the module has no $file file"
			continue
		fi ;;
	esac
	# shellcheck disable=SC2086
	mv_check "memviz $cmd runs" $M $cmd
	# A failed command prints nothing on stdout: its exit status counts.
	# shellcheck disable=SC2086
	$M --json $cmd > "$T/out.json" 2>"$T/err"
	rc=$?
	mv_check "memviz --json $cmd exits 0 with valid JSON" sh -c "[ $rc -eq 0 ] && mv-jsoncheck < $T/out.json"
	# shellcheck disable=SC2086
	$M --prom $cmd > "$T/out.prom" 2>"$T/err"
	rc=$?
	samples=$(grep -vc '^#' "$T/out.prom")
	bad=$(grep -v '^#' "$T/out.prom" | grep -cvE '^memviz_[a-z0-9_]+(\{[^}]*\})? -?[0-9.e+-]+$')
	[ "$rc" -eq 0 ] || mv_diag "memviz --prom $cmd: exit $rc: $(head -n 2 "$T/err")"
	mv_check "memviz --prom $cmd exits 0, $samples sample lines, every one well formed" \
		[ "$rc" -eq 0 -a "$samples" -gt 0 -a "$bad" -eq 0 ]
done

# watch --lines: a header and one line per sample, like vmstat.
$M watch --lines -n 2 -i 0.2 > "$T/lines" 2>"$T/err"
mv_check "memviz watch --lines -n 2 is a header and two lines" [ "$(wc -l < "$T/lines")" -eq 3 ]

# explain --check: one verdict line, a Nagios status (0 ok, 1 warning, 2 critical), never 3 here.
$M explain --check > "$T/check" 2>&1
rc=$?
mv_diag "explain --check: $(cat "$T/check") (exit $rc)"
verdict=$(grep -c '^MEMVIZ [A-Z]* - ' "$T/check")
mv_check "memviz explain --check prints one MEMVIZ line and exits 0, 1 or 2" \
	[ "$rc" -le 2 -a "$(wc -l < "$T/check")" -eq 1 -a "$verdict" -eq 1 ]

# watch --json -n N: a stream, one JSON document per line.
$M --json watch -n 3 -i 0.2 > "$T/stream.json" 2>"$T/err"
mv_check "memviz --json watch -n 3 is three JSON documents, one per line" mv-jsoncheck -l 3 < "$T/stream.json"

# 2. whatif vs a real write, for both sysctls; the originals come back.
mfk0=$(cat /proc/sys/vm/min_free_kbytes)
wsf0=$(cat /proc/sys/vm/watermark_scale_factor)

zoneinfo_marks() {
	awk '/^Node/ { n = $2; sub(",", "", n); z = $4; next }
	$1 == "min" && NF == 2 { mn = $2 }
	$1 == "low" && NF == 2 { lo = $2 }
	$1 == "high" && NF == 2 { print n, z, mn, lo, $2 }' /proc/zoneinfo | sort
}

whatif_vs_write() { # SYSCTL VALUE
	$M whatif "$1=$2" > "$T/whatif" || return 1
	col "$T/whatif" node zone min low high | sort > "$T/predicted"
	echo "$2" > "/proc/sys/vm/$1"
	zoneinfo_marks > "$T/actual"
	# Every predicted zone must appear in zoneinfo with the same marks.
	missing=$(grep -cvxFf "$T/actual" "$T/predicted")
	if [ "$missing" -ne 0 ] || [ ! -s "$T/predicted" ]; then
		mv_diag "predicted:"; sed 's/^/#   /' "$T/predicted"
		mv_diag "zoneinfo:"; sed 's/^/#   /' "$T/actual"
		return 1
	fi
	return 0
}

for v in $((mfk0 * 2)) $((mfk0 / 2 + 7)) 1000; do
	mv_check "whatif min_free_kbytes=$v matches /proc/zoneinfo after the write" \
		whatif_vs_write min_free_kbytes "$v"
	echo "$mfk0" > /proc/sys/vm/min_free_kbytes
done
for v in 1 137 1000; do
	mv_check "whatif watermark_scale_factor=$v matches /proc/zoneinfo after the write" \
		whatif_vs_write watermark_scale_factor "$v"
	echo "$wsf0" > /proc/sys/vm/watermark_scale_factor
done
mv_check "min_free_kbytes restored to $mfk0" [ "$(cat /proc/sys/vm/min_free_kbytes)" = "$mfk0" ]
mv_check "watermark_scale_factor restored to $wsf0" [ "$(cat /proc/sys/vm/watermark_scale_factor)" = "$wsf0" ]
mv_check "whatif with the current values predicts today's marks (no boost)" \
	whatif_vs_write min_free_kbytes "$mfk0"

# 3. oom: the score column is /proc/PID/oom_score for the top processes.
$M oom --top 8 > "$T/oom"
bad=0
for line in $(col "$T/oom" pid oom_score | tr ' ' ':'); do
	pid=${line%%:*}
	s=${line#*:}
	[ -r "/proc/$pid/oom_score" ] || continue
	[ "$(cat "/proc/$pid/oom_score")" = "$s" ] || { bad=$((bad + 1)); mv_diag "pid $pid: memviz $s, kernel $(cat "/proc/$pid/oom_score")"; }
done
mv_check "oom: oom_score of the top 8 equals /proc/PID/oom_score" [ "$bad" -eq 0 ]

# whatif oom_score_adj, then the adjustments written for real: the scores
# it predicted are the kernel's /proc/PID/oom_score, and the victim it
# predicted is the oom file's first row.
mv-hog -m 24 -s 120 -r "$T/wa" & WA=$!
mv-hog -m 12 -s 120 -r "$T/wb" & WB=$!
mv_wait_files 30 "$T/wa" "$T/wb"
$M --pages whatif oom_score_adj "$WA=-300" "$WB=600" > "$T/wi"
pv=$(col "$T/wi" pid | head -n 1)
echo -300 > "/proc/$WA/oom_score_adj"
echo 600 > "/proc/$WB/oom_score_adj"
bad=""
for p in $WA $WB; do
	s=$(col "$T/wi" pid oom_score | awk -v p="$p" '$1 == p { print $2 }')
	k=$(cat "/proc/$p/oom_score")
	[ -n "$s" ] && [ "$s" = "$k" ] || bad="$bad $p:$s/$k"
done
first=$(mv_first "$MV_DEBUGFS/oom" pid)
mv_diag "whatif oom_score_adj $WA=-300 $WB=600: victim $pv, then the oom file's first row $first; scores whatif/kernel:${bad:- equal}"
mv_check "whatif oom_score_adj: the predicted scores are /proc/PID/oom_score after the write" [ -z "$bad" ]
mv_check "whatif oom_score_adj: the predicted victim ($pv) is the oom file's first row after the write ($first)" \
	[ "$pv" = "$WB" -a "$first" = "$WB" ]
kill "$WA" "$WB" 2>/dev/null
wait "$WA" "$WB" 2>/dev/null

# 4. A real memcg OOM kills the first row of `memviz oom --cgroup`: once
# with a clear winner, once with two hogs of one size in sibling memcgs,
# within a page or two of each other or tied.  A tie goes to the memcg
# the kernel scans last, the later one in pre-order (created later); the
# hogs start in the other order, so that is the earlier pid.
# The kill is read after a marker written just before the OOM: the first
# "oom-kill:" line after it is the kernel's choice (later ones are kills
# of a victim's successors while its charge is being released).
CG=/sys/fs/cgroup/mvt40
ties=0
memcg_oom_case() { # NAME LIMIT HOG...: each HOG is "subcgroup:MIB"
	name=$1 limit=$2
	shift 2
	mkdir -p "$CG"
	echo 0 > "$CG/memory.swap.max" 2>/dev/null
	echo +memory > "$CG/cgroup.subtree_control"
	# Memcgs in the order given (their pre-order), hogs in the reverse
	# order: on a tie, "later memcg" and "later pid" name different tasks.
	hogs=
	for h in "$@"; do
		sub=${h%%:*}
		mkdir -p "$CG/$sub"
		echo 0 > "$CG/$sub/memory.swap.max" 2>/dev/null
		hogs="$h $hogs"
	done
	i=0
	for h in $hogs; do
		sub=${h%%:*} mib=${h#*:}
		sh -c "echo \$\$ > $CG/$sub/cgroup.procs; exec mv-hog -m $mib -s 60 -r $T/ready.$i" &
		i=$((i + 1))
	done
	j=0
	while [ $j -lt 150 ]; do
		n=0
		for r in "$T"/ready.*; do [ -e "$r" ] && n=$((n + 1)); done
		[ "$n" -ge $i ] && break
		sleep 0.2
		j=$((j + 1))
	done
	$M --pages oom --cgroup /mvt40 > "$T/cg"
	grep -v '^#' "$T/cg" | grep . | head -4 | sed 's/^/#   /'
	first=$(col "$T/cg" pid | head -1)
	[ "$(col "$T/cg" points | sed -n 1p)" = "$(col "$T/cg" points | sed -n 2p)" ] &&
		ties=$((ties + 1))
	marker="memviz-40 memcg-oom $name $$"
	mv_kmsg "$marker"
	mv_expect_oom_begin
	echo "$limit" > "$CG/memory.max" 2>/dev/null
	sleep 1
	mv_expect_oom_end
	kl=$(mv_first_kill_after "$marker")
	killed=${kl%% *} constraint=$(echo "$kl" | cut -d' ' -f2)
	mv_check "memcg OOM ($name): the kernel killed the first row of memviz oom --cgroup ($first vs $killed, $constraint)" \
		[ -n "$first" -a "$first" = "$killed" -a "$constraint" = CONSTRAINT_MEMCG ]
	for p in $(cat "$CG"/*/cgroup.procs "$CG/cgroup.procs"); do kill "$p" 2>/dev/null; done
	wait
	rmdir "$CG"/* "$CG" 2>/dev/null
	rm -f "$T"/ready.*
}

if [ -w /sys/fs/cgroup/cgroup.subtree_control ] && grep -qw memory /sys/fs/cgroup/cgroup.controllers; then
	echo +memory > /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null
	memcg_oom_case "clear winner" 20M a:24 b:8
	# Exact ties come and go with a page of stack or page table: try thrice.
	for k in 1 2 3; do
		memcg_oom_case "two 16 MiB hogs in sibling memcgs, run $k" 24M x:16 y:16
	done
	mv_diag "exact ties among those runs: $ties"
else
	mv_skip "memcg OOM agrees with memviz oom --cgroup" "no cgroup v2 memory controller"
fi

# 5. Without the module's files: a plain message, and /proc alone. The
# message must come with a table (exit 0, a "node zone" header and the
# zones of /proc/zoneinfo): an unreadable /proc/zoneinfo prints the same
# words as an error.
mkdir -p "$T/empty"
ln -s /proc "$T/empty/proc"
$M --debugfs "$T/empty" zones > "$T/nomod" 2>"$T/nomod.err"
rc=$?
cat "$T/nomod.err" >> "$T/nomod"
nz=$(awk '/^Node .* zone/ { z = 1 } z && $1 == "present" { if ($2 > 0) n++; z = 0 } END { print n + 0 }' /proc/zoneinfo)
rows=$(awk '/^#/ || !NF { next } !h { h = ($1 == "node" && $2 == "zone"); if (!h) exit; next } { n++ } END { print n + 0 }' "$T/nomod")
mv_diag "no tables: exit $rc, $rows rows under a 'node zone' header, /proc/zoneinfo has $nz populated zones"
mv_check "no tables: zones still works from /proc/zoneinfo (exit 0, a node zone row per populated zone, $nz)" \
	[ "$rc" -eq 0 -a "$rows" -eq "$nz" ]
mv_check "no tables: says so plainly, naming /proc/zoneinfo" \
	sh -c "grep -q \"has no 'zones' file\" $T/nomod && grep -q zoneinfo $T/nomod"
mv_check "no tables: whatif still works" $M --debugfs "$T/empty" whatif min_free_kbytes=4096
mv_check "no tables: lru exits non-zero (it needs the module)" sh -c "! $M --debugfs $T/empty lru"

# 6. snapshot, then every command on the copy.
mv_check "snapshot saves the files" $M snapshot "$T/snap"
mv_check "snapshot holds zones and /proc facts" test -s "$T/snap/zones" -a -s "$T/snap/proc/zoneinfo"
mv_check "explain runs on the snapshot" $M --debugfs "$T/snap" explain
rm -rf "$T"
mv_done
