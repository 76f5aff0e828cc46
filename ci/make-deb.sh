#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Build the mqpath-dkms and mqpath-tools packages into BUILD/deb (make deb).
# debhelper writes into the source tree's debian/ folder and dpkg-buildpackage
# puts its output next to the tree, so the package is built in a copy of the
# tree under BUILD/deb: nothing is written outside BUILD. The tools are those
# BUILD/bin already holds (make userspace), handed over as MQ_PREBUILT.
#
# Usage: ci/make-deb.sh VERSION BUILD
set -euo pipefail
version=$1
build=$2
root=$(cd "$(dirname "$0")/.." && pwd)
out=$build/deb
src=$out/mqpath-$version

for f in mqctl mqbench mqctl-gen-completion; do
	[ -x "$build/bin/$f" ] || { echo "make deb: $build/bin/$f is missing (make userspace)" >&2; exit 1; }
done
rm -rf "$out"
mkdir -p "$src"
# The tree as it is now, committed or not, without what git ignores.
(cd "$root" && git ls-files -co --exclude-standard -z | cpio -0pdm --quiet "$src")

# The changelog carries the version; its date is the commit's, so that two
# builds of one commit make the same packages.
when=$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)
cat > "$src/debian/changelog" <<CHANGELOG
mqpath ($version) unstable; urgency=medium

  * Built from the mqpath tree by make deb.

 -- mqpath developers <mqpath@localhost>  $(date -R -u -d "@$when")
CHANGELOG

cd "$src"
MQ_PREBUILT=$build dpkg-buildpackage -b -uc -us --no-pre-clean 2>&1 |
	sed 's/^/  /' > "$out/build.log" || {
	tail -n 30 "$out/build.log" >&2
	echo "make deb: dpkg-buildpackage failed; the whole log is $out/build.log" >&2
	exit 1
}
cd "$out"
rm -rf "$src"
ls -1 "$out"/*.deb
