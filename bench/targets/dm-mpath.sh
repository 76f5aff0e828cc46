#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# dm-multipath over null_blk, PATHS paths (1 or 2). PATHS=2 uses two null_blk
# devices: not one namespace, but what dm can be given here.
#   DM_QUEUE_MODE=bio  bio-based (table feature "queue_mode bio")
#   DM_QUEUE_MODE=mq   request-based blk-mq (dm's default)
#   DM_SELECTOR        round-robin (default), queue-length or service-time
#   DM_TUNED=1         request-based at its best: dm_mod.dm_mq_nr_hw_queues =
#                      vCPUs and scheduler none (default: 1 queue, the
#                      kernel's default scheduler)
#   IOSTATS=0          IO accounting off on the dm disk (default: on)
dm_name=mqbench-mp

setup() {
	local paths=${PATHS:-1} mode=${DM_QUEUE_MODE:-bio} selector=${DM_SELECTOR:-round-robin}
	command -v dmsetup > /dev/null || skip "dmsetup is not installed"
	mq_module_available dm_multipath || skip "dm_multipath is not available in $(uname -r)"
	nullb_load "$paths"
	must modprobe dm_multipath
	case "$selector" in
	round-robin) must modprobe dm_round_robin ;;
	queue-length) must modprobe dm_queue_length ;;
	service-time) must modprobe dm_service_time ;;
	esac
	local nr_hw=1
	[ "${DM_TUNED:-0}" = 1 ] && nr_hw=$MQB_VCPUS
	if [ -w /sys/module/dm_mod/parameters/dm_mq_nr_hw_queues ]; then
		echo "$nr_hw" > /sys/module/dm_mod/parameters/dm_mq_nr_hw_queues
	fi
	local sectors features table i
	sectors=$(blockdev --getsz /dev/nullb0) || die "cannot size /dev/nullb0"
	features="2 queue_mode $mode"
	table="0 $sectors multipath $features 0 1 1 $selector 0 $paths 1"
	for ((i = 0; i < paths; i++)); do
		table+=" /dev/nullb$i 1"
	done
	echo "table: $table" >&2
	must dmsetup create "$dm_name" --table "$table"
	local minor dev
	minor=$(dmsetup info -c --noheadings -o minor "$dm_name" | tr -d ' ')
	[ -n "$minor" ] || die "dmsetup info gave no minor for $dm_name"
	dev=/dev/dm-$minor
	# Without udev there is no /dev/mapper node; devtmpfs makes dm-N.
	wait_block "$dev"
	if [ "${DM_TUNED:-0}" = 1 ] && [ -w "/sys/block/dm-$minor/queue/scheduler" ]; then
		echo none > "/sys/block/dm-$minor/queue/scheduler"
	fi
	echo "scheduler: $(cat "/sys/block/dm-$minor/queue/scheduler" 2>/dev/null)" >&2
	set_iostats "$dev"
	echo "$dev"
}

teardown() {
	if dmsetup info "$dm_name" > /dev/null 2>&1; then
		dmsetup remove --retry "$dm_name" > /dev/null 2>&1
	fi
	unload dm_round_robin dm_queue_length dm_service_time dm_multipath null_blk
	if [ -w /sys/module/dm_mod/parameters/dm_mq_nr_hw_queues ]; then
		echo 1 > /sys/module/dm_mod/parameters/dm_mq_nr_hw_queues
	fi
}
