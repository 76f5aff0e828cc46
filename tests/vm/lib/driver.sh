#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Runs one group's tests one after another and prints one result line per
# test ("NAME [pass|fail|skip] SECONDS  DESCRIPTION"), which tests/vm/run
# reads. Usage: driver.sh [--host] GROUP_DIR [TEST_FILE...]
# Inside the guest (the default) it also unloads what each test left loaded
# and checks the kernel log each test wrote. With --host it runs a HOST=1
# group on the host, whose tests boot guests of their own.
set -uo pipefail

on_host=0
if [ "${1:-}" = --host ]; then
	on_host=1
	shift
fi

group_dir=$1
shift
group=$(basename "$group_dir")
lib=$(cd "$(dirname "$0")" && pwd)
tests=("$@")
if [ ${#tests[@]} -eq 0 ]; then
	mapfile -t tests < <(find "$group_dir" -maxdepth 1 -type f -name '[0-9][0-9][0-9]*' | sort)
fi

failed=0
work=$(mktemp -d /tmp/mqtest.XXXXXX)
# Every test's whole output is kept in the runner's log folder, which
# tests/vm/run names in MQ_TEST_LOGS: a guest writes it to /run/mqvm, which
# mqvm copies there (--log-dir); on the host it goes there directly. A
# failure's report shows only its last lines.
shown_logs=${MQ_TEST_LOGS:-}
keep_logs=$shown_logs
[ $on_host = 0 ] && keep_logs=
[ $on_host = 0 ] && [ -n "$shown_logs" ] && [ -w /run/mqvm ] && keep_logs=/run/mqvm/test-logs
[ -n "$keep_logs" ] && mkdir -p "$keep_logs"
# The driver's own output, for report() (common.sh): tests write figures
# there as they run, besides their output that only a failure shows.
exec {MQ_REPORT_FD}>&1
export MQ_REPORT_FD

loaded_modules() {
	awk '{ print $1 }' /proc/modules | sort
}

# Modules a test left loaded are removed, newest first, so that the next
# test starts from the same state.
unload_new_modules() {
	local before=$1 mod tries
	for tries in 1 2 3; do
		for mod in $(comm -13 "$before" <(loaded_modules) | tac); do
			rmmod "$mod" 2>/dev/null
		done
	done
	comm -13 "$before" <(loaded_modules)
}

# The part of the kernel log written since MARKER.
log_since() {
	dmesg | awk -v m="$1" 'found { print } index($0, m) { found = 1 }'
}

# A test whose task the kernel reports as hung never comes back, and the
# serial console (loglevel 5) shows only the report's first line. Once the
# kernel log since MARKER has such a report, the stacks of every blocked
# task go into the test's log LOG, which is already in the runner's log
# folder when the guest is killed at the group's timeout.
watch_hung_tasks() {
	local marker=$1 log=$2
	while sleep 15; do
		log_since "$marker" | grep -q 'blocked for more than' || continue
		echo w > /proc/sysrq-trigger
		sleep 2
		{
			echo "--- the kernel reported a hung task; its log since the test began, with every blocked task's stack ---"
			log_since "$marker"
		} >> "$log"
		return
	done
}

for file in "${tests[@]}"; do
	name="$group/$(basename "$file")"
	dir="$work/$(basename "$file")"
	mkdir -p "$dir/tmp"
	verdict="$dir/verdict"
	description=$(bash -c 'source "$1" >/dev/null 2>&1; echo "${DESCRIPTION:-}"' _ "$file")
	if [ $on_host = 0 ]; then
		loaded_modules > "$dir/modules.before"
		marker="mqtest: begin $name $RANDOM$RANDOM"
		echo "$marker" > /dev/kmsg
	fi

	# The output goes straight to the kept log, so a test that hangs the
	# guest still leaves it.
	log=$dir/log
	[ -n "$keep_logs" ] && log=$keep_logs/$(basename "$file").log
	watcher=
	if [ $on_host = 0 ]; then
		watch_hung_tasks "$marker" "$log" &
		watcher=$!
	fi
	start=$(date +%s.%N)
	(
		set -euo pipefail
		export MQ_TMP="$dir/tmp" MQ_VERDICT="$verdict" MQ_TEST="$name"
		# On the host, a test's guests keep their run folders in its own
		# scratch folder: mq_qemu_left finds its QEMUs and no one else's.
		[ $on_host = 0 ] || export TMPDIR="$MQ_TMP"
		cd "$MQ_TMP"
		# shellcheck source=common.sh
		source "$lib/common.sh"
		REQUIRES_MODULES=() REQUIRES_TOOLS=() REQUIRES_VCPUS=1 DEBUG_KERNEL=quick
		# shellcheck disable=SC1090
		source "$file"
		[ "${MQ_DEBUG_KERNEL:-0}" = 1 ] && [ "$DEBUG_KERNEL" = skip ] &&
			skip "not run on the debug kernel"
		for m in "${REQUIRES_MODULES[@]}"; do
			mq_module_available "$m" || skip "module $m is not available"
		done
		for t in "${REQUIRES_TOOLS[@]}"; do
			command -v "$t" >/dev/null || skip "tool $t is not installed"
		done
		[ "$(nproc)" -ge "$REQUIRES_VCPUS" ] ||
			skip "needs $REQUIRES_VCPUS vCPUs, guest has $(nproc)"
		test
	) > "$log" 2>&1
	rc=$?
	secs=$(echo "$(date +%s.%N) - $start" | bc)
	reason=$(cat "$verdict" 2>/dev/null)

	if [ $on_host = 0 ]; then
		leftover=$(unload_new_modules "$dir/modules.before")
		if [ $rc -eq 0 ] && [ -n "$leftover" ]; then
			rc=1 reason="modules could not be unloaded: $(echo $leftover)"
		fi
		if [ $rc -ne 77 ] && ! log_since "$marker" | mqbench check-log - > "$dir/logcheck"; then
			rc=1 reason="kernel log: $(sed -n 2p "$dir/logcheck" | sed 's/^ *//')"
			cat "$dir/logcheck" >> "$log"
		fi
	fi
	# Watched until here: the unloading above can hang too.
	if [ -n "$watcher" ]; then
		kill "$watcher" 2>/dev/null
		wait "$watcher" 2>/dev/null
	fi

	case $rc in
	0) status=pass ;;
	77) status=skip ;;
	*) status=fail failed=1 ;;
	esac
	printf '%s [%s] %.1fs  %s\n' "$name" "$status" "$secs" "$description"
	if [ "$status" != pass ]; then
		[ -n "$reason" ] || reason="exit status $rc"
		echo "    reason: $reason"
	fi
	if [ "$status" = fail ]; then
		if [ -n "$keep_logs" ]; then
			echo "    --- last lines of its output (all: $shown_logs/$(basename "$file").log) ---"
		else
			echo "    --- last lines of its output ---"
		fi
		tail -n 40 "$log" | sed 's/^/    | /'
	fi
done

# kmemleak (debug kernel): scan now so the runner's report covers this group.
if [ $on_host = 0 ] && [ -w /sys/kernel/debug/kmemleak ]; then
	echo scan > /sys/kernel/debug/kmemleak
	echo scan > /sys/kernel/debug/kmemleak
fi
rm -rf "$work"
exit $failed
