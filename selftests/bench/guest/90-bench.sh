#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The memviz benchmark, run by the bench guest's /init with memviz loaded.
# Fills the guest with a realistic mix, then measures memviz's files
# against the tools a user would run instead, in this one guest so that
# the machine's (and TCG's) speed cancels out of every ratio.
#
# Every measurement is one "# mvb KEY VALUE" line (nanoseconds unless the
# key says otherwise; medians of `reps` runs, with _min/_max beside them)
# that selftests/bench/bench.sh turns into the table, plus one test point
# "KEY measured" so a smoke run can assert that each produced a number.
#
# Kernel command line (set by bench.sh):
#   memviz_vm.bench=full|smoke  smoke: small fill, no latency-only skips
#   memviz_vm.reps=N            repetitions of each measurement (7)
#   memviz_vm.tasks=N           processes to add (2000; a quarter first)
#   memviz_vm.cyc=SECONDS       length of one cyclictest run (10)
#   memviz_vm.fill=PCT          scale of the mix (100: ~75% of memory used)
#   memviz_vm.scale=N[,N...]    after the rest, grow to N processes (each
#                               in turn) and read oom there: its time, and
#                               the task walk's longest RCU read section
# shellcheck source=selftests/guest/lib.sh
. /selftests/lib.sh

mode=$(mv_cmdline bench || echo full)
reps=$(mv_cmdline reps || echo 7)
tasks=$(mv_cmdline tasks || echo 2000)
cyc=$(mv_cmdline cyc || echo 10)
fill=$(mv_cmdline fill || echo 100)
scale=$(mv_cmdline scale || echo "")
T=/tmp/mvb
M=/mnt/mvb
ko=/lib/modules/$(uname -r)/memviz.ko
mkdir -p "$T" "$M/ext4" "$M/tmpfs"
pids=

# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rmdir /sys/fs/cgroup/mvb 2>/dev/null
	umount "$M/ext4" "$M/tmpfs" 2>/dev/null
}
trap cleanup EXIT

res() {
	mv_diag "mvb $1 $2"
	echo "$1 $2" >> "$T/results"
}

# median: of the numbers on stdin.
median() {
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# opened KEY FILE: median of the open() share mvb-read printed as KEY.
opened() {
	res "$1" "$(awk '{ print $2 }' "$2" | median)"
}

# stats KEY FILE: median, min and max of FILE's first column as KEY,
# KEY_min, KEY_max.
stats() {
	sort -n "$2" | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)], v[1], v[NR] }' > "$T/.s"
	read -r _med _min _max < "$T/.s"
	res "$1" "$_med"
	res "$1_min" "$_min"
	res "$1_max" "$_max"
}

# phase NAME: a marker in the console log, with the time since boot.
phase() {
	mv_kmsg "bench $1"
	mv_diag "phase $1 at $(cut -d' ' -f1 /proc/uptime) s"
}

# wait_file FILE SECONDS: wait until FILE exists.
wait_file() {
	_n=0
	while [ ! -e "$1" ] && [ "$_n" -lt "$(($2 * 10))" ]; do
		sleep 0.1
		_n=$((_n + 1))
	done
	[ -e "$1" ]
}

meminfo_mib() {
	awk -v k="$1:" '$1 == k { print int($2 / 1024) }' /proc/meminfo
}

# ---- the guest --------------------------------------------------------
mib=$(meminfo_mib MemTotal)
cpus=$(grep -c '^processor' /proc/cpuinfo)
res kernel "$(uname -r)"
res rt "$(cat /sys/kernel/realtime 2>/dev/null || echo 0)"
res mem_mib "$mib"
res cpus "$cpus"
res reps "$reps"
# The activity file's tracepoint probes attach at load unless activity=0.
probes=none
if [ -r /sys/module/memviz/parameters/activity ]; then
	probes=detached
	[ "$(cat /sys/module/memviz/parameters/activity)" = Y ] && probes=attached
fi
res probes "$probes"

# ---- the mix: anon, THP, page cache on ext4-over-brd, tmpfs -----------
phase fill
# Shares of memory at fill=100; ext4's page cache costs as much again in
# brd's pages, the workload file too: ~75% used, ~20% left free so that
# nothing is reclaimed while the files are read.
anon=$((mib * fill * 18 / 10000))
thp=$((mib * fill * 10 / 10000))
cache=$((mib * fill * 12 / 10000))
mapped=$((mib * fill * 3 / 10000))
shm=$((mib * fill * 10 / 10000))
rfile=$((reps > 1 ? 128 : 32))		# the reclaim workload's file, MiB
rlimit=$((rfile / 4))
brd_mib=$((cache + mapped + rfile + 64))
res fill_mib "anon=$anon,thp=$thp,cache=$cache,mapped=$mapped,tmpfs=$shm"
ext4=0
if mv-modprobe -q brd rd_nr=1 rd_size=$((brd_mib * 1024)) &&
	mke2fs -F /dev/ram0 >/dev/null 2>&1 &&
	{ mv-modprobe -q ext4; mount -t ext4 /dev/ram0 "$M/ext4"; }; then
	ext4=1
fi
mount -t tmpfs -o size=$((shm + 16))m tmpfs "$M/tmpfs"
[ "$ext4" = 1 ] || mv_fail "ext4 over brd for the page cache"
thp_opt=
[ -d /sys/kernel/mm/transparent_hugepage ] && thp_opt=-t
mv-hog -m "$anon" -r "$T/r-anon" & hogs="$!"
mv-hog -m "$thp" $thp_opt -r "$T/r-thp" & hogs="$hogs $!"
mv-hog -m "$mapped" -f "$M/ext4/mapped" -r "$T/r-mapped" & hogs="$hogs $!"
pids="$pids $hogs"
dd if=/dev/zero of="$M/ext4/cache" bs=1M count="$cache" 2>/dev/null
dd if=/dev/zero of="$M/ext4/reclaim" bs=1M count="$rfile" 2>/dev/null
dd if=/dev/zero of="$M/tmpfs/shm" bs=1M count="$shm" 2>/dev/null
sync
for r in anon thp mapped; do
	wait_file "$T/r-$r" 300 || mv_diag "hog $r not ready"
done
mvb-spawn $((tasks / 4)) "$T/r-spawn1" & pids="$pids $!"
wait_file "$T/r-spawn1" 600 || mv_diag "first crowd not ready"
res anon_huge_mib "$(meminfo_mib AnonHugePages)"
res cached_mib "$(meminfo_mib Cached)"
res free_mib "$(meminfo_mib MemFree)"

# ---- oom at a quarter of the tasks -----------------------------------
phase oom-small
mvb-read -n "$reps" "$MV_DEBUGFS/oom" > "$T/oom1"
mvb-procwalk -n "$reps" > "$T/walk1"
res tasks_small "$(awk '{ print $2 }' "$T/walk1" | sort -n | tail -n 1)"
stats oom_small_ns "$T/oom1"
opened oom_small_open_ns "$T/oom1"
stats walk_small_ns "$T/walk1"

# ---- all the tasks -----------------------------------------------------
mvb-spawn $((tasks - tasks / 4)) "$T/r-spawn2" & pids="$pids $!"
wait_file "$T/r-spawn2" 900 || mv_diag "second crowd not ready"
res free_full_mib "$(meminfo_mib MemFree)"

phase zones
mvb-read -n "$reps" "$MV_DEBUGFS/zones" > "$T/zones"
mvb-read -n "$reps" "$MV_DEBUGFS/nodes" > "$T/nodes"
mvb-read -n "$reps" /proc/zoneinfo > "$T/zoneinfo"
stats zones_ns "$T/zones"
stats nodes_ns "$T/nodes"
opened zones_open_ns "$T/zones"
opened nodes_open_ns "$T/nodes"
stats zoneinfo_ns "$T/zoneinfo"

# lru against page-types run once per populated zone (the same per-zone
# flag breakdown), over the zone's spanned pfns as memviz walks them.
phase lru
mv_zone_pfn_ranges > "$T/zranges"
set --
while read -r _n _z s e; do
	[ $# -gt 0 ] && set -- "$@" ";"
	set -- "$@" page-types -a "$s,$e"
done < "$T/zranges"
res zones_walked "$(wc -l < "$T/zranges")"
res pfns "$(awk '{ s += $4 - $3 } END { print s }' "$T/zranges")"
# The same commands as a script, for the profile below.
while read -r _n _z s e; do echo "page-types -a $s,$e >/dev/null"; done < "$T/zranges" > "$T/pt.sh"
mvb-read -n "$reps" "$MV_DEBUGFS/lru" > "$T/lru"
mvb-time -n "$reps" "$@" > "$T/pt" || mv_fail "page-types ran"
stats lru_ns "$T/lru"
opened lru_open_ns "$T/lru"
stats pt_ns "$T/pt"
cat "$MV_DEBUGFS/lru" > "$T/lru.txt"
res lru_pass_ns "$(sed -n 's/.*elapsed_ns=\([0-9]*\).*/\1/p' "$T/lru.txt")"
res lru_pfns_scanned "$(sed -n 's/.*pfns_scanned=\([0-9]*\).*/\1/p' "$T/lru.txt")"
lru_total=$(awk '/^#/ || /^$/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next } { s += $c["pages"] } END { print s + 0 }' "$T/lru.txt")
res lru_pages "$lru_total"
# Sampled passes (sample/lru.N): time against the exact pass, and the
# total's error against it next to the error the pass states (the zones'
# pages_stderr added in quadrature over rows: an upper bound, rows of a
# zone move together).  busybox awk has no sqrt(): Newton's method.
for smp in 4 16 64; do
	[ -r "$MV_DEBUGFS/sample/lru.$smp" ] || break
	mvb-read -n "$reps" "$MV_DEBUGFS/sample/lru.$smp" > "$T/lru$smp"
	stats "lru_s${smp}_ns" "$T/lru$smp"
	cat "$MV_DEBUGFS/sample/lru.$smp" > "$T/lru$smp.txt"
	res "lru_s${smp}_err" "$(awk -v x="$lru_total" '
		/^#/ || /^$/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
		{ s += $c["pages"]; q += $c["pages_stderr"] * $c["pages_stderr"] }
		function root(v, r, i) { if (v <= 0) return 0; r = v; for (i = 0; i < 64; i++) r = (r + v / r) / 2; return r }
		END { d = s - x; if (d < 0) d = -d; printf "%.2f%% (stated %.2f%%)\n", 100 * d / x, 100 * root(q) / x }' "$T/lru$smp.txt")"
done
# The memcg file's pass is the lru pass with every folio attributed to
# its memcg (a compare of its memcg_data word against the pinned memcgs,
# cached per run of folios): its open() against lru's, alternated so that
# both see the same page cache and the same host.
if [ -r "$MV_DEBUGFS/memcg" ]; then
	: > "$T/memcg"
	: > "$T/lru-alt"
	i=0
	while [ $i -lt "$reps" ]; do
		mvb-read -n 1 "$MV_DEBUGFS/lru" >> "$T/lru-alt"
		mvb-read -n 1 "$MV_DEBUGFS/memcg" >> "$T/memcg"
		i=$((i + 1))
	done
	stats memcg_ns "$T/memcg"
	opened memcg_open_ns "$T/memcg"
	opened lru_alt_open_ns "$T/lru-alt"
fi
# page-types' count of the same thing: pages whose flags include lru.
set --
while read -r _n _z s e; do set -- "$@" -a "$s,$e"; done < "$T/zranges"
page-types "$@" > "$T/pt.txt" 2>/dev/null
# Its summary lines: "0xFLAGS<TAB>PAGES MB  SYMBOLIC<TAB>long,names".
res pt_lru_pages "$(awk -F'\t' '$3 ~ /(^|,)lru(,|$)/ { split($2, f, " "); s += f[1] } END { print s + 0 }' "$T/pt.txt")"

phase oom
mvb-read -n "$reps" "$MV_DEBUGFS/oom" > "$T/oom2"
mvb-procwalk -n "$reps" > "$T/walk2"
res tasks_full "$(awk '{ print $2 }' "$T/walk2" | sort -n | tail -n 1)"
stats oom_ns "$T/oom2"
opened oom_open_ns "$T/oom2"
stats walk_ns "$T/walk2"
# The longest RCU read-side section of the task walk: per process since
# it walks by pid (rcu_max_ns); the whole walk when it was one section.
oom_rcu() {
	cat "$MV_DEBUGFS/oom" > "$T/oom.txt"
	_w=$(sed -n 's/^#.* walk_ns=\([0-9]*\).*/\1/p' "$T/oom.txt" | head -n 1)
	_r=$(sed -n 's/^#.* rcu_max_ns=\([0-9]*\).*/\1/p' "$T/oom.txt" | head -n 1)
	res "$1_walk_ns" "$_w"
	res "$1_rcu_max_ns" "${_r:-$_w}"
}
oom_rcu oom

# ---- where the time goes: perf's cpu-clock samples (TCG has no PMU) ----
# perf_setup: let root's perf sample the kernel and name its symbols.
perf_setup() {
	echo -1 > /proc/sys/kernel/perf_event_paranoid
	echo 0 > /proc/sys/kernel/kptr_restrict
}
# Per command (its children inherited), kernel and user, by symbol.
prof() {
	_name=$1
	shift
	perf record -q -e cpu-clock -o "$T/perf.$_name" -- "$@" >/dev/null 2>&1 ||
		{ mv_diag "perf record $_name failed"; return; }
	perf report -q -i "$T/perf.$_name" --stdio --sort dso,sym --percent-limit 2 2>/dev/null |
		grep -v '^$' | head -n 12 > "$T/prof.$_name"
	while read -r _line; do
		mv_diag "mvb-prof $_name $_line"
	done < "$T/prof.$_name"
}
if [ "$mode" = full ] && command -v perf >/dev/null; then
	phase profile
	perf_setup
	prof lru mvb-read -w 0 -n 3 "$MV_DEBUGFS/lru"
	prof page-types sh "$T/pt.sh"
	prof oom mvb-read -w 0 -n 3 "$MV_DEBUGFS/oom"
	prof procwalk mvb-procwalk -w 0 -n 1
	prof zones mvb-read -w 0 -n 200 "$MV_DEBUGFS/zones"
	prof zoneinfo mvb-read -w 0 -n 200 /proc/zoneinfo
fi

# ---- the module's memory ----------------------------------------------
phase memory
res lsmod_bytes "$(awk '$1 == "memviz" { print $2 }' /proc/modules)"
# One open (what a single reader holds; Slab moves in slab pages, so a
# small snapshot can read 0), then 32 opens at once (the cost per reader,
# precise to a fraction of a kB).
for f in "$MV_DEBUGFS"/*; do
	name=${f##*/}
	mvb-mem -n "$reps" "$f" > "$T/mem-$name" || continue
	res "mem_${name}_kb" "$(median < "$T/mem-$name")"
	mvb-mem -n $((reps > 3 ? 3 : reps)) -c 32 "$f" > "$T/mem32-$name" || continue
	res "mem32_${name}_kb" "$(median < "$T/mem32-$name")"
	res "memfree32_${name}_kb" "$(awk '{ print $2 }' "$T/mem32-$name" | median)"
done

# ---- probe overhead: reclaim-heavy runs with and without the module ----
# A memcg a quarter of the file's size: each pass reclaims ~3/4 of what it
# reads. Runs alternate on/off/off/on so drift hits both sides alike, and
# every run follows one rmmod and one insmod of its own (off: insmod then
# rmmod; on: rmmod then insmod) and a settling second: a module load or
# unload leaves deferred work (RCU callbacks, lazy vfree and its TLB
# flushes, under TCG re-translation) that must not land in one side only.
cg=/sys/fs/cgroup/mvb
mkdir -p "$cg"
echo $((rlimit * 1024 * 1024)) > "$cg/memory.max"
: > "$T/on"
: > "$T/off"
reclaim_run() {
	mvb-reclaim -c "$cg" "$M/ext4/reclaim" 2 >> "$T/$1" ||
		mv_diag "reclaim run ($1) failed"
}
probes_ok=1
# prep on|off: one rmmod and one insmod, ending loaded (on) or not (off).
prep() {
	if [ "$1" = on ]; then
		{ [ ! -d /sys/module/memviz ] || rmmod memviz; } && insmod "$ko"
	else
		{ [ -d /sys/module/memviz ] || insmod "$ko"; } && rmmod memviz
	fi || probes_ok=0
	sleep 1
}
i=0
# Short runs, many of them: the host's noise is what limits this figure.
preps=$((reps * 2 + 1))
while [ "$i" -lt "$preps" ] && [ "$probes_ok" = 1 ]; do
	if [ $((i % 2)) = 0 ]; then
		prep on; reclaim_run on
		prep off; reclaim_run off
	else
		prep off; reclaim_run off
		prep on; reclaim_run on
	fi
	i=$((i + 1))
done
[ -d "$MV_DEBUGFS" ] || insmod "$ko"
[ "$probes_ok" = 1 ] || mv_fail "rmmod/insmod between reclaim runs"
res reclaim_pgscan "$(awk '$1 ~ /^pgscan/ { s += $2 } END { print s + 0 }' /proc/vmstat)"
# What the probes count in one run, for the console log: their hit count
# bounds their cost. Counters start at zero with each insmod.
if [ -r "$MV_DEBUGFS/activity" ]; then
	reclaim_run extra
	cat "$MV_DEBUGFS/activity" >&2
fi
stats reclaim_on_ns "$T/on"
stats reclaim_off_ns "$T/off"

# The same overhead by profile, which host noise cannot blur: the share of
# the loaded workload's cpu-clock samples (its reclaim runs in its own
# context) that fall in memviz's probes or the kernel's tracepoint
# dispatch (__traceiter_*) on the way to them.  A probe is far shorter
# than the sampling period, so this counts how often one was caught: with
# p of n samples, (p + 2 sqrt(p) + 3) / n bounds the share (95%; 3/n at 0).
if command -v perf >/dev/null && [ -r "$MV_DEBUGFS/activity" ]; then
	perf_setup
	if perf record -q -e cpu-clock -o "$T/perf.reclaim" -- \
		mvb-reclaim -c "$cg" "$M/ext4/reclaim" 2 >/dev/null 2>&1; then
		perf report -q -i "$T/perf.reclaim" --stdio --sort dso,sym -F overhead,sample,dso,sym \
			--percent-limit 0 2>/dev/null > "$T/prof.reclaim"
		# "  0.12%  17  [memviz]  [k] act_probe_shrink_inactive"
		awk '$2 ~ /^[0-9]+$/ { all += $2 }
			$2 ~ /^[0-9]+$/ && ($3 == "[memviz]" || $5 ~ /^__traceiter_/) { p += $2; print "mvb-probe-sample " $0 > "/dev/stderr" }
			END {
				# busybox awk has no sqrt(): Newton steps
				r = p > 1 ? p : 1
				for (i = 0; i < 30; i++) r = (r + p / r) / 2
				if (all) printf "%.3f%% (%d of %d samples; Poisson 95%% bound %.2f%%)\n",
					100 * p / all, p, all, 100 * (p + 2 * r + 3) / all
			}' \
			"$T/prof.reclaim" > "$T/probe-pct"
		res probe_samples "$(cat "$T/probe-pct")"
		{ head -n 8 "$T/prof.reclaim"; grep -m 4 -e '\[memviz\]' -e __traceiter_ "$T/prof.reclaim"; } |
			while IFS= read -r _line; do mv_diag "mvb-prof reclaim $_line"; done
	else
		mv_diag "perf record of the reclaim workload failed"
	fi
fi

# ---- scheduling latency: cyclictest with and without a reader ----------
# One SCHED_FIFO thread per CPU; the reader loops over every memviz file
# (lru's page-frame walk, oom's task walk included) at normal priority.
# Per round: idle, reader, user-space busy loop (the control).
rt=$(cat /sys/kernel/realtime 2>/dev/null || echo 0)
if [ "$mode" = smoke ] || [ "$rt" = 1 ]; then
	phase latency
	# "T: 0 (...) P:95 I:1000 C: ... Min: 3 Act: 5 Avg: 6 Max: 123", one
	# line per thread: the worst thread's Max, and its Avg.
	cyc_max() {
		awk '/Max:/ { sub(/.*Max: */, ""); if ($1 + 0 > m) m = $1 + 0 } END { print m + 0 }' "$1"
		awk '/Avg:/ { sub(/.*Avg: */, ""); if ($1 + 0 > m) m = $1 + 0 } END { print m + 0 }' "$1" >> "$T/$2-avg"
	}
	: > "$T/cyc-base"
	: > "$T/cyc-read"
	: > "$T/cyc-busy"
	: > "$T/cyc-busy-avg"
	: > "$T/cyc-base-avg"
	: > "$T/cyc-read-avg"
	creps=$((reps > 5 ? 5 : reps))
	i=0
	while [ "$i" -lt "$creps" ]; do
		cyclictest -q -m -S -p 95 -i 1000 -D "$cyc" > "$T/c" 2>/dev/null &&
			cyc_max "$T/c" cyc-base >> "$T/cyc-base"
		mvb-read -n 0 "$MV_DEBUGFS"/* & rd=$!
		cyclictest -q -m -S -p 95 -i 1000 -D "$cyc" > "$T/c" 2>/dev/null &&
			cyc_max "$T/c" cyc-read >> "$T/cyc-read"
		kill "$rd"
		wait "$rd" 2>/dev/null
		# Control: a user-space busy loop, as CPU-hungry as the reader but
		# never in the kernel. Under TCG a busy vCPU alone costs latency.
		sh -c 'while :; do :; done' & rd=$!
		cyclictest -q -m -S -p 95 -i 1000 -D "$cyc" > "$T/c" 2>/dev/null &&
			cyc_max "$T/c" cyc-busy >> "$T/cyc-busy"
		kill "$rd"
		wait "$rd" 2>/dev/null
		i=$((i + 1))
	done
	stats cyc_base_us "$T/cyc-base"
	stats cyc_read_us "$T/cyc-read"
	res cyc_base_avg_us "$(median < "$T/cyc-base-avg")"
	res cyc_read_avg_us "$(median < "$T/cyc-read-avg")"
	stats cyc_busy_us "$T/cyc-busy"
	res cyc_busy_avg_us "$(median < "$T/cyc-busy-avg")"
	# Which file it is: one run per file, a reader looping over it alone.
	if [ "$mode" = full ]; then
		byfile=""
		for f in "$MV_DEBUGFS"/*; do
			mvb-read -n 0 "$f" & rd=$!
			cyclictest -q -m -S -p 95 -i 1000 -D "$cyc" > "$T/c" 2>/dev/null &&
				byfile="$byfile ${f##*/}=$(cyc_max "$T/c" cyc-file)"
			kill "$rd"
			wait "$rd" 2>/dev/null
		done
		res cyc_read_by_file_us "${byfile# }"
	fi
else
	mv_diag "latency: not an RT kernel, cyclictest skipped"
fi

# ---- scale: oom at more processes (memviz_vm.scale) --------------------
if [ -n "$scale" ]; then
	phase scale
	echo 4194304 > /proc/sys/kernel/pid_max	# 32768 on a 2-CPU guest
	# The memory mix is done with: 50,000 processes need the room (at
	# 75% used, 8 GiB ran out near 40,000); the oom walk does not read it.
	# shellcheck disable=SC2086 # a list of pids
	kill $hogs 2>/dev/null
	rm -f "$M/tmpfs/shm"
	sync
	echo 3 > /proc/sys/vm/drop_caches
	sleep 1
	mv_diag "scale: MemFree $(meminfo_mib MemFree) MiB after the mix was released"
	have=$(awk '{ print $2 }' "$T/walk2" | sort -n | tail -n 1)
	i=0
	for n in $(echo "$scale" | tr , ' '); do
		i=$((i + 1))
		# forked, not exec'd, and holding nothing: 50,000 of mvb-spawn's
		# (72 KiB each) do not fit an 8 GiB guest; the walk reads the same
		if [ "$n" -gt "$have" ]; then
			mv-forkn -n $((n - have)) -r "$T/r-scale$i" & pids="$pids $!"
			wait_file "$T/r-scale$i" 3600 || mv_diag "scale crowd $n not ready"
		fi
		mvb-read -n 3 "$MV_DEBUGFS/oom" > "$T/oomsc$i"
		res "scale_tasks_$n" "$(ls -d /proc/[0-9]* | wc -l)"
		stats "scale_oom_ns_$n" "$T/oomsc$i"
		oom_rcu "scale_oom_$n"
		# what a reader holding oom open costs (the snapshot it pins)
		mvb-mem -n 1 "$MV_DEBUGFS/oom" > "$T/memsc$i" &&
			res "scale_oom_${n}_kb" "$(median < "$T/memsc$i")"
		have=$n
	done
fi

# ---- one point per measurement: a smoke run asserts they all exist -----
phase finished
for k in zones_ns nodes_ns zoneinfo_ns lru_ns pt_ns lru_pass_ns pfns oom_small_ns \
	walk_small_ns oom_ns walk_ns tasks_full lsmod_bytes mem_lru_kb mem32_lru_kb mem_oom_kb mem32_oom_kb \
	reclaim_on_ns reclaim_off_ns cyc_base_us cyc_read_us memcg_open_ns; do
	case $k in
	cyc_*) [ "$mode" = smoke ] || [ "$rt" = 1 ] || continue ;;
	esac
	v=$(awk -v k="$k" '$1 == k { v = $2 } END { print v }' "$T/results")
	if echo "$v" | grep -Eq '^-?[0-9]+(\.[0-9]+)?$'; then
		mv_pass "$k measured"
	else
		mv_fail "$k measured (got '$v')"
	fi
done
mv_done
