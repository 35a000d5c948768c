#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Packs the test guest's whole root file system: static busybox, memviz.ko,
# a few modules of the Debian kernel the tests use (zram, brd, ext4,
# null_blk, the zram compressors; with every dependency modules.dep names,
# decompressed), the
# static reader and selftest programs, the guest tests, /init and
# /bin/mv-modprobe.
#
# Usage: initramfs.sh RELEASE OUT.cpio[.gz]
# Env:   MEMVIZ_TESTS          globs of guest scripts to include (e.g.
#                              "10-zones 2*"), default all
#        MEMVIZ_GUEST_MODULES  extra kernel modules to include
#        MEMVIZ_KO             module to pack (default $BUILD/<release>/memviz.ko)
#        MEMVIZ_GUEST_DIR      guest tests to pack instead of selftests/guest
#                              (lib.sh always comes from selftests/guest)
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# -eq 2 ] || mv_die "usage: initramfs.sh RELEASE OUT.cpio[.gz]"
release=$1
out=$2
kmods=$MV_CACHE/kernels/$release/lib/modules/$release
ko=${MEMVIZ_KO:-$MV_BUILD/$release/memviz.ko}
user_bin=$MV_BUILD/user/bin
busybox=$(command -v busybox) || mv_die "busybox not installed (deps.sh)"

[ -f "$kmods/modules.dep" ] || mv_die "no extracted kernel $release (kernels.sh)"
[ -f "$ko" ] || mv_die "no $ko (build.sh --module $release)"
readelf -l "$busybox" | grep 'Requesting program interpreter' >/dev/null &&
	mv_die "$busybox is not static (busybox-static)"

# Modules the guest tests may load; a name the kernel has built in or lacks
# is skipped. The softdep of ext4 (crc32c) is listed by hand because
# modules.dep only knows symbol dependencies.
want=(zram brd ext4 null_blk lzo lzo-rle lz4 lz4hc zstd 842 crc32c_generic crc32c-intel)
# shellcheck disable=SC2206
want+=(${MEMVIZ_GUEST_MODULES:-})

mkdir -p "$(dirname "$out")"
stage=$(mktemp -d "$(dirname "$out")/.initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mdir=$stage/lib/modules/$release
mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,run,root,etc,selftests} "$mdir"

# busybox and one link per applet, where the applet wants to live.
install -m 0755 "$busybox" "$stage/bin/busybox"
while read -r applet; do
	[ -e "$stage/$applet" ] || ln -s /bin/busybox "$stage/$applet"
done < <("$busybox" --list-full)
ln -s /proc/mounts "$stage/etc/mtab"
# The kernel opens /dev/console before /init mounts devtmpfs.
mknod -m 0600 "$stage/dev/console" c 5 1
mknod -m 0666 "$stage/dev/null" c 1 3

# Kernel modules: name -> modules.dep line, then the closure of $want.
declare -A dep_line=() builtin=() picked=()
while IFS= read -r line; do
	name=${line%%:*}
	name=${name##*/}
	name=${name%%.ko*}
	dep_line[${name//-/_}]=$line
done <"$kmods/modules.dep"
# Debian's 7.x packages ship no modules.builtin (a built-in module is then
# simply absent from modules.dep).
while IFS= read -r line; do
	name=${line##*/}
	name=${name%%.ko*}
	builtin[${name//-/_}]=1
done < <(cat "$kmods/modules.builtin" 2>/dev/null)
for m in "${want[@]}"; do
	m=${m//-/_}
	[ -n "${builtin[$m]:-}" ] && continue
	line=${dep_line[$m]:-}
	[ -n "$line" ] || continue
	for path in ${line%%:*} ${line#*:}; do
		picked[$path]=1
	done
done
for path in "${!picked[@]}"; do
	dst=$mdir/${path%.*z*}
	case $path in
	*.ko) dst=$mdir/$path ;;
	esac
	mkdir -p "$(dirname "$dst")"
	case $path in
	*.ko.xz)  xz -dc "$kmods/$path" >"$dst" ;;
	*.ko.zst) zstd -qdc "$kmods/$path" >"$dst" ;;
	*.ko.gz)  gzip -dc "$kmods/$path" >"$dst" ;;
	*.ko)     cp "$kmods/$path" "$dst" ;;
	*)        mv_die "unexpected module file $path" ;;
	esac
done
install -m 0644 "$ko" "$mdir/memviz.ko"
for f in modules.builtin modules.builtin.modinfo modules.order; do
	[ -f "$kmods/$f" ] && cp "$kmods/$f" "$mdir/"
done
# modules.dep, .alias, .softdep for just what is packed.
mv_depmod "$stage" "$release"

# Reader and selftest programs (build.sh --user); the harness runs without.
[ -x "$user_bin/memviz" ] && install -m 0755 "$user_bin/memviz" "$stage/bin/memviz"
if [ -d "$user_bin/progs" ]; then
	for prog in "$user_bin/progs"/*; do
		[ -f "$prog" ] && install -m 0755 "$prog" "$stage/bin/${prog##*/}"
	done
fi

# Guest tests, filtered by MEMVIZ_TESTS; lib.sh and any data files always.
ntests=0
install -m 0644 "$MV_REPO/selftests/guest/lib.sh" "$stage/selftests/lib.sh"
for f in "${MEMVIZ_GUEST_DIR:-$MV_REPO/selftests/guest}"/*; do
	[ -f "$f" ] || continue
	base=${f##*/}
	case $base in
	lib.sh) continue ;;
	*.sh)
		# A test with "# memviz-boot: NAME" runs alone in its own boot
		# (special-boot.sh, MEMVIZ_BOOT=NAME), never in the others.
		[ "$(sed -n 's/^# memviz-boot: *\([a-z0-9-]*\).*/\1/p' "$f" | head -n 1)" = \
			"${MEMVIZ_BOOT:-}" ] || continue
		mv_wanted_test "$base" || continue
		ntests=$((ntests + 1))
		;;
	esac
	install -m 0755 "$f" "$stage/selftests/$base"
done
[ "$ntests" -gt 0 ] || [ -n "$("$MV_VM_DIR/special-boot.sh" --list)" ] ||
	mv_die "no guest test matches MEMVIZ_TESTS='${MEMVIZ_TESTS:-}'"

install -m 0755 "$MV_VM_DIR/init" "$stage/init"
install -m 0755 "$MV_VM_DIR/mv-modprobe" "$stage/bin/mv-modprobe"

(cd "$stage" && find . -mindepth 1 -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc -R 0:0 --quiet) >"$stage.cpio"
case $out in
*.gz) gzip -1 -c "$stage.cpio" >"$out.tmp" && rm -f "$stage.cpio" ;;
*)    mv "$stage.cpio" "$out.tmp" ;;
esac
mv "$out.tmp" "$out"
