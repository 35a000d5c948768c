#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Boots one test guest under QEMU (TCG: this bench never needs KVM) and
# waits for it to power off, bounded by a timeout. Leaves in OUTDIR:
#   console.log  first serial port: kernel console and the tests' stderr
#   tap.log      second serial port: TAP from the guest's /init
#   qemu.log     QEMU's own messages
#   status       "rc=<qemu exit> seconds=<wall> cpu=<QEMU's CPU seconds> timeout=<0|1>"
#
# Usage: boot.sh RELEASE SHAPE INITRAMFS OUTDIR
#   SHAPE: 1node (2 GiB, 1 CPU) | 2node (6 GiB, 2 CPUs, 2 NUMA nodes)
#          bench4g | bench8g (4 / 8 GiB, 2 CPUs, 1 node: selftests/bench)
# Env:   MEMVIZ_VM_TIMEOUT  seconds (default 900; 4800 for the debug kernels)
#        MEMVIZ_VM_TEST_TIMEOUT  per guest script, seconds (default: the
#                           guest's 240; 900 for the debug kernels)
#        MEMVIZ_VM_CMDLINE  extra kernel command line
#        MEMVIZ_VM_QEMU     extra QEMU arguments (split on spaces)
#        MEMVIZ_VM_ACCEL    QEMU -accel value (default tcg,thread=single)
#        MEMVIZ_VM_MODE     test (default) | demo
#        MEMVIZ_HOST_GUESTS guests running at once on this machine, over all
#                           concurrent runs (default: CPUs + 1)
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# -eq 4 ] || mv_die "usage: boot.sh RELEASE SHAPE INITRAMFS OUTDIR"
release=$1
shape=$2
initrd=$3
outdir=$4
kernel=$MV_CACHE/kernels/$release/boot/vmlinuz-$release
timeout=${MEMVIZ_VM_TIMEOUT:-900}
test_timeout=${MEMVIZ_VM_TEST_TIMEOUT:-}
# The debug kernels (debug-kernel.sh: KASAN, lockdep, kmemleak, ... in
# -memviz-debug; KCSAN, lockdep, ... in -memviz-kcsan) boot in ~60 s under
# TCG and run every test several times slower.
case $release in
*-memviz-debug | *-memviz-kcsan)
	timeout=${MEMVIZ_VM_TIMEOUT:-4800}
	test_timeout=${test_timeout:-900}
	;;
esac

[ -f "$kernel" ] || mv_die "no $kernel (kernels.sh)"
[ -f "$initrd" ] || mv_die "no initramfs $initrd"
command -v qemu-system-x86_64 >/dev/null || mv_die "qemu-system-x86 not installed (deps.sh)"

case $shape in
1node)
	machine=(-m 2G -smp 1)
	;;
2node)
	# One socket per node so each node gets its own CPU.
	machine=(-m 6G -smp 2,sockets=2,cores=1,threads=1
		-object memory-backend-ram,id=m0,size=3G
		-object memory-backend-ram,id=m1,size=3G
		-numa node,nodeid=0,memdev=m0,cpus=0
		-numa node,nodeid=1,memdev=m1,cpus=1)
	;;
bench4g | bench8g)
	# selftests/bench: one node, two CPUs (cyclictest and a reader).
	machine=(-m "${shape#bench}" -smp 2)
	;;
*)
	mv_die "unknown shape '$shape' (known: $MV_SHAPES_ALL)"
	;;
esac

# loglevel=5: warnings (WARN splats, OOM reports, our markers) reach the
# console, info chatter does not. panic=-1 with -no-reboot ends the VM on a
# panic at once; oops does not panic, so every later splat is seen too.
# A TCG vCPU starved by a busy host loses seconds of guest time at once:
# the lockup and RCU stall detectors stay on, with thresholds (60 s) that
# host load alone does not reach.
cmdline="console=ttyS0 loglevel=5 panic=-1 printk.devkmsg=on"
cmdline+=" watchdog_thresh=30 rcupdate.rcu_cpu_stall_timeout=60"
# A starved TCG vCPU can miss the boot-time timer IRQ check and panic with
# "IO-APIC + timer doesn't work"; the emulated timer is known good.
cmdline+=" no_timer_check"
# The OOM tests read their oracle from dmesg after markers; a whole suite
# of OOM reports overflows the default 128 KiB buffer (7.3-rt/1node did).
cmdline+=" log_buf_len=2M"
cmdline+=" memviz_vm.mode=${MEMVIZ_VM_MODE:-test} memviz_vm.shape=$shape"
cmdline+=" memviz_vm.kernel=$release"
[ -z "$test_timeout" ] || cmdline+=" memviz_vm.timeout=$test_timeout"
cmdline+=" ${MEMVIZ_VM_CMDLINE:-}"

# shellcheck disable=SC2206
extra=(${MEMVIZ_VM_QEMU:-})

# TCG guests are CPU-bound: several runs on one machine wait for a slot
# instead of starving each other into spurious timeouts and stall reports.
# The timeout starts once the slot is held.
host_slots=${MEMVIZ_HOST_GUESTS:-$(($(nproc) + 1))}
while :; do
	for slot in $(seq 1 "$host_slots"); do
		exec {slot_fd}>"$MV_CACHE/.guest-slot-$slot"
		flock -n "$slot_fd" && break 2
		exec {slot_fd}>&-
	done
	sleep 2
done

# One TCG thread for all vCPUs.  QEMU 7.2's multi-threaded TCG can keep
# running a translation of kernel text that another vCPU has since
# rewritten: when tracepoints are attached or detached (text_poke_bp()
# puts an INT3, then the new bytes, then syncs every CPU), a vCPU in
# shrink_lruvec()/evict_folios() kept trapping on an INT3 that memory no
# longer held (6.1: soft lockup for 300 s on both CPUs; 6.12-rt: "Oops:
# int3" with 0f 1f 44 00 00 at the trapping address).  Real CPUs and a
# single TCG thread cannot do that.  The guests are one-vCPU-busy most of
# the time (QEMU's CPU time is about its wall time), so the cost is small.
accel=${MEMVIZ_VM_ACCEL:-tcg,thread=single}

mkdir -p "$outdir"
rm -f "$outdir"/{console.log,tap.log,qemu.log,status}
rc=0
# CPU time tells what the guest costs even on a busy host.
TIMEFORMAT='%R %U %S'
{ time {
	timeout --kill-after=10 "$timeout" \
		qemu-system-x86_64 -accel "$accel" -cpu max -nographic -no-reboot \
		-monitor none -nic none \
		"${machine[@]}" \
		-serial "file:$outdir/console.log" -serial "file:$outdir/tap.log" \
		-kernel "$kernel" -initrd "$initrd" -append "$cmdline" \
		"${extra[@]}" </dev/null >"$outdir/qemu.log" 2>&1 || rc=$?
}; } 2>"$outdir/time"
read -r real user sys <"$outdir/time"
timed_out=0
[ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] && timed_out=1
printf 'rc=%s seconds=%s cpu=%s timeout=%s\n' "$rc" "$real" \
	"$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.1f", u + s }')" \
	"$timed_out" >"$outdir/status"
exit "$rc"
