// SPDX-License-Identifier: GPL-2.0
/*
 * Paths: opening and closing the path disks, path state changes and the
 * prober that reinstates failed paths.
 */
#include <linux/blkdev.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/kernfs.h>
#include <linux/ktime.h>
#include <linux/netlink.h>
#include <linux/slab.h>
#include <linux/string_choices.h>
#include "mqpath.h"

/* Disks below a candidate path that mqp_path_check_stack() follows. */
#define MQP_STACK_MAX	16

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

	if (found) {
		mqp_path_set_state(found, MQPATH_PATH_FAILED,
				   MQPATH_REASON_DISK_GONE);
		mqp_topo_path_gone(dev);
	}
	mutex_unlock(&bdev->bd_holder_lock);
}

static const struct blk_holder_ops mqp_holder_ops = {
	.mark_dead = mqp_path_mark_dead,
};

/*
 * The checker's verdict comes after its read, which an admin's PATH_FAIL
 * may have overtaken: a path the admin failed stays failed.
 */
static bool mqp_path_admin_held(struct mqp_path *path, int state, u8 reason)
{
	return path->state == MQPATH_PATH_FAILED &&
	       path->reason == MQPATH_REASON_ADMIN &&
	       reason != MQPATH_REASON_ADMIN;
}

static u8 mqp_state_event(int state)
{
	switch (state) {
	case MQPATH_PATH_LIVE:
		return MQPATH_CMD_EVENT_PATH_REINSTATED;
	case MQPATH_PATH_MARGINAL:
		return MQPATH_CMD_EVENT_PATH_MARGINAL;
	default:
		return MQPATH_CMD_EVENT_PATH_FAILED;
	}
}

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
	/* A path held out for its limits comes back by the checker only. */
	if (path->state == state ||
	    (state != MQPATH_PATH_FAILED &&
	     (path->gone || path->limits_held)) ||
	    mqp_path_admin_held(path, state, reason)) {
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
	path->last_change = ktime_get_ns();
	if (state == MQPATH_PATH_FAILED) {
		atomic64_inc(&path->fail_count);
		mqp_checker_note_fail(path, reason);
	}
	mqp_event(dev, mqp_state_event(state), path, 0);
	/* Paths on dev->paths are exactly those of dev->table. */
	if (!list_empty(&path->node))
		mqp_recompute_locked(dev, false);
	spin_unlock_irqrestore(&dev->state_lock, flags);

	if (state == MQPATH_PATH_LIVE) {
		mqp_kick_parked(dev);
		mqp_topo_kick(dev);
	}
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
	mqp_topo_path_gone(dev);
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
 * The "slaves" folder of @disk, referenced, or NULL. del_gendisk() marks
 * the disk dead under open_mutex before it drops the folder.
 */
static struct kobject *mqp_disk_slaves(struct gendisk *disk)
{
	struct kobject *slaves = NULL;

	mutex_lock(&disk->open_mutex);
	if (!test_bit(GD_DEAD, &disk->state) && disk->slave_dir)
		slaves = kobject_get(disk->slave_dir);
	mutex_unlock(&disk->open_mutex);
	return slaves;
}

/*
 * Refuse a path whose disk sits on our own disk, directly or through
 * other disks, or on a partition of it: every bio sent down it would come
 * back to us and go round without end. A stacking driver (dm, md) links
 * each block device it sits on into the "slaves" folder of its disk
 * (bd_link_disk_holder()); follow those links down from the path's disk,
 * through every disk of the block class named in the folder of a disk
 * already reached. Modules get no list of disks, so the class is reached
 * through our own disk's device. The checker walks again later: a stack
 * may change after the add (mqp_checker_loop()).
 */
int mqp_path_check_stack(struct mqp_dev *dev, struct block_device *bdev,
			 struct netlink_ext_ack *extack)
{
	struct gendisk *seen[MQP_STACK_MAX];
	unsigned int nr = 1, i, j;
	struct class_dev_iter iter;
	struct kernfs_node *kn;
	struct kobject *slaves;
	struct gendisk *lower;
	struct device *d;
	int ret = 0;

	/* Held open by the caller. */
	seen[0] = bdev->bd_disk;
	for (i = 0; i < nr && !ret; i++) {
		slaves = mqp_disk_slaves(seen[i]);
		if (!slaves)
			continue;
		class_dev_iter_init(&iter, disk_to_dev(dev->disk)->class, NULL,
				    NULL);
		while ((d = class_dev_iter_next(&iter))) {
			kn = kernfs_find_and_get(slaves->sd, dev_name(d));
			if (!kn)
				continue;
			kernfs_put(kn);
			lower = dev_to_disk(d);
			if (lower == dev->disk) {
				NL_SET_ERR_MSG_FMT(extack,
						   "PATH: %pg stacks on %s itself",
						   bdev, dev->disk->disk_name);
				ret = -ELOOP;
				break;
			}
			for (j = 0; j < nr && seen[j] != lower; j++)
				;
			if (j < nr)
				continue;
			if (nr == MQP_STACK_MAX) {
				NL_SET_ERR_MSG_FMT(extack,
						   "PATH: %pg stacks on over %u disks, too many to check",
						   bdev, MQP_STACK_MAX);
				ret = -ELOOP;
				break;
			}
			/* Keeps the gendisk, and so its open_mutex, around. */
			get_device(disk_to_dev(lower));
			seen[nr++] = lower;
		}
		class_dev_iter_exit(&iter);
		kobject_put(slaves);
	}

	for (j = 1; j < nr; j++)
		put_device(disk_to_dev(seen[j]));
	return ret;
}

/*
 * Open the disk @devt exclusively, with the device as holder, and check
 * that it fits the device. Called under dev->lock.
 */
static struct mqp_path *mqp_path_open(struct mqp_dev *dev, dev_t devt,
				      u32 prio, struct netlink_ext_ack *extack)
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
		NL_SET_ERR_MSG(extack,
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
	ret = mqp_path_ref_init(path);
	if (ret)
		goto free_pcpu;

	file = bdev_file_open_by_dev(devt, BLK_OPEN_READ | BLK_OPEN_WRITE, dev,
				     &mqp_holder_ops);
	if (IS_ERR(file)) {
		ret = PTR_ERR(file);
		NL_SET_ERR_MSG_FMT(extack, "PATH: %s (%d)",
				   mqp_open_error(ret), ret);
		goto exit_ref;
	}
	bdev = file_bdev(file);
	path->bdev = bdev;
	/* Before the stack: a change after it is the checker's to see. */
	mqp_path_read_limits(path, true);

	ret = -EINVAL;
	if (mqp_dev_is_ours(bdev)) {
		NL_SET_ERR_MSG(extack, "an mqpath device cannot be a path");
		goto close;
	}
	ret = mqp_path_check_stack(dev, bdev, extack);
	if (ret)
		goto close;
	ret = -EINVAL;
	if (bdev_is_zoned(bdev)) {
		NL_SET_ERR_MSG(extack, "zoned block devices are not supported");
		goto close;
	}
	lbs = bdev_logical_block_size(bdev);
	if (dev->lbs && lbs != dev->lbs) {
		NL_SET_ERR_MSG_FMT(extack,
				   "LOGICAL_BS: path has %u, device has %u",
				   lbs, dev->lbs);
		goto close;
	}
	size = bdev_nr_bytes(bdev);
	if (dev->size && size != dev->size) {
		NL_SET_ERR_MSG_FMT(extack,
				   "SIZE: path has %llu bytes, device has %llu",
				   size, dev->size);
		goto close;
	}
	if (!size) {
		NL_SET_ERR_MSG(extack, "SIZE: path disk is empty");
		goto close;
	}

	path->dev = dev;
	path->bdev_file = file;
	path->devt = devt;
	path->id = id;
	path->priority = prio;
	path->state = MQPATH_PATH_LIVE;
	path->reason = MQPATH_REASON_ADMIN;
	path->last_change = ktime_get_ns();
	path->numa_node = bdev->bd_disk->node_id;
	path->stacked = bdev_test_flag(bdev, BD_HAS_SUBMIT_BIO);
	ret = mqp_topo_link(dev, path, extack);
	if (ret)
		goto close;
	kref_init(&path->kref);
	INIT_LIST_HEAD(&path->node);
	atomic64_set(&path->fail_count, 0);
	atomic64_set(&path->probes, 0);
	mqp_checker_path_init(path);
	set_bit(id, dev->path_ids);
	/* The disk's holder is @dev: it stays until the disk is closed. */
	kref_get(&dev->kref);
	return path;

close:
	bdev_fput(file);
exit_ref:
	percpu_ref_exit(&path->ref);
free_pcpu:
	free_percpu(path->pcpu);
free_path:
	kfree(path);
	return ERR_PTR(ret);
}

static void mqp_path_release(struct kref *kref)
{
	struct mqp_path *path = container_of(kref, struct mqp_path, kref);
	struct mqp_dev *dev = path->dev;

	mqp_topo_unlink(path);
	bdev_fput(path->bdev_file);
	percpu_ref_exit(&path->ref);
	free_percpu(path->pcpu);
	kfree(path);
	kref_put(&dev->kref, mqp_dev_release);
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

/*
 * Probe every path but those an admin failed and those whose disk is gone,
 * live and standby ones too: mqp_checker_result() fails those that do not
 * read and reinstates failed ones that do. The reads are not waited for
 * (mqp_probe_submit()): one that hangs holds up neither the other paths'
 * checks nor a teardown.
 */
void mqp_probe_work(struct work_struct *work)
{
	struct mqp_dev *dev = container_of(to_delayed_work(work),
					   struct mqp_dev, probe_work);
	struct mqp_path *todo[MQPATH_MAX_PATHS], *path;
	unsigned int nr = 0, i;

	spin_lock_irq(&dev->state_lock);
	list_for_each_entry(path, &dev->paths, node) {
		if (path->gone ||
		    mqp_path_admin_held(path, MQPATH_PATH_LIVE,
					MQPATH_REASON_PROBE))
			continue;
		mqp_path_get(path);
		todo[nr++] = path;
	}
	spin_unlock_irq(&dev->state_lock);

	/* Before the reads: a path held out now is read all the same. */
	mqp_limits_check(dev);

	for (i = 0; i < nr; i++) {
		path = todo[i];
		/* Removed meanwhile: do not hold its disk open any longer. */
		if (READ_ONCE(path->removed)) {
			mqp_path_put(path);
			continue;
		}
		/* Not read if it loops: the read would go round too. */
		if (mqp_checker_loop(path)) {
			mqp_path_put(path);
			continue;
		}
		mqp_probe_submit(path);
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

/*
 * Refuse a path whose volatile write cache or FUA differs from the other
 * paths'. mqpath sends a flush, like any bio, to one path, as NVMe
 * multipath does: it empties the cache of that path only. That is sound
 * when every path reports the same cache, the logical unit's, and not when
 * one path is write-back and another write-through: the flush of an fsync
 * sent to the write-through path would complete at once while written
 * data still sat in the other path's cache. The paths compared are as the
 * device stacked them; one that changed since is the checker's to judge
 * (mqp_limits_check()), and one held out for that is no model. Called
 * under dev->lock.
 */
static int mqp_path_check_cache(struct mqp_dev *dev, struct mqp_path *path,
				struct netlink_ext_ack *extack)
{
	blk_features_t mine, theirs;
	struct mqp_path *other;

	lockdep_assert_held(&dev->lock);

	list_for_each_entry(other, &dev->paths, node)
		if (!other->limits_held)
			break;
	if (list_entry_is_head(other, &dev->paths, node))
		return 0;
	mine = mqp_lim_cache(&path->lim);
	theirs = mqp_lim_cache(&other->lim);
	if (mine == theirs)
		return 0;
	NL_SET_ERR_MSG_FMT(extack, "PATH: %pg is %s FUA %s, %pg is %s FUA %s",
			   path->bdev, mine ? "wb" : "wt",
			   str_on_off(mine & BLK_FEAT_FUA), other->bdev,
			   theirs ? "wb" : "wt",
			   str_on_off(theirs & BLK_FEAT_FUA));
	return -EINVAL;
}

/*
 * The unique id @bdev's disk offers, trying the types in a fixed order so
 * that every path of one logical unit gives the same answer. NVMe offers an
 * EUI-64 or NGUID, SCSI what its VPD page 0x83 holds.
 */
void mqp_uid_read(struct block_device *bdev, struct mqp_uid *uid)
{
	static const enum blk_unique_id types[] = {
		BLK_UID_EUI64, BLK_UID_NAA, BLK_UID_T10,
	};
	const struct block_device_operations *fops = bdev->bd_disk->fops;
	unsigned int i;
	int ret;

	memset(uid, 0, sizeof(*uid));
	if (!fops->get_unique_id)
		return;
	for (i = 0; i < ARRAY_SIZE(types); i++) {
		ret = fops->get_unique_id(bdev->bd_disk, uid->id, types[i]);
		if (ret > 0 && ret <= (int)sizeof(uid->id)) {
			uid->type = types[i];
			uid->len = ret;
			return;
		}
	}
	memset(uid, 0, sizeof(*uid));
}

/* @uid as text, in a buffer of MQP_UID_STR_LEN: "eui.0123...". */
void mqp_uid_format(const struct mqp_uid *uid, char *buf)
{
	static const char * const prefix[] = {
		[BLK_UID_T10] = "t10", [BLK_UID_EUI64] = "eui",
		[BLK_UID_NAA] = "naa",
	};

	if (!uid->len) {
		strscpy(buf, "none", MQP_UID_STR_LEN);
		return;
	}
	snprintf(buf, MQP_UID_STR_LEN, "%s.%*phN", prefix[uid->type],
		 uid->len, uid->id);
}

/*
 * @uid shortened for an extack message, which holds 80 bytes: a 16-byte id
 * shows its first and last four bytes, "eui.7094653d..d9f06443".
 */
static void mqp_uid_format_short(const struct mqp_uid *uid, char *buf)
{
	if (uid->len <= 8) {
		mqp_uid_format(uid, buf);
		return;
	}
	mqp_uid_format(uid, buf);
	snprintf(buf + 4 + 8, MQP_UID_STR_LEN - 12, "..%4phN",
		 uid->id + uid->len - 4);
}

static bool mqp_uid_equal(const struct mqp_uid *a, const struct mqp_uid *b)
{
	return a->type == b->type && a->len == b->len &&
	       !memcmp(a->id, b->id, a->len);
}

/*
 * Refuse a path that is not the device's logical unit: one whose unique id
 * differs from the device's, or, unless @allow_none, one with no id at all
 * (null_blk, dm), for nothing then proves it is the same storage. Two
 * unrelated disks taken as paths of one device would each get part of the
 * writes. Fills @uid with the path's id. Called under dev->lock.
 */
static int mqp_path_check_uid(struct mqp_dev *dev, struct mqp_path *path,
			      bool allow_none, struct mqp_uid *uid,
			      struct netlink_ext_ack *extack)
{
	char mine[MQP_UID_STR_LEN], theirs[MQP_UID_STR_LEN];

	lockdep_assert_held(&dev->lock);

	mqp_uid_read(path->bdev, uid);
	if (!uid->len) {
		if (allow_none)
			return 0;
		if (!dev->uid.len) {
			NL_SET_ERR_MSG_FMT(extack,
					   "PATH: %pg has no unique id; set ALLOW_UNIDENTIFIED",
					   path->bdev);
			return -EINVAL;
		}
		mqp_uid_format(&dev->uid, mine);
		pr_info("%s: %pg has no unique id, the device has %s\n",
			dev->disk->disk_name, path->bdev, mine);
		mqp_uid_format_short(&dev->uid, mine);
		NL_SET_ERR_MSG_FMT(extack,
				   "PATH: %pg has no unique id, device has %s",
				   path->bdev, mine);
		return -EINVAL;
	}
	if (dev->uid.len && !mqp_uid_equal(uid, &dev->uid)) {
		/* The extack holds 80 bytes: the full ids go to the log. */
		mqp_uid_format(uid, theirs);
		mqp_uid_format(&dev->uid, mine);
		pr_info("%s: %pg has unique id %s, the device has %s\n",
			dev->disk->disk_name, path->bdev, theirs, mine);
		mqp_uid_format_short(uid, theirs);
		mqp_uid_format_short(&dev->uid, mine);
		NL_SET_ERR_MSG_FMT(extack, "PATH: %pg id %s, device %s",
				   path->bdev, theirs, mine);
		return -EINVAL;
	}
	return 0;
}

/*
 * Add the disk @devt to @dev as a path in priority group @prio: open it,
 * check that it is the device's storage (its unique id, unless
 * @allow_unidentified lets a disk without one in) with the cache of the
 * others, and commit a table with it. The first path defines what the
 * device did not say: its unique id, block size and size. Called under
 * dev->lock (and memalloc_noio: the bios parked for want of a path may be
 * what reclaim waits for); the path returned is the device's.
 */
struct mqp_path *mqp_path_add(struct mqp_dev *dev, dev_t devt, u32 prio,
			      bool allow_unidentified,
			      struct netlink_ext_ack *extack)
{
	struct mqp_path *path;
	struct mqp_table *t;
	struct mqp_uid uid;
	int ret;

	lockdep_assert_held(&dev->lock);

	if (mqp_path_find_devt(dev, devt)) {
		NL_SET_ERR_MSG(extack,
			       "PATH.DEV_MAJOR/DEV_MINOR: already a path of this device");
		return ERR_PTR(-EEXIST);
	}
	/* Checked again once open: a device may come between. */
	if (mqp_devt_is_ours(devt)) {
		NL_SET_ERR_MSG(extack, "an mqpath device cannot be a path");
		return ERR_PTR(-EINVAL);
	}
	path = mqp_path_open(dev, devt, prio, extack);
	if (IS_ERR(path))
		return path;
	ret = mqp_path_check_uid(dev, path, allow_unidentified, &uid,
				 extack) ?:
	      mqp_path_check_cache(dev, path, extack);
	if (ret)
		goto put;
	t = mqp_table_build(dev, dev->selector, path, NULL);
	if (!t) {
		ret = -ENOMEM;
		goto put;
	}

	if (!dev->uid.len)
		dev->uid = uid;
	if (!dev->lbs)
		dev->lbs = bdev_logical_block_size(path->bdev);
	mqp_table_commit(dev, t, path, NULL, true);
	if (!dev->size) {
		dev->size = bdev_nr_bytes(path->bdev);
		set_capacity_and_notify(dev->disk, dev->size >> SECTOR_SHIFT);
	}
	mqp_path_check_gone(path);
	mqp_kick_parked(dev);
	mqp_topo_kick(dev);
	return path;

put:
	clear_bit(path->id, dev->path_ids);
	mqp_path_put(path);
	return ERR_PTR(ret);
}

/*
 * Taking away the last live path of a device someone has open turns its
 * IO into errors (or parks it): only with @force. The count may change
 * right after; this guards against a mistake, not against a race.
 */
static int mqp_path_check_last_live(struct mqp_dev *dev, struct mqp_path *path,
				    bool force, struct netlink_ext_ack *extack)
{
	if (force || !mqp_path_live(path) || READ_ONCE(dev->nr_live) != 1 ||
	    !disk_openers(dev->disk))
		return 0;
	/* At most NETLINK_MAX_FMTMSG_LEN (80) bytes with the largest ids. */
	NL_SET_ERR_MSG_FMT(extack,
			   "path %u is the last live path of open %s: IO would %s; use --force",
			   path->id, dev->disk->disk_name,
			   READ_ONCE(dev->queue_if_no_path) ? "queue" : "fail");
	return -EBUSY;
}

/*
 * Take @path out of @dev: commit a table without it, then wait for its IO
 * to complete, fail over or time out. Called under dev->lock, which it
 * keeps on failure and drops on success before waiting, so that a hung
 * path holds up this command only. Killed, it returns and the disk closes
 * when the IO is done.
 */
int mqp_path_remove(struct mqp_dev *dev, struct mqp_path *path, bool force,
		    struct netlink_ext_ack *extack)
{
	struct mqp_table *t;
	int ret;

	lockdep_assert_held(&dev->lock);

	ret = mqp_path_check_last_live(dev, path, force, extack);
	if (ret)
		return ret;
	t = mqp_table_build(dev, dev->selector, NULL, path);
	if (!t)
		return -ENOMEM;
	/* Ours to wait on: the path retires from the commit on. */
	mqp_path_get(path);
	mqp_table_commit(dev, t, NULL, path, true);
	clear_bit(path->id, dev->path_ids);
	mutex_unlock(&dev->lock);

	mqp_path_retire_wait(path, true);
	mqp_checker_wait_path(path);
	mqp_path_put(path);
	return 0;
}

/* Fail @path by hand (REASON_ADMIN). Called under dev->lock. */
int mqp_path_fail(struct mqp_dev *dev, struct mqp_path *path, bool force,
		  struct netlink_ext_ack *extack)
{
	int ret;

	lockdep_assert_held(&dev->lock);

	ret = mqp_path_check_last_live(dev, path, force, extack);
	if (ret)
		return ret;
	mqp_path_set_state(path, MQPATH_PATH_FAILED, MQPATH_REASON_ADMIN);
	return 0;
}

/* Make @path live again by hand (REASON_ADMIN). Called under dev->lock. */
int mqp_path_reinstate(struct mqp_dev *dev, struct mqp_path *path,
		       struct netlink_ext_ack *extack)
{
	lockdep_assert_held(&dev->lock);

	if (READ_ONCE(path->gone)) {
		NL_SET_ERR_MSG(extack,
			       "PATH: the path's disk is gone; remove the path");
		return -ENODEV;
	}
	/* Its flushes would miss a cache, or its blocks not be ours. */
	if (path->limits_held) {
		NL_SET_ERR_MSG(extack,
			       "PATH: its write cache, FUA or block size differ from the device's");
		return -EINVAL;
	}
	mqp_path_set_state(path, MQPATH_PATH_LIVE, MQPATH_REASON_ADMIN);
	return 0;
}

/*
 * Move @path to priority group @prio, with a table that says so. Called
 * under dev->lock (and memalloc_noio: a group made active may be what the
 * parked bios wait for).
 */
int mqp_path_set_priority(struct mqp_dev *dev, struct mqp_path *path,
			  u32 prio)
{
	struct mqp_table *t;
	u32 old;

	lockdep_assert_held(&dev->lock);

	if (prio == path->priority)
		return 0;
	old = path->priority;
	path->priority = prio;
	t = mqp_table_build(dev, dev->selector, NULL, NULL);
	if (!t) {
		path->priority = old;
		return -ENOMEM;
	}
	mqp_table_commit(dev, t, NULL, NULL, false);
	return 0;
}
