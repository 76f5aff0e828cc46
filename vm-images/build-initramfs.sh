#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Build the guest initramfs: busybox, vm-images/init, and the modules the
# guest's root needs for kernel KVER (its share, 9p or virtiofs, and
# overlay), from that kernel's module tree, decompressed (busybox insmod
# cannot read .ko.xz). Usage: build-initramfs.sh KVER MODULES_ROOT OUT [FS]
#   MODULES_ROOT is the folder that holds lib/modules/KVER (/ for Debian's).
#   FS is 9p (the default) or virtiofs, as mqvm chose from the
#   kernel's config.
set -euo pipefail
kver=$1 modroot=$2 out=$3 fs=${4:-9p}
case "$fs" in
9p) modules="netfs 9pnet 9pnet_virtio 9p overlay" ;;
virtiofs) modules="fuse virtiofs overlay" ;;
*) echo "build-initramfs: unknown FS $fs (9p, virtiofs)" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
busybox=/bin/busybox
[ -x "$busybox" ] || { echo "build-initramfs: $busybox missing (make deps)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work"/{bin,dev,proc,sys,modules}
cp "$busybox" "$work/bin/busybox"
install -m 0755 "$here/init" "$work/init"

# modprobe resolves the order; "builtin" lines need nothing loaded.
: > "$work/modules/order"
for m in $modules; do
	modprobe -S "$kver" -d "$modroot" --show-depends "$m"
done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }' | while read -r ko; do
	name=$(basename "$ko")
	case "$name" in
	*.xz) xz -dc "$ko" > "$work/modules/${name%.xz}"; name=${name%.xz} ;;
	*.zst) zstd -qdc "$ko" > "$work/modules/${name%.zst}"; name=${name%.zst} ;;
	*) cp "$ko" "$work/modules/$name" ;;
	esac
	echo "$name" >> "$work/modules/order"
done

mkdir -p "$(dirname "$out")"
(cd "$work" && find . | cpio -o -H newc --quiet | gzip -1) > "$out.tmp"
mv -f "$out.tmp" "$out"
