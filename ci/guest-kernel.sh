#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Put Debian's kernel KVER (image, modules and headers) into the project's
# cache, never into /boot or /lib/modules: the host's own kernel packages,
# signed or not, stay as they are, and nothing here needs root.
#
#   $CACHE/kernels/<kver>/root/      the packages' files, unpacked
#                        /bzImage    -> root/boot/vmlinuz-<kver>
#                        /modules    -> root (holds lib/modules/<kver>)
#                        /build      -> the headers: KDIR for module builds
#                        /kver       written last: the entry is complete
#   $CACHE/kernels/default -> <kver>   only with --default (make deps)
#
# Usage: guest-kernel.sh [--default] KVER
# Without --default the default kernel stays what it was: make
# build-kernels fetches the other flavours (ci/kernels.list) this way.
set -euo pipefail
default=false
if [ "${1:-}" = --default ]; then
	default=true
	shift
fi
kver=$1
here=$(cd "$(dirname "$0")" && pwd)
cache=$("$here/cache-dir.sh")
kernels=$cache/kernels
entry=$kernels/$kver

publish() {
	$default || return 0
	[ "$(readlink "$kernels/default" 2>/dev/null)" != "$kver" ] || return 0
	ln -sfn "$kver" "$kernels/.default.$$"
	mv -T "$kernels/.default.$$" "$kernels/default"
}

if [ -f "$entry/kver" ]; then
	publish
	exit 0
fi
mkdir -p "$kernels"
exec 9> "$kernels/.lock"
flock 9
if [ -f "$entry/kver" ]; then # another run unpacked it while we waited
	publish
	exit 0
fi

tmp=$(mktemp -d "$kernels/.unpack.XXXXXX")
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
# The headers package names its kbuild and common packages (the common
# one is -common-rt for the rt flavour, so it is read, not guessed); the
# image is the unsigned one, which has the same files as the signed one.
depends=$(apt-cache depends "linux-headers-$kver" 2>/dev/null | sed -n 's/^ *Depends: //p')
kbuild=$(grep -m 1 '^linux-kbuild-' <<< "$depends" || true)
common=$(grep -m 1 '^linux-headers-.*-common' <<< "$depends" || true)
if [ -z "$kbuild" ] || [ -z "$common" ]; then
	echo "make deps: apt knows no linux-headers-$kver (apt-get update?)" >&2
	exit 1
fi
debs=(linux-image-"$kver"-unsigned linux-headers-"$kver" "$common" "$kbuild")
echo "make deps: downloading kernel $kver into $entry (${debs[*]})"
(cd "$tmp" && apt-get download -q "${debs[@]}" 2>&1 | grep -v '^W: Download is performed unsandboxed' || true)
for p in "${debs[@]}"; do
	ls "$tmp/${p}"_*.deb > /dev/null 2>&1 || { echo "make deps: could not download $p" >&2; exit 1; }
done
mkdir -p "$tmp/root"
for deb in "$tmp"/*.deb; do
	dpkg-deb -x "$deb" "$tmp/root"
done
rm -f "$tmp"/*.deb
# The headers' Makefile includes the common headers by their absolute path
# under /usr/src; point it at the copy here. Everything else is relative.
headers=usr/src/linux-headers-$kver
sed -i "s|^include /usr/src/|include $entry/root/usr/src/|" "$tmp/root/$headers/Makefile"
rm -f "$tmp/root/lib/modules/$kver/build" "$tmp/root/lib/modules/$kver/source"
# Debian's postinst runs depmod; the guest's modprobe needs its output.
depmod -b "$tmp/root" "$kver"
ln -s "root/boot/vmlinuz-$kver" "$tmp/bzImage"
ln -s root "$tmp/modules"
ln -s "root/$headers" "$tmp/build"
echo "$kver" > "$tmp/kver.new"
rm -rf "$entry"
mv "$tmp" "$entry"
mv "$entry/kver.new" "$entry/kver"
trap - EXIT
publish
echo "make deps: kernel $kver is in $entry"
