#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The kernel's YNL tools (tools/net/ynl: the C generator and the Python
# library) and the schemas of Documentation/netlink ship in the kernel
# source, not in the headers package. Take them out of Debian's
# linux-source-6.12 tarball into build/tools/ynl once, and print that
# folder. ci/check-ynl.sh generates the uapi headers and kernel policies
# with them; the Python clients of the VM tests and the benchmark
# (tests/vm/lib/mqgenl.py) speak both families through the library.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tools=$root/build/tools/ynl
if [ ! -f "$tools/tools/net/ynl/lib/ynl.py" ] || [ ! -f "$tools/tools/net/ynl/ynl-gen-c.py" ]; then
	tarball=$(ls /usr/src/linux-source-6.12.tar.* 2>/dev/null | head -n 1)
	[ -n "$tarball" ] || { echo "ynl-tools: linux-source-6.12 missing (make deps)" >&2; exit 1; }
	rm -rf "$tools.tmp"
	mkdir -p "$tools.tmp"
	tar -C "$tools.tmp" --strip-components=1 -xf "$tarball" --wildcards \
		'*/tools/net/ynl/ynl-gen-c.py' '*/tools/net/ynl/lib/*.py' \
		'*/Documentation/netlink/genetlink*.yaml'
	rm -rf "$tools"
	mv "$tools.tmp" "$tools"
fi
echo "$tools"
