// SPDX-License-Identifier: GPL-2.0
/*
 * The mqpath gendisk: creating it, its block_device_operations, and
 * tearing it down. Its IO path is in datapath.c.
 */
#include <linux/blkdev.h>
#include <linux/slab.h>
#include "mqpath.h"
#include "selector.h"

static int mqp_open(struct gendisk *disk, blk_mode_t mode)
{
	struct mqp_dev *dev = disk->private_data;

	/* Called under disk->open_mutex, as destroy checks the openers. */
	if (READ_ONCE(dev->dying))
		return -ENXIO;
	if (mode & BLK_OPEN_EXCL)
		mqp_loop_opened(dev);
	return 0;
}

static const struct block_device_operations mqp_fops = {
	.owner		= THIS_MODULE,
	.submit_bio	= mqp_submit_bio,
	.poll_bio	= mqp_poll_bio,
	.open		= mqp_open,
};

bool mqp_dev_is_ours(struct block_device *bdev)
{
	return bdev->bd_disk->fops == &mqp_fops;
}

void mqp_dev_default_config(struct mqp_dev_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->selector = MQPATH_SELECTOR_RR;
	cfg->failback = MQPATH_FAILBACK_AUTO;
	cfg->probe_interval_ms = MQP_DEF_PROBE_MS;
	cfg->freeze_warn_ms = MQP_DEF_FREEZE_WARN_MS;
	cfg->marginal_count = MQP_DEF_MARGINAL_COUNT;
	cfg->marginal_window_ms = MQP_DEF_MARGINAL_MS;
	cfg->marginal_hold_ms = MQP_DEF_MARGINAL_MS;
}

static struct mqp_dev *mqp_dev_alloc(const struct mqp_dev_config *cfg)
{
	struct mqp_table *t;
	struct mqp_dev *dev;

	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev)
		return NULL;

	kref_init(&dev->kref);
	mutex_init(&dev->lock);
	spin_lock_init(&dev->state_lock);
	spin_lock_init(&dev->park_lock);
	INIT_LIST_HEAD(&dev->paths);
	bio_list_init(&dev->parked);
	init_waitqueue_head(&dev->freeze_wq);
	atomic_set(&dev->nr_retiring, 0);
	INIT_WORK(&dev->requeue_work, mqp_requeue_work);
	INIT_DELAYED_WORK(&dev->nopath_work, mqp_nopath_work);
	INIT_DELAYED_WORK(&dev->probe_work, mqp_probe_work);
	init_llist_head(&dev->events);
	INIT_WORK(&dev->event_work, mqp_event_work);
	mqp_topo_init(dev);
	atomic64_set(&dev->stats.requeued, 0);
	atomic64_set(&dev->stats.parked, 0);
	atomic64_set(&dev->stats.nopath_failed, 0);
	atomic64_set(&dev->stats.frozen_waits, 0);

	dev->size = cfg->size;
	dev->lbs = cfg->lbs;
	dev->selector = cfg->selector;
	dev->failback = cfg->failback;
	dev->queue_if_no_path = cfg->queue_if_no_path;
	dev->no_path_timeout_ms = cfg->no_path_timeout_ms;
	dev->probe_interval_ms = cfg->probe_interval_ms;
	dev->freeze_warn_ms = cfg->freeze_warn_ms;
	dev->marginal_count = cfg->marginal_count;
	dev->marginal_window_ms = cfg->marginal_window_ms;
	dev->marginal_hold_ms = cfg->marginal_hold_ms;

	mutex_lock(&dev->lock);
	t = mqp_table_build(dev, cfg->selector, NULL, NULL);
	mutex_unlock(&dev->lock);
	if (!t)
		goto free_dev;
	if (mqp_slots_init(dev, t))
		goto free_table;
	if (bioset_init(&dev->bs, BIO_POOL_SIZE, offsetof(struct mqp_io, clone),
			BIOSET_PERCPU_CACHE))
		goto exit_slots;
	if (mqp_loop_init(dev))
		goto exit_bioset;
	return dev;

exit_bioset:
	bioset_exit(&dev->bs);
exit_slots:
	mqp_slots_exit(dev);
	t = NULL;
free_table:
	mqp_table_free(t);
free_dev:
	kfree(dev);
	return NULL;
}

/* The slots go in mqp_dev_free_rcu(). */
static void mqp_dev_free(struct mqp_dev *dev)
{
	mqp_loop_exit(dev);
	bioset_exit(&dev->bs);
}

/*
 * A drain sees a slot's count at zero as soon as the last put made it so,
 * before that put has called mqp_slot_release() and left the ref. The put
 * runs under rcu_read_lock(), so, as blk-mq does for its queues, wait for
 * a grace period before the refs and the device go.
 */
static void mqp_dev_free_rcu(struct rcu_head *head)
{
	struct mqp_dev *dev = container_of(head, struct mqp_dev, rcu);

	mqp_slots_exit(dev);
	kfree(dev);
}

void mqp_dev_release(struct kref *kref)
{
	struct mqp_dev *dev = container_of(kref, struct mqp_dev, kref);

	call_rcu(&dev->rcu, mqp_dev_free_rcu);
}

struct mqp_dev *mqp_dev_create(const struct mqp_dev_config *cfg, u32 id,
			       bool any_id)
{
	struct queue_limits lim;
	struct gendisk *disk;
	struct mqp_dev *dev;
	int ret;

	dev = mqp_dev_alloc(cfg);
	if (!dev)
		return ERR_PTR(-ENOMEM);

	mqp_limits_build(dev, &lim, NULL, NULL);
	dev->limits = lim;
	disk = blk_alloc_disk(&lim, NUMA_NO_NODE);
	if (IS_ERR(disk)) {
		ret = PTR_ERR(disk);
		goto free_dev;
	}
	disk->fops = &mqp_fops;
	disk->private_data = dev;
	dev->disk = disk;

	ret = mqp_dev_register(dev, id, any_id);
	if (ret)
		goto put_disk;
	snprintf(disk->disk_name, DISK_NAME_LEN, "mqpath%u", dev->id);
	set_capacity(disk, dev->size >> SECTOR_SHIFT);

	/*
	 * No partition scan while adding: with queue_if_no_path and no path
	 * yet, its reads would park and add_disk() would not return.
	 */
	set_bit(GD_SUPPRESS_PART_SCAN, &disk->state);
	ret = device_add_disk(NULL, disk, mqp_disk_groups);
	if (ret)
		goto unregister;
	clear_bit(GD_SUPPRESS_PART_SCAN, &disk->state);

	/*
	 * Before publishing: from then on a destroy may tear the device down,
	 * and its teardown cancels the probe only once.
	 */
	mqp_probe_schedule(dev);
	/* One reference for the registry, one for the caller. */
	kref_get(&dev->kref);
	mqp_dev_publish(dev);
	return dev;

unregister:
	mqp_dev_unreserve(dev->id);
put_disk:
	put_disk(disk);
free_dev:
	mqp_dev_free(dev);
	kref_put(&dev->kref, mqp_dev_release);
	return ERR_PTR(ret);
}

/*
 * Tear down a device that is no longer in the registry and not open.
 * The caller still holds a reference.
 */
void mqp_dev_teardown(struct mqp_dev *dev)
{
	struct mqp_path *path, *tmp;
	LIST_HEAD(paths);

	cancel_delayed_work_sync(&dev->probe_work);
	cancel_delayed_work_sync(&dev->loop_work);
	mqp_checker_stop(dev);
	/*
	 * Dying, the device parks nothing more. What is parked fails now: at
	 * module exit that can be the partition scan's reads, and the scan
	 * holds the disk's open_mutex, which del_gendisk() takes, and is
	 * waited for below.
	 */
	mqp_fail_parked(dev);
	mqp_topo_teardown(dev);

	/* After this no bio enters ->submit_bio. */
	del_gendisk(dev->disk);
	/* The disk has left sysfs: its name and the id may be reused. */
	mqp_dev_unpublish(dev);

	/* Retries from now on, and the submitters still inside, fail. */
	mutex_lock(&dev->lock);
	mqp_dev_kill(dev);
	mutex_unlock(&dev->lock);

	flush_work(&dev->drain_work);
	flush_work(&dev->requeue_work);
	cancel_delayed_work_sync(&dev->nopath_work);
	mqp_fail_parked(dev);
	cancel_delayed_work_sync(&dev->probe_work);

	/*
	 * Closing a path yields its claim under bd_holder_lock, which
	 * mqp_path_mark_dead() runs under: once the paths are closed no path
	 * state changes and nothing queues work on the device. (Arming the
	 * no-path timer meanwhile is refused: dev->dead.) Then wait for the
	 * IO of every path, those an earlier remove retired included: the
	 * clones come from dev->bs.
	 */
	spin_lock_irq(&dev->state_lock);
	list_splice_init(&dev->paths, &paths);
	list_for_each_entry(path, &paths, node)
		WRITE_ONCE(path->removed, true);
	spin_unlock_irq(&dev->state_lock);
	list_for_each_entry(path, &paths, node) {
		mqp_path_get(path);
		mqp_path_retire_start(path);
	}
	list_for_each_entry_safe(path, tmp, &paths, node) {
		list_del_init(&path->node);
		mqp_path_retire_wait(path, false);
		mqp_path_put(path);
	}
	wait_event(dev->freeze_wq, !atomic_read(&dev->nr_retiring));
	/* What failed on its way out meets a dead device. */
	flush_work(&dev->requeue_work);

	mqp_event_flush(dev);
	put_disk(dev->disk);
	mqp_dev_free(dev);
}

/* The settings of @dev, as DEV_SET changes them. Called under dev->lock. */
void mqp_dev_get_config(const struct mqp_dev *dev,
			struct mqp_dev_config *cfg)
{
	cfg->size = dev->size;
	cfg->lbs = dev->lbs;
	cfg->selector = dev->selector;
	cfg->failback = dev->failback;
	cfg->queue_if_no_path = dev->queue_if_no_path;
	cfg->no_path_timeout_ms = dev->no_path_timeout_ms;
	cfg->probe_interval_ms = dev->probe_interval_ms;
	cfg->freeze_warn_ms = dev->freeze_warn_ms;
	cfg->marginal_count = dev->marginal_count;
	cfg->marginal_window_ms = dev->marginal_window_ms;
	cfg->marginal_hold_ms = dev->marginal_hold_ms;
}

/*
 * Bring @dev's settings to @cfg's (its size and block size are fixed at
 * creation): a new selector takes a new table; a failback policy decides
 * the active group again; queue-if-no-path turned off fails what is
 * parked, turned on starts a no-path episode if no path is live; a new
 * no-path timeout rearms a running one; a new probe interval reschedules
 * the prober. Called under dev->lock.
 */
int mqp_dev_apply_settings(struct mqp_dev *dev,
			   const struct mqp_dev_config *cfg)
{
	u32 old_timeout;
	int ret;

	lockdep_assert_held(&dev->lock);

	ret = mqp_dev_set_selector(dev, cfg->selector);
	if (ret)
		return ret;

	dev->freeze_warn_ms = cfg->freeze_warn_ms;
	WRITE_ONCE(dev->marginal_count, cfg->marginal_count);
	WRITE_ONCE(dev->marginal_window_ms, cfg->marginal_window_ms);
	WRITE_ONCE(dev->marginal_hold_ms, cfg->marginal_hold_ms);
	old_timeout = dev->no_path_timeout_ms;
	WRITE_ONCE(dev->no_path_timeout_ms, cfg->no_path_timeout_ms);

	if (cfg->failback != dev->failback) {
		WRITE_ONCE(dev->failback, cfg->failback);
		spin_lock_irq(&dev->state_lock);
		mqp_recompute_locked(dev, false);
		spin_unlock_irq(&dev->state_lock);
	}

	if (cfg->queue_if_no_path != dev->queue_if_no_path) {
		spin_lock_irq(&dev->park_lock);
		WRITE_ONCE(dev->queue_if_no_path, cfg->queue_if_no_path);
		dev->nopath_expired = false;
		spin_unlock_irq(&dev->park_lock);
		if (!cfg->queue_if_no_path) {
			cancel_delayed_work(&dev->nopath_work);
			mqp_fail_parked(dev);
		} else if (!READ_ONCE(dev->nr_live)) {
			mqp_nopath_arm(dev);
		}
	} else if (cfg->no_path_timeout_ms != old_timeout) {
		mqp_nopath_rearm(dev);
	}

	if (cfg->probe_interval_ms != dev->probe_interval_ms) {
		WRITE_ONCE(dev->probe_interval_ms, cfg->probe_interval_ms);
		if (cfg->probe_interval_ms)
			mod_delayed_work(mqp_probe_wq, &dev->probe_work,
					 msecs_to_jiffies(cfg->probe_interval_ms));
		else
			cancel_delayed_work(&dev->probe_work);
	}
	return 0;
}

/* Use the best priority group with a live path now. Under dev->lock. */
void mqp_dev_failback(struct mqp_dev *dev)
{
	spin_lock_irq(&dev->state_lock);
	mqp_recompute_locked(dev, true);
	spin_unlock_irq(&dev->state_lock);
}
