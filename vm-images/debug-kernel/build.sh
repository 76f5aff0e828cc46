#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Build the mqpath debug kernel (KASAN, lockdep, kmemleak, UBSAN, ...) from
# Debian's linux-source-6.12 and config.fragment, into a cache shared by every
# clone:
#
#   $MQ_CACHE/src/<pkgversion>/        the source, extracted once
#   $MQ_CACHE/kernels/<key>/bzImage
#                          /kver       uname -r
#                          /config     the final .config
#                          /modules/lib/modules/<kver>/...
#                          /build/     O= output, usable as KDIR for M= builds
#   $MQ_CACHE/kernels/debug -> <key>   the entry built last
#
# key = hash of the package version, the fragment's CONFIG_ lines and this
# script without its comments: what changes the kernel, not its prose.
#
#   build.sh                 build (or reuse) and print the entry's path
#   build.sh --config-only   make and check the .config only (about a minute)
#   build.sh --cached        print the entry's path if it is built, else exit 1
#                            (CI runs the debug lane only then)
set -euo pipefail

pkg=linux-source-6.12
tarball=/usr/src/$pkg.tar.xz
here=$(cd "$(dirname "$0")" && pwd)
self=$here/$(basename "$0")
fragment=$here/config.fragment
cache=$("$here/../../ci/cache-dir.sh")
start=$SECONDS

say() { printf '[debug-kernel %4ds] %s\n' $((SECONDS - start)) "$*"; }
die() { printf 'debug-kernel: error: %s\n' "$*" >&2; exit 1; }

config_only=false cached_only=false
case "${1:-}" in
"") ;;
--config-only) config_only=true ;;
--cached) cached_only=true ;;
*) die "usage: $0 [--config-only | --cached]" ;;
esac

version=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null) ||
	die "$pkg is not installed (run 'make deps')"
[ -r "$tarball" ] || die "$tarball is missing (reinstall $pkg)"

# The lines of the fragment that reach Kconfig, in order (a later line wins).
fragment_lines() {
	grep -E '^(CONFIG_[A-Za-z0-9_]+=|# CONFIG_[A-Za-z0-9_]+ is not set$)' "$fragment"
}

key=$({
	echo "$pkg $version"
	fragment_lines
	grep -vE '^[[:space:]]*(#|$)' "$self"
} | sha256sum | cut -c1-16)
kernels=$cache/kernels
entry=$kernels/$key

# Point `debug` at an entry; a rename, so readers never see a missing link.
publish() {
	ln -sfn "$key" "$kernels/.debug.$$"
	mv -T "$kernels/.debug.$$" "$kernels/debug"
}

if ! $config_only && [ -f "$entry/kver" ]; then
	publish
	echo "$entry"
	exit 0
fi
$cached_only && exit 1

mkdir -p "$kernels" "$cache/src"
# One build at a time: two would only halve each other's cores, and the lock
# makes removing a dead build's leftovers below safe.
exec 9>"$kernels/.lock"
flock -n 9 || { say "another build holds $kernels/.lock; waiting"; flock 9; }
if ! $config_only && [ -f "$entry/kver" ]; then # built while we waited
	publish
	echo "$entry"
	exit 0
fi

# Source: extracted once per package version, renamed into place when whole.
# Kbuild dislikes unusual characters in paths, so '~' (as in ~deb12u1) goes.
src=$cache/src/${version//[^A-Za-z0-9.+_-]/_}
if [ ! -f "$src/Makefile" ]; then
	say "extracting $tarball (package $version)"
	rm -rf "$src.tmp"
	mkdir -p "$src.tmp"
	tar -xf "$tarball" -C "$src.tmp"
	mv -T "$src.tmp/$pkg" "$src"
	rmdir "$src.tmp"
fi

# Everything is written under tmp and renamed to the key at the very end: an
# interrupted build leaves only a .tmp- directory; holding the lock, every
# .tmp- directory is such a leftover (or a --config-only output) and goes.
tmp=$kernels/.tmp-$key
rm -rf "$kernels"/.tmp-*
ticker=
cleanup() {
	[ -z "$ticker" ] || kill "$ticker" 2>/dev/null || true
	rm -rf "$tmp"
}
$config_only || trap cleanup EXIT
obj=$tmp/build
mkdir -p "$obj"
kmake() { make -s -C "$src" O="$obj" "$@"; }

say "configuring: x86_64_defconfig + kvm_guest.config + $(basename "$fragment")"
kmake x86_64_defconfig >/dev/null
kmake kvm_guest.config >/dev/null
"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$fragment" >/dev/null
kmake olddefconfig >/dev/null

# Kconfig drops requests whose dependencies are unmet without a word; every
# line of the fragment must be in the final .config as written. "is not set"
# also holds when the symbol vanished because its dependencies are off.
dropped=0
while IFS= read -r line; do
	if [[ $line == "# "* ]]; then
		sym=${line#\# }
		sym=${sym%% *}
		grep -q "^$sym=" "$obj/.config" || continue
	else
		sym=${line%%=*}
		grep -qxF "$line" "$obj/.config" && continue
	fi
	echo "  wanted: $line" >&2
	echo "  got:    $(grep -E "^(# )?${sym}[= ]" "$obj/.config" || echo '(absent)')" >&2
	dropped=$((dropped + 1))
done < <(fragment_lines)
[ "$dropped" -eq 0 ] || die "Kconfig did not honour $dropped line(s) of $fragment (see above)"
say "config checked: all $(fragment_lines | wc -l) fragment lines hold"

if $config_only; then
	echo "$obj/.config"
	exit 0
fi

jobs=$(nproc)
say "building bzImage and modules with -j$jobs (about half an hour on 2 cores)"
t0=$SECONDS
# make -s prints only warnings and errors; this says it is still alive.
# sleep gets no stdout: an orphaned sleep would hold a caller's pipe open.
(while sleep 60 >/dev/null 2>&1; do
	say "... $(find "$obj" -name '*.o' | wc -l) objects so far"
done) &
ticker=$!
nice -n 10 make -s -C "$src" O="$obj" -j"$jobs" bzImage modules ||
	die "kernel build failed (output above)"
kill "$ticker" 2>/dev/null || true
ticker=
say "compiled in $((SECONDS - t0)) s"

kver=$(kmake kernelrelease)
kmake INSTALL_MOD_PATH="$tmp/modules" DEPMOD=true modules_install
depmod -b "$tmp/modules" "$kver"
# Symlinks to the build tree would hold the temporary path; KDIR is build/.
rm -f "$tmp/modules/lib/modules/$kver/build" "$tmp/modules/lib/modules/$kver/source"
cp "$obj/arch/x86/boot/bzImage" "$tmp/bzImage"
cp "$obj/.config" "$tmp/config"
echo "$kver" >"$tmp/kver"

mv -T "$tmp" "$entry"
trap - EXIT
publish
say "done: $kver, $(du -sh "$entry" | cut -f1), $((SECONDS - start)) s total"
echo "$entry"
