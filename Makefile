# SPDX-License-Identifier: GPL-2.0
#
# memviz: build the module against a kernel tree and the reader for this host.
#   make                      module for the running kernel
#   make KDIR=<headers dir>   module for another kernel
#   make -C userspace         the reader (honours CC, CFLAGS, LDFLAGS)
#   make install              modules_install + reader + man page
#   make check                the whole test suite (VMs, every kernel and shape)
#   make check-debug          the guest suite on the 6.12 debug kernels: KASAN,
#                             lockdep, kmemleak, ... and KCSAN (each built
#                             once, 20-45 min)
#   make check-packaging      DKMS builds, both .deb packages, lintian, alert
#                             rules, node_exporter fleet test (no VM)
#   make demo                 boot a Debian kernel in a VM and show memviz's output
#   make mirrors              the kernel functions memviz copies (module/MIRRORS)
#                             against every line's sources (also in make check)

KERNELRELEASE ?=
KDIR ?= /lib/modules/$(shell uname -r)/build
PWD := $(shell pwd)
PREFIX ?= /usr/local
DESTDIR ?=

.PHONY: all modules reader clean install modules_install check demo checkpatch mirrors bench check-debug check-packaging

all: modules

modules:
	$(MAKE) -C $(KDIR) M=$(PWD) modules

reader:
	$(MAKE) -C userspace

modules_install:
	$(MAKE) -C $(KDIR) M=$(PWD) INSTALL_MOD_DIR=updates modules_install

install: modules_install
	$(MAKE) -C userspace install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

clean:
	$(MAKE) -C $(KDIR) M=$(PWD) clean 2>/dev/null || \
		rm -f module/*.o debugfs/*.o *.o *.ko *.mod* Module.symvers modules.order
	$(MAKE) -C userspace clean

# Test bench: QEMU guests, never this machine's kernel (selftests/run.sh
# documents the MEMVIZ_KERNELS / MEMVIZ_SHAPES / MEMVIZ_TESTS filters).
check:
	bash selftests/run.sh

# The same suite (70-debug-kmemleak.sh included; it skips elsewhere) on
# the debug kernels only: 6.12-debug (KASAN, kmemleak, ...) and 6.12-kcsan
# (KCSAN; KASAN excludes it, hence a second kernel). MEMVIZ_SHAPES /
# MEMVIZ_TESTS still filter; MEMVIZ_KERNELS=6.12-kcsan runs one of them.
check-debug:
	MEMVIZ_KERNELS="$${MEMVIZ_KERNELS:-6.12-debug 6.12-kcsan}" bash selftests/run.sh

# The packaging stage of `make check` alone (selftests/vm/packaging.sh).
check-packaging:
	bash selftests/vm/packaging.sh --summary \
		"$${MEMVIZ_CACHE:-/var/cache/memviz}/logs/$$(date +%Y%m%d-%H%M%S)-packaging"

demo:
	bash selftests/vm/demo.sh

checkpatch:
	bash selftests/vm/checkpatch.sh

# After re-deriving a copy on purpose: bash selftests/vm/mirrors.sh --update
mirrors:
	bash selftests/vm/mirrors.sh

# memviz against page-types, the /proc walk and cyclictest, in bench guests;
# prints the table kept in BENCHMARKS.md (selftests/bench/bench.sh).
bench:
	bash selftests/bench/bench.sh
