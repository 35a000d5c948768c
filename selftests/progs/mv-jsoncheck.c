// SPDX-License-Identifier: GPL-2.0
/*
 * mv-jsoncheck: exit 0 iff stdin is one valid JSON value (with -l [N]:
 * N lines of one JSON value each, as `memviz watch --json` streams).  The
 * guest's copy of the reader's test helper (userspace/tests/jsoncheck.c),
 * so guest tests can validate `memviz --json` where no other JSON tool
 * exists.
 */
#include "../../userspace/tests/jsoncheck.c"
