#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# mqnull, raw: one path disk of an mqnull namespace, set up like null_blk
# (completion in the submitter, one submit queue per vCPU, MQNULL_DEPTH tags).
# Needs mqctl (make userspace) and mqnull.ko (make kmod).
#   MQNULL_PATHS  path disks of the namespace (1); fio runs on path 0
#   MQNULL_MEMORY when set, the namespace is memory-backed
#   MQNULL_POLL_QUEUES  poll queues per path disk (a number or vcpus;
#                 default none), for fio's hipri (FIO_HIPRI, targets/lib.sh)

setup() {
	need_mqctl
	mq_insmod mqnull
	local out id disk pq
	read -ra pq <<<"$(poll_queues_opt)"
	out=$(mqctl null create --size "${MQNULL_SIZE:-16G}" --paths "${MQNULL_PATHS:-1}" \
		--queues 0 --depth "${MQNULL_DEPTH:-64}" --completion none \
		"${pq[@]}" \
		${MQNULL_MEMORY:+--memory-backed} --json 2>&1) ||
		die "mqctl null create failed: $(echo "$out" | tail -n 2 | tr '\n' ' ')"
	id=$(echo "$out" | json .id)
	disk=$(echo "$out" | json '.paths[0].disk')
	{ [ -n "$id" ] && [ -n "$disk" ]; } || die "mqctl null create printed no id/disk: $out"
	echo "$id" > "$MQB_STATE/mqnull-id"
	wait_block "$disk"
	echo "$disk"
}

teardown() {
	if [ -s "$MQB_STATE/mqnull-id" ] && command -v mqctl > /dev/null; then
		mqctl null destroy "$(cat "$MQB_STATE/mqnull-id")" --force > /dev/null 2>&1
		rm -f "$MQB_STATE/mqnull-id"
	fi
	unload mqnull
}
