// SPDX-License-Identifier: GPL-2.0
/*
 * mqpath: a bio-based multipath block device with a lock-free IO path;
 * path-table updates freeze the device through a percpu_ref.
 *
 * This file: module init and exit, and the device registry.
 */
#include <linux/module.h>
#include <linux/netlink.h>
#include <linux/xarray.h>
#include "mqpath.h"

static DEFINE_XARRAY_ALLOC(mqp_devs);
static DEFINE_MUTEX(mqp_devs_lock);
struct workqueue_struct *mqp_wq;
struct workqueue_struct *mqp_probe_wq;

/* Look a device up and take a reference on it. */
struct mqp_dev *mqp_dev_get(u32 id)
{
	struct mqp_dev *dev;

	mutex_lock(&mqp_devs_lock);
	dev = xa_load(&mqp_devs, id);
	if (dev)
		kref_get(&dev->kref);
	mutex_unlock(&mqp_devs_lock);
	return dev;
}

void mqp_dev_put(struct mqp_dev *dev)
{
	kref_put(&dev->kref, mqp_dev_release);
}

/* The next device at or after *index, referenced; for dumps. */
struct mqp_dev *mqp_dev_next(unsigned long *index)
{
	struct mqp_dev *dev;

	mutex_lock(&mqp_devs_lock);
	dev = xa_find(&mqp_devs, index, ULONG_MAX, XA_PRESENT);
	if (dev)
		kref_get(&dev->kref);
	mutex_unlock(&mqp_devs_lock);
	return dev;
}

/* Whether @devt is @disk or one of its partitions, as genhd.c walks them. */
static bool mqp_disk_has_devt(struct gendisk *disk, dev_t devt)
{
	struct block_device *part;
	unsigned long idx;
	bool found = false;

	rcu_read_lock();
	xa_for_each(&disk->part_tbl, idx, part) {
		if (part->bd_dev == devt) {
			found = true;
			break;
		}
	}
	rcu_read_unlock();
	return found;
}

/*
 * Whether @devt is a published mqpath disk or a partition of one, told
 * without opening it: an open takes the disk's open_mutex, which a
 * partition scan holds while its reads wait for a path, and a path add
 * waiting there (under its own device's lock) could wait for good.
 */
bool mqp_devt_is_ours(dev_t devt)
{
	struct mqp_dev *dev;
	unsigned long id;
	bool ours = false;

	mutex_lock(&mqp_devs_lock);
	xa_for_each(&mqp_devs, id, dev) {
		ours = mqp_disk_has_devt(dev->disk, devt);
		if (ours)
			break;
	}
	mutex_unlock(&mqp_devs_lock);
	return ours;
}

/*
 * Reserve an id: @id, or any free one if @any_id. The device stays
 * invisible to lookups until mqp_dev_publish().
 */
int mqp_dev_register(struct mqp_dev *dev, u32 id, bool any_id)
{
	int ret;

	mutex_lock(&mqp_devs_lock);
	if (any_id) {
		ret = xa_alloc(&mqp_devs, &dev->id, NULL,
			       XA_LIMIT(0, MQPATH_MAX_DEVS - 1), GFP_KERNEL);
		if (ret == -EBUSY)
			ret = -ENOSPC;
	} else {
		ret = xa_insert(&mqp_devs, id, NULL, GFP_KERNEL);
		if (ret == -EBUSY)
			ret = -EEXIST;
		dev->id = id;
	}
	mutex_unlock(&mqp_devs_lock);
	return ret;
}

void mqp_dev_publish(struct mqp_dev *dev)
{
	mutex_lock(&mqp_devs_lock);
	xa_store(&mqp_devs, dev->id, dev, GFP_KERNEL);
	mutex_unlock(&mqp_devs_lock);
}

void mqp_dev_unreserve(u32 id)
{
	mutex_lock(&mqp_devs_lock);
	xa_erase(&mqp_devs, id);
	mutex_unlock(&mqp_devs_lock);
}

/*
 * Mark a device dying unless it is open, and return it referenced; the
 * caller tears it down, which takes it out of the registry. Nothing here
 * sleeps on another device or on a disk's open_mutex: an opener (a
 * partition rescan, say) can hold that while its IO waits for a path, and
 * only a command of this family can bring one back.
 */
struct mqp_dev *mqp_dev_unregister(u32 id, struct netlink_ext_ack *extack)
{
	struct mqp_dev *dev;
	unsigned int openers;
	int ret = 0;

	dev = mqp_dev_get(id);
	if (!dev) {
		NL_SET_ERR_MSG(extack, "DEV_ID: no such device");
		return ERR_PTR(-ENOENT);
	}

	mutex_lock(&dev->lock);
	if (dev->dying) {
		NL_SET_ERR_MSG_FMT(extack,
				   "DEV_ID: device %u is being destroyed", id);
		ret = -ENOENT;
	} else if (!mutex_trylock(&dev->disk->open_mutex)) {
		NL_SET_ERR_MSG_FMT(extack,
				   "DEV_ID: device %u is being opened or rescanned",
				   id);
		ret = -EBUSY;
	} else {
		openers = disk_openers(dev->disk);
		if (openers) {
			NL_SET_ERR_MSG_FMT(extack,
					   "DEV_ID: device %u is open (%u openers)",
					   id, openers);
			ret = -EBUSY;
		} else {
			WRITE_ONCE(dev->dying, true);
		}
		mutex_unlock(&dev->disk->open_mutex);
	}
	mutex_unlock(&dev->lock);

	if (ret) {
		mqp_dev_put(dev);
		return ERR_PTR(ret);
	}
	return dev;
}

/*
 * Release a dying device's id and the registry's reference, once its disk
 * has left sysfs: a new device of the same id adds a disk of the same name.
 */
void mqp_dev_unpublish(struct mqp_dev *dev)
{
	mutex_lock(&mqp_devs_lock);
	xa_erase(&mqp_devs, dev->id);
	mutex_unlock(&mqp_devs_lock);
	mqp_dev_put(dev);
}

/* Module exit: the netlink family is gone, no command runs. */
static void mqp_remove_all(void)
{
	struct mqp_dev *dev;
	unsigned long id;

	for (;;) {
		id = 0;
		dev = mqp_dev_next(&id);
		if (!dev)
			break;
		mutex_lock(&dev->lock);
		WRITE_ONCE(dev->dying, true);
		mutex_unlock(&dev->lock);
		mqp_dev_teardown(dev);
		mqp_dev_put(dev);
	}
}

static int __init mqpath_init(void)
{
	int ret;

	mqp_wq = alloc_workqueue("mqpath", WQ_MEM_RECLAIM, 0);
	if (!mqp_wq)
		return -ENOMEM;
	mqp_probe_wq = alloc_workqueue("mqpath_probe", 0, 0);
	if (!mqp_probe_wq) {
		ret = -ENOMEM;
		goto destroy_wq;
	}
	ret = mqp_netlink_init();
	if (ret)
		goto destroy_probe_wq;
	return 0;

destroy_probe_wq:
	destroy_workqueue(mqp_probe_wq);
destroy_wq:
	destroy_workqueue(mqp_wq);
	return ret;
}

static void __exit mqpath_exit(void)
{
	/*
	 * No command runs after this; open devices pin the module. Events
	 * the teardowns send meanwhile are dropped (mqp_netlink_exit()).
	 */
	mqp_netlink_exit();
	mqp_remove_all();
	mqp_checker_wait_all();
	/* The devices are freed after a grace period. */
	rcu_barrier();
	destroy_workqueue(mqp_probe_wq);
	destroy_workqueue(mqp_wq);
}

module_init(mqpath_init);
module_exit(mqpath_exit);
MODULE_DESCRIPTION("mqpath: lock-free multipath block device");
MODULE_LICENSE("GPL");
MODULE_VERSION(MQ_VERSION);
