// SPDX-License-Identifier: GPL-2.0
/*
 * Statistics: summing the per-CPU path counters, and the netlink
 * description of devices and paths (DEV_GET, STATS, replies).
 */
#include <linux/blkdev.h>
#include <linux/percpu.h>
#include <net/genetlink.h>
#include "mqpath.h"

static void mqp_path_sum(const struct mqp_path *path, struct mqp_path_pcpu *sum)
{
	int cpu;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct mqp_path_pcpu *pc = per_cpu_ptr(path->pcpu, cpu);

		sum->submitted += READ_ONCE(pc->submitted);
		sum->completed += READ_ONCE(pc->completed);
		sum->bytes += READ_ONCE(pc->bytes);
		sum->errors += READ_ONCE(pc->errors);
		sum->failovers += READ_ONCE(pc->failovers);
	}
}

/* Bios in flight on @path, approximately: no lock, no shared atomic. */
u64 mqp_path_inflight(const struct mqp_path *path)
{
	s64 n = 0;
	int cpu;

	for_each_possible_cpu(cpu) {
		const struct mqp_path_pcpu *pc = per_cpu_ptr(path->pcpu, cpu);

		n += READ_ONCE(pc->submitted) - READ_ONCE(pc->completed);
	}
	return n > 0 ? n : 0;
}

static int mqp_put_u64(struct sk_buff *skb, int type, u64 value, int pad)
{
	return nla_put_u64_64bit(skb, type, value, pad);
}

/* One PATH nest; dev->lock held. */
int mqp_fill_path(struct sk_buff *skb, struct mqp_path *path, bool stats)
{
	struct mqp_path_pcpu sum;
	struct nlattr *nest;
	char name[BDEVNAME_SIZE];

	nest = nla_nest_start(skb, MQPATH_ATTR_PATH);
	if (!nest)
		return -EMSGSIZE;
	snprintf(name, sizeof(name), "%pg", path->bdev);
	if (nla_put_u32(skb, MQPATH_PATH_ATTR_ID, path->id) ||
	    nla_put_u32(skb, MQPATH_PATH_ATTR_DEV_MAJOR, MAJOR(path->devt)) ||
	    nla_put_u32(skb, MQPATH_PATH_ATTR_DEV_MINOR, MINOR(path->devt)) ||
	    nla_put_string(skb, MQPATH_PATH_ATTR_DISK_NAME, name) ||
	    nla_put_u32(skb, MQPATH_PATH_ATTR_PRIORITY, path->priority) ||
	    nla_put_u8(skb, MQPATH_PATH_ATTR_STATE, READ_ONCE(path->state)) ||
	    nla_put_u8(skb, MQPATH_PATH_ATTR_REASON, READ_ONCE(path->reason)) ||
	    nla_put_s32(skb, MQPATH_PATH_ATTR_NUMA_NODE, path->numa_node) ||
	    mqp_fill_path_status(skb, path))
		goto cancel;

	if (stats) {
		mqp_path_sum(path, &sum);
		if (mqp_put_u64(skb, MQPATH_PATH_ATTR_IOS, sum.completed,
				MQPATH_PATH_ATTR_PAD) ||
		    mqp_put_u64(skb, MQPATH_PATH_ATTR_BYTES, sum.bytes,
				MQPATH_PATH_ATTR_PAD) ||
		    mqp_put_u64(skb, MQPATH_PATH_ATTR_ERRORS, sum.errors,
				MQPATH_PATH_ATTR_PAD) ||
		    mqp_put_u64(skb, MQPATH_PATH_ATTR_FAILOVERS, sum.failovers,
				MQPATH_PATH_ATTR_PAD) ||
		    mqp_put_u64(skb, MQPATH_PATH_ATTR_INFLIGHT,
				mqp_path_inflight(path), MQPATH_PATH_ATTR_PAD) ||
		    mqp_put_u64(skb, MQPATH_PATH_ATTR_FAIL_COUNT,
				atomic64_read(&path->fail_count),
				MQPATH_PATH_ATTR_PAD) ||
		    mqp_put_u64(skb, MQPATH_PATH_ATTR_PROBES,
				atomic64_read(&path->probes),
				MQPATH_PATH_ATTR_PAD))
			goto cancel;
	}
	nla_nest_end(skb, nest);
	return 0;

cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static int mqp_fill_dev_stats(struct sk_buff *skb, struct mqp_dev *dev)
{
	const struct mqp_dev_stats *st = &dev->stats;
	u64 parked_now, count, total, max;

	/*
	 * A freeze counts once its drain ends: wait for one under way (a
	 * grace period and the submitters in the old table, never IO), so
	 * that a reader after an update sees it.
	 */
	mqp_table_wait_drained(dev);
	spin_lock_irq(&dev->state_lock);
	count = st->freeze_count;
	total = st->freeze_total_ns;
	max = st->freeze_max_ns;
	spin_unlock_irq(&dev->state_lock);

	spin_lock_irq(&dev->park_lock);
	parked_now = dev->nr_parked_now;
	spin_unlock_irq(&dev->park_lock);

	if (mqp_put_u64(skb, MQPATH_ATTR_FREEZE_COUNT, count, MQPATH_ATTR_PAD) ||
	    mqp_put_u64(skb, MQPATH_ATTR_FREEZE_TOTAL_NS, total,
			MQPATH_ATTR_PAD) ||
	    mqp_put_u64(skb, MQPATH_ATTR_FREEZE_MAX_NS, max, MQPATH_ATTR_PAD) ||
	    mqp_put_u64(skb, MQPATH_ATTR_BIOS_REQUEUED,
			atomic64_read(&st->requeued), MQPATH_ATTR_PAD) ||
	    mqp_put_u64(skb, MQPATH_ATTR_BIOS_PARKED,
			atomic64_read(&st->parked), MQPATH_ATTR_PAD) ||
	    mqp_put_u64(skb, MQPATH_ATTR_BIOS_PARKED_NOW, parked_now,
			MQPATH_ATTR_PAD) ||
	    mqp_put_u64(skb, MQPATH_ATTR_BIOS_NO_PATH_FAILED,
			atomic64_read(&st->nopath_failed), MQPATH_ATTR_PAD) ||
	    mqp_put_u64(skb, MQPATH_ATTR_BIOS_FROZEN_WAITS,
			atomic64_read(&st->frozen_waits), MQPATH_ATTR_PAD))
		return -EMSGSIZE;
	return 0;
}

/* The whole device, with its paths; dev->lock held. */
int mqp_fill_dev(struct sk_buff *skb, struct mqp_dev *dev, bool stats)
{
	struct gendisk *disk = dev->disk;
	unsigned int nr_paths = 0;
	struct mqp_path *path;
	bool has_active;
	u32 active_prio;
	int ret;

	lockdep_assert_held(&dev->lock);

	list_for_each_entry(path, &dev->paths, node)
		nr_paths++;
	spin_lock_irq(&dev->state_lock);
	has_active = dev->has_active;
	active_prio = dev->active_prio;
	spin_unlock_irq(&dev->state_lock);

	if (nla_put_u32(skb, MQPATH_ATTR_DEV_ID, dev->id) ||
	    nla_put_string(skb, MQPATH_ATTR_DISK_NAME, disk->disk_name) ||
	    nla_put_u32(skb, MQPATH_ATTR_DEV_MAJOR, disk->major) ||
	    nla_put_u32(skb, MQPATH_ATTR_DEV_MINOR, disk->first_minor) ||
	    mqp_put_u64(skb, MQPATH_ATTR_SIZE,
			get_capacity(disk) << SECTOR_SHIFT, MQPATH_ATTR_PAD) ||
	    nla_put_u32(skb, MQPATH_ATTR_LOGICAL_BS,
			queue_logical_block_size(disk->queue)) ||
	    nla_put_u8(skb, MQPATH_ATTR_SELECTOR, dev->selector) ||
	    nla_put_u8(skb, MQPATH_ATTR_FAILBACK, dev->failback) ||
	    nla_put_u8(skb, MQPATH_ATTR_QUEUE_IF_NO_PATH,
		       dev->queue_if_no_path) ||
	    nla_put_u32(skb, MQPATH_ATTR_NO_PATH_TIMEOUT_MS,
			dev->no_path_timeout_ms) ||
	    nla_put_u32(skb, MQPATH_ATTR_PROBE_INTERVAL_MS,
			dev->probe_interval_ms) ||
	    nla_put_u32(skb, MQPATH_ATTR_FREEZE_WARN_MS, dev->freeze_warn_ms) ||
	    nla_put_u32(skb, MQPATH_ATTR_OPEN_COUNT, disk_openers(disk)) ||
	    nla_put_u32(skb, MQPATH_ATTR_NR_PATHS, nr_paths) ||
	    nla_put_u32(skb, MQPATH_ATTR_NR_LIVE_PATHS, READ_ONCE(dev->nr_live)) ||
	    nla_put_u32(skb, MQPATH_ATTR_MARGINAL_COUNT, dev->marginal_count) ||
	    nla_put_u32(skb, MQPATH_ATTR_MARGINAL_WINDOW_MS,
			dev->marginal_window_ms) ||
	    nla_put_u32(skb, MQPATH_ATTR_MARGINAL_HOLD_MS,
			dev->marginal_hold_ms) ||
	    nla_put_u8(skb, MQPATH_ATTR_QUEUEING, mqp_dev_queueing(dev)))
		return -EMSGSIZE;
	if (has_active &&
	    nla_put_u32(skb, MQPATH_ATTR_ACTIVE_PRIORITY, active_prio))
		return -EMSGSIZE;
	if (dev->uid.len) {
		char wwid[MQP_UID_STR_LEN];

		mqp_uid_format(&dev->uid, wwid);
		if (nla_put_string(skb, MQPATH_ATTR_WWID, wwid))
			return -EMSGSIZE;
	}
	if (stats) {
		ret = mqp_fill_dev_stats(skb, dev);
		if (ret)
			return ret;
	}

	list_for_each_entry(path, &dev->paths, node) {
		ret = mqp_fill_path(skb, path, stats);
		if (ret)
			return ret;
	}
	return 0;
}
