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

# Is a module of the running kernel (or built in) available?
have_module() {
	modprobe -n "$1" 2>/dev/null
}

# Unloads modules if loaded, newest first; never fails.
unload() {
	local m
	for m in "$@"; do
		if grep -q "^$m " /proc/modules; then
			rmmod "$m" 2>/dev/null || sleep 0.2
			grep -q "^$m " /proc/modules && rmmod "$m" 2>/dev/null
		fi
	done
	return 0
}

# null_blk as the raw baseline: blk-mq, completion in the submitter's
# context (irqmode=0), one submit queue per vCPU. NULLB_DEVICES devices;
# NULLB_MEMORY=1 backs them with memory (memory_backed=1).
nullb_load() {
	local devices=${1:-1}
	unload null_blk
	have_module null_blk || skip "null_blk is not available in $(uname -r)"
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

# Our modules: built for the running kernel under $MQ_KMOD (make kmod).
mq_insmod() {
	local name=$1
	shift
	grep -q "^$name " /proc/modules && return 0
	[ -e "$MQ_KMOD/$name.ko" ] || skip "$name.ko is not built for $(uname -r) (make kmod)"
	must insmod "$MQ_KMOD/$name.ko" "$@"
}

need_mqctl() {
	command -v mqctl > /dev/null || skip "mqctl is not built (make userspace)"
}

# The value of the first "KEY": N or "KEY": "S" in pretty-printed JSON.
json_first() {
	sed -n "s/^ *\"$1\": *\"\\{0,1\\}\\([^\",]*\\)\"\\{0,1\\},\\{0,1\\}$/\\1/p" | head -n 1
}

# Every "disk": "..." value, in order.
json_disks() {
	sed -n 's/^ *"disk": *"\([^"]*\)",\{0,1\}$/\1/p'
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
