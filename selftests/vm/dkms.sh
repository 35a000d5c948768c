#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds the module through DKMS, with the repository's dkms.conf, for each
# kernel release given: the tree goes to /usr/src/<name>-<version> (version
# from dkms.conf's PACKAGE_VERSION), a stale registration is removed first,
# and everything is removed again at the end so this machine keeps no
# memviz registration between runs. Prints unnumbered TAP points:
#   ok - dkms.conf PACKAGE_VERSION equals VERSION
#   ok - dkms build: RELEASE
#   ok - dkms build: RELEASE: memviz.ko MODULE_VERSION is VERSION
# MEMVIZ_MODULE_SRC picks the tree (packaging.sh passes the memviz-dkms
# package's /usr/src/memviz-VERSION, so DKMS builds what the package ships).
# Usage: dkms.sh LOGDIR RELEASE...      (exits 0 unless misused)
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# -ge 2 ] || mv_die "usage: dkms.sh LOGDIR RELEASE..."
logdir=$1
shift
mkdir -p "$logdir"
conf=$MV_MODULE_SRC/dkms.conf

if [ ! -f "$conf" ]; then
	for release in "$@"; do
		echo "ok - dkms build: $release # SKIP no dkms.conf in the tree"
	done
	exit 0
fi

# dkms.conf is shell that dkms sources; read it the same way.
read -r name version < <(kernelver=$1 bash -c \
	'. "$1" >/dev/null 2>&1; echo "${PACKAGE_NAME:-memviz} ${PACKAGE_VERSION:-}"' _ "$conf")
if [ -z "$version" ]; then
	for release in "$@"; do
		echo "not ok - dkms build: $release"
		echo "#   dkms.conf sets no PACKAGE_VERSION"
	done
	exit 0
fi
src=/usr/src/$name-$version
if [ -f "$MV_MODULE_SRC/VERSION" ]; then
	file_version=$(cat "$MV_MODULE_SRC/VERSION")
	if [ "$file_version" = "$version" ]; then
		echo "ok - dkms.conf PACKAGE_VERSION equals VERSION ($version)"
	else
		echo "not ok - dkms.conf PACKAGE_VERSION equals VERSION"
		echo "#   dkms.conf says '$version', VERSION says '$file_version'"
	fi
fi

# One DKMS user at a time on this machine.
mv_lock dkms

cleanup() {
	dkms remove -m "$name" -v "$version" --all >/dev/null 2>&1 || true
	rm -rf "$src"
}
cleanup
trap cleanup EXIT
mkdir -p "$src"
for item in Kbuild Makefile VERSION dkms.conf module debugfs; do
	[ -e "$MV_MODULE_SRC/$item" ] && rsync -a --exclude='*.o' --exclude='*.ko' \
		--exclude='.*.cmd' "$MV_MODULE_SRC/$item" "$src/"
done
if ! dkms add -m "$name" -v "$version" >"$logdir/dkms-add.log" 2>&1; then
	for release in "$@"; do
		echo "not ok - dkms build: $release"
	done
	sed 's/^/#   /' "$logdir/dkms-add.log"
	exit 0
fi
for release in "$@"; do
	log=$logdir/dkms-$release.log
	if dkms build -m "$name" -v "$version" -k "$release" >"$log" 2>&1; then
		echo "ok - dkms build: $release"
		# modinfo reads the file's .modinfo section; nothing is loaded.
		ko=$(compgen -G "/var/lib/dkms/$name/$version/$release/*/module/$name.ko*" |
			head -n 1) || true
		modver=$( [ -n "$ko" ] && modinfo -F version "$ko" 2>/dev/null) || true
		if [ -n "$modver" ] && [ "$modver" = "$version" ]; then
			echo "ok - dkms build: $release: $name.ko MODULE_VERSION is $version"
		else
			echo "not ok - dkms build: $release: $name.ko MODULE_VERSION is $version"
			echo "#   modinfo -F version ${ko:-(no $name.ko found)}: '${modver}'"
		fi
	else
		echo "not ok - dkms build: $release"
		tail -n 15 "$log" | sed 's/^/#   /'
		make_log=/var/lib/dkms/$name/$version/build/make.log
		if [ -f "$make_log" ]; then
			cp "$make_log" "$logdir/dkms-$release.make.log"
			tail -n 25 "$make_log" | sed 's/^/#   make.log: /'
		fi
	fi
done
