#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Large outputs: with 5,000 more processes the oom file (hundreds of KiB,
# many seq_file buffer refills) read whole is a well-formed table with one
# row per process that has an mm -- checked against two walks of /proc, one
# before and one after the reads -- and reading it in odd chunk sizes gives
# the same bytes: exactly, through one descriptor (one snapshot), and
# modulo the values that change between snapshots, through separate opens.
. /selftests/lib.sh

F=$MV_DEBUGFS/oom
T=/tmp/61-large
N=$(mv_cmdline large_procs || echo 5000)

[ -r "$F" ] || mv_skip_all "no $F"
rm -rf "$T"
mkdir -p "$T"
fk=""
cleanup() {
	[ -n "$fk" ] && kill "$fk" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

# pid of every process (thread group) whose status shows an mm (VmSize).
proc_mm() {
	cat /proc/[0-9]*/status 2>/dev/null |
		awk '$1 == "Pid:" { pid = $2 } $1 == "VmSize:" { print pid }' | sort >"$1"
}

# only_in A B: lines of A not in B; both_in A B: lines in both (busybox has
# no comm).
only_in() {
	awk 'NR == FNR { b[$0] = 1; next } !($0 in b)' "$2" "$1"
}
both_in() {
	awk 'NR == FNR { b[$0] = 1; next } $0 in b' "$2" "$1"
}

# The oom table's rows as "pid has_mm" (has_mm: rss_anon is not '-').
oom_pids() {
	awk '/^$/ { exit } /^#/ { next }
	!h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
	{ print $c["pid"], ($c["rss_anon"] == "-" ? "no" : "yes") }' "$1" | sort >"$2"
}

# The columns of the oom rows of the pids in $T/kids that stay the same
# while those processes sleep: everything but rank and order (positions
# among processes that come and go).
stable_rows() {
	awk -v kids="$T/kids" '
	BEGIN { while ((getline p < kids) > 0) k[p] = 1 }
	/^$/ { exit } /^#/ { next }
	!h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
	$c["pid"] in k {
		line = ""
		for (i = 1; i <= NF; i++)
			if (i != c["rank"] && i != c["order"])
				line = line " " $i
		print line
	}' "$1" | sort >"$2"
}

t0=$(date +%s)
mv-forkn -n "$N" -r "$T/kids" >&2 &
fk=$!
i=0
while [ ! -s "$T/kids" ] && [ "$i" -lt 1200 ]; do
	sleep 0.1
	i=$((i + 1))
done
nk=$(wc -l <"$T/kids" 2>/dev/null || echo 0)
mv_check "large: $N processes forked ($nk, in $(($(date +%s) - t0)) s)" [ "$nk" -eq "$N" ]
[ "$nk" -eq "$N" ] || mv_done

proc_mm "$T/proc.before"
t0=$(date +%s)
mv-rread -C 4093,7,65536,1000,1 "$F" "$T/oom.chunks" >&2
rc=$?
mv_diag "one descriptor, chunks of 4093, 7, 65536, 1000 and 1 bytes: $(($(date +%s) - t0)) s, $(wc -c <"$T/oom.chunks") bytes"
mv_check "large: one descriptor, odd chunk sizes: identical bytes, well-formed table" [ "$rc" -eq 0 ]
cat "$F" >"$T/oom.cat"
dd if="$F" of="$T/oom.dd" bs=4093 2>/dev/null
proc_mm "$T/proc.after"

mv_check "large: read whole (cat) is a well-formed table" mv-rread -c "$T/oom.cat"
mv_check "large: read in 4093-byte chunks (dd) is a well-formed table" mv-rread -c "$T/oom.dd"

rows=$(awk '/^$/ { exit } /^#/ { next } { n++ } END { print n - 1 }' "$T/oom.cat")
procs=$(sed -n 's/^#.* processes=\([0-9]*\).*/\1/p' "$T/oom.cat" | head -n 1)
trunc=$(sed -n 's/^#.* truncated=\([a-z]*\).*/\1/p' "$T/oom.cat" | head -n 1)
walk=$(sed -n 's/^#.* walk_ns=\([0-9]*\).*/\1/p' "$T/oom.cat" | head -n 1)
# walk_ns: the one RCU read section over every process (see module/oom.c).
mv_diag "oom: $rows rows, processes=$procs truncated=$trunc, $(wc -c <"$T/oom.cat") bytes, task walk ${walk:-?} ns"
mv_check "large: one row per process walked (rows $rows = processes=$procs), not truncated" \
	[ "$rows" = "$procs" -a "$trunc" = no ]

# Every process with an mm in both /proc walks has exactly one row, with an
# mm; every row with an mm is a process one of the walks saw (the cat and
# dd that read it are the only newcomers).
oom_pids "$T/oom.cat" "$T/oom.pids"
dups=$(awk '{ print $1 }' "$T/oom.pids" | uniq -d | wc -l)
mv_check "large: no pid has two rows" [ "$dups" -eq 0 ]
awk '$2 == "yes" { print $1 }' "$T/oom.pids" >"$T/oom.mm"
both_in "$T/proc.before" "$T/proc.after" >"$T/proc.both"
missing=$(only_in "$T/proc.both" "$T/oom.mm" | wc -l)
sort -u "$T/proc.before" "$T/proc.after" >"$T/proc.any"
extra=$(only_in "$T/oom.mm" "$T/proc.any" | wc -l)
mv_diag "/proc: $(wc -l <"$T/proc.both") processes with an mm in both walks; oom: $(wc -l <"$T/oom.mm") rows with an mm; missing $missing, extra $extra"
only_in "$T/proc.both" "$T/oom.mm" | head -n 5 | while read -r p; do mv_diag "  missing pid $p"; done
mv_check "large: every process with an mm (per /proc) has a row with an mm" \
	[ "$missing" -eq 0 -a "$(wc -l <"$T/proc.both")" -ge "$N" ]
mv_check "large: no row with an mm that /proc never showed (beyond the readers: $extra)" [ "$extra" -le 2 ]
kin=$(both_in "$T/kids" "$T/oom.mm" | wc -l)
mv_check "large: all $N children are rows with an mm ($kin)" [ "$kin" -eq "$N" ]

# Separate opens: the sleeping children's rows agree whatever the chunk size.
stable_rows "$T/oom.chunks" "$T/s.chunks"
stable_rows "$T/oom.cat" "$T/s.cat"
stable_rows "$T/oom.dd" "$T/s.dd"
mv_check "large: the children's rows are identical in the chunked, cat and dd reads" \
	sh -c "[ \$(wc -l <'$T/s.cat') -eq $N ] && cmp '$T/s.chunks' '$T/s.cat' && cmp '$T/s.cat' '$T/s.dd'"

kill "$fk"
wait "$fk" 2>/dev/null
fk=""
mv_done
