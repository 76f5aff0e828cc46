#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Build the mqpath-dkms and mqpath-tools packages into BUILD/deb (make deb),
# and mqpath-modules-KVER, the modules `make kmod` built for KVER, for hosts
# that build no modules (no compiler or headers, such as the VM tests' guest).
# debhelper writes into the source tree's debian/ folder and dpkg-buildpackage
# puts its output next to the tree, so the package is built in a copy of the
# tree under BUILD/deb: nothing is written outside BUILD. The tools are those
# BUILD/bin already holds (make userspace), handed over as MQ_PREBUILT.
#
# Usage: ci/make-deb.sh VERSION BUILD [KVER]
set -euo pipefail
version=$1
build=$2
kver=${3:-}
root=$(cd "$(dirname "$0")/.." && pwd)
out=$build/deb
src=$out/mqpath-$version

for f in mqctl mqvm mqbench mqctl-gen-completion; do
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

kmod=
if [ -n "$kver" ] && [ -f "$build/kmod/$kver/mqnull.ko" ] && [ -f "$build/kmod/$kver/mqpath.ko" ]; then
	kmod=$build/kmod/$kver
	pkg=mqpath-modules-$kver
	cat >> "$src/debian/control" <<CONTROL

Package: $pkg
Architecture: any
Depends: \${misc:Depends}
Conflicts: mqpath-dkms
Recommends: mqpath-tools
Description: lock-free multipath block device (modules for Linux $kver)
 The mqnull and mqpath modules built for Linux $kver, for a host that does
 not build modules itself; mqpath-dkms builds them for every kernel instead.
CONTROL
	for script in postinst postrm; do
		cat > "$src/debian/$pkg.$script" <<SCRIPT
#!/bin/sh
set -e
# The modules' dependencies and aliases, as a kernel package's $script does.
if [ -d /lib/modules/$kver ]; then
	depmod -a $kver
fi
#DEBHELPER#
SCRIPT
	done
fi

cd "$src"
MQ_KVER=$kver MQ_KMOD_DIR=$kmod MQ_PREBUILT=$build dpkg-buildpackage -b -uc -us --no-pre-clean 2>&1 |
	sed 's/^/  /' > "$out/build.log" || {
	tail -n 30 "$out/build.log" >&2
	echo "make deb: dpkg-buildpackage failed; the whole log is $out/build.log" >&2
	exit 1
}
cd "$out"
rm -rf "$src"
ls -1 "$out"/*.deb
