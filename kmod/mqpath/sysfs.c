// SPDX-License-Identifier: GPL-2.0
/*
 * Read-only /sys/block/mqpathN/mqpath/, for scripts without mqctl, as dm
 * has /sys/block/dm-N/dm/:
 *   selector	rr, qd or numa
 *   state	live, queueing (no live path, bios parked) or no_path
 *   paths	one line per path: id disk maj:min priority state reason
 *
 * The group is the disk's own (device_add_disk()), so it comes and goes
 * with the disk: del_gendisk() removes it, waiting out readers, before the
 * teardown frees anything they look at.
 */
#include <linux/blkdev.h>
#include <linux/device.h>
#include <linux/sysfs.h>
#include "mqpath.h"
#include "selector.h"

static struct mqp_dev *mqp_sysfs_dev(struct device *d)
{
	return dev_to_disk(d)->private_data;
}

static ssize_t selector_show(struct device *d, struct device_attribute *attr,
			     char *buf)
{
	struct mqp_dev *dev = mqp_sysfs_dev(d);

	return sysfs_emit(buf, "%s\n",
			  mqp_selector(READ_ONCE(dev->selector))->name);
}
static DEVICE_ATTR_RO(selector);

static ssize_t state_show(struct device *d, struct device_attribute *attr,
			  char *buf)
{
	struct mqp_dev *dev = mqp_sysfs_dev(d);
	const char *state = "live";

	if (!READ_ONCE(dev->nr_live))
		state = mqp_dev_queueing(dev) ? "queueing" : "no_path";
	return sysfs_emit(buf, "%s\n", state);
}
static DEVICE_ATTR_RO(state);

/*
 * dev->state_lock keeps every path on dev->paths open: a path leaves the
 * list under it before its last reference can go.
 */
static ssize_t paths_show(struct device *d, struct device_attribute *attr,
			  char *buf)
{
	struct mqp_dev *dev = mqp_sysfs_dev(d);
	struct mqp_path *path;
	int len = 0;

	spin_lock_irq(&dev->state_lock);
	list_for_each_entry(path, &dev->paths, node)
		len += sysfs_emit_at(buf, len, "%u %pg %u:%u %u %s %s\n",
				     path->id, path->bdev, MAJOR(path->devt),
				     MINOR(path->devt), path->priority,
				     mqp_state_name(path->state),
				     mqp_reason_name(path->reason));
	spin_unlock_irq(&dev->state_lock);
	return len;
}
static DEVICE_ATTR_RO(paths);

static struct attribute *mqp_attrs[] = {
	&dev_attr_selector.attr,
	&dev_attr_state.attr,
	&dev_attr_paths.attr,
	NULL,
};

static const struct attribute_group mqp_attr_group = {
	.name = "mqpath",
	.attrs = mqp_attrs,
};

const struct attribute_group *mqp_disk_groups[] = {
	&mqp_wwid_attr_group,
	&mqp_attr_group,
	NULL,
};
