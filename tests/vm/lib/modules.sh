# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# Loading modules in a guest, for the VM tests (common.sh) and the
# benchmark's targets (bench/targets/lib.sh) alike; they differ only in what
# a failure means (a failed test, a skipped target). The project's modules
# come from the build tree for the running kernel, $MQ_KMOD (make kmod);
# any other module is the kernel's own, through modprobe.

# mq_module_ours NAME: is NAME one of the project's modules?
mq_module_ours() {
	case "$1" in
	mqnull | mqpath | mqredirect) return 0 ;;
	esac
	return 1
}

# mq_module_available NAME: can it be loaded here? Ours: built for this
# kernel. Others: known to modprobe (built in counts too).
mq_module_available() {
	if mq_module_ours "$1"; then
		[ -e "$MQ_KMOD/$1.ko" ]
	else
		modprobe -n "$1" 2> /dev/null
	fi
}

# mq_module_loaded NAME
mq_module_loaded() {
	grep -q "^$1 " /proc/modules
}

# mq_module_load NAME [PARAM=VALUE...]: insmod or modprobe; their status,
# and their message on standard error.
mq_module_load() {
	local name=$1
	shift
	if mq_module_ours "$name"; then
		insmod "$MQ_KMOD/$name.ko" "$@"
	else
		modprobe "$name" "$@"
	fi
}

# mq_module_unload NAME...: unloads those loaded, in the order given (the
# newest first), trying each twice: a module whose last user has just gone
# can still be busy for a moment. Status 1 when one stayed loaded.
mq_module_unload() {
	local m rc=0
	for m in "$@"; do
		mq_module_loaded "$m" || continue
		rmmod "$m" 2> /dev/null || { sleep 0.2; rmmod "$m" 2> /dev/null; } || rc=1
	done
	return $rc
}
