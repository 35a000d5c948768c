#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Privilege and leaks: every memviz file is 0400 and root's; uid 1000 gets
# EACCES on each even when debugfs is remounted mode=0755 (the only thing
# standing between a user and other tasks' memory is the file mode); no
# file can be written, not even by root; module parameters are root-only to
# change (never group/other writable, uid 1000 gets EACCES and the value
# stays); and no output -- files, parameters, memviz's kernel messages --
# contains a raw kernel address, under every kptr_restrict setting.
. /selftests/lib.sh

D=$MV_DEBUGFS
P=/sys/module/memviz/parameters
T=/tmp/62-priv
DBG=/sys/kernel/debug
USER_UID=1000

[ -d "$D" ] || mv_skip_all "memviz is not loaded"
rm -rf "$T"
mkdir -p "$T"
chmod 0777 "$T"
kptr0=$(cat /proc/sys/kernel/kptr_restrict)
mode0=$(stat -c %a "$DBG")
cleanup() {
	echo "$kptr0" >/proc/sys/kernel/kptr_restrict
	mount -o remount,mode="$mode0" "$DBG" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

# every file, sample/'s too (a directory is no table)
files=$(cd "$D" && find . -type f | sed 's|^\./||' | sort)

# ---- modes ----
bad=""
for f in $files; do
	m=$(stat -c '%a %u %g %F' "$D/$f")
	case $m in
	"400 0 0 regular file" | "400 0 0 regular empty file") ;;
	*) bad="$bad $f($m)" ;;
	esac
done
mv_check "privilege: every file is a 0400 root:root regular file${bad:+:$bad}" [ -z "$bad" ]

# ---- uid 1000 ----
# as_user FILE: what uid 1000 gets opening FILE for reading.
as_user() {
	mv-runas "$USER_UID" "$USER_UID" cat "$1" >/dev/null 2>"$T/err"
	rc=$?
	if [ "$rc" -eq 0 ]; then
		echo readable
	elif grep -q 'Permission denied' "$T/err"; then
		echo EACCES
	else
		echo "other:$(cat "$T/err")"
	fi
}

user_check() {
	bad=""
	for f in $files; do
		r=$(as_user "$D/$f")
		[ "$r" = EACCES ] || bad="$bad $f:$r"
	done
	mv_check "privilege: uid $USER_UID gets EACCES on every file ($1)${bad:+:$bad}" [ -z "$bad" ]
}
user_check "debugfs mode $mode0"
if mount -o remount,mode=0755 "$DBG"; then
	mv_check "privilege: debugfs remounted mode=0755 (uid $USER_UID can list memviz)" \
		mv-runas "$USER_UID" "$USER_UID" ls "$D"
	user_check "debugfs mode=0755"
	mount -o remount,mode="$mode0" "$DBG"
else
	mv_fail "privilege: debugfs remounted mode=0755"
fi

# Not even root may write: no write op, so write() fails whatever DAC says.
bad=""
for f in $files; do
	out=$(mv-pwrite "$D/$f" 1)
	case $out in
	ok*) bad="$bad $f" ;;
	esac
done
mv_check "privilege: no file takes a write, even from root${bad:+:$bad}" [ -z "$bad" ]

# ---- parameters ----
if [ -d "$P" ] && [ -n "$(ls "$P" 2>/dev/null)" ]; then
	bad=""
	ubad=""
	for pp in "$P"/*; do
		p=${pp##*/}
		m=$(stat -c '%a %u' "$P/$p")
		mode=${m% *}
		# group or other write bits (2, 20) make a parameter not root-only.
		[ $((0$mode & 022)) -eq 0 ] && [ "${m#* }" = 0 ] || bad="$bad $p($m)"
		[ $((0$mode & 0200)) -ne 0 ] || continue
		v0=$(cat "$P/$p")
		out=$(mv-runas "$USER_UID" "$USER_UID" mv-pwrite "$P/$p" 0 2>&1)
		v1=$(cat "$P/$p")
		[ "$out" = "open:EACCES" ] && [ "$v0" = "$v1" ] || ubad="$ubad $p($out)"
	done
	mv_check "privilege: every parameter is root's and not group/other writable${bad:+:$bad}" [ -z "$bad" ]
	mv_check "privilege: uid $USER_UID cannot write a parameter (EACCES, value unchanged)${ubad:+:$ubad}" \
		[ -z "$ubad" ]
else
	mv_skip "privilege: parameters are root-only" "memviz has no module parameters"
fi

# ---- raw kernel addresses ----
# A kernel address on x86-64 is 16 hex digits starting ffff with 4-level
# paging, but ff11 (direct map), ffa0 (vmalloc), ... with 5-level paging,
# which TCG's -cpu max has (la57): any 16-digit hex word starting ff, with
# or without 0x, and any 0xffff...; decimal numbers never look like one.
scan() {
	grep -E -i -n -H '0xffff[0-9a-f]{4,}|(^|[^0-9a-z])(0x)?ff[0-9a-f]{14}([^0-9a-z]|$)' "$@"
}
# The scanner itself must catch what it looks for, and nothing else.
printf 'node zone free\n0 x 0xffff888003a1c000\n' >"$T/probe1"
printf 'a b\nffffffffc0a01234 1\n' >"$T/probe2"
printf '# mutation=ff11000003a1c000\n' >"$T/probe3"
printf 'a b\n18446744073709551615 -1\nffff 0xfff 65535 ff1100000000000\n' >"$T/probe4"
scanner_ok() {
	scan "$T/probe1" && scan "$T/probe2" && scan "$T/probe3" && ! scan "$T/probe4"
}
mv_check "leaks: the scanner finds 0xffff..., 16-digit ffff... and la57 ff11... words, and only those" \
	scanner_ok

for k in 0 1 2; do
	echo "$k" >/proc/sys/kernel/kptr_restrict || continue
	: >"$T/hits"
	for f in $files; do
		cat "$D/$f" >"$T/out.$f" 2>/dev/null
		scan "$T/out.$f" >>"$T/hits"
	done
	for pp in "$P"/*; do
		[ -f "$pp" ] && scan "$pp" >>"$T/hits"
	done
	dmesg | grep -i memviz | grep -v 'memviz-harness' >"$T/dmesg"
	scan "$T/dmesg" >>"$T/hits"
	mv_check "leaks: no raw kernel address in any file, parameter or memviz message (kptr_restrict=$k)" \
		[ ! -s "$T/hits" ]
	head -n 3 "$T/hits" | while IFS= read -r l; do mv_diag "  $l"; done
done
mv_done
