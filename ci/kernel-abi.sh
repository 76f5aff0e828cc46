#!/bin/sh
# Print the ABI (uname -r) of the kernel the project builds and boots by
# default: whatever Debian's linux-headers-6.12-amd64 meta-package points at
# now. Security updates move it, so it is never written down anywhere.
#   ci/kernel-abi.sh            installed meta-package (after `make deps`)
#   ci/kernel-abi.sh --candidate  what apt would install (for `make deps`)
set -eu
meta=linux-headers-6.12-amd64
if [ "${1:-}" = --candidate ]; then
	apt-cache depends "$meta" 2>/dev/null |
		sed -n 's/^ *Depends: linux-headers-\(.*\)$/\1/p' | head -n 1
else
	dpkg-query -W -f='${Depends}\n' "$meta" 2>/dev/null |
		sed -n 's/^linux-headers-\([^ ,]*\).*/\1/p' | head -n 1
fi
