#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's checkpatch.pl --strict on every module/*.[ch] and
# debugfs/*.[ch], one result per file: clean under the checkpatch.pl of
# every kernel line asked for (MEMVIZ_KERNELS; sources.sh), each line's
# rules as its own kernel tree applies them.
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
# One checkpatch.pl per distinct source package of the lines.
checkpatches=()
declare -A seen=()
for flavour in $(mv_flavours); do
	# The built flavours (6.12-debug, 6.12-kcsan) are linux-source-6.12.
	mv_built_variant "$flavour" >/dev/null && flavour=6.12
	pkg=$(mv_line "$flavour" source 2>/dev/null) || continue
	[ -n "${seen[$pkg]:-}" ] && continue
	seen[$pkg]=1
	dir=$("$MV_VM_DIR/sources.sh" "$flavour") || mv_die "sources.sh $flavour failed"
	checkpatches+=("$dir/scripts/checkpatch.pl")
done
[ "${#checkpatches[@]}" -gt 0 ] || mv_die "no kernel line selected (MEMVIZ_KERNELS)"
names=$(for c in "${checkpatches[@]}"; do
	c=${c%/scripts/checkpatch.pl}
	printf '%s ' "${c##*/linux-source-}"
done)
names=${names% }

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
		for checkpatch in "${checkpatches[@]}"; do
			c=${checkpatch%/scripts/checkpatch.pl}
			perl "$checkpatch" --strict --no-tree --no-summary --terse \
				--show-types -f "${files[$i]}" >"$tmp/$i.one" 2>&1 && continue
			rc=1
			sed "s|^|${c##*/linux-source-}: |" "$tmp/$i.one" >>"$tmp/$i.out"
		done
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
			echo "ok - checkpatch --strict ($names): $f"
		else
			echo "not ok - checkpatch --strict ($names): $f"
			sed 's/^/#   /' "$tmp/$i.out"
		fi
	elif [ "$rc" -ne 0 ]; then
		cat "$tmp/$i.out"
	fi
	[ "$rc" -eq 0 ] || failed=$((failed + 1))
done
[ "$tap" = 1 ] && exit 0
echo "checkpatch --strict ($names): ${#files[@]} files, $failed with findings"
[ "$failed" -eq 0 ]
