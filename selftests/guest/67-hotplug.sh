#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# memviz-boot: hotplug
#
# Memory hotplug (a guest with empty DIMM slots; the host adds and removes
# a 512 MiB DIMM when asked, see vm/hotplug-driver.sh). The new memory
# arrives offline; it is onlined into ZONE_MOVABLE, filled, offlined and
# onlined again, then offlined and the DIMM removed. After every step
# memviz's zones (managed, present, spanned of every populated zone) equal
# /proc/zoneinfo and its lru per-zone counters follow zoneinfo's; readers
# walk the lru file all along, so a walk that touched an offline or
# removed section would oops (the host fails the run on any splat).
. /selftests/lib.sh
. /selftests/20-lru.inc

MEM=/sys/devices/system/memory
D=$MV_DEBUGFS
T=/tmp/67-hotplug
SIZE_MB=512

[ -d "$D" ] || mv_skip_all "memviz is not loaded"
[ -d "$MEM" ] || mv_skip_all "no $MEM (kernel without memory hotplug)"
rm -rf "$T"
mkdir -p "$T"
rd=""
hog=""
cleanup() {
	[ -n "$rd" ] && kill "$rd" 2>/dev/null
	[ -n "$hog" ] && kill "$hog" 2>/dev/null
	wait 2>/dev/null
}
trap cleanup EXIT

blocks() {
	ls -d "$MEM"/memory[0-9]* 2>/dev/null | sort
}

# zoneinfo's populated zones, "node zone managed present spanned".
zi_sizes() {
	awk '/^Node/ { n = $2; sub(",", "", n); z = $4; next }
	$1 == "spanned" { s = $2 } $1 == "present" { p = $2 }
	$1 == "managed" { m = $2; if (p > 0) print n, z, m, p, s }' /proc/zoneinfo | sort
}

# memviz's zones, same shape.
mv_sizes() {
	awk '/^#/ { next }
	!h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
	{ print $c["node"], $c["zone"], $c["managed"], $c["present"], $c["spanned"] }' "$D/zones" | sort
}

# step NAME: zones equal zoneinfo; lru counters follow; lru lists Movable
# iff zoneinfo has it populated.
step() {
	zi_sizes >"$T/zi.$1"
	mv_sizes >"$T/mv.$1"
	mv_diag "$1: $(tr '\n' ';' <"$T/zi.$1")"
	mv_check "hotplug $1: memviz zones managed/present/spanned = /proc/zoneinfo" \
		cmp "$T/zi.$1" "$T/mv.$1"
	mv_lru_agree "hotplug $1" "$T"
	zm=$(grep -c ' Movable ' "$T/zi.$1")
	lm=$(mv_cols "$T/lru" lru zone | grep -c '^Movable$')
	mv_check "hotplug $1: lru has Movable rows iff the zone is populated ($zm/$lm)" \
		[ "$zm" -eq 0 -a "$lm" -eq 0 -o "$zm" -gt 0 -a "$lm" -gt 0 ]
}

# set_state STATE BLOCK...: online_movable or offline, retried (an offline
# may meet pages still being migrated).
set_state() {
	want=$1
	shift
	for b in "$@"; do
		i=0
		until echo "$want" >"$b/state" 2>/dev/null; do
			i=$((i + 1))
			[ "$i" -lt 20 ] || return 1
			sleep 1
		done
	done
}

all_state() {
	want=$1
	shift
	for b in "$@"; do
		[ "$(cat "$b/state")" = "$want" ] || return 1
	done
}

# Readers walking lru (and the other files) through every transition:
# exact and sampled passes side by side (the sampled one draws random
# pageblocks of zones that grow and shrink under it).
sampled=
[ -r "$D/sample/lru.16" ] && sampled="$D/sample/lru.16 $D/sample/reclaim.4"
# shellcheck disable=SC2086 # a list of files
mv-rread -t 600 -p 50 "$D/lru" "$D/zones" "$D/reclaim" $sampled >"$T/reader" 2>&1 &
rd=$!

step boot
blocks >"$T/before"
echo "# hotplug-request 1 add"
i=0
while [ "$i" -lt 120 ]; do
	blocks >"$T/now"
	[ "$(wc -l <"$T/now")" -gt "$(wc -l <"$T/before")" ] && break
	sleep 1
	i=$((i + 1))
done
sleep 2
new=$(blocks | awk 'NR == FNR { b[$0] = 1; next } !($0 in b)' "$T/before" -)
nnew=$(echo "$new" | grep -c memory)
bs=$((0x$(cat "$MEM/block_size_bytes") / 1048576))
mv_diag "DIMM: $nnew new memory blocks of $bs MiB after $i s"
mv_check "hotplug: the DIMM arrived as $((SIZE_MB / bs)) memory blocks" [ "$nnew" -eq $((SIZE_MB / bs)) ]
[ "$nnew" -gt 0 ] || mv_done
# shellcheck disable=SC2086
mv_check "hotplug: they arrived offline (memhp_default_state=offline)" all_state offline $new
step added-offline

# shellcheck disable=SC2086
mv_check "hotplug: online_movable" set_state online_movable $new
step online

# Fill: movable memory gets the hog's anon pages (and lru rows).
mv-hog -m 256 -s 600 -r "$T/hog.ready" >/dev/null 2>&1 &
hog=$!
i=0
while [ ! -e "$T/hog.ready" ] && [ "$i" -lt 100 ]; do
	sleep 0.2
	i=$((i + 1))
done
step filled

# Offline with the hog's pages on it: they migrate out.
# shellcheck disable=SC2086
mv_check "hotplug: offline (pages migrate out)" set_state offline $new
step offline

# shellcheck disable=SC2086
mv_check "hotplug: online_movable again" set_state online_movable $new
step online-again
kill "$hog" 2>/dev/null
wait "$hog" 2>/dev/null
hog=""
# shellcheck disable=SC2086
mv_check "hotplug: offline again" set_state offline $new
step offline-again

echo "# hotplug-request 1 del"
i=0
while [ "$i" -lt 120 ]; do
	[ "$(blocks | wc -l)" -eq "$(wc -l <"$T/before")" ] && break
	sleep 1
	i=$((i + 1))
done
mv_check "hotplug: the DIMM is gone after device_del ($i s)" \
	[ "$(blocks | wc -l)" -eq "$(wc -l <"$T/before")" ]
step removed
mv_check "hotplug: zones are as at boot" cmp "$T/zi.boot" "$T/zi.removed"

kill "$rd" 2>/dev/null
wait "$rd" 2>/dev/null
rd=""
mv_diag "reader: $(tail -n 1 "$T/reader")"
mv_check "hotplug: every complete read by the background reader is well formed" \
	sh -c "grep -q ' bad=0 ' '$T/reader' || ! grep -q 'opens=' '$T/reader'"
mv_done
