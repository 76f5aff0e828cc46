#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# mqpath over mqnull: one multipath device over PATHS path disks of one mqnull
# namespace (set up like the mqnull target).
#   PATHS     1 (default) .. 16
#   SELECTOR  rr (default), qd or numa
#   IOSTATS   0: IO accounting off on the mqpath disk (default: on)
#   MQNULL_POLL_QUEUES  poll queues per path disk (a number or vcpus), for
#             fio's hipri (FIO_HIPRI): the device polls when its paths do
#   CHURN_MS  when set (e.g. 50): while fio runs, a spare path disk is added
#             and removed every CHURN_MS ms; the record gets mqpath's freeze
#             statistics of the run (see extra_stats) either way
# Needs mqctl (make userspace), mqnull.ko and mqpath.ko (make kmod).

setup() {
	local paths=${PATHS:-1} spare=0
	need_mqctl
	mq_insmod mqnull
	mq_insmod mqpath
	[ -n "${CHURN_MS:-}" ] && spare=1
	local out id disks dev pq
	read -ra pq <<<"$(poll_queues_opt)"
	out=$(mqctl null create --size "${MQNULL_SIZE:-16G}" --paths $((paths + spare)) \
		--queues 0 --depth "${MQNULL_DEPTH:-64}" --completion none \
		"${pq[@]}" --json 2>&1) ||
		die "mqctl null create failed: $(echo "$out" | tail -n 2 | tr '\n' ' ')"
	id=$(echo "$out" | json .id)
	[ -n "$id" ] || die "mqctl null create printed no id: $out"
	echo "$id" > "$MQB_STATE/mqnull-id"
	mapfile -t disks < <(echo "$out" | json '.paths[].disk')
	out=$(mqctl mpath create --selector "${SELECTOR:-rr}" --json 2>&1) ||
		die "mqctl mpath create failed: $(echo "$out" | tail -n 2 | tr '\n' ' ')"
	dev=$(echo "$out" | json .id)
	[ -n "$dev" ] || die "mqctl mpath create printed no id: $out"
	echo "$dev" > "$MQB_STATE/mqpath-id"
	local i
	for ((i = 0; i < paths; i++)); do
		wait_block "${disks[$i]}"
		must mqctl mpath path add "$dev" "${disks[$i]}"
	done
	echo "${disks[$paths]:-}" > "$MQB_STATE/spare"
	out=$(mqctl mpath show "$dev" --json) || die "mqctl mpath show $dev failed"
	local disk
	disk=$(echo "$out" | json .disk)
	[ -n "$disk" ] || die "mqctl mpath show printed no disk"
	wait_block "$disk"
	set_iostats "$disk"
	echo "$disk"
}

# Adds and removes the spare path every CHURN_MS ms until stopped
# (bench/guest/path_churn.py: one netlink socket, no fork per update).
during_start() {
	local dev spare
	dev=$(cat "$MQB_STATE/mqpath-id")
	mqctl mpath stats "$dev" --json > "$MQB_STATE/stats-before" 2>/dev/null
	[ -n "${CHURN_MS:-}" ] || return 0
	spare=$(cat "$MQB_STATE/spare")
	"$(dirname "${BASH_SOURCE[0]}")/../guest/path_churn.py" "$dev" "$(cat "/sys/class/block/${spare#/dev/}/dev")" \
		"$CHURN_MS" "$MQB_STATE/churn-ready" > "$MQB_STATE/churn-out" 2>&1 &
	echo $! > "$MQB_STATE/churn-pid"
	# fio starts once the updates do.
	local tries
	for ((tries = 0; tries < 600; tries++)); do
		[ -e "$MQB_STATE/churn-ready" ] && return 0
		kill -0 "$(cat "$MQB_STATE/churn-pid")" 2>/dev/null || break
		sleep 0.1
	done
	echo "path_churn.py did not start: $(cat "$MQB_STATE/churn-out")" >&2
}

during_stop() {
	[ -s "$MQB_STATE/churn-pid" ] || return 0
	kill -TERM "$(cat "$MQB_STATE/churn-pid")" 2>/dev/null
	wait "$(cat "$MQB_STATE/churn-pid")" 2>/dev/null
	rm -f "$MQB_STATE/churn-pid" "$MQB_STATE/churn-ready"
}

# mqpath's path-table freezes during the fio run, from its counters before
# and after: how many, their total, mean and longest, and how many bios met
# one. The device keeps only its longest freeze ever (set-up's included):
# when the run's freezes did not raise it, the longest of the run is not
# known beyond freeze_max_at_most_ns.
extra_stats() {
	local dev out
	dev=$(cat "$MQB_STATE/mqpath-id" 2>/dev/null) || return 0
	out=$(mqctl mpath stats "$dev" --json 2>/dev/null) || return 0
	local before=$MQB_STATE/stats-before c0 t0 m0 w0 c1 t1 m1 w1 count
	c0=$(json .freeze_count < "$before" 2>/dev/null)
	t0=$(json .freeze_total_ns < "$before" 2>/dev/null)
	m0=$(json .freeze_max_ns < "$before" 2>/dev/null)
	w0=$(json .bios_frozen_waits < "$before" 2>/dev/null)
	c1=$(echo "$out" | json .freeze_count)
	t1=$(echo "$out" | json .freeze_total_ns)
	m1=$(echo "$out" | json .freeze_max_ns)
	w1=$(echo "$out" | json .bios_frozen_waits)
	count=$((${c1:-0} - ${c0:-0}))
	echo "freeze_count=$count"
	echo "freeze_total_ns=$((${t1:-0} - ${t0:-0}))"
	if [ "$count" -gt 0 ]; then
		echo "freeze_mean_ns=$(((${t1:-0} - ${t0:-0}) / count))"
		if [ "${m1:-0}" -gt "${m0:-0}" ]; then
			echo "freeze_max_ns=$m1"
		else
			echo "freeze_max_at_most_ns=${m1:-0}"
		fi
	else
		echo "freeze_max_ns=0"
	fi
	echo "bios_frozen_waits=$((${w1:-0} - ${w0:-0}))"
	if [ -s "$MQB_STATE/churn-out" ]; then
		echo "path_updates=$(json .updates < "$MQB_STATE/churn-out")"
		echo "update_gap_mean_ms=$(json .mean_gap_ms < "$MQB_STATE/churn-out")"
	fi
	return 0
}

teardown() {
	during_stop
	if command -v mqctl > /dev/null; then
		if [ -s "$MQB_STATE/mqpath-id" ]; then
			mqctl mpath destroy "$(cat "$MQB_STATE/mqpath-id")" > /dev/null 2>&1
			rm -f "$MQB_STATE/mqpath-id"
		fi
		if [ -s "$MQB_STATE/mqnull-id" ]; then
			mqctl null destroy "$(cat "$MQB_STATE/mqnull-id")" --force > /dev/null 2>&1
			rm -f "$MQB_STATE/mqnull-id"
		fi
	fi
	unload mqpath mqnull
}
