#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Unload and reload memviz 20 times while readers hammer every file.  An
# open file pins the module (rmmod says EBUSY and is retried); nothing may
# splat (the host checks the console), and the module ends up loaded.
. /selftests/lib.sh

KO=$(find /lib/modules -name memviz.ko | head -n 1)
D=/sys/kernel/debug/memviz

reader() {
	while :; do
		for f in "$D"/* "$D"/sample/*; do
			cat "$f" > /dev/null 2>&1
		done
	done
}

reader & r1=$!
reader & r2=$!

fails=0
i=0
while [ $i -lt 20 ]; do
	tries=0
	until rmmod memviz 2>/dev/null; do
		tries=$((tries + 1))
		# Only EBUSY from a reader holding a file open is expected.
		[ $tries -lt 200 ] || { fails=$((fails + 1)); mv_diag "cycle $i: rmmod kept failing"; break; }
		usleep 20000 2>/dev/null || sleep 1
	done
	if ! insmod "$KO"; then
		fails=$((fails + 1))
		mv_diag "cycle $i: insmod failed"
	fi
	i=$((i + 1))
done
kill $r1 $r2
wait $r1 $r2 2>/dev/null

mv_check "load/unload: 20 cycles with two readers running" [ $fails -eq 0 ]
mv_check "load/unload: memviz is loaded at the end" [ -d "$D" ]
mv_check "load/unload: zones still reads after the cycles" grep -q '^# memviz zones v1 ' "$D/zones"
