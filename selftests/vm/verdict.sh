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
# A splat is any BUG:, SLUB's "BUG <cache>", WARNING:, KASAN, UBSAN,
# lockdep report, Oops, panic, RCU stall, hung task, allocation-failure
# warning, Call Trace: or RIP: on the console from the moment memviz is
# inserted. Two kinds of trace a test provokes on purpose are forgiven, and
# only their frames, never a report title:
#   - between the expect-oom markers (mv_expect_oom_begin/end), the trace of
#     an OOM report: from "invoked oom-killer" to its "Killed process" (or
#     "no killable processes") line;
#   - between the expect-alloc-failure markers of a fault-injection test
#     (mv_expect_alloc_failure_begin COMM/end), COMM's own allocation
#     failure warnings ("COMM: page allocation failure", "COMM: vmalloc
#     error") and kmemleak's "Cannot allocate a scan area", each up to the
#     end of its stack dump ("</TASK>").
# A KCSAN data-race report is a splat only when memviz's code is in it (a
# " [memviz]" symbol in its title or stacks); the others are listed as
# diagnostics. In a boot where memviz never loaded (lockdown refuses it:
# the "never-loaded" marker) a clean console is a skip, not a pass.
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
rmmod_skip=
while IFS= read -r line; do
	line=${line%$'\r'}
	script=${line%%: *}
	rest=${line#*: }
	[ "$script" != "$line" ] || continue
	case $rest in
	"ok - rmmod memviz" | "not ok - rmmod memviz" | "ok - rmmod memviz # SKIP "*)
		if [ "$script" = harness ]; then
			rmmod_seen=1
			[ "${rest%% *}" = ok ] && rmmod_ok=1
			case $rest in *" # SKIP "*) rmmod_skip=${rest#* # SKIP } ;; esac
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

# One awk pass; "S<TAB>line" is a splat line, "D<TAB>line" a diagnostic.
#
# KCSAN (the 6.12-kcsan flavour) reports every data race it catches, most
# of them entirely inside the kernel and none of memviz's doing. A report,
# from its "BUG: KCSAN: ..." line to the "=====" line after "Reported by
# Kernel Concurrency Sanitizer on:", is judged as a whole: it is a splat
# when any of its lines names memviz's code -- the title or a frame of
# either racing access's stack ends in " [memviz]", which is how %pS
# prints a symbol of the module (memviz's function made the access, or
# memviz called the kernel function that did) -- and then fails the guest
# like any BUG:, before or after the insmod marker. A report without memviz
# is listed as a "#" diagnostic with its racing functions and never fails.
# Inside a report only what cannot belong to it (WARNING:, Oops, another
# BUG:, ...) is judged by the rules below: the verbose lock and irq-trace
# lines name kernel functions such as lockdep_hardirqs_on.
verdict=$(awk '
	function strip(l) {
		sub(/^<[0-9]>/, "", l)
		sub(/^\[ *[0-9]+\.[0-9]+\] /, "", l)
		return l
	}
	function splat(l) {
		if (++n <= 60)
			print "S\t" l
	}
	# The end of a KCSAN report (or of the console): judge it.
	function kcsan_done(   i, k) {
		if (!kc)
			return
		kc = 0
		nkc++
		if (kc_memviz) {
			nkc_memviz++
			for (i = 1; i <= kc_n; i++)
				splat(kc_line[i])
			return
		}
		# One line per racing pair: a report at unknown origin has one
		# function, with an offset that varies.
		k = kc_title
		gsub(/\+0x[0-9a-f]+\/0x[0-9a-f]+/, "", k)
		if (kc_unknown)
			k = k " (at unknown origin)"
		k = k (kc_on ? "" : " (before memviz loaded)")
		if (!(k in kernel_only))
			order[++nk] = k
		kernel_only[k]++
	}
	/memviz-harness: insmod$/ { on = 1 }
	/memviz-harness: expect-oom-begin$/ { oom = 1 }
	/memviz-harness: expect-oom-end$/ { oom = 0; oom_report = 0 }
	/memviz-harness: expect-alloc-failure-begin / {
		af = $0
		sub(/.*expect-alloc-failure-begin /, "", af)
	}
	/memviz-harness: expect-alloc-failure-end$/ { af = ""; af_report = 0 }
	# A test killed inside its window does not open it for the next one.
	/memviz-harness: (test .*|rmmod)$/ { oom = 0; oom_report = 0; af = ""; af_report = 0 }
	/memviz-harness: / { next }
	/BUG: KCSAN: / {
		kcsan_done()
		kc = 1; kc_on = on; kc_footer = 0; kc_n = 0; kc_frames = 0; kc_unknown = 0
		kc_title = strip($0)
		sub(/^BUG: KCSAN: /, "", kc_title)
		kc_memviz = / \[memviz\]/
		kc_line[++kc_n] = strip($0)
		next
	}
	kc {
		l = strip($0)
		if (/Reported by Kernel Concurrency Sanitizer on:/)
			kc_footer = 1
		else if (kc_footer && l ~ /^====+$/) {
			kcsan_done()
			next
		} else if (/WARNING:|Oops|Kernel panic|kernel BUG|general protection fault|Call Trace:|RIP:|BUG: /) {
			# Another report interleaved from another CPU: judged below.
		} else {
			if (/ \[memviz\]$/)
				kc_memviz = 1
			# What the failure shows: both accesses, the frame that made
			# each, every memviz frame, the value change.
			if (l ~ /^(read|write|read-write|assert no (accesses|writes))( \([a-z, ]+\))? to 0x[0-9a-f]+ of [0-9]+ bytes by / ||
			    l ~ /^race at unknown origin/) {
				if (l ~ /^race at unknown origin/)
					kc_unknown = 1
				kc_line[++kc_n] = l
				kc_frames = 1
			} else if (kc_frames && l ~ /^ *[A-Za-z_][A-Za-z0-9_.]*\+0x[0-9a-f]+\/0x[0-9a-f]+/) {
				sub(/^ +/, "", l)
				kc_line[++kc_n] = "  " l
				kc_frames = 0
			} else if (l ~ / \[memviz\]$/ && l ~ /^ *[A-Za-z_]/) {
				sub(/^ +/, "", l)
				kc_line[++kc_n] = "  " l
			} else if (l ~ /^value changed:/) {
				kc_line[++kc_n] = l
			}
			next
		}
	}
	!on { next }
	# An OOM report the test provoked, title to kill: its trace is the
	# allocating task stack, not a report.
	oom && /invoked oom-killer:/ { oom_report = 1; next }
	oom_report && /Killed process [0-9]|Out of memory and no killable processes/ { oom_report = 0; next }
	# A warn_alloc() of the task a fault-injection test made fail
	# (64-faults: the reader), to the end of its stack dump. Injected slab
	# failures also hit kmemleak bookkeeping in that task; kmemleak then
	# scans the whole object, which stays sound, and dumps the stack too.
	af != "" && (index($0, af ": page allocation failure") || index($0, af ": vmalloc error:") ||
	    /kmemleak: Cannot allocate a scan area, scanning the full object/) { af_report = 1; next }
	af_report && /<\/TASK>/ { af_report = 0; next }
	(oom_report || af_report) && /Call Trace:|RIP:/ { next }
	# A frame of that trace ("[ t]  ? lockdep_hardirqs_on_prepare+0x275/0x410")
	# names functions, not a report: a lockdep report itself says WARNING:.
	(oom_report || af_report) && /\] +(\? )?[A-Za-z_][A-Za-z0-9_.]*\+0x[0-9a-f]+\/0x[0-9a-f]+/ { next }
	# "BUG kmalloc-64 (Tainted: ...): Redzone overwritten" is SLUB debug.
	/BUG:|(^|[] ])BUG [a-z]|WARNING:|KASAN|UBSAN|lockdep|possible recursive locking|circular locking|Call Trace:|RIP:|Oops|Kernel panic|kernel BUG|general protection fault|blocked for more than|kmemleak:/ {
		splat($0)
		next
	}
	/rcu: INFO: |detected stalls? on CPU|self-detected stall|rcu_[a-z]+ kthread starved|page allocation failure|vmalloc error:|SLUB: Unable to allocate memory/ {
		splat($0)
	}
	END {
		kcsan_done()
		if (nkc) {
			printf "D\tKCSAN: %d report(s), %d involving memviz (failed above), %d kernel-only (listed, not failed)\n",
				nkc, nkc_memviz, nkc - nkc_memviz
			for (i = 1; i <= nk; i++)
				printf "D\tKCSAN kernel-only: %s%s\n", order[i],
					(kernel_only[order[i]] > 1 ? " (x" kernel_only[order[i]] ")" : "")
		}
		if (n > 60)
			printf "S\t... %d more splat lines (console.log)\n", n - 60
	}' <<<"$console_text")
splats=$(sed -n 's/^S\t//p' <<<"$verdict")
if [ -z "$splats" ] && has_marker never-loaded; then
	printf 'ok - %s: %s # SKIP %s\n' "$label" "no kernel splat after memviz loaded" \
		"memviz was never loaded in this boot (and no splat after the tests began)"
elif [ -z "$splats" ]; then
	point ok "no kernel splat after memviz loaded"
else
	point fail "no kernel splat after memviz loaded"
	while IFS= read -r line; do
		printf '# %s:   %s\n' "$label" "$line"
	done <<<"$splats"
fi
sed -n 's/^D\t//p' <<<"$verdict" | while IFS= read -r line; do
	printf '# %s: %s\n' "$label" "$line"
done

if [ "$rmmod_ok" = 1 ] && [ -n "$rmmod_skip" ]; then
	printf 'ok - %s: %s # SKIP %s\n' "$label" "rmmod memviz succeeded" "$rmmod_skip"
elif [ "$rmmod_ok" = 1 ]; then
	point ok "rmmod memviz succeeded"
else
	point fail "rmmod memviz succeeded"
	[ "$rmmod_seen" = 1 ] || echo "# $label: the guest never reached rmmod"
fi
