#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The host half of the memory hotplug test (special-boot.sh hotplug):
# watches the guest's TAP log for "# hotplug-request N add|del" and drives
# QEMU's monitor accordingly, each request once:
#   add  object_add memory-backend-ram (512 MiB) + device_add pc-dimm
#   del  device_del of that DIMM (the guest's ACPI eject removes it)
# The monitor is a pair of FIFOs (QEMU's -monitor pipe:OUTDIR/monitor);
# its replies go to OUTDIR/monitor.log. Runs until killed or QEMU goes.
#
# Usage: hotplug-driver.sh OUTDIR
set -uo pipefail

out=$1
# QEMU opens monitor.out for writing, then monitor.in for reading; each
# open waits for this side.
cat "$out/monitor.out" >"$out/monitor.log" &
exec 3>"$out/monitor.in"
echo "$(date +%T) monitor connected"

declare -A handled=()
while :; do
	if [ -f "$out/tap.log" ]; then
		while read -r n op; do
			[ -n "${handled[$n-$op]:-}" ] && continue
			handled[$n-$op]=1
			echo "$(date +%T) request $n $op"
			case $op in
			add)
				echo "object_add memory-backend-ram,id=hpmem$n,size=512M" >&3
				echo "device_add pc-dimm,id=hpdimm$n,memdev=hpmem$n" >&3
				;;
			del)
				echo "device_del hpdimm$n" >&3
				;;
			esac
		done < <(tr -d '\r' <"$out/tap.log" |
			sed -n 's/.*# hotplug-request \([0-9][0-9]*\) \(add\|del\)$/\1 \2/p')
	fi
	sleep 1
done
