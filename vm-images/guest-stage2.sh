#!/bin/bash
# Stage 2 of the guest, PID 1 after switch_root. It finishes the guest's
# environment, runs the command that `mqbench vm` put into the run folder
# (shared with the host over 9p as "mqrun"), records its exit status and the
# whole kernel log there, and powers the guest off. The host reads both.
# It must never exit: PID 1 exiting panics the guest.

mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t tmpfs -o mode=0755 tmpfs /run
mkdir -p /run/mqvm /dev/pts /dev/shm
mount -t 9p -o trans=virtio,version=9p2000.L,cache=none,msize=512000 mqrun /run/mqvm
mount -t devpts -o gid=5,mode=0620,ptmxmode=0666 devpts /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/mounts /etc/mtab 2>/dev/null
hostname mqvm
ip link set lo up 2>/dev/null

# A kernel whose modules are not under the host's /lib/modules (the debug
# kernel) brings its own tree; put it where modprobe looks.
kver=$(uname -r)
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	mq.moddir=*)
		mkdir -p "/lib/modules/$kver"
		mount --bind "${arg#mq.moddir=}" "/lib/modules/$kver"
		;;
	esac
done

finish() {
	echo "$1" > /run/mqvm/status
	dmesg > /run/mqvm/dmesg 2>/dev/null
	[ -e /sys/kernel/debug/kmemleak ] && cp /sys/kernel/debug/kmemleak /run/mqvm/kmemleak
	sync
	echo o > /proc/sysrq-trigger
	sleep 600
}

# The host wrote env (exports) and cmd (the quoted argv) for us.
# shellcheck disable=SC1091
. /run/mqvm/env || finish 125
cd "$MQ_CWD" 2>/dev/null || cd /

console=/dev/hvc0
if [ "$MQ_INTERACTIVE" = 1 ]; then
	# A real terminal: job control and line editing need a controlling tty.
	setsid -c -w /bin/bash /run/mqvm/cmd <$console >$console 2>&1
else
	# A byte stream: no CR added to each newline, no echo of input.
	stty -F $console raw -echo 2>/dev/null
	setsid -w /bin/bash /run/mqvm/cmd </dev/null >$console 2>&1
fi
finish $?
