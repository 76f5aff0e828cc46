#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make install-dkms: put kmod/ and dkms.conf into /usr/src/mqpath-VERSION,
# register them with DKMS and build and install the modules for every
# kernel whose headers are installed (/lib/modules/*/build). DKMS builds
# them again for each kernel installed later (AUTOINSTALL in dkms.conf).
#
# Usage: ci/dkms-install.sh VERSION
set -euo pipefail
version=$1
root=$(cd "$(dirname "$0")/.." && pwd)
command -v dkms > /dev/null || { echo "make install-dkms: dkms is not installed" >&2; exit 1; }
src=/usr/src/mqpath-$version

if dkms status -m mqpath -v "$version" 2>/dev/null | grep -q .; then
	dkms remove -m mqpath -v "$version" --all
fi
rm -rf "$src"
mkdir -p "$src"
cp -a "$root/kmod" "$src/"
sed "s/#MODULE_VERSION#/$version/" "$root/dkms.conf" > "$src/dkms.conf"
dkms add -m mqpath -v "$version"
for build in /lib/modules/*/build; do
	[ -d "$build" ] || continue
	kver=$(basename "$(dirname "$build")")
	dkms install -m mqpath -v "$version" -k "$kver"
done
