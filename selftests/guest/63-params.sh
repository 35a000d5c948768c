#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Bad input for every module parameter, found generically (sysfs and the
# module's modinfo), at runtime and at load time.
#
# Runtime, each writable parameter gets: negative, zero, huge, non-numeric,
# empty, overlong (> 4 KiB), embedded NUL, and a value split over several
# write() calls on one descriptor (sysfs hands each write to the parameter
# on its own: the pieces must not add up to a value).  A write must either
# fail with EINVAL or ERANGE and leave the value as it was (read back), or
# be one of the parameter's documented valid forms (valid_forms below; a
# new parameter gets none until someone writes them down, so anything it
# accepts from this list fails the test).  Accepted writes are undone.
#
# Load time: insmod memviz.ko PARAM=BAD must fail and leave no module
# (/proc/modules, /sys/module/memviz); a documented valid form must load.
# An embedded NUL cannot be passed on a command line (argv is C strings),
# so it is a runtime-only case.
. /selftests/lib.sh

P=/sys/module/memviz/parameters
D=$MV_DEBUGFS
KO=/lib/modules/$(uname -r)/memviz.ko
T=/tmp/63-params

[ -d "$D" ] || mv_skip_all "memviz is not loaded"
[ -f "$KO" ] || KO=$(find /lib/modules -name memviz.ko | head -n 1)
rm -rf "$T"
mkdir -p "$T"
trap 'grep -q "^memviz " /proc/modules || insmod "$KO"; rm -rf "$T"' EXIT

# valid_forms PARAM: the inputs of our list PARAM may accept, as words
# (exact strings), "int:LO:HI" (a decimal integer in [LO, HI]) or
# "cint:LO:HI" (the same in C notation, as kstrtouint(s, 0) reads it:
# 0x hex, leading-0 octal).  From the kernel_param_ops in module/*.c.
valid_forms() {
	case $1 in
	activity) echo "1 on y 0 off n" ;;	# module/activity.c act_param_set
	activity_reset) echo "1" ;;		# module/activity.c act_reset_set
	# module/activity.c act_skip_set: "-" or known tracepoint names
	activity_skip) echo "- mm_vmscan_kswapd_wake compact_retry" ;;
	oom_events_max) echo "cint:1:256" ;;	# module/oom_events.c events_max_set
	# module/debug.c fault_set, attach_delay_set (tests only)
	debug_init_fault) echo "- activity oom_events debugfs" ;;
	debug_attach_delay_ms) echo "int:0:1000" ;;
	*) echo "" ;;
	esac
}

# is_valid PARAM TEXT: TEXT (as the kernel sees it, up to a NUL, without
# one trailing newline) is a documented valid form of PARAM.
is_valid() {
	for form in $(valid_forms "$1"); do
		case $form in
		int:* | cint:*)
			lo=${form#*int:}
			hi=${lo#*:}
			lo=${lo%%:*}
			_iv=$2
			case ${form%%:*}:$_iv in
			cint:0[xX]*) _iv=${_iv#0[xX]}; case $_iv in "" | *[!0-9a-fA-F]*) continue ;; esac
				[ "${#_iv}" -le 8 ] || continue; _iv=$((0x$_iv)) ;;
			cint:0?*) _iv=${_iv#0}; case $_iv in *[!0-7]*) continue ;; esac
				[ "${#_iv}" -le 10 ] || continue; _iv=$((0$_iv)) ;;
			esac
			case $_iv in
			"" | *[!0-9]*) ;;
			*) [ "${#_iv}" -le 18 ] && [ "$_iv" -ge "$lo" ] && [ "$_iv" -le "$hi" ] && return 0 ;;
			esac
			;;
		*) [ "$2" = "$form" ] && return 0 ;;
		esac
	done
	return 1
}

# restore PARAM VALUE: put a read-back value back (bools read Y/N).
restore() {
	case $2 in
	Y) v=1 ;;
	N) v=0 ;;
	*) v=$2 ;;
	esac
	mv-pwrite "$P/$1" "$v" >/dev/null || mv-pwrite "$P/$1" "$(echo "$v" | tr '[:upper:]' '[:lower:]')" >/dev/null
}

# The runtime battery: "label;chunk[|chunk...]" in mv-pwrite's notation
# (\0 a NUL, \n a newline, @N*C N copies of C); each chunk is one write().
battery() {
	cat <<'EOF'
negative;-1
negative huge;-99999999999999999999
zero;0
huge 2^64;18446744073709551616
huge 2^31;2147483648
huge 10^30;1000000000000000000000000000000
non-numeric;abc
trailing garbage;1x
hex;0x10
fraction;1.5
space inside;1 1
newline only;\n
overlong 5000 digits;@5000*1
overlong 4097 letters;@4097*a
embedded NUL first;\01
embedded NUL after garbage;x\01
split -|x;-|x
split o|ff;o|ff
split 999|999;99999999999|9999999999999
EOF
}

# kernel_text CHUNK: what a parameter's set() sees of CHUNK ("@": a value
# too long to ever be valid).
kernel_text() {
	case $1 in
	@*) echo "@" ;;
	*'\0'*) echo "${1%%\\0*}" ;;
	'\n') echo "" ;;
	*) echo "$1" ;;
	esac
}

params=$(ls "$P" 2>/dev/null | tr '\n' ' ')
[ -n "$params" ] || {
	mv_skip "params: bad input at runtime" "memviz has no module parameters"
	mv_skip "params: bad input at load time" "memviz has no module parameters"
	mv_done
}
mv_diag "parameters: $params"

# ---- runtime ----
for p in $params; do
	mode=$(stat -c %a "$P/$p")
	if [ $((0$mode & 0200)) -eq 0 ]; then
		mv_diag "$p: read-only at runtime (mode $mode); load time only"
		continue
	fi
	readable=0
	[ $((0$mode & 0400)) -ne 0 ] && readable=1
	fails=""
	n=0
	while IFS= read -r line; do
		label=${line%%;*}
		chunks=${line#*;}
		v0=""
		[ "$readable" = 1 ] && v0=$(cat "$P/$p")
		out=$(
			IFS='|'
			set -f
			# shellcheck disable=SC2086 # one argument per chunk
			mv-pwrite "$P/$p" $chunks
		)
		n=$((n + 1))
		# Piece by piece: an accepted piece must be a valid form on its
		# own; a refused one must say EINVAL or ERANGE.
		accepted=0
		i=0
		rest=$chunks
		while :; do
			i=$((i + 1))
			piece=${rest%%|*}
			r=$(echo "$out" | cut -d' ' -f"$i")
			case $r in
			ok | short:*)
				accepted=1
				is_valid "$p" "$(kernel_text "$piece")" ||
					fails="$fails [$label: accepted ($out)]"
				;;
			EINVAL | ERANGE) ;;
			*) fails="$fails [$label: $r]" ;;
			esac
			[ "$rest" = "${rest#*|}" ] && break
			rest=${rest#*|}
		done
		[ "$readable" = 1 ] || continue
		if [ "$accepted" = 1 ]; then
			restore "$p" "$v0"
		else
			v1=$(cat "$P/$p")
			[ "$v1" = "$v0" ] || fails="$fails [$label: value '$v0' became '$v1']"
		fi
	done <<EOF
$(battery)
EOF
	[ "$readable" = 1 ] || mv_diag "$p: write-only (mode $mode): value check not possible"
	mv_check "params: $p rejects $n bad runtime inputs with EINVAL/ERANGE, value unchanged${fails:+:$fails}" \
		[ -z "$fails" ]
done

# ---- load time ----
all=$( (modinfo -F parm "$KO" 2>/dev/null | sed 's/:.*//'; echo "$params" | tr ' ' '\n') |
	grep . | sort -u | tr '\n' ' ')
mv_diag "load-time parameters: $all"
loaded() {
	grep -q '^memviz ' /proc/modules || [ -d /sys/module/memviz ]
}
long=$(printf '%5000s' '' | tr ' ' 1)
if ! rmmod memviz; then
	mv_fail "params: memviz unloads for the load-time cases"
	mv_done
fi
for p in $all; do
	fails=""
	n=0
	for v in -1 -99999999999999999999 0 18446744073709551616 2147483648 abc 1x 0x10 1.5 "" "=" "$long"; do
		n=$((n + 1))
		if insmod "$KO" "$p=$v" 2>"$T/err"; then
			if is_valid "$p" "$v"; then
				rmmod memviz || fails="$fails [$v: loaded, rmmod failed]"
				continue
			fi
			fails="$fails [$(echo "$v" | cut -c1-12): loaded]"
			rmmod memviz
			continue
		fi
		loaded && { fails="$fails [$(echo "$v" | cut -c1-12): failed but left a module]"; rmmod memviz; }
	done
	# "PARAM" with no value: the kernel refuses it before the ops see NULL.
	n=$((n + 1))
	if insmod "$KO" "$p" 2>"$T/err"; then
		fails="$fails [no value: loaded]"
		rmmod memviz
	fi
	loaded && { fails="$fails [no value: left a module]"; rmmod memviz; }
	mv_check "params: insmod $p=BAD fails and leaves no module ($n cases)${fails:+:$fails}" [ -z "$fails" ]
done
mv_check "params: memviz loads again with no parameters" insmod "$KO"
mv_check "params: and reads" mv-rread -c "$D/zones"
mv_done
