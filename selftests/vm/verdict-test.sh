#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Unit test of verdict.sh's splat rules on planted consoles: each case is a
# guest's console.log (a boot, the harness markers, then what a kernel
# would print) and whether verdict.sh must pass or fail the guest's "no
# kernel splat after memviz loaded" point, and which diagnostics it must
# print. Mostly the KCSAN rule: a data-race report naming memviz's code
# (" [memviz]" in its title or either stack) fails the guest; a report
# entirely inside the kernel is only listed.
#
# The KCSAN reports follow kernel/kcsan/report.c of 6.12 (print_report()
# with CONFIG_KCSAN_VERBOSE): title, both accesses each with its stack
# (%pS: "func+0x1/0x2 [module]"), held locks and irq trace, value change,
# the reporting CPU, a closing "=====" line.
#
# Usage: verdict-test.sh     unnumbered TAP ("ok - verdict.sh: ..."), one
#                            point per case; exits 1 when any fails.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

# The boot and load every case starts with.
boot() {
	cat <<'EOF'
[    0.000000] Linux version 6.12.118-memviz-kcsan (root@host) #1 SMP PREEMPT_DYNAMIC
[    2.104000] memviz-harness: start 6.12.118-memviz-kcsan 1node
[    2.310000] memviz-harness: insmod
[    2.500000] memviz-harness: test 10-zones
EOF
}

# The end of a guest that finished normally.
shutdown() {
	cat <<'EOF'
[  300.000000] memviz-harness: rmmod
[  300.100000] memviz-harness: done
[  300.200000] reboot: Power down
EOF
}

# A KCSAN report between memviz's debugfs reader (read, plain) and the
# reclaim tracepoint probe (write): both sides in memviz.
kcsan_memviz() {
	cat <<'EOF'
[  101.000001] ==================================================================
[  101.000002] BUG: KCSAN: data-race in mv_note_reclaim [memviz] / mv_oom_events_show [memviz]
[  101.000003] 
[  101.000004] write to 0xffffffffc0a1b2c8 of 8 bytes by task 57 on cpu 1:
[  101.000005]  mv_note_reclaim+0x8c/0x1a0 [memviz]
[  101.000006]  mv_probe_mm_vmscan_direct_reclaim_end+0x51/0x90 [memviz]
[  101.000007]  try_to_free_pages+0x3a4/0x6f0
[  101.000008]  __alloc_pages_slowpath.constprop.0+0x4e1/0x1160
[  101.000009]  __alloc_pages_noprof+0x3a9/0x3e0
[  101.000010] 
[  101.000011] no locks held by stress/57.
[  101.000012] irq event stamp: 11946
[  101.000013] hardirqs last  enabled at (11945): [<ffffffff8119a2f4>] lockdep_hardirqs_on_prepare+0x274/0x410
[  101.000014] hardirqs last disabled at (11946): [<ffffffff81d8e3a1>] _raw_spin_lock_irqsave+0x61/0x70
[  101.000015] softirqs last  enabled at (11500): [<ffffffff810c4a12>] handle_softirqs+0x3d2/0x4a0
[  101.000016] softirqs last disabled at (11491): [<ffffffff810c4c87>] __irq_exit_rcu+0x97/0xd0
[  101.000017] 
[  101.000018] read to 0xffffffffc0a1b2c8 of 8 bytes by task 88 on cpu 0:
[  101.000019]  mv_oom_events_show+0x12d/0x5e0 [memviz]
[  101.000020]  seq_read_iter+0x1b9/0x6c0
[  101.000021]  seq_read+0x15d/0x190
[  101.000022]  full_proxy_read+0x6a/0xa0
[  101.000023]  vfs_read+0x10b/0x4d0
[  101.000024] 
[  101.000025] 1 lock held by mv-rread/88:
[  101.000026]  #0: ffff888004a3c0b8 (&p->lock){+.+.}-{3:3}, at: seq_read_iter+0x5b/0x6c0
[  101.000027] irq event stamp: 3054
[  101.000028] hardirqs last  enabled at (3053): [<ffffffff81d8e1c4>] _raw_spin_unlock_irqrestore+0x44/0x60
[  101.000029] hardirqs last disabled at (3054): [<ffffffff81d89f01>] __schedule+0x9e1/0xd00
[  101.000030] softirqs last  enabled at (2800): [<ffffffff810c4a12>] handle_softirqs+0x3d2/0x4a0
[  101.000031] softirqs last disabled at (2791): [<ffffffff810c4c87>] __irq_exit_rcu+0x97/0xd0
[  101.000032] 
[  101.000033] value changed: 0x0000000000000006 -> 0x0000000000000007
[  101.000034] 
[  101.000035] Reported by Kernel Concurrency Sanitizer on:
[  101.000036] CPU: 0 UID: 0 PID: 88 Comm: mv-rread Not tainted 6.12.118-memviz-kcsan #1
[  101.000037] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014
[  101.000038] ==================================================================
EOF
}

# memviz only as the caller: its reader calls a kernel helper that reads
# a field the kernel writes; the title names kernel functions only.
kcsan_memviz_caller() {
	cat <<'EOF'
[  120.000001] ==================================================================
[  120.000002] BUG: KCSAN: data-race in node_page_state_pages / refresh_cpu_vm_stats
[  120.000003] 
[  120.000004] write to 0xffff88807ffd6a40 of 8 bytes by task 23 on cpu 1:
[  120.000005]  refresh_cpu_vm_stats+0x2fe/0x4c0
[  120.000006]  vmstat_update+0x1f/0x80
[  120.000007]  process_one_work+0x2c4/0x6e0
[  120.000008]  worker_thread+0x3a0/0x5d0
[  120.000009]  kthread+0x16a/0x1a0
[  120.000010] 
[  120.000011] read to 0xffff88807ffd6a40 of 8 bytes by task 91 on cpu 0:
[  120.000012]  node_page_state_pages+0x2d/0x70
[  120.000013]  mv_nodes_show+0x1e2/0x8a0 [memviz]
[  120.000014]  seq_read_iter+0x1b9/0x6c0
[  120.000015]  seq_read+0x15d/0x190
[  120.000016] 
[  120.000017] value changed: 0x0000000000012f31 -> 0x0000000000012f70
[  120.000018] 
[  120.000019] Reported by Kernel Concurrency Sanitizer on:
[  120.000020] CPU: 0 UID: 0 PID: 91 Comm: cat Not tainted 6.12.118-memviz-kcsan #1
[  120.000021] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014
[  120.000022] ==================================================================
EOF
}

# Entirely inside the kernel (a well-known benign one), with verbose lines
# that name lockdep functions.
kcsan_kernel() {
	cat <<'EOF'
[  150.000001] ==================================================================
[  150.000002] BUG: KCSAN: data-race in folio_mapping / shrink_folio_list
[  150.000003] 
[  150.000004] read-write to 0xffffea0000123458 of 8 bytes by task 44 on cpu 1:
[  150.000005]  shrink_folio_list+0x1a8c/0x2380
[  150.000006]  evict_folios+0x3f4/0x8c0
[  150.000007]  try_to_shrink_lruvec+0x2b1/0x4a0
[  150.000008]  shrink_one+0xd9/0x300
[  150.000009]  kswapd+0x5a0/0xa20
[  150.000010] 
[  150.000011] 1 lock held by kswapd0/44:
[  150.000012]  #0: ffffffff83a52ae0 (fs_reclaim){+.+.}-{0:0}, at: kswapd+0x1c9/0xa20
[  150.000013] irq event stamp: 99
[  150.000014] hardirqs last  enabled at (99): [<ffffffff8119a2f4>] lockdep_hardirqs_on_prepare+0x274/0x410
[  150.000015] hardirqs last disabled at (98): [<ffffffff81d8e3a1>] _raw_spin_lock_irqsave+0x61/0x70
[  150.000016] 
[  150.000017] read to 0xffffea0000123458 of 8 bytes by task 77 on cpu 0:
[  150.000018]  folio_mapping+0x1d/0x110
[  150.000019]  folio_evictable+0x19/0xb0
[  150.000020]  lru_add+0x27/0x200
[  150.000021] 
[  150.000022] Reported by Kernel Concurrency Sanitizer on:
[  150.000023] CPU: 0 UID: 0 PID: 77 Comm: stress Not tainted 6.12.118-memviz-kcsan #1
[  150.000024] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014
[  150.000025] ==================================================================
EOF
}

# A race with a write KCSAN did not see: one stack only.
kcsan_unknown_origin() {
	cat <<'EOF'
[  160.000001] ==================================================================
[  160.000002] BUG: KCSAN: data-race in mv_lru_walk+0x3b1/0x7c0 [memviz]
[  160.000003] 
[  160.000004] race at unknown origin, with read to 0xffffea0000401a08 of 8 bytes by task 90 on cpu 0:
[  160.000005]  mv_lru_walk+0x3b1/0x7c0 [memviz]
[  160.000006]  mv_lru_show+0x44/0x90 [memviz]
[  160.000007]  seq_read_iter+0x1b9/0x6c0
[  160.000008] 
[  160.000009] value changed: 0xffffea0000401a00 -> 0xffffea0000c00a00
[  160.000010] 
[  160.000011] Reported by Kernel Concurrency Sanitizer on:
[  160.000012] CPU: 0 UID: 0 PID: 90 Comm: cat Not tainted 6.12.118-memviz-kcsan #1
[  160.000013] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014
[  160.000014] ==================================================================
EOF
}

# A kernel-only one at unknown origin: the CPU set a PTE's accessed bit
# (6.12-kcsan, 2node, kswapd).
kcsan_kernel_unknown() {
	cat <<'EOF'
[  577.164609] ==================================================================
[  577.164609] BUG: KCSAN: data-race in try_to_unmap_one+0x46a/0x1410
[  577.164609] 
[  577.164609] race at unknown origin, with read to 0xff15b7c38104acc0 of 8 bytes by task 44 on cpu 1:
[  577.164609]  try_to_unmap_one+0x46a/0x1410
[  577.164609]  rmap_walk_anon+0x168/0x330
[  577.164609]  try_to_unmap+0xfa/0x110
[  577.164609]  shrink_folio_list+0xd6d/0x1fb0
[  577.164609]  evict_folios+0x483/0xf10
[  577.164609]  kswapd+0x37b/0x6e0
[  577.164609] 
[  577.164609] 4 locks held by kswapd1/44:
[  577.164609]  #0: ffffffff945ca240 (fs_reclaim){+.+.}-{0:0}, at: balance_pgdat+0x8e1/0xfa0
[  577.164609]  #1: ff15b7c482592b70 (&anon_vma->rwsem){++++}-{3:3}, at: folio_lock_anon_vma_read+0xf0/0x740
[  577.164609] 
[  577.164609] value changed: 0x800000010a4e7867 -> 0x800000010a4e7847
[  577.164609] 
[  577.164609] Reported by Kernel Concurrency Sanitizer on:
[  577.164609] CPU: 1 UID: 0 PID: 44 Comm: kswapd1 Tainted: G           O       6.12.118-memviz-kcsan #1
[  577.164609] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014
[  577.164609] ==================================================================
EOF
}

# run NAME: verdict.sh on $tmp/NAME/console.log (the guest finished; its
# tap.log is $tmp/NAME/tap.log.want when the case gives one).
run() {
	local d=$tmp/$1

	if [ -f "$d/tap.log.want" ]; then
		cp "$d/tap.log.want" "$d/tap.log"
	else
		printf 'harness: ok - rmmod memviz\n' >"$d/tap.log"
	fi
	printf 'rc=0 seconds=300 cpu=290.0 timeout=0\n' >"$d/status"
	bash "$here/verdict.sh" "t" "$d" >"$d/out" 2>&1 || true
}

# check NAME ok|fail|skip DESC [PATTERN...]: the splat point is as expected and
# every PATTERN (an ERE) matches a line of verdict.sh's output.
check() {
	local name=$1 want=$2 desc=$3 got pat why=
	shift 3

	run "$name"
	if grep -qx 'ok - t: no kernel splat after memviz loaded' "$tmp/$name/out"; then
		got=ok
	elif grep -qx 'ok - t: no kernel splat after memviz loaded # SKIP .*' "$tmp/$name/out"; then
		got=skip
	elif grep -qx 'not ok - t: no kernel splat after memviz loaded' "$tmp/$name/out"; then
		got=fail
	else
		got=missing
	fi
	[ "$got" = "$want" ] || why+=" splat point: $got, expected $want;"
	for pat in "$@"; do
		grep -qE -- "$pat" "$tmp/$name/out" || why+=" no line matching /$pat/;"
	done
	if [ -z "$why" ]; then
		printf 'ok - verdict.sh: %s\n' "$desc"
	else
		printf 'not ok - verdict.sh: %s\n' "$desc"
		printf '#  %s\n' "$why"
		sed 's/^/#    | /' "$tmp/$name/out"
		fails=$((fails + 1))
	fi
}

# case NAME: a fresh directory whose console.log is stdin.
case_console() {
	mkdir -p "$tmp/$1"
	cat >"$tmp/$1/console.log"
}

{ boot; shutdown; } | case_console clean
check clean ok "a clean console passes"

{ boot; kcsan_memviz; shutdown; } | case_console memviz
check memviz fail "a KCSAN race between two memviz functions fails the guest" \
	'^# t:   BUG: KCSAN: data-race in mv_note_reclaim \[memviz\] / mv_oom_events_show \[memviz\]$' \
	'^# t:   write to 0x[0-9a-f]+ of 8 bytes by task 57 on cpu 1:$' \
	'^# t:     mv_probe_mm_vmscan_direct_reclaim_end\+0x51/0x90 \[memviz\]$' \
	'^# t:   read to 0x[0-9a-f]+ of 8 bytes by task 88 on cpu 0:$' \
	'^# t:   value changed: 0x0+6 -> 0x0+7$' \
	'^# t: KCSAN: 1 report\(s\), 1 involving memviz'

{ boot; kcsan_memviz_caller; shutdown; } | case_console caller
check caller fail "a KCSAN race in a kernel helper that memviz called fails the guest" \
	'^# t:   BUG: KCSAN: data-race in node_page_state_pages / refresh_cpu_vm_stats$' \
	'^# t:     mv_nodes_show\+0x1e2/0x8a0 \[memviz\]$'

{ boot; kcsan_kernel; shutdown; } | case_console kernel
check kernel ok "a kernel-only KCSAN race (verbose lockdep lines) is listed, not failed" \
	'^# t: KCSAN: 1 report\(s\), 0 involving memviz \(failed above\), 1 kernel-only' \
	'^# t: KCSAN kernel-only: data-race in folio_mapping / shrink_folio_list$'

{ boot; kcsan_kernel; kcsan_kernel | sed 's/^\[  150/[  210/'; shutdown; } | case_console twice
check twice ok "a kernel-only KCSAN race seen twice is listed once, counted" \
	'^# t: KCSAN kernel-only: data-race in folio_mapping / shrink_folio_list \(x2\)$'

{ boot; kcsan_kernel_unknown; kcsan_kernel_unknown | sed 's/0x46a/0x47b/g'; shutdown; } |
	case_console kunknown
check kunknown ok "a kernel-only KCSAN race at unknown origin is listed once per function" \
	'^# t: KCSAN kernel-only: data-race in try_to_unmap_one \(at unknown origin\) \(x2\)$'

{ kcsan_kernel | sed 's/^\[  150/[    1/'; boot; shutdown; } | case_console early
check early ok "a kernel-only KCSAN race before memviz loaded is listed as such" \
	'^# t: KCSAN kernel-only: data-race in folio_mapping / shrink_folio_list \(before memviz loaded\)$'

{ boot; kcsan_unknown_origin; shutdown; } | case_console unknown
check unknown fail "a KCSAN race at unknown origin in memviz's code fails the guest" \
	'^# t:   race at unknown origin, with read to 0x[0-9a-f]+ of 8 bytes by task 90 on cpu 0:$'

{ boot; kcsan_kernel; kcsan_memviz; kcsan_kernel | sed 's/folio_mapping/folio_evictable/'; shutdown; } |
	case_console mixed
check mixed fail "memviz's KCSAN race fails among kernel-only ones, which are listed" \
	'^# t: KCSAN: 3 report\(s\), 1 involving memviz \(failed above\), 2 kernel-only' \
	'^# t: KCSAN kernel-only: data-race in folio_evictable / shrink_folio_list$'

# A report cut short by the timeout: judged on what was printed.
{ boot; kcsan_memviz | sed -n '1,8p'; } | case_console truncated
check truncated fail "a KCSAN report cut short at the end of the console is still judged" \
	'^# t:   BUG: KCSAN: data-race in mv_note_reclaim'

# Another CPU's WARNING printed in the middle of a kernel-only report.
{ boot; kcsan_kernel | sed '10a\
[  150.000010] WARNING: CPU: 1 PID: 12 at mm/page_alloc.c:4700 __alloc_pages_noprof+0x2d1/0x3e0'; shutdown; } |
	case_console interleaved
check interleaved fail "a WARNING interleaved with a kernel-only KCSAN report still fails" \
	'^# t:   .*WARNING: CPU: 1 PID: 12 at mm/page_alloc.c:4700'

# The rules that were there before KCSAN.
{ boot; echo '[  100.000000] WARNING: CPU: 0 PID: 1 at mm/vmscan.c:100 shrink_node+0x1/0x2'; shutdown; } |
	case_console warning
check warning fail "a WARNING after insmod fails the guest" '^# t:   .*WARNING: CPU: 0'

{ echo '[    1.000000] BUG: spinlock bad magic on CPU#0'; boot; shutdown; } | case_console before
check before ok "a splat before memviz loaded is not memviz's"

# An OOM report as 6.1 prints it (32-oom-global), the allocator faulting
# in user space: title, stack with the user registers, Mem-Info, task
# dump, the kill.
oom_report() {
	cat <<'EOF'
[  100.100000] mv-oom-alloc invoked oom-killer: gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO), order=0, oom_score_adj=-1000
[  100.100001] CPU: 0 PID: 3931 Comm: mv-oom-alloc Tainted: G           OE      6.1.0-57-amd64 #1  Debian 6.1.192-3
[  100.100002] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014
[  100.100003] Call Trace:
[  100.100004]  <TASK>
[  100.100005]  dump_stack_lvl+0x44/0x5c
[  100.100006]  dump_header+0x4c/0x22b
[  100.100007]  oom_kill_process.cold+0xb/0x10
[  100.100008]  out_of_memory+0x1fd/0x4c0
[  100.100009]  ? lockdep_hardirqs_on_prepare+0x275/0x410
[  100.100010]  __alloc_pages_slowpath.constprop.0+0x67f/0xe70
[  100.100011]  asm_exc_page_fault+0x22/0x30
[  100.100012] RIP: 0033:0x4017e2
[  100.100013] Code: 00 00 49 c1 e5 14 4c 89 ee e8 2a a1 03 00 48 83 f8 ff 74 78 31 d2 4d 85 ed 74 1e <88> 0c 10 48
[  100.100014] RSP: 002b:00007ffc2fa30070 EFLAGS: 00000202
[  100.100015] RAX: 00007fc1da9dd000 RBX: 0000000000000004 RCX: 000000000000003b
[  100.100016]  </TASK>
[  100.100017] Mem-Info:
[  100.100018] active_anon:4878 inactive_anon:469411 isolated_anon:0
[  100.100019] Node 0 DMA32 free:44612kB boost:0kB min:44712kB low:55888kB high:67064kB
[  100.100020] Tasks state (memory values in pages):
[  100.100021] [  pid  ]   uid  tgid total_pgs rss pgtables_bytes swapents oom_score_adj name
[  100.100022] [   3887]     0  3887    12536    12274   139264        0           400 mv-hog
[  100.100023] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=mv-hog,pid=3887,uid=0
[  100.100024] Out of memory: Killed process 3887 (mv-hog) total-vm:50144kB, anon-rss:49068kB, file-rss:4kB, shmem-rss:628kB, UID:0 pgtables:136kB oom_score_adj:400
EOF
}

# A call trace that is no OOM report's (sysrq-t, a WARN_ON without title).
stray_trace() {
	cat <<'EOF'
[  100.300000] Call Trace:
[  100.300001]  <TASK>
[  100.300002]  dump_stack_lvl+0x44/0x5c
[  100.300003]  mv_probe_oom+0x12/0x40 [memviz]
[  100.300004]  </TASK>
EOF
}

oom_window() { # COMMAND: its output between the expect-oom markers
	echo '[  100.000000] memviz-harness: expect-oom-begin'
	"$1"
	echo '[  100.900000] memviz-harness: expect-oom-end'
}

{ boot; oom_window oom_report; shutdown; } | case_console oom
check oom ok "an OOM report's call trace (user registers too) inside the expect-oom window is forgiven"

{ boot; oom_window oom_report; oom_window oom_report; shutdown; } | case_console oom2
check oom2 ok "two OOM reports, each in its window, are forgiven"

{ boot; oom_window stray_trace; shutdown; } | case_console oomstray
check oomstray fail "a call trace in the expect-oom window that no OOM report printed fails" \
	'^# t:   \[  100\.300000\] Call Trace:'

oom_then_stray() {
	oom_report
	stray_trace
}
{ boot; oom_window oom_then_stray; shutdown; } | case_console oomafter
check oomafter fail "a call trace after the OOM report's kill, still in the window, fails" \
	'^# t:   \[  100\.300000\] Call Trace:'

{ boot; oom_report; shutdown; } | case_console oomnowin
check oomnowin fail "an OOM report outside any expect-oom window fails" '^# t:   .*Call Trace:'

warn_in_oom() {
	oom_report | sed '5a\
[  100.100004] WARNING: CPU: 0 PID: 3931 at mm/page_alloc.c:4700 __alloc_pages_slowpath+0x2d1/0xe70'
}
{ boot; oom_window warn_in_oom; shutdown; } | case_console oomwarn
check oomwarn fail "a WARNING inside an OOM report in the window still fails" \
	'^# t:   .*WARNING: CPU: 0 PID: 3931'

# An OOM window that ends before any kill line: what follows is judged.
oom_no_kill() {
	oom_report | grep -v 'Killed process'
}
{ boot; oom_window oom_no_kill; stray_trace; shutdown; } | case_console oomcut
check oomcut fail "the window's end closes an OOM report without a kill line" \
	'^# t:   \[  100\.300000\] Call Trace:'

# Stalls, SLUB debug, allocation failures: splats too.
{ boot; echo '[  200.000000] rcu: INFO: rcu_preempt self-detected stall on CPU'; shutdown; } |
	case_console rcu
check rcu fail "an RCU stall report fails the guest" \
	'^# t:   .*rcu: INFO: rcu_preempt self-detected stall on CPU'

{ boot; echo '[  200.000000] rcu: INFO: rcu_sched detected stalls on CPUs/tasks:'; shutdown; } |
	case_console rcu2
check rcu2 fail "an RCU 'detected stalls' report fails the guest" '^# t:   .*detected stalls on CPUs/tasks'

{
	boot
	echo '[  210.000000] ============================================================================='
	echo '[  210.000001] BUG kmalloc-64 (Tainted: G           O      ): Right Redzone overwritten'
	shutdown
} | case_console slub
check slub fail "SLUB's 'BUG kmalloc-64 (...): Redzone overwritten' fails the guest" \
	'^# t:   .*BUG kmalloc-64 \(Tainted'

{ boot; echo '[  220.000000] DEBUG memviz: nothing wrong'; shutdown; } | case_console debugword
check debugword ok "'DEBUG x' is not SLUB's 'BUG x'"

alloc_failure() { # COMM: a warn_alloc() of a vmalloc that failed in COMM
	cat <<EOF
[  230.000000] $1: vmalloc error: size 7280, vm_struct allocation failed, mode:0xdc0(GFP_KERNEL|__GFP_ZERO), nodemask=(null),cpuset=/,mems_allowed=0
[  230.000001] CPU: 0 UID: 0 PID: 13217 Comm: $1 Tainted: G           O       6.12.118-memviz-kcsan #1
[  230.000002] Call Trace:
[  230.000003]  <TASK>
[  230.000004]  dump_stack_lvl+0x8a/0xa0
[  230.000005]  warn_alloc+0x15f/0x1e0
[  230.000006]  ? memviz_oom_collect+0x30c/0x1c00 [memviz]
[  230.000007]  __kvmalloc_node_noprof+0xcb/0x100
[  230.000008] RIP: 0033:0x4512e1
[  230.000009]  </TASK>
[  230.000010] Mem-Info:
EOF
}

{ boot; alloc_failure mv-rread; shutdown; } | case_console allocfail
check allocfail fail "an allocation-failure warning outside a fault-injection window fails" \
	'^# t:   .*mv-rread: vmalloc error: size 7280'

{
	boot
	echo '[  230.000000] cat: page allocation failure: order:4, mode:0x40dc0(GFP_KERNEL|__GFP_COMP|__GFP_ZERO), nodemask=(null)'
	shutdown
} | case_console pagefail
check pagefail fail "a 'page allocation failure' warning fails the guest" \
	'^# t:   .*cat: page allocation failure: order:4'

alloc_window() { # COMMAND ARG: its output between the expect-alloc-failure markers
	echo '[  229.000000] memviz-harness: expect-alloc-failure-begin mv-rread'
	"$1" "$2"
	echo '[  231.000000] memviz-harness: expect-alloc-failure-end'
}
kmemleak_area() {
	alloc_failure "$1"
	echo '[  230.500000] kmemleak: Cannot allocate a scan area, scanning the full object'
	echo '[  230.500001] Call Trace:'
	echo '[  230.500002]  dump_stack_lvl+0x8a/0xa0'
	echo '[  230.500003]  </TASK>'
}
{ boot; alloc_window kmemleak_area mv-rread; shutdown; } | case_console allocwin
check allocwin ok "the injected task's allocation failures in its window are forgiven, stack and all"

{ boot; alloc_window alloc_failure kworker/0:1; shutdown; } | case_console allocother
check allocother fail "another task's allocation failure in that window still fails" \
	'^# t:   .*kworker/0:1: vmalloc error' '^# t:   .*Call Trace:'

{ boot; alloc_window alloc_failure mv-rread; stray_trace; shutdown; } | case_console allocafter
check allocafter fail "a trace after the fault-injection window fails" '^# t:   .*Call Trace:'

# A boot where memviz never loaded (lockdown refused it): nothing to judge.
skipped_rmmod='harness: ok - rmmod memviz # SKIP memviz was never loaded in this boot'
{ boot; echo '[  250.000000] memviz-harness: never-loaded'; shutdown; } | case_console never
echo "$skipped_rmmod" >"$tmp/never/tap.log.want"
check never skip "a boot where memviz never loaded: the splat and rmmod points are skips" \
	'^ok - t: rmmod memviz succeeded # SKIP memviz was never loaded in this boot$'

{
	boot
	echo '[  240.000000] WARNING: CPU: 0 PID: 1 at kernel/module/main.c:100 load_module+0x1/0x2'
	echo '[  250.000000] memviz-harness: never-loaded'
	shutdown
} | case_console neverwarn
echo "$skipped_rmmod" >"$tmp/neverwarn/tap.log.want"
check neverwarn fail "... but a splat after the tests began still fails it" '^# t:   .*WARNING: CPU: 0 PID: 1'

[ "$fails" -eq 0 ]
