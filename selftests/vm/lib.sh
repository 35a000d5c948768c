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
MV_FLAVOURS_ALL="6.1 6.12 6.12-rt"
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
