// SPDX-License-Identifier: GPL-2.0
/*
 * What the admin's tools see of a device: the holder links between the
 * mqpath disk and its path disks (slaves/ and holders/, which lsblk reads),
 * the partition scan and change uevent once the device has a size and a
 * path to read it through, and the wwid attribute udev names it by.
 *
 * Locking: dev->topo.lock orders the holder links against the disk's
 * removal. It nests inside dev->lock and outside the path disk's
 * open_mutex and the block layer's holder mutex (bd_link_disk_holder()).
 * It is never taken under a path's bd_holder_lock: mark_dead leaves the
 * unlinking to a work item, for opening a disk takes its open_mutex and
 * then its bd_holder_lock.
 */
#include <linux/blkdev.h>
#include <linux/device.h>
#include <linux/kobject.h>
#include <linux/netlink.h>
#include <linux/sysfs.h>
#include "mqpath.h"

/*
 * Tell udev that @bdev joined or left a device, so that its rules see the
 * holder link (or its absence) and hide the path disk or show it again.
 * Not for a disk on its way out: its removal says enough.
 */
static void mqp_topo_member_uevent(struct mqp_path *path)
{
	if (READ_ONCE(path->gone) || !disk_live(path->bdev->bd_disk))
		return;
	kobject_uevent(bdev_kobj(path->bdev), KOBJ_CHANGE);
}

/* dev->topo.lock held. */
static void mqp_topo_unlink_locked(struct mqp_dev *dev, struct mqp_path *path)
{
	lockdep_assert_held(&dev->topo.lock);

	bd_unlink_disk_holder(path->bdev, dev->disk);
	list_del_init(&path->holder_node);
}

/*
 * Link the path disk to the device as its holder, as dm does with the
 * disks of its tables: /sys/block/mqpathN/slaves/<disk> and
 * <disk>/holders/mqpathN. Called by mqp_path_open() under dev->lock, with
 * the disk claimed for the device.
 */
int mqp_topo_link(struct mqp_dev *dev, struct mqp_path *path,
		  struct netlink_ext_ack *extack)
{
	int ret = -ENODEV;

	lockdep_assert_held(&dev->lock);

	INIT_LIST_HEAD(&path->holder_node);
	mutex_lock(&dev->topo.lock);
	if (!dev->topo.closed)
		ret = bd_link_disk_holder(path->bdev, dev->disk);
	if (!ret)
		list_add_tail(&path->holder_node, &dev->topo.linked);
	mutex_unlock(&dev->topo.lock);
	if (ret) {
		NL_SET_ERR_MSG_FMT(extack,
				   "PATH: %pg cannot be linked as held by %s (%d)",
				   path->bdev, dev->disk->disk_name, ret);
		return ret;
	}
	mqp_topo_member_uevent(path);
	return 0;
}

/*
 * Undo mqp_topo_link() before the path disk is closed, wherever the last
 * reference to the path goes. Nothing to do if the disk's removal or the
 * device's teardown unlinked it already.
 */
void mqp_topo_unlink(struct mqp_path *path)
{
	struct mqp_dev *dev = path->dev;
	bool linked;

	mutex_lock(&dev->topo.lock);
	linked = !list_empty(&path->holder_node);
	if (linked)
		mqp_topo_unlink_locked(dev, path);
	mutex_unlock(&dev->topo.lock);
	if (linked)
		mqp_topo_member_uevent(path);
}

/*
 * Unlink the paths whose disk was removed: their holders/ folder is gone
 * with the disk, and slaves/ would keep a link to nothing until the path
 * is removed.
 */
static void mqp_topo_gone_work(struct work_struct *work)
{
	struct mqp_dev *dev = container_of(work, struct mqp_dev,
					   topo.gone_work);
	struct mqp_path *path, *tmp;

	mutex_lock(&dev->topo.lock);
	list_for_each_entry_safe(path, tmp, &dev->topo.linked, holder_node)
		if (READ_ONCE(path->gone))
			mqp_topo_unlink_locked(dev, path);
	mutex_unlock(&dev->topo.lock);
	mqp_dev_put(dev);
}

/*
 * A path's disk is being removed (path->gone is set); any context that
 * may sleep, bd_holder_lock held. The work holds a device reference: the
 * disk may go while the device is being torn down.
 */
void mqp_topo_path_gone(struct mqp_dev *dev)
{
	kref_get(&dev->kref);
	if (!queue_work(mqp_probe_wq, &dev->topo.gone_work))
		mqp_dev_put(dev);
}

/*
 * Read the partition table of a device whose size changed since the last
 * scan (the first path gave it one, or it had one from creation and no
 * path to read through), then send the change uevent that makes udev
 * probe it: set_capacity_and_notify() sends none for a change from 0. It
 * holds the disk's open_mutex, as BLKRRPART does: a scan whose reads
 * park (every path failed meanwhile, queue_if_no_path) makes destroy
 * refuse with EBUSY until a path returns or the no-path timeout fails
 * them, and a dying device parks nothing.
 */
static void mqp_topo_scan_work(struct work_struct *work)
{
	struct mqp_dev *dev = container_of(work, struct mqp_dev,
					   topo.scan_work);
	struct gendisk *disk = dev->disk;
	sector_t cap;
	int ret;

	/*
	 * No live path: the next one made live queues the scan again. A
	 * dying device is not scanned; its teardown waits for this work.
	 */
	if (READ_ONCE(dev->dying) || !READ_ONCE(dev->nr_live))
		return;

	mutex_lock(&disk->open_mutex);
	cap = get_capacity(disk);
	if (cap == dev->topo.announced) {
		mutex_unlock(&disk->open_mutex);
		return;
	}
	ret = bdev_disk_changed(disk, false);
	WRITE_ONCE(dev->topo.announced, cap);
	mutex_unlock(&disk->open_mutex);
	if (ret)
		pr_warn("%s: partition scan failed: %d\n", disk->disk_name, ret);
	kobject_uevent(&disk_to_dev(disk)->kobj, KOBJ_CHANGE);
}

/*
 * Queue the partition scan if the size differs from the one last scanned.
 * Called after a path was added or made live, never after the device's
 * teardown began: netlink refuses a dying device, and the teardown stops
 * the prober before mqp_topo_teardown().
 */
void mqp_topo_kick(struct mqp_dev *dev)
{
	if (READ_ONCE(dev->dying))
		return;
	if (get_capacity(dev->disk) != READ_ONCE(dev->topo.announced))
		queue_work(mqp_probe_wq, &dev->topo.scan_work);
}

/*
 * Before del_gendisk(): it drops the slaves/ folder, so every holder link
 * goes first, including those of paths removed and not yet closed; later
 * closes find nothing to unlink. The scan has no reads left that park
 * (the device is dying, and its teardown failed what was parked) and is
 * waited for.
 */
void mqp_topo_teardown(struct mqp_dev *dev)
{
	struct mqp_path *path, *tmp;

	cancel_work_sync(&dev->topo.scan_work);

	mutex_lock(&dev->topo.lock);
	list_for_each_entry_safe(path, tmp, &dev->topo.linked, holder_node) {
		mqp_topo_unlink_locked(dev, path);
		mqp_topo_member_uevent(path);
	}
	dev->topo.closed = true;
	mutex_unlock(&dev->topo.lock);
}

void mqp_topo_init(struct mqp_dev *dev)
{
	mutex_init(&dev->topo.lock);
	INIT_LIST_HEAD(&dev->topo.linked);
	INIT_WORK(&dev->topo.gone_work, mqp_topo_gone_work);
	INIT_WORK(&dev->topo.scan_work, mqp_topo_scan_work);
}

/*
 * /sys/block/mqpathN/wwid: the unique id of the device's paths, in the
 * form NVMe disks show theirs ("eui." and hex digits), for udev rules and
 * scripts. No data until a path with an id was added.
 */
static ssize_t wwid_show(struct device *d, struct device_attribute *attr,
			 char *buf)
{
	struct mqp_dev *dev = dev_to_disk(d)->private_data;
	char id[MQP_UID_STR_LEN];
	bool has;

	mutex_lock(&dev->lock);
	has = dev->uid.len;
	if (has)
		mqp_uid_format(&dev->uid, id);
	mutex_unlock(&dev->lock);
	if (!has)
		return -ENODATA;
	return sysfs_emit(buf, "%s\n", id);
}
static DEVICE_ATTR_RO(wwid);

static struct attribute *mqp_disk_attrs[] = {
	&dev_attr_wwid.attr,
	NULL,
};

/* In the disk's folder itself; sysfs.c lists it with the others. */
const struct attribute_group mqp_wwid_attr_group = {
	.attrs = mqp_disk_attrs,
};
