#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Debian's promtool (package prometheus) and node_exporter (package
# prometheus-node-exporter) for the packaging stage, unpacked into
# $CACHE/prom-tools/ instead of installed: installing them would add system
# users and, on a host running systemd, start a Prometheus server and a
# node_exporter that stay after the test. The test starts its own
# node_exporter on loopback and stops it. Idempotent; prints the directory.
#
# Usage: prom-tools.sh      -> $CACHE/prom-tools (bin/promtool,
#                              bin/prometheus-node-exporter, VERSIONS)
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mv_need_root
dir=$MV_CACHE/prom-tools
pkgs=(prometheus prometheus-node-exporter)
bins=(promtool prometheus-node-exporter)

mv_lock prom-tools
have_all=1
for b in "${bins[@]}"; do
	[ -x "$dir/bin/$b" ] || have_all=0
done
if [ "$have_all" = 0 ]; then
	dl=$MV_CACHE/dl/prom-tools
	rm -rf "$dl"
	mkdir -p "$dl"
	mv_log "downloading ${pkgs[*]} for promtool and node_exporter"
	tmp=$(mktemp -d "$MV_CACHE/.prom-tools.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	: >"$tmp/VERSIONS"
	for p in "${pkgs[@]}"; do
		deb=$(mv_fetch_deb "$dl" "$p")
		dpkg-deb -x "$deb" "$tmp/root"
		dpkg-deb -f "$deb" Package Version | sed 's/^[^:]*: //' | paste -sd' ' \
			>>"$tmp/VERSIONS"
	done
	mkdir -p "$tmp/bin"
	install -m 0755 "$tmp/root/usr/bin/promtool" "$tmp/bin/promtool"
	install -m 0755 "$tmp/root/usr/bin/prometheus-node-exporter" \
		"$tmp/bin/prometheus-node-exporter"
	rm -rf "$dir" "$tmp/root" "$dl"
	chmod 0755 "$tmp"
	mv "$tmp" "$dir"
	trap - EXIT
fi
printf '%s\n' "$dir"
