# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# TAP helpers for memviz guest tests (busybox sh). A test script sources this
# file (". /selftests/lib.sh"), prints its points through these helpers and
# ends with mv_done. The guest's /init prefixes each line with the script's
# name and sends it to the host on the TAP serial port.
#
# Exit status (kselftest): 0 pass, 1 fail, 4 skip. A script that exits 4
# without printing a point counts as one skipped point; a check that does
# not run after some points were printed is a "# SKIP" point of its own
# (mv_skip, mv_skip_rest), never silence.

MV_DEBUGFS=/sys/kernel/debug/memviz
MV_FAILED=0
MV_POINTS=0

# mv_pass DESC
mv_pass() {
	echo "ok - $*"
	MV_POINTS=$((MV_POINTS + 1))
}

# mv_fail DESC
mv_fail() {
	echo "not ok - $*"
	MV_FAILED=$((MV_FAILED + 1))
	MV_POINTS=$((MV_POINTS + 1))
}

# mv_skip DESC REASON...
mv_skip() {
	_mv_desc=$1
	shift
	echo "ok - $_mv_desc # SKIP $*"
	MV_POINTS=$((MV_POINTS + 1))
}

# mv_check DESC CMD [ARGS...]: one point, passing iff CMD succeeds. CMD's
# stdout goes to stderr (the guest console) so it never mixes into the TAP.
# Returns CMD's status.
mv_check() {
	_mv_desc=$1
	shift
	"$@" >&2
	_mv_rc=$?
	if [ "$_mv_rc" -eq 0 ]; then
		mv_pass "$_mv_desc"
	else
		mv_fail "$_mv_desc"
	fi
	return "$_mv_rc"
}

# mv_diag TEXT: a diagnostic line, shown with the results.
mv_diag() {
	echo "# $*"
}

# mv_kmsg TEXT: a marker in the kernel log (and so on the host's console log).
mv_kmsg() {
	echo "<4>memviz-harness: $*" >/dev/kmsg
}

# Bracket a deliberately provoked OOM: the host forgives the call trace of
# an OOM report printed between these two markers, from "invoked
# oom-killer" to "Killed process" (but no other trace, and no splat).
mv_expect_oom_begin() {
	mv_kmsg expect-oom-begin
}

mv_expect_oom_end() {
	mv_kmsg expect-oom-end
}

# Bracket injected allocation failures (fault injection): the host forgives
# the stack dump of an allocation-failure warning of the task named COMM
# ("COMM: page allocation failure", "COMM: vmalloc error") between the
# markers, and nothing else.
mv_expect_alloc_failure_begin() {
	mv_kmsg "expect-alloc-failure-begin $1"
}

mv_expect_alloc_failure_end() {
	mv_kmsg expect-alloc-failure-end
}

# mv_kcsan_filter: kernel log on stdin, out without the KCSAN data-race
# reports that do not involve memviz (6.12-kcsan reports races inside the
# kernel too). A report, "BUG: KCSAN: ..." to the "=====" line after
# "Reported by Kernel Concurrency Sanitizer on:", is kept whole when a
# symbol in it ends in " [memviz]", the host's rule (vm/verdict.sh).
mv_kcsan_filter() {
	awk '
	function flush(i) {
		if (kc && memviz)
			for (i = 1; i <= n; i++)
				print buf[i]
		kc = 0
	}
	/BUG: KCSAN: / { flush(); kc = 1; n = 0; memviz = 0; footer = 0 }
	kc {
		buf[++n] = $0
		if ($0 ~ / \[memviz\]/)
			memviz = 1
		if ($0 ~ /Reported by Kernel Concurrency Sanitizer on:/)
			footer = 1
		else if (footer && $0 ~ /=====/)
			flush()
		next
	}
	{ print }
	END { flush() }'
}

# mv_first_kill_after MARKER: "PID CONSTRAINT KIND KILLED" for the first
# OOM kill logged after the mv_kmsg MARKER: the pid and constraint of its
# "oom-kill:" line, KIND memcg or global from its "Killed process" line,
# and the pid that line names (the same pid).  Later kills are the
# kernel's answer to the same shortage while the first victim exits;
# earlier ones belong to other tests: neither is the test's.
mv_first_kill_after() {
	dmesg | awk -v m="memviz-harness: $1" '
	index($0, m) { on = 1; next }
	on && c == "" && /oom-kill:.*constraint=/ {
		c = $0; sub(/.*constraint=/, "", c); sub(/,.*/, "", c)
		p = $0; sub(/.*,pid=/, "", p); sub(/,.*/, "", p)
	}
	on && c != "" && /Killed process [0-9]+/ {
		k = ($0 ~ /Memory cgroup out of memory/) ? "memcg" : "global"
		kp = $0; sub(/.*Killed process /, "", kp); sub(/ .*/, "", kp)
		print p, c, k, kp
		exit
	}'
}

# mv_kills_after MARKER: the pid of every "Killed process" line logged
# after the mv_kmsg MARKER, in order (the victim of a memory.oom.group kill
# is named twice).  A marker, not a count of earlier lines: once the log
# buffer wraps, old lines drop off the front and a count points past the
# new ones.
mv_kills_after() {
	dmesg | awk -v m="memviz-harness: $1" 'index($0, m) { on = 1; next }
		on && /Killed process [0-9]+/ { p = $0; sub(/.*Killed process /, "", p); sub(/ .*/, "", p); print p }'
}

# mv_cmdline KEY: value of memviz_vm.KEY on the kernel command line.
mv_cmdline() {
	for _mv_word in $(cat /proc/cmdline); do
		case $_mv_word in
		"memviz_vm.$1="*)
			echo "${_mv_word#*=}"
			return 0
			;;
		esac
	done
	return 1
}

# Guest shape (1node, 2node) and kernel release the host booted.
mv_shape() {
	mv_cmdline shape || echo unknown
}

mv_kernel() {
	mv_cmdline kernel || uname -r
}

# mv_skip_all REASON: the rest of the script does not apply here. Before
# any point: the whole script is a skip (exit 4). After some points: the
# rest is one "# SKIP" point, and the exit status is mv_done's.
mv_skip_all() {
	if [ "$MV_POINTS" -gt 0 ]; then
		mv_skip_rest "$*" "the rest of the script"
	fi
	mv_diag "SKIP: $*"
	exit 4
}

# mv_skip_rest REASON DESC...: the checks named DESC cannot run here: one
# "# SKIP REASON" point each, then exit as mv_done does.
mv_skip_rest() {
	_mv_why=$1
	shift
	for _mv_desc in "$@"; do
		mv_skip "$_mv_desc" "$_mv_why"
	done
	mv_done
}

# mv_ok DESC: one point, passing iff the command (list) just before the
# call succeeded:  [ "$a" = 1 ] && [ "$b" = 2 ]; mv_ok "a and b"
mv_ok() {
	# shellcheck disable=SC2319 # the status of the caller's last command
	_mv_rc=$?
	if [ "$_mv_rc" -eq 0 ]; then mv_pass "$1"; else mv_fail "$1"; fi
}

# mv_setup NAME: scratch directory $T (/tmp/NAME.PID) for the script, and
# an exit trap that kills the background processes listed in $MV_PIDS,
# reaps them, runs the undo steps given to mv_at_exit (last given first)
# and removes $T.
mv_setup() {
	T=/tmp/$1.$$
	MV_PIDS=""
	MV_AT_EXIT=":"
	mkdir -p "$T"
	trap mv_cleanup EXIT
}

# mv_at_exit CMD: run CMD (a shell command line) when the script exits.
mv_at_exit() {
	MV_AT_EXIT="$*; $MV_AT_EXIT"
}

mv_cleanup() {
	# shellcheck disable=SC2086 # a list of pids
	[ -n "$MV_PIDS" ] && kill $MV_PIDS 2>/dev/null
	wait 2>/dev/null
	eval "$MV_AT_EXIT" 2>/dev/null
	rm -rf "$T"
}

# mv_wait_file FILE SECONDS: wait until FILE exists.
mv_wait_file() {
	_mv_n=0
	while [ ! -e "$1" ] && [ "$_mv_n" -lt "$(($2 * 10))" ]; do
		sleep 0.1
		_mv_n=$((_mv_n + 1))
	done
	[ -e "$1" ]
}

# mv_wait_files SECONDS FILE...: wait until every FILE exists (hogs'
# ready files); false if one is still missing after SECONDS in all.
mv_wait_files() {
	_mv_end=$(($(date +%s) + $1))
	shift
	for _mv_f in "$@"; do
		mv_wait_file "$_mv_f" $((_mv_end - $(date +%s) + 1)) || return 1
	done
}

# mv_row FILE KEY VALUE COL: column COL of the first row of FILE's first
# table whose column KEY is VALUE.  VALUE goes through the environment:
# awk -v would turn an escaped "\x20" into a space.
mv_row() {
	MV_ROW_WANT=$3 awk -v k="$2" -v c="$4" 'BEGIN { want = ENVIRON["MV_ROW_WANT"] }
	/^#/ { next }
	!h { for (i = 1; i <= NF; i++) n[$i] = i; h = 1; next }
	$n[k] == want { print $n[c]; exit }' "$1"
}

# mv_first FILE COL: column COL of FILE's first row (the oom file's next
# victim).
mv_first() {
	awk -v c="$2" '/^#/ { next }
	!h { for (i = 1; i <= NF; i++) n[$i] = i; h = 1; next }
	{ print $n[c]; exit }' "$1"
}

# mv_fact FILE KEY: value of "key=value" in the '#' lines.
mv_fact() {
	sed -n "s/^#.* $2=\([^ ]*\).*/\1/p" "$1" | head -n 1
}

# mv_vmstat KEY: a /proc/vmstat counter.
mv_vmstat() {
	awk -v k="$1" '$1 == k { print $2 }' /proc/vmstat
}

# mv_nullblk MIBPS: /dev/nullb0 and /dev/nullb1, 1 GiB each, keeping
# what is written (a swap device must give it back), each writing MIBPS
# MiB/s (null_blk's mbps throttle): page cache or swap written out to them
# stays under writeback for seconds, the only way to hold pages in that
# state for a test to look at.  The throttle grants MIBPS x 20 KiB per
# 20 ms tick and never lets a larger request through, so requests stay at
# 16 KiB; a deep queue without an I/O scheduler keeps a whole 16 MiB
# write-out in flight.  (Delaying each request instead hits the block
# layer's 5 s timeout.)  False without null_blk.  mv_nullblk_off undoes it.
mv_nullblk() {
	mv-modprobe -q null_blk nr_devices=2 gb=1 memory_backed=1 mbps="$1" \
		max_sectors=32 hw_queue_depth=1024 no_sched=1 &&
		[ -b /dev/nullb0 ] && [ -b /dev/nullb1 ]
}

# mv_nullblk_off: wait for the writeback in flight (up to 60 s), unload.
mv_nullblk_off() {
	[ -e /dev/nullb0 ] || return 0
	sync
	_mv_n=0
	while [ "$(mv_vmstat nr_writeback)" -gt 0 ] && [ "$_mv_n" -lt 600 ]; do
		sleep 0.1
		_mv_n=$((_mv_n + 1))
	done
	rmmod null_blk
}

# mv_meminfo KEY: /proc/meminfo value in pages (4 KiB).
mv_meminfo() {
	awk -v k="$1:" '$1 == k { print int($2 / 4) }' /proc/meminfo
}

# mv_done: exit 1 if any point failed, else 0.
mv_done() {
	[ "$MV_FAILED" -eq 0 ] && exit 0
	exit 1
}

# mv_zone_pfn_ranges: "node zone start end" (end exclusive) per populated
# zone, its spanned pfns as /proc/zoneinfo gives them (memviz walks those).
mv_zone_pfn_ranges() {
	awk '
	function out() { if (present > 0) printf "%s %s %d %d\n", node, zone, start, start + spanned }
	/^Node/ { if (zone != "") out(); node = $2; sub(",", "", node); zone = $4; present = 0; spanned = 0; start = 0; next }
	$1 == "present" { present = $2 }
	$1 == "spanned" { spanned = $2 }
	$1 == "start_pfn:" { start = $2 }
	END { if (zone != "") out() }' /proc/zoneinfo
}
