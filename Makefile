# SPDX-License-Identifier: GPL-2.0-only
# mqpath: top-level build. `make help` lists the targets.
#
#   make deps            install what is missing (Debian bookworm; root only to install)
#   make                 modules for $(KVER) and the userspace tools
#   make test            unit tests, then the VM tests in a guest
#   make bench           the benchmark (standard preset)
#   make bench-quick     the CI benchmark (quick preset, icount) and its gates
#   make test-debug      every VM test on the debug kernel (make debug-kernel)
#   make profile         perf profile of a target in an MTTCG guest (TARGET=, VCPUS=)
#   make stress          the stress group with 60 s storms and churn (CI runs it shorter)
#   make soak            the storm and the churn together for an hour (not in CI)
#   make build-kernels   modules for every kernel bookworm serves (ci/kernels.list)
#   make test-kernels    the VM groups of ci/kernels.list on each of those kernels
#
# KVER picks another installed kernel; KERNEL=debug builds against the
# debug kernel from `make debug-kernel`.

SHELL := /bin/bash
ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
BUILD := $(ROOT)/build
# Guest kernels and the debug kernel live here, never in /boot (ci/cache-dir.sh).
MQ_CACHE ?= $(shell $(ROOT)/ci/cache-dir.sh)
export MQ_CACHE

ifeq ($(KERNEL),debug)
DEBUG_KDIR := $(MQ_CACHE)/kernels/debug
KVER ?= $(shell cat $(DEBUG_KDIR)/kver 2>/dev/null)
KDIR ?= $(DEBUG_KDIR)/build
else
# Resolved from Debian's meta-package each time: never a written-down version.
KVER ?= $(shell $(ROOT)/ci/kernel-abi.sh)
# The cached headers of `make deps`, else an installed kernel's.
KDIR ?= $(firstword $(wildcard $(MQ_CACHE)/kernels/$(KVER)/build) /lib/modules/$(KVER)/build)
endif

KMOD_OUT = $(BUILD)/kmod/$(KVER)
# CI turns every compiler warning into an error, in C and C++ alike.
ifeq ($(CI),true)
KMOD_FLAGS := KCFLAGS=-Werror
CMAKE_FLAGS := -DMQ_WERROR=ON
endif

.PHONY: all deps kmod userspace test test-unit test-vm bench shell check \
	check-kmod check-ynl ynl-regen check-userspace debug-kernel test-debug test-debug-ci clean help bench-quick \
	profile stress soak check-spdx build-kernels test-kernels ynl-tools

all: kmod userspace ynl-tools

# The kernel's YNL library, through which the guests' Python clients speak
# netlink (tests/vm/lib/mqgenl.py), and its generator (check-ynl).
ynl-tools:
	@$(ROOT)/ci/ynl-tools.sh > /dev/null

help:
	@sed -n 's/^#   //p' $(ROOT)/Makefile $(ROOT)/packaging.mk

deps:
	@$(ROOT)/ci/deps.sh

# The kernel's build system writes objects next to the sources, so each
# kernel gets its own shadow tree of symlinks under build/: two kernels never
# share an object file and the source tree stays clean.
kmod:
	@test -n "$(KVER)" || { echo "make: no kernel found; run 'make deps'" >&2; exit 1; }
	@test -d "$(KDIR)" || { echo "make: no headers for $(KVER) at $(KDIR)" >&2; exit 1; }
	@mkdir -p $(KMOD_OUT)/src
	@cp -rsf $(ROOT)/kmod/. $(KMOD_OUT)/src/
	$(MAKE) -C $(KDIR) M=$(KMOD_OUT)/src MQ_VERSION=$(shell $(ROOT)/ci/version.sh) \
		$(KMOD_FLAGS) $(KMOD_EXTRA) modules
	@cp -f $(KMOD_OUT)/src/mqnull/mqnull.ko $(KMOD_OUT)/src/mqpath/mqpath.ko \
		$(KMOD_OUT)/src/bench/mqredirect/mqredirect.ko $(KMOD_OUT)/
	@echo "modules: $(KMOD_OUT)/mqnull.ko $(KMOD_OUT)/mqpath.ko $(KMOD_OUT)/mqredirect.ko"

userspace:
	@cmake -S $(ROOT)/userspace -B $(BUILD)/userspace -G Ninja $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD)/userspace

test-unit: userspace
	@ctest --test-dir $(BUILD)/userspace --output-on-failure

# T= selects tests by name (e.g. T="smoke/001 mqnull"), KERNEL=debug runs
# them on the debug kernel.
test-vm: all
	@$(ROOT)/tests/vm/run $(if $(filter debug,$(KERNEL)),--kernel debug) $(T)

# The stress group (tests/vm/stress) at the issue's durations; `make test`
# runs it in CI's short form. tests/vm/run passes MQ_STRESS_* to the guest.
STRESS_SECONDS ?= 60
SOAK_SECONDS ?= 3600
stress: all
	@MQ_STRESS_SECONDS=$(STRESS_SECONDS) $(ROOT)/tests/vm/run \
		$(if $(filter debug,$(KERNEL)),--kernel debug) $(or $(T),stress)

soak: all
	@MQ_STRESS_SOAK_SECONDS=$(SOAK_SECONDS) $(ROOT)/tests/vm/run \
		$(if $(filter debug,$(KERNEL)),--kernel debug) stress/009

test: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory build-kernels
	@$(MAKE) --no-print-directory test-unit
	@$(MAKE) --no-print-directory deb # for tests/vm/install
	@$(MAKE) --no-print-directory test-vm
	@$(MAKE) --no-print-directory bench-quick

# Every kernel Debian bookworm serves, by meta-package (ci/kernels.list):
# fetched into the cache (the default kernel stays the default) and the
# modules built for each into build/kmod/<kver>, one line per kernel: ok,
# refused (kmod/Kbuild's floor) or failed. `make test` runs it: a warm
# cache makes it cheap. test-kernels then runs each kernel's VM groups.
build-kernels:
	@$(ROOT)/ci/build-kernels.sh

test-kernels: build-kernels userspace ynl-tools
	@$(ROOT)/ci/test-kernels.sh

bench: deps
	@$(MAKE) --no-print-directory all
	@$(BUILD)/bin/mqbench run --preset standard --out $(BUILD)/bench

# What CI gates on: one icount boot, the gated targets, bench/gates.json.
bench-quick: all
	@$(BUILD)/bin/mqbench run --preset quick --out $(BUILD)/bench/quick --gates $(ROOT)/bench/gates.json

# A perf profile of one benchmark target under fio (bench/guest/profile.sh),
# in an MTTCG guest: icount skews perf's sampling clock.
TARGET ?= mqpath-1path
VCPUS ?= 2
profile: all
	@mkdir -p $(BUILD)/profile
	@set -o pipefail; $(BUILD)/bin/mqvm --smp $(VCPUS) --accel tcg -- $(ROOT)/bench/guest/profile.sh $(TARGET) \
		| tee $(BUILD)/profile/$(TARGET)-smp$(VCPUS).txt
	@echo "profile: $(BUILD)/profile/$(TARGET)-smp$(VCPUS).txt"

shell: all
	@$(BUILD)/bin/mqvm $(if $(filter debug,$(KERNEL)),--kernel debug) -- bash -l

check: check-ynl check-kmod check-userspace check-spdx

# The netlink families are written once, in netlink/specs/*.yaml (YNL, the
# kernel's format): the committed uapi headers and kernel policies must be
# what the specs generate. ynl-regen writes them after a spec changes.
check-ynl:
	@$(ROOT)/ci/check-ynl.sh

ynl-regen:
	@$(ROOT)/ci/check-ynl.sh --regen

# Every source file names its licence (LICENSE).
check-spdx:
	@$(ROOT)/ci/check-spdx.sh

# Kernel style gates: checkpatch --strict, sparse (C=1) and W=1, all clean.
check-kmod:
	@$(ROOT)/ci/check-kmod.sh $(KVER) $(KDIR)

check-userspace: userspace
	@$(ROOT)/ci/check-userspace.sh $(BUILD)/userspace

debug-kernel:
	@$(ROOT)/vm-images/debug-kernel/build.sh

test-debug: debug-kernel
	@$(MAKE) --no-print-directory KERNEL=debug all
	@$(MAKE) --no-print-directory KERNEL=debug deb # for tests/vm/install
	@$(MAKE) --no-print-directory KERNEL=debug test-vm

# The part of the debug lane CI runs (.ci/run): the concurrency of mqpath
# (failover, parking, path churn, teardown, a path disk destroyed under IO),
# where lockdep, KASAN and kmemleak have the most to find, in one guest
# (a debug boot costs about 40 s). docs/testing.md says the same.
DEBUG_CI_TESTS := mqpath/002 mqpath/004 mqpath/008 mqpath/012 mqpath/013
test-debug-ci: debug-kernel
	@$(MAKE) --no-print-directory KERNEL=debug all
	@$(MAKE) --no-print-directory KERNEL=debug test-vm T="$(DEBUG_CI_TESTS)"

clean:
	rm -rf $(BUILD)

# make install, make deb and their kin.
include $(ROOT)/packaging.mk
