#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Build the modules the way the mqpath-dkms package makes DKMS build them
# (dkms.conf, the sources under /usr/src/mqpath-VERSION), against a kernel's
# headers, with a DKMS tree of its own under BUILD/dkms: nothing outside
# BUILD is written. The VM test of the packages cannot (no headers in the
# guest, and a module build under TCG takes minutes).
#
# Usage: ci/check-dkms.sh KVER KDIR BUILD
set -euo pipefail
kver=$1
kdir=$2
build=$3
root=$(cd "$(dirname "$0")/.." && pwd)
version=$("$root/ci/version.sh")
dir=$build/dkms
rm -rf "$dir"
mkdir -p "$dir/tree" "$dir/src/mqpath-$version"
cp -a "$root/kmod" "$dir/src/mqpath-$version/"
sed "s/#MODULE_VERSION#/$version/" "$root/dkms.conf" > "$dir/src/mqpath-$version/dkms.conf"
trees=(--dkmstree "$dir/tree" --sourcetree "$dir/src")
dkms add "${trees[@]}" -m mqpath -v "$version" > "$dir/log" 2>&1
if ! dkms build "${trees[@]}" -m mqpath -v "$version" -k "$kver" --kernelsourcedir "$kdir" >> "$dir/log" 2>&1; then
	tail -n 20 "$dir/log" >&2
	cat "$dir/tree/mqpath/$version/build/make.log" >&2 2>/dev/null || true
	echo "check-dkms: dkms build for $kver failed" >&2
	exit 1
fi
for m in mqnull mqpath; do
	ko=$dir/tree/mqpath/$version/$kver/x86_64/module/$m.ko
	[ -f "$ko" ] || { echo "check-dkms: dkms built no $m.ko" >&2; exit 1; }
	[ "$(modinfo -F version "$ko")" = "$version" ] ||
		{ echo "check-dkms: $m.ko says version $(modinfo -F version "$ko"), not $version" >&2; exit 1; }
done
echo "check-dkms: dkms built mqnull.ko and mqpath.ko $version for $kver"
