# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# Helpers shared by the mqnull tests (sourced from test(); not a test).

# This folder, for the helper programs next to the tests.
MQN_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# fio options that keep going through the errors mqnull injects and count
# them: EIO (failed, error ppm), ENOLINK (offline), ETIMEDOUT (hang).
MQN_FIO_ERRS=(--continue_on_error=all '--ignore_error=5:67:110,5:67:110')

# The debug kernel (KASAN, lockdep) spends milliseconds of its own on each
# IO and does some 1,500 IOPS in all: upper bounds on latency grow tenfold
# there (still far below a unit mistake, which would be 1000x), and the
# IOPS limit tested must be one it can exceed.
MQN_LAT_SLACK=1
MQN_IOPS_LIMIT=500
if [ "${MQ_DEBUG_KERNEL:-0}" = 1 ]; then
	MQN_LAT_SLACK=10
	MQN_IOPS_LIMIT=100
fi

# mqn_create ARGS...: create a namespace, print its id. The JSON reply is
# kept in $MQ_TMP/ns<ID>.json.
mqn_create() {
	local json id
	json=$(mqctl null create --json "$@") || fail "mqctl null create $* failed"
	id=$(jq -r .id <<< "$json")
	[[ $id =~ ^[0-9]+$ ]] || fail "mqctl null create $*: no id in $json"
	echo "$json" > "$MQ_TMP/ns$id.json"
	echo "$id"
}

# mqn_disk ID PATH: the path's /dev node.
mqn_disk() {
	mqctl null show "$1" --json | jq -r ".paths[$2].disk"
}

# mqn_stat ID PATH FIELD: one counter of one path.
mqn_stat() {
	mqctl null stats "$1" "$2" --json | jq -r ".paths[0].$3"
}

# mqn_fio NAME ARGS...: direct IO through lib/fio.sh's mq_fio_run, whose
# exit status is ignored: tests check the error counts of its report.
mqn_fio() {
	local name=$1
	shift
	mq_fio_run "$name" --direct=1 "$@" || true
	[ -s "$MQ_TMP/$name.json" ] || fail "fio $name produced no report: $(tail -3 "$MQ_TMP/$name.log")"
}

# mqn_fio_get NAME JQ-EXPR: a field of job 0 of a fio report.
mqn_fio_get() {
	mq_fio_json "$1" | jq -r ".jobs[0].$2"
}

# mqn_wait_inflight ID PATH N: wait (20 s at most) until the path holds N IOs.
mqn_wait_inflight() {
	local i
	for i in $(seq 200); do
		[ "$(mqn_stat "$1" "$2" inflight)" = "$3" ] && return 0
		sleep 0.1
	done
	fail "path $2 of namespace $1 never had $3 IOs in flight (has $(mqn_stat "$1" "$2" inflight))"
}

# expect_between VALUE LO HI WHAT (numbers, may be fractional)
expect_between() {
	awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v >= lo && v <= hi) }' ||
		fail "$4: $1 is not within [$2, $3]"
}

# mqn_load: load mqnull unless the driver already did (REQUIRES_MODULES).
mqn_load() {
	grep -q '^mqnull ' /proc/modules || mq_load mqnull
}
