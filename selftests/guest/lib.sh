# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# TAP helpers for memviz guest tests (busybox sh). A test script sources this
# file (". /selftests/lib.sh"), prints its points through these helpers and
# ends with mv_done. The guest's /init prefixes each line with the script's
# name and sends it to the host on the TAP serial port.
#
# Exit status (kselftest): 0 pass, 1 fail, 4 skip. A script that exits 4
# without printing a point counts as one skipped point.

MV_DEBUGFS=/sys/kernel/debug/memviz
MV_FAILED=0

# mv_pass DESC
mv_pass() {
	echo "ok - $*"
}

# mv_fail DESC
mv_fail() {
	echo "not ok - $*"
	MV_FAILED=$((MV_FAILED + 1))
}

# mv_skip DESC REASON...
mv_skip() {
	_mv_desc=$1
	shift
	echo "ok - $_mv_desc # SKIP $*"
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

# Bracket a deliberately provoked OOM: the host ignores the call trace of an
# OOM report printed between these two markers (but no other splat).
mv_expect_oom_begin() {
	mv_kmsg expect-oom-begin
}

mv_expect_oom_end() {
	mv_kmsg expect-oom-end
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

# mv_skip_all REASON: the whole script does not apply here; exits 4.
mv_skip_all() {
	mv_diag "SKIP: $*"
	exit 4
}

# mv_done: exit 1 if any point failed, else 0.
mv_done() {
	[ "$MV_FAILED" -eq 0 ] && exit 0
	exit 1
}
