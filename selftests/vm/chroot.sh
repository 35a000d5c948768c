#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# A build chroot of another Debian suite, for the kernel lines whose headers
# cannot be installed on this machine: 7.x headers need their suite's gcc and
# glibc (>= 2.38), and a lab machine of that suite builds memviz (by hand or
# through DKMS) with exactly those. Made once with mmdebstrap into
# $CACHE/chroots/<suite>/ (about 30 s), from the mirror this machine's own apt
# sources name; its package lists are refreshed when older than a day.
#
# Usage: chroot.sh SUITE        make (if needed) and print the chroot's path
#        chroot.sh --update SUITE   refresh its package lists now
#   SUITE: a Debian suite, or <suite>-backports for <suite> plus backports
# Commands run inside with mv_chroot_run (lib.sh).
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mv_need_root
update=0
if [ "${1:-}" = --update ]; then
	update=1
	shift
fi
[ $# -eq 1 ] || mv_die "usage: chroot.sh [--update] SUITE"
suite=$1
base=${suite%-backports}
root=$MV_CACHE/chroots/$suite
stamp=$root/.memviz-chroot

# The Debian archive this machine installs from (not its security mirror).
mirror() {
	local uri

	uri=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null |
		awk -v s="$(mv_host_suite)" '$2 == s { print $1; exit }')
	[ -n "$uri" ] || mv_die "no apt source for suite $(mv_host_suite) to take a mirror from"
	printf '%s\n' "${uri%/}"
}

apt_update() {
	mv_log "apt-get update in the $suite chroot"
	mv_chroot_apt "$root" "$suite" update >/dev/null ||
		mv_die "apt-get update failed in $root"
	touch "$root/.memviz-lists"
}

mv_lock "chroot-$suite"
if [ ! -f "$stamp" ]; then
	command -v mmdebstrap >/dev/null || mv_apt_install mmdebstrap
	m=${MEMVIZ_MIRROR:-$(mirror)}
	sources=("deb $m $base main")
	[ "$base" = "$suite" ] || sources+=("deb $m $suite main")
	mkdir -p "$MV_CACHE/chroots"
	tmp=$(mktemp -d "$MV_CACHE/chroots/.$suite.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	mv_log "making a $suite chroot from $m (mmdebstrap)"
	# Backports and sid Release files outlive their Valid-Until on some
	# mirrors; objtool and DKMS need nothing beyond the compiler.
	mmdebstrap --variant=apt --include=gcc,make,libc6-dev,kmod,xz-utils,zstd \
		--aptopt='Acquire::Check-Valid-Until "false"' \
		--aptopt='APT::Install-Recommends "false"' \
		"$base" "$tmp" "${sources[@]}" >"$MV_CACHE/chroots/$suite.log" 2>&1 ||
		mv_die "mmdebstrap $base failed; log: $MV_CACHE/chroots/$suite.log"
	rm -rf "$root"
	mv "$tmp" "$root"
	trap - EXIT
	printf '%s %s\n' "$suite" "$m" >"$stamp"
	update=1
fi
if [ "$update" = 1 ] || [ -z "$(find "$root/.memviz-lists" -mmin -1440 2>/dev/null)" ]; then
	apt_update
fi
printf '%s\n' "$root"
