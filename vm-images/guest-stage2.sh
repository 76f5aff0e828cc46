#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Stage 2 of the guest, PID 1 after switch_root (vm-images/init did the
# mounting). It runs the command that mqvm put into the run folder
# (/run/mqvm, shared with the host over 9p), records its exit status and the
# whole kernel log there, and powers the guest off; the host reads both.
# It must never exit: PID 1 exiting panics the guest. Every program started
# here is read over 9p, so bash builtins are preferred.

finish() {
	echo "$1" > /run/mqvm/status
	dmesg > /run/mqvm/dmesg 2>/dev/null
	[ -r /sys/kernel/debug/kmemleak ] && cat /sys/kernel/debug/kmemleak > /run/mqvm/kmemleak
	sync
	echo o > /proc/sysrq-trigger
	sleep 600
}

# A reason the command cannot start that no second boot would change: one
# line for the host to print, and the status a shell gives for it (125 for
# the runner's own failures, 126 not executable, 127 not found).
refuse() {
	echo "$2" > /run/mqvm/fatal
	finish "$1"
}

# The host wrote env (exports), cmd (exec of the quoted argv) and argv0 for us.
# shellcheck disable=SC1091
. /run/mqvm/env || refuse 125 "cannot read the command's environment"
cd "$MQ_CWD" 2>/dev/null || refuse 125 "the working folder $MQ_CWD is not visible in the guest"
read -r argv0 < /run/mqvm/argv0
case "$argv0" in
*/*)
	[ -e "$argv0" ] || refuse 127 "$argv0: no such file in the guest"
	[ -f "$argv0" ] && [ -x "$argv0" ] || refuse 126 "$argv0: not an executable file"
	;;
*) type "$argv0" > /dev/null 2>&1 || refuse 127 "$argv0: command not found in the guest" ;;
esac

# For the runner's own test (tests/vm/runner): crash the kernel on the first
# MQ_VM_TEST_CRASH_BOOTS boots, before the command, as a boot-time oops would.
read -r attempt < /run/mqvm/attempt
if [ "${MQ_VM_TEST_CRASH_BOOTS:-0}" -ge "${attempt:-1}" ]; then
	echo c > /proc/sysrq-trigger
fi
# From here on the command counts as started: the host never boots again.
: > /run/mqvm/started

console=/dev/hvc0
if [ "$MQ_INTERACTIVE" = 1 ]; then
	# A real terminal: job control and line editing need a controlling tty.
	setsid -c -w /bin/bash /run/mqvm/cmd <$console >$console 2>&1
else
	# A byte stream: no CR added to each newline, no echo of input. The
	# console stays open on fd 3 from stty on: hvc resets its settings
	# when the last opener closes it, so `stty -F` alone does not last.
	exec 3<>$console
	stty raw -echo <&3 2>/dev/null
	(. /run/mqvm/cmd) </dev/null >&3 2>&3
fi
finish $?
