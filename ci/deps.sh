#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Install what mqpath needs on Debian bookworm. Idempotent: when everything
# is present it only checks and returns, as any user; root is needed only
# when a package must be installed.
#
# It adds packages and never removes, replaces or upgrades one the host
# has: apt runs with --no-remove and no package is upgraded on purpose. The
# guest kernel (image, modules, headers) is not installed at all: it is
# downloaded and unpacked into the project's cache (ci/guest-kernel.sh), so
# /boot, /lib/modules and a signed kernel package are left alone.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

# What each package is for is written next to it, so it can be dropped with
# confidence once nothing needs it.
packages=(
	build-essential cmake ninja-build pkg-config   # toolchain
	clang-format clang-tidy                        # C++ style and lint
	libgtest-dev libgmock-dev                      # unit tests
	libnl-3-dev libnl-genl-3-dev                   # netlink client (mqctl)
	nlohmann-json3-dev libcli11-dev libfmt-dev     # JSON, CLI, formatting
	libyaml-cpp-dev                                # YAML set-up files (mqctl apply)
	qemu-system-x86 busybox-static cpio xz-utils zstd # guest runner
	fio kmod dmsetup iproute2 procps bc jq python3 # guest workloads and tests
	fdisk                                          # sfdisk: partitions in VM tests
	gnuplot-nox                                    # benchmark plots
	sparse                                         # make C=1
	linux-perf                                     # profiles in the guest
	bison flex libelf-dev libssl-dev dwarves rsync # debug-kernel build
	linux-source-6.12                              # debug kernel, checkpatch, YNL generator
	python3-yaml                                   # YNL generator (make check-ynl)
	debhelper dh-dkms dkms                         # make deb (mqpath-dkms, mqpath-tools)
	scdoc                                          # man pages (make man)
)

# One dpkg-query for all of them: it reads dpkg's whole database each time.
missing() {
	# dpkg-query fails when it has never heard of one of them: that one
	# is missing too, not an error.
	{ dpkg-query -W -f='${Package} ${Status}\n' "$@" 2>/dev/null || true; } |
		awk -v want="$*" '$NF == "installed" { ok[$1] = 1 }
		END { n = split(want, w, " "); for (i = 1; i <= n; i++) if (!ok[w[i]]) print w[i] }'
}

root=false
[ "$(id -u)" -eq 0 ] && root=true

todo=$(missing "${packages[@]}")
if [ -n "$todo" ]; then
	if ! $root; then
		echo "make deps: these Debian packages are missing:" $todo >&2
		echo "make deps: run 'sudo make deps' once to install them" >&2
		exit 1
	fi
	echo "make deps: installing:" $todo
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends --no-remove $todo
fi

# The ABI comes from the meta-package apt offers, never a written-down one;
# with no package lists (or no network) the one already cached is used.
kver=$("$here/kernel-abi.sh" --candidate)
if [ -z "$kver" ] && $root; then
	apt-get update -q
	kver=$("$here/kernel-abi.sh" --candidate)
fi
[ -n "$kver" ] || kver=$("$here/kernel-abi.sh")
if [ -z "$kver" ]; then
	echo "make deps: apt knows no linux-headers-6.12-amd64 and no guest kernel is cached;" \
		"run 'sudo apt-get update' first" >&2
	exit 1
fi
"$here/guest-kernel.sh" --default "$kver"
# Optional: without it the build skips the TCG plugin (userspace/tcg-sharing).
if ! msg=$("$here/qemu-plugin-header.sh"); then
	echo "make deps: no QEMU plugin header, so no tcg-sharing.so: $msg" >&2
elif [ -n "$msg" ]; then
	echo "$msg"
fi
"$here/guest-udev.sh"
