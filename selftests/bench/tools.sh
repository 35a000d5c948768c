#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The peers memviz is measured against, staged as a root file system tree
# for the bench guest in $CACHE/bench-tools/root/:
#   bin/page-types   tools/mm/page-types.c of Debian's linux-source-6.12,
#                    built static, -O2 (the peer of the lru file)
#   bin/cyclictest   Debian's rt-tests (the latency bench on 6.12-rt)
#   bin/perf         Debian's linux-perf (cpu-clock profiles in the guest:
#                    TCG has no PMU, its hrtimer sampling works)
# The two dynamic ones come with every shared library they need and the
# dynamic loader, at their own paths.
# Built once; later runs only check it is there.
#
# Usage: tools.sh        (prints the staged root directory)
set -euo pipefail
# shellcheck source=selftests/vm/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../vm/lib.sh"

mv_need_root
dir=$MV_CACHE/bench-tools
root=$dir/root
mv_lock bench-tools

if [ ! -x "$root/bin/page-types" ] || [ ! -x "$root/bin/cyclictest" ] ||
	[ ! -x "$root/bin/perf" ]; then
	mv_apt_install rt-tests libnuma1 linux-perf gcc make libc6-dev xz-utils
	src_pkg=linux-source-6.12
	top=$src_pkg
	dl=$dir/dl
	mkdir -p "$dl"
	mv_log "downloading $src_pkg for tools/mm/page-types.c"
	deb=$(mv_fetch_deb "$dl" "$src_pkg")
	tmp=$(mktemp -d "$dir/.src.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	# page-types and what its Makefile builds it from: tools/lib/api
	# (libapi.a), tools/include, the build scripts, two uapi headers.
	dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$top.tar.xz" |
		tar -xJ -C "$tmp" --wildcards "$top/tools/mm/*" "$top/tools/lib/*" \
			"$top/tools/include/*" "$top/tools/scripts/*" "$top/tools/build/*" \
			"$top/tools/arch/x86/include/*" \
			"$top/include/uapi/linux/kernel-page-flags.h" \
			"$top/include/uapi/linux/magic.h"
	# libapi.a with its own Makefile's flags, then page-types as
	# tools/mm/Makefile compiles it, plus -O2 (its Makefile sets no
	# optimisation; a distribution build would) and -static.
	mm=$tmp/$top/tools/mm
	{ make -C "$mm/../lib/api" &&
		gcc -O2 -Wall -Wextra -I"$mm/../lib" -pthread -o "$mm/page-types" \
			"$mm/page-types.c" "$mm/../lib/api/libapi.a" -pthread -static; } \
		>"$dir/page-types.log" 2>&1 ||
		mv_die "page-types did not build; log: $dir/page-types.log"
	rm -rf "$root.new"
	mkdir -p "$root.new/bin"
	# Symbols kept: perf names page-types' own functions in its profile.
	install -m 0755 "$tmp/$top/tools/mm/page-types" "$root.new/bin/page-types"
	# /usr/bin/perf is the real binary once linux-perf diverts the wrapper.
	perf=$(readlink -f /usr/bin/perf)
	readelf -h "$perf" >/dev/null 2>&1 || mv_die "$perf is not an ELF binary"
	for bin in /usr/bin/cyclictest "$perf"; do
		install -m 0755 "$bin" "$root.new/bin/${bin##*/}"
		for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
			mkdir -p "$root.new$(dirname "$lib")"
			cp -L "$lib" "$root.new$lib"
		done
	done
	[ -x "$root.new/bin/perf" ] || mv "$root.new/bin/${perf##*/}" "$root.new/bin/perf"
	rm -rf "$root"
	mv "$root.new" "$root"
	rm -f "$deb"
fi
printf '%s\n' "$root"
