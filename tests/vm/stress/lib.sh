# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# Helpers for the stress group, sourced by its tests inside test():
#   source "$MQ_ROOT/tests/vm/stress/lib.sh"
# They build on the helpers for mqpath devices (mp_*), sourced here too.

# shellcheck source=../lib/mqpath.sh
source "$MQ_ROOT/tests/vm/lib/mqpath.sh"

ST_DIR=$MQ_ROOT/tests/vm/stress

# How long a storm or churn runs: MQ_STRESS_SECONDS (make stress: 60), else
# CI's short form, which keeps the group at about three minutes.
ST_SECONDS=${MQ_STRESS_SECONDS:-10}
# Sizes: a pass of fio writes ST_MB MiB per job and verifies them; the
# debug kernel runs IO some 60 times slower.
ST_MB=8
[ "${MQ_DEBUG_KERNEL:-0}" = 1 ] && ST_MB=2
# The block layer timeout of the path disks, which ends IO held by a hung
# mqnull path: short, so that a hang costs a second or two, not 30.
ST_TIMEOUT_MS=1000

# st_setup: mp_setup, and a hung-task threshold short enough to matter: a
# task stuck for 20 s (the stalls here last a few seconds) is reported in
# the kernel log, which fails the test. Restored when the test ends.
st_setup() {
	mp_setup
	trap st_cleanup EXIT
	local f=/proc/sys/kernel/hung_task_timeout_secs
	if [ -w "$f" ]; then
		ST_HUNG_TASK_SECS=$(cat "$f")
		echo 20 > "$f"
	fi
}

st_cleanup() {
	mp_cleanup
	if [ -n "${ST_HUNG_TASK_SECS:-}" ]; then
		echo "$ST_HUNG_TASK_SECS" > /proc/sys/kernel/hung_task_timeout_secs
	fi
	return 0
}

# The Python of the distribution, not whatever PATH has first: its start
# costs a guest a second, a pyenv shim's ten.
ST_PYTHON=/usr/bin/python3

# st_io_timeout DISK...: the short block layer timeout on each disk.
st_io_timeout() {
	local d
	for d in "$@"; do
		echo "$ST_TIMEOUT_MS" > "/sys/block/${d#/dev/}/queue/io_timeout"
	done
}

# st_fio_passes NAME SECONDS MODE DEV: fio passes over DEV one after
# another until SECONDS have passed (at least one): each writes ST_MB MiB
# per job (two jobs, 4k random, each pass in a new order) and verifies it
# all (crc32c). MODE direct verifies in the same run; MODE buffered writes
# through the page cache, fsyncs, verifies buffered and then again with
# direct IO, so what is checked is what reached the device. Leaves
# "PASSES IOS MAX_LATENCY_NS" in $MQ_TMP/NAME.sum; fails the test on the
# first error. Meant to run in the background beside a storm.
st_fio_passes() {
	local name=$1 secs=$2 mode=$3 dev=$4 end pass=0 ios=0 lat=0 run i l
	# No verify state files: a pass verifies what it wrote itself.
	local common=(--filename="$dev" --rw=randwrite --size="${ST_MB}M" --numjobs=2
		--offset_increment="${ST_MB}M" --verify=crc32c --verify_fatal=1
		--verify_state_save=0)
	end=$((SECONDS + secs))
	while [ $pass = 0 ] || [ $SECONDS -lt $end ]; do
		pass=$((pass + 1))
		local runs=("$name-$pass")
		if [ "$mode" = direct ]; then
			mq_fio "$name-$pass" "${common[@]}" --direct=1 --randseed="$pass"
		else
			mq_fio "$name-$pass" "${common[@]}" --direct=0 --end_fsync=1 \
				--randseed="$pass"
			mq_fio "$name-$pass-check" "${common[@]}" --direct=1 --verify_only \
				--randseed="$pass"
			runs+=("$name-$pass-check")
		fi
		# A passed run's files go once counted: $MQ_TMP is guest tmpfs,
		# and an hour's passes would fill it with files and inodes that
		# the soak's own memory check would take for a leak. A failed run
		# stops the test before this, its files kept.
		for run in "${runs[@]}"; do
			read -r i l <<<"$(mq_fio_figures "$run")"
			ios=$((ios + i))
			[ "$l" -gt "$lat" ] && lat=$l
			rm -f "$MQ_TMP/$run.json" "$MQ_TMP/$run.log"
		done
		echo "$pass $ios $lat" > "$MQ_TMP/$name.sum"
	done
}

# st_driver_start NAME SCRIPT ARGS: a Python driver in the background,
# its output in $MQ_TMP/NAME.out; returns once it printed "started" (an
# emulated guest takes seconds to start Python).
st_driver_start() {
	local name=$1 out=$MQ_TMP/$1.out i pid
	shift
	"$ST_PYTHON" "$@" > "$out" 2>&1 &
	pid=$!
	echo "$pid" > "$MQ_TMP/$name.pid"
	for i in $(seq 600); do
		[ "$(head -n 1 "$out")" = started ] && return 0
		kill -0 "$pid" 2>/dev/null || fail "$(basename "$1") ended early: $(tail -n 3 "$out")"
		sleep 0.1
	done
	fail "$(basename "$1"): no start in 60 s"
}

# st_driver_stop NAME: stops it (SIGTERM), fails the test unless it ended
# well, and keeps its last line (a JSON summary) in $MQ_TMP/NAME.json.
st_driver_stop() {
	local name=$1 pid rc=0
	pid=$(cat "$MQ_TMP/$name.pid")
	kill -TERM "$pid" 2>/dev/null || true
	wait "$pid" || rc=$?
	[ "$rc" = 0 ] || fail "$name driver: exit status $rc: $(tail -n 3 "$MQ_TMP/$name.out")"
	tail -n 1 "$MQ_TMP/$name.out" > "$MQ_TMP/$name.json"
	jq -e . "$MQ_TMP/$name.json" > /dev/null || fail "$name driver: no summary"
}

# st_path_sum DEV FIELD: a per-path counter of 'mpath stats', summed.
st_path_sum() {
	mqctl mpath stats "$1" --json | jq "[.paths[].$2] | add // 0"
}

# st_mem: "SUNRECLAIM_KB PERCPU_KB FREE_KB", free memory counting the
# per-CPU page lists (mq_free_kb, which drops the caches first).
st_mem() {
	local free
	free=$(mq_free_kb)
	awk -v free="$free" '$1 == "SUnreclaim:" { s = $2 } $1 == "Percpu:" { p = $2 }
		END { print s, p, free }' /proc/meminfo
}

# st_expect_mem_back "BEFORE" "AFTER" WHAT: slab, per-CPU and free memory
# where they started (st_mem figures), within 1 MiB of slab, 64 kB
# per-CPU and 32 MiB of free memory: the per-CPU page lists drift by tens
# of MB on their own, while a store that kept its pages would lose 64 MiB
# or more here (docs/testing.md, "Margins").
st_expect_mem_back() {
	local s0 p0 f0 s1 p1 f1
	read -r s0 p0 f0 <<<"$1"
	read -r s1 p1 f1 <<<"$2"
	report "$3: SUnreclaim $s0 -> $s1 kB, Percpu $p0 -> $p1 kB, free $f0 -> $f1 kB"
	[ $((s1 - s0)) -lt 1024 ] || fail "$3: unreclaimable slab grew by $((s1 - s0)) kB"
	[ $((p1 - p0)) -le 64 ] || fail "$3: per-CPU memory grew by $((p1 - p0)) kB"
	[ $((f0 - f1)) -lt 32768 ] || fail "$3: free memory fell by $((f0 - f1)) kB"
}

# st_storm_setup MODE: a memory-backed namespace with two paths (short IO
# timeout) and an mqpath device over them that probes failed paths every
# 100 ms; MODE buffered also turns queue_if_no_path on. Prints "NS DEV".
st_storm_setup() {
	local mode=$1 ns d0 d1 mp qinp=off
	[ "$mode" = buffered ] && qinp=on
	read -r ns d0 d1 <<<"$(mp_null "$((2 * ST_MB + 16))M" 2 --memory-backed)"
	st_io_timeout "$d0" "$d1"
	mp=$(mp_create --probe-interval 100ms --queue-if-no-path "$qinp")
	mp_add "$mp" "$d0" > /dev/null
	mp_add "$mp" "$d1" > /dev/null
	echo "$ns $mp"
}

# st_storm_run NAME MODE NS DEV SECONDS: fio passes in MODE (st_fio_passes)
# over DEV for SECONDS while storm.py flaps its paths (one at a time in
# MODE direct, any in MODE buffered, where queue_if_no_path is on). Checks
# the outcome and reports the figures.
st_storm_run() {
	local name=$1 mode=$2 ns=$3 mp=$4 secs=$5 id qinp=()
	local passes ios lat steps requeued failovers
	id=$(mp_dev_field "$mp" id)
	[ "$mode" = buffered ] && qinp=(--qinp)
	st_driver_start "$name" "$ST_DIR/storm.py" flap "$ns" "$id" "${qinp[@]}" \
		--timeout-ms "$ST_TIMEOUT_MS" --seed "${MQ_STRESS_SEED:-1}"
	st_fio_passes "$name" "$secs" "$mode" "$mp"
	st_driver_stop "$name"

	read -r passes ios lat < "$MQ_TMP/$name.sum"
	mqctl mpath stats "$mp" --json > "$MQ_TMP/$name.stats"
	local st=$MQ_TMP/$name.stats sj=$MQ_TMP/$name.json stall_max=10000
	steps=$(jq .steps "$sj")
	requeued=$(jq .bios_requeued "$st")
	failovers=$(jq '[.paths[].failovers] | add' "$st")
	report "$name ($mode, ${secs}s): $passes fio passes, $ios IOs, longest stall" \
		"$((lat / 1000000)) ms; $steps storm steps $(jq -c .faults "$sj")," \
		"$(jq .both_at_once "$sj") on both paths at once, $(jq .gate_waits "$sj") waits" \
		"for a live path; mqpath: $failovers failovers, $requeued bios requeued," \
		"$(jq .bios_parked "$st") parked, $(jq '[.paths[].fail_count] | add' "$st") path" \
		"failures, $(jq '[.paths[].probes] | add' "$st") probes, $(jq '[.paths[].ios] | add' "$st") IOs"

	# A step takes 20-200 ms plus its requests: at least one a second
	# even with every other step waiting out a hang.
	[ "$steps" -ge "$secs" ] || fail "only $steps storm steps in ${secs}s"
	if [ "$steps" -ge 20 ]; then
		jq -e '[.faults.failed, .faults.offline, .faults.latency, .faults.hang] | min > 0' \
			"$sj" > /dev/null || fail "a fault kind never ran: $(jq -c .faults "$sj")"
	fi
	if [ "$requeued" -eq 0 ] || [ "$failovers" -eq 0 ]; then
		fail "the storm caused no failover"
	fi
	expect_eq "$(jq .bios_no_path_failed "$st")" 0 "bios failed for want of a path"
	expect_eq "$(jq .bios_parked_now "$st")" 0 "bios still parked"
	# A hang costs the IO timeout (rounded up to a second) and the
	# failover; with queue_if_no_path, hangs on both paths chain and
	# parked IO waits for the prober.
	[ "$mode" = buffered ] && stall_max=15000
	[ "$lat" -lt $((stall_max * 1000000)) ] ||
		fail "an IO took $((lat / 1000000)) ms (bound $stall_max ms)"
	# IO held by the last hang may still fail the path: the prober
	# brings it back.
	mp_wait_path "$mp" 0 live 15
	mp_wait_path "$mp" 1 live 15
}

# st_storm_test MODE: 001 and 002.
st_storm_test() {
	local mode=$1 ns mp
	st_setup
	read -r ns mp <<<"$(st_storm_setup "$mode")"
	st_storm_run "storm-$mode" "$mode" "$ns" "$mp" "$ST_SECONDS"
	mqctl mpath destroy "$mp"
	mqctl null destroy "$ns"
}

# st_churn_round NAME SECONDS: a device over three paths of a memory-backed
# namespace under fio passes (direct) for SECONDS while churn_load.py
# removes and re-adds its paths, switches its selector, and creates and
# destroys other devices over a second namespace; then everything is torn
# down. Checks zero errors and that every change froze the device exactly
# once; reports the freeze statistics.
st_churn_round() {
	local name=$1 secs=$2 a d0 d1 d2 b mp id passes ios lat st sj changes count others
	# Devices not ours (make soak's storm runs beside us): not counted below.
	others=$(mqctl mpath list --json | jq -c '[.[].id]')
	read -r a d0 d1 d2 <<<"$(mp_null "$((2 * ST_MB + 16))M" 3 --memory-backed --uuid "$MP_UUID")"
	read -r b _ <<<"$(mp_null "$((2 * ST_MB + 16))M" 2 --memory-backed --uuid "$MP_UUID")"
	mp=$(mp_create --probe-interval 0)
	id=$(mp_dev_field "$mp" id)
	mp_add "$mp" "$d0" > /dev/null
	mp_add "$mp" "$d1" > /dev/null
	mp_add "$mp" "$d2" > /dev/null

	st_driver_start "$name" "$ST_DIR/churn_load.py" "$id" "$b" \
		--seed "${MQ_STRESS_SEED:-1}"
	st_fio_passes "$name" "$secs" direct "$mp"
	st_driver_stop "$name"

	read -r passes ios lat < "$MQ_TMP/$name.sum"
	st=$MQ_TMP/$name.stats sj=$MQ_TMP/$name.json
	mqctl mpath stats "$mp" --json > "$st"
	changes=$(jq '.adds + .removes + .selector_changes' "$sj")
	count=$(jq .freeze_count "$st")
	report "$name (${secs}s): $(jq .removes "$sj") path removals, $(jq .adds "$sj") adds," \
		"$(jq .selector_changes "$sj") selector switches, $(jq .devices "$sj") devices" \
		"created, written, read back and destroyed; $count freezes, longest" \
		"$(($(jq .freeze_max_ns "$st") / 1000)) us, mean" \
		"$(($(jq .freeze_total_ns "$st") / (count > 0 ? count : 1) / 1000)) us," \
		"$(jq .bios_frozen_waits "$st") submitters waited; fio: $passes passes, $ios IOs," \
		"longest stall $((lat / 1000000)) ms"

	# The three first adds, then one freeze per change of the device.
	expect_eq "$count" $((changes + 3)) "freezes (3 adds + $changes changes)"
	[ "$changes" -ge "$secs" ] || fail "only $changes changes in ${secs}s"
	[ "$(jq .devices "$sj")" -gt 0 ] || fail "no device was created"
	expect_eq "$(jq '.paths | length' "$st")" 3 "paths at the end"
	expect_eq "$(jq .bios_no_path_failed "$st")" 0 "bios failed for want of a path"
	expect_eq "$(mqctl mpath list --json | jq -c --argjson o "$others" '[.[].id] - $o')" \
		"[$id]" "our devices left (churn's own destroyed)"

	mqctl mpath destroy "$mp"
	mqctl null destroy "$a"
	mqctl null destroy "$b"
}
