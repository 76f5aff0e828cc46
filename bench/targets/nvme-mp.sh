#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# NVMe native multipath: nvmet + nvme-loop over null_blk, one subsystem with
# one namespace exported through two loop ports, connected once per port.
#   IOPOLICY   numa (default), round-robin or queue-depth
#   PORTS      loop ports, 2 (default) or 1
#   MULTIPATH  Y (default) or N: nvme_core multipath=N gives plain nvme-loop
#              (one port only), the transport's cost without multipath
nqn=mqbench-nvme
cfs=/sys/kernel/config

setup() {
	local policy=${IOPOLICY:-numa} ports=${PORTS:-2} mp=${MULTIPATH:-Y}
	for m in nvmet nvme_loop; do
		mq_module_available $m || skip "$m is not available in $(uname -r)"
	done
	[ "$mp" = N ] && ports=1
	nullb_load 1
	# nvme_core keeps its multipath= from load time: reload it if needed.
	if [ -r /sys/module/nvme_core/parameters/multipath ] &&
		[ "$(cat /sys/module/nvme_core/parameters/multipath)" != "$mp" ]; then
		unload nvme_loop nvmet nvme_fabrics nvme nvme_core
		grep -q '^nvme_core ' /proc/modules && skip "nvme_core is in use: cannot set multipath=$mp"
	fi
	# configfs first (nvmet needs it registered before the mount).
	must modprobe configfs
	must modprobe nvme_core multipath="$mp"
	must modprobe nvmet
	must modprobe nvme_loop
	mountpoint -q $cfs || must mount -t configfs none $cfs
	local s=$cfs/nvmet/subsystems/$nqn i
	must mkdir "$s"
	echo 1 > "$s/attr_allow_any_host"
	must mkdir "$s/namespaces/1"
	echo -n /dev/nullb0 > "$s/namespaces/1/device_path"
	echo 1 > "$s/namespaces/1/enable" || die "cannot enable the nvmet namespace"
	for ((i = 1; i <= ports; i++)); do
		local p=$cfs/nvmet/ports/$((900 + i))
		must mkdir "$p"
		echo loop > "$p/addr_trtype"
		echo "port$i" > "$p/addr_traddr"
		must ln -s "$s" "$p/subsystems/$nqn"
	done
	for ((i = 1; i <= ports; i++)); do
		echo "transport=loop,traddr=port$i,nqn=$nqn" > /dev/nvme-fabrics ||
			die "nvme-loop connect through port$i failed"
	done
	local sub dev=
	sub=$(grep -l "^$nqn\$" /sys/class/nvme-subsystem/*/subsysnqn 2>/dev/null | head -n 1)
	[ -n "$sub" ] || die "no nvme subsystem with nqn $nqn after connect"
	sub=$(dirname "$sub")
	if [ "$mp" = Y ]; then
		echo "$policy" > "$sub/iopolicy" || die "iopolicy $policy rejected"
		echo "iopolicy: $(cat "$sub/iopolicy")" >&2
	fi
	for ((i = 0; i < 100; i++)); do
		dev=$(find "$sub/" -maxdepth 1 -name 'nvme*n*' -printf '%f\n' 2>/dev/null |
			grep -E '^nvme[0-9]+n[0-9]+$' | head -n 1)
		if [ -z "$dev" ] && [ "$mp" = N ]; then
			dev=$(find /sys/class/block/ -maxdepth 1 -name 'nvme*n*' -printf '%f\n' |
				grep -E '^nvme[0-9]+n[0-9]+$' | head -n 1)
		fi
		[ -n "$dev" ] && [ -b "/dev/$dev" ] && break
		sleep 0.1
	done
	[ -n "$dev" ] || die "no namespace block device appeared for $nqn"
	echo "controllers: $(find "$sub/" -maxdepth 1 -regextype posix-extended -regex '.*/nvme[0-9]+' -printf '%f ')" >&2
	echo "/dev/$dev"
}

teardown() {
	local c
	for c in /sys/class/nvme/nvme*; do
		[ -e "$c/subsysnqn" ] && [ "$(cat "$c/subsysnqn")" = "$nqn" ] &&
			echo 1 > "$c/delete_controller" 2>/dev/null
	done
	if [ -d $cfs/nvmet ]; then
		rm -f $cfs/nvmet/ports/*/subsystems/$nqn 2>/dev/null
		rmdir $cfs/nvmet/ports/90[0-9] 2>/dev/null
		[ -d $cfs/nvmet/subsystems/$nqn/namespaces/1 ] &&
			echo 0 > $cfs/nvmet/subsystems/$nqn/namespaces/1/enable 2>/dev/null
		rmdir $cfs/nvmet/subsystems/$nqn/namespaces/1 $cfs/nvmet/subsystems/$nqn 2>/dev/null
	fi
	unload nvme_loop nvmet null_blk
	return 0
}
