#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Turns one guest run (boot.sh's OUTDIR) into host test points, printed as
# unnumbered TAP ("ok - ...", "not ok - ...", "# ...") for run.sh to number:
#   LABEL: booted and reached the harness
#   LABEL: <script>: <desc>            one per guest ok / not ok line
#   LABEL: powered off before the timeout
#   LABEL: no kernel splat after memviz loaded
#   LABEL: rmmod memviz succeeded
# A splat is any BUG:, WARNING:, KASAN, UBSAN, lockdep report, Oops, panic,
# Call Trace: or RIP: on the console from the moment memviz is inserted;
# only the call trace of an OOM report between the expect-oom markers a
# test writes (mv_expect_oom_begin/end) is forgiven.
#
# Usage: verdict.sh LABEL OUTDIR      (always exits 0)
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: verdict.sh LABEL OUTDIR" >&2; exit 1; }
label=$1
dir=$2
console=$dir/console.log
tap=$dir/tap.log
touch "$console" "$tap"

point() {
	local status=$1
	shift
	if [ "$status" = ok ]; then
		printf 'ok - %s: %s\n' "$label" "$*"
	else
		printf 'not ok - %s: %s\n' "$label" "$*"
	fi
}

# Console text without carriage returns or escape sequences. Read once:
# "producer | grep -q" would fail under pipefail when grep quits early.
console_text=$(tr -d '\r' <"$console" | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g')

has_marker() {
	grep -q "memviz-harness: $1\$" <<<"$console_text"
}

if has_marker 'start .*'; then
	point ok "booted and reached the harness"
else
	point fail "booted and reached the harness"
	echo "# $label: last console lines:"
	tail -n 15 <<<"$console_text" | sed 's/^/#   /'
fi

# Guest points, in the order the guest printed them. The harness's rmmod
# point is reported below under its own name.
rmmod_seen=0
rmmod_ok=0
while IFS= read -r line; do
	line=${line%$'\r'}
	script=${line%%: *}
	rest=${line#*: }
	[ "$script" != "$line" ] || continue
	case $rest in
	"ok - rmmod memviz" | "not ok - rmmod memviz")
		if [ "$script" = harness ]; then
			rmmod_seen=1
			[ "${rest%% *}" = ok ] && rmmod_ok=1
			continue
		fi
		;;
	esac
	# "ok - D" from lib.sh, "ok 3 D" from kselftest.h programs.
	if [[ $rest =~ ^(not )?ok( [0-9]+)?( -)?( (.*))?$ ]]; then
		printf '%sok - %s: %s: %s\n' "${BASH_REMATCH[1]}" "$label" "$script" \
			"${BASH_REMATCH[5]}"
	elif [[ $rest == "#"* ]]; then
		rest=${rest#\#}
		printf '# %s: %s: %s\n' "$label" "$script" "${rest# }"
	fi
done <"$tap"

# Powered off on its own: QEMU not killed by the timeout, the harness
# finished, and the kernel really powered down (not a panic reboot).
timed_out=0
grep -q 'timeout=1' "$dir/status" 2>/dev/null && timed_out=1
why=
[ "$timed_out" = 0 ] || why+=" killed at the timeout;"
has_marker 'done' || why+=" no 'memviz-harness: done' marker;"
grep -q 'reboot: Power down' <<<"$console_text" || why+=" no 'reboot: Power down';"
if [ -z "$why" ]; then
	point ok "powered off before the timeout"
else
	point fail "powered off before the timeout"
	echo "# $label:$why $(cat "$dir/status" 2>/dev/null || echo 'no status')"
fi

splats=$(awk '
	/memviz-harness: insmod$/ { on = 1 }
	/memviz-harness: expect-oom-begin$/ { oom = 1 }
	/memviz-harness: expect-oom-end$/ { oom = 0 }
	# A test killed inside its window does not open it for the next one.
	/memviz-harness: (test .*|rmmod)$/ { oom = 0 }
	!on { next }
	/memviz-harness: / { next }
	oom && /Call Trace:|RIP:/ { next }
	# A frame of that trace ("[ t]  ? lockdep_hardirqs_on_prepare+0x275/0x410")
	# names functions, not a report: a lockdep report itself says WARNING:.
	oom && /\] +(\? )?[A-Za-z_][A-Za-z0-9_.]*\+0x[0-9a-f]+\/0x[0-9a-f]+/ { next }
	# Injected slab failures (64-faults) also hit the bookkeeping of kmemleak
	# in the reader task; it then scans the whole object, which stays sound.
	oom && /kmemleak: Cannot allocate a scan area, scanning the full object/ { next }
	/BUG:|WARNING:|KASAN|UBSAN|lockdep|possible recursive locking|circular locking|Call Trace:|RIP:|Oops|Kernel panic|kernel BUG|general protection fault|blocked for more than|kmemleak:/ {
		print; if (++n >= 40) exit
	}' <<<"$console_text")
if [ -z "$splats" ]; then
	point ok "no kernel splat after memviz loaded"
else
	point fail "no kernel splat after memviz loaded"
	while IFS= read -r line; do
		printf '# %s:   %s\n' "$label" "$line"
	done <<<"$splats"
fi

if [ "$rmmod_ok" = 1 ]; then
	point ok "rmmod memviz succeeded"
else
	point fail "rmmod memviz succeeded"
	[ "$rmmod_seen" = 1 ] || echo "# $label: the guest never reached rmmod"
fi
