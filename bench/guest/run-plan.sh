#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Runs one boot's share of a benchmark sweep inside the guest: the plan file
# that `mqbench run` wrote (host tree, read-only here) names the targets in
# order, each followed by its points. For each target it sources
# bench/targets/lib.sh and the target's script, runs setup (which prints the
# device), runs fio once per point through the guests' fio runner
# (tests/vm/lib/fio.sh: a JSON report, and its rule for whether the run
# passed), and tears the target down. Everything the host needs is printed
# on stdout as lines that start with "@@mqb "; anything else is kept in the
# boot's log only.
#
#   run-plan.sh PLAN
#
# Plan lines (fields never contain spaces):
#   fio_slack SECONDS   how long past runtime + ramp a fio run may take
#   target NAME SCRIPT [KEY=VALUE...]
#   point SEQ RW RWMIXREAD BS IODEPTH NUMJOBS RUNTIME RAMP
set -uo pipefail

plan=$1
lib=$(cd "$(dirname "$0")/../targets" && pwd)/lib.sh
work=$(mktemp -d /tmp/mqb.XXXXXX)
# The fio runner keeps its reports and logs here.
MQ_TMP=$work
vcpus=$(nproc)
fio_slack=120

emit() {
	echo "@@mqb $*"
}

# The guest's clock (a log line): under icount it is the instruction count.
clock() {
	local up _
	read -r up _ < /proc/uptime
	echo "# guest uptime $up s: $*"
}

# Prints a file's lines as log lines ("# ..."), which the host ignores.
log_file() {
	[ -s "$1" ] && sed "s/^/# $2: /" "$1"
	return 0
}

# shellcheck source=tests/vm/lib/fio.sh
source "$(dirname "$0")/../../tests/vm/lib/fio.sh"
# shellcheck source=bench/guest/lock_count.sh
source "$(dirname "$0")/lock_count.sh"
# shellcheck source=bench/guest/sharing_count.sh
source "$(dirname "$0")/sharing_count.sh"

one_line() {
	tr '\n\r\t' '   ' | sed 's/  */ /g; s/^ //; s/ $//' | cut -c1-300
}

run_point() {
	local seq=$1 rw=$2 mix=$3 bs=$4 qd=$5 jobs=$6 runtime=$7 ramp=$8 dev=$9
	local args=("--filename=$dev" --direct=1 "--ioengine=${FIO_IOENGINE:-libaio}"
		"--rw=$rw" "--bs=$bs" "--iodepth=$qd" "--numjobs=$jobs" "--runtime=$runtime" --time_based
		--group_reporting --lat_percentiles=1)
	[ "${FIO_HIPRI:-0}" = 1 ] && args+=(--hipri)
	[ "$mix" != - ] && args+=("--rwmixread=$mix")
	[ "$ramp" != 0 ] && args+=("--ramp_time=$ramp")
	clock "point $seq begin"
	emit point "$seq" begin
	declare -F during_start > /dev/null && during_start "$dev" > "$work/during.log" 2>&1
	local rc=0 failed
	(MQ_FIO_TIMEOUT=$((runtime + ramp + fio_slack)) mq_fio_exec mqbench "${args[@]}") || rc=$?
	failed=$(mq_fio_verdict mqbench "$rc" | one_line)
	declare -F during_stop > /dev/null && during_stop >> "$work/during.log" 2>&1
	log_file "$work/during.log" during
	emit fio-begin "$seq"
	cat "$work/mqbench.json" 2> /dev/null
	echo
	# The runner's verdict, after the status: empty when the run passed.
	emit fio-end "$seq" "rc=$rc" ${failed:+"$failed"}
	if [ -s "$work/mqbench.log" ]; then
		log_file "$work/mqbench.log" fio
		emit note "$seq" "$(tail -n 2 "$work/mqbench.log" | one_line)"
	fi
	if declare -F extra_stats > /dev/null; then
		extra_stats "$dev" 2> /dev/null | while IFS= read -r kv; do
			[[ "$kv" == *=* ]] && emit extra "$seq" "$kv"
		done
	fi
	lock_count "$seq" "$dev" "${args[@]}"
	sharing_count "$seq" "$dev" "${args[@]}"
	emit point "$seq" end
	clock "point $seq end"
}

# Runs one target block: NAME SCRIPT KEY=VALUE... then its point lines.
run_target() {
	local mqb_name=$1 mqb_script=$2
	shift 2
	local mqb_state=$work/state-$mqb_name
	# A target runs once per round: each starts from an empty state folder.
	rm -rf "$mqb_state"
	mkdir -p "$mqb_state"
	(
		export MQB_STATE=$mqb_state MQB_VCPUS=$vcpus
		local mqb_kv
		for mqb_kv in $target_env; do
			export "${mqb_kv?}"
		done
		# shellcheck source=bench/targets/lib.sh
		source "$lib"
		if [ ! -r "$mqb_script" ]; then
			emit target "$mqb_name" skip "no target script $mqb_script"
			exit 0
		fi
		# shellcheck disable=SC1090
		source "$mqb_script"
		clock "target $mqb_name setup"
		emit target "$mqb_name" setup
		local mqb_rc=0
		(setup) > "$mqb_state/setup.out" 2> "$mqb_state/setup.err" || mqb_rc=$?
		log_file "$mqb_state/setup.err" "$mqb_name setup"
		local mqb_dev mqb_reason
		mqb_dev=$(tail -n 1 "$mqb_state/setup.out")
		if [ $mqb_rc -eq 0 ] && [ ! -b "$mqb_dev" ]; then
			echo "setup printed '$mqb_dev', which is not a block device" > "$mqb_state/skip-reason"
			mqb_rc=1
		fi
		if [ $mqb_rc -ne 0 ]; then
			mqb_reason=$(one_line < "$mqb_state/skip-reason" 2> /dev/null)
			[ -n "$mqb_reason" ] || mqb_reason=$(tail -n 2 "$mqb_state/setup.err" | one_line)
			[ -n "$mqb_reason" ] || mqb_reason="setup exited with status $mqb_rc"
			[ $mqb_rc -eq 77 ] || mqb_reason="setup failed: $mqb_reason"
			emit target "$mqb_name" skip "$mqb_reason"
			teardown > "$mqb_state/teardown.log" 2>&1
			log_file "$mqb_state/teardown.log" "$mqb_name teardown"
			exit 0
		fi
		emit target "$mqb_name" ready "$mqb_dev"
		local mqb_line
		for mqb_line in "${points[@]}"; do
			# shellcheck disable=SC2086
			run_point $mqb_line "$mqb_dev"
		done
		mqb_rc=0
		teardown > "$mqb_state/teardown.log" 2>&1 || mqb_rc=$?
		log_file "$mqb_state/teardown.log" "$mqb_name teardown"
		emit target "$mqb_name" end "rc=$mqb_rc"
		clock "target $mqb_name end"
	)
}

emit guest "kernel=$(uname -r)" "vcpus=$vcpus" "fio=$(fio --version 2> /dev/null)"

target_line='' target_env='' points=()
flush() {
	if [ -n "$target_line" ]; then
		# shellcheck disable=SC2086
		run_target $target_line
	fi
	target_line='' target_env='' points=()
}
while read -r kind rest; do
	case "$kind" in
	fio_slack) fio_slack=$rest ;;
	target)
		flush
		read -r t_name t_script t_env <<< "$rest"
		target_line="$t_name $t_script"
		target_env=${t_env:-}
		;;
	point) points+=("$rest") ;;
	esac
done < "$plan"
flush
clock "plan done"
emit 'done'
rm -rf "$work"
