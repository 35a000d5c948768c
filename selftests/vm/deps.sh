#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Everything the bench needs on the host, installed only when missing:
# Debian packages (QEMU, busybox, toolchain, DKMS, the headers of every
# kernel flavour asked for) and, from Debian's linux-source-6.12, the kernel's
# checkpatch.pl and kselftest headers, kept in $CACHE/kernel-tools/.
# Idempotent; quiet when there is nothing to do.
#
# Usage: deps.sh     (MEMVIZ_KERNELS limits the header packages)
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mv_need_root

pkgs=(qemu-system-x86 busybox-static cpio kmod dkms xz-utils zstd gcc make
	libc6-dev rsync perl binutils procps)
for flavour in $(mv_flavours); do
	case $flavour in
	# Built from source by debug-kernel.sh (kernels.sh), not installed.
	6.12-debug | 6.12-kcsan) pkgs+=(build-essential bc bison flex libelf-dev libssl-dev python3) ;;
	*)
		suite=$(mv_line "$flavour" suite) ||
			mv_die "unknown kernel flavour '$flavour' in MEMVIZ_KERNELS (known: $MV_FLAVOURS_ALL $MV_FLAVOURS_BUILT)"
		# Other suites build in a chroot (chroot.sh, made by kernels.sh).
		if mv_suite_on_host "$suite"; then
			pkgs+=("$(mv_line "$flavour" headers)")
		else
			pkgs+=(mmdebstrap)
		fi
		;;
	esac
done
mv_apt_install "${pkgs[@]}"

# The packaging stage (packaging.sh): debian/'s build dependencies, lintian,
# and Debian's promtool and node_exporter, which prom-tools.sh unpacks into
# the cache instead of installing (no services started here).
mv_apt_install build-essential debhelper dh-dkms dpkg-dev fakeroot lintian curl python3 systemd
"$MV_VM_DIR/prom-tools.sh" >/dev/null

# The reader's `top`: ncurses (static libncurses.a and libtinfo.a too: the
# guests run a static reader), and its terminal tests in make test: tmux to
# drive it, valgrind over its refreshes.
mv_apt_install libncurses-dev tmux valgrind

# The reader's fuzz stage: clang with its libFuzzer and sanitizer runtimes
# (libclang-rt-<N>-dev is only a Recommends of clang).
mv_apt_install clang
rt=$(clang -print-file-name=libclang_rt.fuzzer-x86_64.a)
if [ ! -f "$rt" ]; then
	v=$(clang -dumpversion)
	mv_apt_install "libclang-rt-${v%%.*}-dev"
fi
# promtool for the reader's --prom check: prom-tools.sh unpacks it into the
# cache (installing prometheus would start a server on a systemd host);
# without that script, Debian's prometheus package ships it.
if ! command -v promtool >/dev/null && [ ! -x "$MV_CACHE/prom-tools/bin/promtool" ]; then
	if [ -x "$MV_VM_DIR/prom-tools.sh" ]; then
		"$MV_VM_DIR/prom-tools.sh" >/dev/null
	else
		mv_apt_install prometheus
	fi
fi

# checkpatch.pl and the kselftest headers come from the kernel's source
# package: stream the .deb's tarball and keep only those five members.
tools=$MV_CACHE/kernel-tools
mv_lock kernel-tools
members=(scripts/checkpatch.pl scripts/spelling.txt scripts/const_structs.checkpatch
	tools/testing/selftests/kselftest.h tools/testing/selftests/kselftest_harness.h)
have_all=1
for m in "${members[@]}"; do
	[ -f "$tools/${m##*/}" ] || have_all=0
done
if [ "$have_all" = 0 ]; then
	src_pkg=linux-source-6.12
	dl=$MV_CACHE/dl
	mkdir -p "$dl" "$tools"
	mv_log "downloading $src_pkg for checkpatch.pl and kselftest headers"
	deb=$(mv_fetch_deb "$dl" "$src_pkg")
	tmp=$(mktemp -d "$MV_CACHE/.kernel-tools.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	top=${src_pkg}
	# The package holds usr/src/linux-source-6.12.tar.xz; its members sit
	# under linux-source-6.12/.
	dpkg-deb --fsys-tarfile "$deb" |
		tar -xO "./usr/src/$top.tar.xz" |
		tar -xJ -C "$tmp" "${members[@]/#/$top/}"
	for m in "${members[@]}"; do
		install -m 0644 "$tmp/$top/$m" "$tools/${m##*/}"
	done
	chmod 0755 "$tools/checkpatch.pl"
	rm -f "$deb"
fi
