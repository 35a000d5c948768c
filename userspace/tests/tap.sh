# SPDX-License-Identifier: GPL-2.0
# TAP helpers of the reader's shell tests (fixtures.sh, defects.sh):
# sourced after setting TMP; `echo "1..$n"` and `[ "$failed" -eq 0 ]` end a script.
n=0
failed=0

ok() { # STATUS DESC
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

# check DESC CMD...: CMD's output is shown, as TAP comments, when it fails.
check() {
	_desc=$1
	shift
	"$@" >"$TMP/check.out" 2>&1
	_r=$?
	ok $_r "$_desc"
	[ $_r -eq 0 ] || sed 's/^/#   /' "$TMP/check.out" | head -n 40
}

skip() { # DESC WHY
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}
