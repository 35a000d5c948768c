#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The KCSAN reports of a guest's console with file:line for each racing
# access: for both accesses, the frame that made it and every memviz frame.
# The built kernels have no debug info (DEBUG_INFO_NONE keeps the build
# short), so the object that defines a kernel function is compiled again
# with -g from its saved kbuild command (-g does not change the code GCC
# generates, so offsets still match), and memviz.ko is built again with
# KCFLAGS=-g from $MEMVIZ_MODULE_SRC (default: this tree; it must be the
# source the guest ran). scripts/faddr2line does the rest.
#
# Usage: kcsan-lines.sh CONSOLE.LOG [RELEASE]
#   RELEASE defaults to the one the harness's start marker names.
# Scratch objects: $CACHE/kcsan-lines/<release>/ (kept; cheap to reuse).
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

{ [ $# -ge 1 ] && [ $# -le 2 ]; } || mv_die "usage: kcsan-lines.sh CONSOLE.LOG [RELEASE]"
console=$1
[ -f "$console" ] || mv_die "no $console"
text=$(tr -d '\r' <"$console")
release=${2:-$(sed -n 's/.*memviz-harness: start .*kernel=\([^ ]*\).*/\1/p' <<<"$text" | head -n 1)}
[ -n "$release" ] || mv_die "no kernel release in $console; give it"
obj=$(readlink -f "$MV_CACHE/kernels/$release/kdir") ||
	mv_die "no built tree for $release ($MV_CACHE/kernels/$release/kdir)"
[ -f "$obj/Makefile" ] || mv_die "$obj is not a kernel build tree"
src=$(readlink -f "$obj/source")	# an O= tree links its source
[ -x "$src/scripts/faddr2line" ] || mv_die "no kernel source with scripts/faddr2line for $release"
work=$MV_CACHE/kcsan-lines/$release
mkdir -p "$work"

# Function -> object, from the objects of the build tree.
map=$work/functions.map
if [ ! -s "$map" ]; then
	mv_log "indexing the functions of $obj"
	(cd "$obj" && find . -name '*.o' ! -name '*.mod.o' ! -name 'built-in*' \
		! -name 'vmlinux*' ! -path './tools/*' ! -path './scripts/*' -print0 |
		xargs -0 nm -A --defined-only 2>/dev/null |
		awk '$2 ~ /^[tT]$/ { sub(/:[^:]*$/, "", $1); print $3, $1 }') >"$map.tmp"
	mv "$map.tmp" "$map"
fi

# memviz.ko with debug info, built once per run of this script.
mvko=
memviz_ko() {
	local dir=$work/memviz item

	[ -n "$mvko" ] && return 0
	rm -rf "$dir"
	mkdir -p "$dir"
	for item in Kbuild Makefile VERSION module debugfs; do
		[ -e "$MV_MODULE_SRC/$item" ] && cp -a "$MV_MODULE_SRC/$item" "$dir/"
	done
	make -C "$obj" M="$dir" W=1 KCFLAGS=-g -j"$(nproc)" modules >"$dir/build.log" 2>&1 ||
		mv_die "memviz.ko -g build failed; log: $dir/build.log"
	mvko=$dir/memviz.ko
}

# kernel_obj FUNC: the -g copy of the object that defines FUNC.
kernel_obj() {
	local o g cmd

	o=$(awk -v f="$1" '$1 == f { print $2; exit }' "$map")
	[ -n "$o" ] || return 1
	g=$work/g/${o#./}
	if [ ! -f "$g" ]; then
		mkdir -p "${g%/*}"
		cmd=$(sed -n 's/^savedcmd_[^ ]* := //p' "$obj/${o%/*}/.${o##*/}.cmd")
		cmd=${cmd%%; *}
		cmd=$(sed -E "s# -Wp,-MMD,[^ ]+##; s# -o [^ ]+# -o $g#" <<<"$cmd")
		(cd "$obj" && eval "$cmd -g") >/dev/null 2>&1 || return 1
	fi
	echo "$g"
}

# where FRAME: "file:line" (innermost first, " < " between inlined callers).
where() {
	local frame=${1%% *} mod='' fn file out

	[[ $1 == *" [memviz]" ]] && mod=memviz
	frame=${frame%%/*}
	fn=${frame%%+*}
	if [ -n "$mod" ]; then
		memviz_ko
		file=$mvko
	else
		file=$(kernel_obj "$fn") || { echo "?"; return; }
	fi
	out=$("$src/scripts/faddr2line" "$file" "$frame" 2>/dev/null | grep -v "^$frame" |
		sed -E "s#^\(inlined by\) ##; s# at ($src|$work/memviz)/# at #; s#^(.*) at (.*)\$#\2 (\1)#" |
		paste -sd'<' | sed 's/</ < /g') || true
	echo "${out:-?}"
}

# The reports: title, access lines, their first frame and memviz frames.
awk '
	/BUG: KCSAN: / { sub(/^.*BUG: KCSAN: /, ""); print "T\t" $0; kc = 1; first = 0; next }
	!kc { next }
	/Reported by Kernel Concurrency Sanitizer on:/ { kc = 0; next }
	{ sub(/^\[ *[0-9]+\.[0-9]+\] /, "") }
	/^(race at unknown origin, with )?(read|write|read-write|assert)[^:]* bytes by / { print "A\t" $0; first = 1; next }
	/^ +[A-Za-z_][A-Za-z0-9_.]*\+0x[0-9a-f]+\/0x[0-9a-f]+/ {
		sub(/^ +/, "")
		if (first || / \[memviz\]$/)
			print "F\t" $0
		first = 0
	}' <<<"$text" | while IFS=$'\t' read -r kind line; do
	case $kind in
	T) printf '\nKCSAN: %s\n' "$line" ;;
	A) printf '  %s\n' "$line" ;;
	F) printf '    %s\n      at %s\n' "$line" "$(where "$line")" ;;
	esac
done
