#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Extract the ELF kernel from a bzImage, for a faster TCG boot: QEMU starts an
# ELF kernel with a PVH entry note directly, skipping the bzImage's in-guest
# decompression, which under TCG costs seconds (about 5 s of a 15 s boot on
# a loaded 2-core host). Usage: extract-vmlinux.sh BZIMAGE OUT
# Writes OUT only for a kernel with PVH support; exits 0 either way, so the
# caller falls back to the bzImage when OUT is absent.
set -euo pipefail
image=$1 out=$2
rm -f "$out"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

# The payload is the first stream of a known compressor inside the image
# that decompresses to an ELF file.
try() { # MAGIC DECOMPRESSOR...
	local magic=$1 offset
	shift
	for offset in $(grep -abo "$magic" "$image" 2>/dev/null | cut -d: -f1 | head -n 4); do
		tail -c +$((offset + 1)) "$image" | "$@" > "$tmp" 2>/dev/null || true
		if [ "$(head -c 4 "$tmp" | od -An -c | tr -d ' ')" = '177ELF' ]; then
			return 0
		fi
	done
	return 1
}
try $'\x28\xb5\x2f\xfd' zstd -dcq || try $'\xfd7zXZ\x00' xz -dcq ||
	try $'\x1f\x8b\x08' gzip -dcq || exit 0

# XEN_ELFNOTE_PHYS32_ENTRY (type 18) is the PVH entry point QEMU needs.
if readelf -n "$tmp" 2>/dev/null | grep -q 'Xen.*0x00000012'; then
	mkdir -p "$(dirname "$out")"
	mv "$tmp" "$out"
fi
