#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `make build-kernels`: for every kernel of ci/kernels.list, resolve its ABI
# from apt, fetch it into the cache (ci/guest-kernel.sh, which leaves the
# default kernel alone) and build the modules against it into
# build/kmod/<kver>. One line per kernel:
#   ok                    the modules built
#   refused: REASON       kmod/Kbuild refuses the kernel (too old), by design
#   failed: WHAT          anything else; the log is build/kmod/<kver>.log
# Exit status 1 when a kernel failed; a refusal is not a failure.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cache=$("$here/cache-dir.sh")
mkdir -p "$root/build/kmod"
status=0
while read -r name meta _; do
	case "$name" in '' | '#'*) continue ;; esac
	start=$(date +%s)
	kver=$("$here/kernel-abi.sh" --candidate "$meta")
	if [ -z "$kver" ]; then
		printf '%-6s %-28s failed: apt knows no %s (apt-get update?)\n' "$name" - "$meta"
		status=1
		continue
	fi
	log=$root/build/kmod/$kver.log
	if ! "$here/guest-kernel.sh" "$kver" > "$log" 2>&1; then
		printf '%-6s %-28s failed: fetching it: %s\n' "$name" "$kver" "$(tail -n 1 "$log")"
		status=1
		continue
	fi
	# No modules from an earlier build may outlive a refusal or a failure:
	# make test-kernels boots every kernel that has them.
	rm -f "$root/build/kmod/$kver/"*.ko
	if make -C "$root" --no-print-directory kmod KVER="$kver" \
		KDIR="$cache/kernels/$kver/build" >> "$log" 2>&1; then
		result=ok
	elif reason=$(sed -n 's/.*\*\*\* unsupported kernel [^:]*: \(.*\)\.  Stop\.$/\1/p' "$log") &&
		[ -n "$reason" ]; then
		result="refused: $reason"
	else
		result="failed: $(grep -m 1 -E 'error:|\*\*\*' "$log" || tail -n 1 "$log") (see $log)"
		status=1
	fi
	printf '%-6s %-28s %s (%d s)\n' "$name" "$kver" "$result" $(($(date +%s) - start))
done < "$here/kernels.list"
exit $status
