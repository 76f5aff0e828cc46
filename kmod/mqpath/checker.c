// SPDX-License-Identifier: GPL-2.0
/*
 * The checker's verdicts, marginal paths, and the path status that DEV_GET
 * shows: what multipathd keeps in userspace for dm.
 *
 * The prober (mqp_probe_work()) reads every path that an admin has not
 * failed, live or standby, once per interval, and does not wait for the
 * reads: a path whose last read is still out is skipped. A failed read
 * fails the path (REASON_CHECKER): a standby path that went away is then
 * known before its group is needed. A read that works reinstates a failed
 * path, unless the path flaps: one that failed on its own and came back
 * more than marginal_count times within marginal_window_ms is held out as
 * MARGINAL for marginal_hold_ms, and reinstated by the first good read
 * after that.
 */
#include <linux/bio.h>
#include <linux/bitmap.h>
#include <linux/gfp.h>
#include <linux/ktime.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/sched/mm.h>
#include <net/genetlink.h>
#include "mqpath.h"

/* @path went failed for @reason; dev->state_lock held. */
void mqp_checker_note_fail(struct mqp_path *path, u8 reason)
{
	struct mqp_dev *dev = path->dev;
	u64 now = ktime_get_ns();
	u64 window = (u64)READ_ONCE(dev->marginal_window_ms) * NSEC_PER_MSEC;

	lockdep_assert_held(&dev->state_lock);

	/* Neither the admin nor a change of limits makes a path flap. */
	if (reason == MQPATH_REASON_ADMIN || reason == MQPATH_REASON_LIMITS)
		return;
	if (!path->flaps || now - path->flap_start > window) {
		path->flap_start = now;
		path->flaps = 0;
	}
	path->flaps++;
}

/* The checker read @path; @ok if that worked. Process context. */
void mqp_checker_result(struct mqp_path *path, bool ok)
{
	struct mqp_dev *dev = path->dev;
	u32 count = READ_ONCE(dev->marginal_count);
	u64 window = (u64)READ_ONCE(dev->marginal_window_ms) * NSEC_PER_MSEC;
	u64 hold = (u64)READ_ONCE(dev->marginal_hold_ms) * NSEC_PER_MSEC;
	u64 now = ktime_get_ns();
	int state, to = -1;
	u8 reason = MQPATH_REASON_PROBE;

	spin_lock_irq(&dev->state_lock);
	path->last_check = now;
	path->checker = ok ? MQPATH_CHECKER_OK : MQPATH_CHECKER_FAILED;
	state = path->state;
	if (!ok) {
		if (state != MQPATH_PATH_FAILED) {
			to = MQPATH_PATH_FAILED;
			reason = MQPATH_REASON_CHECKER;
		}
	} else if (state == MQPATH_PATH_FAILED) {
		to = MQPATH_PATH_LIVE;
		if (count && path->flaps > count &&
		    now - path->flap_start <= window) {
			to = MQPATH_PATH_MARGINAL;
			reason = MQPATH_REASON_MARGINAL;
			path->marginal_until = now + hold;
		}
	} else if (state == MQPATH_PATH_MARGINAL &&
		   now >= path->marginal_until) {
		to = MQPATH_PATH_LIVE;
	}
	/* A path that served its hold starts counting afresh. */
	if (to == MQPATH_PATH_LIVE && state == MQPATH_PATH_MARGINAL)
		path->flaps = 0;
	spin_unlock_irq(&dev->state_lock);

	if (to >= 0)
		mqp_path_set_state(path, to, reason);
}

/* No live path, and bios wait for one rather than fail. */
bool mqp_dev_queueing(struct mqp_dev *dev)
{
	bool queueing;

	if (READ_ONCE(dev->nr_live))
		return false;
	spin_lock_irq(&dev->park_lock);
	queueing = READ_ONCE(dev->queue_if_no_path) && !dev->nopath_expired;
	spin_unlock_irq(&dev->park_lock);
	return queueing;
}

static u64 mqp_age_ms(u64 then, u64 now)
{
	return now > then ? div_u64(now - then, NSEC_PER_MSEC) : 0;
}

/* The checker, history and read/write attributes of one PATH nest. */
int mqp_fill_path_status(struct sk_buff *skb, struct mqp_path *path)
{
	struct mqp_dev *dev = path->dev;
	u64 now = ktime_get_ns(), check, change, until;
	u64 rw[2] = {};
	u8 checker;
	int state, cpu;

	for_each_possible_cpu(cpu) {
		const struct mqp_path_pcpu *pc = per_cpu_ptr(path->pcpu, cpu);

		rw[0] += READ_ONCE(pc->rw[0]);
		rw[1] += READ_ONCE(pc->rw[1]);
	}

	spin_lock_irq(&dev->state_lock);
	checker = path->checker;
	check = path->last_check;
	change = path->last_change;
	until = path->marginal_until;
	state = path->state;
	spin_unlock_irq(&dev->state_lock);

	if (nla_put_u8(skb, MQPATH_PATH_ATTR_CHECKER, checker) ||
	    nla_put_u64_64bit(skb, MQPATH_PATH_ATTR_READS, rw[0],
			      MQPATH_PATH_ATTR_PAD) ||
	    nla_put_u64_64bit(skb, MQPATH_PATH_ATTR_WRITES, rw[1],
			      MQPATH_PATH_ATTR_PAD) ||
	    nla_put_u64_64bit(skb, MQPATH_PATH_ATTR_CHANGE_AGE_MS,
			      mqp_age_ms(change, now), MQPATH_PATH_ATTR_PAD))
		return -EMSGSIZE;
	if (check &&
	    nla_put_u64_64bit(skb, MQPATH_PATH_ATTR_CHECK_AGE_MS,
			      mqp_age_ms(check, now), MQPATH_PATH_ATTR_PAD))
		return -EMSGSIZE;
	if (state == MQPATH_PATH_MARGINAL &&
	    nla_put_u64_64bit(skb, MQPATH_PATH_ATTR_HOLD_LEFT_MS,
			      mqp_age_ms(now, until), MQPATH_PATH_ATTR_PAD))
		return -EMSGSIZE;
	return 0;
}

/*
 * Fail @path for @reason, a verdict it keeps until that reason is gone.
 * One already failed for another reason is relabelled, so that its reason
 * shows why it does not come back; the admin's failure is left as it is.
 */
static void mqp_path_fail_for(struct mqp_path *path, u8 reason)
{
	struct mqp_dev *dev = path->dev;

	spin_lock_irq(&dev->state_lock);
	if (path->state == MQPATH_PATH_FAILED && !READ_ONCE(path->removed) &&
	    !path->gone && path->reason != reason &&
	    path->reason != MQPATH_REASON_ADMIN) {
		path->reason = reason;
		mqp_event(dev, MQPATH_CMD_EVENT_PATH_FAILED, path, 0);
	}
	spin_unlock_irq(&dev->state_lock);
	mqp_path_set_state(path, MQPATH_PATH_FAILED, reason);
}

/*
 * Has @path's disk come to stack on the device itself since it was added
 * (a dm table reloaded onto the mqpath disk, say)? Only a bio-based disk
 * can send bios back. If so, fail the path as a loop, or relabel a path
 * already failed for another reason, and return true: the path is not
 * reinstated while it loops. A table loaded but not yet resumed counts:
 * the stacking driver links the disks of a table when it loads it.
 * Process context, no lock held.
 */
bool mqp_checker_loop(struct mqp_path *path)
{
	struct mqp_dev *dev = path->dev;

	if (!path->stacked ||
	    mqp_path_check_stack(dev, path->bdev, NULL) != -ELOOP)
		return false;

	spin_lock_irq(&dev->state_lock);
	path->last_check = ktime_get_ns();
	path->checker = MQPATH_CHECKER_FAILED;
	spin_unlock_irq(&dev->state_lock);
	mqp_path_fail_for(path, MQPATH_REASON_LOOP);
	return true;
}

/*
 * Walk the stacked paths after an exclusive open of the disk
 * (mqp_loop_opened()), without reading any: the probe reads them at its
 * own pace. Paths an admin failed are left as they are.
 */
void mqp_checker_loop_work(struct work_struct *work)
{
	struct mqp_dev *dev = container_of(to_delayed_work(work),
					   struct mqp_dev, loop_work);
	struct mqp_path *todo[MQPATH_MAX_PATHS], *path;
	unsigned int nr = 0, i;

	spin_lock_irq(&dev->state_lock);
	list_for_each_entry(path, &dev->paths, node) {
		if (!path->stacked || path->gone ||
		    (path->state == MQPATH_PATH_FAILED &&
		     path->reason == MQPATH_REASON_ADMIN))
			continue;
		mqp_path_get(path);
		todo[nr++] = path;
	}
	spin_unlock_irq(&dev->state_lock);

	for (i = 0; i < nr; i++) {
		if (!READ_ONCE(todo[i]->removed))
			mqp_checker_loop(todo[i]);
		mqp_path_put(todo[i]);
	}
}

/*
 * Limits that change after the add. A path's disk may change its queue
 * limits at any time: its write cache (queue/write_cache, a driver's
 * revalidation), FUA, discard, its sizes. The device stacked the limits
 * it had then (mqp_path_read_limits()), and would go on promising what a
 * path no longer keeps: a device that is write-through over a path turned
 * write-back has the block layer complete an fsync's flush at once, and
 * the data stays in the path's cache. So the checker compares, each
 * interval, every path's limits with those stacked, and on a change
 * stacks them again (mqp_limits_restack()).
 *
 * A flush goes to one path (mqp_path_check_cache()): every path stacked
 * must promise the same write cache and FUA, and have the device's logical
 * block size. When the paths disagree, the device keeps the features it
 * promises and the paths that differ are failed and held out of the stack
 * (REASON_LIMITS); a held path comes back when it matches again, or when
 * all paths agree on new features, which the device then takes. With one
 * path, or all changed alike, the device simply follows. Other limits
 * (discard, sizes) follow the paths stacked, as at the add.
 */

/* Does @path fit a device that promises @cache? A gone path stays put. */
static bool mqp_limits_fit(struct mqp_dev *dev, struct mqp_path *path,
			   blk_features_t cache)
{
	return READ_ONCE(path->gone) ||
	       (mqp_lim_cache(&path->lim) == cache &&
		path->lim.logical_block_size == dev->lbs);
}

/*
 * Has a path's disk changed its limits since the device took them, or is
 * a path held out? An unlocked look, and the only work of an interval in
 * which nothing changed: a torn read just costs a locked one.
 */
static bool mqp_limits_moved(struct mqp_dev *dev)
{
	struct mqp_path *path;

	if (dev->limits_recheck)
		return true;
	list_for_each_entry(path, &dev->paths, node)
		if (path->limits_held ||
		    memcmp(&path->lim, &bdev_get_queue(path->bdev)->limits,
			   sizeof(path->lim)))
			return true;
	return false;
}

/*
 * The write cache and FUA the device is to promise: the paths' if all
 * that are not gone agree, else what it promises now, unless no path
 * fits that any more: then the first live path's, or the first path's.
 */
static blk_features_t mqp_limits_choose(struct mqp_dev *dev)
{
	blk_features_t promised = dev->limits.features & MQP_CACHE_FEATS;
	struct mqp_path *path, *pick = NULL, *first = NULL;
	bool agree = true;

	list_for_each_entry(path, &dev->paths, node) {
		if (READ_ONCE(path->gone))
			continue;
		if (!first)
			first = path;
		else if (mqp_lim_cache(&path->lim) !=
			 mqp_lim_cache(&first->lim))
			agree = false;
		if (!pick && mqp_path_live(path))
			pick = path;
	}
	if (!first)
		return promised;
	if (agree)
		return mqp_lim_cache(&first->lim);
	list_for_each_entry(path, &dev->paths, node)
		if (!READ_ONCE(path->gone) &&
		    mqp_limits_fit(dev, path, promised))
			return promised;
	return mqp_lim_cache(&(pick ?: first)->lim);
}

/*
 * Reinstate @path, no longer held out, if its limits were why it failed.
 * One whose last read failed meanwhile waits for a read that works: it
 * is relabelled as the checker's.
 */
static void mqp_limits_reinstate(struct mqp_path *path)
{
	struct mqp_dev *dev = path->dev;
	bool back;

	spin_lock_irq(&dev->state_lock);
	back = path->state == MQPATH_PATH_FAILED &&
	       path->reason == MQPATH_REASON_LIMITS;
	if (back && path->checker == MQPATH_CHECKER_FAILED) {
		path->reason = MQPATH_REASON_CHECKER;
		back = false;
	}
	spin_unlock_irq(&dev->state_lock);
	if (back)
		mqp_path_set_state(path, MQPATH_PATH_LIVE, MQPATH_REASON_LIMITS);
}

/*
 * Hold out the paths that do not fit @cache, failing them, and let go
 * of those that fit again, marking them in @back. dev->lock held.
 */
static void mqp_limits_hold(struct mqp_dev *dev, blk_features_t cache,
			    unsigned long *back)
{
	struct mqp_path *todo[MQPATH_MAX_PATHS], *path;
	unsigned int nr = 0, i;
	bool fit;

	spin_lock_irq(&dev->state_lock);
	list_for_each_entry(path, &dev->paths, node) {
		fit = mqp_limits_fit(dev, path, cache);
		if (!fit && !path->limits_held) {
			path->limits_held = true;
			clear_bit(path->id, back);
			todo[nr++] = path;
		} else if (fit && path->limits_held) {
			path->limits_held = false;
			set_bit(path->id, back);
		}
	}
	spin_unlock_irq(&dev->state_lock);

	/* On dev->paths while dev->lock is held: no reference needed. */
	for (i = 0; i < nr; i++)
		mqp_path_fail_for(todo[i], MQPATH_REASON_LIMITS);
}

/*
 * The checker's look at the paths' limits, from the probe work, before
 * its reads. It skips an interval in which an admin command holds
 * dev->lock rather than wait for it. Paths that no longer fit fail
 * before the device takes the new limits; those that fit again come back
 * after it has.
 */
void mqp_limits_check(struct mqp_dev *dev)
{
	DECLARE_BITMAP(back, MQPATH_MAX_PATHS);
	blk_features_t cache, promised;
	struct mqp_path *path;
	unsigned int noio;
	int ret;

	if (!mutex_trylock(&dev->lock))
		return;
	if (dev->dying || !mqp_limits_moved(dev))
		goto unlock;

	/* Freezing the queue may wait for IO that reclaim waits for. */
	noio = memalloc_noio_save();
	bitmap_zero(back, MQPATH_MAX_PATHS);
	/* A disk busy with its limits has them read at the next interval. */
	dev->limits_recheck = false;
	list_for_each_entry(path, &dev->paths, node)
		if (!mqp_path_read_limits(path, false))
			dev->limits_recheck = true;
	promised = dev->limits.features & MQP_CACHE_FEATS;
	cache = mqp_limits_choose(dev);
	mqp_limits_hold(dev, cache, back);
	ret = mqp_limits_restack(dev);
	/* Not taken: the device promises what it did, and so must its paths. */
	if (ret && cache != promised) {
		mqp_limits_hold(dev, promised, back);
		mqp_limits_restack(dev);
	}
	list_for_each_entry(path, &dev->paths, node)
		if (test_bit(path->id, back) && !path->limits_held)
			mqp_limits_reinstate(path);
	memalloc_noio_restore(noio);
unlock:
	mutex_unlock(&dev->lock);
}

/*
 * Checker reads out, over all devices. A read that hangs ends when its
 * disk's driver times it out or the disk goes: only the module's exit
 * waits for that, as its end_io is the module's code.
 */
static atomic_t mqp_probes_out = ATOMIC_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(mqp_probes_wq);
/* Orders the verdicts against a device's teardown (mqp_checker_stop()). */
static DEFINE_MUTEX(mqp_probe_result_lock);

static void mqp_probe_done_work(struct work_struct *work);

void mqp_checker_path_init(struct mqp_path *path)
{
	INIT_WORK(&path->probe_done, mqp_probe_done_work);
}

/* The verdict of one read; drops the read's path reference. */
static void mqp_probe_finish(struct mqp_path *path, bool ok)
{
	mutex_lock(&mqp_probe_result_lock);
	if (!READ_ONCE(path->dev->dying))
		mqp_checker_result(path, ok);
	mutex_unlock(&mqp_probe_result_lock);

	clear_bit_unlock(MQP_PROBE_BUSY, &path->probe_flags);
	mqp_path_put(path);
	atomic_dec(&mqp_probes_out);
	/* Module exit waits for none out, a path remover for its path's. */
	wake_up(&mqp_probes_wq);
}

static void mqp_probe_done_work(struct work_struct *work)
{
	struct mqp_path *path = container_of(work, struct mqp_path,
					     probe_done);
	struct bio *bio = path->probe_bio;
	bool ok = !bio->bi_status;

	path->probe_bio = NULL;
	__free_page(bio_first_page_all(bio));
	bio_put(bio);
	mqp_probe_finish(path, ok);
}

/* Any context: the verdict may sleep and drop the last path reference. */
static void mqp_probe_end_io(struct bio *bio)
{
	struct mqp_path *path = bio->bi_private;

	queue_work(mqp_probe_wq, &path->probe_done);
}

/*
 * Read the first logical block of @path, whose reference the caller hands
 * over; the verdict comes from the completion. A path whose previous read
 * is still out is not read again: one read at a time tells as much, and a
 * hung path does not collect one more read per interval.
 */
void mqp_probe_submit(struct mqp_path *path)
{
	unsigned int len = bdev_logical_block_size(path->bdev);
	struct page *page;
	struct bio *bio;

	if (test_and_set_bit_lock(MQP_PROBE_BUSY, &path->probe_flags)) {
		mqp_path_put(path);
		return;
	}
	atomic_inc(&mqp_probes_out);
	atomic64_inc(&path->probes);

	/* The read may be what brings the parked writeback a path back. */
	page = alloc_page(GFP_NOIO);
	if (!page) {
		mqp_probe_finish(path, false);
		return;
	}
	bio = bio_alloc(path->bdev, 1, REQ_OP_READ | REQ_SYNC |
			REQ_FAILFAST_DEV | REQ_FAILFAST_TRANSPORT, GFP_NOIO);
	bio->bi_iter.bi_sector = 0;
	__bio_add_page(bio, page, len, 0);
	bio->bi_private = path;
	bio->bi_end_io = mqp_probe_end_io;
	path->probe_bio = bio;
	submit_bio(bio);
}

/*
 * A teardown has stopped the prober of @dev, which is dying: from here on
 * no verdict changes a path of it. Reads still out keep their path, and
 * so its disk, open until they end; the teardown does not wait for them.
 */
void mqp_checker_stop(struct mqp_dev *dev)
{
	mutex_lock(&mqp_probe_result_lock);
	mutex_unlock(&mqp_probe_result_lock);
}

/*
 * A removed @path, whose IO has drained and whose table reference is gone:
 * wait until the caller's reference is the last one, which a checker read
 * still out holds (and, for a moment, a probe pass that found the path
 * before its removal). Then the caller's put closes the disk, and a
 * command that removed the path returns with its disk free: a destroy of
 * the disk right after would otherwise find it open. A read that hangs
 * ends when the disk's driver times it out, as the path's own IO does
 * (mqp_path_retire_wait()). Killed, the wait stops and the disk closes
 * when the read ends. The table's reference goes in a work item, which
 * wakes the wait (mqp_checker_wake()); the timeout covers a probe pass,
 * which drops its reference without a wake-up.
 */
void mqp_checker_wait_path(struct mqp_path *path)
{
	while (kref_read(&path->kref) > 1)
		if (wait_event_killable_timeout(mqp_probes_wq,
						kref_read(&path->kref) == 1,
						HZ / 10) < 0)
			return;
}

/* A path reference went: mqp_checker_wait_path() may be done. */
void mqp_checker_wake(void)
{
	wake_up(&mqp_probes_wq);
}

/* Module exit: every read's completion has run. */
void mqp_checker_wait_all(void)
{
	wait_event(mqp_probes_wq, !atomic_read(&mqp_probes_out));
}
