#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# memviz-boot: lockdown
#
# Booted with lockdown=confidentiality (and memviz_vm.load=no: loading is
# this test's job). What Debian's kernels do: lockdown at any level makes
# an unsigned module need a valid signature (kernel/module/signing.c asks
# security_locked_down(LOCKDOWN_MODULE_SIGNATURE) when module.sig_enforce
# is off; Debian keeps that), so the bench's unsigned memviz.ko must be
# refused with EPERM and a "Lockdown:" message, and leave nothing behind.
# A memviz.ko signed with a key the kernel trusts must load instead, and
# then its files read (debugfs lets 0400 files be read under lockdown)
# and it unloads. Either way: no splat (the host checks the console).
. /selftests/lib.sh

SEC=/sys/kernel/security
KO=/lib/modules/$(uname -r)/memviz.ko
D=$MV_DEBUGFS

[ -f "$KO" ] || KO=$(find /lib/modules -name memviz.ko | head -n 1)
mountpoint -q "$SEC" || mount -t securityfs securityfs "$SEC"
state=$(cat "$SEC/lockdown" 2>/dev/null)
mv_diag "lockdown: $state"
mv_check "lockdown: the kernel is locked down to confidentiality" \
	[ "$(echo "$state" | sed -n 's/.*\[\([a-z]*\)\].*/\1/p')" = confidentiality ]
grep -q 'lockdown=confidentiality' /proc/cmdline ||
	mv_diag "lockdown=confidentiality is not on the command line"

# The module signature trailer (scripts/sign-file appends it).
signed=no
tail -c 28 "$KO" | grep -q '~Module signature appended~' && signed=yes
mv_diag "memviz.ko signed: $signed"

# The lockdown notice is rate limited (10 per 5 s): boot-time tracefs
# refusals can use the window up, so wait until it has passed.
last=$(dmesg | grep -i 'lockdown' | tail -n 1 | sed -n 's/^\[ *\([0-9]*\)\..*/\1/p')
wait_s=$((${last:-0} + 6 - $(cut -d. -f1 /proc/uptime)))
[ "$wait_s" -gt 0 ] && sleep "$wait_s"
mv_kmsg "65-lockdown insmod"
insmod "$KO" 2>/tmp/65-err
rc=$?
err=$(cat /tmp/65-err)
mv_diag "insmod: status $rc: $err"
# The notice is rate limited ("callbacks suppressed" may come first).
msg=$(dmesg | sed -n '/memviz-harness: 65-lockdown insmod/,$p' | grep -v memviz-harness |
	grep -i 'Lockdown: .*module' | head -n 1)
mv_diag "kernel: $msg"

if [ "$signed" = no ]; then
	mv_check "lockdown: unsigned memviz.ko is refused" [ "$rc" -ne 0 ]
	has() {
		case $1 in *"$2"*) return 0 ;; esac
		return 1
	}
	mv_check "lockdown: with EPERM (Operation not permitted)" has "$err" "Operation not permitted"
	mv_check "lockdown: the kernel says why (Lockdown: ... unsigned module loading is restricted)" \
		has "$msg" "unsigned module loading is restricted"
	mv_check "lockdown: no module left behind" \
		sh -c "! grep -q '^memviz ' /proc/modules && [ ! -d /sys/module/memviz ] && [ ! -d $D ]"
	# Parameters do not change the answer: the check comes first.
	insmod "$KO" activity=0 2>/dev/null
	mv_check "lockdown: refused with parameters too, nothing left" \
		sh -c "! grep -q '^memviz ' /proc/modules && [ ! -d /sys/module/memviz ]"
else
	mv_check "lockdown: signed memviz.ko loads" [ "$rc" -eq 0 ]
	bad=0
	for f in "$D"/*; do
		[ -f "$f" ] || continue
		mv-rread -c "$f" >&2 || bad=$((bad + 1))
	done
	mv_check "lockdown: every file reads well formed" [ "$bad" -eq 0 -a -d "$D" ]
	mv_check "lockdown: rmmod" rmmod memviz
fi
mv_done
