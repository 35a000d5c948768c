#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# memviz's benchmark (`make bench`): boots bench guests (TCG, like every
# guest here), each filled with a realistic mix and thousands of processes,
# and measures memviz's files against the tools a user would run instead,
# in the same guest, so that the machine's speed cancels out of the ratios.
# The guest side is selftests/bench/guest/90-bench.sh; the peers (page-types,
# cyclictest) come from tools.sh, the guest's timing programs from progs/.
# Prints a markdown table (kept, with the raw results, in
# $MEMVIZ_CACHE/bench/<stamp>/) for BENCHMARKS.md.
#
# Usage: bench.sh            the full benchmark (one guest per run below)
#        bench.sh --smoke    one tiny guest, one repetition: prints one TAP
#                            point, ok when every measurement produced a
#                            number (a stage of `make check`)
# Env:   MEMVIZ_BENCH_RUNS   "flavour:shape ..." (default "6.12:bench4g
#                            6.12:bench8g 6.12-rt:bench4g"; smoke
#                            "6.12:1node")
#        MEMVIZ_BENCH_REPS   repetitions per measurement (7; smoke 1)
#        MEMVIZ_BENCH_TASKS  processes in the guest (2000; smoke 40)
#        MEMVIZ_BENCH_CYC    seconds per cyclictest run (10; smoke 1)
#        MEMVIZ_BENCH_SCALE  "N,N..." processes to grow to at the end and
#                            read oom at (e.g. 5000,50000; default none)
#        MEMVIZ_BENCH_FILL   scale of the memory mix, percent (100)
#        MEMVIZ_BUILD        a build tree with memviz.ko and the static
#                            programs already in it is reused (run.sh's)
set -euo pipefail
# shellcheck source=selftests/vm/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../vm/lib.sh"

mv_need_root
bench=$MV_REPO/selftests/bench
smoke=0
[ "${1:-}" = --smoke ] && smoke=1
if [ "$smoke" = 1 ]; then
	runs=${MEMVIZ_BENCH_RUNS:-6.12:1node}
	reps=${MEMVIZ_BENCH_REPS:-1}
	tasks=${MEMVIZ_BENCH_TASKS:-40}
	cyc=${MEMVIZ_BENCH_CYC:-1}
	fill=20
	vm_timeout=${MEMVIZ_VM_TIMEOUT:-300}
else
	runs=${MEMVIZ_BENCH_RUNS:-6.12:bench4g 6.12:bench8g 6.12-rt:bench4g}
	reps=${MEMVIZ_BENCH_REPS:-7}
	tasks=${MEMVIZ_BENCH_TASKS:-2000}
	cyc=${MEMVIZ_BENCH_CYC:-10}
	fill=${MEMVIZ_BENCH_FILL:-100}
	vm_timeout=${MEMVIZ_VM_TIMEOUT:-5400}
fi
out=$MV_CACHE/bench/$(date +%Y%m%d-%H%M%S)-$$
mkdir -p "$out"
# A build tree of our own unless the caller hands one over.
if [ -z "${MEMVIZ_BUILD:-}" ]; then
	MV_BUILD=$out/build
	export MEMVIZ_BUILD=$MV_BUILD
fi

# Smoke: everything ends in one TAP point; details go to $out.
smoke_fail() {
	echo "not ok - bench smoke: $*"
	echo "#   (logs: $out)"
	exit 0
}
die() {
	[ "$smoke" = 1 ] && smoke_fail "$*"
	mv_die "$*"
}
log() {
	[ "$smoke" = 1 ] || mv_log "$*"
}

flavours=$(for r in $runs; do echo "${r%%:*}"; done | sort -u | tr '\n' ' ')
MEMVIZ_KERNELS=$flavours "$MV_VM_DIR/deps.sh" >"$out/deps.log" 2>&1 ||
	die "deps.sh failed (log: $out/deps.log)"
tools=$("$bench/tools.sh" 2>"$out/tools.log") || die "tools.sh failed (log: $out/tools.log)"
# The guest's extra root: the bench programs and the peers, appended to
# the test initramfs as a second cpio archive (the kernel unpacks both).
extra=$out/extra
mkdir -p "$extra/bin"
# mv-hog and mv-forkn (the selftests' workload and crowd programs) are the
# only other programs the guest needs: built here, so the bench never
# waits on the reader's build.
{ make -C "$bench/progs" OUTPUT="$extra/bin" &&
	make -C "$MV_REPO/selftests/progs" OUTPUT="$extra/bin" "$extra/bin/mv-hog" "$extra/bin/mv-forkn"; } \
	>"$out/progs.log" 2>&1 || die "the guest programs did not build (log: $out/progs.log)"
cp -a "$tools/." "$extra/"
(cd "$extra" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
	gzip -1 >"$out/extra.cpio.gz"

declare -A rel=()
for flavour in $flavours; do
	rel[$flavour]=$("$MV_VM_DIR/kernels.sh" "$flavour" 2>>"$out/kernels.log") ||
		die "kernels.sh $flavour failed (log: $out/kernels.log)"
	r=${rel[$flavour]}
	if [ "$smoke" = 0 ] || [ ! -f "$MV_BUILD/$r/memviz.ko" ]; then
		log "building memviz.ko for $r"
		"$MV_VM_DIR/build.sh" --module "$r" >"$out/build-$flavour.log" 2>&1 ||
			die "module build for $r failed (log: $out/build-$flavour.log)"
	fi
	MEMVIZ_GUEST_DIR=$bench/guest MEMVIZ_TESTS="" \
		"$MV_VM_DIR/initramfs.sh" "$r" "$out/$flavour-base.cpio.gz" \
		>"$out/initramfs-$flavour.log" 2>&1 ||
		die "initramfs for $r failed (log: $out/initramfs-$flavour.log)"
	cat "$out/$flavour-base.cpio.gz" "$out/extra.cpio.gz" >"$out/$flavour.cpio.gz"
done

# Static footprint, from the module file itself (berkeley `size`).
ko_size() {
	size "$MV_BUILD/$1/memviz.ko" | awk 'NR == 2 { printf "ko_text %s\nko_data %s\nko_bss %s\n", $1, $2, $3 }'
}

# Keep the last 20 runs' results.
find "$MV_CACHE/bench" -mindepth 1 -maxdepth 1 -type d -printf '%T@ %p\n' |
	sort -rn | tail -n +21 | cut -d' ' -f2- | xargs -r rm -rf

labels=()
for run in $runs; do
	flavour=${run%%:*}
	shape=${run#*:}
	r=${rel[$flavour]}
	label=$flavour/$shape
	dir=$out/$flavour-$shape
	log "guest $label: booting ($r); console: $dir/console.log"
	MEMVIZ_VM_TIMEOUT=$vm_timeout \
	MEMVIZ_VM_CMDLINE="memviz_vm.bench=$([ "$smoke" = 1 ] && echo smoke || echo full) memviz_vm.reps=$reps memviz_vm.tasks=$tasks memviz_vm.cyc=$cyc memviz_vm.fill=$fill ${MEMVIZ_BENCH_SCALE:+memviz_vm.scale=$MEMVIZ_BENCH_SCALE }memviz_vm.timeout=$((vm_timeout - 60)) ${MEMVIZ_VM_CMDLINE:-}" \
		"$MV_VM_DIR/boot.sh" "$r" "$shape" "$out/$flavour.cpio.gz" "$dir" \
		>"$dir.boot.log" 2>&1 || true
	"$MV_VM_DIR/verdict.sh" "$label" "$dir" >"$dir/verdict.tap" 2>&1 || true
	{
		echo "label $label"
		echo "release $r"
		echo "shape $shape"
		ko_size "$r"
		sed -n 's/^90-bench: # mvb \([^ ]*\) \(.*\)$/\1 \2/p' "$dir/tap.log" | tr -d '\r'
	} >"$dir/results"
	sed -n 's/^90-bench: # mvb-prof //p' "$dir/tap.log" | tr -d '\r' >"$dir/profile.txt"
	labels+=("$label")
	log "guest $label: $(cat "$dir/status" 2>/dev/null)"
done

if [ "$smoke" = 1 ]; then
	dir=$out/$(echo "${runs%% *}" | tr : -)
	bad=$(grep '^not ok' "$dir/verdict.tap" || true)
	measured=$(grep -c ': 90-bench: .* measured$' "$dir/verdict.tap" || true)
	[ -z "$bad" ] || smoke_fail "$(printf '%s\n' "$bad" | head -n 5 | sed 's/^not ok - //' | paste -sd';')"
	[ "$measured" -ge 15 ] ||
		smoke_fail "only $measured measurements reported (console: $dir/console.log)"
	echo "ok - bench smoke: ${runs%% *} guest produced all $measured measurements ($(sed -n 's/.*seconds=\([^ ]*\).*/\1/p' "$dir/status") s)"
	rm -rf "$out/extra" "$out"/*.cpio.gz
	[ "$MV_BUILD" != "$out/build" ] || rm -rf "$MV_BUILD"
	exit 0
fi

grep -h '^not ok' "$out"/*/verdict.tap >&2 || true
res_files=()
for label in "${labels[@]}"; do
	res_files+=("$out/$(echo "$label" | tr / -)/results")
done
{
	echo "memviz bench, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc)-CPU host, reps=$reps tasks=$tasks"
	echo
	awk -f "$bench/table.awk" "${res_files[@]}"
} | tee "$out/table.md"
rm -rf "$out/extra" "$out"/*.cpio.gz
[ "$MV_BUILD" != "$out/build" ] || rm -rf "$MV_BUILD"
mv_log "results, perf profiles (*/profile.txt) and logs: $out"
