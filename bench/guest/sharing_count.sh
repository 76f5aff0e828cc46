#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Cache-line sharing per IO, sourced by run-plan.sh after lock_count.sh
# (whose lc_stat_files and lc_div it uses): after a point's fio
# run, when SHARING_COUNT_S (a preset param, whole seconds of guest time) is
# set, another fio run of the same point is counted for SHARING_COUNT_S
# seconds by the QEMU TCG plugin userspace/tcg-sharing (sharing.c says what
# it counts and how), in a window that build/bin/tcg-window opens and
# closes. mqbench loads the plugin into such a boot; the plugin appends a
# line of counts to the run folder's plugin.out (/run/mqvm here, 9p with
# cache=none: read through to the host) before the guest runs on.
# Deterministic under icount only (vCPUs one at a time).
#   lock_insns_per_io            LOCK-prefixed instructions and XCHG with a
#                                memory operand (locked implicitly), together
#   line_writer_changes_per_io   stores to a 64-byte line last stored to by
#                                another vCPU
#   remote_reads_per_io          loads of a line last stored to by another
#                                vCPU, first since that store per vCPU
#   ..._kernel_per_io            the same, kernel mode only
#   insns_per_io, mem_accesses_per_io  for scale
#   sharing_vcpu_switches        vCPU switches of QEMU's round robin in the
#                                window: a line both vCPUs store to changes
#                                writer once per switch (sharing.c)
# All vCPUs, kernel and user mode (fio's own work is the same per IO on
# every target); IOs are the device's, over the window (lock_count.sh).

sc_window=$(cd "$(dirname "$0")/../.." && pwd)/build/bin/tcg-window
sc_out=/run/mqvm/plugin.out

# sc_ios: the completed reads + writes of the stat files in lc_stats.
# shellcheck disable=SC2154 # lc_stats is set by lock_count.sh's lc_stat_files
sc_ios() {
	local f st n=0
	for f in "${lc_stats[@]}"; do
		read -r -a st < "$f"
		n=$((n + st[0] + st[4]))
	done
	echo "$n"
}

# sc_field NAME: the value of NAME= in sc_line.
sc_field() {
	local kv
	for kv in $sc_line; do
		[ "${kv%%=*}" = "$1" ] && { echo "${kv#*=}"; return 0; }
	done
	echo 0
}

# sharing_count SEQ DEV FIO_ARGS...: emits the extra statistics of point SEQ.
sharing_count() {
	local seq=$1 dev=$2
	shift 2
	local secs=${SHARING_COUNT_S:-0}
	[ "$secs" -gt 0 ] 2> /dev/null || return 0
	if [ ! -x "$sc_window" ]; then
		emit note "$seq" "sharing count: no $sc_window (make userspace)"
		return 0
	fi
	lc_stat_files "$(basename "$(readlink -f "$dev")")"
	[ ${#lc_stats[@]} -gt 0 ] || { emit note "$seq" "sharing count: no IO statistics for $dev"; return 0; }
	local lines0=0
	[ -r "$sc_out" ] && lines0=$(wc -l < "$sc_out")
	# As lock_count: until IO flows, half a second more, then the window.
	(mq_fio_exec sharing-count "$@" --runtime=$((secs + 3600))) &
	local pid=$! ios0 tries res
	ios0=$(sc_ios)
	for ((tries = 0; tries < 6000; tries++)); do
		sleep 0.1
		[ "$(sc_ios)" -gt "$ios0" ] && break
		kill -0 "$pid" 2> /dev/null || break
	done
	sleep 0.5
	res=$("$sc_window" "$secs" "${lc_stats[@]}" 2>&1)
	kill -INT "$pid" 2> /dev/null
	wait "$pid"
	local ios=${res#ios=}
	if [[ "$res" != ios=* ]] || [ "$ios" -le 0 ]; then
		emit note "$seq" "sharing count: no IO completed on $dev in the window ($res)"
		return 0
	fi
	local lines=0
	[ -r "$sc_out" ] && lines=$(wc -l < "$sc_out")
	if [ "$lines" -le "$lines0" ]; then
		emit note "$seq" "sharing count: no count from the TCG plugin (icount boots with build/lib/tcg-sharing.so only)"
		return 0
	fi
	local sc_line
	sc_line=$(tail -n 1 "$sc_out")
	local lock lockk
	lock=$(($(sc_field lock) + $(sc_field xchg)))
	lockk=$(($(sc_field lock_kernel) + $(sc_field xchg_kernel)))
	emit extra "$seq" "lock_insns_per_io=$(lc_div "$lock" "$ios")"
	emit extra "$seq" "line_writer_changes_per_io=$(lc_div "$(sc_field wchg)" "$ios")"
	emit extra "$seq" "remote_reads_per_io=$(lc_div "$(sc_field rremote)" "$ios")"
	emit extra "$seq" "lock_insns_kernel_per_io=$(lc_div "$lockk" "$ios")"
	emit extra "$seq" "line_writer_changes_kernel_per_io=$(lc_div "$(sc_field wchg_kernel)" "$ios")"
	emit extra "$seq" "remote_reads_kernel_per_io=$(lc_div "$(sc_field rremote_kernel)" "$ios")"
	emit extra "$seq" "insns_per_io=$(lc_div "$(sc_field insns)" "$ios")"
	emit extra "$seq" "mem_accesses_per_io=$(lc_div "$(sc_field mem)" "$ios")"
	emit extra "$seq" "sharing_count_ios=$ios"
	emit extra "$seq" "sharing_vcpu_switches=$(sc_field switches)"
	echo "# sharing count $seq: $sc_line ios=$ios"
}
