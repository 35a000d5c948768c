#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel code memviz copies instead of calling (module/MIRRORS), against
# the sources of every kernel line asked for (MEMVIZ_KERNELS; sources.sh),
# each distinct source package once: one result per function, failing with
# its name, a diff and the memviz files to re-derive when a line's text of it
# is not the recorded one (mirrors.py: comments and whitespace do not count).
#
# Usage: mirrors.sh [--tap] [--update]
#   default   the changed functions, each with a diff; exit 1 if any
#   --tap     unnumbered TAP points ("ok - kernel copy NAME ...") for
#             selftests/run.sh, the diffs as "#" lines, after the
#             extractor's own test (mirrors.py selftest); always exits 0
#   --update  record what the sources hold now (fingerprints in the list,
#             texts in module/mirrored/): after re-deriving the copies
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

opts=()
tap=0
for arg; do
	case $arg in
	--tap) opts+=("$arg") tap=1 ;;
	--update) opts+=("$arg") ;;
	*) mv_die "usage: mirrors.sh [--tap] [--update]" ;;
	esac
done
list=$MV_MODULE_SRC/module/MIRRORS
[ -f "$list" ] || mv_die "no $list"
mv_apt_install python3
# The extractor first: a fingerprint blind to a token change passes anything.
if [ "$tap" = 1 ]; then
	python3 "$MV_VM_DIR/mirrors.py" selftest || true
elif ! out=$(python3 "$MV_VM_DIR/mirrors.py" selftest); then
	grep -v '^ok' <<<"$out"
	exit 1
fi

# Every line's package is named (a column for none of them is stale); the
# selected ones come with their unpacked tree.
declare -A dir=()
for flavour in $(mv_flavours); do
	pkg=$(mv_line "$flavour" source 2>/dev/null) || continue	# 6.12-debug
	[ -n "${dir[$pkg]:-}" ] && continue
	dir[$pkg]=$("$MV_VM_DIR/sources.sh" "$flavour") || mv_die "sources.sh $flavour failed"
done
if [ "${#dir[@]}" -eq 0 ]; then
	[ "$tap" = 1 ] || mv_die "no line of lines.conf selected (MEMVIZ_KERNELS)"
	echo "ok - kernel copies of module/MIRRORS # SKIP no line of lines.conf selected"
	exit 0
fi
sources=()
declare -A named=()
for flavour in $MV_FLAVOURS_ALL; do
	pkg=$(mv_line "$flavour" source)
	[ -n "${named[$pkg]:-}" ] && continue
	named[$pkg]=1
	sources+=("$pkg${dir[$pkg]:+=${dir[$pkg]}}")
done

exec python3 "$MV_VM_DIR/mirrors.py" check "${opts[@]}" "$list" "${sources[@]}"
