#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Profiles one benchmark target inside the guest: sets the target up with its
# script from bench/targets/ (as run-plan.sh does), runs fio 4k random read
# at QD32 with one job per vCPU under `perf record -a -g -e cpu-clock`, tears
# the target down and prints perf's flat profile (self time per symbol) and
# the call chains that lead into spinlock slow paths, if any.
#
#   profile.sh TARGET [SECONDS]      (in the guest; `make profile` boots one
#                                     and keeps the output in build/profile/)
#
# Under icount the sampling clock is the instruction count, which perf's
# hrtimer sampling skews (samples pile up on softirq exits): profile under
# MTTCG, and measure cost under icount with mqbench.
set -euo pipefail

target=${1:?usage: profile.sh TARGET [SECONDS]}
seconds=${2:-10}
root=$(cd "$(dirname "$0")/../.." && pwd)
catalog=$root/bench/targets/catalog.json

command -v perf > /dev/null || { echo "profile: perf is missing (make deps)" >&2; exit 1; }
entry=$(jq -c --arg t "$target" '.targets[] | select(.name == $t)' "$catalog")
[ -n "$entry" ] || { echo "profile: no target '$target' in $catalog" >&2; exit 1; }
script=$root/bench/targets/$(jq -r .script <<< "$entry")

state=$(mktemp -d /tmp/profile.XXXXXX)
export MQB_STATE=$state MQB_VCPUS
MQB_VCPUS=$(nproc)
while IFS='=' read -r key value; do
	export "$key=$value"
done < <(jq -r '.params // {} | to_entries[] | "\(.key)=\(.value)"' <<< "$entry")

# shellcheck source=bench/targets/lib.sh
source "$root/bench/targets/lib.sh"
# shellcheck disable=SC1090
source "$script"
trap 'teardown > /dev/null 2>&1; rm -rf "$state"' EXIT

dev=$( (setup) | tail -n 1)
[ -b "$dev" ] || { echo "profile: $target setup failed: $(cat "$state/skip-reason" 2> /dev/null)" >&2; exit 1; }

# fio through the guests' fio runner (tests/vm/lib/fio.sh), which perf runs.
data=$state/perf.data
export MQ_TMP=$state
rc=0
# shellcheck disable=SC2016 # expanded by the inner bash
perf record -q -a -g -e cpu-clock -o "$data" -- \
	bash -c 'source "$0"; mq_fio_exec profile "$@"' "$root/tests/vm/lib/fio.sh" \
	--filename="$dev" --direct=1 --ioengine=libaio --rw=randread --bs=4k --iodepth=32 \
	--numjobs="$MQB_VCPUS" --runtime="$seconds" --time_based --group_reporting || rc=$?
# shellcheck source=tests/vm/lib/fio.sh
source "$root/tests/vm/lib/fio.sh"
why=$(mq_fio_verdict profile "$rc") || { echo "profile: fio $why" >&2; exit 1; }
iops=$(jq '[.jobs[].read.iops] | add | floor' "$MQ_TMP/profile.json")

report() {
	perf report -i "$data" --no-children --stdio --fields overhead,dso,sym "$@" 2> /dev/null |
		grep -v '^#' | grep -v '^$' | sed 's/  *$//' || true
}
slow=native_queued_spin_lock_slowpath,queued_spin_lock_slowpath
echo "# $target, $(uname -r), $MQB_VCPUS vCPUs, fio 4k randread QD32 x$MQB_VCPUS for ${seconds}s: $iops IOPS"
echo "# flat profile (self time, >= 0.5%)"
report -g none --percent-limit 0.5
echo "# our modules' own functions"
report -g none | grep -E '\[(mqpath|mqnull)\]' || echo none
echo "# call chains into spinlock slow paths (none is the goal)"
chains=$(report -g caller -S "$slow")
echo "${chains:-none}"
