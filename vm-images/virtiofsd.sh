#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Serves one host folder to a guest over virtiofs, for kernels with no 9p
# (Debian's cloud kernel): QEMU 7.2's virtiofsd on the listening vhost-user
# socket mqvm opened and passes as file descriptor FD, so that the
# socket is the runner's (made before QEMU connects, removed by it) and
# virtiofsd writes no pid file of its own under /run/virtiofsd.
#
#   virtiofsd.sh FD SOCKET DIR ro|rw
#
# SOCKET is the path FD listens on; it only names the process (its argv[0]
# is virtiofsd[SOCKET]), so that a run's daemons can be told apart.
# virtiofsd 7.2 has no read-only option. For "ro" it runs in a mount
# namespace of its own in which every mount is remounted read-only, so the
# host's files stay out of the guest's reach whatever the guest mounts (it
# also mounts the share ro, under a tmpfs overlay). The host's mounts are
# not touched: the namespace's are copies.
set -euo pipefail
fd=$1 socket=$2 dir=$3 mode=$4
virtiofsd=${MQ_VIRTIOFSD:-/usr/lib/qemu/virtiofsd}
[ -x "$virtiofsd" ] || {
	echo "virtiofsd.sh: $virtiofsd is missing (Debian: apt-get install qemu-system-common)" >&2
	exit 1
}
# It sets up its own sandbox (mount, pid and net namespaces): root only.
[ "$(id -u)" = 0 ] || { echo "virtiofsd.sh: virtiofsd must run as root" >&2; exit 1; }

case "$mode" in
rw) ;;
ro)
	if [ "${MQ_VIRTIOFSD_NS:-}" != 1 ]; then
		MQ_VIRTIOFSD_NS=1 exec unshare --mount --propagation private -- "$0" "$@"
	fi
	# findmnt -r escapes blanks as \xHH; printf %b undoes that. A path
	# with mounts stacked on it lists once per mount: the top one is
	# remounted, and the others are out of reach below it.
	findmnt -rn -o TARGET | sort -u | while IFS= read -r target; do
		target=$(printf '%b' "$target")
		mount -o remount,bind,ro "$target" ||
			{ echo "virtiofsd.sh: cannot make $target read-only" >&2; exit 1; }
	done
	# The check that counts: no mount in reach is writable (one that has
	# another mounted on its own root, at the same path, is not in reach).
	writable=$(awk '{ id[NR] = $1; target[NR] = $5; opts[NR] = $6; covers[$2 " " $5] = 1 }
		END { for (i = 1; i <= NR; i++)
			if (opts[i] !~ /^ro(,|$)/ && !((id[i] " " target[i]) in covers)) print target[i] }' \
		/proc/self/mountinfo)
	if [ -n "$writable" ]; then
		echo "virtiofsd.sh: still writable: $writable" >&2
		exit 1
	fi
	;;
*) echo "virtiofsd.sh: mode must be ro or rw, not $mode" >&2; exit 2 ;;
esac
# cache=always for the read-only root (as 9p's cache=loose): programs and
# libraries are read over it all the time. The run folder is what both
# sides write: no cache.
# The read-only one is sandboxed by chroot, in the namespace above: its
# default sandbox pivots into DIR, which fails with EBUSY for DIR = /.
opts=(-o cache=none)
[ "$mode" = ro ] && opts=(-o cache=always -o sandbox=chroot)
exec -a "virtiofsd[$socket]" "$virtiofsd" --fd="$fd" -o source="$dir" "${opts[@]}" -o log_level=warn
