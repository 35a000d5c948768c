#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# memviz must not leak kernel memory. On a kernel with kmemleak (the bench's
# debug kernel): scan once for what the tests before this one leaked, then
# unload and reload memviz 100 times while readers hammer every file, and
# scan again. Any suspect whose allocation backtrace runs through memviz
# fails, and is also written to the console, where the host's splat check
# sees it. Suspects elsewhere in the kernel are only listed as diagnostics.
#
# A leak found after rmmod has a backtrace of bare addresses (the module's
# symbols are gone), so every load's text range is recorded and a bare
# address inside one of them counts as memviz's.
#
# kmemleak reports an object only when no reference to it was found and it
# is older than 5 s; it is scanned twice, as Documentation/dev-tools/
# kmemleak.rst advises, so a pointer that was only in flight is not taken
# for a leak.
. /selftests/lib.sh

KL=/sys/kernel/debug/kmemleak
D=/sys/kernel/debug/memviz
KO=/lib/modules/$(uname -r)/memviz.ko
CYCLES=${MV_KMEMLEAK_CYCLES:-100}
RANGES=/tmp/70-memviz-text
REPORT=/tmp/70-kmemleak

if [ ! -e "$KL" ]; then
	mv_skip "kmemleak: memviz leaks nothing" "kernel without CONFIG_DEBUG_KMEMLEAK"
	exit 0
fi
[ -f "$KO" ] || KO=$(find /lib/modules -name memviz.ko | head -n 1)
: >"$RANGES"

# Record the loaded memviz's text ranges as "first last" (16 hex digits,
# which compare as strings like the numbers they are). The module's total
# size (/proc/modules) bounds each text region from above.
record_text() {
	size=$(awk '$1 == "memviz" { print $2 }' /proc/modules)
	for sec in .text .init.text .exit.text; do
		[ -r "/sys/module/memviz/sections/$sec" ] || continue
		base=$(cat "/sys/module/memviz/sections/$sec")
		case $base in
		0x0000000000000000 | "") continue ;;
		esac
		printf '%016x %016x\n' "$((base))" "$((base + size - 1))" >>"$RANGES"
	done
}

# scan TAG: two scans, then the report in $REPORT.TAG. Fails the point
# "kmemleak: scan TAG" when kmemleak refuses (it disables itself when its
# object pool runs dry, and then finds nothing).
scan() {
	if echo scan >"$KL" && echo scan >"$KL" && cat "$KL" >"$REPORT.$1"; then
		mv_pass "kmemleak: scan $1"
		return 0
	fi
	mv_fail "kmemleak: scan $1"
	dmesg | grep -i kmemleak | tail -n 5 | while IFS= read -r l; do mv_diag "$l"; done
	: >"$REPORT.$1"
	return 1
}

# judge TAG: one point -- no suspect in $REPORT.TAG runs through memviz.
# memviz's suspects go whole to the console (KERN_ERR, each line starting
# "kmemleak:" as the host's splat check wants) and to the TAP; the others
# are counted and their top frames listed.
judge() {
	awk -v ranges="$RANGES" -v out="/tmp/70-judge" '
	BEGIN {
		while ((getline l < ranges) > 0) {
			split(l, r, " ")
			lo[++nr] = r[1]
			hi[nr] = r[2]
		}
	}
	# One backtrace line: "    func+0x1a/0x40 [module]", or a bare
	# "    0xffffffffc0123456" when the code is gone.
	function ours(line,   a, i) {
		if (line ~ /\[memviz\]|memviz_/)
			return 1
		if (line !~ /^ +0x[0-9a-f]+$/)
			return 0
		a = line
		sub(/^ +0x/, "", a)
		a = sprintf("%16s", a)
		gsub(/ /, "0", a)
		for (i = 1; i <= nr; i++)
			if (a >= lo[i] && a <= hi[i])
				return 1
		return 0
	}
	function flush() {
		if (rec == "")
			return
		if (mine) {
			nmine++
			printf "%s", rec > out
		} else {
			nother++
			if (nother <= 5)
				printf "other %s\n", top > out
		}
		rec = ""
	}
	/^unreferenced object/ { flush(); mine = 0; top = ""; frames = 0; bt = 0 }
	{ rec = rec $0 "\n" }
	/^  backtrace/ { bt = 1; next }
	bt {
		if (ours($0))
			mine = 1
		if (frames++ < 4) {
			f = $0
			sub(/^ +/, "", f)
			top = top (top == "" ? "" : "<") f
		}
	}
	END {
		flush()
		printf "counts %d %d\n", nmine, nother > out
	}' "$REPORT.$1"
	counts=$(sed -n 's/^counts //p' /tmp/70-judge)
	nmine=${counts% *}
	nother=${counts#* }
	mv_diag "kmemleak $1: $nother suspect(s) outside memviz"
	grep '^other ' /tmp/70-judge | while IFS= read -r l; do
		mv_diag "  ${l#other }"
	done
	if [ "$nmine" -eq 0 ]; then
		mv_pass "kmemleak: no suspect from memviz ($1)"
		return
	fi
	mv_fail "kmemleak: no suspect from memviz ($1): $nmine found"
	grep -v '^counts \|^other ' /tmp/70-judge | head -n 60 | while IFS= read -r l; do
		mv_diag "$l"
		echo "<3>kmemleak: suspect from memviz: $l" >/dev/kmsg
	done
}

reader() {
	while :; do
		for f in "$D"/* "$D"/sample/*; do
			cat "$f" >/dev/null 2>&1
		done
	done
}

# 1. What the earlier tests left behind, judged while memviz's symbols are
# still there. Then forget every suspect: the cycles are judged on their own.
[ -d "$D" ] && record_text
scan before && judge before
echo clear >"$KL"

# 2. Load and unload while two readers race with the module going away. An
# open file pins the module, so rmmod says EBUSY and is retried.
reader &
r1=$!
reader &
r2=$!
fails=0
gone=0
busy=0
i=0
t0=$(date +%s)
while [ "$i" -lt "$CYCLES" ]; do
	if grep -q '^memviz ' /proc/modules; then
		tries=0
		until rmmod memviz 2>/dev/null; do
			tries=$((tries + 1))
			busy=$((busy + 1))
			if [ "$tries" -ge 200 ]; then
				fails=$((fails + 1))
				mv_diag "cycle $i: rmmod kept failing"
				break
			fi
			usleep 20000
		done
		[ -d "$D" ] || gone=$((gone + 1))
	else
		gone=$((gone + 1))
	fi
	if insmod "$KO"; then
		record_text
	else
		fails=$((fails + 1))
		mv_diag "cycle $i: insmod failed"
	fi
	i=$((i + 1))
done
kill "$r1" "$r2"
wait "$r1" "$r2" 2>/dev/null
mv_diag "$CYCLES cycles in $(($(date +%s) - t0)) s; rmmod retried $busy times"
mv_check "load/unload: $CYCLES cycles with two readers running" [ "$fails" -eq 0 ]
mv_check "load/unload: the debugfs directory is gone after each rmmod" \
	[ "$gone" -eq "$CYCLES" ]
mv_check "load/unload: zones reads after the cycles" grep -q '^# memviz zones v' "$D/zones"

# 3. Leaks of the cycles, unloaded instances included. kmemleak ignores
# objects younger than 5 s: let the last instance's reads age.
sleep 6
scan cycles && judge cycles
mv_done
