#!/bin/bash
# Install everything mqpath needs on Debian bookworm, as root. Idempotent: when
# every package is present it only checks and returns (well under a second).
set -euo pipefail

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
	gnuplot-nox                                    # benchmark plots
	sparse                                         # make C=1
	linux-perf                                     # profiles in the guest
	bison flex libelf-dev libssl-dev dwarves rsync # debug-kernel build
	linux-source-6.12                              # debug kernel, checkpatch
	linux-headers-6.12-amd64                       # resolves the kernel ABI
)

missing() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || echo "$p"
	done
}

if [ "$(id -u)" -ne 0 ]; then
	echo "make deps: must run as root (it installs Debian packages)" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt_install() {
	apt-get install -y -q --no-install-recommends "$@"
}

todo=$(missing "${packages[@]}")
if [ -n "$todo" ]; then
	echo "make deps: installing:" $todo
	apt-get update -q
	# shellcheck disable=SC2086
	apt_install $todo
fi

# The ABI comes from the meta-package, never from a written-down version.
abi=$(dirname "$0")/kernel-abi.sh
kver=$("$abi")
if [ -z "$kver" ]; then
	echo "make deps: cannot resolve the kernel ABI from linux-headers-6.12-amd64" >&2
	exit 1
fi
todo=$(missing "linux-headers-$kver" "linux-image-$kver-unsigned")
if [ -n "$todo" ]; then
	echo "make deps: installing kernel $kver:" $todo
	# shellcheck disable=SC2086
	apt_install $todo
fi
# The guest boots this image; its modules tree must be there for modprobe.
if [ ! -r "/boot/vmlinuz-$kver" ] || [ ! -d "/lib/modules/$kver/kernel" ]; then
	echo "make deps: kernel $kver is installed but /boot or /lib/modules is incomplete" >&2
	exit 1
fi
