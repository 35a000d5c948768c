#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# memviz-dkms on the kernel lines of other Debian suites, as a lab machine
# of that suite gets it: the package is installed with that suite's apt
# into its chroot (chroot.sh), which pulls in that suite's dkms, whose
# postinst builds and installs memviz for every kernel with headers there
# (kernels.sh installed them). Then, per release asked for: DKMS reports it
# installed, and the built memviz.ko's MODULE_VERSION is the package's.
# The package is purged again at the end (and before, if a run left it).
# Prints unnumbered TAP points:
#   ok - dkms in the SUITE chroot: memviz-dkms installs with SUITE's dkms
#   ok - dkms in the SUITE chroot: RELEASE built and installed (MODULE_VERSION V)
#
# Usage: dkms-chroot.sh LOGDIR MEMVIZ-DKMS.DEB RELEASE...   (exits 0 unless misused)
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mv_need_root
[ $# -ge 3 ] || mv_die "usage: dkms-chroot.sh LOGDIR MEMVIZ-DKMS.DEB RELEASE..."
logdir=$1
deb=$(readlink -f "$2")
shift 2
mkdir -p "$logdir"
[ -f "$deb" ] || mv_die "no $deb"
version=$(dpkg-deb -f "$deb" Version)
version=${version%-*}

# Releases by chroot: one package installation serves all of a suite's.
declare -A rels=()
for rel in "$@"; do
	if root=$(mv_chroot_with_headers "$rel"); then
		rels[$root]+=" $rel"
	else
		echo "not ok - dkms in a chroot: $rel"
		echo "#   no chroot holds linux-headers-$rel (kernels.sh)"
	fi
done

for root in "${!rels[@]}"; do
	suite=$(cut -d' ' -f1 "$root/.memviz-chroot")
	log=$logdir/dkms-$suite.log
	(
		mv_lock "chroot-$suite"
		purge() {
			mv_chroot_apt "$root" "$suite" purge memviz-dkms >>"$log" 2>&1 || true
			rm -f "$root/tmp/memviz-dkms.deb"
		}
		: >"$log"
		purge
		cp "$deb" "$root/tmp/memviz-dkms.deb"
		if mv_chroot_apt "$root" "$suite" install /tmp/memviz-dkms.deb >>"$log" 2>&1; then
			echo "ok - dkms in the $suite chroot: memviz-dkms $version installs with $suite's dkms $(
				mv_chroot_run "$root" "" dpkg-query -W -f='${Version}' dkms)"
		else
			echo "not ok - dkms in the $suite chroot: memviz-dkms installs with $suite's dkms"
			tail -n 20 "$log" | sed 's/^/#   /'
		fi
		for rel in ${rels[$root]}; do
			status=$(mv_chroot_run "$root" "" dkms status -m memviz -v "$version" -k "$rel" 2>>"$log")
			ko=$(compgen -G "$root/lib/modules/$rel/updates/dkms/memviz.ko*" | head -n 1) || true
			modver=
			if [ -n "$ko" ]; then
				case $ko in
				*.xz) xz -dc "$ko" >"$logdir/memviz-$rel.ko" ;;
				*.zst) zstd -qdc "$ko" >"$logdir/memviz-$rel.ko" ;;
				*) cp "$ko" "$logdir/memviz-$rel.ko" ;;
				esac
				modver=$(modinfo -F version "$logdir/memviz-$rel.ko" 2>/dev/null) || true
			fi
			if grep -q ': installed' <<<"$status" && [ "$modver" = "$version" ]; then
				echo "ok - dkms in the $suite chroot: $rel built and installed (MODULE_VERSION $modver)"
			else
				echo "not ok - dkms in the $suite chroot: $rel built and installed"
				echo "#   dkms status: ${status:-(nothing)}; memviz.ko: ${ko:-none}, version '$modver'"
				make_log=$(compgen -G "$root/var/lib/dkms/memviz/$version/$rel/*/log/make.log" |
					head -n 1) || true
				[ -z "$make_log" ] || tail -n 25 "$make_log" | sed 's/^/#   make.log: /'
			fi
		done
		purge
	)
done
