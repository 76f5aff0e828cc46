// SPDX-License-Identifier: GPL-2.0
/*
 * The path table: built off line from dev->paths, the choice of its
 * active group, the stacked queue limits, and the commit of an update
 * (datapath.c publishes the table and drains the old one).
 */
#include <linux/blk-mq.h>
#include <linux/ktime.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include "mqpath.h"
#include "selector.h"

static int mqp_path_cmp(const void *a, const void *b)
{
	const struct mqp_path *pa = *(const struct mqp_path * const *)a;
	const struct mqp_path *pb = *(const struct mqp_path * const *)b;

	if (pa->priority != pb->priority)
		return pa->priority > pb->priority ? -1 : 1;
	if (pa->id != pb->id)
		return pa->id < pb->id ? -1 : 1;
	return 0;
}

void mqp_table_free(struct mqp_table *t)
{
	if (!t)
		return;
	free_percpu(t->sel_data);
	kfree(t);
}

/*
 * Build a table of dev->paths plus @add minus @remove, with @selector.
 * Called under dev->lock, so dev->paths cannot change meanwhile.
 */
struct mqp_table *mqp_table_build(struct mqp_dev *dev, u8 selector,
				  struct mqp_path *add, struct mqp_path *remove)
{
	struct mqp_path *path;
	struct mqp_table *t;
	unsigned int i;
	int cpu;

	lockdep_assert_held(&dev->lock);

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return NULL;
	t->sel = mqp_selector(selector);
	t->active = -1;
	t->sel_data = __alloc_percpu(t->sel->pcpu_size, t->sel->pcpu_align);
	if (!t->sel_data) {
		kfree(t);
		return NULL;
	}
	for_each_possible_cpu(cpu)
		t->sel->init_cpu(t, per_cpu_ptr(t->sel_data, cpu), cpu);

	list_for_each_entry(path, &dev->paths, node) {
		if (path != remove)
			t->paths[t->nr_paths++] = path;
	}
	if (add)
		t->paths[t->nr_paths++] = add;
	sort(t->paths, t->nr_paths, sizeof(t->paths[0]), mqp_path_cmp, NULL);

	for (i = 0; i < t->nr_paths; i++) {
		struct mqp_group *g = &t->groups[t->nr_groups];

		if (i && t->paths[i]->priority == g[-1].priority) {
			g[-1].nr++;
			continue;
		}
		g->priority = t->paths[i]->priority;
		g->first = i;
		g->nr = 1;
		t->nr_groups++;
	}
	return t;
}

/*
 * The group @t should use, -1 for none, with the live paths of @t in
 * @nr_live; dev->state_lock held. With manual failback the device stays
 * on its current group while that has a live path, unless @failback asks
 * for the best group now.
 */
int mqp_table_pick(struct mqp_dev *dev, struct mqp_table *t, bool failback,
		   unsigned int *nr_live)
{
	unsigned int i, j, live;
	int best = -1, cur = -1;

	lockdep_assert_held(&dev->state_lock);

	*nr_live = 0;
	for (i = 0; i < t->nr_groups; i++) {
		const struct mqp_group *g = &t->groups[i];

		live = 0;
		for (j = g->first; j < g->first + g->nr; j++)
			live += mqp_path_live(t->paths[j]);
		if (!live)
			continue;
		*nr_live += live;
		if (best < 0)
			best = i;
		if (dev->has_active && g->priority == dev->active_prio)
			cur = i;
	}

	if (!failback && cur >= 0 &&
	    READ_ONCE(dev->failback) == MQPATH_FAILBACK_MANUAL)
		return cur;
	return best;
}

static void mqp_table_set_active(struct mqp_table *t, int active)
{
	WRITE_ONCE(t->active, active);
	WRITE_ONCE(t->gen, t->gen + 1);
}

/*
 * Path states changed: pick the group of the current table, count the
 * live paths, and announce what changed; dev->state_lock held. A table an
 * update just replaced may still have submitters: it follows too.
 */
void mqp_recompute_locked(struct mqp_dev *dev, bool failback)
{
	struct mqp_table *t = mqp_table_current(dev);
	struct mqp_table *old = dev->slot[!dev->cur].table;
	bool was_live = dev->nr_live > 0;
	unsigned int nr_live, unused;
	int active;

	lockdep_assert_held(&dev->state_lock);

	active = mqp_table_pick(dev, t, failback, &nr_live);
	mqp_table_set_active(t, active);
	if (old)
		mqp_table_set_active(old, mqp_table_pick(dev, old, failback,
							 &unused));
	WRITE_ONCE(dev->nr_live, nr_live);

	if (active >= 0 &&
	    (!dev->has_active || dev->active_prio != t->groups[active].priority))
		mqp_event(dev, MQPATH_CMD_EVENT_GROUP_SWITCH, NULL,
			  t->groups[active].priority);
	dev->has_active = active >= 0;
	if (active >= 0)
		dev->active_prio = t->groups[active].priority;

	if (was_live && !nr_live) {
		mqp_event(dev, MQPATH_CMD_EVENT_NO_PATH, NULL, 0);
		mqp_nopath_arm(dev);
	}
}

/* Slow path: any live path, best group first, ignoring the selector. */
struct mqp_path *mqp_select_any(struct mqp_table *t)
{
	unsigned int i;

	for (i = 0; i < t->nr_paths; i++)
		if (mqp_path_live(t->paths[i]))
			return t->paths[i];
	return NULL;
}

/*
 * The write cache and FUA that @lim promise: none on a disk set to write
 * through (queue/write_cache), whose write cache stays in its features
 * but whose flushes and FUA the block layer then drops.
 */
blk_features_t mqp_lim_cache(const struct queue_limits *lim)
{
	if (!(lim->features & BLK_FEAT_WRITE_CACHE) ||
	    (lim->flags & BLK_FLAG_WRITE_CACHE_DISABLED))
		return 0;
	return lim->features & MQP_CACHE_FEATS;
}

/*
 * Take the limits of @path's disk as they are now, under its limits lock:
 * a copy made while its driver commits new ones could be torn. Unless
 * @wait, give up (false) if the lock is taken: an update holds it while
 * the disk's queue freezes, which waits for IO a hung disk may never end.
 * Under dev->lock, in process context.
 */
bool mqp_path_read_limits(struct mqp_path *path, bool wait)
{
	struct request_queue *q = bdev_get_queue(path->bdev);

	if (wait)
		mutex_lock(&q->limits_lock);
	else if (!mutex_trylock(&q->limits_lock))
		return false;
	path->lim = q->limits;
	mutex_unlock(&q->limits_lock);
	return true;
}

/* Is @path of dev->paths stacked, @remove being removed? Held ones are not. */
static bool mqp_path_stacked(struct mqp_path *path, struct mqp_path *remove)
{
	return path != remove && !path->limits_held;
}

/* Paths stacked once @remove is gone: held ones do not count. */
static unsigned int mqp_limits_nr_left(struct mqp_dev *dev,
				       struct mqp_path *remove)
{
	struct mqp_path *path;
	unsigned int nr = 0;

	list_for_each_entry(path, &dev->paths, node)
		nr += mqp_path_stacked(path, remove);
	return nr;
}

static void mqp_limits_stack(struct mqp_dev *dev, struct queue_limits *lim,
			     struct mqp_path *path, blk_features_t *cache,
			     bool *discard, bool *secure)
{
	if (blk_stack_limits(lim, &path->lim, get_start_sect(path->bdev)))
		pr_notice("%s: Warning: Device %pg is misaligned\n",
			  dev->disk->disk_name, path->bdev);
	*cache |= mqp_lim_cache(&path->lim);
	*discard &= !!path->lim.max_discard_sectors;
	*secure &= !!path->lim.max_secure_erase_sectors;
}

/*
 * Stacked limits of all paths after adding @add and removing @remove,
 * from the limits each path had when the device last took them
 * (mqp_path_read_limits()): a change since is the checker's to judge.
 * Paths held out for their limits are left out.
 *
 * Stacking keeps the smallest non-zero discard limit, so one path with
 * discard would advertise it for all, and a discard the selector sends to
 * a path without it would fail with EOPNOTSUPP. Advertise discard and
 * secure erase only when every path takes them. The write cache and FUA
 * are the paths' as the block layer honours them (mqp_lim_cache()), which
 * stacking alone does not follow.
 */
int mqp_limits_build(struct mqp_dev *dev, struct queue_limits *lim,
		     struct mqp_path *add, struct mqp_path *remove)
{
	bool discard = true, secure = true;
	blk_features_t cache = 0;
	struct mqp_path *path;

	blk_set_stacking_limits(lim);
	/*
	 * Accounting on, as on a blk-mq disk; queue/iostats turns it off.
	 * Polling while every path polls: blk_stack_limits() drops
	 * BLK_FEAT_NOWAIT and BLK_FEAT_POLL for a path that lacks them, and
	 * a device with no path stacked has nothing to poll.
	 */
	lim->features |= BLK_FEAT_NOWAIT | BLK_FEAT_IO_STAT;
	if (add || mqp_limits_nr_left(dev, remove))
		lim->features |= BLK_FEAT_POLL;
	lim->max_zone_append_sectors = 0;
	if (dev->lbs) {
		lim->logical_block_size = dev->lbs;
		lim->physical_block_size = dev->lbs;
		lim->io_min = dev->lbs;
	}

	list_for_each_entry(path, &dev->paths, node)
		if (mqp_path_stacked(path, remove))
			mqp_limits_stack(dev, lim, path, &cache, &discard,
					 &secure);
	if (add)
		mqp_limits_stack(dev, lim, add, &cache, &discard, &secure);
	if (!discard)
		lim->max_hw_discard_sectors = 0;
	if (!secure)
		lim->max_secure_erase_sectors = 0;
	lim->features = (lim->features & ~MQP_CACHE_FEATS) | cache;

	/* mqpath does not pass zones through. */
	lim->features &= ~BLK_FEAT_ZONED;
	return 0;
}

/*
 * Start an update of the queue limits to those @dev's paths stack to
 * (with @add, without @remove); the admin's choice of iostats is kept.
 * Returns false, the update cancelled, when they are the limits we have:
 * then the gendisk's queue need not be frozen.
 */
static bool mqp_limits_start(struct mqp_dev *dev, struct queue_limits *lim,
			     struct mqp_path *add, struct mqp_path *remove)
{
	struct request_queue *q = dev->disk->queue;
	blk_features_t io_stat;

	*lim = queue_limits_start_update(q);
	io_stat = lim->features & BLK_FEAT_IO_STAT;
	mqp_limits_build(dev, lim, add, remove);
	lim->features = (lim->features & ~BLK_FEAT_IO_STAT) | io_stat;
	if (!memcmp(lim, &dev->limits, sizeof(*lim))) {
		queue_limits_cancel_update(q);
		return false;
	}
	return true;
}

/*
 * Commit limits started by mqp_limits_start(), the queue frozen. Only a
 * commit that took them changes dev->limits.
 */
static int mqp_limits_finish(struct mqp_dev *dev, struct queue_limits *lim)
{
	/* The commit validates @lim in place: keep what was built. */
	struct queue_limits built = *lim;
	int ret;

	ret = queue_limits_commit_update(dev->disk->queue, lim);
	if (ret)
		pr_warn("%s: queue limits not updated: %d\n",
			dev->disk->disk_name, ret);
	else
		dev->limits = built;
	return ret;
}

/*
 * Make @t (built with the same @add and @remove) the device's table, under
 * dev->lock; the old one goes once its submitters have left. With @limits,
 * also recompute the queue limits: a change needs the gendisk's queue
 * frozen, as a bio split against limits half written would be wrong. Its
 * freeze starts first, so that its grace period and the old table's drain
 * run together; submitters wait for the queue only then.
 */
void mqp_table_commit(struct mqp_dev *dev, struct mqp_table *t,
		      struct mqp_path *add, struct mqp_path *remove,
		      bool limits)
{
	struct request_queue *q = dev->disk->queue;
	struct queue_limits lim;
	bool update;

	lockdep_assert_held(&dev->lock);

	/*
	 * A device left with no path (or held ones only) keeps the limits it
	 * has: stacked from nothing they would drop the write cache and FUA,
	 * and the block layer would then complete flushes at once and strip
	 * FUA from the writes mqpath parks, although data written before may
	 * still sit in a path's cache. Kept, they park like any write and
	 * reach the path that comes back.
	 */
	if (limits && !add && mqp_limits_nr_left(dev, remove) == 0)
		limits = false;

	update = limits && mqp_limits_start(dev, &lim, add, remove);
	if (update)
		blk_freeze_queue_start(q);
	mqp_table_publish(dev, t, add, remove);
	if (update) {
		blk_mq_freeze_queue_wait(q);
		mqp_limits_finish(dev, &lim);
		blk_mq_unfreeze_queue(q);
	}
}

/*
 * Stack the limits of dev->paths again, for the checker: a path's disk
 * changed its limits, or a path was held out or taken back. As in
 * mqp_table_commit(), but with no table to publish; dev->lock held.
 * Returns the commit's error: dev->limits are then those the queue has.
 */
int mqp_limits_restack(struct mqp_dev *dev)
{
	struct request_queue *q = dev->disk->queue;
	struct queue_limits lim;
	int ret;

	lockdep_assert_held(&dev->lock);

	if (!mqp_limits_nr_left(dev, NULL) ||
	    !mqp_limits_start(dev, &lim, NULL, NULL))
		return 0;
	blk_mq_freeze_queue(q);
	ret = mqp_limits_finish(dev, &lim);
	blk_mq_unfreeze_queue(q);
	return ret;
}

/* Switch @dev to @selector, with a table built for it. Under dev->lock. */
int mqp_dev_set_selector(struct mqp_dev *dev, u8 selector)
{
	struct mqp_table *t;

	lockdep_assert_held(&dev->lock);

	if (selector == dev->selector)
		return 0;
	t = mqp_table_build(dev, selector, NULL, NULL);
	if (!t)
		return -ENOMEM;
	mqp_table_commit(dev, t, NULL, NULL, false);
	dev->selector = selector;
	return 0;
}
