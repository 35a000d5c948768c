#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's checkpatch.pl --strict on every module/*.[ch] and
# debugfs/*.[ch], one result per file.
#
# Usage: checkpatch.sh [--tap]
#   default  checkpatch's own report for the failing files; exit 1 if any
#   --tap    unnumbered TAP points ("ok - checkpatch --strict: FILE") for
#            selftests/run.sh, the report as "#" lines; always exits 0
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

tap=0
[ "${1:-}" = --tap ] && tap=1
checkpatch=$MV_CACHE/kernel-tools/checkpatch.pl
if [ ! -x "$checkpatch" ]; then
	"$MV_VM_DIR/deps.sh" >&2 || mv_die "deps.sh failed"
fi

cd "$MV_MODULE_SRC"
shopt -s nullglob
files=(module/*.[ch] debugfs/*.[ch])
[ "${#files[@]}" -gt 0 ] || mv_die "no module/*.[ch] or debugfs/*.[ch] in $MV_MODULE_SRC"
# checkpatch.pl takes seconds a file: run one per core, report in order.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for i in "${!files[@]}"; do
	while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do
		wait -n || true
	done
	(
		rc=0
		perl "$checkpatch" --strict --no-tree --no-summary --terse \
			--show-types -f "${files[$i]}" >"$tmp/$i.out" 2>&1 || rc=$?
		echo "$rc" >"$tmp/$i.rc"
	) &
done
wait
failed=0
for i in "${!files[@]}"; do
	f=${files[$i]}
	rc=$(cat "$tmp/$i.rc" 2>/dev/null || echo 1)
	if [ "$tap" = 1 ]; then
		if [ "$rc" -eq 0 ]; then
			echo "ok - checkpatch --strict: $f"
		else
			echo "not ok - checkpatch --strict: $f"
			sed 's/^/#   /' "$tmp/$i.out"
		fi
	elif [ "$rc" -ne 0 ]; then
		cat "$tmp/$i.out"
	fi
	[ "$rc" -eq 0 ] || failed=$((failed + 1))
done
[ "$tap" = 1 ] && exit 0
echo "checkpatch --strict: ${#files[@]} files, $failed with findings"
[ "$failed" -eq 0 ]
