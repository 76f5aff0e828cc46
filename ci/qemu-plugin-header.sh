#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Put qemu-plugin.h of the installed QEMU into the project's cache, for the
# TCG plugin userspace/tcg-sharing: Debian builds QEMU with plugins but
# ships no header, so it is taken from the source package of the installed
# version (Debian's mirror, through apt with a sources list of its own: the
# host's apt configuration is never touched).
#
#   $CACHE/qemu-plugin/<source version>/qemu-plugin.h
#
# Fails with a one-line reason when it cannot; make deps goes on without
# it and the build then skips the plugin.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=$("$here/cache-dir.sh")

version=$(dpkg-query -W -f='${source:Version}' qemu-system-x86 2> /dev/null) ||
	{ echo "qemu-system-x86 is not installed"; exit 1; }
entry=$cache/qemu-plugin/$version
[ -f "$entry/qemu-plugin.h" ] && exit 0

mkdir -p "$cache/qemu-plugin"
tmp=$(mktemp -d "$cache/qemu-plugin/.fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
. /etc/os-release
suite=${VERSION_CODENAME:?}
mkdir -p "$tmp/lists/partial"
{
	echo "deb-src http://deb.debian.org/debian $suite main"
	echo "deb-src http://deb.debian.org/debian $suite-updates main"
	echo "deb-src http://deb.debian.org/debian-security $suite-security main"
} > "$tmp/sources.list"
apt=(apt-get -q -o Dir::Etc::SourceList="$tmp/sources.list" -o Dir::Etc::SourceParts=/dev/null
	-o Dir::State::Lists="$tmp/lists" -o Dir::Cache="$tmp" -o Debug::NoLocking=1)
"${apt[@]}" update > "$tmp/update.log" 2>&1 ||
	{ echo "apt-get update of Debian's source lists failed: $(tail -n 1 "$tmp/update.log")"; exit 1; }
uris=$("${apt[@]}" source --print-uris "qemu=$version" 2> /dev/null | grep "^'") ||
	{ echo "Debian's mirror no longer serves the source of qemu $version"; exit 1; }
# The header is in the upstream tarball; Debian's patches must not touch it.
fetch() { # KIND: downloads the file whose name ends in KIND, checks its SHA256
	local line url name sum
	line=$(grep -m 1 "$1 " <<< "$uris") || { echo "no $1 in qemu $version's source" >&2; exit 1; }
	read -r url name _ sum <<< "$line"
	url=${url//\'/}
	curl -fsSL -o "$tmp/$name" "$url" || { echo "cannot download $url" >&2; exit 1; }
	[ "$(sha256sum < "$tmp/$name" | cut -d ' ' -f 1)" = "${sum#SHA256:}" ] ||
		{ echo "$name: SHA256 mismatch" >&2; exit 1; }
	echo "$tmp/$name"
}
orig=$(fetch '\.orig\.tar\.xz')
debian=$(fetch '\.debian\.tar\.xz')
if tar -xJOf "$debian" --wildcards 'debian/patches/*' 2> /dev/null |
	grep -q '^+++ .*include/qemu/qemu-plugin\.h'; then
	echo "Debian's qemu $version patches qemu-plugin.h; not supported"
	exit 1
fi
tar -xJf "$orig" -C "$tmp" --wildcards --no-wildcards-match-slash '*/include/qemu/qemu-plugin.h' ||
	{ echo "no include/qemu/qemu-plugin.h in $(basename "$orig")"; exit 1; }
mkdir -p "$tmp/entry"
mv "$tmp"/*/include/qemu/qemu-plugin.h "$tmp/entry/"
rm -rf "$entry"
mv "$tmp/entry" "$entry"
echo "make deps: qemu-plugin.h of qemu $version is in $entry"
