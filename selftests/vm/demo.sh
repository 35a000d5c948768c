#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Shows memviz at work: boots a Debian kernel (default: the 6.1 line) in the
# 2node shape, loads memviz, prints /sys/kernel/debug/memviz/{zones,nodes}
# and `memviz summary` as the guest prints them, then powers off.
#
# Usage: demo.sh     (MEMVIZ_KERNEL=7.3, or any line of lines.conf with
#                    guests, and MEMVIZ_DEMO_SHAPE=1node to change)
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mv_need_root
flavour=${MEMVIZ_KERNEL:-${MEMVIZ_DEMO_KERNEL:-6.1}}
[ "$(mv_line "$flavour" checks 2>/dev/null)" = guests ] ||
	mv_die "MEMVIZ_KERNEL=$flavour: no bootable kernel line of that name (lines.conf: $MV_FLAVOURS_ALL)"
shape=${MEMVIZ_DEMO_SHAPE:-2node}
# A directory of its own: several demos (or a demo and a check) may run.
mkdir -p "$MV_CACHE/demo"
MV_BUILD=$(mktemp -d "$MV_CACHE/demo/run.XXXXXX")
export MEMVIZ_BUILD=$MV_BUILD
trap 'rm -rf "$MV_BUILD"' EXIT
out=$MV_BUILD/guest

MEMVIZ_KERNELS=$flavour "$MV_VM_DIR/deps.sh"
release=$("$MV_VM_DIR/kernels.sh" "$flavour")
# Show what the tree does now, even while it still has warnings.
MEMVIZ_ALLOW_WARNINGS=1 "$MV_VM_DIR/build.sh" --module "$release" >/dev/null
# The reader may not build yet: show the module's files regardless.
"$MV_VM_DIR/build.sh" --user >/dev/null || mv_log "no reader this time (build failed)"
"$MV_VM_DIR/initramfs.sh" "$release" "$MV_BUILD/initramfs.cpio.gz"

mv_log "booting $release ($shape) under QEMU"
MEMVIZ_VM_MODE=demo "$MV_VM_DIR/boot.sh" "$release" "$shape" \
	"$MV_BUILD/initramfs.cpio.gz" "$out" &
qemu=$!
# Follow the guest's output port (by name: boot.sh recreates it) until the
# guest is gone.
tail -n +1 -F --pid="$qemu" "$out/tap.log" 2>/dev/null &
rc=0
wait "$qemu" || rc=$?
wait
if [ "$rc" -ne 0 ]; then
	tail -n 30 "$out/console.log" >&2 || true
	mv_die "guest exited with status $rc"
fi
