#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel sources of a line (lines.conf's source package, from the line's
# own suite), unpacked once into $CACHE/src/<package>_<version>/: mm/,
# include/, kernel/, fs/proc/ and the checkpatch.pl files, which is what
# memviz reads (the mirrored-function check, checkpatch of that line).
#
# Usage: sources.sh FLAVOUR      prints the directory
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mv_need_root
[ $# -eq 1 ] || mv_die "usage: sources.sh FLAVOUR"
flavour=$1
suite=$(mv_line "$flavour" suite) || mv_die "unknown kernel flavour '$flavour'"
pkg=$(mv_line "$flavour" source)
members=(mm include kernel fs/proc scripts/checkpatch.pl scripts/spelling.txt
	scripts/const_structs.checkpatch)

root=
mv_suite_on_host "$suite" || root=$(mv_chroot_of "$suite")
if [ -z "$root" ]; then
	mv_apt_lists_empty && mv_apt_update
	version=$(apt-cache policy "$pkg" | sed -n 's/^  Candidate: //p')
else
	version=$(mv_chroot_run "$root" "" apt-cache -t "$suite" policy "$pkg" |
		sed -n 's/^  Candidate: //p')
fi
[ -n "$version" ] && [ "$version" != "(none)" ] || mv_die "no $pkg in $suite"
dir=$MV_CACHE/src/${pkg}_$version
mv_lock "src-$pkg"
if [ -f "$dir/.memviz-unpacked" ]; then
	printf '%s\n' "$dir"
	exit 0
fi

dl=$MV_CACHE/dl/src
mkdir -p "$MV_CACHE/src"
mv_log "downloading $pkg $version"
if [ -z "$root" ]; then
	deb=$(mv_fetch_deb "$dl" "$pkg=$version")
else
	deb=$(mv_chroot_fetch_deb "$root" "$dl" "$pkg=$version")
fi
tmp=$(mktemp -d "$MV_CACHE/src/.$pkg.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# The package holds usr/src/<pkg>.tar.xz, its members under <pkg>/.
dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$pkg.tar.xz" |
	tar -xJ -C "$tmp" --strip-components=1 "${members[@]/#/$pkg/}"
rm -f "$deb"
touch "$tmp/.memviz-unpacked"
rm -rf "$dir"
mv "$tmp" "$dir"
trap - EXIT
printf '%s\n' "$dir"
