# Helpers for VM tests, sourced before each test (see tests/vm/README.md).
# Each test runs in its own subshell with `set -euo pipefail`; these helpers
# end it with a verdict that the driver reads from $MQ_VERDICT.

# End the test as failed / skipped, with the reason shown by the runner.
fail() {
	echo "$*" > "$MQ_VERDICT"
	echo "FAIL: $*" >&2
	exit 1
}

skip() {
	echo "$*" > "$MQ_VERDICT"
	exit 77
}

expect_eq() {
	local actual=$1 expected=$2 what=${3:-value}
	[ "$actual" = "$expected" ] ||
		fail "$what: expected '$expected', got '$actual'"
}

# Ours come from the build tree for the running kernel; anything else is the
# kernel's own, through modprobe.
mq_load() {
	local name=$1
	shift
	case "$name" in
	mqnull | mqpath)
		insmod "$MQ_KMOD/$name.ko" "$@" || fail "insmod $name.ko failed"
		;;
	*)
		modprobe "$name" "$@" || fail "modprobe $name failed"
		;;
	esac
}

mq_unload() {
	rmmod "$1" || fail "rmmod $1 failed"
}

# Is a module loadable here? Ours: built for this kernel. Others: known to
# modprobe (built in counts too).
mq_module_available() {
	case "$1" in
	mqnull | mqpath) [ -e "$MQ_KMOD/$1.ko" ] ;;
	*) modprobe -n "$1" 2>/dev/null ;;
	esac
}
