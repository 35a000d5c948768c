#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The harness itself: the guest mounted debugfs and memviz.ko is loaded.
. /selftests/lib.sh

mv_diag "kernel $(mv_kernel), shape $(mv_shape)"
mv_check "debugfs is mounted" grep -q ' /sys/kernel/debug debugfs ' /proc/mounts
mv_check "memviz is loaded" grep -q '^memviz ' /proc/modules
mv_check "$MV_DEBUGFS exists" test -d "$MV_DEBUGFS"
mv_done
