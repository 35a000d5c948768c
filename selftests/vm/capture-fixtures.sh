#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Captures the reader's unit-test fixtures from real guests: for every
# kernel flavour and shape asked for, boots a guest whose only test sets up
# a small, known workload (dirty and clean page cache on ext4 over brd,
# shmem, mlocked memory, a zram swap with swapped-out anon memory, a memcg
# tree whose hogs tie on points) and runs `memviz snapshot`.  The guest
# prints the snapshot as a gzipped tar in base64 on its console (the first
# serial port), one "MVFIX " line at a time between begin and end markers
# with the tarball's sha256; this script checks the sum and unpacks it into
# userspace/tests/fixtures/<flavour>-<shape>/, replacing what was there.
#
# The console is the one channel out of the guest that carries arbitrary
# bytes without a second protocol; the prefix keeps the rare kernel
# message that lands between two lines out of the data, and the checksum
# catches one that lands inside a line.
#
# Usage: capture-fixtures.sh      (run as root; review `git diff` after)
# Env:   MEMVIZ_KERNELS (default "6.1 6.12"), MEMVIZ_SHAPES (default both),
#        MEMVIZ_FIXTURES (output directory, default userspace/tests/fixtures)
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mv_need_root
kernels=${MEMVIZ_KERNELS:-6.1 6.12}
shapes=${MEMVIZ_SHAPES:-$MV_SHAPES_ALL}
fixtures=${MEMVIZ_FIXTURES:-$MV_REPO/userspace/tests/fixtures}
mkdir -p "$MV_CACHE/capture"
MV_BUILD=$(mktemp -d "$MV_CACHE/capture/run.XXXXXX")
export MEMVIZ_BUILD=$MV_BUILD
trap 'rm -rf "$MV_BUILD"' EXIT

# The guest side: one test script in a guest directory of its own.
gdir=$MV_BUILD/guest
mkdir -p "$gdir"
cat >"$gdir/90-capture.sh" <<'GUEST'
#!/bin/sh
# Fixture capture (selftests/vm/capture-fixtures.sh): a known workload,
# then `memviz snapshot` as base64 on the console.
. /selftests/lib.sh
T=/tmp/fx
S=$T/snap
mkdir -p "$T" /mnt/fx
MIB=16
echo 0 > /proc/sys/vm/dirty_writeback_centisecs
echo 360000 > /proc/sys/vm/dirty_expire_centisecs
# Clean and dirty page cache on ext4 (a ramdisk 4x the data keeps ext4
# from writing back early, and min_ratio gives the new bdi a share).
if mv-modprobe -q brd rd_nr=1 rd_size=$((MIB * 8 * 1024)) &&
	mke2fs -F /dev/ram0 >/dev/null 2>&1 &&
	{ mv-modprobe -q ext4; mount -t ext4 /dev/ram0 /mnt/fx; }; then
	for b in /sys/class/bdi/1:0/min_ratio; do [ -w "$b" ] && echo 50 > "$b"; done
	dd if=/dev/zero of=/mnt/fx/clean bs=1M count=$MIB 2>/dev/null
	sync
	cat /mnt/fx/clean > /dev/null
	dd if=/dev/zero of=/mnt/fx/dirty bs=1M count=$MIB 2>/dev/null
	mv_pass "ext4 on brd with $MIB MiB clean and $MIB MiB dirty"
else
	mv_diag "no ext4 on brd: the fixture has no dirty file pages"
fi
# Swap on zram, and a memcg that pushes its anon memory there.
if mv-modprobe -q zram && echo 128M > /sys/block/zram0/disksize &&
	mkswap /dev/zram0 >/dev/null 2>&1 && swapon /dev/zram0; then
	mv_pass "128 MiB zram swap"
fi
mkdir -p /mnt/fxt
mount -t tmpfs tmpfs /mnt/fxt
CG=/sys/fs/cgroup/fixture
mkdir -p "$CG"
echo +memory > "$CG/cgroup.subtree_control"
mkdir -p "$CG/a" "$CG/b" "$CG/s"
echo 96M > "$CG/memory.max"
echo 16M > "$CG/s/memory.max"
hog() { # CGROUP READY ARGS...
	_cg=$1 _r=$2
	shift 2
	sh -c "echo \$\$ > $CG/$_cg/cgroup.procs; exec mv-hog -r $T/$_r $*" &
}
hog a a1 -m 8
hog a a2 -m 8
hog b b1 -m 8
hog b b2 -m 4 -a 300
hog s s1 -m 32
mv-hog -m $MIB -f /mnt/fxt/shm -r "$T/shm" &
mv-hog -m 4 -l -r "$T/mlock" &
mv-hog -m 4 -a -1000 -r "$T/adjmin" &
for r in a1 a2 b1 b2 s1 shm mlock adjmin; do
	i=0
	while [ ! -e "$T/$r" ] && [ $i -lt 150 ]; do sleep 0.2; i=$((i + 1)); done
	[ -e "$T/$r" ] || mv_diag "hog $r not ready"
done
sleep 1
mv_check "memviz snapshot" memviz snapshot "$S"
for f in zones nodes lru lru_gen reclaim oom oom_memcg activity oom_events; do
	mv_check "snapshot has $f" test -s "$S/$f"
done
tar -C "$S" -czf "$T/snap.tgz" .
sum=$(sha256sum "$T/snap.tgz" | cut -d' ' -f1)
{
	echo "@@memviz-fixture-begin $sum"
	base64 "$T/snap.tgz" | sed 's/^/MVFIX /'
	echo "@@memviz-fixture-end"
} >&2
mv_pass "fixture printed ($(wc -c < "$T/snap.tgz") bytes)"
mv_done
GUEST

"$MV_VM_DIR/build.sh" --user >/dev/null
rc=0
for flavour in $kernels; do
	MEMVIZ_KERNELS=$flavour "$MV_VM_DIR/deps.sh"
	release=$("$MV_VM_DIR/kernels.sh" "$flavour")
	"$MV_VM_DIR/build.sh" --module "$release" >/dev/null
	MEMVIZ_GUEST_DIR=$gdir MEMVIZ_TESTS= \
		"$MV_VM_DIR/initramfs.sh" "$release" "$MV_BUILD/$release.cpio.gz"
	for shape in $shapes; do
		out=$MV_BUILD/$flavour-$shape
		mv_log "booting $release ($shape)"
		MEMVIZ_VM_TIMEOUT=${MEMVIZ_VM_TIMEOUT:-480} \
			"$MV_VM_DIR/boot.sh" "$release" "$shape" "$MV_BUILD/$release.cpio.gz" "$out" ||
			true
		text=$(tr -d '\r' <"$out/console.log")
		sum=$(sed -n 's/^@@memviz-fixture-begin \([0-9a-f]*\)$/\1/p' <<<"$text" | tail -n 1)
		if [ -z "$sum" ] || ! grep -q '^@@memviz-fixture-end' <<<"$text"; then
			mv_log "$flavour-$shape: no fixture on the console; TAP:"
			cat "$out/tap.log" >&2
			rc=1
			continue
		fi
		sed -n '/^@@memviz-fixture-begin/,/^@@memviz-fixture-end/p' <<<"$text" |
			sed -n 's/^MVFIX //p' | base64 -d >"$out/snap.tgz"
		if [ "$(sha256sum <"$out/snap.tgz" | cut -d' ' -f1)" != "$sum" ]; then
			mv_log "$flavour-$shape: checksum mismatch (a kernel message inside the data?)"
			rc=1
			continue
		fi
		dest=$fixtures/$flavour-$shape
		rm -rf "$dest"
		mkdir -p "$dest"
		tar -C "$dest" -xzf "$out/snap.tgz"
		mv_log "$flavour-$shape: $(find "$dest" -type f | wc -l) files in $dest"
		sed 's/^/    /' "$out/tap.log" >&2
	done
done
exit "$rc"
