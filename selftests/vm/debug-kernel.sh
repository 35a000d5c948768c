#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The bench's debug kernels: Debian's linux-source-6.12 built with the
# sanitizers and checkers that catch what a Debian kernel never reports,
# plus everything the guest tests need (NUMA, memcg, MGLRU, PSI, swap, zram,
# brd, ext4, THP, memory hotplug, lockdown LSM). Two variants, because
# KCSAN and KASAN exclude each other (lib/Kconfig.kcsan: depends on !KASAN):
#   debug  (flavour 6.12-debug, release <ver>-memviz-debug): KASAN, lockdep,
#          UBSAN, kmemleak, DEBUG_VM/LIST, sleep-in-atomic, fault injection
#   kcsan  (flavour 6.12-kcsan, release <ver>-memviz-kcsan): KCSAN, the
#          data-race detector, with lockdep, UBSAN, DEBUG_VM/LIST,
#          sleep-in-atomic and fault injection, and full preemption
# An external module built against either tree is instrumented like the
# kernel: kbuild adds CFLAGS_KASAN / CFLAGS_KCSAN to every object unless
# the module opts out (KASAN_SANITIZE / KCSAN_SANITIZE := n; memviz does
# not), so memviz.ko calls __asan_* / __tsan_* (build.sh checks).
#
# Built once per (variant, config fragment, source version) into
#   $CACHE/debug-kernel/<hash>/build/      the O= tree (KDIR for memviz)
#   $CACHE/debug-kernel/<hash>/bzImage
#   $CACHE/debug-kernel/<hash>/lib/modules/<release>/   (stripped modules)
#   $CACHE/debug-kernel/<hash>/variant     debug | kcsan
# and published as $CACHE/kernels/<release> (boot/vmlinuz-<release>,
# lib/modules/<release>, kdir -> the O= tree) so the rest of the bench finds
# it like a Debian kernel. A changed fragment means a new hash, a new build;
# each variant keeps its own newest tree.
#
# Usage: debug-kernel.sh [debug|kcsan] [--print-config | --release]
#   VARIANT defaults to debug. Builds if needed, then prints release=,
#   image=, kdir=, modules=, config= lines on stdout.
#   --print-config prints the variant's config fragment, --release its
#   kernel release (from the source tree, which must be there), and exit.
# Env:   MEMVIZ_DEBUG_SRC   kernel source tree to use (default: the cached
#                           linux-source-6.12, downloaded when missing)
#        MEMVIZ_DEBUG_JOBS  make -j (default 2; the build runs at nice 19)
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

src_pkg=linux-source-6.12
variant=debug
case ${1:-} in
debug | kcsan) variant=$1; shift ;;
esac
localversion=-memviz-$variant

# Every option asked for, as the values .config must hold after olddefconfig
# (checked line by line). On top of `make defconfig kvm_guest.config`.
# The debug variant's fragment (its text is the cache key: keep it as is
# unless the debug kernel itself should change).
fragment() {
	if [ "$variant" = kcsan ]; then
		fragment_kcsan
		return
	fi
	cat <<'EOF'
CONFIG_LOCALVERSION="-memviz-debug"
# CONFIG_LOCALVERSION_AUTO is not set
# Sanitizers and checkers.
CONFIG_DEBUG_KERNEL=y
CONFIG_KASAN=y
CONFIG_KASAN_GENERIC=y
CONFIG_KASAN_INLINE=y
# CONFIG_KASAN_OUTLINE is not set
CONFIG_KASAN_VMALLOC=y
CONFIG_PROVE_LOCKING=y
CONFIG_DEBUG_ATOMIC_SLEEP=y
CONFIG_DEBUG_LIST=y
CONFIG_DEBUG_VM=y
CONFIG_DEBUG_KMEMLEAK=y
# CONFIG_DEBUG_KMEMLEAK_DEFAULT_OFF is not set
# CONFIG_DEBUG_KMEMLEAK_AUTO_SCAN is not set
# The OOM and 5,000-process tests starve kmemleak's own allocations; a
# pool of 40000 ran dry (and disabled kmemleak) before 70-debug-kmemleak.
CONFIG_DEBUG_KMEMLEAK_MEM_POOL_SIZE=160000
EOF
	fragment_common
}

# What both variants share after their sanitizer block.
fragment_common() {
	cat <<'EOF'
CONFIG_UBSAN=y
CONFIG_UBSAN_BOUNDS=y
CONFIG_UBSAN_SHIFT=y
# CONFIG_UBSAN_ALIGNMENT is not set
# CONFIG_UBSAN_TRAP is not set
CONFIG_SOFTLOCKUP_DETECTOR=y
CONFIG_DETECT_HUNG_TASK=y
CONFIG_FAULT_INJECTION=y
CONFIG_FAILSLAB=y
CONFIG_FAIL_PAGE_ALLOC=y
CONFIG_FAULT_INJECTION_DEBUG_FS=y
CONFIG_DEBUG_FS=y
CONFIG_IKCONFIG=y
CONFIG_IKCONFIG_PROC=y
# CONFIG_DEBUG_INFO is not set
CONFIG_DEBUG_INFO_NONE=y
CONFIG_KALLSYMS=y
# Memory management the tests look at.
CONFIG_NUMA=y
CONFIG_CGROUPS=y
CONFIG_MEMCG=y
CONFIG_LRU_GEN=y
CONFIG_LRU_GEN_ENABLED=y
CONFIG_PSI=y
CONFIG_SWAP=y
# Modular like zram, its only user here (its prompt needs ZSWAP or ZRAM=y).
CONFIG_ZSMALLOC=m
CONFIG_ZRAM=m
CONFIG_ZRAM_BACKEND_LZO=y
CONFIG_ZRAM_BACKEND_LZ4=y
CONFIG_CRYPTO_LZO=y
CONFIG_CRYPTO_LZ4=y
CONFIG_BLK_DEV_RAM=m
CONFIG_EXT4_FS=m
CONFIG_TRANSPARENT_HUGEPAGE=y
CONFIG_MEMORY_HOTPLUG=y
CONFIG_MEMORY_HOTREMOVE=y
CONFIG_ACPI_HOTPLUG_MEMORY=y
# Booting from the bench's initramfs, on a serial console.
CONFIG_BLK_DEV_INITRD=y
CONFIG_DEVTMPFS=y
CONFIG_SERIAL_8250_CONSOLE=y
CONFIG_MODULES=y
CONFIG_MODULE_UNLOAD=y
# The lockdown LSM selects MODULE_SIG; not forced, an unsigned memviz.ko
# loads (tainting) unless lockdown= is given. build.sh signs memviz.ko with
# the build's own key (certs/signing_key.pem) so it loads under lockdown too.
CONFIG_SECURITY=y
CONFIG_SECURITY_LOCKDOWN_LSM=y
# /sys/kernel/security/lockdown: the lockdown tests read and raise the level.
CONFIG_SECURITYFS=y
CONFIG_MODULE_SIG=y
# CONFIG_MODULE_SIG_FORCE is not set
# What a serial-console, initramfs-only guest without network or disks
# never uses: off, which more than halves the build on a busy 2-core host
# (i915 alone is ~350 files). QEMU -kernel boots without EFI.
# CONFIG_NET is not set
# CONFIG_EFI is not set
# CONFIG_SCSI is not set
# CONFIG_DRM is not set
# CONFIG_AGP is not set
# CONFIG_SOUND is not set
# CONFIG_USB_SUPPORT is not set
# CONFIG_HID_SUPPORT is not set
# CONFIG_WIRELESS is not set
# CONFIG_WLAN is not set
# CONFIG_CFG80211 is not set
# CONFIG_RFKILL is not set
# CONFIG_NETFILTER is not set
# CONFIG_IPV6 is not set
# CONFIG_NET_SCHED is not set
# CONFIG_ETHERNET is not set
# CONFIG_NFS_FS is not set
# CONFIG_ATA is not set
# CONFIG_MD is not set
# CONFIG_PCCARD is not set
# CONFIG_HIBERNATION is not set
# CONFIG_MACINTOSH_DRIVERS is not set
EOF
}

# The kcsan variant: the same kernel with KCSAN instead of KASAN and
# kmemleak. Every choice below is about finding races that involve memviz
# on the bench's guests: QEMU TCG with one translation thread (boot.sh), so
# the 2-node guest's two vCPUs take turns, and the 1-node guest has a
# single vCPU. A race is only seen when the other side touches a watched
# address while the watcher is stalled in its delay.
# (Comments outside the heredoc do not change the cache key.) Two of the
# non-strict defaults are spelt out: REPORT_VALUE_CHANGE_ONLY (a watcher
# reports a racing write only if the value changed: a write of the same
# value cannot tear a snapshot) and ASSUME_PLAIN_WRITES_ATOMIC (aligned
# plain stores up to a word are not watched themselves, but they still hit
# a reader's watchpoint, so memviz's plain read of a field the kernel
# stores plainly is reported with both stacks).
fragment_kcsan() {
	cat <<'EOF'
CONFIG_LOCALVERSION="-memviz-kcsan"
# CONFIG_LOCALVERSION_AUTO is not set
# Sanitizers and checkers.
CONFIG_DEBUG_KERNEL=y
# CONFIG_KASAN is not set
CONFIG_KCSAN=y
# Not strict: the kernel's own default and what syzbot runs. Strict mode
# also reports plain aligned word writes and (KCSAN_WEAK_MEMORY) missing
# barriers in the whole kernel, which mm/ is full of by design; those
# reports would bury memviz's and slow the TCG guests. Non-strict still
# reports every plain access that races with a write that changed the
# value, which is what a torn snapshot or a lost update in memviz is.
# CONFIG_KCSAN_STRICT is not set
CONFIG_KCSAN_REPORT_VALUE_CHANGE_ONLY=y
CONFIG_KCSAN_ASSUME_PLAIN_WRITES_ATOMIC=y
# Marked (READ_ONCE/atomic) accesses are still checked against plain
# ones: a READ_ONCE in memviz racing with a plain kernel write is a report.
# CONFIG_KCSAN_IGNORE_ATOMICS is not set
# CONFIG_KCSAN_PERMISSIVE is not set
# A watcher may be interrupted (and, with PREEMPT below, preempted) while
# it waits: on the 1-vCPU guest that is the only way another context can
# hit its watchpoint, e.g. the debugfs reader stalled on a watched field
# while kswapd runs memviz's reclaim probe. Off by default upstream
# because per-CPU patterns can give false positives; those are in the
# kernel's code, not memviz's, and verdict.sh only lists them.
CONFIG_KCSAN_INTERRUPT_WATCHER=y
CONFIG_PREEMPT=y
# A race with a write KCSAN did not see (uninstrumented code, DMA) still
# shows as "race at unknown origin" with the watcher's stack.
CONFIG_KCSAN_REPORT_RACE_UNKNOWN_ORIGIN=y
# Each racing pair at most once a minute (default 3 s): the first report
# is what counts, and a kernel-only race that fires every few seconds for
# an hour would otherwise print hundreds of 30-line reports on the serial
# console, slowing the guest for nothing.
CONFIG_KCSAN_REPORT_ONCE_IN_MS=60000
# Held locks and IRQ state in each report (needs lockdep): says whether
# memviz's side held the lock the other side did.
CONFIG_KCSAN_VERBOSE=y
# KCSAN's own boot selftest (a few ms): a kernel whose detector is broken
# says so before memviz loads.
CONFIG_KCSAN_SELFTEST=y
# CONFIG_KCSAN_KUNIT_TEST is not set
CONFIG_KCSAN_EARLY_ENABLE=y
CONFIG_PROVE_LOCKING=y
CONFIG_DEBUG_ATOMIC_SLEEP=y
CONFIG_DEBUG_LIST=y
CONFIG_DEBUG_VM=y
# Leaks are the debug variant's job; kmemleak's bookkeeping of every
# allocation would only slow this one (70-debug-kmemleak skips here).
# CONFIG_DEBUG_KMEMLEAK is not set
EOF
	fragment_common
}

case ${1:-} in
--print-config)
	fragment
	exit 0
	;;
--release)
	src=${MEMVIZ_DEBUG_SRC:-$MV_CACHE/src/x/usr/src/$src_pkg}
	[ -f "$src/Makefile" ] || mv_die "no kernel source at $src yet"
	echo "$(make -s -C "$src" kernelversion)$localversion"
	exit 0
	;;
esac
[ $# -eq 0 ] || mv_die "usage: debug-kernel.sh [debug|kcsan] [--print-config | --release]"
mv_need_root

jobs=${MEMVIZ_DEBUG_JOBS:-2}
mv_apt_install build-essential bc bison flex libelf-dev libssl-dev rsync cpio \
	kmod python3 xz-utils

mv_lock debug-kernel

# The source: an explicit tree, the cached one, or a fresh download.
srcroot=$MV_CACHE/src/x
src=${MEMVIZ_DEBUG_SRC:-$srcroot/usr/src/$src_pkg}
if [ ! -f "$src/Makefile" ]; then
	[ -z "${MEMVIZ_DEBUG_SRC:-}" ] || mv_die "MEMVIZ_DEBUG_SRC=$src has no Makefile"
	dl=$MV_CACHE/src
	mkdir -p "$dl"
	mv_log "downloading $src_pkg"
	deb=$(mv_fetch_deb "$dl" "$src_pkg")
	# Unpack beside the final place and rename: never half a tree.
	tmp=$(mktemp -d "$MV_CACHE/src/.x.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	mv_log "unpacking $(basename "$deb")"
	dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$src_pkg.tar.xz" |
		tar -xJ -C "$tmp"
	[ -f "$tmp/$src_pkg/Makefile" ] || mv_die "no $src_pkg/Makefile in $(basename "$deb")"
	dpkg-deb -f "$deb" Version >"$tmp/$src_pkg/.memviz-source"
	mkdir -p "$srcroot/usr/src"
	mv "$tmp/$src_pkg" "$src"
	rm -rf "$tmp" "$deb"
	trap - EXIT
fi
# O= refuses a source tree that was configured in place.
if [ -f "$src/.config" ] || [ -d "$src/include/config" ]; then
	mv_die "$src was configured in place; O= builds need a clean tree (make mrproper)"
fi
kver=$(make -s -C "$src" kernelversion)
srcver=$kver
[ -f "$src/.memviz-source" ] && srcver+=" deb $(cat "$src/.memviz-source")"

# The cache key: the fragment, the base configs, the source version.
key=$(printf '%s\n' "base: defconfig kvm_guest.config" "source: $srcver" "$(fragment)" |
	sha256sum | cut -c1-16)
top=$MV_CACHE/debug-kernel/$key
obj=$top/build
release=$kver$localversion
# The variant a cache entry was built as (entries from before the kcsan
# variant have no file: debug).
variant_of() {
	cat "$1/variant" 2>/dev/null || echo debug
}
if [ ! -d "$obj" ]; then
	# A new fragment: start from the newest earlier tree of the same
	# variant, if any, so kbuild recompiles only what the changed options
	# touch. That tree's cache entry is gone afterwards (only the newest
	# config of each variant is kept).
	prev=
	while IFS= read -r b; do
		[ "$(variant_of "${b%/build}")" = "$variant" ] || continue
		prev=$b
		break
	done < <(ls -td "$MV_CACHE"/debug-kernel/*/build 2>/dev/null || true)
	mkdir -p "$top"
	if [ -n "$prev" ] && [ -f "$prev/Makefile" ]; then
		mv_log "reusing the objects of $prev"
		rm -f "${prev%/build}/.memviz-done"
		mv "$prev" "$obj"
		rm -rf "${prev%/build}"
	fi
fi
mkdir -p "$obj"
printf '%s\n' "$variant" >"$top/variant"

publish() {
	local pub=$MV_CACHE/kernels/$release tmp

	# A small tree of symlinks shaped like an unpacked Debian image, made
	# beside the final name and renamed over it.
	mkdir -p "$MV_CACHE/kernels"
	tmp=$(mktemp -d "$MV_CACHE/kernels/.$release.XXXXXX")
	chmod 0755 "$tmp"
	mkdir -p "$tmp/boot" "$tmp/lib/modules"
	ln -s "$top/bzImage" "$tmp/boot/vmlinuz-$release"
	ln -s "$top/lib/modules/$release" "$tmp/lib/modules/$release"
	ln -s "$obj" "$tmp/kdir"
	printf '%s %s\n' "$variant" "$key" >"$tmp/.memviz-extracted"
	rm -rf "$pub"
	mv "$tmp" "$pub"
	printf 'release=%s\nimage=%s\nkdir=%s\nmodules=%s\nconfig=%s\n' "$release" \
		"$top/bzImage" "$obj" "$top/lib/modules/$release" "$obj/.config"
}

if [ -f "$top/.memviz-done" ] && [ "$(cat "$top/.memviz-done")" = "$release" ]; then
	publish
	exit 0
fi

mk() {
	nice -n 19 make -C "$src" O="$obj" "$@"
}

fragment >"$top/fragment.config"
mv_log "configuring $release in $obj"
mk defconfig kvm_guest.config >"$top/config.log" 2>&1 ||
	mv_die "make defconfig kvm_guest.config failed; log: $top/config.log"

# scripts/config for every line, twice around olddefconfig: an option whose
# dependency is switched on in the same fragment sticks on the second pass.
apply_fragment() {
	local line sym val args=()

	while IFS= read -r line; do
		case $line in
		"# CONFIG_"*" is not set")
			sym=${line#\# CONFIG_}
			args+=(--disable "${sym% is not set}")
			;;
		CONFIG_*=*)
			sym=${line%%=*}
			sym=${sym#CONFIG_}
			val=${line#*=}
			case $val in
			y) args+=(--enable "$sym") ;;
			m) args+=(--module "$sym") ;;
			\"*\") val=${val#\"}; args+=(--set-str "$sym" "${val%\"}") ;;
			*) args+=(--set-val "$sym" "$val") ;;
			esac
			;;
		esac
	done < <(fragment)
	"$src/scripts/config" --file "$obj/.config" "${args[@]}"
}
for pass in 1 2; do
	apply_fragment
	mk olddefconfig >>"$top/config.log" 2>&1 ||
		mv_die "make olddefconfig failed (pass $pass); log: $top/config.log"
done

# Verify: every fragment line must be in .config as written ("is not set"
# also holds when the symbol vanished entirely).
dropped=()
while IFS= read -r line; do
	case $line in
	"# CONFIG_"*" is not set")
		sym=${line#\# }
		sym=${sym% is not set}
		grep -q "^$sym=" "$obj/.config" && dropped+=("$line (got: $(grep "^$sym=" "$obj/.config"))")
		;;
	CONFIG_*=*)
		grep -qxF -- "$line" "$obj/.config" ||
			dropped+=("$line (got: $(grep -E "^(# )?${line%%=*}[= ]" "$obj/.config" || echo absent))")
		;;
	esac
done < <(fragment)
# lockdown= on the command line needs the LSM in the active list.
grep -E '^CONFIG_LSM=".*lockdown' "$obj/.config" >/dev/null ||
	dropped+=("CONFIG_LSM must list lockdown (got: $(grep '^CONFIG_LSM=' "$obj/.config" || echo absent))")
if [ "${#dropped[@]}" -gt 0 ]; then
	printf '%s: error: olddefconfig dropped %d requested option(s):\n' "${0##*/}" \
		"${#dropped[@]}" >&2
	printf '  %s\n' "${dropped[@]}" >&2
	exit 1
fi
mv_log "config verified: all $(fragment | grep -c 'CONFIG_') fragment lines hold"

t0=$(date +%s)
mv_log "building bzImage and modules (nice 19, -j$jobs); log: $top/build.log"
mk -j"$jobs" bzImage modules >"$top/build.log" 2>&1 || {
	tail -n 30 "$top/build.log" >&2
	mv_die "kernel build failed; log: $top/build.log"
}
[ -f "$obj/Module.symvers" ] || mv_die "no Module.symvers in $obj"
got=$(cat "$obj/include/config/kernel.release")
[ "$got" = "$release" ] || mv_die "kernel release is '$got', expected '$release'"
rm -rf "${top:?}/lib"
mk INSTALL_MOD_PATH="$top" INSTALL_MOD_STRIP=1 modules_install \
	>>"$top/build.log" 2>&1 || mv_die "modules_install failed; log: $top/build.log"
# Not links into the build tree: the guest packer copies real files.
rm -f "$top/lib/modules/$release/build" "$top/lib/modules/$release/source"
cp "$obj/arch/x86/boot/bzImage" "$top/bzImage"
mv_log "built $release in $(($(date +%s) - t0)) s"
printf '%s\n' "$release" >"$top/.memviz-done"
publish
