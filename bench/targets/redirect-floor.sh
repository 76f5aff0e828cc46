#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The floor of a bio-based stacking device: mqredirect (kmod/bench, built by
# make kmod for the benchmark only) over one mqnull path disk, set up like
# the mqnull target. Its ->submit_bio only points the bio at the path disk
# and sends it on (no clone, no reference, no failover).
#   MQR_ACCT  1 (default): IO accounting on, as on mqpath; 0: a bare redirect
# Needs mqctl (make userspace), mqnull.ko and mqredirect.ko (make kmod).

setup() {
	need_mqctl
	mq_insmod mqnull
	local out id disk
	out=$(mqctl null create --size "${MQNULL_SIZE:-16G}" --paths 1 \
		--queues 0 --depth "${MQNULL_DEPTH:-64}" --completion none --json 2>&1) ||
		die "mqctl null create failed: $(echo "$out" | tail -n 2 | tr '\n' ' ')"
	id=$(echo "$out" | json .id)
	disk=$(echo "$out" | json '.paths[0].disk')
	{ [ -n "$id" ] && [ -n "$disk" ]; } || die "mqctl null create printed no id/disk: $out"
	echo "$id" > "$MQB_STATE/mqnull-id"
	wait_block "$disk"
	local acct=Y
	[ "${MQR_ACCT:-1}" = 0 ] && acct=N
	mq_insmod mqredirect "path=$disk" "acct=$acct"
	wait_block /dev/mqredirect0
	echo /dev/mqredirect0
}

teardown() {
	unload mqredirect
	if [ -s "$MQB_STATE/mqnull-id" ] && command -v mqctl > /dev/null; then
		mqctl null destroy "$(cat "$MQB_STATE/mqnull-id")" --force > /dev/null 2>&1
		rm -f "$MQB_STATE/mqnull-id"
	fi
	unload mqnull
}
