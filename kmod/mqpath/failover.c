// SPDX-License-Identifier: GPL-2.0
/*
 * Failover: completion of clones, the lock-free requeue list, parking of
 * bios when no path is live, and the no-path timeout.
 *
 * A clone that fails with a path error marks its path failed and pushes
 * itself, spent, onto dev->requeue, a lock-free stack threaded through
 * bi_next; a work item sends the original bio (untouched: only the clone
 * was advanced) to another path through the selector. A bio with no live
 * path to go to is parked on dev->parked while queue_if_no_path holds, and
 * resubmitted when a path comes back; neither list holds a reference on
 * dev->ref, so a freeze (adding the path that would rescue them, say)
 * never waits for them. Both lists hold original bios that never reached
 * a path, and spent clones standing for bios that failed on one: a spent
 * clone carries the number of paths its bio has tried.
 *
 * That number is the bio's budget. A bio can fail on every path for a
 * reason of its own (a sector the paths' disks cannot read, say); each
 * failure fails the path, the prober finds the path healthy and
 * reinstates it, and without a budget the bio would go round for ever
 * while taking every path down in turn. After two rounds over the paths
 * of the table (with one path: fail, park, reinstate, one try more) the
 * bio completes with its error, and the path of that last try stays live:
 * by then the bio, not the path, is the likely culprit. Two rounds, not
 * one, so that a bio caught by a real outage of every path still waits
 * for a path to come back when queue_if_no_path asks for it.
 */
#include <linux/blkdev.h>
#include "mqpath.h"

/* Rounds over the paths of the table a bio may make before it fails. */
#define MQP_RETRY_ROUNDS	2

static void mqp_requeue_push(struct mqp_dev *dev, struct bio *bio)
{
	struct bio *head = READ_ONCE(dev->requeue);

	do {
		bio->bi_next = head;
	} while (!try_cmpxchg(&dev->requeue, &head, bio));
}

/* A spent clone of ours, standing for its bio on our lists? */
bool mqp_bio_is_spent(const struct bio *bio)
{
	return bio->bi_end_io == mqp_clone_end_io;
}

/* Fail what a list holds: an original bio, or the bio of a spent clone. */
void mqp_bio_io_error(struct bio *bio)
{
	struct bio *orig;

	if (mqp_bio_is_spent(bio)) {
		orig = container_of(bio, struct mqp_io, clone)->orig;
		bio_put(bio);
		bio = orig;
	}
	bio_io_error(bio);
}

/*
 * Could another path do better? Not for a would-block error (the
 * submitter's), nor for a request the disk calls invalid, nor for what
 * blk_path_error() says is no path's fault.
 */
static bool mqp_path_error(blk_status_t status)
{
	switch (status) {
	case BLK_STS_AGAIN:
	case BLK_STS_INVAL:
	case BLK_STS_DURATION_LIMIT:
		return false;
	default:
		return blk_path_error(status);
	}
}

/* Has the bio of @io had its tries? dev->ref is held, pinning the table. */
static bool mqp_tries_spent(struct mqp_dev *dev, const struct mqp_io *io)
{
	unsigned int nr = READ_ONCE(dev->table)->nr_paths;

	return io->tries >= MQP_RETRY_ROUNDS * max(nr, 1U);
}

void mqp_clone_end_io(struct bio *clone)
{
	struct mqp_io *io = container_of(clone, struct mqp_io, clone);
	blk_status_t status = clone->bi_status;
	struct mqp_path *path = io->path;
	struct bio *orig = io->orig;
	struct mqp_dev *dev = path->dev;

	this_cpu_inc(path->pcpu->completed);

	if (likely(!status)) {
		bio_put(clone);
		this_cpu_add(path->pcpu->bytes, orig->bi_iter.bi_size);
		percpu_ref_put(&dev->ref);
		bio_endio(orig);
		return;
	}

	this_cpu_inc(path->pcpu->errors);
	if (mqp_path_error(status) && !mqp_tries_spent(dev, io)) {
		this_cpu_inc(path->pcpu->failovers);
		mqp_path_set_state(path, MQPATH_PATH_FAILED,
				   MQPATH_REASON_IO_ERROR);
		mqp_requeue_push(dev, clone);
		atomic64_inc(&dev->stats.requeued);
		queue_work(mqp_wq, &dev->requeue_work);
		/* Last: a destroy waiting for the drain may free dev. */
		percpu_ref_put(&dev->ref);
		return;
	}

	bio_put(clone);
	orig->bi_status = status;
	percpu_ref_put(&dev->ref);
	bio_endio(orig);
}

void mqp_requeue_work(struct work_struct *work)
{
	struct mqp_dev *dev = container_of(work, struct mqp_dev, requeue_work);
	struct bio *bio, *next, *list = NULL;

	/* Take the whole stack and turn it back into arrival order. */
	bio = xchg(&dev->requeue, NULL);
	while (bio) {
		next = bio->bi_next;
		bio->bi_next = list;
		list = bio;
		bio = next;
	}

	while (list) {
		bio = list;
		list = bio->bi_next;
		bio->bi_next = NULL;
		if (mqp_bio_is_spent(bio)) {
			mqp_retry(dev, bio);
			continue;
		}
		/* Out of the submitter's context now: we may block. */
		bio->bi_opf &= ~REQ_NOWAIT;
		submit_bio_noacct(bio);
	}
}

/*
 * No live path for @bio (a reference on dev->ref is held). Returns false
 * if a path has come back meanwhile and the caller should select again;
 * otherwise the bio was parked or failed.
 */
bool mqp_no_path(struct mqp_dev *dev, struct bio *bio)
{
	unsigned long flags;
	bool arm = false;

	spin_lock_irqsave(&dev->park_lock, flags);
	/*
	 * A path made live stores nr_live before it takes park_lock to kick
	 * the parked bios, so either we see it here or it sees our bio.
	 */
	if (READ_ONCE(dev->nr_live)) {
		spin_unlock_irqrestore(&dev->park_lock, flags);
		return false;
	}
	/* A dying device parks nothing: its teardown would wait for it. */
	if (!READ_ONCE(dev->dead) && !READ_ONCE(dev->dying) &&
	    READ_ONCE(dev->queue_if_no_path) && !dev->nopath_expired) {
		arm = bio_list_empty(&dev->parked);
		bio_list_add(&dev->parked, bio);
		dev->nr_parked_now++;
		spin_unlock_irqrestore(&dev->park_lock, flags);
		atomic64_inc(&dev->stats.parked);
		if (arm)
			mqp_nopath_arm(dev);
		return true;
	}
	spin_unlock_irqrestore(&dev->park_lock, flags);

	atomic64_inc(&dev->stats.nopath_failed);
	mqp_bio_io_error(bio);
	return true;
}

/* A path is live again: resubmit every parked bio. Any context. */
void mqp_kick_parked(struct mqp_dev *dev)
{
	struct bio_list list;
	unsigned long flags;
	struct bio *bio;

	cancel_delayed_work(&dev->nopath_work);

	spin_lock_irqsave(&dev->park_lock, flags);
	dev->nopath_expired = false;
	list = dev->parked;
	bio_list_init(&dev->parked);
	dev->nr_parked_now = 0;
	spin_unlock_irqrestore(&dev->park_lock, flags);

	if (bio_list_empty(&list))
		return;
	while ((bio = bio_list_pop(&list)))
		mqp_requeue_push(dev, bio);
	queue_work(mqp_wq, &dev->requeue_work);
}

static void mqp_fail_list(struct mqp_dev *dev, struct bio_list *list)
{
	struct bio *bio;

	while ((bio = bio_list_pop(list))) {
		atomic64_inc(&dev->stats.nopath_failed);
		mqp_bio_io_error(bio);
	}
}

/* queue_if_no_path was turned off, or the device goes away. */
void mqp_fail_parked(struct mqp_dev *dev)
{
	struct bio_list list;

	spin_lock_irq(&dev->park_lock);
	list = dev->parked;
	bio_list_init(&dev->parked);
	dev->nr_parked_now = 0;
	spin_unlock_irq(&dev->park_lock);

	mqp_fail_list(dev, &list);
}

/*
 * Start the no-path clock, when the last path fails or when the first bio
 * is parked, whichever comes first. Any context.
 */
void mqp_nopath_arm(struct mqp_dev *dev)
{
	u32 ms = READ_ONCE(dev->no_path_timeout_ms);
	unsigned long flags;

	if (!ms || !READ_ONCE(dev->queue_if_no_path))
		return;
	/* Teardown sets dead under park_lock before its last cancel. */
	spin_lock_irqsave(&dev->park_lock, flags);
	if (!dev->dead)
		queue_delayed_work(mqp_wq, &dev->nopath_work,
				   msecs_to_jiffies(ms));
	spin_unlock_irqrestore(&dev->park_lock, flags);
}

/*
 * The no-path timeout was changed: if no path is live, the clock starts
 * again with the new value for the bios already parked; 0 stops it.
 */
void mqp_nopath_rearm(struct mqp_dev *dev)
{
	u32 ms = READ_ONCE(dev->no_path_timeout_ms);

	if (READ_ONCE(dev->nr_live) || !READ_ONCE(dev->queue_if_no_path))
		return;
	spin_lock_irq(&dev->park_lock);
	if (!dev->dead && ms)
		mod_delayed_work(mqp_wq, &dev->nopath_work,
				 msecs_to_jiffies(ms));
	else if (!ms)
		cancel_delayed_work(&dev->nopath_work);
	spin_unlock_irq(&dev->park_lock);
}

/* The no-path timeout expired: fail what is parked and what comes. */
void mqp_nopath_work(struct work_struct *work)
{
	struct mqp_dev *dev = container_of(to_delayed_work(work),
					   struct mqp_dev, nopath_work);
	struct bio_list list;

	spin_lock_irq(&dev->park_lock);
	if (READ_ONCE(dev->nr_live)) {
		spin_unlock_irq(&dev->park_lock);
		return;
	}
	dev->nopath_expired = true;
	list = dev->parked;
	bio_list_init(&dev->parked);
	dev->nr_parked_now = 0;
	spin_unlock_irq(&dev->park_lock);

	mqp_fail_list(dev, &list);
}
