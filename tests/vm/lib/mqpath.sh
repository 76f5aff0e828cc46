# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# Helpers for tests of mqpath devices (the mqpath and stress groups),
# sourced by a test inside test():
#   source "$MQ_ROOT/tests/vm/lib/mqpath.sh"

# mp_setup: loads both modules and makes sure that background jobs (fio,
# mqctl monitor) are gone when the test ends, so the modules can unload.
mp_setup() {
	trap mp_cleanup EXIT
	mq_load mqnull
	mq_load mqpath
}

mp_cleanup() {
	local pids
	pids=$(jobs -p)
	if [ -n "$pids" ]; then
		kill $pids 2>/dev/null
		wait 2>/dev/null
	fi
	return 0
}

# mp_null SIZE PATHS [mqctl null create options]: creates a namespace and
# prints "ID DISK0 DISK1 ...".
mp_null() {
	local size=$1 paths=$2 json
	shift 2
	json=$(mqctl null create --size "$size" --paths "$paths" --json "$@") ||
		fail "mqctl null create --size $size --paths $paths $* failed"
	echo "$(jq -r .id <<<"$json") $(jq -r '[.paths[].disk] | join(" ")' <<<"$json")"
}

# One unique id for namespaces that a test makes stand for the same storage
# (mp_null ... --uuid "$MP_UUID"): mqpath refuses paths whose ids differ.
MP_UUID=3d1f6c2e-5a4b-4e8f-9b70-1c2d3e4f5a6b

# mp_create [mqctl mpath create options]: prints the new /dev/mqpathN.
mp_create() {
	mqctl mpath create "$@" || fail "mqctl mpath create $* failed"
}

# mp_add DEV DISK [options]: adds a path, prints its id.
mp_add() {
	mqctl mpath path add "$@" || fail "mqctl mpath path add $* failed"
}

# mp_path_field DEV PATH_ID FIELD: a field of the path in 'mpath show'.
mp_path_field() {
	mqctl mpath show "$1" --json |
		jq -r ".paths[] | select(.id == $2) | .$3"
}

# mp_path_stat DEV PATH_ID FIELD: a path counter from 'mpath stats'.
mp_path_stat() {
	mqctl mpath stats "$1" --json |
		jq -r ".paths[] | select(.id == $2) | .$3"
}

# mp_stat DEV FIELD: a device counter from 'mpath stats'.
mp_stat() {
	mqctl mpath stats "$1" --json | jq -r ".$2"
}

# mp_dev_field DEV FIELD: a device field from 'mpath show'.
mp_dev_field() {
	mqctl mpath show "$1" --json | jq -r ".$2"
}

# mp_wait_path DEV PATH_ID STATE [SECONDS]: waits for a path state.
mp_wait_path() {
	local dev=$1 id=$2 want=$3 secs=${4:-10} i state
	for ((i = 0; i < secs * 10; i++)); do
		state=$(mp_path_field "$dev" "$id" state)
		[ "$state" = "$want" ] && return 0
		sleep 0.1
	done
	fail "path $id of $dev is '$state', not '$want', after ${secs}s"
}

# mp_wait_io DEV [SECONDS]: waits until fio's IO reaches DEV's paths. A
# test that fails paths under fio waits for this rather than a fixed time:
# fio can take tens of seconds to start on a debug guest beside other
# guests, and a path failed before fio's first IO tests nothing under IO. The kernel's
# partition scan of a new device reads the paths too, a few dozen times:
# 1,000 IOs are fio's.
mp_wait_io() {
	local dev=$1 secs=${2:-180} end n
	end=$((SECONDS + secs))
	while :; do
		n=$(mqctl mpath stats "$dev" --json | jq '[.paths[].ios] | add // 0')
		[ "$n" -gt 1000 ] && return 0
		[ "$SECONDS" -lt "$end" ] || fail "fio's IO did not reach the paths of $dev in ${secs}s ($n IOs)"
		sleep 0.1
	done
}

# mp_wait_stat DEV FIELD MIN [SECONDS]: waits until a device counter >= MIN.
mp_wait_stat() {
	local dev=$1 field=$2 min=$3 secs=${4:-10} i v
	for ((i = 0; i < secs * 10; i++)); do
		v=$(mp_stat "$dev" "$field")
		[ "$v" -ge "$min" ] && return 0
		sleep 0.1
	done
	fail "$field of $dev is $v, not >= $min, after ${secs}s"
}

# fio on mqpath devices runs through lib/fio.sh (mq_fio) with direct IO.
# Jobs that write add MP_VERIFY: crc32c verification of everything written.
# Writing jobs that run as several processes need --offset_increment, so
# that none verifies blocks another one overwrote.
MP_VERIFY=(--verify=crc32c --verify_fatal=1)
# How much a job that writes the whole of its area and then verifies it
# covers: the debug kernel runs IO some 60 times slower. Enough that a
# job is still running a few seconds in, when tests fail its paths.
MP_VERIFY_MB=64
[ "${MQ_DEBUG_KERNEL:-0}" = 1 ] && MP_VERIFY_MB=16

# mp_devt DISK: MAJ:MIN of a block device.
mp_devt() {
	local t
	t=$(stat -L -c '%t %T' "$1") || fail "no such disk $1"
	set -- $t
	echo "$((16#$1)):$((16#$2))"
}

# mp_uevents FILE: starts the uevent listener (uevents.py) in the
# background, printing into FILE, and waits until it listens: its first
# line is "ready". Python's start takes seconds on the debug kernel, over
# 30 s on a loaded host.
mp_uevents() {
	local i n=300
	[ "${MQ_DEBUG_KERNEL:-0}" = 1 ] && n=3000
	: > "$1"
	python3 -S "$MQ_ROOT/tests/vm/lib/uevents.py" >> "$1" &
	for ((i = 0; i < n; i++)); do
		[[ $(< "$1") == ready* ]] && return 0
		read -rt 0.1 <> <(:) || true
	done
	fail "the uevent listener did not start"
}
