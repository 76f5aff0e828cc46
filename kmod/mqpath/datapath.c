// SPDX-License-Identifier: GPL-2.0
/*
 * The IO path of an mqpath device, top to bottom: entering the current
 * path table, selecting a path, cloning and sending, completion, failover,
 * parking while no path is live and the no-path timeout. Where the IO path
 * relies on an ordering, the update side of it sits next to it here.
 *
 * What a bio holds, and what that pins:
 *
 *  - While it is being sent: a reference on the percpu_ref of the table
 *    slot it entered (dev->slot[]). The slot's table, and every path in
 *    it, stay as they are until the reference goes, right after a path is
 *    chosen.
 *  - From then until its clone completes: a reference on the percpu_ref of
 *    that path (path->ref). The path, its open disk and the device stay.
 *
 * A table update (a path added or removed, a priority or the selector
 * changed) builds the new table off line, installs it in the idle slot,
 * makes that slot current and kills the old slot's reference. Submitters
 * that entered the old table finish with it; new ones enter the new slot
 * and never wait. Once the old slot has drained (an RCU grace period and
 * the submitters inside it, not the IO they sent), a work item frees its
 * table and resurrects its reference for the next update, which waits for
 * that if it comes sooner. This is how blk-mq freezes a queue, with two
 * references taking turns so that neither submitters nor the updater wait
 * for it; mqpath's "freeze" statistics time that drain.
 *
 * A removed path is then retired: its reference is killed, and the remover
 * waits for the path's IO without dev->lock, so that a hung path holds up
 * its remover only. Its disk is closed once that IO has completed, failed
 * over or timed out in the layer below.
 *
 * Why percpu_refs and not SRCU, as NVMe multipath uses: in 6.12
 * srcu_read_lock() and srcu_read_unlock() each issue a full memory barrier
 * (a LOCK-prefixed instruction on x86), where percpu_ref_tryget_live() and
 * percpu_ref_put() are a per-CPU add. The price is a grace period per
 * update, which only the updater waits for.
 *
 * Why a clone rather than redirecting the bio itself (bio_set_dev()), as
 * NVMe's head disk does: NVMe gets its failed bios back intact from the
 * request, before they complete. Here the path completes the bio, after
 * the lower layers advanced its iterator; only a clone leaves the original
 * untouched for a retry on another path, and gives an end_io of our own
 * without saving and restoring the submitter's.
 *
 * Failover: a clone that fails with a path error marks its path failed and
 * pushes itself, spent, onto dev->requeue, a lock-free stack threaded
 * through bi_next; a work item sends the original bio (untouched: only the
 * clone was advanced) to another path. A bio with no live path to go to is
 * parked on dev->parked while queue_if_no_path holds, and sent again when a
 * path comes back; neither list holds any reference, so no update waits
 * for them. Both lists hold original bios that never reached a path, and
 * spent clones standing for bios that failed on one: a spent clone carries
 * the number of paths its bio has tried and the start of its accounting.
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
 *
 * IO accounting (/proc/diskstats, iostat) counts a bio from its first
 * dispatch to a path until it completes, retries included, as NVMe's head
 * disk does; a bio failed for want of a path is not counted.
 *
 * Polled IO (REQ_POLLED: io_uring with IORING_SETUP_IOPOLL, fio's hipri).
 * The device polls when every path it stacks does (table.c). NVMe's head
 * disk sends the submitter's bio itself to the path, so bio_poll() finds
 * the path's queue and cookie in it; here the clone goes to the path, and
 * ->poll_bio (mqp_poll_bio()) must find the clone from the bio. As dm
 * does, the bio's bi_private points to the clone's mqp_io while it is out
 * (the submitter's value kept in the mqp_io), and the bio's bi_cookie,
 * never set for a bio-based disk, says so. The poller reads them, so the
 * bio must not complete behind its back: only the poller completes it. A
 * polled clone's end_io, which runs in whichever context reaped it (the
 * poller of this bio or of another on the same poll queue, a timeout, an
 * abort), does its bookkeeping, hands the clone over with poll_state and
 * leaves the bio and the path's reference to the poller. The block layer
 * calls ->poll_bio from the submitter or under RCU, and the bio stays
 * ours until the poller ends it.
 *
 * A polled bio also holds a reference on the disk's q_usage_counter until
 * its poller ends it, as a blk-mq request does: a bio-based disk is not
 * otherwise used by its bios in flight, and a limits update that drops
 * BLK_FEAT_POLL (a path that cannot poll was added) would then stop
 * bio_poll() from calling ->poll_bio while clones still wait on a poll
 * queue that only we poll. With the reference, the update's freeze waits
 * for them, and bio_poll(), which enters a frozen queue with a tryget,
 * still reaches us while it waits.
 */
#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include "mqpath.h"
#include "selector.h"

/* Rounds over the paths of the table a bio may make before it fails. */
#define MQP_RETRY_ROUNDS	2

static void mqp_clone_end_io(struct bio *clone);
static void mqp_io_done(struct mqp_io *io, blk_status_t status);

/* ---- Entering a table, and the update side: publish and drain ---- */

/*
 * Take a reference on the current slot; returns the slot's table, or NULL
 * when the device is dead. A submitter that meets a slot an update just
 * closed enters the other one: it never waits for the update.
 */
static struct mqp_table *mqp_enter(struct mqp_dev *dev, struct mqp_slot **sp)
{
	struct mqp_slot *slot;
	struct mqp_table *t;

	for (;;) {
		/* Pairs with smp_store_release() of dev->cur in publish. */
		slot = &dev->slot[smp_load_acquire(&dev->cur)];
		if (likely(percpu_ref_tryget_live(&slot->ref))) {
			/*
			 * A ref resurrected after a drain must show the slot
			 * empty: pairs with smp_wmb() in mqp_table_drain().
			 */
			smp_rmb();
			/* Pairs with smp_store_release() of slot->table. */
			t = READ_ONCE(slot->table);
			if (likely(t)) {
				*sp = slot;
				return t;
			}
			percpu_ref_put(&slot->ref);
		} else if (READ_ONCE(dev->dead)) {
			return NULL;
		}
		atomic64_inc(&dev->stats.frozen_waits);
		cpu_relax();
	}
}

/* The table IO enters now; dev->lock or dev->state_lock held. */
struct mqp_table *mqp_table_current(struct mqp_dev *dev)
{
	return dev->slot[dev->cur].table;
}

/*
 * Wait until the slot the last update left is idle again: its submitters
 * gone, its table freed, its reference resurrected. dev->lock held, which
 * keeps a new update from starting meanwhile.
 */
void mqp_table_wait_drained(struct mqp_dev *dev)
{
	lockdep_assert_held(&dev->lock);
	wait_event(dev->freeze_wq, !READ_ONCE(dev->draining));
}

/*
 * Make @t, built with @add and @remove, the current table; dev->lock held.
 * Returns without waiting for the submitters still in the old table: the
 * drain work frees it once they are gone. A removed path retires from
 * here on.
 */
void mqp_table_publish(struct mqp_dev *dev, struct mqp_table *t,
		       struct mqp_path *add, struct mqp_path *remove)
{
	unsigned int next = !dev->cur;
	struct mqp_slot *slot = &dev->slot[next];
	unsigned int nr_live;

	mqp_table_wait_drained(dev);
	dev->freeze_start = ktime_get_ns();
	dev->drain_remove = remove;
	WRITE_ONCE(dev->draining, true);

	spin_lock_irq(&dev->state_lock);
	if (add)
		list_add_tail(&add->node, &dev->paths);
	if (remove) {
		list_del_init(&remove->node);
		WRITE_ONCE(remove->removed, true);
	}
	t->gen = mqp_table_current(dev)->gen + 1;
	t->active = mqp_table_pick(dev, t, false, &nr_live);
	/* The table is whole before a submitter can see it. */
	smp_store_release(&slot->table, t);
	WRITE_ONCE(dev->nr_paths, t->nr_paths);
	/* Then submitters go to it: pairs with mqp_enter(). */
	smp_store_release(&dev->cur, next);
	mqp_recompute_locked(dev, false);
	spin_unlock_irq(&dev->state_lock);

	/*
	 * Kill the removed path's reference with the slot's, so that their
	 * grace periods run together; the old table's reference on it,
	 * dropped by the drain work, keeps it from reaching zero while
	 * submitters in that table may still take it.
	 */
	if (remove) {
		percpu_ref_get(&remove->ref);
		mqp_path_retire_start(remove);
	}
	percpu_ref_kill(&dev->slot[!next].ref);
}

/*
 * The last submitter left a killed slot: any context. After an update the
 * drain work frees its table; in a teardown, the teardown waits.
 */
static void mqp_slot_release(struct percpu_ref *ref)
{
	struct mqp_slot *slot = container_of(ref, struct mqp_slot, ref);
	struct mqp_dev *dev = slot->dev;

	if (READ_ONCE(dev->dead))
		wake_up_all(&dev->freeze_wq);
	else
		queue_work(mqp_wq, &dev->drain_work);
}

/*
 * No submitter uses the table the last update replaced: free it, make its
 * slot ready for the next update, let go of a removed path, and count the
 * freeze (from the publish to here).
 */
static void mqp_table_drain_work(struct work_struct *work)
{
	struct mqp_dev *dev = container_of(work, struct mqp_dev, drain_work);
	struct mqp_slot *old = &dev->slot[!dev->cur];
	struct mqp_path *remove = dev->drain_remove;
	u32 warn_ms = READ_ONCE(dev->freeze_warn_ms);
	struct mqp_table *t;
	u64 ns;

	spin_lock_irq(&dev->state_lock);
	t = old->table;
	WRITE_ONCE(old->table, NULL);
	spin_unlock_irq(&dev->state_lock);
	/* Pairs with smp_rmb() in mqp_enter(). */
	smp_wmb();
	percpu_ref_resurrect(&old->ref);
	mqp_table_free(t);
	if (remove)
		percpu_ref_put(&remove->ref);

	ns = ktime_get_ns() - dev->freeze_start;
	spin_lock_irq(&dev->state_lock);
	dev->stats.freeze_count++;
	dev->stats.freeze_total_ns += ns;
	if (ns > dev->stats.freeze_max_ns)
		dev->stats.freeze_max_ns = ns;
	spin_unlock_irq(&dev->state_lock);
	if (warn_ms && ns > (u64)warn_ms * NSEC_PER_MSEC)
		mqp_event(dev, MQPATH_CMD_EVENT_FROZEN_TOO_LONG, NULL, ns);

	WRITE_ONCE(dev->draining, false);
	wake_up_all(&dev->freeze_wq);
}

/*
 * The device goes away: no submitter enters any more, and those inside
 * have left when this returns. dev->lock held.
 */
void mqp_dev_kill(struct mqp_dev *dev)
{
	struct mqp_slot *slot = &dev->slot[dev->cur];

	lockdep_assert_held(&dev->lock);

	mqp_table_wait_drained(dev);
	spin_lock_irq(&dev->park_lock);
	WRITE_ONCE(dev->dead, true);
	spin_unlock_irq(&dev->park_lock);
	percpu_ref_kill(&slot->ref);
	wait_event(dev->freeze_wq, percpu_ref_is_zero(&slot->ref));
}

/*
 * Both slots, the current one holding @t. Each is resurrected after its
 * drains, so its per-CPU counters must outlive a kill: ALLOW_REINIT.
 */
int mqp_slots_init(struct mqp_dev *dev, struct mqp_table *t)
{
	int i, ret;

	INIT_WORK(&dev->drain_work, mqp_table_drain_work);
	for (i = 0; i < ARRAY_SIZE(dev->slot); i++) {
		dev->slot[i].dev = dev;
		ret = percpu_ref_init(&dev->slot[i].ref, mqp_slot_release,
				      PERCPU_REF_ALLOW_REINIT, GFP_KERNEL);
		if (ret) {
			while (i--)
				percpu_ref_exit(&dev->slot[i].ref);
			return ret;
		}
	}
	dev->slot[0].table = t;
	dev->cur = 0;
	return 0;
}

/* After the last put: see mqp_dev_free_rcu(). Frees the tables too. */
void mqp_slots_exit(struct mqp_dev *dev)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(dev->slot); i++) {
		mqp_table_free(dev->slot[i].table);
		dev->slot[i].table = NULL;
		percpu_ref_exit(&dev->slot[i].ref);
	}
}

/* ---- Paths: the reference their IO holds, and retiring them ---- */

/*
 * The last clone of a retired path completed: any context. The close
 * sleeps, so it goes to a work item.
 */
static void mqp_path_ref_release(struct percpu_ref *ref)
{
	struct mqp_path *path = container_of(ref, struct mqp_path, ref);

	queue_work(system_wq, &path->retire_work);
}

static void mqp_path_retire_work(struct work_struct *work)
{
	struct mqp_path *path = container_of(work, struct mqp_path,
					     retire_work);
	struct mqp_dev *dev = path->dev;

	complete_all(&path->drained);
	/* The table's reference; closes the disk unless a remover waits. */
	mqp_path_put(path);
	mqp_checker_wake();
	/* Its dev reference (mqp_path_retire_start()) keeps the wait queue. */
	if (atomic_dec_and_test(&dev->nr_retiring))
		wake_up_all(&dev->freeze_wq);
	kref_put(&dev->kref, mqp_dev_release);
}

int mqp_path_ref_init(struct mqp_path *path)
{
	init_completion(&path->drained);
	INIT_WORK(&path->retire_work, mqp_path_retire_work);
	return percpu_ref_init(&path->ref, mqp_path_ref_release, 0,
			       GFP_KERNEL);
}

/*
 * Retire @path, off dev->paths: kill its reference, so that it reaches
 * zero when its last clone completes, and count it in dev->nr_retiring
 * until its work item has let go of it. The table's reference on the path
 * goes with it.
 */
void mqp_path_retire_start(struct mqp_path *path)
{
	struct mqp_dev *dev = path->dev;

	kref_get(&dev->kref);
	atomic_inc(&dev->nr_retiring);
	percpu_ref_kill(&path->ref);
}

/*
 * Wait for the IO of a retiring path, without dev->lock; a @killable wait
 * may give up and leave the close to the work item. The caller holds a
 * reference on @path, taken before the retirement started: the work item
 * may let go of the path at any time after that.
 */
void mqp_path_retire_wait(struct mqp_path *path, bool killable)
{
	if (killable)
		wait_for_completion_killable(&path->drained);
	else
		wait_for_completion(&path->drained);
}

/* ---- Selecting a path and sending the bio ---- */

/* Fail what a list holds: an original bio, or the bio of a spent clone. */
static void mqp_bio_io_error(struct bio *bio)
{
	struct mqp_io *io;

	if (bio->bi_end_io == mqp_clone_end_io) {
		io = container_of(bio, struct mqp_io, clone);
		bio = io->orig;
		if (io->acct)
			bio_end_io_acct(bio, io->start);
		bio_put(&io->clone);
	}
	bio_io_error(bio);
}

static bool mqp_no_path(struct mqp_dev *dev, struct bio *bio);

/*
 * Pick a path for @bio (the bio, or the spent clone standing for it) and
 * take a reference on it. NULL when the bio was parked or failed instead.
 */
static struct mqp_path *mqp_select_path(struct mqp_dev *dev, struct bio *bio)
{
	struct mqp_path *path;
	struct mqp_slot *slot;
	struct mqp_table *t;
	int active;

	for (;;) {
		t = mqp_enter(dev, &slot);
		if (unlikely(!t)) {
			mqp_bio_io_error(bio);
			return NULL;
		}
		path = NULL;
		active = READ_ONCE(t->active);
		if (likely(active >= 0))
			path = mqp_select(t, &t->groups[active]);
		/* No path from the active group: try any, best group first. */
		if (unlikely(!path))
			path = mqp_select_any(t);
		if (likely(path)) {
			/*
			 * The slot pins the table, so the path is not retired
			 * yet and its reference is live: a get, not a tryget.
			 */
			percpu_ref_get(&path->ref);
			percpu_ref_put(&slot->ref);
			return path;
		}
		percpu_ref_put(&slot->ref);
		if (mqp_no_path(dev, bio))
			return NULL;
		/* A path came back meanwhile, maybe in a newer table. */
		cpu_relax();
	}
}

/*
 * Can the queue of @path's disk take a polled bio now? What blk-mq checks
 * too (blk_mq_can_poll()); a bio-based disk only has BLK_FEAT_POLL.
 */
static bool mqp_path_polls(const struct mqp_path *path)
{
	struct request_queue *q = bdev_get_queue(path->bdev);

	if (!(READ_ONCE(q->limits.features) & BLK_FEAT_POLL))
		return false;
	return !queue_is_mq(q) || q->tag_set->map[HCTX_TYPE_POLL].nr_queues;
}

/*
 * @io's clone of a REQ_POLLED bio is about to go to @path, from the
 * submitter's ->submit_bio: retries and parked bios come back from a work
 * item unpolled (mqp_requeue_work()). The device polls only when all its
 * paths do, but a path added to the table while its update still waits for
 * the queue freeze, or one whose queue lost its poll queues, cannot take
 * it: the clone goes out unpolled then, and completes the bio as any
 * other; the poller meanwhile finds no cookie in the bio and polls nothing.
 */
static void mqp_poll_prepare(struct mqp_dev *dev, struct mqp_path *path,
			     struct mqp_io *io)
{
	struct bio *bio = io->orig;

	if (unlikely(!mqp_path_polls(path))) {
		bio_clear_polled(&io->clone);
		return;
	}
	/* We are inside bio_queue_enter(): the reference is live. */
	percpu_ref_get(&dev->disk->queue->q_usage_counter);
	io->poll_private = bio->bi_private;
	bio->bi_private = io;
	atomic_set(&io->poll_state, MQP_POLL_SENT);
	/* Any value but BLK_QC_T_NONE: bio_poll() then calls ->poll_bio. */
	WRITE_ONCE(bio->bi_cookie, 0);
}

/*
 * Clone @bio onto @path, whose reference the clone takes over. @tries
 * counts the paths the bio has been sent to, this one included; @acct and
 * @start carry its accounting.
 */
static void mqp_send(struct mqp_dev *dev, struct mqp_path *path,
		     struct bio *bio, unsigned int tries, bool acct,
		     unsigned long start)
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
	clone = bio_alloc_clone(NULL, bio, gfp, &dev->bs);
	bio->bi_opf = (bio->bi_opf & ~REQ_ALLOC_CACHE) | cache;
	if (unlikely(!clone)) {
		if (acct)
			bio_end_io_acct(bio, start);
		percpu_ref_put(&path->ref);
		if (bio->bi_opf & REQ_NOWAIT)
			bio_wouldblock_error(bio);
		else
			bio_io_error(bio);
		return;
	}
	/*
	 * Cloned without a disk, then given one: the clone takes its blk-cgroup
	 * association once, from the original (the submitter's cgroup, or the
	 * one writeback charged), where bio_alloc_clone() with the disk would
	 * associate it in bio_init() and again in __bio_clone(). That is 60-90
	 * guest instructions per IO, 0.6% of mqpath-1path's IOPS under icount.
	 * A fresh clone has neither BIO_REMAPPED nor BIO_BPS_THROTTLED, all
	 * that bio_set_dev() would clear: a partition path gets its remap.
	 */
	clone->bi_bdev = path->bdev;
	bio_clone_blkg_association(clone, bio);

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
	io->acct = acct;
	io->start = start;
	clone->bi_end_io = mqp_clone_end_io;
	/* A bio-based path may send it back to us: see stackloop.c. */
	if (unlikely(path->stacked) && !mqp_loop_note(dev, io)) {
		mqp_io_done(io, BLK_STS_IOERR);
		percpu_ref_put(&path->ref);
		return;
	}
	atomic_set(&io->poll_state, MQP_POLL_NONE);
	if (unlikely(bio->bi_opf & REQ_POLLED))
		mqp_poll_prepare(dev, path, io);
	this_cpu_inc(path->pcpu->submitted);
	if (bio_has_data(clone))
		this_cpu_inc(path->pcpu->rw[op_is_write(bio_op(clone))]);
	submit_bio_noacct(clone);
}

/* ->submit_bio of the mqpath disk. */
void mqp_submit_bio(struct bio *bio)
{
	struct mqp_dev *dev = bio->bi_bdev->bd_disk->private_data;
	struct mqp_path *path;
	unsigned long start = 0;
	bool acct;

	/*
	 * Until mqp_poll_prepare() says otherwise, bio_poll() has nothing to
	 * poll here: a bio reset or reused above us may carry any cookie.
	 * Before the bio can be parked, and completed from elsewhere.
	 */
	WRITE_ONCE(bio->bi_cookie, BLK_QC_T_NONE);
	path = mqp_select_path(dev, bio);
	if (!path)
		return;
	acct = blk_queue_io_stat(dev->disk->queue);
	if (acct)
		start = bio_start_io_acct(bio);
	mqp_send(dev, path, bio, 1, acct, start);
}

/*
 * From the requeue work: send again the bio whose clone @spent failed on
 * a path. @spent stands for the bio until a new clone is out, or on the
 * park list if no path is live, so that its tries and accounting live on.
 */
static void mqp_retry(struct mqp_dev *dev, struct bio *spent)
{
	struct mqp_io *io = container_of(spent, struct mqp_io, clone);
	struct bio *bio = io->orig;
	struct mqp_path *path;
	unsigned long start;
	unsigned int tries;
	bool acct;

	/*
	 * Out of the submitter's context now: we may block, and the retry
	 * goes out unpolled (see mqp_poll_bio()).
	 */
	bio->bi_opf &= ~(REQ_NOWAIT | REQ_POLLED);
	spent->bi_opf &= ~REQ_NOWAIT;
	path = mqp_select_path(dev, spent);
	if (!path)
		return;
	tries = io->tries;
	acct = io->acct;
	start = io->start;
	bio_put(spent);
	mqp_send(dev, path, bio, tries + 1, acct, start);
}

/* ---- Completion and failover ---- */

static void mqp_requeue_push(struct mqp_dev *dev, struct bio *bio)
{
	struct bio *head = READ_ONCE(dev->requeue);

	do {
		bio->bi_next = head;
	} while (!try_cmpxchg(&dev->requeue, &head, bio));
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

/* Has the bio of @io had its tries? */
static bool mqp_tries_spent(struct mqp_dev *dev, const struct mqp_io *io)
{
	unsigned int nr = READ_ONCE(dev->nr_paths);

	return io->tries >= MQP_RETRY_ROUNDS * max(nr, 1U);
}

/* Complete the bio of @io with @status and free the clone. */
static void mqp_io_done(struct mqp_io *io, blk_status_t status)
{
	struct bio *orig = io->orig;

	if (io->acct)
		bio_end_io_acct(orig, io->start);
	bio_put(&io->clone);
	orig->bi_status = status;
	bio_endio(orig);
}

/*
 * What follows the end of @io's clone, judged by its end_io: complete the
 * bio, or (@retry) send it to another path; then let go of the path.
 */
static void mqp_clone_finish(struct mqp_dev *dev, struct mqp_io *io,
			     bool retry, blk_status_t status)
{
	struct mqp_path *path = io->path;

	if (retry) {
		mqp_requeue_push(dev, &io->clone);
		atomic64_inc(&dev->stats.requeued);
		queue_work(mqp_wq, &dev->requeue_work);
	} else {
		mqp_io_done(io, status);
	}
	/* Last: the path's remover, or a teardown, may free it and dev. */
	percpu_ref_put(&path->ref);
}

static void mqp_clone_end_io(struct bio *clone)
{
	struct mqp_io *io = container_of(clone, struct mqp_io, clone);
	blk_status_t status = clone->bi_status;
	struct mqp_path *path = io->path;
	struct mqp_dev *dev = path->dev;
	bool retry = false;

	this_cpu_inc(path->pcpu->completed);
	if (unlikely(path->stacked))
		mqp_loop_done(dev, io);

	if (likely(!status)) {
		this_cpu_add(path->pcpu->bytes, io->orig->bi_iter.bi_size);
	} else if (mqp_path_error(status) && !mqp_tries_spent(dev, io)) {
		this_cpu_inc(path->pcpu->errors);
		this_cpu_inc(path->pcpu->failovers);
		mqp_path_set_state(path, MQPATH_PATH_FAILED,
				   MQPATH_REASON_IO_ERROR);
		retry = true;
	} else {
		this_cpu_inc(path->pcpu->errors);
	}

	if (unlikely(atomic_read(&io->poll_state) == MQP_POLL_SENT)) {
		/*
		 * The poller completes the bio (mqp_poll_bio()); the clone,
		 * with the path's reference, is its own from here on, so
		 * this is the last we touch.
		 */
		io->poll_retry = retry;
		atomic_set_release(&io->poll_state, MQP_POLL_ENDED);
		return;
	}
	mqp_clone_finish(dev, io, retry, status);
}

/*
 * ->poll_bio of the mqpath disk, from bio_poll() on a bio whose bi_cookie
 * is set: the submitter's poller, under RCU or in the submitter's context.
 * Polls the queue of the path the bio's clone went to, and completes the
 * bio once the clone has ended. Returns 1 when it completed the bio.
 */
int mqp_poll_bio(struct bio *bio, struct io_comp_batch *iob,
		 unsigned int flags)
{
	struct mqp_dev *dev = bio->bi_bdev->bd_disk->private_data;
	struct mqp_io *io = bio->bi_private;
	blk_status_t status;
	bool retry;

	if (atomic_read_acquire(&io->poll_state) == MQP_POLL_SENT)
		bio_poll(&io->clone, iob, flags);
	/*
	 * One poller per bio, in the rules of bio_poll(); claiming the bio
	 * rather than reading the state keeps a second one, polling a stale
	 * bio of a completed io_uring request, from completing it twice.
	 */
	if (atomic_cmpxchg(&io->poll_state, MQP_POLL_ENDED,
			   MQP_POLL_CLAIMED) != MQP_POLL_ENDED)
		return 0;

	/* The bio is the submitter's again, but for its completion. */
	WRITE_ONCE(bio->bi_cookie, BLK_QC_T_NONE);
	bio->bi_private = io->poll_private;
	status = io->clone.bi_status;
	retry = io->poll_retry;
	/*
	 * A retry goes unpolled, as dm requeues a polled bio: it is sent
	 * from the requeue work, not by the submitter, which would have to
	 * learn of a new clone (bi_private rewritten behind the poller's
	 * back) on a path whose queue may not poll; and a failover is slow
	 * anyway. The poller finds no cookie now and polls nothing until
	 * the retry's end_io completes the bio.
	 */
	if (retry)
		bio_clear_polled(bio);
	mqp_clone_finish(dev, io, retry, status);
	/* bio_poll() holds its own reference on the queue meanwhile. */
	percpu_ref_put(&dev->disk->queue->q_usage_counter);
	return !retry;
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
		if (bio->bi_end_io == mqp_clone_end_io) {
			mqp_retry(dev, bio);
			continue;
		}
		/*
		 * Out of the submitter's context now: we may block, and the
		 * bio goes out unpolled (see mqp_poll_bio()).
		 */
		bio->bi_opf &= ~(REQ_NOWAIT | REQ_POLLED);
		submit_bio_noacct(bio);
	}
}

/* ---- No live path: parking and the no-path timeout ---- */

/*
 * No live path for @bio. Returns false if a path has come back meanwhile
 * and the caller should select again; otherwise the bio was parked or
 * failed.
 */
static bool mqp_no_path(struct mqp_dev *dev, struct bio *bio)
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
