#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Spinlock counts per IO, sourced by run-plan.sh: after a point's fio run,
# when LOCK_COUNT_S (a preset param, seconds of guest time) is set, a second
# short fio run of the same point counts, through kprobes on their entries
# (Debian's 6.12 has KPROBE_EVENTS but not FUNCTION_PROFILER):
#   spin_locks_per_io     every _raw_spin_lock* entry (lock, _bh, _irq,
#                         _irqsave, _nested), all CPUs, per IO of the device
#   spin_slowpath_per_io  entries of the qspinlock slow path
#                         (native_queued_spin_lock_slowpath or its kin)
# The window is LOCK_COUNT_S seconds from half a second after the device
# completed its first IO of the run, which fio is then told to end, so that
# fio's start and exit stay out of it; IOs are the device's own completed
# reads and writes (/sys/class/block/DEV/stat) over the window, or with its
# accounting off those of the disks under it.
# Background work (timer ticks, fio's own threads) is in the counts too:
# under icount it is the same per second of guest time on every target.
# Events go nowhere: tracing_on stays 0 while they are enabled, so a hit
# costs the probe and no ring buffer write.

lc_tracing=/sys/kernel/tracing
lc_ready=''
lc_why=''
lc_fd=''

# Registers the probes once per boot; fails (with a reason on stdout) when
# the kernel cannot count.
lock_count_init() {
	[ -n "$lc_ready" ] && return "$lc_ready"
	lc_ready=1
	if [ ! -e "$lc_tracing/kprobe_events" ]; then
		mount -t tracefs nodev "$lc_tracing" 2> /dev/null
		[ -e "$lc_tracing/kprobe_events" ] || { echo "no tracefs kprobe_events"; return 1; }
	fi
	local syms sym n=0
	# Each target runs in a subshell of its own: the probes of an earlier
	# one are there already.
	if [ -d "$lc_tracing/events/mqb" ]; then
		n=1
		syms=''
	else
		syms=$(awk '$2 ~ /^[tT]$/ && ($3 ~ /^_raw_spin_lock(_bh|_irq|_irqsave|_nested)?$/ ||
			$3 ~ /^(native_|__pv_)?queued_spin_lock_slowpath$/) { print $3 }' /proc/kallsyms |
			sort -u)
	fi
	for sym in $syms; do
		local kind=lk
		[[ "$sym" == *slowpath ]] && kind=sl
		echo "p:mqb/${kind}_$sym $sym" >> "$lc_tracing/kprobe_events" 2> /dev/null &&
			n=$((n + 1))
	done
	[ "$n" -gt 0 ] || { echo "no spinlock symbol could be probed"; return 1; }
	# A read with a timeout on a FIFO that never gets data: a sleep that
	# forks nothing inside the window.
	local fifo
	fifo=$(mktemp -u /tmp/mqb-lc.XXXXXX)
	if ! mkfifo "$fifo" || ! exec {lc_fd}<> "$fifo"; then
		echo "no FIFO"
		return 1
	fi
	rm -f "$fifo"
	lc_ready=0
	return 0
}

# Sets lc_lk and lc_sl (hits + misses of each kind) and lc_ios (the
# completed reads + writes of the stat files in lc_stats), forking nothing.
lc_sample() {
	local name hit miss st f
	lc_lk=0 lc_sl=0 lc_ios=0
	while read -r name hit miss; do
		case "$name" in
		lk_*) lc_lk=$((lc_lk + hit + miss)) ;;
		sl_*) lc_sl=$((lc_sl + hit + miss)) ;;
		esac
	done < "$lc_tracing/kprobe_profile"
	for f in "${lc_stats[@]}"; do
		read -r -a st < "$f"
		lc_ios=$((lc_ios + st[0] + st[4]))
	done
}

# lc_stat_files DEV: sets lc_stats to the stat files that count DEV's IOs:
# its own, or with its accounting off (queue/iostats 0, the -noacct
# targets) those of the disks under it, which see every IO of a device
# that neither splits nor merges them (fio's 4k IOs on these targets).
lc_stat_files() {
	local sys=/sys/class/block/$1 s
	lc_stats=()
	if [ "$(cat "$sys/queue/iostats" 2> /dev/null)" = 0 ]; then
		for s in "$sys"/slaves/*; do
			[ -r "$s/stat" ] && lc_stats+=("$s/stat")
		done
	elif [ -r "$sys/stat" ]; then
		lc_stats=("$sys/stat")
	fi
}

# a / b with 4 decimals, in bash.
lc_div() {
	local a=$1 b=$2 q
	q=$(((a * 10000 + b / 2) / b))
	printf '%d.%04d' $((q / 10000)) $((q % 10000))
}

# lock_count SEQ DEV FIO_ARGS...: emits the extra statistics of point SEQ.
lock_count() {
	local seq=$1 dev=$2
	shift 2
	local secs=${LOCK_COUNT_S:-0}
	[ "$secs" -gt 0 ] 2> /dev/null || return 0
	if [ -z "$lc_ready" ]; then
		lock_count_init > "${work:-/tmp}/lock-count-init" 2>&1
		lc_why=$(head -n 1 "${work:-/tmp}/lock-count-init")
	fi
	if [ "$lc_ready" != 0 ]; then
		emit note "$seq" "lock count: ${lc_why:-cannot count}"
		return 0
	fi
	lc_stat_files "$(basename "$(readlink -f "$dev")")"
	[ ${#lc_stats[@]} -gt 0 ] || { emit note "$seq" "lock count: no IO statistics for $dev"; return 0; }
	local on
	on=$(cat "$lc_tracing/tracing_on")
	echo 0 > "$lc_tracing/tracing_on"
	echo 1 > "$lc_tracing/events/mqb/enable"
	# Until IO flows (fio's start may wait for the host: under icount the
	# guest's clock runs on meanwhile), then half a second more for every
	# job to be running; the window is then LOCK_COUNT_S seconds of IO.
	(mq_fio_exec lock-count "$@" --runtime=$((secs + 3600))) &
	local pid=$! lk0 sl0 ios0 tries
	lc_sample
	ios0=$lc_ios
	for ((tries = 0; tries < 6000; tries++)); do
		read -r -t 0.1 -u "$lc_fd"
		lc_sample
		[ "$lc_ios" -gt "$ios0" ] && break
		kill -0 "$pid" 2> /dev/null || break
	done
	read -r -t 0.5 -u "$lc_fd"
	lc_sample
	lk0=$lc_lk sl0=$lc_sl ios0=$lc_ios
	read -r -t "$secs" -u "$lc_fd"
	lc_sample
	kill -INT "$pid" 2> /dev/null
	wait "$pid"
	echo 0 > "$lc_tracing/events/mqb/enable"
	echo "$on" > "$lc_tracing/tracing_on"
	local ios=$((lc_ios - ios0))
	if [ "$ios" -le 0 ]; then
		emit note "$seq" "lock count: no IO completed on $dev in the window"
		return 0
	fi
	emit extra "$seq" "spin_locks_per_io=$(lc_div $((lc_lk - lk0)) "$ios")"
	emit extra "$seq" "spin_slowpath_per_io=$(lc_div $((lc_sl - sl0)) "$ios")"
	emit extra "$seq" "lock_count_ios=$ios"
}
