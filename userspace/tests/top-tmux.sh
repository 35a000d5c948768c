#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# memviz top on a real terminal: tmux (its own server on a socket under
# tmp/) runs top in a 120x40 and an 80x24 window; capture-pane is checked
# for every pane's title and the values the fixture holds, after a resize,
# and after the keys (sort, pause, help, focus, replay's left and right).
# After q, SIGINT, SIGTERM and a crash (SIGSEGV) the terminal is as it
# was: the same `stty -g`, the normal screen (not the alternate one), the
# cursor shown.  Last, valgrind over 1,000 refreshes against a fixture: no
# error, nothing definitely or indirectly lost.  TAP on stdout; run from
# tests/ after `make`; skips without tmux (or valgrind).
M=$(cd .. && pwd)/memviz
TMP=$(pwd)/tmp/top-tmux.$$
mkdir -p "$TMP"
. ./tap.sh
. ./top.inc
unset COLUMNS LINES

if ! command -v tmux >/dev/null; then
	skip "top in tmux" "no tmux (apt-get install tmux; selftests/vm/deps.sh does)"
	echo "1..$n"
	rm -rf "$TMP"
	exit 0
fi
# one server (socket) per start: a server being killed is never reused
S=0
# the sockets in a short directory of their own: a unix socket's path has
# at most 107 bytes, which a deep build tree (make check's) can exceed
SOCK=$(mktemp -d "${TMPDIR:-/tmp}/mvtop.XXXXXX") || exit 1
T="tmux -S $SOCK/$S -f /dev/null"
trap '$T kill-server 2>/dev/null; rm -rf "$TMP" "$SOCK"' EXIT
F=fixtures/7.3-1node
FA=$(pwd)/$F

# The pane's program: the terminal's state before and after top, top's
# pid (exec keeps it) and its exit status.
# The shell traps SIGINT (C-c reaches the whole foreground group) so that
# it outlives top; top itself gets SIGINT at its default, as from a shell.
cat >"$TMP/run.sh" <<EOF
trap : INT
stty -g >"$TMP/stty.before"
sh -c 'echo \$\$ >"$TMP/pid"; exec "\$0" "\$@"' "\$@"
echo "EXITED \$?"
stty -g >"$TMP/stty.after"
sleep 600
EOF

# start W H ARGS...: top (or anything) in a fresh window of W x H
start() {
	_w=$1 _h=$2
	shift 2
	$T kill-server 2>/dev/null
	S=$((S + 1))
	T="tmux -S $SOCK/$S -f /dev/null"
	rm -f "$TMP/pid" "$TMP/stty.before" "$TMP/stty.after"
	$T new-session -d -x "$_w" -y "$_h" -s top sh "$TMP/run.sh" "$@"
}

screen() { $T capture-pane -p -t top >"$TMP/screen"; }

# wait_for PATTERN: until the screen shows it (10 s at most)
wait_for() {
	_i=0
	while [ $_i -lt 100 ]; do
		screen
		grep -q -- "$1" "$TMP/screen" && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	echo "never on the screen: $1"
	sed 's/^/  | /' "$TMP/screen"
	return 1
}

keys() { $T send-keys -t top "$@"; }

# The terminal as it was before top: same termios, normal screen, cursor on.
restored() { # STATUS
	wait_for "EXITED $1" || return 1
	_i=0
	while [ ! -s "$TMP/stty.after" ] && [ $_i -lt 50 ]; do sleep 0.1; _i=$((_i + 1)); done
	_alt=$($T display -p -t top '#{alternate_on}')
	_cur=$($T display -p -t top '#{cursor_flag}')
	echo "stty before: $(cat "$TMP/stty.before")"
	echo "stty after:  $(cat "$TMP/stty.after")"
	echo "alternate screen: $_alt, cursor shown: $_cur"
	cmp -s "$TMP/stty.before" "$TMP/stty.after" && [ "$_alt" = 0 ] && [ "$_cur" = 1 ]
}

# ---- 120x40: every pane and the fixture's values ----
start 120 40 "$M" --debugfs "$FA" --pages top
check "120x40: top draws every pane" wait_for " 4 Cgroups:"
check "120x40: every pane's title, the header and the status line" titles "$TMP/screen"
check "120x40: zones pane: free, min, low, high, headroom, state of every zone" zones_pane "$F" "$TMP/screen"
check "120x40: OOM pane: the next five victims, their points and score" oom_pane "$F" "$TMP/screen"
check "120x40: cgroups pane: every memcg with its current and max" cgroups_pane "$F" "$TMP/screen"
check "120x40: reclaim pane: the snapshot's vmstat totals" reclaim_pane "$F" "$TMP/screen"
[ "$($T display -p -t top '#{alternate_on}')" = 1 ]
ok $? "120x40: top runs on the alternate screen"

# ---- resize ----
narrow() { # the zones header without min and low: the 80-column layout
	screen
	grep -q '^node zone  *free  *high  *headroom state' "$TMP/screen" &&
		awk 'length > 80 { exit 1 }' "$TMP/screen"
}
$T resize-window -t top -x 80 -y 24
_i=0
while ! narrow && [ $_i -lt 50 ]; do sleep 0.1; _i=$((_i + 1)); done
narrow && [ "$(wc -l <"$TMP/screen")" -eq 24 ] && grep -q ' 4 Cgroups:' "$TMP/screen"
ok $? "resize to 80x24: the narrow layout, 24 lines, every pane still there"
$T resize-window -t top -x 120 -y 40
check "resize back to 120x40: min and low are back" wait_for '^node zone  *free  *min  *low  *high'

# ---- keys ----
keys 3 s
check "keys 3 s: the OOM pane is sorted by rss" wait_for ' 3 OOM: the next victims, in kill order (sorted by rss)'
# the first row is now the eligible task with the most rss
big=$(rows "$F/oom" oom | awk 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["eligible"] == "yes" { r = $c["rss_anon"] + $c["rss_file"] + $c["rss_shmem"]; if (r > m) { m = r; p = $c["pid"] } } END { print p }')
first=$(pane "$TMP/screen" rank | awk 'NR == 1 { print $2 }')
[ -n "$big" ] && [ "$first" = "$big" ]
ok $? "keys 3 s: the first row is the task with the most rss ($big; shown: $first)"
keys s s s
check "keys s s s: back to kill order" wait_for ' 3 OOM: the next victims, in kill order *$\| 3 OOM: the next victims, in kill order \['
keys p
check "key p: the header says PAUSED" wait_for '^ memviz top \[PAUSED\] - snapshot '
keys p
_i=0
while screen && grep -q PAUSED "$TMP/screen" && [ $_i -lt 50 ]; do sleep 0.1; _i=$((_i + 1)); done
! grep -q PAUSED "$TMP/screen"
ok $? "key p again: resumed"
keys h
check "key h: the help page" wait_for 'memviz top: keys (any key returns)'
keys x
_i=0
while screen && grep -q 'memviz top: keys' "$TMP/screen" && [ $_i -lt 50 ]; do sleep 0.1; _i=$((_i + 1)); done
grep -q ' 1 Zones:' "$TMP/screen" && ! grep -q 'memviz top: keys' "$TMP/screen"
ok $? "any key: the panes again"
keys '?'
check "key ?: the help page too" wait_for 'memviz top: keys'
keys q
check "key q (on the help page): top exits 0, the terminal restored" restored 0

# ---- 80x24 ----
start 80 24 "$M" --debugfs "$FA" --pages top
check "80x24: top draws every pane" wait_for " 4 Cgroups:"
check "80x24: every pane's title" titles "$TMP/screen"
rows "$F/zones" zones | awk 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $c["node"], $c["zone"], $c["free"], $c["high"], $c["state"] }' >"$TMP/want"
pane "$TMP/screen" node | awk '{ print $1, $2, $3, $4, $6 }' >"$TMP/got"
check "80x24: zones pane: free, high and state of every zone" same "$TMP/want" "$TMP/got"
v=$(sed -n 's/^# .*next_victim=\([0-9]*\).*/\1/p' "$F/oom")
[ "$(pane "$TMP/screen" rank | awk 'NR == 1 { print $2 }')" = "$v" ]
ok $? "80x24: the first victim is the oom file's next_victim ($v)"
keys C-c
check "SIGINT (C-c): top dies of it (130), the terminal restored" restored 130

start 80 24 "$M" --debugfs "$FA" top
wait_for " 4 Cgroups:" >/dev/null
kill -TERM "$(cat "$TMP/pid")"
check "SIGTERM: top dies of it (143), the terminal restored" restored 143

start 80 24 "$M" --debugfs "$FA" top
wait_for " 4 Cgroups:" >/dev/null
kill -SEGV "$(cat "$TMP/pid")"
check "a crash (SIGSEGV): top dies of it (139), the terminal restored" restored 139

# ---- replay: left and right ----
make_series "$TMP/src" "$F" synthetic/newer-kernel
for k in 1 2 3; do
	$M --debugfs "$TMP/src/$k" record "$TMP/ring" >/dev/null
done
start 120 40 "$M" --pages top --replay "$TMP/ring"
check "replay: the first frame" wait_for 'frame 1/3 (snap-00000001)'
free1=$(pane "$TMP/screen" node | awk '$2 == "DMA32" { print $3 }')
keys Right
check "replay: right, the second frame" wait_for 'frame 2/3 (snap-00000002'
free2=$(pane "$TMP/screen" node | awk '$2 == "DMA32" { print $3 }')
rate2=$(awk '/^kswapd scan/ { print $3 }' "$TMP/screen")
keys End
check "replay: End, the last frame" wait_for 'frame 3/3 (snap-00000003'
keys Left Left
check "replay: left twice, the first again" wait_for 'frame 1/3 (snap-00000001)'
echo "# DMA32 free: frame 1 $free1, frame 2 $free2; frame 2 kswapd scan $rate2/s"
[ "$free1" = 438615 ] && [ "$free2" = 428615 ] && [ "$rate2" = 1500 ]
ok $? "replay: each frame shows its snapshot's DMA32 free and the rate since the frame before"
keys q
check "replay: q, the terminal restored" restored 0

# ---- valgrind (or ASan): 1,000 refreshes ----
# An ASan build (make test-sanitize) checks itself: valgrind cannot run it,
# and ASan's exit status (86) says an error or a leak.
if nm "$M" 2>/dev/null | grep -q __asan_init; then
	start 120 40 "$M" --debugfs "$FA" top -d 0 -n 1000
	tool=ASan
elif command -v valgrind >/dev/null; then
	start 120 40 valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--show-leak-kinds=definite,indirect --error-exitcode=99 --log-file="$TMP/vg.log" \
		"$M" --debugfs "$FA" top -d 0 -n 1000
	tool=valgrind
else
	tool=
	skip "valgrind: 1,000 refreshes of top" "no valgrind (apt-get install valgrind; selftests/vm/deps.sh does)"
fi
if [ -n "$tool" ]; then
	_i=0
	while ! $T capture-pane -p -t top 2>/dev/null | grep -q EXITED && [ $_i -lt 1500 ]; do
		sleep 0.2
		_i=$((_i + 1))
	done
	screen
	grep -q 'EXITED 0' "$TMP/screen" && ! grep -qs . "$TMP/vg.log"
	r=$?
	ok $r "$tool: 1,000 refreshes of top against $F, no error, no leak"
	[ $r -eq 0 ] || { grep EXITED "$TMP/screen"; sed 's/^/#   /' "$TMP/vg.log" 2>/dev/null | head -40; }
fi

echo "1..$n"
[ "$failed" -eq 0 ]
