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
 * Take a device out of the registry unless it is open. The registry's
 * reference passes to the caller, who tears the device down.
 */
struct mqp_dev *mqp_dev_unregister(u32 id, struct netlink_ext_ack *extack,
				   const struct nlattr *attr)
{
	struct mqp_dev *dev;
	unsigned int openers;

	mutex_lock(&mqp_devs_lock);
	dev = xa_load(&mqp_devs, id);
	if (!dev) {
		mutex_unlock(&mqp_devs_lock);
		NL_SET_ERR_MSG_ATTR(extack, attr, "no such device");
		return ERR_PTR(-ENOENT);
	}

	mutex_lock(&dev->lock);
	mutex_lock(&dev->disk->open_mutex);
	openers = disk_openers(dev->disk);
	if (!openers)
		WRITE_ONCE(dev->dying, true);
	mutex_unlock(&dev->disk->open_mutex);
	mutex_unlock(&dev->lock);

	if (openers) {
		mutex_unlock(&mqp_devs_lock);
		NL_SET_ERR_MSG_ATTR_FMT(extack, attr, "device is open (%u openers)",
					openers);
		return ERR_PTR(-EBUSY);
	}
	xa_erase(&mqp_devs, id);
	mutex_unlock(&mqp_devs_lock);
	return dev;
}

static void mqp_remove_all(void)
{
	struct mqp_dev *dev;
	unsigned long id;

	for (;;) {
		mutex_lock(&mqp_devs_lock);
		id = 0;
		dev = xa_find(&mqp_devs, &id, ULONG_MAX, XA_PRESENT);
		if (dev) {
			mutex_lock(&dev->lock);
			WRITE_ONCE(dev->dying, true);
			mutex_unlock(&dev->lock);
			xa_erase(&mqp_devs, id);
		}
		mutex_unlock(&mqp_devs_lock);
		if (!dev)
			break;
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
	ret = mqp_netlink_init();
	if (ret)
		destroy_workqueue(mqp_wq);
	return ret;
}

static void __exit mqpath_exit(void)
{
	/* No command runs after this; open devices pin the module. */
	mqp_netlink_exit();
	mqp_remove_all();
	destroy_workqueue(mqp_wq);
}

module_init(mqpath_init);
module_exit(mqpath_exit);
MODULE_DESCRIPTION("mqpath: lock-free multipath block device");
MODULE_LICENSE("GPL");
MODULE_VERSION(MQ_VERSION);
