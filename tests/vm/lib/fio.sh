# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# The guests' one fio runner: every run writes a JSON report, and one rule
# says whether it passed. Sourced by common.sh, so every test has it, and by
# the benchmark's guest scripts (bench/guest/), which run their own options
# through mq_fio_exec and send mq_fio_verdict's answer to the host.
#
#   mq_fio NAME [fio options]       runs fio, fails the test unless it passed
#   mq_fio_run NAME [fio options]   runs fio and returns its exit status, for
#                                   tests that count the errors they inject
#   mq_fio_bg NAME [fio options]    the same in the background (FIO_PID)
#   mq_fio_wait NAME                collects a background run
#   mq_fio_running NAME             is a background run still running?
#   mq_fio_stop NAME                ends a time-based one early and collects it
#   mq_fio_figures NAME             "IOS MAX_LATENCY_NS" of a finished run
#   mq_fio_errno NAME               the error a finished run ended with (0:
#                                   none; 5: EIO ...), the largest of its jobs'
#   mq_fio_json NAME                the report of a finished run, for jq
#   mq_fio_exec NAME [fio options]  execs fio with the options given and no
#                                   others but the report's (call it in a
#                                   subshell); MQ_FIO_TIMEOUT=SECONDS bounds it
#   mq_fio_verdict NAME STATUS      the rule: prints why a finished run failed
#                                   and returns 1, or returns 0
#
# The report is $MQ_TMP/NAME.json, fio's other output $MQ_TMP/NAME.log.
# A run passed when fio exited 0 (or 128 after mq_fio_stop's SIGINT),
# wrote its report, counted no error in any job and printed no verify
# failure.

# Options of every test's run: the kernel's clock (fio's TSC clock,
# calibrated at start, runs some 0.3% off it under TCG), libaio, 4k. mq_fio
# and mq_fio_bg add MQ_FIO_LOAD: queue depth 16, one report for all jobs.
# Options on the command line come after these and override them. The
# benchmark passes its own (the same on every target it compares).
MQ_FIO_BASE=(--clocksource=clock_gettime --ioengine=libaio --bs=4k)
MQ_FIO_LOAD=(--iodepth=16 --group_reporting)

mq_fio() {
	local name=$1 rc=0
	shift
	(mq_fio_exec "$name" "${MQ_FIO_BASE[@]}" "${MQ_FIO_LOAD[@]}" "$@") || rc=$?
	mq_fio_check "$name" "$rc"
}

mq_fio_run() {
	local name=$1
	shift
	(mq_fio_exec "$name" "${MQ_FIO_BASE[@]}" "$@")
}

mq_fio_bg() {
	local name=$1
	shift
	mq_fio_exec "$name" "${MQ_FIO_BASE[@]}" "${MQ_FIO_LOAD[@]}" "$@" &
	FIO_PID=$!
	echo "$FIO_PID" > "$MQ_TMP/$name.fio.pid"
}

mq_fio_wait() {
	local pid rc=0
	pid=$(cat "$MQ_TMP/$1.fio.pid")
	wait "$pid" || rc=$?
	mq_fio_check "$1" "$rc"
}

# mq_fio_running NAME: is the background fio NAME (mq_fio_bg) still running?
mq_fio_running() {
	kill -0 "$(cat "$MQ_TMP/$1.fio.pid")" 2> /dev/null
}

mq_fio_stop() {
	local pid rc=0
	pid=$(cat "$MQ_TMP/$1.fio.pid")
	kill -INT "$pid" 2> /dev/null || true
	wait "$pid" || rc=$?
	# fio ends with 128 when interrupted.
	[ "$rc" -eq 128 ] && rc=0
	mq_fio_check "$1" "$rc"
}

mq_fio_figures() {
	jq -r '[([.jobs[] | .read.total_ios + .write.total_ios] | add),
		([.jobs[] | .read.lat_ns.max, .write.lat_ns.max] | max)] | @tsv' \
		"$MQ_TMP/$1.json"
}

mq_fio_errno() {
	mq_fio_json "$1" | jq '[.jobs[].error] | max'
}

# Stopped, fio says so before its report: the JSON only.
mq_fio_json() {
	sed -n '/^{/,$p' "$MQ_TMP/$1.json"
}

mq_fio_exec() {
	local name=$1 limit=()
	shift
	[ -n "${MQ_FIO_TIMEOUT:-}" ] && limit=(timeout -k 10 "$MQ_FIO_TIMEOUT")
	exec "${limit[@]}" fio --name="$name" --output-format=json --output="$MQ_TMP/$name.json" \
		"$@" > "$MQ_TMP/$name.log" 2>&1
}

# Leaves the report's JSON alone in its file (fio puts a line before it
# when stopped), for the tests and the host that read it.
mq_fio_verdict() {
	local name=$1 rc=$2 err
	if grep -qiE 'verify|bad magic|bad header' "$MQ_TMP/$name.log"; then
		echo "verify failed"
		return 1
	fi
	if [ ! -s "$MQ_TMP/$name.json" ]; then
		echo "wrote no report (exit status $rc): $(tail -n 3 "$MQ_TMP/$name.log" | tr '\n' ' ')"
		return 1
	fi
	mq_fio_json "$name" > "$MQ_TMP/$name.json.tmp"
	mv "$MQ_TMP/$name.json.tmp" "$MQ_TMP/$name.json"
	err=$(jq '[.jobs[] | .error, .total_err] | add' "$MQ_TMP/$name.json" 2> /dev/null) ||
		err="an unreadable report"
	if [ "$rc" -ne 0 ] || [ "$err" != 0 ]; then
		echo "exit status $rc, errors reported ($err)"
		return 1
	fi
}

mq_fio_check() {
	local name=$1 rc=$2 why
	why=$(mq_fio_verdict "$name" "$rc") && return 0
	tail -n 20 "$MQ_TMP/$name.log" >&2
	fail "fio $name: $why"
}
