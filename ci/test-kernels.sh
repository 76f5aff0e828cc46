#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `make test-kernels` (after make build-kernels): for every kernel of
# ci/kernels.list, run its VM groups (last column) in guests booted on that
# kernel, one kernel after the other, with the modules of build/kmod/<kver>.
# A kernel is skipped, with the reason, when its modules were not built
# (refused or failed in build-kernels) or when its config lacks what the
# guest needs to boot (its root is a 9p share under an overlay). The output
# of each run, then one summary line per kernel; exit status 1 when a test
# failed on any kernel.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cache=$("$here/cache-dir.sh")
summary=()
status=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
while read -r name meta groups; do
	case "$name" in '' | '#'*) continue ;; esac
	kver=$("$here/kernel-abi.sh" --candidate "$meta")
	config=$cache/kernels/$kver/root/boot/config-$kver
	line=$(printf '%-6s %-28s' "$name" "${kver:--}")
	if [ -z "$kver" ] || [ ! -f "$root/build/kmod/$kver/mqpath.ko" ]; then
		summary+=("$line skipped: no modules built for it (make build-kernels says why)")
		continue
	fi
	missing=
	for opt in NET_9P NET_9P_VIRTIO 9P_FS OVERLAY_FS; do
		grep -qE "^CONFIG_$opt=[ym]$" "$config" || missing+=" CONFIG_$opt"
	done
	if [ -n "$missing" ]; then
		summary+=("$line skipped: its config lacks$missing, which the guest's 9p root needs")
		continue
	fi
	start=$(date +%s)
	echo "== kernel $name ($kver): $groups"
	# shellcheck disable=SC2086 # the groups are words
	"$root/tests/vm/run" --kernel "$kver" $groups | tee "$out"
	[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
	summary+=("$line $groups: $(tail -n 1 "$out") ($(($(date +%s) - start)) s)")
done < "$here/kernels.list"
echo "== test-kernels"
printf '%s\n' "${summary[@]}"
exit $status
