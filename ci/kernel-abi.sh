#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Print the ABI (uname -r) of the kernel the project builds and boots by
# default: whatever Debian's linux-headers-6.12-amd64 meta-package points at.
# Security updates move it, so it is never written down anywhere.
#   ci/kernel-abi.sh                    the one `make deps` put in the cache last
#   ci/kernel-abi.sh --candidate        what apt offers now (for `make deps`)
#   ci/kernel-abi.sh --candidate META   the same for another meta-package
#                                       (the flavours of ci/kernels.list)
set -eu
if [ "${1:-}" = --candidate ]; then
	meta=${2:-linux-headers-6.12-amd64}
	apt-cache depends "$meta" 2>/dev/null |
		sed -n 's/^ *Depends: linux-headers-\(.*\)$/\1/p' | head -n 1
else
	cache=$("$(dirname "$0")/cache-dir.sh")
	cat "$cache/kernels/default/kver" 2>/dev/null || true
fi
