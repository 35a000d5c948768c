#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Allocation failure: with fault injection restricted to the reader
# (task-filter + /proc/self/make-it-fail, so nothing else in the guest
# sees a failure), slab allocations (failslab) and then page allocations
# (fail_page_alloc) fail at random while mv-rread reads every file.  A
# read either fails with ENOMEM or is a complete, well-formed table; it is
# never cut short or garbled.  Afterwards the module reads, unloads and
# loads normally.  Needs a kernel with FAILSLAB and FAIL_PAGE_ALLOC
# (the bench's 6.12-debug); elsewhere it skips.
#
# Failed allocations may log a warning with a stack (warn_alloc, e.g.
# "vmalloc error" when kvmalloc falls back): the injection runs between
# the harness's expect-alloc-failure markers, which forgive only the
# reader's (mv-rread's) allocation-failure warnings and their stack dumps,
# never a BUG, WARNING, KASAN or lockdep report.
. /selftests/lib.sh

D=$MV_DEBUGFS
DBG=/sys/kernel/debug
KO=/lib/modules/$(uname -r)/memviz.ko
T=/tmp/64-faults
SECS=$(mv_cmdline faults_secs || echo 20)

[ -d "$D" ] || mv_skip_all "memviz is not loaded"
[ -d "$DBG/failslab" ] || mv_skip_all "kernel without CONFIG_FAILSLAB / FAULT_INJECTION_DEBUG_FS"
[ -f "$KO" ] || KO=$(find /lib/modules -name memviz.ko | head -n 1)
rm -rf "$T"
mkdir -p "$T"

# off ATTRDIR: no more failures.
off() {
	echo 0 >"$1/probability" 2>/dev/null
	echo 0 >"$1/times" 2>/dev/null
}
cleanup() {
	off "$DBG/failslab"
	off "$DBG/fail_page_alloc"
	mv_expect_alloc_failure_end
	grep -q '^memviz ' /proc/modules || insmod "$KO"
}
trap cleanup EXIT

# arm ATTRDIR: fail PERCENT% of the reader's allocations, sleeping ones
# (GFP_KERNEL) included, silently, for as long as it runs.
arm() {
	echo Y >"$1/task-filter" &&
		echo 0 >"$1/space" &&
		echo 1 >"$1/interval" &&
		echo -1 >"$1/times" &&
		echo 0 >"$1/verbose" &&
		echo N >"$1/ignore-gfp-wait" &&
		{ [ ! -e "$1/cache-filter" ] || echo N >"$1/cache-filter"; } &&
		{ [ ! -e "$1/ignore-gfp-highmem" ] || echo N >"$1/ignore-gfp-highmem"; } &&
		{ [ ! -e "$1/min-order" ] || echo 0 >"$1/min-order"; } &&
		echo "$2" >"$1/probability"
}

paths=""
for f in "$D"/*; do
	[ -f "$f" ] && paths="$paths $f"
done

# inject NAME PERCENT: one phase, reader under injection for SECS.
inject() {
	dir=$DBG/$1
	if [ ! -d "$dir" ]; then
		mv_skip "faults: $1" "kernel without $1"
		return
	fi
	mv_expect_alloc_failure_begin mv-rread
	if ! arm "$dir" "$2"; then
		mv_fail "faults: $1 armed"
		off "$dir"
		mv_expect_alloc_failure_end
		return
	fi
	# shellcheck disable=SC2086
	mv-rread -F -t "$SECS" -s 7 -o "$T" $paths >"$T/$1.out" 2>"$T/$1.err"
	rc=$?
	off "$dir"
	mv_expect_alloc_failure_end
	res=$(cat "$T/$1.out")
	mv_diag "$1 at $2%: $res"
	head -n 5 "$T/$1.err" | while IFS= read -r l; do mv_diag "  $l"; done
	v() {
		echo "$res" | tr ' ' '\n' | sed -n "s/^$1=//p"
	}
	mv_check "faults: $1: reader ran and reported" [ -n "$res" ]
	mv_check "faults: $1: failures were injected (ENOMEM seen $(v enomem) times)" \
		[ "$(v enomem)" -gt 0 ]
	mv_check "faults: $1: some reads still completed ($(v complete))" [ "$(v complete)" -gt 0 ]
	mv_check "faults: $1: every complete read is a well-formed table, no other errno" \
		[ "$rc" -eq 0 -a "$(v bad)" = 0 -a "$(v unexpected)" = 0 -a "$(v seekbad)" = 0 ]
	# The module is usable again at once.
	bad=0
	for f in $paths; do
		mv-rread -c "$f" >&2 || bad=$((bad + 1))
	done
	mv_check "faults: $1: every file reads well formed after the injection" [ "$bad" -eq 0 ]
}

inject failslab 10
inject fail_page_alloc 10

mv_check "faults: rmmod after the injections" rmmod memviz
mv_check "faults: insmod after the injections" insmod "$KO"
mv_check "faults: zones reads" mv-rread -c "$D/zones"
mv_done
