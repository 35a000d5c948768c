#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# memviz-boot: lockdown-late
#
# memviz loaded, then the kernel locked down to confidentiality at runtime
# (as a Secure Boot host is from the start, for a module that was signed):
# every file still opens and reads as a well-formed table (debugfs allows
# read-only 0400 files under lockdown), nothing in memviz needs what
# lockdown forbids, rmmod works, and a new insmod of the unsigned module is
# refused cleanly (a signed one, on a kernel that trusts its key, loads).
# Lockdown cannot be lifted, so this test has a boot of its own
# (special-boot.sh) and nothing runs after it.
. /selftests/lib.sh

SEC=/sys/kernel/security
KO=/lib/modules/$(uname -r)/memviz.ko
D=$MV_DEBUGFS

[ -f "$KO" ] || KO=$(find /lib/modules -name memviz.ko | head -n 1)
# memviz_vm.load=no: this boot's harness leaves loading to us.
grep -q '^memviz ' /proc/modules || mv_check "lockdown: insmod before lockdown" insmod "$KO"
mountpoint -q "$SEC" || mount -t securityfs securityfs "$SEC"
mv_check "lockdown: raised to confidentiality at runtime" \
	sh -c "echo confidentiality >$SEC/lockdown && grep -q '\[confidentiality\]' $SEC/lockdown"

bad=""
for f in "$D"/*; do
	[ -f "$f" ] || continue
	mv-rread -c "$f" >&2 || bad="$bad ${f##*/}"
done
mv_check "lockdown: every file reads well formed under confidentiality${bad:+:$bad}" [ -z "$bad" ]
mv-rread -t 5 $(find "$D" -maxdepth 1 -type f) >/tmp/66-r 2>/tmp/66-e
head -n 3 /tmp/66-e >&2
mv_check "lockdown: random reads, every complete one well formed ($(cat /tmp/66-r))" \
	sh -c "grep -q ' bad=0 ' /tmp/66-r && grep -q ' unexpected=0' /tmp/66-r"
mv_check "lockdown: rmmod" rmmod memviz

# A signed memviz.ko (a kernel built here signs it with its own key) must
# load again; its copy without the signature must not.  The trailer is
# struct module_signature (12 bytes, sig_len big-endian in the last 4),
# then the 28-byte magic, after the signature itself.
UNSIGNED=$KO
if tail -c 28 "$KO" | grep -q '~Module signature appended~'; then
	size=$(wc -c <"$KO")
	siglen=$(tail -c 40 "$KO" | head -c 12 | od -An -tu1 |
		awk '{ print $9 * 16777216 + $10 * 65536 + $11 * 256 + $12 }')
	head -c $((size - 40 - siglen)) "$KO" >/tmp/66-unsigned.ko
	UNSIGNED=/tmp/66-unsigned.ko
	mv_diag "memviz.ko is signed ($siglen-byte signature): the signed module must load, a stripped copy must not"
	mv_check "lockdown: the signed module loads under confidentiality" insmod "$KO"
	mv_check "lockdown: and unloads" rmmod memviz
	mv_check "lockdown: the stripped copy has no signature trailer" \
		sh -c "! tail -c 28 $UNSIGNED | grep -q '~Module signature appended~'"
fi
insmod "$UNSIGNED" 2>/tmp/66-ins
rc=$?
mv_diag "insmod of the unsigned module: status $rc: $(cat /tmp/66-ins)"
# EPERM is lockdown's answer; a malformed file would get ENOEXEC.
mv_check "lockdown: the unsigned module is refused now, with EPERM" \
	sh -c "[ $rc -ne 0 ] && grep -q 'Operation not permitted' /tmp/66-ins"
mv_check "lockdown: nothing left behind" \
	sh -c "! grep -q '^memviz ' /proc/modules && [ ! -d /sys/module/memviz ]"
mv_done
