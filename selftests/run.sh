#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# memviz's whole test suite (what `make check` runs), as kselftest-style TAP:
#   host dependencies, kernels -> per kernel flavour: W=1 module build and
#   guest initramfs, then at once its QEMU guests (one per shape, running
#   selftests/guest/*.sh with memviz loaded) in the background while the
#   next kernel builds and then the userspace unit tests, checkpatch --strict,
#   the kernel copies (module/MIRRORS) and the DKMS builds run here.
# The machine has 2 cores and a guest often sleeps, so overlapping the host
# checks with the guests is what keeps the wall time down.
# Ends with "N passed, N failed[, N skipped]"; exits 1 on any failure.
# Full logs: $MEMVIZ_CACHE/logs/<timestamp>/ (printed at start and end).
#
# Env filters:
#   MEMVIZ_KERNELS="6.12"      flavours (default: every line of
#                              vm/lines.conf; also 6.12-debug and
#                              6.12-kcsan, built here: make check-debug)
#   MEMVIZ_SHAPES="1node"      guest shapes (default: 1node 2node)
#   MEMVIZ_TESTS="10-zones"    globs of guest scripts (default: all)
#   MEMVIZ_JOBS=2              guests booted at once (default 2)
#   MEMVIZ_CACHE=/var/cache/memviz, MEMVIZ_VM_TIMEOUT=900 (per guest)
set -euo pipefail
# shellcheck source=vm/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/vm/lib.sh"

mv_need_root
vm=$MV_VM_DIR
run_start=$(date +%s)
logdir=$MV_CACHE/logs/$(date +%Y%m%d-%H%M%S)-$$
mkdir -p "$logdir"
# Per-run build tree: two runs on one machine never share object files.
export MEMVIZ_BUILD=$logdir/build
MV_BUILD=$MEMVIZ_BUILD
runlog=$logdir/run.tap
jobs_max=${MEMVIZ_JOBS:-2}
[[ $jobs_max =~ ^[1-9][0-9]*$ ]] || mv_die "MEMVIZ_JOBS must be a positive number"

n=0
npass=0
nfail=0
nskip=0

say() {
	printf '%s\n' "$*" | tee -a "$runlog"
}

# Number and count unnumbered TAP lines ("ok - D", "not ok - D", "# ...")
# read from stdin. Runs in this shell (stdin redirected, never piped into).
emit() {
	local line

	while IFS= read -r line; do
		case $line in
		"ok - "*)
			n=$((n + 1))
			case $line in
			*" # SKIP"* | *" # skip"*) nskip=$((nskip + 1)) ;;
			*)                         npass=$((npass + 1)) ;;
			esac
			say "ok $n ${line#ok - }"
			;;
		"not ok - "*)
			n=$((n + 1))
			nfail=$((nfail + 1))
			say "not ok $n ${line#not ok - }"
			;;
		"#"*)
			say "$line"
			;;
		esac
	done
}

# point ok|fail DESC [LOG]: one test point; a failing one shows LOG's tail.
point() {
	local status=$1 desc=$2 log=${3:-}

	if [ "$status" = ok ]; then
		emit <<<"ok - $desc"
		return
	fi
	emit <<<"not ok - $desc"
	if [ -n "$log" ] && [ -f "$log" ]; then
		emit < <(tail -n 20 "$log" | sed 's/^/#   /')
		say "#   (full log: $log)"
	fi
}

skip() {
	emit <<<"ok - $1 # SKIP $2"
}

elapsed() {
	echo $(($(date +%s) - $1))
}

# Kill every process this run started (background guests included).
kill_tree() {
	local child

	for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
		kill_tree "$child"
	done
	kill "$1" 2>/dev/null || true
}

on_signal() {
	local pid

	for pid in $(jobs -p); do
		kill_tree "$pid"
	done
	say "# interrupted; logs: $logdir"
	exit 130
}
trap on_signal INT TERM

finish() {
	local summary="$npass passed, $nfail failed"

	finished=1

	[ "$nskip" -gt 0 ] && summary+=", $nskip skipped"
	say "1..$n"
	say "# total wall time $(elapsed "$run_start") s; logs: $logdir"
	# After a failure keep what reproduces a guest (modules, initramfs,
	# build logs), not object files and source copies; keep 20 runs of logs.
	if [ "$nfail" -eq 0 ]; then
		rm -rf "$MV_BUILD"
	elif [ -d "$MV_BUILD" ]; then
		find "$MV_BUILD" -type f ! -name '*.ko' ! -name '*.cpio.gz' \
			! -name '*.log' -delete
		find "$MV_BUILD" -depth -type d -empty -delete
	fi
	find "$MV_CACHE/logs" -mindepth 1 -maxdepth 1 -type d -printf '%T@ %p\n' |
		sort -rn | tail -n +21 | cut -d' ' -f2- | xargs -r rm -rf
	say "$summary"
	[ "$nfail" -eq 0 ] || exit 1
	exit 0
}

# Whatever stops this script early still ends in a failing point and the
# summary line.
finished=0
on_exit() {
	local rc=$?

	[ "$finished" = 1 ] && return
	emit <<<"not ok - selftests/run.sh stopped early (exit $rc)"
	finish
}
trap on_exit EXIT

say "TAP version 13"
say "# memviz selftests; logs: $logdir"

# 1. Host dependencies.
t=$(date +%s)
if "$vm/deps.sh" >"$logdir/deps.log" 2>&1; then
	point ok "host dependencies installed"
else
	point fail "host dependencies installed" "$logdir/deps.log"
	finish
fi

# verdict.sh's splat rules (KCSAN's among them) on planted consoles.
rc=0
bash "$vm/verdict-test.sh" >"$logdir/verdict-test.log" 2>&1 || rc=$?
emit <"$logdir/verdict-test.log"
if [ "$rc" -ne 0 ] && ! grep -q '^not ok' "$logdir/verdict-test.log"; then
	point fail "verdict.sh rules: verdict-test.sh exited $rc" "$logdir/verdict-test.log"
fi

# 2. Kernels: headers installed, image unpacked into the cache.
declare -A release=()
flavours=()
for flavour in $(mv_flavours); do
	if rel=$("$vm/kernels.sh" "$flavour" 2>>"$logdir/kernels.log"); then
		release[$flavour]=$rel
		flavours+=("$flavour")
		point ok "kernel $flavour: $rel headers and image ready"
	else
		point fail "kernel $flavour: headers and image ready" "$logdir/kernels.log"
	fi
done
say "# deps and kernels: $(elapsed "$t") s"

# Guests run in the background, at most $jobs_max at once: a guest holds
# one of $jobs_max slot locks while QEMU runs. Each leaves its points in
# verdict.tap, printed at the end in flavour/shape order.
run_guest() {
	local flavour=$1 shape=$2 rel=${release[$1]} out=$logdir/$1/$2 slot fd

	mkdir -p "$out"
	while :; do
		for slot in $(seq 1 "$jobs_max"); do
			exec {fd}>"$logdir/.slot-$slot"
			flock -n "$fd" && break 2
			exec {fd}>&-
		done
		sleep 1
	done
	if [ "${3:-}" = special ]; then
		"$vm/special-boot.sh" "$shape" "$rel" "$out" >"$out/boot.log" 2>&1 || true
	else
		"$vm/boot.sh" "$rel" "$shape" "$MV_BUILD/$rel/initramfs.cpio.gz" "$out" \
			>"$out/boot.log" 2>&1 || true
	fi
	exec {fd}>&-
	"$vm/verdict.sh" "$flavour/$shape" "$out" >"$out/verdict.tap.tmp" 2>&1 || true
	echo "# $flavour/$shape: guest $(sed -n 's/.*seconds=\([^ ]*\) cpu=\([^ ]*\).*/ran \1 s, QEMU used \2 s of CPU/p' \
		"$out/status" 2>/dev/null)" >>"$out/verdict.tap.tmp"
	mv "$out/verdict.tap.tmp" "$out/verdict.tap"
}

shapes=()
for shape in $(mv_shapes); do
	case " $MV_SHAPES_ALL " in
	*" $shape "*) shapes+=("$shape") ;;
	*) point fail "guest shape $shape: unknown (known: $MV_SHAPES_ALL)" ;;
	esac
done

# 3. Static reader and selftest programs (shared by every guest), then per
# kernel: the module (W=1, warnings fail), its initramfs, and at once its
# guests (the 2-node one, the longer, first) while the next kernel builds.
t=$(date +%s)
user_ok=0
if "$vm/build.sh" --user >"$logdir/build-user.log" 2>&1; then
	user_ok=1
	point ok "reader and selftest programs build static"
else
	point fail "reader and selftest programs build static" "$logdir/build-user.log"
fi
guests=()
guest_pids=()
guests_start=$(date +%s)
for flavour in "${flavours[@]}"; do
	rel=${release[$flavour]}
	mkdir -p "$logdir/$flavour"
	rc=0
	"$vm/build.sh" --module "$rel" >"$logdir/$flavour/build.log" 2>&1 || rc=$?
	cp "$MV_BUILD/$rel/build.log" "$logdir/$flavour/kbuild.log" 2>/dev/null || true
	if [ "$rc" -ne 0 ]; then
		point fail "$flavour: module builds W=1 clean" "$logdir/$flavour/build.log"
		continue
	fi
	point ok "$flavour: module builds W=1 clean"
	# A build-only line (lines.conf) has no image to boot.
	[ "$(mv_line "$flavour" checks 2>/dev/null || echo guests)" = guests ] || continue
	[ "$user_ok" = 1 ] || continue
	if ! "$vm/initramfs.sh" "$rel" "$MV_BUILD/$rel/initramfs.cpio.gz" \
		>"$logdir/$flavour/initramfs.log" 2>&1; then
		point fail "$flavour: guest initramfs packed" "$logdir/$flavour/initramfs.log"
		continue
	fi
	for shape in $(printf '%s\n' "${shapes[@]}" | sort -r); do
		run_guest "$flavour" "$shape" &
		guest_pids+=($!)
	done
	for shape in "${shapes[@]}"; do
		guests+=("$flavour/$shape")
	done
	# Tests that need a boot of their own (lockdown, hotplug): one guest
	# each, see vm/special-boot.sh.
	for boot in $("$vm/special-boot.sh" --list); do
		if why=$("$vm/special-boot.sh" --why-not "$boot" "$rel"); then
			skip "$flavour/$boot: dedicated boot" "$why"
			continue
		fi
		run_guest "$flavour" "$boot" special &
		guest_pids+=($!)
		guests+=("$flavour/$boot")
	done
done
say "# builds: $(elapsed "$t") s"

# 5. Host checks while the guests run; niced so the guests, whose tests
# have timeouts, keep the CPU they need.
t=$(date +%s)
if [ -f "$MV_REPO/userspace/Makefile" ] &&
	grep -qE '^test[[:space:]]*:' "$MV_REPO/userspace/Makefile"; then
	unit=$MV_BUILD/unit
	mkdir -p "$unit"
	rsync -a --exclude=.git --exclude='*.o' --exclude='*.ko' "$MV_REPO/" "$unit/"
	rc=0
	nice -n 10 make -C "$unit/userspace" test >"$logdir/userspace-test.log" 2>&1 || rc=$?
	unit_points=$(sed -nE 's/^(not )?ok( [0-9]+)?( -)? (.*)$/\1ok - userspace: \4/p' \
		"$logdir/userspace-test.log")
	if [ -n "$unit_points" ]; then
		emit <<<"$unit_points"
	fi
	if [ "$rc" -ne 0 ] && ! grep -q '^not ok' <<<"$unit_points"; then
		point fail "userspace: make test exited $rc" "$logdir/userspace-test.log"
	elif [ -z "$unit_points" ]; then
		point ok "userspace: make test"
	fi
else
	skip "userspace: make test" "no test target in userspace/Makefile"
fi
say "# userspace tests: $(elapsed "$t") s"

# The reader's whole test suite again under ASan+UBSan; the reader (parser,
# typed cells, emitters, commands) under libFuzzer for a bounded time; its
# --prom output for every command and fixture through promtool.
t=$(date +%s)
if [ -n "${unit:-}" ] && grep -qE '^test-sanitize[[:space:]]*:' "$unit/userspace/Makefile"; then
	if nice -n 10 make -C "$unit/userspace" test-sanitize >"$logdir/userspace-sanitize.log" 2>&1; then
		point ok "userspace: make test under ASan+UBSan, no report ($(grep -c '^ok' "$logdir/userspace-sanitize.log") checks)"
	else
		point fail "userspace: make test under ASan+UBSan" "$logdir/userspace-sanitize.log"
	fi
fi
if [ -n "${unit:-}" ] && grep -qE '^fuzz-run[[:space:]]*:' "$unit/userspace/Makefile"; then
	fuzz_time=${MEMVIZ_FUZZ_TIME:-60}
	if nice -n 10 make -C "$unit/userspace" fuzz-run FUZZ_TIME="$fuzz_time" \
		>"$logdir/fuzz.log" 2>&1; then
		point ok "userspace: reader fuzzed for $fuzz_time s (libFuzzer, ASan+UBSan), no crash"
	else
		point fail "userspace: reader fuzzed for $fuzz_time s (libFuzzer, ASan+UBSan), no crash" \
			"$logdir/fuzz.log"
	fi
	if PATH=$PATH:$MV_CACHE/prom-tools/bin nice -n 10 make -C "$unit/userspace" prom-check \
		>"$logdir/promtool.log" 2>&1; then
		point ok "userspace: --prom of every command on every fixture passes promtool check metrics, no series twice"
	else
		point fail "userspace: --prom of every command on every fixture passes promtool check metrics, no series twice" \
			"$logdir/promtool.log"
	fi
	say "# fuzz and promtool: $(elapsed "$t") s"
fi

t=$(date +%s)
emit < <(nice -n 10 "$vm/checkpatch.sh" --tap 2>"$logdir/checkpatch.log" ||
	echo "not ok - checkpatch could not run (see $logdir/checkpatch.log)")
say "# checkpatch: $(elapsed "$t") s"

# The kernel functions memviz copies, against every line's sources: a
# stable update or a new line that changes one fails with its name.
t=$(date +%s)
emit < <(nice -n 10 "$vm/mirrors.sh" --tap 2>"$logdir/mirrors.log" ||
	echo "not ok - kernel copies could not be checked (see $logdir/mirrors.log)")
say "# kernel copies: $(elapsed "$t") s"

t=$(date +%s)
if [ "${#flavours[@]}" -gt 0 ]; then
	rels=()
	for flavour in "${flavours[@]}"; do
		# DKMS builds against headers packages; the built flavours
		# (6.12-debug, 6.12-kcsan) have none.
		mv_built_variant "$flavour" >/dev/null && continue
		rels+=("${release[$flavour]}")
	done
	# packaging.sh runs dkms.sh (on the memviz-dkms package's tree) with
	# the .debs, lintian, the alert rules and the node_exporter test.
	[ "${#rels[@]}" -eq 0 ] ||
		emit < <(nice -n 10 "$vm/packaging.sh" "$logdir/packaging" "${rels[@]}" \
			2>"$logdir/packaging.log" ||
			echo "not ok - packaging stage could not run (see $logdir/packaging.log)")
fi
say "# dkms and packaging: $(elapsed "$t") s"

# Benchmark smoke run (selftests/bench/bench.sh --smoke): one tiny guest,
# one repetition, ok when every measurement produced a number; the numbers
# are never judged here. Whole-suite runs only (a MEMVIZ_TESTS filter skips
# it) unless MEMVIZ_BENCH_SMOKE=1; MEMVIZ_BENCH_SMOKE=0 always skips it.
t=$(date +%s)
smoke_flavour=
for flavour in "${flavours[@]}"; do
	[ -f "$MV_BUILD/${release[$flavour]}/memviz.ko" ] || continue
	case $flavour in
	6.12) smoke_flavour=$flavour; break ;;
	6.1 | 6.12-rt) smoke_flavour=${smoke_flavour:-$flavour} ;;
	esac
done
smoke_default=0
[ -z "${MEMVIZ_TESTS:-}" ] && smoke_default=1
if [ "${MEMVIZ_BENCH_SMOKE:-$smoke_default}" != 1 ]; then
	skip "bench smoke run" "MEMVIZ_TESTS filter or MEMVIZ_BENCH_SMOKE=0 (MEMVIZ_BENCH_SMOKE=1 runs it)"
elif [ -z "$smoke_flavour" ]; then
	skip "bench smoke run" "no Debian kernel's memviz.ko built in this run"
else
	emit < <(MEMVIZ_BENCH_RUNS="$smoke_flavour:1node" bash "$MV_REPO/selftests/bench/bench.sh" \
		--smoke 2>"$logdir/bench-smoke.log" ||
		echo "not ok - bench smoke could not run (see $logdir/bench-smoke.log)")
fi
say "# bench smoke: $(elapsed "$t") s"

# 6. The guests' points.
for pid in "${guest_pids[@]}"; do
	wait "$pid" || true
done
for job in "${guests[@]}"; do
	if [ -f "$logdir/$job/verdict.tap" ]; then
		emit <"$logdir/$job/verdict.tap"
	else
		point fail "$job: guest produced no verdict"
	fi
done
say "# guests: $(elapsed "$guests_start") s from the first build (${#guests[@]} guests, $jobs_max at a time)"

finish
