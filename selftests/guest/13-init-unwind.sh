#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A load that fails half way unwinds cleanly: each init step made to fail
# (memviz.debug_init_fault=STEP) leaves no module, no debugfs directory,
# no tracepoint probe and no splat, and memviz loads again after.  The race
# the review found: oom_events_max is writable while init still runs (its
# parameter exists before init), so a resize during a failing init freed
# the ring that the unwind then freed again (and leaked the new one).  The
# fault's delay holds init inside that window while the test resizes.
. /selftests/lib.sh

KO=$(find /lib/modules -name memviz.ko | head -n 1)
D=/sys/kernel/debug/memviz
P=/sys/module/memviz/parameters
T=/tmp/13-unwind.$$
mkdir -p "$T"

# unload: rmmod memviz, retrying while a file is still open (EBUSY).
unload() {
	_n=0
	while [ -d /sys/module/memviz ] && ! rmmod memviz 2>/dev/null; do
		_n=$((_n + 1))
		[ $_n -lt 100 ] || return 1
		sleep 0.1
	done
}

mv_at_exit '[ -d /sys/module/memviz ] || insmod "$KO"'

# failed_with RC WORDS: insmod exited RC != 0 and said WORDS (in $T/err).
failed_with() {
	[ "$1" -ne 0 ] && grep -qi "$2" "$T/err"
}

# refused RC: insmod failed and no module is left.
refused() {
	[ "$1" -ne 0 ] && [ ! -d /sys/module/memviz ]
}
mv_check "unwind: memviz unloads" unload

for step in activity oom_events debugfs; do
	rc=0
	insmod "$KO" debug_init_fault=$step 2> "$T/err" || rc=$?
	mv_diag "$step: insmod exit $rc: $(cat "$T/err")"
	mv_check "unwind: a failing $step step fails the load (EIO)" \
		failed_with "$rc" "input/output error"
	mv_check "unwind: after a failing $step step no module is left" [ ! -d /sys/module/memviz ]
	mv_check "unwind: after a failing $step step no debugfs directory is left" [ ! -d "$D" ]
done

# The race: resize the ring while init sits in the failing step.
(insmod "$KO" debug_init_fault=oom_events:3000 2> "$T/err"; echo $? > "$T/rc") &
ins=$!
n=0
until [ -w "$P/oom_events_max" ] || [ $n -ge 50 ]; do
	sleep 0.1
	n=$((n + 1))
done
sleep 0.5
resized=no
echo 4 > "$P/oom_events_max" 2>/dev/null && resized=yes
echo 200 > "$P/oom_events_max" 2>/dev/null && resized=yes
wait $ins
mv_diag "race: resized during init: $resized; insmod exit $(cat "$T/rc"): $(cat "$T/err")"
mv_check "unwind race: oom_events_max written while init ran" [ "$resized" = yes ]
mv_check "unwind race: the load failed and left no module" refused "$(cat "$T/rc")"

# Bad fault specifications are refused by the parameter itself.
for bad in nosuchstep oom_events:x oom_events:10001; do
	rc=0
	insmod "$KO" debug_init_fault=$bad 2> "$T/err" || rc=$?
	mv_check "debug_init_fault=$bad is refused (EINVAL)" failed_with "$rc" "invalid"
done

mv_check "unwind: memviz loads again afterwards" insmod "$KO"
mv_check "unwind: zones reads after the reload" grep -q '^# memviz zones v' "$D/zones"
mv_done
