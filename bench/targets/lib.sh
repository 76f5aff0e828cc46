#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Helpers for the target scripts (bench/targets/<name>.sh), sourced by
# bench/guest/run-plan.sh inside the guest before a target's script.
#
# A target script defines:
#   setup       set the target up; print the block device fio runs on as the
#               LAST line of stdout. `skip "why"` when it cannot be set up
#               here; any other failure is reported as skipped with the
#               tail of its stderr as the reason.
#   teardown    undo setup; idempotent (also run after a failed setup).
# and may define:
#   during_start DEV / during_stop   background activity while fio runs
#   extra_stats DEV                  key=value lines added to the record
#
# Parameters come from the target catalog (bench/targets/catalog.json) and
# the preset's "params" as environment variables; $MQB_STATE is a scratch
# folder kept from setup to teardown; $MQB_VCPUS is the guest's vCPU count.
# Two are fio's, for every target (bench/guest/run-plan.sh):
#   FIO_IOENGINE  libaio (default) or io_uring
#   FIO_HIPRI     1: polled IO (fio's --hipri: io_uring IORING_SETUP_IOPOLL)

# Ends setup: the target is reported as skipped with this reason.
skip() {
	echo "$*" > "$MQB_STATE/skip-reason"
	exit 77
}

# Fails setup with a reason (reported as skipped: setup failed).
die() {
	echo "$*" > "$MQB_STATE/skip-reason"
	echo "$*" >&2
	exit 1
}

# Runs a command; on failure, ends setup with its message as the reason.
must() {
	local out
	if ! out=$("$@" 2>&1); then
		die "$* failed: $(echo "$out" | tail -n 3 | tr '\n' ' ')"
	fi
	[ -z "$out" ] || echo "$out" >&2
}

# The guests' module loader, shared with the VM tests.
# shellcheck source=tests/vm/lib/modules.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../tests/vm/lib/modules.sh"

# Unloads modules if loaded, newest first; never fails.
unload() {
	mq_module_unload "$@" || true
}

# null_blk as the raw baseline: blk-mq, completion in the submitter's
# context (irqmode=0), one submit queue per vCPU. NULLB_DEVICES devices;
# NULLB_MEMORY=1 backs them with memory (memory_backed=1).
nullb_load() {
	local devices=${1:-1}
	unload null_blk
	mq_module_available null_blk || skip "null_blk is not available in $(uname -r)"
	must modprobe null_blk queue_mode=2 irqmode=0 completion_nsec=0 \
		submit_queues="${NULLB_QUEUES:-$MQB_VCPUS}" \
		hw_queue_depth="${NULLB_DEPTH:-64}" nr_devices="$devices" \
		gb="${NULLB_GB:-16}" bs="${NULLB_BS:-512}" \
		memory_backed="${NULLB_MEMORY:-0}"
	local i
	for ((i = 0; i < devices; i++)); do
		wait_block "/dev/nullb$i"
	done
}

# Waits (up to 10 s) for a block device node.
wait_block() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ -b "$1" ] && return 0
		sleep 0.1
	done
	die "$1 did not appear"
}

# mq_insmod NAME [PARAM=VALUE...]: one of our modules (make kmod), unless
# already loaded.
mq_insmod() {
	mq_module_loaded "$1" && return 0
	mq_module_available "$1" || skip "$1.ko is not built for $(uname -r) (make kmod)"
	must mq_module_load "$@"
}

need_mqctl() {
	command -v mqctl > /dev/null || skip "mqctl is not built (make userspace)"
}

# json FILTER: jq's raw output of FILTER over standard input (mqctl's
# --json); empty, not "null", for an absent value.
json() {
	jq -r "($1) // empty"
}

# set_iostats DEV: with IOSTATS=0 in the target's parameters, turns the IO
# accounting of DEV (a whole disk) off through its queue/iostats, and says
# so on stderr (the setup log); otherwise leaves the kernel's default.
set_iostats() {
	[ "${IOSTATS:-}" = 0 ] || return 0
	local f=/sys/block/${1#/dev/}/queue/iostats
	[ -w "$f" ] || die "no $f"
	echo 0 > "$f" || die "cannot write 0 to $f"
	echo "iostats: $(cat "$f")" >&2
}

# poll_queues_opt: mqctl null create's --poll-queues for MQNULL_POLL_QUEUES
# (a number, or vcpus for one per vCPU); nothing when it is unset.
poll_queues_opt() {
	local n=${MQNULL_POLL_QUEUES:-}
	[ -n "$n" ] || return 0
	[ "$n" = vcpus ] && n=$MQB_VCPUS
	echo "--poll-queues $n"
}
