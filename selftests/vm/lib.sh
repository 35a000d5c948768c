# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Host-side helpers shared by the memviz VM test bench scripts: where the
# cache lives, how to report errors, and how to install Debian packages only
# when they are missing. Sourced, never run.

MV_CACHE=${MEMVIZ_CACHE:-/var/cache/memviz}
MV_VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MV_REPO=$(cd "$MV_VM_DIR/../.." && pwd)
# Where the kernel module sources come from (Kbuild, Makefile, module/,
# debugfs/, VERSION, dkms.conf); a developer may point this at another tree.
MV_MODULE_SRC=${MEMVIZ_MODULE_SRC:-$MV_REPO}
# Build outputs; selftests/run.sh points this at a per-run directory so two
# runs on one machine never share object files.
MV_BUILD=${MEMVIZ_BUILD:-$MV_CACHE/build}
MV_LINES=$MV_VM_DIR/lines.conf
MV_SHAPES_ALL="1node 2node"

mv_die() {
	printf '%s: error: %s\n' "${0##*/}" "$*" >&2
	exit 1
}

mv_log() {
	printf '%s: %s\n' "${0##*/}" "$*" >&2
}

# Hold an exclusive lock named NAME until this process exits: caches shared
# by concurrent runs (kernel images, kernel-tools, DKMS) are filled by one.
mv_lock() {
	local fd

	mkdir -p "$MV_CACHE"
	exec {fd}>"$MV_CACHE/.lock-$1"
	flock "$fd"
}

mv_need_root() {
	[ "$(id -u)" -eq 0 ] || mv_die "must run as root (apt-get, dkms, mknod)"
}

# True when a Debian package is fully installed (not just unpacked).
mv_installed() {
	[ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null)" = "ii " ]
}

# apt-get with the options every call here wants: no prompts, wait for the
# dpkg lock instead of failing when another apt run holds it, and download
# as root so `apt-get download` into the cache does not warn about _apt.
mv_apt() {
	DEBIAN_FRONTEND=noninteractive apt-get -q -y \
		-o DPkg::Lock::Timeout=900 -o APT::Sandbox::User=root "$@"
}

# mv_fetch_deb DIR PKG[=VERSION]: download the package's .deb into DIR
# (dropping older ones, refreshing the package lists if the first try
# fails); prints its path.
mv_fetch_deb() {
	local dir=$1 pkg=$2 name=${2%%=*} deb

	mkdir -p "$dir"
	rm -f "$dir/${name}_"*.deb
	mv_apt_lists_empty && mv_apt_update
	if ! (cd "$dir" && mv_apt download "$pkg" >/dev/null 2>&1); then
		mv_apt_update
		(cd "$dir" && mv_apt download "$pkg" >/dev/null) ||
			mv_die "cannot download $pkg"
	fi
	deb=$(compgen -G "$dir/${name}_*.deb" | head -n 1) || true
	[ -n "$deb" ] || mv_die "apt-get download left no ${name}_*.deb in $dir"
	echo "$deb"
}

# Refresh the package lists at most once per process tree.
mv_apt_update() {
	[ "${MV_APT_UPDATED:-0}" = 1 ] && return 0
	mv_log "apt-get update"
	mv_apt update >/dev/null || mv_die "apt-get update failed"
	export MV_APT_UPDATED=1
}

# True when the package lists know nothing yet (a freshly made machine).
mv_apt_lists_empty() {
	! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null
}

# Install the named packages that are not installed yet, quietly.
mv_apt_install() {
	local p missing=()

	for p in "$@"; do
		mv_installed "$p" || missing+=("$p")
	done
	[ "${#missing[@]}" -eq 0 ] && return 0
	mv_apt_lists_empty && mv_apt_update
	mv_log "installing ${missing[*]}"
	if ! mv_apt install --no-install-recommends "${missing[@]}" >/dev/null; then
		# Stale lists name versions the mirror no longer has: refresh once.
		mv_apt_update
		mv_apt install --no-install-recommends "${missing[@]}" >/dev/null ||
			mv_die "apt-get install ${missing[*]} failed"
	fi
}

# The dependency of a metapackage that names the real, ABI-versioned package
# (linux-image-amd64 -> linux-image-6.1.0-56-amd64).
mv_apt_resolve_meta() {
	local meta=$1 prefix=$2 dep

	mv_apt_lists_empty && mv_apt_update
	dep=$(apt-cache depends "$meta" 2>/dev/null |
		sed -n "s/^  Depends: \(${prefix}[^ ]*\)\$/\1/p" | sed -n 1p)
	if [ -z "$dep" ]; then
		mv_apt_update
		dep=$(apt-cache depends "$meta" 2>/dev/null |
			sed -n "s/^  Depends: \(${prefix}[^ ]*\)\$/\1/p" | sed -n 1p)
	fi
	[ -n "$dep" ] || mv_die "cannot resolve $meta to a ${prefix}* package"
	printf '%s\n' "$dep"
}

# mv_line FLAVOUR FIELD: one field of the kernel line FLAVOUR in lines.conf
# (suite, headers, image, source or checks); fails for an unknown flavour.
mv_line() {
	local col

	case $2 in
	suite) col=2 ;;
	headers) col=3 ;;
	image) col=4 ;;
	source) col=5 ;;
	checks) col=6 ;;
	*) mv_die "mv_line: no field '$2' in lines.conf" ;;
	esac
	awk -v f="$1" -v c="$col" '$1 !~ /^#/ && $1 == f { print $c; found = 1; exit }
		END { exit !found }' "$MV_LINES"
}

# Every flavour lines.conf names, in its order.
mv_lines_all() {
	awk '$1 !~ /^#/ && NF { printf "%s%s", sep, $1; sep = " " } END { print "" }' "$MV_LINES"
}
MV_FLAVOURS_ALL=$(mv_lines_all)

# Flavours built from linux-source-6.12 by debug-kernel.sh, not Debian
# packages: no headers package, so no DKMS or packaging checks.
# shellcheck disable=SC2034 # used by the scripts that source this
MV_FLAVOURS_BUILT="6.12-debug 6.12-kcsan"

# mv_built_variant FLAVOUR: debug-kernel.sh's variant for a built flavour
# (6.12-debug -> debug, 6.12-kcsan -> kcsan); fails for any other.
mv_built_variant() {
	case $1 in
	6.12-debug) echo debug ;;
	6.12-kcsan) echo kcsan ;;
	*) return 1 ;;
	esac
}

# The Debian suite this machine runs (its headers install here directly).
mv_host_suite() {
	(. /etc/os-release && printf '%s\n' "${VERSION_CODENAME:-}")
}

# True when SUITE's packages install on this machine rather than in a chroot.
mv_suite_on_host() {
	[ "$1" = "$(mv_host_suite)" ]
}

# Space-separated filter lists from the environment, with a default.
mv_flavours() {
	printf '%s\n' "${MEMVIZ_KERNELS:-$MV_FLAVOURS_ALL}"
}

mv_shapes() {
	printf '%s\n' "${MEMVIZ_SHAPES:-$MV_SHAPES_ALL}"
}

# mv_wanted_test NAME[.sh]: the guest test NAME is selected by MEMVIZ_TESTS
# (globs, space or comma separated; default all).
mv_wanted_test() {
	local base=${1%.sh} pat

	[ -z "${MEMVIZ_TESTS:-}" ] && return 0
	for pat in ${MEMVIZ_TESTS//,/ }; do
		pat=${pat%.sh}
		# shellcheck disable=SC2053
		[[ $base == $pat ]] && return 0
	done
	return 1
}

# mv_depmod BASE RELEASE: depmod -b, quiet about the files Debian's 7.x
# packages do not ship (modules.order, modules.builtin*): nothing needs them.
mv_depmod() {
	depmod -b "$1" "$2" 2> >(grep -v 'WARNING: could not open modules\.\(order\|builtin\)' >&2)
}

# mv_chroot_run ROOT HOSTDIR CMD...: run CMD as root inside the chroot ROOT
# (chroot.sh) with /proc mounted (objtool reads it) and, unless HOSTDIR is
# "", HOSTDIR bind-mounted at /mnt/memviz; in a mount namespace of its own,
# so nothing stays mounted when CMD ends, however it ends.
mv_chroot_run() {
	local root=$1 bind=$2

	shift 2
	unshare --mount --propagation private -- /bin/sh -c '
		root=$1 bind=$2
		shift 2
		mount -t proc proc "$root/proc" || exit 125
		if [ -n "$bind" ]; then
			mkdir -p "$root/mnt/memviz" &&
				mount --bind "$bind" "$root/mnt/memviz" || exit 125
		fi
		exec chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive \
			LC_ALL=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"' \
		sh "$root" "$bind" "$@"
}

# mv_chroot_apt ROOT SUITE ARGS...: apt-get in the chroot ROOT of SUITE, as
# mv_apt does here (-t SUITE: <suite>-backports wins over its base suite).
mv_chroot_apt() {
	local root=$1 suite=$2

	shift 2
	mv_chroot_run "$root" "" apt-get -q -y -o DPkg::Lock::Timeout=900 \
		-o Dpkg::Use-Pty=0 -o APT::Sandbox::User=root -t "$suite" "$@"
}

# mv_chroot_fetch_deb ROOT DIR PKG[=VERSION]: mv_fetch_deb with the apt of
# the chroot ROOT: the package's .deb into DIR; prints its path.
mv_chroot_fetch_deb() {
	local root=$1 dir=$2 pkg=$3 name=${3%%=*} deb

	mkdir -p "$dir"
	rm -f "$dir/${name}_"*.deb
	mv_chroot_run "$root" "$dir" sh -c 'cd /mnt/memviz &&
		apt-get -q -o APT::Sandbox::User=root download "$1"' sh "$pkg" >/dev/null ||
		mv_die "cannot download $pkg in the chroot $root"
	deb=$(compgen -G "$dir/${name}_*.deb" | head -n 1) || true
	[ -n "$deb" ] || mv_die "apt-get download left no ${name}_*.deb in $dir"
	echo "$deb"
}

# The chroot of a suite that is not this machine's (made if missing).
mv_chroot_of() {
	"$MV_VM_DIR/chroot.sh" "$1"
}

# mv_chroot_with_headers RELEASE: the chroot whose /usr/src holds
# linux-headers-RELEASE (kernels.sh installed it), or nothing.
mv_chroot_with_headers() {
	local root

	for root in "$MV_CACHE"/chroots/*/; do
		[ -f "$root/usr/src/linux-headers-$1/Makefile" ] && { printf '%s\n' "${root%/}"; return 0; }
	done
	return 1
}

# mv_kconfig RELEASE: the path of the kernel's .config: the image's
# /boot/config-*, else its headers' (here or in a chroot) or built tree's.
mv_kconfig() {
	local f root

	for f in "$MV_CACHE/kernels/$1/boot/config-$1" "/lib/modules/$1/build/.config" \
		"$MV_CACHE/kernels/$1/kdir/.config"; do
		[ -f "$f" ] && { printf '%s\n' "$f"; return 0; }
	done
	root=$(mv_chroot_with_headers "$1") && [ -f "$root/usr/src/linux-headers-$1/.config" ] &&
		{ printf '%s\n' "$root/usr/src/linux-headers-$1/.config"; return 0; }
	return 1
}
