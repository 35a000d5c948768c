#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Dedicated boots: guest tests that need a kernel command line or QEMU
# devices of their own run alone in a guest of their own. Such a script
# says so in its header with a line
#     # memviz-boot: NAME
# initramfs.sh packs it only into NAME's initramfs (MEMVIZ_BOOT=NAME),
# never into the ordinary guests'. The boots:
#   lockdown       lockdown=confidentiality on the command line; the harness
#                  does not load memviz (memviz_vm.load=no): the test does
#   lockdown-late  the test loads memviz, then raises lockdown at runtime
#                  (it cannot be lowered again, so nothing may run after it)
#   hotplug        2 GiB plus 4 empty DIMM slots (maxmem 8 GiB), hot-added
#                  memory left offline (memhp_default_state=offline), and a
#                  QEMU monitor on FIFOs that this script drives: the guest
#                  prints "# hotplug-request N add|del" and gets DIMM N
#                  (512 MiB) added or removed
#   cgroup1        the memory controller moves to a cgroup v1 hierarchy
#                  (soft limits), which it cannot leave again
#
# Usage: special-boot.sh --list            boot names of the tests that
#                                          MEMVIZ_TESTS selects
#        special-boot.sh --why-not NAME RELEASE
#                                          why NAME cannot mean anything on
#                                          RELEASE (exit 0), or exit 1: boot it
#        special-boot.sh NAME RELEASE OUTDIR
#   initramfs into $BUILD/<release>/initramfs-NAME.cpio.gz, guest logs and
#   verdict.tap (verdict.sh, labelled by the caller) in OUTDIR.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

guest_dir=${MEMVIZ_GUEST_DIR:-$MV_REPO/selftests/guest}

# The boot NAME a guest script asks for ("" for an ordinary test).
boot_of() {
	sed -n 's/^# memviz-boot: *\([a-z0-9-]*\).*/\1/p' "$1" | head -n 1
}

if [ "${1:-}" = --list ]; then
	for f in "$guest_dir"/*.sh; do
		[ -f "$f" ] || continue
		b=$(boot_of "$f")
		[ -n "$b" ] && mv_wanted_test "${f##*/}" && echo "$b"
	done | sort -u
	exit 0
fi

# A boot whose kernel lacks what it tests would only count passes for a
# script that skips: run.sh records one skip with the reason instead.
if [ "${1:-}" = --why-not ]; then
	[ $# -eq 3 ] || mv_die "usage: special-boot.sh --why-not NAME RELEASE"
	case $2 in
	cgroup1)
		# The v1 memory controller: always with MEMCG before 6.x made it
		# optional (CONFIG_MEMCG_V1, off in Debian's 6.12 and 7.x).
		config=$(mv_kconfig "$3") || exit 1
		if ! grep -qx 'CONFIG_MEMCG=y' "$config"; then
			echo "kernel without CONFIG_MEMCG"
		elif grep -q 'CONFIG_MEMCG_V1[= ]' "$config" && ! grep -qx 'CONFIG_MEMCG_V1=y' "$config"; then
			echo "kernel without CONFIG_MEMCG_V1: no cgroup v1 memory controller"
		else
			exit 1
		fi
		;;
	*)
		exit 1
		;;
	esac
	exit 0
fi

[ $# -eq 3 ] || mv_die "usage: special-boot.sh --list | --why-not NAME RELEASE | NAME RELEASE OUTDIR"
name=$1
release=$2
out=$3
initrd=$MV_BUILD/$release/initramfs-$name.cpio.gz
mkdir -p "$out"

MEMVIZ_BOOT=$name "$MV_VM_DIR/initramfs.sh" "$release" "$initrd" >"$out/initramfs.log" 2>&1 ||
	mv_die "initramfs for the $name boot failed: $out/initramfs.log"

cmdline=${MEMVIZ_VM_CMDLINE:-}
qemu=${MEMVIZ_VM_QEMU:-}
driver=
case $name in
lockdown)
	cmdline+=" lockdown=confidentiality memviz_vm.load=no"
	;;
lockdown-late)
	cmdline+=" memviz_vm.load=no"
	;;
hotplug)
	# A later -m wins over boot.sh's; FIFOs need no socat or python.
	qemu+=" -m 2G,slots=4,maxmem=8G -monitor pipe:$out/monitor"
	cmdline+=" memhp_default_state=offline"
	rm -f "$out/monitor.in" "$out/monitor.out"
	mkfifo "$out/monitor.in" "$out/monitor.out"
	"$MV_VM_DIR/hotplug-driver.sh" "$out" >"$out/driver.log" 2>&1 &
	driver=$!
	;;
cgroup1)
	;;
*)
	mv_die "unknown dedicated boot '$name'"
	;;
esac

rc=0
MEMVIZ_VM_CMDLINE=$cmdline MEMVIZ_VM_QEMU=$qemu \
	"$MV_VM_DIR/boot.sh" "$release" 1node "$initrd" "$out" || rc=$?
if [ -n "$driver" ]; then
	kill "$driver" 2>/dev/null || true
	wait "$driver" 2>/dev/null || true
fi
exit "$rc"
