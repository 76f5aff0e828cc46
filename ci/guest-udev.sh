#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Unpack Debian's udev into the project's cache for the VM tests of the
# udev rule (tests/vm/mqpath/052-udev-rule), when the host has no udevadm.
# Installing the package would upgrade systemd to udev's exact version,
# which make deps never does; its udevadm (also systemd-udevd) needs only
# base libraries, so the unpacked copy runs in the guest as it is.
# Prints nothing and does nothing when the host has udevadm or the cache
# has it already; without network it says so and leaves the test to skip.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

command -v udevadm > /dev/null && exit 0
dir=$("$here/cache-dir.sh")/udev
[ -x "$dir/bin/udevadm" ] && exit 0

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && apt-get download -q udev > /dev/null 2>&1); then
	echo "make deps: could not download udev; the udev rule's VM test will skip" >&2
	exit 0
fi
mkdir -p "$tmp/root"
dpkg-deb -x "$tmp"/udev_*.deb "$tmp/root"
mkdir -p "$dir"
rm -rf "$dir.new"
mkdir "$dir.new"
cp -a "$tmp/root/bin" "$tmp/root/lib" "$dir.new/"
rm -rf "$dir"
mv "$dir.new" "$dir"
echo "make deps: udev unpacked into $dir"
