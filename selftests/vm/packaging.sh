#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The packaging stage of `make check` (alone: `make check-packaging`):
#   - VERSION, dkms.conf, debian/changelog and the packaged `memviz --version`
#     agree;
#   - dpkg-buildpackage -us -uc -b builds memviz and memviz-dkms from a copy
#     of the tree, lintian reports no errors (warnings become diagnostics);
#   - dkms add + build (dkms.sh) of the memviz-dkms package's /usr/src tree
#     for each release, with the built module's MODULE_VERSION; for the
#     releases of other suites, the package installed in their chroot with
#     that suite's dkms (dkms-chroot.sh);
#   - the units pass systemd-analyze verify, the generator turns
#     MEMVIZ_INTERVAL into the timer's period;
#   - the example alerting rules pass promtool check rules and test rules;
#   - fleet: Debian's node_exporter on 127.0.0.1 (a free port, textfile
#     collector only, reading a temporary directory), the packaged writer run
#     as the packaged unit's ExecStart with the packaged /etc/default/memviz
#     against a saved snapshot (--debugfs), a scrape over HTTP: the memviz_*
#     samples served equal the file written and the snapshot's own tables,
#     promtool check metrics accepts the scrape, scrapes during rewrites
#     never see a partial file, and every metric the rules name is served.
# Nothing is installed on this machine but the build dependencies; the .debs
# are unpacked with dpkg-deb -x. node_exporter is stopped at exit.
#
# Usage: packaging.sh [--summary] LOGDIR [RELEASE...]
#   RELEASE: kernels for DKMS (default: every Debian kernel whose
#   linux-headers-RELEASE package is installed, here or in a chroot; with
#   --summary, first those of every line). Prints unnumbered TAP points;
#   --summary (make check-packaging) installs the dependencies first, numbers
#   nothing but ends with "N passed, N failed" and exits 1 on a failure.
#   Under make check the package is built with DEB_BUILD_OPTIONS=nocheck:
#   the reader's unit tests are a stage of their own there.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mv_need_root
summary=0
if [ "${1:-}" = --summary ]; then
	summary=1
	shift
fi
[ $# -ge 1 ] || mv_die "usage: packaging.sh [--summary] LOGDIR [RELEASE...]"
mkdir -p "$1"
logdir=$(cd "$1" && pwd)
shift
releases=("$@")
repo=$MV_REPO
examples=usr/share/doc/memviz/examples

npass=0
nfail=0
nskip=0

# Pass TAP lines from stdin through, counting the points.
tap() {
	local line

	while IFS= read -r line; do
		case $line in
		"ok - "*" # SKIP"*) nskip=$((nskip + 1)) ;;
		"ok - "*) npass=$((npass + 1)) ;;
		"not ok - "*) nfail=$((nfail + 1)) ;;
		esac
		printf '%s\n' "$line"
	done
}

pass() {
	tap <<<"ok - $1"
}

# fail DESC [LOG]: a failing point with the end of LOG as diagnostics.
fail() {
	tap <<<"not ok - $1"
	if [ -n "${2:-}" ] && [ -f "$2" ]; then
		tail -n 15 "$2" | sed 's/^/#   /'
		echo "#   (full log: $2)"
	fi
}

skip() {
	tap <<<"ok - $1 # SKIP $2"
}

# check DESC LOG CMD...: CMD's output goes to LOG; one point.
check() {
	local desc=$1 log=$2

	shift 2
	if "$@" >"$log" 2>&1; then
		pass "$desc"
	else
		fail "$desc" "$log"
	fi
}

work=$(mktemp -d "${TMPDIR:-/tmp}/memviz-packaging.XXXXXX")
exporter_pid=
cleanup() {
	if [ -n "$exporter_pid" ]; then
		kill "$exporter_pid" 2>/dev/null || true
		wait "$exporter_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}

finish() {
	cleanup
	if [ "$summary" = 1 ]; then
		local s="$npass passed, $nfail failed"

		[ "$nskip" -gt 0 ] && s+=", $nskip skipped"
		echo "1..$((npass + nfail + nskip))"
		echo "# logs: $logdir"
		echo "$s"
		[ "$nfail" -eq 0 ] || exit 1
	fi
	exit 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$summary" = 1 ]; then
	check "packaging: host dependencies installed" "$logdir/deps.log" "$MV_VM_DIR/deps.sh"
	# The headers of every line (MEMVIZ_KERNELS), here or in their chroot.
	if [ "${#releases[@]}" -eq 0 ]; then
		for flavour in $(mv_flavours); do
			mv_built_variant "$flavour" >/dev/null && continue
			if rel=$("$MV_VM_DIR/kernels.sh" --headers-only "$flavour" 2>>"$logdir/kernels.log"); then
				releases+=("$rel")
			else
				fail "packaging: kernel $flavour: headers installed" "$logdir/kernels.log"
			fi
		done
	fi
fi

# Every Debian kernel whose headers package is installed, here or in a
# chroot of another suite (kernels.sh).
if [ "${#releases[@]}" -eq 0 ]; then
	for build in /lib/modules/*/build; do
		rel=${build#/lib/modules/}
		rel=${rel%/build}
		[ -f "$build/Makefile" ] && mv_installed "linux-headers-$rel" && releases+=("$rel")
	done
	for hdr in "$MV_CACHE"/chroots/*/usr/src/linux-headers-*/Module.symvers; do
		[ -f "$hdr" ] || continue
		rel=${hdr%/Module.symvers}
		releases+=("${rel##*/linux-headers-}")
	done
fi
# Those of other suites: memviz-dkms installed in their chroot (dkms-chroot.sh).
host_rels=()
chroot_rels=()
for rel in "${releases[@]}"; do
	if [ ! -d "/lib/modules/$rel/build" ] && mv_chroot_with_headers "$rel" >/dev/null; then
		chroot_rels+=("$rel")
	else
		host_rels+=("$rel")
	fi
done

# 1. One version source.
version=$(cat "$repo/VERSION")
dkms_version=$(bash -c '. "$1" >/dev/null 2>&1; echo "${PACKAGE_VERSION:-}"' _ "$repo/dkms.conf")
deb_version=$(dpkg-parsechangelog -l "$repo/debian/changelog" -S Version)
deb_upstream=${deb_version#*:}
deb_upstream=${deb_upstream%-*}
if [ "$dkms_version" = "$version" ] && [ "$deb_upstream" = "$version" ]; then
	pass "packaging: VERSION, dkms.conf and debian/changelog agree ($version)"
else
	fail "packaging: VERSION, dkms.conf and debian/changelog agree"
	echo "#   VERSION $version, dkms.conf $dkms_version, debian/changelog $deb_version"
fi

# 2. Both packages, from a copy: the build writes into debian/ and ../.
src=$work/build/memviz-$version
mkdir -p "$src"
rsync -a --exclude=.git --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
	--exclude=/userspace/memviz "$repo/" "$src/"
opts=${DEB_BUILD_OPTIONS:-}
[ "$summary" = 1 ] || opts="nocheck $opts"
deb=$work/build/memviz_${deb_version#*:}_$(dpkg --print-architecture).deb
dkms_deb=$work/build/memviz-dkms_${deb_version#*:}_all.deb
changes=$work/build/memviz_${deb_version#*:}_$(dpkg --print-architecture).changes
built=0
if (cd "$src" && DEB_BUILD_OPTIONS=$opts nice -n 10 dpkg-buildpackage -us -uc -b) \
	>"$logdir/dpkg-buildpackage.log" 2>&1 && [ -f "$deb" ] && [ -f "$dkms_deb" ]; then
	built=1
	cp "$deb" "$dkms_deb" "$logdir/"
	pass "packaging: dpkg-buildpackage -us -uc -b builds ${deb##*/} and ${dkms_deb##*/}"
else
	fail "packaging: dpkg-buildpackage -us -uc -b builds memviz and memviz-dkms" \
		"$logdir/dpkg-buildpackage.log"
fi

root=$work/root
dkms_root=$work/dkms-root
if [ "$built" = 1 ]; then
	# Lintian: errors fail; warnings and below are listed.
	if nice -n 10 lintian --fail-on error --no-tag-display-limit "$changes" \
		>"$logdir/lintian.log" 2>&1; then
		pass "packaging: lintian reports no errors"
	else
		fail "packaging: lintian reports no errors" "$logdir/lintian.log"
	fi
	grep -E '^[WIP]: ' "$logdir/lintian.log" | sed 's/^/# lintian: /' || true

	dpkg-deb -x "$deb" "$root"
	dpkg-deb -x "$dkms_deb" "$dkms_root"
	dpkg-deb -e "$dkms_deb" "$work/dkms-control"

	missing=()
	for f in usr/bin/memviz usr/share/man/man1/memviz.1.gz \
		usr/libexec/memviz/memviz-textfile etc/default/memviz \
		lib/systemd/system/memviz-textfile.service lib/systemd/system/memviz-textfile.timer \
		lib/systemd/system-generators/memviz-textfile-generator \
		"$examples/memviz-alerts.yml" "$examples/memviz-alerts.test.yml"; do
		[ -e "$root/$f" ] || missing+=("$f")
	done
	if [ "${#missing[@]}" -eq 0 ]; then
		pass "packaging: memviz ships the reader, man page, writer, units, generator, defaults and alert rules"
	else
		fail "packaging: memviz ships the reader, man page, writer, units, generator, defaults and alert rules"
		echo "#   missing: ${missing[*]}"
	fi

	got=$("$root/usr/bin/memviz" --version 2>&1 || true)
	if [ "$got" = "memviz $version" ]; then
		pass "packaging: packaged memviz --version prints $version"
	else
		fail "packaging: packaged memviz --version prints $version"
		echo "#   got '$got'"
	fi

	conf=$dkms_root/usr/src/memviz-$version/dkms.conf
	why=
	[ -f "$conf" ] || why="no /usr/src/memviz-$version/dkms.conf"
	[ -z "$why" ] && ! grep -qx "PACKAGE_VERSION=\"$version\"" "$conf" && why="PACKAGE_VERSION is not $version"
	[ -z "$why" ] && ! grep -qx 'AUTOINSTALL="yes"' "$conf" && why="no AUTOINSTALL=yes"
	[ -z "$why" ] && ! grep -q "dkms_common.postinst\|dkms" "$work/dkms-control/postinst" 2>/dev/null &&
		why="postinst does not run DKMS"
	[ -z "$why" ] && ! dpkg-deb -f "$dkms_deb" Depends | grep -qw dkms && why="no Depends on dkms"
	if [ -z "$why" ]; then
		pass "packaging: memviz-dkms ships /usr/src/memviz-$version (AUTOINSTALL, DKMS in postinst, Depends: dkms)"
	else
		fail "packaging: memviz-dkms ships /usr/src/memviz-$version (AUTOINSTALL, DKMS in postinst, Depends: dkms)"
		echo "#   $why"
	fi
fi

# 3. DKMS: add + build of what memviz-dkms ships (the repository's tree when
# the package did not build) for every release here; the package itself,
# installed with their own dkms, in the chroots of other suites.
if [ "${#releases[@]}" -eq 0 ]; then
	skip "packaging: dkms build" "no Debian linux-headers-* package installed"
fi
if [ "${#host_rels[@]}" -gt 0 ]; then
	echo "# dkms: ${host_rels[*]}"
	dkms_src=$repo
	[ "$built" = 1 ] && dkms_src=$dkms_root/usr/src/memviz-$version
	tap < <(MEMVIZ_MODULE_SRC=$dkms_src nice -n 10 "$MV_VM_DIR/dkms.sh" "$logdir/dkms" \
		"${host_rels[@]}" 2>"$logdir/dkms.log" ||
		echo "not ok - dkms could not run (see $logdir/dkms.log)")
fi
if [ "${#chroot_rels[@]}" -gt 0 ]; then
	echo "# dkms in chroots: ${chroot_rels[*]}"
	if [ "$built" = 1 ]; then
		tap < <(nice -n 10 "$MV_VM_DIR/dkms-chroot.sh" "$logdir/dkms-chroot" "$dkms_deb" \
			"${chroot_rels[@]}" 2>"$logdir/dkms-chroot.log" ||
			echo "not ok - dkms-chroot.sh could not run (see $logdir/dkms-chroot.log)")
	else
		for rel in "${chroot_rels[@]}"; do
			fail "dkms in a chroot: $rel (memviz-dkms did not build)"
		done
	fi
fi

[ "$built" = 1 ] || finish

# 4. systemd units and the interval generator.
if command -v systemd-analyze >/dev/null; then
	# The package's tree plus this host's units (targets the timer names).
	cp -an /lib/systemd/system/. "$root/lib/systemd/system/" 2>/dev/null || true
	check "packaging: systemd-analyze verify memviz-textfile.service and .timer" \
		"$logdir/systemd-verify.log" systemd-analyze verify --man=no --root="$root" \
		"$root/lib/systemd/system/memviz-textfile.timer" \
		"$root/lib/systemd/system/memviz-textfile.service"
else
	skip "packaging: systemd-analyze verify memviz-textfile.service and .timer" "no systemd-analyze"
fi
gen=$root/lib/systemd/system-generators/memviz-textfile-generator
printf 'MEMVIZ_INTERVAL="7"\n' >"$work/default-7"
MEMVIZ_DEFAULTS=$root/etc/default/memviz "$gen" "$work/gen-default" >/dev/null 2>&1 || true
MEMVIZ_DEFAULTS=$work/default-7 "$gen" "$work/gen-7" >/dev/null 2>&1 || true
shipped=$(sed -n 's/^MEMVIZ_INTERVAL=//p' "$root/etc/default/memviz")
dropin=memviz-textfile.timer.d/50-memviz-interval.conf
if grep -qx "OnUnitActiveSec=${shipped}s" "$work/gen-default/$dropin" 2>/dev/null &&
	grep -qx 'OnUnitActiveSec=7s' "$work/gen-7/$dropin" 2>/dev/null; then
	pass "packaging: generator sets the timer's OnUnitActiveSec from MEMVIZ_INTERVAL (${shipped}s shipped, 7s)"
else
	fail "packaging: generator sets the timer's OnUnitActiveSec from MEMVIZ_INTERVAL"
	cat "$work/gen-default/$dropin" "$work/gen-7/$dropin" 2>&1 | sed 's/^/#   /'
fi

# 5. Alerting rules, as shipped.
promdir=
if promdir=$("$MV_VM_DIR/prom-tools.sh" 2>"$logdir/prom-tools.log"); then
	promtool=$promdir/bin/promtool
	check "packaging: promtool check rules memviz-alerts.yml" "$logdir/promtool-rules.log" \
		"$promtool" check rules "$root/$examples/memviz-alerts.yml"
	check "packaging: promtool test rules memviz-alerts.test.yml" "$logdir/promtool-test.log" \
		bash -c 'cd "$1" && "$2" test rules memviz-alerts.test.yml' _ \
		"$root/$examples" "$promtool"
else
	fail "packaging: promtool and node_exporter unpacked" "$logdir/prom-tools.log"
	finish
fi

# 6. Fleet: node_exporter serving what the packaged writer wrote.
exporter=$promdir/bin/prometheus-node-exporter
textdir=$work/textfile
snap=$work/snapshot
mkdir -p "$textdir"
cp -a "$repo/packaging/tests/snapshot" "$snap"
port=
for try in 1 2 3 4 5 6 7 8 9 10; do
	p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
	"$exporter" --web.listen-address="127.0.0.1:$p" --collector.disable-defaults \
		--collector.textfile --collector.textfile.directory="$textdir" \
		>"$logdir/node-exporter.log" 2>&1 &
	exporter_pid=$!
	for _ in $(seq 50); do
		curl -sf -o /dev/null "http://127.0.0.1:$p/metrics" && break
		kill -0 "$exporter_pid" 2>/dev/null || break
		sleep 0.1
	done
	if curl -sf -o /dev/null "http://127.0.0.1:$p/metrics"; then
		port=$p
		break
	fi
	kill "$exporter_pid" 2>/dev/null || true
	wait "$exporter_pid" 2>/dev/null || true
	exporter_pid=
	echo "# node_exporter did not come up on 127.0.0.1:$p (try $try)"
done
if [ -z "$port" ]; then
	fail "packaging: node_exporter listens on 127.0.0.1" "$logdir/node-exporter.log"
	finish
fi
pass "packaging: node_exporter $(sed -n 's/^prometheus-node-exporter //p' "$promdir/VERSIONS") on 127.0.0.1:$port, textfile collector on a temporary directory"

# The writer as the unit starts it: its ExecStart, the packaged defaults,
# then what the test changes (where to write, what to read, which binary).
exec_start=$(sed -n 's/^ExecStart=//p' "$root/lib/systemd/system/memviz-textfile.service")
run_writer() {
	(
		set -a
		# shellcheck disable=SC1091
		. "$root/etc/default/memviz"
		set +a
		export MEMVIZ_TEXTFILE_DIR=$textdir MEMVIZ_ARGS="--debugfs $snap" \
			MEMVIZ_BIN=$root/usr/bin/memviz
		"$root$exec_start"
	)
}
if [ -n "$exec_start" ] && run_writer >"$logdir/writer.log" 2>&1 &&
	[ -s "$textdir/memviz.prom" ] && [ -z "$(find "$textdir" -name '.memviz*')" ]; then
	pass "packaging: the unit's ExecStart ($exec_start) writes memviz.prom from the snapshot"
else
	fail "packaging: the unit's ExecStart (${exec_start:-none}) writes memviz.prom from the snapshot" \
		"$logdir/writer.log"
fi
cp "$textdir/memviz.prom" "$logdir/memviz.prom" 2>/dev/null || true
status=$(grep '^memviz_textfile_command_success' "$textdir/memviz.prom" 2>/dev/null || true)
if [ -n "$status" ] && ! grep -q ' 0$' <<<"$status"; then
	pass "packaging: every command of the writer succeeded ($(grep -o 'command="[^"]*"' <<<"$status" |
		sed 's/command=//; s/"//g' | paste -sd' '))"
else
	fail "packaging: every command of the writer succeeded" "$logdir/writer.log"
	sed 's/^/#   /' <<<"$status"
fi

url=http://127.0.0.1:$port/metrics
scrape=$logdir/scrape.txt
if curl -sf "$url" >"$scrape" && grep -qx 'node_textfile_scrape_error 0' "$scrape"; then
	pass "packaging: node_exporter serves memviz.prom over HTTP ($(grep -c '^memviz_' "$scrape") memviz samples, node_textfile_scrape_error 0)"
else
	fail "packaging: node_exporter serves memviz.prom over HTTP (node_textfile_scrape_error 0)"
	grep '^node_textfile' "$scrape" 2>/dev/null | sed 's/^/#   /'
	tail -n 5 "$logdir/node-exporter.log" | sed 's/^/#   /'
fi
compare=$repo/packaging/tests/prom-compare.py
check "packaging: served memviz_* samples equal the file written" "$logdir/compare-same.log" \
	python3 "$compare" same "$textdir/memviz.prom" "$scrape"
check "packaging: served values equal the snapshot's tables (zones, kswapd, OOM victim, sysctl)" \
	"$logdir/compare-snapshot.log" python3 "$compare" snapshot "$snap" "$scrape"
check "packaging: promtool check metrics accepts what node_exporter serves" \
	"$logdir/promtool-metrics.log" bash -c '"$1" check metrics <"$2"' _ "$promtool" "$scrape"
check "packaging: every memviz metric the alerting rules name is served" \
	"$logdir/compare-names.log" python3 "$compare" names "$root/$examples/memviz-alerts.yml" "$scrape"
sed -n 's/^# rules name/# rules name/p' "$logdir/compare-names.log"

# Atomic replacement: scrapes while the writer rewrites the file never see
# a partial or missing file. Bounded: 10 rewrites.
want=$(grep -c '^memviz_' "$scrape" || true)
(for _ in $(seq 10); do run_writer || exit 1; done) >"$logdir/writer-loop.log" 2>&1 &
loop=$!
bad=0
scrapes=0
while kill -0 "$loop" 2>/dev/null && [ "$scrapes" -lt 200 ]; do
	scrapes=$((scrapes + 1))
	curl -sf "$url" >"$work/s.txt" || { bad=$((bad + 1)); continue; }
	if ! grep -qx 'node_textfile_scrape_error 0' "$work/s.txt" ||
		[ "$(grep -c '^memviz_' "$work/s.txt")" != "$want" ]; then
		bad=$((bad + 1))
	fi
done
loop_rc=0
wait "$loop" || loop_rc=$?
if [ "$loop_rc" -eq 0 ] && [ "$bad" -eq 0 ] && [ "$scrapes" -gt 0 ]; then
	pass "packaging: $scrapes scrapes during 10 rewrites all complete ($want memviz samples, no textfile error)"
else
	fail "packaging: scrapes during 10 rewrites all complete" "$logdir/writer-loop.log"
	echo "#   $bad of $scrapes scrapes incomplete; writer loop exit $loop_rc"
fi

kill "$exporter_pid" 2>/dev/null || true
wait "$exporter_pid" 2>/dev/null || true
exporter_pid=
finish
