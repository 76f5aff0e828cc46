#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `make test-kernels` (after make build-kernels): for every kernel of
# ci/kernels.list, run its VM groups (last column) in guests booted on that
# kernel, one kernel after the other, with the modules of build/kmod/<kver>.
# A kernel is skipped, with the reason, when its modules were not built
# (refused or failed in build-kernels) or when its config lacks what the
# guest needs to boot (its root is the host's under an overlay, shared over
# 9p, or over virtiofs for a kernel without 9p such as the cloud kernel;
# virtiofsd must then be installed, and runs as root only). The output
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
	# The guest's root is the host's, shared over 9p, or over virtiofs when
	# the kernel has no 9p (the cloud kernel), under an overlay.
	fs=9p
	for opt in NET_9P NET_9P_VIRTIO 9P_FS; do
		grep -qE "^CONFIG_$opt=[ym]$" "$config" || fs=virtiofs
	done
	missing=
	grep -qE '^CONFIG_OVERLAY_FS=[ym]$' "$config" || missing+=" CONFIG_OVERLAY_FS"
	if [ $fs = virtiofs ] && ! grep -qE '^CONFIG_VIRTIO_FS=[ym]$' "$config"; then
		missing+=" both 9p (CONFIG_NET_9P, CONFIG_NET_9P_VIRTIO, CONFIG_9P_FS) and CONFIG_VIRTIO_FS"
	fi
	if [ -n "$missing" ]; then
		summary+=("$line skipped: its config lacks$missing, which the guest's root needs")
		continue
	fi
	if [ $fs = virtiofs ] && [ ! -x "${MQ_VIRTIOFSD:-/usr/lib/qemu/virtiofsd}" ]; then
		summary+=("$line skipped: no 9p in its config, and virtiofs needs ${MQ_VIRTIOFSD:-/usr/lib/qemu/virtiofsd} (qemu-system-common)")
		continue
	fi
	if [ $fs = virtiofs ] && [ "$(id -u)" != 0 ]; then
		summary+=("$line skipped: no 9p in its config, and virtiofsd (its guest's root) runs as root only")
		continue
	fi
	start=$(date +%s)
	echo "== kernel $name ($kver, root over $fs): $groups"
	# shellcheck disable=SC2086 # the groups are words
	"$root/tests/vm/run" --kernel "$kver" $groups | tee "$out"
	[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
	summary+=("$line $groups: $(tail -n 1 "$out") ($(($(date +%s) - start)) s)")
done < "$here/kernels.list"
echo "== test-kernels"
printf '%s\n' "${summary[@]}"
exit $status
