#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Kernel-side gates: checkpatch --strict, then a W=1 build under sparse
# (C=1). Any complaint fails. Usage: check-kmod.sh KVER KDIR
set -euo pipefail
kver=$1 kdir=$2
root=$(cd "$(dirname "$0")/.." && pwd)
tools=$root/build/tools/checkpatch

# checkpatch ships in the kernel source, not in the headers package; take it
# (with the word lists it reads) out of Debian's linux-source tarball once.
if [ ! -x "$tools/scripts/checkpatch.pl" ]; then
	tarball=$(ls /usr/src/linux-source-6.12.tar.* 2>/dev/null | head -n 1)
	[ -n "$tarball" ] || { echo "check-kmod: linux-source-6.12 missing (make deps)" >&2; exit 1; }
	mkdir -p "$tools"
	tar -C "$tools" --strip-components=1 -xf "$tarball" --wildcards \
		'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' '*/scripts/const_structs.checkpatch'
fi

echo "== checkpatch --strict"
# The files generated from netlink/specs (ci/check-ynl.sh) are checked too,
# but for the two layouts the kernel's generator writes in-tree as well:
# policy lines past 100 columns and a #define right after an enum.
mapfile -t files < <(cd "$root" && find kmod -name '*.[ch]' | sort)
mapfile -t generated < <(cd "$root" && grep -l '^/\* YNL-GEN ' "${files[@]}")
mapfile -t written < <(printf '%s\n' "${files[@]}" | grep -vxF -f <(printf '%s\n' "${generated[@]}"))
(cd "$root" && "$tools/scripts/checkpatch.pl" --strict --no-tree --quiet --show-types \
	--ignore FILE_PATH_CHANGES -f "${written[@]}")
(cd "$root" && "$tools/scripts/checkpatch.pl" --strict --no-tree --quiet --show-types \
	--ignore FILE_PATH_CHANGES,LONG_LINE,LINE_SPACING -f "${generated[@]}")

echo "== W=1 build with sparse (C=1)"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Touch the sources so that every file is compiled and checked again.
find "$root/kmod" -name '*.c' -exec touch {} +
make -C "$root" --no-print-directory kmod KVER="$kver" KDIR="$kdir" KMOD_EXTRA="W=1 C=1" 2>&1 | tee "$log"
if grep -E 'warning:|error:' "$log"; then
	echo "check-kmod: the W=1 / sparse build has warnings (above)" >&2
	exit 1
fi
echo "check-kmod: clean"
