// SPDX-License-Identifier: GPL-2.0
/*
 * The mqpath gendisk: a bio-based disk whose ->submit_bio clones each bio
 * onto the path the selector picks. The fast path is a percpu_ref tryget,
 * a table read, a lock-free selection and a clone from a per-device
 * bio_set; the clone's completion drops the reference.
 *
 * Why a clone rather than redirecting the bio itself (bio_set_dev()), as
 * NVMe's head disk does: NVMe gets its failed bios back intact from the
 * request, before they complete. Here the path completes the bio, after
 * the lower layers advanced its iterator; only a clone leaves the original
 * untouched for a retry on another path, and gives us an end_io of our own
 * without saving and restoring the submitter's.
 */
#include <linux/blkdev.h>
#include <linux/slab.h>
#include "mqpath.h"
#include "selector.h"

static void mqp_ref_release(struct percpu_ref *ref)
{
	struct mqp_dev *dev = container_of(ref, struct mqp_dev, ref);

	wake_up_all(&dev->freeze_wq);
}

/*
 * The device is frozen: wait, as blk_queue_enter() does, until it is not.
 * Returns false if the bio was completed instead.
 */
static bool mqp_enter_slow(struct mqp_dev *dev, struct bio *bio)
{
	atomic64_inc(&dev->stats.frozen_waits);
	do {
		if (READ_ONCE(dev->dead)) {
			mqp_bio_io_error(bio);
			return false;
		}
		if (bio->bi_opf & REQ_NOWAIT) {
			bio_wouldblock_error(bio);
			return false;
		}
		/*
		 * Read the ref's dead flag before the frozen flag; pairs with
		 * smp_wmb() in mqp_freeze().
		 */
		smp_rmb();
		wait_event(dev->freeze_wq,
			   !READ_ONCE(dev->frozen) || READ_ONCE(dev->dead));
		/* See the resurrected ref once frozen reads false. */
		smp_rmb();
	} while (!percpu_ref_tryget_live(&dev->ref));
	return true;
}

/*
 * A reference on dev->ref is held; consumed here. @tries counts the paths
 * the bio has been sent to, this one included.
 */
void mqp_submit_on_path(struct mqp_dev *dev, struct mqp_path *path,
			struct bio *bio, unsigned int tries)
{
	gfp_t gfp = (bio->bi_opf & REQ_NOWAIT) ? GFP_NOWAIT : GFP_NOIO;
	blk_opf_t cache = bio->bi_opf & REQ_ALLOC_CACHE;
	struct bio *clone;
	struct mqp_io *io;

	/*
	 * Take the clone from the bio_set's per-CPU cache, not its mempool:
	 * the clone inherits the flag the allocator looks for from the
	 * original, so lend it for the call.
	 */
	bio->bi_opf |= REQ_ALLOC_CACHE;
	clone = bio_alloc_clone(path->bdev, bio, gfp, &dev->bs);
	bio->bi_opf = (bio->bi_opf & ~REQ_ALLOC_CACHE) | cache;
	if (unlikely(!clone)) {
		percpu_ref_put(&dev->ref);
		if (bio->bi_opf & REQ_NOWAIT)
			bio_wouldblock_error(bio);
		else
			bio_io_error(bio);
		return;
	}
	/* A partition path still needs its own remap. */
	if (unlikely(path->is_part))
		bio_clear_flag(clone, BIO_REMAPPED);

	/*
	 * A clone shares the original's bio_vec table but has no bi_vcnt, so
	 * blk-mq would walk it to see whether it needs a split. When the clone
	 * covers exactly the one segment of the table, say so: the check then
	 * sees what the original would have shown it.
	 */
	if (bio->bi_vcnt == 1 && !bio->bi_iter.bi_idx &&
	    !bio->bi_iter.bi_bvec_done)
		clone->bi_vcnt = 1;

	/* Fail fast on transport errors: another path may serve the bio. */
	clone->bi_opf |= REQ_FAILFAST_TRANSPORT;

	io = container_of(clone, struct mqp_io, clone);
	io->orig = bio;
	io->path = path;
	io->tries = tries;
	clone->bi_end_io = mqp_clone_end_io;
	this_cpu_inc(path->pcpu->submitted);
	if (bio_has_data(clone))
		this_cpu_inc(path->pcpu->rw[op_is_write(bio_op(clone))]);
	submit_bio_noacct(clone);
}

/* No path from the active group: try any, else park or fail the bio. */
static struct mqp_path *mqp_select_slow(struct mqp_dev *dev,
					struct mqp_table *t, struct bio *bio)
{
	struct mqp_path *path;

	for (;;) {
		path = mqp_select_any(t);
		if (path)
			return path;
		if (mqp_no_path(dev, bio)) {
			percpu_ref_put(&dev->ref);
			return NULL;
		}
		cpu_relax();
	}
}

/*
 * Enter the device (or wait out a freeze) and pick a path from the table
 * the reference pins. NULL when @bio (the bio, or the spent clone that
 * stands for it) was parked or failed instead; otherwise the caller holds
 * a reference on dev->ref that the clone's completion drops.
 */
static inline struct mqp_path *mqp_enter_select(struct mqp_dev *dev,
						struct bio *bio)
{
	struct mqp_path *path = NULL;
	struct mqp_table *t;
	int active;

	if (unlikely(!percpu_ref_tryget_live(&dev->ref)) &&
	    !mqp_enter_slow(dev, bio))
		return NULL;

	/*
	 * Read the table only after taking the reference that pins it; pairs
	 * with smp_wmb() in mqp_unfreeze().
	 */
	smp_rmb();
	t = READ_ONCE(dev->table);
	active = READ_ONCE(t->active);
	if (likely(active >= 0))
		path = mqp_select(t, &t->groups[active]);
	if (unlikely(!path))
		path = mqp_select_slow(dev, t, bio);
	return path;
}

static void mqp_submit_bio(struct bio *bio)
{
	struct mqp_dev *dev = bio->bi_bdev->bd_disk->private_data;
	struct mqp_path *path = mqp_enter_select(dev, bio);

	if (path)
		mqp_submit_on_path(dev, path, bio, 1);
}

/*
 * From the requeue work: send again the bio whose clone @spent failed on
 * a path. @spent stands for the bio until a new clone is out, or on the
 * park list if no path is live, so that the count of paths tried lives on.
 */
void mqp_retry(struct mqp_dev *dev, struct bio *spent)
{
	struct mqp_io *io = container_of(spent, struct mqp_io, clone);
	struct bio *bio = io->orig;
	struct mqp_path *path;
	unsigned int tries;

	/* Out of the submitter's context now: we may block. */
	bio->bi_opf &= ~REQ_NOWAIT;
	spent->bi_opf &= ~REQ_NOWAIT;
	path = mqp_enter_select(dev, spent);
	if (!path)
		return;
	tries = io->tries;
	bio_put(spent);
	mqp_submit_on_path(dev, path, bio, tries + 1);
}

static int mqp_open(struct gendisk *disk, blk_mode_t mode)
{
	struct mqp_dev *dev = disk->private_data;

	/* Called under disk->open_mutex, as destroy checks the openers. */
	if (READ_ONCE(dev->dying))
		return -ENXIO;
	return 0;
}

static const struct block_device_operations mqp_fops = {
	.owner		= THIS_MODULE,
	.submit_bio	= mqp_submit_bio,
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
	INIT_WORK(&dev->requeue_work, mqp_requeue_work);
	INIT_DELAYED_WORK(&dev->nopath_work, mqp_nopath_work);
	INIT_DELAYED_WORK(&dev->probe_work, mqp_probe_work);
	init_llist_head(&dev->events);
	INIT_WORK(&dev->event_work, mqp_event_work);
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

	if (percpu_ref_init(&dev->ref, mqp_ref_release,
			    PERCPU_REF_ALLOW_REINIT, GFP_KERNEL))
		goto free_dev;
	if (bioset_init(&dev->bs, BIO_POOL_SIZE, offsetof(struct mqp_io, clone),
			BIOSET_PERCPU_CACHE))
		goto exit_ref;

	mutex_lock(&dev->lock);
	dev->table = mqp_table_build(dev, cfg->selector, NULL, NULL);
	mutex_unlock(&dev->lock);
	if (!dev->table)
		goto exit_bs;
	return dev;

exit_bs:
	bioset_exit(&dev->bs);
exit_ref:
	percpu_ref_exit(&dev->ref);
free_dev:
	kfree(dev);
	return NULL;
}

/* The percpu_ref goes in mqp_dev_free_rcu(). */
static void mqp_dev_free(struct mqp_dev *dev)
{
	mqp_table_free(dev->table);
	dev->table = NULL;
	bioset_exit(&dev->bs);
}

/*
 * A freezer sees the count at zero as soon as the last put made it so,
 * before that put has called mqp_ref_release() and left the ref. The put
 * runs under rcu_read_lock(), so, as blk-mq does for its queues, wait for
 * a grace period before the ref and the device go.
 */
static void mqp_dev_free_rcu(struct rcu_head *head)
{
	struct mqp_dev *dev = container_of(head, struct mqp_dev, rcu);

	percpu_ref_exit(&dev->ref);
	kfree(dev);
}

void mqp_dev_release(struct kref *kref)
{
	struct mqp_dev *dev = container_of(kref, struct mqp_dev, kref);

	call_rcu(&dev->rcu, mqp_dev_free_rcu);
}

struct mqp_dev *mqp_dev_create(const struct mqp_dev_config *cfg, u32 id,
			       bool any_id, struct netlink_ext_ack *extack)
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

	/* After this no bio enters ->submit_bio. */
	del_gendisk(dev->disk);
	/* The disk has left sysfs: its name and the id may be reused. */
	mqp_dev_unpublish(dev);

	/* Drain the bios in flight; failed-over ones meet a dead disk. */
	mutex_lock(&dev->lock);
	mqp_freeze(dev);
	spin_lock_irq(&dev->park_lock);
	WRITE_ONCE(dev->dead, true);
	spin_unlock_irq(&dev->park_lock);
	wake_up_all(&dev->freeze_wq);
	mutex_unlock(&dev->lock);

	flush_work(&dev->requeue_work);
	cancel_delayed_work_sync(&dev->nopath_work);
	mqp_fail_parked(dev);
	cancel_delayed_work_sync(&dev->probe_work);

	/*
	 * Closing a path yields its claim under bd_holder_lock, which
	 * mqp_path_mark_dead() runs under: once the paths are closed no path
	 * state changes and nothing queues work on the device. (Arming the
	 * no-path timer meanwhile is refused: dev->dead.)
	 */
	spin_lock_irq(&dev->state_lock);
	list_splice_init(&dev->paths, &paths);
	spin_unlock_irq(&dev->state_lock);
	list_for_each_entry_safe(path, tmp, &paths, node) {
		list_del_init(&path->node);
		mqp_path_put(path);
	}
	flush_work(&dev->requeue_work);

	mqp_event_flush(dev);
	put_disk(dev->disk);
	mqp_dev_free(dev);
}
