# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# Helpers for the mqctl group, sourced by its tests inside test():
#   source "$MQ_ROOT/tests/vm/mqctl/lib.sh"

MC_EXAMPLES=$MQ_ROOT/userspace/mqctl/examples

# mc_run ARGS...: runs mqctl; sets RC, OUT and ERR (stdout and stderr
# without their last newline).
mc_run() {
	RC=0
	mqctl "$@" > "$MQ_TMP/mc.out" 2> "$MQ_TMP/mc.err" || RC=$?
	OUT=$(cat "$MQ_TMP/mc.out")
	ERR=$(cat "$MQ_TMP/mc.err")
}

# mc_expect WHAT RC STDOUT STDERR -- ARGS...: mqctl ARGS exits with RC and
# prints exactly STDOUT and STDERR.
mc_expect() {
	local what=$1 rc=$2 out=$3 err=$4
	shift 5
	mc_run "$@"
	expect_eq "$ERR" "$err" "$what: stderr"
	expect_eq "$OUT" "$out" "$what: stdout"
	expect_eq "$RC" "$rc" "$what: exit status"
}

# mc_state: everything both modules report, to compare before and after.
# What follows the mqpath paths' states is not apply's either: the checker
# fails and reinstates a path, on its own clock, when a test makes its disk
# drift.
mc_state() {
	mqctl null show --json
	mq_mpath_show_timeless | jq 'def apart: del(.nr_live_paths,
		.active_priority, .queueing, .paths[]?.state, .paths[]?.reason);
		if type == "array" then map(apart) else apart end'
}

# mc_clean: destroys every device, then every namespace.
mc_clean() {
	local id
	for id in $(mqctl mpath list --json | jq -r '.[].id'); do
		mqctl mpath destroy "$id"
	done
	for id in $(mqctl null list --json | jq -r '.[].id'); do
		mqctl null destroy "$id"
	done
}
