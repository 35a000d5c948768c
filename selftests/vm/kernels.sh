#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Kernels the bench tests against. A flavour names a Debian metapackage pair;
# this resolves it to the real ABI-versioned packages (no ABI number is ever
# written here), installs the headers the module builds against, and unpacks
# the kernel image into $CACHE/kernels/<release>/ for QEMU -- never into this
# machine's /boot.
#
# Usage: kernels.sh [--resolve-only] FLAVOUR
#   FLAVOUR: 6.1 | 6.12 | 6.12-rt | 6.12-debug
# Prints the kernel release (e.g. 6.1.0-56-amd64) on stdout.
# 6.12-debug is not a Debian package: debug-kernel.sh builds it from
# linux-source-6.12 (once per config, cached; 20-45 min on 2 cores) and
# publishes it in $CACHE/kernels/<release> the same way.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

resolve_only=0
if [ "${1:-}" = --resolve-only ]; then
	resolve_only=1
	shift
fi
[ $# -eq 1 ] || mv_die "usage: kernels.sh [--resolve-only] FLAVOUR (6.1, 6.12, 6.12-rt, 6.12-debug)"
flavour=$1

if [ "$flavour" = 6.12-debug ]; then
	[ "$resolve_only" = 0 ] || exec "$MV_VM_DIR/debug-kernel.sh" --release
	out=$("$MV_VM_DIR/debug-kernel.sh") || mv_die "debug kernel build failed"
	release=$(sed -n 's/^release=//p' <<<"$out")
	[ -n "$release" ] || mv_die "debug-kernel.sh printed no release= line"
	[ -f "$MV_CACHE/kernels/$release/kdir/Module.symvers" ] ||
		mv_die "debug kernel $release published without a build tree"
	printf '%s\n' "$release"
	exit 0
fi

case $flavour in
6.1)     img_meta=linux-image-amd64        hdr_meta=linux-headers-amd64 ;;
6.12)    img_meta=linux-image-6.12-amd64    hdr_meta=linux-headers-6.12-amd64 ;;
6.12-rt) img_meta=linux-image-6.12-rt-amd64 hdr_meta=linux-headers-6.12-rt-amd64 ;;
*)       mv_die "unknown kernel flavour '$flavour' (known: $MV_FLAVOURS_ALL 6.12-debug)" ;;
esac

img_pkg=$(mv_apt_resolve_meta "$img_meta" linux-image-)
release=${img_pkg#linux-image-}
hdr_pkg=linux-headers-$release

if [ "$resolve_only" = 1 ]; then
	printf '%s\n' "$release"
	exit 0
fi

mv_need_root
mv_apt_install "$hdr_meta" "$hdr_pkg"
[ -d "/lib/modules/$release/build" ] ||
	mv_die "$hdr_pkg installed but /lib/modules/$release/build is missing"

# The image unpacked must be the very build the headers describe.
version=$(dpkg-query -W -f='${Version}' "$hdr_pkg")
kdir=$MV_CACHE/kernels/$release
stamp="$img_pkg $version"
mv_lock "kernel-$release"
if [ -f "$kdir/.memviz-extracted" ] && [ "$(cat "$kdir/.memviz-extracted")" = "$stamp" ]; then
	printf '%s\n' "$release"
	exit 0
fi

dl=$MV_CACHE/dl
mkdir -p "$dl" "$MV_CACHE/kernels"
# Headers and image must be the same build: ask for that exact version.
deb=$(mv_fetch_deb "$dl" "$img_pkg=$version")

# Unpack beside the final place and rename, so an interrupted or concurrent
# run never sees half a kernel.
tmp=$(mktemp -d "$MV_CACHE/kernels/.$release.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mv_log "unpacking $(basename "$deb")"
dpkg-deb -x "$deb" "$tmp"
rm -f "$deb"
[ -f "$tmp/boot/vmlinuz-$release" ] || mv_die "no boot/vmlinuz-$release in $img_pkg"
# Newer packages ship modules under /usr/lib; depmod -b wants <base>/lib.
if [ ! -d "$tmp/lib/modules/$release" ] && [ -d "$tmp/usr/lib/modules/$release" ]; then
	mkdir -p "$tmp/lib/modules"
	ln -s "../../usr/lib/modules/$release" "$tmp/lib/modules/$release"
fi
[ -d "$tmp/lib/modules/$release/kernel" ] || mv_die "no modules for $release in $img_pkg"
# Debian generates modules.dep at install time; the initramfs builder needs it.
depmod -b "$tmp" "$release"
printf '%s\n' "$stamp" >"$tmp/.memviz-extracted"
rm -rf "$kdir"
mv "$tmp" "$kdir"
trap - EXIT
printf '%s\n' "$release"
