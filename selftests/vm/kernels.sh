#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Kernels the bench tests against: the lines of lines.conf. A flavour names a
# Debian suite and metapackages; this resolves them to the real ABI-versioned
# packages (no ABI number is ever written here), installs the headers the
# module builds against (on this machine for its own suite, in a chroot of
# the suite otherwise: chroot.sh), and unpacks the kernel image into
# $CACHE/kernels/<release>/ for QEMU -- never into this machine's /boot.
#
# Usage: kernels.sh [--resolve-only|--headers-only] FLAVOUR
#   FLAVOUR: a flavour of lines.conf (6.1, 6.12, 6.12-rt, 7.3, ...),
#   6.12-debug or 6.12-kcsan (which have no --headers-only)
# Prints the kernel release (e.g. 6.1.0-56-amd64) on stdout. A build-only
# line (image "-") gets its headers and no image.
# 6.12-debug (KASAN, kmemleak, ...) and 6.12-kcsan (KCSAN) are not Debian
# packages: debug-kernel.sh builds them from linux-source-6.12 (once per
# config, cached; 20-45 min each on 2 cores) and publishes them in
# $CACHE/kernels/<release> the same way.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

resolve_only=0
headers_only=0
case ${1:-} in
--resolve-only) resolve_only=1; shift ;;
--headers-only) headers_only=1; shift ;;
esac
[ $# -eq 1 ] ||
	mv_die "usage: kernels.sh [--resolve-only|--headers-only] FLAVOUR ($MV_FLAVOURS_ALL $MV_FLAVOURS_BUILT)"
flavour=$1

if variant=$(mv_built_variant "$flavour"); then
	[ "$resolve_only" = 0 ] || exec "$MV_VM_DIR/debug-kernel.sh" "$variant" --release
	out=$("$MV_VM_DIR/debug-kernel.sh" "$variant") || mv_die "$flavour kernel build failed"
	release=$(sed -n 's/^release=//p' <<<"$out")
	[ -n "$release" ] || mv_die "debug-kernel.sh printed no release= line"
	[ -f "$MV_CACHE/kernels/$release/kdir/Module.symvers" ] ||
		mv_die "$flavour kernel $release published without a build tree"
	printf '%s\n' "$release"
	exit 0
fi

suite=$(mv_line "$flavour" suite) ||
	mv_die "unknown kernel flavour '$flavour' (known: $MV_FLAVOURS_ALL $MV_FLAVOURS_BUILT)"
hdr_meta=$(mv_line "$flavour" headers)
img_meta=$(mv_line "$flavour" image)

# apt on this machine for its own suite, in the suite's chroot otherwise;
# -t picks <suite>-backports over its base suite.
root=
mv_suite_on_host "$suite" || root=$(mv_chroot_of "$suite")
suite_apt() {
	if [ -z "$root" ]; then
		mv_apt "$@"
	else
		mv_chroot_apt "$root" "$suite" "$@"
	fi
}

# The ABI-versioned package a metapackage depends on.
resolve_meta() {
	local dep

	if [ -z "$root" ]; then
		mv_apt_resolve_meta "$1" "$2"
		return
	fi
	dep=$(mv_chroot_run "$root" "" apt-cache -t "$suite" depends "$1" 2>/dev/null |
		sed -n "s/^  Depends: \($2[^ ]*\)\$/\1/p" | sed -n 1p)
	if [ -z "$dep" ]; then
		"$MV_VM_DIR/chroot.sh" --update "$suite" >/dev/null
		dep=$(mv_chroot_run "$root" "" apt-cache -t "$suite" depends "$1" 2>/dev/null |
			sed -n "s/^  Depends: \($2[^ ]*\)\$/\1/p" | sed -n 1p)
	fi
	[ -n "$dep" ] || mv_die "cannot resolve $1 to a $2* package in $suite"
	printf '%s\n' "$dep"
}

# fetch DIR PKG=VERSION: the .deb into DIR; prints its path.
fetch() {
	if [ -z "$root" ]; then
		mv_fetch_deb "$@"
	else
		mv_chroot_fetch_deb "$root" "$@"
	fi
}

hdr_pkg=$(resolve_meta "$hdr_meta" linux-headers-)
release=${hdr_pkg#linux-headers-}

if [ "$resolve_only" = 1 ]; then
	printf '%s\n' "$release"
	exit 0
fi

mv_need_root
if [ -z "$root" ]; then
	mv_apt_install "$hdr_meta" "$hdr_pkg"
	[ -d "/lib/modules/$release/build" ] ||
		mv_die "$hdr_pkg installed but /lib/modules/$release/build is missing"
	version=$(dpkg-query -W -f='${Version}' "$hdr_pkg")
else
	mv_lock "chroot-$suite"
	if ! mv_chroot_run "$root" "" dpkg-query -W -f='${db:Status-Abbrev}' "$hdr_pkg" 2>/dev/null |
		grep -q '^ii'; then
		mv_log "installing $hdr_pkg in the $suite chroot"
		suite_apt install "$hdr_pkg" >/dev/null || mv_die "apt-get install $hdr_pkg failed in $root"
	fi
	[ -f "$root/usr/src/$hdr_pkg/Makefile" ] ||
		mv_die "$hdr_pkg installed but $root/usr/src/$hdr_pkg is missing"
	version=$(mv_chroot_run "$root" "" dpkg-query -W -f='${Version}' "$hdr_pkg")
fi
if [ "$img_meta" = - ] || [ "$headers_only" = 1 ]; then
	printf '%s\n' "$release"	# a build-only line, or only its headers wanted
	exit 0
fi
img_pkg=linux-image-$release

# The image unpacked must be the very build the headers describe.
kdir=$MV_CACHE/kernels/$release
stamp="$img_pkg $version"
mv_lock "kernel-$release"
if [ -f "$kdir/.memviz-extracted" ] && [ "$(cat "$kdir/.memviz-extracted")" = "$stamp" ]; then
	printf '%s\n' "$release"
	exit 0
fi

dl=$MV_CACHE/dl/$release
mkdir -p "$dl" "$MV_CACHE/kernels"
# Headers and image must be the same build: ask for that exact version.
debs=("$(fetch "$dl" "$img_pkg=$version")")
# From 7.x linux-image-<release> only depends on the packages that hold
# the kernel (linux-binary-<release>) and its modules (linux-modules-).
for dep in $(dpkg-deb -f "${debs[0]}" Depends | tr ',|' '\n\n' |
	sed -n "s/^ *\(linux-\(binary\|modules\)-$release\)\( .*\)\?\$/\1/p"); do
	debs+=("$(fetch "$dl" "$dep=$version")")
done

# Unpack beside the final place and rename, so an interrupted or concurrent
# run never sees half a kernel.
tmp=$(mktemp -d "$MV_CACHE/kernels/.$release.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
for deb in "${debs[@]}"; do
	mv_log "unpacking $(basename "$deb")"
	dpkg-deb -x "$deb" "$tmp"
done
rm -rf "$dl"
# boot.sh boots boot/vmlinuz-<release>; 7.x keeps it with the modules.
if [ ! -f "$tmp/boot/vmlinuz-$release" ] && [ -f "$tmp/usr/lib/modules/$release/vmlinuz" ]; then
	mkdir -p "$tmp/boot"
	ln -s "../usr/lib/modules/$release/vmlinuz" "$tmp/boot/vmlinuz-$release"
fi
[ -f "$tmp/boot/vmlinuz-$release" ] || mv_die "no vmlinuz for $release in ${debs[*]##*/}"
# Newer packages ship modules under /usr/lib; depmod -b wants <base>/lib.
if [ ! -d "$tmp/lib/modules/$release" ] && [ -d "$tmp/usr/lib/modules/$release" ]; then
	mkdir -p "$tmp/lib/modules"
	ln -s "../../usr/lib/modules/$release" "$tmp/lib/modules/$release"
fi
[ -d "$tmp/lib/modules/$release/kernel" ] || mv_die "no modules for $release in $img_pkg"
# Debian generates modules.dep at install time; the initramfs builder needs it.
mv_depmod "$tmp" "$release"
printf '%s\n' "$stamp" >"$tmp/.memviz-extracted"
rm -rf "$kdir"
mv "$tmp" "$kdir"
trap - EXIT
printf '%s\n' "$release"
