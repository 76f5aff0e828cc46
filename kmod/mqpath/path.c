// SPDX-License-Identifier: GPL-2.0
/*
 * Paths: opening and closing the path disks, path state changes and the
 * prober that reinstates failed paths.
 */
#include <linux/blkdev.h>
#include <linux/fs.h>
#include <linux/netlink.h>
#include <linux/slab.h>
#include "mqpath.h"

/*
 * The path's disk is going away (del_gendisk() of its driver). Called with
 * bdev->bd_holder_lock held, which also keeps the path from being closed
 * under us: closing yields the claim under the same lock.
 */
static void mqp_path_mark_dead(struct block_device *bdev, bool surprise)
{
	struct mqp_dev *dev = bdev->bd_holder;
	struct mqp_path *path, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&dev->state_lock, flags);
	list_for_each_entry(path, &dev->paths, node) {
		if (path->bdev == bdev) {
			path->gone = true;
			found = path;
			break;
		}
	}
	spin_unlock_irqrestore(&dev->state_lock, flags);

	if (found)
		mqp_path_set_state(found, MQPATH_PATH_FAILED,
				   MQPATH_REASON_DISK_GONE);
	mutex_unlock(&bdev->bd_holder_lock);
}

static const struct blk_holder_ops mqp_holder_ops = {
	.mark_dead = mqp_path_mark_dead,
};

/*
 * Change a path's state; any context. Returns true if it changed. Failing
 * an already failed path by hand still records the admin as the reason,
 * which keeps the prober off it; so does a disk that disappears after its
 * IO failed, and that is reported again.
 */
bool mqp_path_set_state(struct mqp_path *path, int state, u8 reason)
{
	struct mqp_dev *dev = path->dev;
	unsigned long flags;

	spin_lock_irqsave(&dev->state_lock, flags);
	/*
	 * A removed path (off dev->paths, awaiting its last put) changes no
	 * more: its prober or a late completion must not announce it.
	 */
	if (READ_ONCE(path->removed)) {
		spin_unlock_irqrestore(&dev->state_lock, flags);
		return false;
	}
	if (path->state == state || (state == MQPATH_PATH_LIVE && path->gone)) {
		if (path->state == state && path->reason != reason &&
		    (reason == MQPATH_REASON_ADMIN ||
		     reason == MQPATH_REASON_DISK_GONE)) {
			path->reason = reason;
			if (reason == MQPATH_REASON_DISK_GONE)
				mqp_event(dev, MQPATH_CMD_EVENT_PATH_FAILED,
					  path, 0);
		}
		spin_unlock_irqrestore(&dev->state_lock, flags);
		return false;
	}
	WRITE_ONCE(path->state, state);
	path->reason = reason;
	if (state == MQPATH_PATH_FAILED)
		atomic64_inc(&path->fail_count);
	mqp_event(dev, state == MQPATH_PATH_LIVE ?
		  MQPATH_CMD_EVENT_PATH_REINSTATED :
		  MQPATH_CMD_EVENT_PATH_FAILED, path, 0);
	/* Paths on dev->paths are exactly those of dev->table. */
	if (!list_empty(&path->node))
		mqp_recompute_locked(dev, false);
	spin_unlock_irqrestore(&dev->state_lock, flags);

	if (state == MQPATH_PATH_LIVE)
		mqp_kick_parked(dev);
	return true;
}

/*
 * After the path joined the table: did its disk die before that? Its
 * driver's del_gendisk() unhashes the disk before it reports the disk
 * dead to the holders, and sets GD_DEAD only after: a report that found
 * no path on dev->paths left the disk unhashed already.
 */
void mqp_path_check_gone(struct mqp_path *path)
{
	struct gendisk *disk = path->bdev->bd_disk;
	struct mqp_dev *dev = path->dev;

	if (disk_live(disk) && !test_bit(GD_DEAD, &disk->state))
		return;
	spin_lock_irq(&dev->state_lock);
	path->gone = true;
	spin_unlock_irq(&dev->state_lock);
	mqp_path_set_state(path, MQPATH_PATH_FAILED, MQPATH_REASON_DISK_GONE);
}

struct mqp_path *mqp_path_find(struct mqp_dev *dev, u32 id)
{
	struct mqp_path *path;

	lockdep_assert_held(&dev->lock);
	list_for_each_entry(path, &dev->paths, node)
		if (path->id == id)
			return path;
	return NULL;
}

struct mqp_path *mqp_path_find_devt(struct mqp_dev *dev, dev_t devt)
{
	struct mqp_path *path;

	lockdep_assert_held(&dev->lock);
	list_for_each_entry(path, &dev->paths, node)
		if (path->devt == devt)
			return path;
	return NULL;
}

static const char *mqp_open_error(int err)
{
	switch (err) {
	case -EBUSY:
		return "path disk is held exclusively by someone else";
	case -ENXIO:
	case -ENODEV:
		return "no such block device";
	case -EACCES:
	case -EROFS:
		return "path disk cannot be opened for writing";
	default:
		return "cannot open the path disk";
	}
}

/*
 * Open the disk @devt exclusively, with the device as holder, and check
 * that it fits the device. Called under dev->lock. @attr is the request's
 * PATH nest, named by the error messages.
 */
struct mqp_path *mqp_path_open(struct mqp_dev *dev, dev_t devt, u32 prio,
			       struct netlink_ext_ack *extack,
			       const struct nlattr *attr)
{
	struct block_device *bdev;
	struct mqp_path *path;
	unsigned int id, lbs;
	struct file *file;
	u64 size;
	int ret;

	lockdep_assert_held(&dev->lock);

	id = find_first_zero_bit(dev->path_ids, MQPATH_MAX_PATHS);
	if (id >= MQPATH_MAX_PATHS) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "device already has MQPATH_MAX_PATHS paths");
		return ERR_PTR(-ENOSPC);
	}

	path = kzalloc(sizeof(*path), GFP_KERNEL);
	if (!path)
		return ERR_PTR(-ENOMEM);
	path->pcpu = alloc_percpu(struct mqp_path_pcpu);
	if (!path->pcpu) {
		ret = -ENOMEM;
		goto free_path;
	}

	file = bdev_file_open_by_dev(devt, BLK_OPEN_READ | BLK_OPEN_WRITE, dev,
				     &mqp_holder_ops);
	if (IS_ERR(file)) {
		ret = PTR_ERR(file);
		NL_SET_ERR_MSG_ATTR_FMT(extack, attr, "PATH: %s (%d)",
					mqp_open_error(ret), ret);
		goto free_pcpu;
	}
	bdev = file_bdev(file);

	ret = -EINVAL;
	if (mqp_dev_is_ours(bdev)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "an mqpath device cannot be a path");
		goto close;
	}
	if (bdev_is_zoned(bdev)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "zoned block devices are not supported");
		goto close;
	}
	lbs = bdev_logical_block_size(bdev);
	if (dev->lbs && lbs != dev->lbs) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, attr,
					"LOGICAL_BS: path has %u, device has %u",
					lbs, dev->lbs);
		goto close;
	}
	size = bdev_nr_bytes(bdev);
	if (dev->size && size != dev->size) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, attr,
					"SIZE: path has %llu bytes, device has %llu",
					size, dev->size);
		goto close;
	}
	if (!size) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "SIZE: path disk is empty");
		goto close;
	}

	path->dev = dev;
	path->bdev_file = file;
	path->bdev = bdev;
	path->devt = devt;
	path->id = id;
	path->priority = prio;
	path->state = MQPATH_PATH_LIVE;
	path->reason = MQPATH_REASON_ADMIN;
	path->is_part = bdev_is_partition(bdev);
	path->numa_node = bdev->bd_disk->node_id;
	kref_init(&path->kref);
	INIT_LIST_HEAD(&path->node);
	atomic64_set(&path->fail_count, 0);
	atomic64_set(&path->probes, 0);
	set_bit(id, dev->path_ids);
	return path;

close:
	bdev_fput(file);
free_pcpu:
	free_percpu(path->pcpu);
free_path:
	kfree(path);
	return ERR_PTR(ret);
}

static void mqp_path_release(struct kref *kref)
{
	struct mqp_path *path = container_of(kref, struct mqp_path, kref);

	bdev_fput(path->bdev_file);
	free_percpu(path->pcpu);
	kfree(path);
}

void mqp_path_get(struct mqp_path *path)
{
	kref_get(&path->kref);
}

/* Process context only: the last put closes the path disk. */
void mqp_path_put(struct mqp_path *path)
{
	kref_put(&path->kref, mqp_path_release);
}

/* Read the first logical block of the path; true if that worked. */
static bool mqp_probe_path(struct mqp_path *path)
{
	unsigned int len = bdev_logical_block_size(path->bdev);
	struct page *page;
	struct bio *bio;
	int ret;

	/* The read may be what brings the parked writeback a path back. */
	page = alloc_page(GFP_NOIO);
	if (!page)
		return false;
	bio = bio_alloc(path->bdev, 1, REQ_OP_READ | REQ_SYNC |
			REQ_FAILFAST_DEV | REQ_FAILFAST_TRANSPORT, GFP_NOIO);
	bio->bi_iter.bi_sector = 0;
	__bio_add_page(bio, page, len, 0);
	ret = submit_bio_wait(bio);
	bio_put(bio);
	__free_page(page);
	return !ret;
}

/*
 * Probe every path that failed on its own (not by an admin, and whose disk
 * still exists) and reinstate those that read again.
 */
void mqp_probe_work(struct work_struct *work)
{
	struct mqp_dev *dev = container_of(to_delayed_work(work),
					   struct mqp_dev, probe_work);
	struct mqp_path *todo[MQPATH_MAX_PATHS], *path;
	unsigned int nr = 0, i;

	spin_lock_irq(&dev->state_lock);
	list_for_each_entry(path, &dev->paths, node) {
		if (path->state == MQPATH_PATH_LIVE || path->gone ||
		    path->reason == MQPATH_REASON_ADMIN)
			continue;
		mqp_path_get(path);
		todo[nr++] = path;
	}
	spin_unlock_irq(&dev->state_lock);

	for (i = 0; i < nr; i++) {
		path = todo[i];
		/* Removed meanwhile: do not hold its disk open any longer. */
		if (READ_ONCE(path->removed)) {
			mqp_path_put(path);
			continue;
		}
		atomic64_inc(&path->probes);
		if (mqp_probe_path(path))
			mqp_path_set_state(path, MQPATH_PATH_LIVE,
					   MQPATH_REASON_PROBE);
		mqp_path_put(path);
	}

	mqp_probe_schedule(dev);
}

void mqp_probe_schedule(struct mqp_dev *dev)
{
	u32 ms = READ_ONCE(dev->probe_interval_ms);

	if (ms && !READ_ONCE(dev->dying))
		queue_delayed_work(mqp_probe_wq, &dev->probe_work,
				   msecs_to_jiffies(ms));
}
