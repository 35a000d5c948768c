# SPDX-License-Identifier: GPL-2.0
#
# The bench table: one column per guest run, from each run's "results"
# file ("KEY VALUE" lines: what 90-bench.sh printed as "# mvb KEY VALUE",
# plus label/release/shape/ko_* added on the host).  Times are medians in
# ns; the table shows ms or us.  Ratios are "peer time / memviz time", so
# bigger is better for memviz; the target column is the issue's.
#
#   awk -f table.awk RUN1/results RUN2/results ...

FNR == 1 { run++ }
{
	key = $1
	$1 = ""
	sub(/^ /, "")
	v[run, key] = $0
}

function has(r, k) { return ((r, k) in v) && v[r, k] != "" }
function ms(r, k) { return has(r, k) ? sprintf("%.2f", v[r, k] / 1e6) : "-" }
function us(r, k) { return has(r, k) ? sprintf("%.0f", v[r, k] / 1e3) : "-" }
function ratio(r, a, b) {
	return has(r, a) && has(r, b) && v[r, b] > 0 ? sprintf("%.1fx", v[r, a] / v[r, b]) : "-"
}
function ratio2(r, a, b) {
	return has(r, a) && has(r, b) && v[r, b] > 0 ? sprintf("%.2fx", v[r, a] / v[r, b]) : "-"
}
function per(r, a, b) {
	return has(r, a) && has(r, b) && v[r, b] > 0 ? sprintf("%.0f", v[r, a] / v[r, b]) : "-"
}
# Spread of a median: (max - min) / median, percent.
function spread(r, k) {
	if (!has(r, k) || v[r, k] <= 0)
		return "-"
	return sprintf("%.1f%%", 100 * (v[r, k "_max"] - v[r, k "_min"]) / v[r, k])
}
function overhead(r, a, b) {
	if (!has(r, a) || !has(r, b) || v[r, b] <= 0)
		return "-"
	return sprintf("%+.1f%%", 100 * (v[r, a] - v[r, b]) / v[r, b])
}
function added(r, a, b) {
	return has(r, a) && has(r, b) ? sprintf("%+d", v[r, a] - v[r, b]) : "-"
}
function scale(r, a, b) {
	if (!has(r, a) || !has(r, b) || v[r, b] <= 0 || v[r, "tasks_small"] <= 0)
		return "-"
	return sprintf("%.2fx time for %.2fx tasks", v[r, a] / v[r, b],
		       v[r, "tasks_full"] / v[r, "tasks_small"])
}
function row(name, target, fn, a, b,    r, line) {
	line = "| " name
	for (r = 1; r <= run; r++) {
		if (fn == "ms") line = line " | " ms(r, a)
		else if (fn == "us") line = line " | " us(r, a)
		else if (fn == "ratio") line = line " | " ratio(r, a, b)
		else if (fn == "ratio2") line = line " | " ratio2(r, a, b)
		else if (fn == "per") line = line " | " per(r, a, b)
		else if (fn == "spread") line = line " | " spread(r, a)
		else if (fn == "raw") line = line " | " (has(r, a) ? v[r, a] : "-")
		else if (fn == "overhead") line = line " | " overhead(r, a, b)
		else if (fn == "added") line = line " | " added(r, a, b)
		else if (fn == "scale") line = line " | " scale(r, a, b)
		else if (fn == "kb") line = line " | " (has(r, a) ? v[r, a] : "-")
	}
	print line " | " target " |"
}

END {
	# Every file some run measured (mem_<file>_kb), in name order.
	nfiles = 0
	for (k in v) {
		split(k, kk, SUBSEP)
		if (kk[2] !~ /^mem_.*_kb$/)
			continue
		f = substr(kk[2], 5, length(kk[2]) - 7)
		if (f in seenf)
			continue
		seenf[f] = 1
		files[++nfiles] = f
	}
	for (i = 2; i <= nfiles; i++)
		for (j = i; j > 1 && files[j - 1] > files[j]; j--) {
			f = files[j]; files[j] = files[j - 1]; files[j - 1] = f
		}
	# Cells made of several results.
	for (r = 1; r <= run; r++) {
		v[r, "guest"] = v[r, "mem_mib"] ", " v[r, "cpus"] ", " v[r, "tasks_full"]
		if (has(r, "lru_pages") && has(r, "pt_lru_pages"))
			v[r, "lru_pages_both"] = v[r, "lru_pages"] " / " v[r, "pt_lru_pages"]
		if (has(r, "zones_open_ns"))
			v[r, "zn_open"] = us(r, "zones_open_ns") " / " us(r, "nodes_open_ns")
		if (has(r, "cyc_base_avg_us"))
			v[r, "cyc_avgs"] = v[r, "cyc_base_avg_us"] " / " v[r, "cyc_read_avg_us"] " / " (has(r, "cyc_busy_avg_us") ? v[r, "cyc_busy_avg_us"] : "-")
		if (has(r, "ko_text"))
			v[r, "ko_sizes"] = v[r, "ko_text"] " / " v[r, "ko_data"] " / " v[r, "ko_bss"]
	}
	line = "| measurement"
	sep = "|---"
	for (r = 1; r <= run; r++) {
		line = line " | " v[r, "label"]
		sep = sep "|--:"
	}
	print line " | target |"
	print sep "|---|"
	row("kernel", "", "raw", "release")
	row("guest: MiB, CPUs, processes", "", "raw", "guest")
	row("fill MiB (anon, THP, ext4 cache, mapped, tmpfs)", "", "raw", "fill_mib")
	row("AnonHugePages MiB", "", "raw", "anon_huge_mib")
	row("page frames walked (spanned pfns)", "", "raw", "pfns")
	row("`lru` read, ms", "", "ms", "lru_ns")
	row("page-types per zone (kpageflags), ms", "", "ms", "pt_ns")
	row("**lru: page-types / memviz**", ">= 20x", "ratio", "pt_ns", "lru_ns")
	row("lru: same, fastest runs (min / min)", "", "ratio", "pt_ns_min", "lru_ns_min")
	row("lru ns per page frame", "", "per", "lru_ns", "pfns")
	row("page-types ns per page frame", "", "per", "pt_ns", "pfns")
	row("lru 1/4: exact / sampled time", "", "ratio", "lru_ns", "lru_s4_ns")
	row("lru 1/16: exact / sampled time", "", "ratio", "lru_ns", "lru_s16_ns")
	row("lru 1/64: exact / sampled time", "", "ratio", "lru_ns", "lru_s64_ns")
	row("lru 1/4: total pages off by (stated stderr)", "", "raw", "lru_s4_err")
	row("lru 1/16: total pages off by (stated stderr)", "", "raw", "lru_s16_err")
	row("lru 1/64: total pages off by (stated stderr)", "", "raw", "lru_s64_err")
	row("lru open() (snapshot: the pass), ms", "", "ms", "lru_open_ns")
	row("**memcg pass (lru + attribution) / lru pass**, open()", "<= 1.10x", "ratio2", "memcg_open_ns", "lru_alt_open_ns")
	row("LRU pages: memviz / page-types", "", "raw", "lru_pages_both")
	row("`oom` read (all tasks), ms", "", "ms", "oom_ns")
	row("oom open() (snapshot), ms", "", "ms", "oom_open_ns")
	row("/proc walk: oom_score+status+stat, ms", "", "ms", "walk_ns")
	row("**oom: /proc walk / memviz**", ">= 10x", "ratio", "walk_ns", "oom_ns")
	row("oom: same, fastest runs (min / min)", "", "ratio", "walk_ns_min", "oom_ns_min")
	row("`oom` scaling (quarter -> all tasks)", "linear", "scale", "oom_ns", "oom_small_ns")
	row("`oom` scaling, fastest runs", "linear", "scale", "oom_ns_min", "oom_small_ns_min")
	row("/proc walk scaling (same)", "", "scale", "walk_ns", "walk_small_ns")
	row("`zones` read, us", "", "us", "zones_ns")
	row("`nodes` read, us", "", "us", "nodes_ns")
	row("zones / nodes open() (snapshot), us", "", "raw", "zn_open")
	row("/proc/zoneinfo read, us", "", "us", "zoneinfo_ns")
	row("**zoneinfo / zones**", "", "ratio", "zoneinfo_ns", "zones_ns")
	row("**zoneinfo / nodes**", "", "ratio", "zoneinfo_ns", "nodes_ns")
	row("probes in this module", "", "raw", "probes")
	row("reclaim workload, module loaded, ms", "", "ms", "reclaim_on_ns")
	row("reclaim workload, not loaded, ms", "", "ms", "reclaim_off_ns")
	row("**probe overhead (loaded vs not)**", "< 2%", "overhead", "reclaim_on_ns", "reclaim_off_ns")
	row("probe overhead, fastest runs (min vs min)", "< 2%", "overhead", "reclaim_on_ns_min", "reclaim_off_ns_min")
	row("**probe overhead by profile: samples in memviz's probes + tracepoint dispatch**", "< 2%", "raw", "probe_samples")
	row("noise: spread of the loaded runs", "", "spread", "reclaim_on_ns")
	row("noise: spread of the unloaded runs", "", "spread", "reclaim_off_ns")
	row("cyclictest max, idle, us (median of runs)", "", "raw", "cyc_base_us")
	row("cyclictest max, reader looping, us", "", "raw", "cyc_read_us")
	row("**latency added by reads, us**", "< 1000", "added", "cyc_read_us", "cyc_base_us")
	row("control: cyclictest max, user-space busy loop, us", "", "raw", "cyc_busy_us")
	row("cyclictest max, reader looping over one file, us (one run each)", "", "raw", "cyc_read_by_file_us")
	row("cyclictest avg (worst thread), idle / reader / busy loop, us", "", "raw", "cyc_avgs")
	row("memviz.ko text / data / bss, bytes", "", "raw", "ko_sizes")
	row("/proc/modules size, bytes", "", "raw", "lsmod_bytes")
	for (i = 1; i <= nfiles; i++) {
		f = files[i]
		n = 0
		for (r = 1; r <= run; r++)
			if (has(r, "mem_" f "_kb")) {
				v[r, "memcell_" f] = v[r, "mem_" f "_kb"] " / " v[r, "mem32_" f "_kb"]
				n++
			}
		if (n)
			row("kB held open `" f "`: one reader / each of 32", "", "raw", "memcell_" f)
	}
	# oom at more processes (MEMVIZ_BENCH_SCALE): time, and the task
	# walk's longest RCU read section against the whole walk.
	for (r = 1; r <= run; r++)
		for (k in v)
			if (split(k, kk, SUBSEP) == 2 && kk[1] == r && kk[2] ~ /^scale_tasks_/) {
				n = substr(kk[2], 13)
				printf "\noom at %s processes (%s): read %.1f ms (%.0f ns per process), task walk %.1f ms, longest RCU read section %.3f ms, %s kB held by a reader.\n",
					v[r, kk[2]], v[r, "label"], v[r, "scale_oom_ns_" n] / 1e6,
					v[r, "scale_oom_ns_" n] / v[r, kk[2]],
					v[r, "scale_oom_" n "_walk_ns"] / 1e6, v[r, "scale_oom_" n "_rcu_max_ns"] / 1e6,
					has(r, "scale_oom_" n "_kb") ? v[r, "scale_oom_" n "_kb"] : "-"
			}
	# lru scaling between runs of one kernel at different sizes.
	for (a = 1; a <= run; a++)
		for (b = 1; b <= run; b++)
			if (a != b && v[a, "release"] == v[b, "release"] && v[b, "pfns"] > v[a, "pfns"] &&
			    has(a, "lru_ns") && has(b, "lru_ns"))
				printf "\nlru scaling, %s -> %s: %.2fx the time for %.2fx the page frames (%.0f -> %.0f ns per frame; page-types %.2fx).\n",
					v[a, "label"], v[b, "label"], v[b, "lru_ns"] / v[a, "lru_ns"],
					v[b, "pfns"] / v[a, "pfns"], v[a, "lru_ns"] / v[a, "pfns"],
					v[b, "lru_ns"] / v[b, "pfns"], v[b, "pt_ns"] / v[a, "pt_ns"]
}
