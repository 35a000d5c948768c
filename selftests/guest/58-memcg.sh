#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# memcg: every memory cgroup against the kernel's own cgroup files.
#   limits     current min low high max swap_current swap_max = the
#              cgroup's files, exactly (idle workloads, no churn)
#   pages      in leaf cgroups (own pages = memory.stat's): anon of an anon
#              hog, shmem of a tmpfs mapping, dirty file pages on ext4 over
#              brd, unevictable of an mlock()ed hog: within 2% + 256
#   protection hierarchies that take every branch of effective_protection()
#              (settings above the parent's, overcommitted siblings,
#              memory.min and memory.low, memory_recursiveprot off and on):
#              emin/elow = the test's own computation from the cgroup files,
#              and = the kernel's cached values right after a reclaim from
#              the root (memory.reclaim on the root cgroup)
#   behaviour  reclaim from /mv58 (memory.reclaim there) leaves a cgroup whose low covers its
#              page cache its pages (95%) and takes its sibling's
#   churn      300 cgroups, depth 6, made and removed while 4 readers read:
#              every read whole and well formed, none of them left after
. /selftests/lib.sh

M=$MV_DEBUGFS/memcg
[ -r "$M" ] || mv_skip_all "no $M"
[ -w /sys/fs/cgroup/cgroup.subtree_control ] || mv_skip_all "no cgroup v2"
grep -qw memory /sys/fs/cgroup/cgroup.controllers || mv_skip_all "no memory controller on cgroup v2"
mv_setup 58-memcg
R=/sys/fs/cgroup/mv58
wb=$(cat /proc/sys/vm/dirty_writeback_centisecs)
ex=$(cat /proc/sys/vm/dirty_expire_centisecs)
mv_at_exit 'mount -o remount /sys/fs/cgroup 2>/dev/null; umount /mnt/mv58f /mnt/mv58t;
	echo "$wb" > /proc/sys/vm/dirty_writeback_centisecs; echo "$ex" > /proc/sys/vm/dirty_expire_centisecs;
	for d in $(find $R -depth -type d 2>/dev/null); do rmdir $d; done'
echo 0 > /proc/sys/vm/dirty_writeback_centisecs
echo 360000 > /proc/sys/vm/dirty_expire_centisecs
swapoff -a 2>/dev/null

# col FILE CGROUP COL: COL of the row whose cgroup path is CGROUP
col() {
	awk -v k="$2" -v c="$3" '/^#/ { next }
		!h { for (i = 1; i <= NF; i++) n[$i] = i; h = 1; next }
		$n["cgroup"] == k { print $n[c]; exit }' "$1"
}
# pages CGROUP FILE: a cgroup file in pages ('max' -> '-')
pages() {
	v=$(cat "$1/$2")
	case $v in max) echo - ;; *) echo $((v / 4096)) ;; esac
}
stat_pages() {
	awk -v k="$2" '$1 == k { print int($2 / 4096) }' "$1/memory.stat"
}
# in CGROUP CMD...: run CMD in CGROUP (background)
in_cg() {
	_cg=$1
	shift
	sh -c "echo \$\$ > $_cg/cgroup.procs; exec $*" &
	MV_PIDS="${MV_PIDS:+$MV_PIDS }$!"
}
enable() {
	echo +memory > "$1/cgroup.subtree_control"
}

enable /sys/fs/cgroup
mkdir -p "$R/a" "$R/b" "$R/c" "$R/d"
enable "$R"
echo 256M > "$R/a/memory.max"
echo 200M > "$R/a/memory.high"
echo 16M > "$R/a/memory.min"
echo 32M > "$R/a/memory.low"
[ -e "$R/a/memory.swap.max" ] && echo 0 > "$R/a/memory.swap.max"
mkdir -p /mnt/mv58t /mnt/mv58f
mount -t tmpfs tmpfs /mnt/mv58t
in_cg "$R/a" mv-hog -m 48 -s 300 -r "$T/a"
in_cg "$R/b" mv-hog -m 24 -f /mnt/mv58t/shm -s 300 -r "$T/b"
in_cg "$R/d" mv-hog -m 8 -l -s 300 -r "$T/d"
dirty_ok=0
if mv-modprobe -q brd rd_nr=1 rd_size=65536 && mke2fs -F /dev/ram0 >/dev/null 2>&1 &&
	{ mv-modprobe -q ext4; mount -t ext4 /dev/ram0 /mnt/mv58f; }; then
	for b in /sys/class/bdi/1:0/min_ratio; do [ -w "$b" ] && echo 50 > "$b"; done
	sh -c "echo \$\$ > $R/c/cgroup.procs; dd if=/dev/zero of=/mnt/mv58f/dirty bs=1M count=8 2>/dev/null" &&
		dirty_ok=1
fi
mv_wait_files 60 "$T/a" "$T/b" "$T/d"
sleep 1.2
cat "$M" > "$T/m"
mv_check "memcg: mode is 0400" [ "$(stat -c %a "$M")" = 400 ]
mv_check "memcg: banner is '# memviz memcg v1'" grep -q '^# memviz memcg v1 ' "$T/m"
mv_check "memcg: one header row, every row as wide as it" \
	awk '/^#/ { next } !h { n = NF; h = 1; next } NF != n { exit 1 }' "$T/m"

# 1. limits and usage, exactly
bad=""
for cg in "$R" "$R/a" "$R/b" "$R/c" "$R/d"; do
	p=${cg#/sys/fs/cgroup}
	for pair in current:memory.current min:memory.min low:memory.low high:memory.high \
		max:memory.max swap_current:memory.swap.current swap_max:memory.swap.max; do
		c=${pair%%:*} f=${pair#*:}
		[ -e "$cg/$f" ] || continue
		got=$(col "$T/m" "$p" "$c") want=$(pages "$cg" "$f")
		# current moves by a few pages of kernel memory (stacks, slab)
		# between two reads even with the workload idle: 16 pages
		if [ "$c" = current ] && [ "$got" != "$want" ]; then
			d=$((got - want))
			[ "${d#-}" -le 16 ] && continue
		fi
		[ "$got" = "$want" ] || bad="$bad $p:$c=$got/$want"
	done
done
[ -z "$bad" ] || mv_diag "limits: memviz/cgroup file:$bad"
mv_check "limits: current min low high max swap_current swap_max = the cgroup files" [ -z "$bad" ]
id=$(col "$T/m" /mv58/a cgroup_id)
mv_check "ids: cgroup_id is the cgroup's inode, parent_id its parent's" \
	[ "$id" = "$(stat -c %i "$R/a")" -a "$(col "$T/m" /mv58/a parent_id)" = "$(stat -c %i "$R")" ]
mv_check "ids: depth of /mv58/a is 2" [ "$(col "$T/m" /mv58/a depth)" = 2 ]

# 2. own pages against memory.stat (leaf cgroups: their own = theirs)
near() {
	_d=$(($1 - $2))
	[ "$_d" -lt 0 ] && _d=$((-_d))
	[ "$_d" -le $(($2 / 50 + 256)) ]
}
a_s=$(stat_pages "$R/a" anon) a_m=$(col "$T/m" /mv58/a anon)
b_s=$(stat_pages "$R/b" shmem) b_m=$(col "$T/m" /mv58/b shmem)
d_s=$(stat_pages "$R/d" unevictable) d_m=$(col "$T/m" /mv58/d unevictable)
mv_diag "anon $a_m/$a_s shmem $b_m/$b_s unevictable $d_m/$d_s (memviz/memory.stat)"
mv_check "pages: anon of /mv58/a = memory.stat anon ($a_m ~ $a_s)" near "$a_m" "$a_s"
mv_check "pages: shmem of /mv58/b = memory.stat shmem ($b_m ~ $b_s)" near "$b_m" "$b_s"
mv_check "pages: unevictable of /mv58/d = memory.stat unevictable ($d_m ~ $d_s)" near "$d_m" "$d_s"
if [ "$dirty_ok" = 1 ]; then
	c_s=$(stat_pages "$R/c" file_dirty) c_m=$(col "$T/m" /mv58/c dirty_file)
	w_s=$(stat_pages "$R/c" file_writeback) w_m=$(col "$T/m" /mv58/c writeback_file)
	mv_check "pages: dirty_file of /mv58/c = memory.stat file_dirty ($c_m ~ $c_s)" near "$c_m" "$c_s"
	mv_check "pages: writeback_file of /mv58/c = memory.stat file_writeback ($w_m ~ $w_s)" near "$w_m" "$w_s"
	mv_check "pages: the dirty file pages are there ($c_s >= 1843)" [ "$c_s" -ge 1843 ]
else
	mv_skip "pages: dirty and writeback file pages = memory.stat" "no ext4 over brd"
fi
mv_check "pages: swap.max=0 makes /mv58/a's anon noswap, nothing swappable" \
	[ "$(col "$T/m" /mv58/a swappable)" = 0 ]

# 3. protection.  /mv58 (a child of the root: its settings count as they
# are) min 64M low 256M, and under it:
#   p  min 32M low 64M
#     x  min 24M low 48M  holds 40M   (x and y claim more than p has: they
#     y  min 24M low 48M  holds 40M    share it by usage)
#     z  no protection    holds 16M
#       w  low 8M         holds 4M    (more than its parent's 0: gets 0)
#   q  low 64M
#     r  low 16M          holds 20M   (r and s claim less than q has: with
#     s  no protection    holds 20M    recursiveprot the rest is shared)
kill $MV_PIDS 2>/dev/null
wait 2>/dev/null
MV_PIDS=
sync
echo 3 > /proc/sys/vm/drop_caches
echo 64M > "$R/memory.min"
echo 256M > "$R/memory.low"
P=$R/p Q=$R/q
mkdir -p "$P/x" "$P/y" "$P/z/w" "$Q/r" "$Q/s"
enable "$P"
enable "$P/z"
enable "$Q"
echo 32M > "$P/memory.min"
echo 64M > "$P/memory.low"
for c in x y; do echo 24M > "$P/$c/memory.min"; echo 48M > "$P/$c/memory.low"; done
echo 8M > "$P/z/w/memory.low"
echo 64M > "$Q/memory.low"
echo 16M > "$Q/r/memory.low"
in_cg "$P/x" mv-hog -m 40 -s 300 -r "$T/x"
in_cg "$P/y" mv-hog -m 40 -s 300 -r "$T/y"
in_cg "$P/z" mv-hog -m 16 -s 300 -r "$T/z"
in_cg "$P/z/w" mv-hog -m 4 -s 300 -r "$T/w"
in_cg "$Q/r" mv-hog -m 20 -s 300 -r "$T/r"
in_cg "$Q/s" mv-hog -m 20 -s 300 -r "$T/s"
mv_wait_files 60 "$T/x" "$T/y" "$T/z" "$T/w" "$T/r" "$T/s"

# The test's own effective_protection(): the cgroup files, top-down.
# prot_of RECURSIVE: "path emin elow" for every cgroup under $R.
prot_of() {
	for d in $(find "$R" -type d); do
		printf '%s %s %s %s %s\n' "${d#/sys/fs/cgroup}" "$(cat "$d/memory.current")" \
			"$(cat "$d/memory.min")" "$(cat "$d/memory.low")" "$(dirname "${d#/sys/fs/cgroup}")"
	done | awk -v rec="$1" '
	function pg(v) { return v == "max" ? 2^52 : int(v / 4096) }
	function ep(u, pu, set, pe, sib,   prot, e, un) {
		prot = u < set ? u : set
		if (sib > pe) return int(prot * pe / sib)
		e = prot
		if (!rec) return e
		if (pe > sib && pu > sib && u > prot) {
			un = u - prot; if (un > pu - sib) un = pu - sib
			e += int((pe - sib) * un / (pu - sib))
		}
		return e
	}
	{ p[NR] = $1; u[$1] = pg($2); mn[$1] = pg($3); lw[$1] = pg($4); par[$1] = $5; n = NR
	  smin[$5] += (u[$1] < mn[$1] ? u[$1] : mn[$1]); slow[$5] += (u[$1] < lw[$1] ? u[$1] : lw[$1]) }
	END {
		# find lists parents first; the root of the tree (/mv58) is a child of /
		for (i = 1; i <= n; i++) {
			c = p[i]; q = par[c]
			if (q == "/") { emin[c] = mn[c]; elow[c] = lw[c] }
			else {
				emin[c] = ep(u[c], u[q], mn[c], emin[q], smin[q])
				elow[c] = ep(u[c], u[q], lw[c], elow[q], slow[q])
			}
			print c, emin[c], elow[c]
		}
	}'
}
# compare MEMCGFILE EXPECTED COLS: rows where memviz's COLS differ
compare() {
	awk -v c1="$3" -v c2="$4" 'FILENAME == ARGV[1] { e[$1] = $2; l[$1] = $3; next }
		/^#/ { next } !h { for (i = 1; i <= NF; i++) n[$i] = i; h = 1; next }
		($n["cgroup"] in e) && $n["current"] > 0 &&
		($n[c1] != e[$n["cgroup"]] || $n[c2] != l[$n["cgroup"]]) {
			print $n["cgroup"], $n[c1] "/" e[$n["cgroup"]], $n[c2] "/" l[$n["cgroup"]] }' "$2" "$1"
}
LRUGEN=/sys/kernel/mm/lru_gen/enabled
lrugen0=$(cat "$LRUGEN" 2>/dev/null)
[ -z "$lrugen0" ] || mv_at_exit "echo $lrugen0 > $LRUGEN"
for rec in 0 1; do
	if [ "$rec" = 1 ]; then
		mount -o remount,memory_recursiveprot /sys/fs/cgroup 2>/dev/null ||
			{ mv_skip "protection with memory_recursiveprot" "cannot remount cgroup2 with it"; continue; }
	fi
	sleep 1.2
	cat "$M" > "$T/p$rec"
	prot_of "$rec" > "$T/want$rec"
	mv_diag "recursiveprot=$rec header: $(mv_fact "$T/p$rec" recursiveprot); expected: $(grep /mv58/p "$T/want$rec" | tr '\n' ';')"
	mv_check "protection (recursiveprot=$rec): header says recursiveprot=$([ "$rec" = 1 ] && echo yes || echo no)" \
		[ "$(mv_fact "$T/p$rec" recursiveprot)" = "$([ "$rec" = 1 ] && echo yes || echo no)" ]
	bad=$(compare "$T/p$rec" "$T/want$rec" emin elow)
	[ -z "$bad" ] || mv_diag "emin/elow memviz/expected: $bad"
	mv_check "protection (recursiveprot=$rec): emin and elow = effective_protection() from the cgroup files" [ -z "$bad" ]
	# The kernel computes them during reclaim from the root; one that
	# gets what it asked for early (swap, slab) may not reach these
	# memcgs: up to five passes, until it has.  The classic walk visits
	# parents before children; MGLRU's root reclaim on 6.12 visits memcgs
	# in its own LRU order, each from a parent it may not have computed
	# yet (fixed later by mem_cgroup_calculate_protection_path()), so its
	# cache is no oracle: MGLRU is off for these passes.
	[ -w "$LRUGEN" ] && echo n > "$LRUGEN"
	for try in 1 2 3 4 5; do
		echo 64M > /sys/fs/cgroup/memory.reclaim 2>/dev/null
		cat "$M" > "$T/q$rec"
		bad=$(awk '/^#/ { next } !h { for (i = 1; i <= NF; i++) n[$i] = i; h = 1; next }
			$n["cgroup"] ~ /^\/mv58\/[pq]/ && $n["current"] > 0 &&
			($n["emin"] != $n["emin_cached"] || $n["elow"] != $n["elow_cached"]) {
				print $n["cgroup"], $n["emin"] "/" $n["emin_cached"], $n["elow"] "/" $n["elow_cached"] }' "$T/q$rec")
		[ -z "$bad" ] && break
	done
	[ -w "$LRUGEN" ] && echo "$lrugen0" > "$LRUGEN"
	mv_diag "protection (recursiveprot=$rec): reclaim passes from the root: $try"
	[ -z "$bad" ] || mv_diag "emin/elow memviz/kernel cache: $bad"
	mv_check "protection (recursiveprot=$rec): after a reclaim from the root, = the kernel's cached emin/elow" [ -z "$bad" ]
	# the branches were taken: x's share is below its setting; s gets a
	# share of q's unclaimed protection only with recursiveprot
	mv_check "protection (recursiveprot=$rec): overcommitted siblings share (x's elow $(col "$T/p$rec" /mv58/p/x elow) < 48M)" \
		[ "$(col "$T/p$rec" /mv58/p/x elow)" -lt 12288 ]
	if [ "$rec" = 1 ]; then
		mv_check "protection (recursiveprot=1): s shares q's unclaimed protection (elow $(col "$T/p$rec" /mv58/q/s elow) > 0)" \
			[ "$(col "$T/p$rec" /mv58/q/s elow)" -gt 0 ]
	else
		mv_check "protection (recursiveprot=0): s gets no protection of its own (elow 0)" \
			[ "$(col "$T/p$rec" /mv58/q/s elow)" = 0 ]
	fi
done
mount -o remount /sys/fs/cgroup 2>/dev/null
kill $MV_PIDS 2>/dev/null
wait 2>/dev/null
MV_PIDS=

# 4. behaviour: protected page cache stays, its sibling's goes
if [ "$dirty_ok" = 1 ]; then
	mkdir -p "$R/k" "$R/u"
	echo 64M > "$R/k/memory.low"
	# written, then dropped once, then read back clean by each cgroup
	for c in k u; do
		sh -c "echo \$\$ > $R/$c/cgroup.procs; dd if=/dev/zero of=/mnt/mv58f/$c bs=1M count=16 2>/dev/null; sync"
	done
	echo 1 > /proc/sys/vm/drop_caches
	for c in k u; do
		sh -c "echo \$\$ > $R/$c/cgroup.procs; cat /mnt/mv58f/$c > /dev/null"
	done
	sleep 1.2
	cat "$M" > "$T/b0"
	k0=$(stat_pages "$R/k" file) u0=$(stat_pages "$R/u" file)
	# Reclaim from the root also frees slab, and stops once it has what
	# was asked: reclaim from R, whose subtree is k and u (and idle
	# cgroups), half of u.  k's low covers its usage from R as from the
	# root (R's own low covers R), so k must be skipped there too.
	want=$((u0 * 4 / 2))
	mv_diag "behaviour: reclaiming ${want} kB from $R (u holds $((u0 * 4)) kB, k $((k0 * 4)) kB)"
	echo "${want}K" > "$R/memory.reclaim" 2>/dev/null
	k1=$(stat_pages "$R/k" file) u1=$(stat_pages "$R/u" file)
	mv_diag "reclaim from the root: protected k file $k0 -> $k1 (reclaim_skip $(col "$T/b0" /mv58/k reclaim_skip), elow $(col "$T/b0" /mv58/k elow)); u $u0 -> $u1"
	mv_check "behaviour: memviz said k is skipped (reclaim_skip low or min)" \
		sh -c "[ '$(col "$T/b0" /mv58/k reclaim_skip)' = low ] || [ '$(col "$T/b0" /mv58/k reclaim_skip)' = min ]"
	mv_check "behaviour: k kept its page cache (>= 95%)" [ "$k1" -ge $((k0 * 95 / 100)) ]
	mv_check "behaviour: its unprotected sibling u lost some of its ($u0 -> $u1)" [ "$u1" -le $((u0 * 3 / 4)) ]
else
	mv_skip "behaviour: a protected cgroup keeps its page cache" "no ext4 over brd"
fi

# 5. churn: 300 cgroups, depth 6, made and removed under 4 readers
C=$R/churn
mkdir -p "$C"
sh -c '
	i=0
	while [ $i -lt 50 ]; do
		d='"$C"'/n$i/a/b/c/d/e
		mkdir -p "$d" 2>/dev/null
		i=$((i + 1))
	done
	for d in $(find '"$C"' -mindepth 1 -depth -type d); do rmdir "$d"; done' &
churn=$!
i=0
while [ $i -lt 4 ]; do
	sh -c "n=0; while [ \$n -lt 15 ]; do cat $M > $T/r$i.\$n || echo fail > $T/r$i.\$n; n=\$((n + 1)); done" &
	eval "rd$i=\$!"
	i=$((i + 1))
done
wait $churn $rd0 $rd1 $rd2 $rd3 2>/dev/null
bad=0
for f in "$T"/r[0-3].*; do
	awk '/^#/ { next } !h { n = NF; h = 1; next } NF != n { exit 1 } END { exit !h }' "$f" || bad=$((bad + 1))
done
mv_check "churn: 60 reads while 300 cgroups came and went, every one whole and well formed ($bad bad)" [ "$bad" -eq 0 ]
cat "$M" > "$T/after"
mv_check "churn: no row for a removed cgroup after" sh -c "! grep -q '/mv58/churn/' $T/after"
mv_done
