#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds what goes into a test guest, always from a copy so the work tree
# stays clean and a concurrent edit cannot change a build half way:
#   --module RELEASE  memviz.ko for one kernel, W=1, in $BUILD/<release>/;
#                     fails on any compiler or modpost warning that comes
#                     from the module's own files
#   --user            the static reader ($BUILD/user/bin/memviz) and the
#                     static selftest programs ($BUILD/user/bin/progs/)
#   RELEASE           both of the above
# $BUILD is $MEMVIZ_BUILD, default $MEMVIZ_CACHE/build. Logs land in the
# build directories (build.log). MEMVIZ_ALLOW_WARNINGS=1 prints the module's
# warnings without failing (for the demo).
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
	mv_die "usage: build.sh RELEASE | --module RELEASE | --user"
}

jobs=$(nproc)

# The tree to build against: a Debian headers package here or in a chroot
# of its suite (chroot.sh), or the O= tree of a kernel built here
# (debug-kernel.sh publishes it as $CACHE/kernels/<release>/kdir).
kbuild_dir() {
	if [ -d "/lib/modules/$1/build" ]; then
		echo "/lib/modules/$1/build"
	elif mv_chroot_with_headers "$1" >/dev/null; then
		echo "/usr/src/linux-headers-$1"
	elif [ -f "$MV_CACHE/kernels/$1/kdir/Module.symvers" ]; then
		readlink -f "$MV_CACHE/kernels/$1/kdir"
	else
		mv_die "no headers for $1 at /lib/modules/$1/build, in a chroot, nor a built tree in $MV_CACHE/kernels/$1/kdir (run kernels.sh)"
	fi
}

# run_kbuild RELEASE DIR ARGS...: make -C <the release's tree> M=DIR ARGS, here
# or, for a release whose headers live in a chroot, inside it with that
# suite's compiler (DIR appears there as /mnt/memviz).
run_kbuild() {
	local release=$1 dir=$2 root

	shift 2
	if [ ! -d "/lib/modules/$release/build" ] && root=$(mv_chroot_with_headers "$release"); then
		mv_chroot_run "$root" "$dir" make -C "/usr/src/linux-headers-$release" \
			M=/mnt/memviz "$@"
	else
		make -C "$(kbuild_dir "$release")" M="$dir" "$@"
	fi
}

# A kernel built here has its own module signing key: sign memviz.ko with
# it, as modules_install signs the kernel's own modules, so it loads
# without "module verification failed" tainting and under lockdown.
sign_module() {
	local kbuild=$1 ko=$2 hash

	[ -f "$kbuild/certs/signing_key.pem" ] && [ -x "$kbuild/scripts/sign-file" ] || return 0
	hash=$(sed -n 's/^CONFIG_MODULE_SIG_HASH="\(.*\)"$/\1/p' "$kbuild/.config")
	[ -n "$hash" ] || return 0
	"$kbuild/scripts/sign-file" "$hash" "$kbuild/certs/signing_key.pem" \
		"$kbuild/certs/signing_key.x509" "$ko" || mv_die "sign-file failed for $ko"
}

build_module() {
	local release=$1 kbuild dir=$MV_BUILD/$1 item log rc
	local srcs=()

	kbuild=$(kbuild_dir "$release")
	[ -f "$MV_MODULE_SRC/Kbuild" ] || mv_die "no Kbuild in $MV_MODULE_SRC"
	for item in Kbuild Makefile VERSION module debugfs; do
		[ -e "$MV_MODULE_SRC/$item" ] && srcs+=("$MV_MODULE_SRC/$item")
	done
	# A clean tree every time: an incremental build would not print the
	# warnings of files it does not recompile.
	rm -rf "$dir"
	mkdir -p "$dir"
	rsync -a --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
		--exclude='*.mod' --exclude='*.mod.c' "${srcs[@]}" "$dir/"
	log=$dir/build.log
	rc=0
	run_kbuild "$release" "$dir" W=1 -j"$jobs" modules >"$log" 2>&1 || rc=$?
	if [ "$rc" -ne 0 ]; then
		grep -E 'error|Error' "$log" | head -n 40 >&2 || true
		mv_die "module build for $release failed (exit $rc); log: $log"
	fi
	# Warnings that name one of our files (compiler: "<path>:<line>:...
	# warning:"), and every modpost warning (modpost only checks M= modules).
	# Warnings inside kernel headers name ./include/... and are not ours.
	if grep -E "((^|[ /])(module|debugfs)/[^ :]+|^($dir|/mnt/memviz)/[^ :]+):[0-9]+(:[0-9]+)?: warning:|WARNING: modpost" \
		"$log" >"$dir/warnings.log"; then
		cat "$dir/warnings.log" >&2
		[ "${MEMVIZ_ALLOW_WARNINGS:-0}" = 1 ] ||
			mv_die "module build for $release printed warnings; log: $log"
	fi
	[ -f "$dir/memviz.ko" ] || mv_die "the build for $release made no memviz.ko; log: $log"
	check_sanitized "$kbuild" "$dir/memviz.ko"
	sign_module "$kbuild" "$dir/memviz.ko"
}

# A sanitizer only sees code compiled with it. Against a KASAN or KCSAN
# kernel tree kbuild instruments an external module too (CFLAGS_KASAN /
# CFLAGS_KCSAN, unless the module sets KASAN_SANITIZE / KCSAN_SANITIZE :=
# n): memviz.ko must then call the runtime's __asan_* / __tsan_* hooks, or
# the debug guests would check the kernel and not memviz.
check_sanitized() {
	local kbuild=$1 ko=$2 opt hook undef n

	for opt in KASAN:__asan_ KCSAN:__tsan_; do
		grep -qx "CONFIG_${opt%%:*}=y" "$kbuild/.config" 2>/dev/null || continue
		hook=${opt#*:}
		# Read once: "nm | grep -q" fails under pipefail when grep quits
		# early and nm gets SIGPIPE.
		undef=$(nm -u "$ko") || mv_die "nm -u $ko failed"
		n=$(grep -c " $hook" <<<"$undef") || true
		[ "$n" -gt 0 ] ||
			mv_die "$ko has no $hook calls: not instrumented for ${opt%%:*}"
		mv_log "memviz.ko is instrumented for ${opt%%:*} ($n $hook* hooks)"
	done
}

# True when an ELF file needs no dynamic loader.
is_static() {
	! readelf -l "$1" 2>/dev/null | grep 'Requesting program interpreter' >/dev/null
}

build_user() {
	local user=$MV_BUILD/user log rc=0

	rm -rf "$user"
	mkdir -p "$user/bin/progs"
	# The whole tree (minus git), in case the reader shares headers with the
	# module; userspace/Makefile has no out-of-tree mode.
	rsync -a --exclude=.git --exclude='*.o' --exclude='*.ko' "$MV_REPO/" "$user/src/"
	log=$user/build.log
	: >"$log"
	if [ -f "$user/src/userspace/Makefile" ]; then
		make -C "$user/src/userspace" -j"$jobs" LDFLAGS=-static >>"$log" 2>&1 || rc=$?
		[ "$rc" -eq 0 ] || mv_die "the reader did not build (exit $rc); log: $log"
		[ -x "$user/src/userspace/memviz" ] ||
			mv_die "userspace build made no ./memviz; log: $log"
		is_static "$user/src/userspace/memviz" ||
			mv_die "userspace/memviz is not static (LDFLAGS=-static ignored?)"
		cp "$user/src/userspace/memviz" "$user/bin/memviz"
	else
		mv_log "no userspace/Makefile yet: the guest gets no reader"
	fi
	if compgen -G "$user/src/selftests/progs/*.c" >/dev/null; then
		make -C "$user/src/selftests/progs" -j"$jobs" OUTPUT="$user/bin/progs" \
			KSELFTEST_INC="$MV_CACHE/kernel-tools" >>"$log" 2>&1 || rc=$?
		[ "$rc" -eq 0 ] || mv_die "selftests/progs did not build (exit $rc); log: $log"
		local prog
		for prog in "$user/bin/progs"/*; do
			is_static "$prog" || mv_die "selftests/progs: ${prog##*/} is not static"
		done
	fi
}

case ${1:-} in
--module) [ $# -eq 2 ] || usage; build_module "$2" ;;
--user)   [ $# -eq 1 ] || usage; build_user ;;
-*|"")    usage ;;
*)        [ $# -eq 1 ] || usage; build_module "$1"; build_user ;;
esac
