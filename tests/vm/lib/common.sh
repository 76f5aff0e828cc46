# SPDX-License-Identifier: GPL-2.0-only
# Helpers for VM tests, sourced before each test (see tests/vm/README.md).
# Each test runs in its own subshell with `set -euo pipefail`; these helpers
# end it with a verdict that the driver reads from $MQ_VERDICT.

# End the test as failed / skipped, with the reason shown by the runner.
fail() {
	echo "$*" > "$MQ_VERDICT"
	echo "FAIL: $*" >&2
	exit 1
}

skip() {
	echo "$*" > "$MQ_VERDICT"
	exit 77
}

# report TEXT: a figure worth keeping (counts, latencies, progress). It goes
# to the test's output and, as it happens, to the runner's output under the
# test's name, so that it lands in the run's log when the test passes too.
report() {
	echo "$*"
	if [ -n "${MQ_REPORT_FD:-}" ]; then
		echo "    ${MQ_TEST:-}: $*" >&"$MQ_REPORT_FD"
	fi
}

# mq_qemu_left: the QEMU processes this test's guests left running (host
# tests only: their run folders live under $MQ_TMP, see driver.sh), so that
# guests of other runs on the same machine are never counted.
mq_qemu_left() {
	pgrep -a qemu-system | grep -F "path=$MQ_TMP/mqvm." || true
}

# mq_virtiofsd_left: the same for the virtiofsd of guests of kernels with no
# 9p (vm-images/virtiofsd.sh names each by its socket in the run folder).
mq_virtiofsd_left() {
	pgrep -af "^virtiofsd\[$MQ_TMP/mqvm\." || true
}

expect_eq() {
	local actual=$1 expected=$2 what=${3:-value}
	[ "$actual" = "$expected" ] ||
		fail "$what: expected '$expected', got '$actual'"
}

# mq_wait_exit PID SECONDS: waits up to SECONDS for the background job PID
# to end; status 1 if it is still running then (a command that should not
# block, caught waiting).
mq_wait_exit() {
	local pid=$1 secs=$2 i
	for ((i = 0; i < secs * 10; i++)); do
		kill -0 "$pid" 2> /dev/null || return 0
		sleep 0.1
	done
	! kill -0 "$pid" 2> /dev/null
}

# shellcheck source=modules.sh
source "$(dirname "${BASH_SOURCE[0]}")/modules.sh"
# shellcheck source=fio.sh
source "$(dirname "${BASH_SOURCE[0]}")/fio.sh"

# mq_load NAME [PARAM=VALUE...]: loads a module (modules.sh) or fails the test.
mq_load() {
	mq_module_load "$@" || fail "loading module $1 ($*) failed"
}

# mq_unload NAME: unloads a module or fails the test.
mq_unload() {
	rmmod "$1" || fail "rmmod $1 failed"
}

# mq_meminfo KEY: a /proc/meminfo figure in kB after dropping caches.
mq_meminfo() {
	sync
	echo 3 > /proc/sys/vm/drop_caches
	mq_shrink_slabs
	sleep 1
	awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo
}

# Shrinking every slab cache before reading slab figures: it frees the
# empty slabs each cache keeps on its per-CPU partial lists, which long
# churn leaves behind without a live object in them; on a
# KASAN kernel it also empties the quarantine, where freed objects wait
# still counted as slab (8 MB after 110 create/destroy cycles of mqnull).
# A leaked object keeps its slab: it is still counted.
mq_shrink_slabs() {
	local cache
	for cache in /sys/kernel/slab/*/shrink; do
		echo 1 > "$cache" 2> /dev/null || true
	done
}

# mq_free_kb: free memory in kB, counting the pages that sit free on the
# per-CPU page lists. MemFree leaves those out, and since Linux 6.7 those
# lists grow and shrink on their own by tens of MB, which made MemFree
# alone fall by 10 to 32 MB across runs that leaked nothing.
mq_free_kb() {
	local free pcp
	sync
	echo 3 > /proc/sys/vm/drop_caches
	mq_shrink_slabs
	sleep 1
	free=$(awk '/^MemFree:/ { print $2 }' /proc/meminfo)
	pcp=$(awk '$1 == "count:" { n += $2 } END { print n + 0 }' /proc/zoneinfo)
	echo $((free + pcp * $(getconf PAGESIZE) / 1024))
}

# mq_mpath_show_timeless [DEV]: 'mqctl mpath show --json', less what changes
# with time alone: the checker's verdict and the ages of the last check and
# change of each path. For tests that compare the state before and after.
mq_mpath_show_timeless() {
	mqctl mpath show "$@" --json | jq 'def timeless: del(.paths[]?.checker,
		.paths[]?.last_check_ms_ago, .paths[]?.last_change_ms_ago,
		.paths[]?.hold_left_ms);
		if type == "array" then map(timeless) else timeless end'
}
