/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mqpath internals, shared by the module's files.
 *
 * Locking, outermost first:
 *   mqp_devs_lock	registry (main.c): create, destroy, lookup
 *   dev->lock		control: every netlink update of one device
 *   dev->state_lock	path states, the active group, dev->paths list;
 *			taken from any context, IRQs off
 *   dev->park_lock	bios parked for want of a live path
 *
 * The IO path takes none of them: datapath.c says what it holds instead,
 * and why a table update never waits for IO already sent.
 */
#ifndef _MQPATH_H
#define _MQPATH_H

#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/kref.h>
#include <linux/llist.h>
#include <linux/mutex.h>
#include <linux/percpu-refcount.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <uapi/mqpath.h>

struct netlink_ext_ack;
struct nlattr;
struct sk_buff;

#define MQP_DEF_PROBE_MS	5000
#define MQP_DEF_FREEZE_WARN_MS	1000
#define MQP_DEF_MARGINAL_COUNT	0
#define MQP_DEF_MARGINAL_MS	60000

/* Per-CPU path counters; summed when read. */
struct mqp_path_pcpu {
	u64 submitted;
	u64 completed;
	u64 bytes;
	u64 errors;
	u64 failovers;
	u64 rw[2];			/* bios with data, by op_is_write() */
	/* qd selector, this CPU's view: see mqp_qd_depth() */
	unsigned long qd_seen;		/* qd.stamp when this CPU last saw it */
	s64 qd_base;			/* submitted - completed at that time */
};

struct mqp_path {
	/* read by the IO path */
	int state;			/* enum mqpath_path_state, READ_ONCE */
	struct percpu_ref ref;		/* held by each clone in flight */
	struct block_device *bdev;
	struct mqp_path_pcpu __percpu *pcpu;
	struct mqp_dev *dev;
	int numa_node;
	bool stacked;			/* bio-based disk: may lead back to us */

	struct list_head node;		/* dev->paths */
	struct kref kref;
	struct file *bdev_file;
	dev_t devt;
	u32 id;
	u32 priority;
	u8 reason;			/* enum mqpath_reason, last change */
	bool gone;			/* the disk was removed */
	bool removed;			/* off dev->paths; READ_ONCE */
	atomic64_t fail_count;
	atomic64_t probes;
	struct completion drained;	/* @ref reached zero once killed */
	struct work_struct retire_work;
	struct list_head holder_node;	/* dev->topo.linked, topology.c */

	/*
	 * The disk's queue limits as the device stacked them, read at the
	 * add and by the checker (mqp_limits_check()); under dev->lock. A
	 * path held out of the stack for its limits has @limits_held, set
	 * under dev->lock and dev->state_lock: it is not reinstated.
	 */
	struct queue_limits lim;
	bool limits_held;

	/* checker and history, under dev->state_lock */
	u8 checker;			/* enum mqpath_checker */
	u32 flaps;			/* failures since flap_start */
	u64 flap_start;			/* ktime ns */
	u64 last_check;			/* ktime ns, 0 = never */
	u64 last_change;		/* ktime ns */
	u64 marginal_until;		/* ktime ns, MARGINAL only */

	/* the checker's read, checker.c */
	unsigned long probe_flags;	/* MQP_PROBE_BUSY: a read is out */
	struct bio *probe_bio;
	struct work_struct probe_done;

	/*
	 * qd selector: the path's bios in flight, summed over every CPU at
	 * most once a jiffy (selector_qd.c). Written by one CPU a jiffy and
	 * read by every CPU that selects, so it keeps a line of its own
	 * rather than dirtying the fields the IO path reads on every bio.
	 */
	struct {
		unsigned long stamp;	/* jiffies of the last sum */
		long est;
	} qd ____cacheline_aligned_in_smp;
};

#define MQP_PROBE_BUSY		0

static inline bool mqp_path_live(const struct mqp_path *path)
{
	return READ_ONCE(path->state) == MQPATH_PATH_LIVE;
}

/* The features of a path that flushes depend on (mqp_lim_cache()). */
#define MQP_CACHE_FEATS		(BLK_FEAT_WRITE_CACHE | BLK_FEAT_FUA)

/* Paths of one priority, contiguous in mqp_table.paths. */
struct mqp_group {
	u32 priority;
	unsigned int first;
	unsigned int nr;
};

struct mqp_selector_ops;

/*
 * Immutable while in use except for @active and @gen, which state changes
 * rewrite under dev->state_lock. Paths are sorted by priority, highest
 * first; groups[0] is the best group.
 */
struct mqp_table {
	const struct mqp_selector_ops *sel;
	void __percpu *sel_data;
	int active;			/* group index, -1 = none live */
	unsigned int gen;		/* bumped on every state change */
	unsigned int nr_paths;
	unsigned int nr_groups;
	struct mqp_group groups[MQPATH_MAX_PATHS];
	struct mqp_path *paths[MQPATH_MAX_PATHS];
};

/* Where a clone of polled IO is (struct mqp_io, poll_state). */
enum mqp_poll_state {
	MQP_POLL_NONE,		/* not polled: its end_io completes the bio */
	MQP_POLL_SENT,		/* polled, on its way or on a poll queue */
	MQP_POLL_ENDED,		/* ended: the poller completes the bio */
	MQP_POLL_CLAIMED,	/* a poller is completing the bio */
};

/*
 * Per-IO context, the front pad of every clone. A clone that failed over
 * is kept, spent, until the retry's clone is out: it carries @tries on
 * the requeue and park lists in place of @orig (see datapath.c).
 */
struct mqp_io {
	struct bio *orig;
	struct mqp_path *path;
	unsigned int tries;		/* paths tried, this one included */
	bool acct;			/* IO accounting started at @start */
	/*
	 * Polled IO (datapath.c, mqp_poll_bio()): the clone went out
	 * REQ_POLLED and the submitter's poller completes @orig, whose
	 * bi_private is kept in @poll_private meanwhile. @poll_state (enum
	 * mqp_poll_state) hands the clone from its end_io to the poller;
	 * @poll_retry says it ended with an error another path may not have.
	 */
	atomic_t poll_state;
	bool poll_retry;
	u16 loop_cpu;			/* stacked path: see stackloop.c */
	unsigned long start;		/* jiffies */
	void *poll_private;
	struct bio clone;		/* must be last */
};

/*
 * One of the device's two table slots: a table and the percpu_ref that
 * submitters hold while they use it (datapath.c).
 */
struct mqp_slot {
	struct percpu_ref ref;
	struct mqp_table *table;	/* NULL when the slot is idle */
	struct mqp_dev *dev;
};

struct mqp_event {
	struct llist_node node;
	u8 cmd;
	bool has_path;
	u8 reason;
	u8 state;
	u32 path_id;
	dev_t devt;
	u32 priority;
	u64 value;
};

/*
 * A disk's unique id as its driver's ->get_unique_id() gives it: @type is
 * enum blk_unique_id, @len 0 when the disk offers none.
 */
struct mqp_uid {
	u8 type;
	u8 len;
	u8 id[16];
};

/* "eui." and 32 hex digits, with the NUL */
#define MQP_UID_STR_LEN		40

/*
 * What the admin's tools see of the device (topology.c): holder links of
 * the paths, the partition scan and change uevent when the size changes.
 */
struct mqp_topo {
	struct mutex lock;		/* linked, closed */
	struct list_head linked;	/* paths with holder links */
	bool closed;			/* the disk is going: no more links */
	struct work_struct gone_work;	/* unlink paths whose disk went */
	struct work_struct scan_work;
	sector_t announced;		/* capacity last scanned; READ_ONCE */
};

struct mqp_dev_stats {
	u64 freeze_count;		/* under dev->state_lock */
	u64 freeze_total_ns;
	u64 freeze_max_ns;
	atomic64_t requeued;
	atomic64_t parked;
	atomic64_t nopath_failed;
	atomic64_t frozen_waits;
};

struct mqp_dev {
	/* IO path, read mostly */
	unsigned int cur;		/* slot of the current table */
	struct mqp_slot slot[2];
	struct bio_set bs;
	bool dead;			/* READ_ONCE: submitters fail */
	unsigned int nr_paths;		/* READ_ONCE: of the current table */
	struct gendisk *disk;
	u32 id;
	wait_queue_head_t freeze_wq;	/* slot drains, path retirements */
	atomic_t nr_retiring;		/* paths off the table, not closed */
	bool draining;			/* READ_ONCE: the idle slot is not */
	struct mqp_path *drain_remove;	/* removed by the draining update */
	struct work_struct drain_work;

	/* failover */
	struct bio *requeue ____cacheline_aligned_in_smp;
	struct work_struct requeue_work;
	spinlock_t park_lock;		/* parked, nr_parked_now, expired */
	struct bio_list parked;
	u64 nr_parked_now;
	bool nopath_expired;
	struct delayed_work nopath_work;

	/* path states */
	spinlock_t state_lock;		/* states, paths, active group */
	struct list_head paths;
	unsigned int nr_live;		/* READ_ONCE */
	bool has_active;
	u32 active_prio;

	/* control, under lock */
	struct mutex lock;
	struct kref kref;
	bool dying;			/* READ_ONCE in ->open */
	u64 size;			/* bytes, 0 = first path's */
	u32 lbs;			/* 0 = first path's */
	u8 selector;			/* enum mqpath_selector */
	u8 failback;			/* READ_ONCE */
	bool queue_if_no_path;		/* READ_ONCE */
	u32 no_path_timeout_ms;		/* READ_ONCE */
	u32 probe_interval_ms;		/* READ_ONCE */
	u32 freeze_warn_ms;
	u64 freeze_start;
	unsigned long path_ids[BITS_TO_LONGS(MQPATH_MAX_PATHS)];
	struct delayed_work probe_work;
	struct queue_limits limits;	/* as last built, unvalidated */
	bool limits_recheck;		/* a path's limits were not read */
	struct mqp_uid uid;		/* of the first identified path */

	struct llist_head events;
	struct work_struct event_work;

	struct mqp_dev_stats stats;
	struct rcu_head rcu;
	struct mqp_topo topo;

	/* marginal paths, READ_ONCE; set under lock */
	u32 marginal_count;
	u32 marginal_window_ms;
	u32 marginal_hold_ms;

	/* paths that stack on the device itself (stackloop.c) */
	struct mqp_loop_rec __percpu *loop;
	struct delayed_work loop_work;	/* the walk after a holder's open */
};

/* Settings of DEV_CREATE and DEV_SET, parsed and validated. */
struct mqp_dev_config {
	u64 size;
	u32 lbs;
	u8 selector;
	u8 failback;
	bool queue_if_no_path;
	u32 no_path_timeout_ms;
	u32 probe_interval_ms;
	u32 freeze_warn_ms;
	u32 marginal_count;
	u32 marginal_window_ms;
	u32 marginal_hold_ms;
};

/* Requeue and no-path work: IO that reclaim may wait for. */
extern struct workqueue_struct *mqp_wq;
/* Probing and events: they allocate, and must not hold up reclaim. */
extern struct workqueue_struct *mqp_probe_wq;

/* main.c: the registry */
struct mqp_dev *mqp_dev_get(u32 id);
void mqp_dev_put(struct mqp_dev *dev);
int mqp_dev_register(struct mqp_dev *dev, u32 id, bool any_id);
void mqp_dev_publish(struct mqp_dev *dev);
void mqp_dev_unreserve(u32 id);
void mqp_dev_unpublish(struct mqp_dev *dev);
struct mqp_dev *mqp_dev_unregister(u32 id, struct netlink_ext_ack *extack);
struct mqp_dev *mqp_dev_next(unsigned long *index);
bool mqp_devt_is_ours(dev_t devt);

/* device.c */
struct mqp_dev *mqp_dev_create(const struct mqp_dev_config *cfg, u32 id,
			       bool any_id);
void mqp_dev_get_config(const struct mqp_dev *dev,
			struct mqp_dev_config *cfg);
int mqp_dev_apply_settings(struct mqp_dev *dev,
			   const struct mqp_dev_config *cfg);
void mqp_dev_failback(struct mqp_dev *dev);
void mqp_dev_teardown(struct mqp_dev *dev);
void mqp_dev_release(struct kref *kref);
void mqp_dev_default_config(struct mqp_dev_config *cfg);
bool mqp_dev_is_ours(struct block_device *bdev);

/* table.c */
struct mqp_table *mqp_table_build(struct mqp_dev *dev, u8 selector,
				  struct mqp_path *add, struct mqp_path *remove);
void mqp_table_free(struct mqp_table *t);
void mqp_table_commit(struct mqp_dev *dev, struct mqp_table *t,
		      struct mqp_path *add, struct mqp_path *remove,
		      bool limits);
void mqp_recompute_locked(struct mqp_dev *dev, bool failback);
int mqp_dev_set_selector(struct mqp_dev *dev, u8 selector);
int mqp_table_pick(struct mqp_dev *dev, struct mqp_table *t, bool failback,
		   unsigned int *nr_live);
struct mqp_path *mqp_select_any(struct mqp_table *t);
int mqp_limits_build(struct mqp_dev *dev, struct queue_limits *lim,
		     struct mqp_path *add, struct mqp_path *remove);
blk_features_t mqp_lim_cache(const struct queue_limits *lim);
bool mqp_path_read_limits(struct mqp_path *path, bool wait);
int mqp_limits_restack(struct mqp_dev *dev);

/* path.c */
struct mqp_path *mqp_path_add(struct mqp_dev *dev, dev_t devt, u32 prio,
			      bool allow_unidentified,
			      struct netlink_ext_ack *extack);
int mqp_path_remove(struct mqp_dev *dev, struct mqp_path *path, bool force,
		    struct netlink_ext_ack *extack);
int mqp_path_fail(struct mqp_dev *dev, struct mqp_path *path, bool force,
		  struct netlink_ext_ack *extack);
int mqp_path_reinstate(struct mqp_dev *dev, struct mqp_path *path,
		       struct netlink_ext_ack *extack);
int mqp_path_set_priority(struct mqp_dev *dev, struct mqp_path *path,
			  u32 prio);
void mqp_path_get(struct mqp_path *path);
void mqp_path_put(struct mqp_path *path);
struct mqp_path *mqp_path_find(struct mqp_dev *dev, u32 id);
struct mqp_path *mqp_path_find_devt(struct mqp_dev *dev, dev_t devt);
bool mqp_path_set_state(struct mqp_path *path, int state, u8 reason);
void mqp_path_check_gone(struct mqp_path *path);
void mqp_probe_work(struct work_struct *work);
void mqp_probe_schedule(struct mqp_dev *dev);
void mqp_uid_read(struct block_device *bdev, struct mqp_uid *uid);
void mqp_uid_format(const struct mqp_uid *uid, char *buf);
int mqp_path_check_stack(struct mqp_dev *dev, struct block_device *bdev,
			 struct netlink_ext_ack *extack);

/* datapath.c */
int mqp_slots_init(struct mqp_dev *dev, struct mqp_table *t);
void mqp_slots_exit(struct mqp_dev *dev);
struct mqp_table *mqp_table_current(struct mqp_dev *dev);
void mqp_table_publish(struct mqp_dev *dev, struct mqp_table *t,
		       struct mqp_path *add, struct mqp_path *remove);
void mqp_table_wait_drained(struct mqp_dev *dev);
void mqp_dev_kill(struct mqp_dev *dev);
int mqp_path_ref_init(struct mqp_path *path);
void mqp_path_retire_start(struct mqp_path *path);
void mqp_path_retire_wait(struct mqp_path *path, bool killable);
void mqp_submit_bio(struct bio *bio);
int mqp_poll_bio(struct bio *bio, struct io_comp_batch *iob,
		 unsigned int flags);
void mqp_requeue_work(struct work_struct *work);
void mqp_kick_parked(struct mqp_dev *dev);
void mqp_fail_parked(struct mqp_dev *dev);
void mqp_nopath_arm(struct mqp_dev *dev);
void mqp_nopath_rearm(struct mqp_dev *dev);
void mqp_nopath_work(struct work_struct *work);

/* stats.c */
u64 mqp_path_inflight(const struct mqp_path *path);
int mqp_fill_path(struct sk_buff *skb, struct mqp_path *path, bool stats);
int mqp_fill_dev(struct sk_buff *skb, struct mqp_dev *dev, bool stats);

/* topology.c */
extern const struct attribute_group mqp_wwid_attr_group;
void mqp_topo_init(struct mqp_dev *dev);
int mqp_topo_link(struct mqp_dev *dev, struct mqp_path *path,
		  struct netlink_ext_ack *extack);
void mqp_topo_unlink(struct mqp_path *path);
void mqp_topo_path_gone(struct mqp_dev *dev);
void mqp_topo_kick(struct mqp_dev *dev);
void mqp_topo_teardown(struct mqp_dev *dev);

/* netlink.c */
int mqp_netlink_init(void);
void mqp_netlink_exit(void);
void mqp_event(struct mqp_dev *dev, u8 cmd, struct mqp_path *path, u64 value);
void mqp_event_work(struct work_struct *work);
void mqp_event_flush(struct mqp_dev *dev);

/* notify.c: uevents and log lines of events, from the event work */
const char *mqp_reason_name(u8 reason);
const char *mqp_state_name(u8 state);
void mqp_notify(struct mqp_dev *dev, const struct mqp_event *ev);

/* checker.c */
void mqp_checker_note_fail(struct mqp_path *path, u8 reason);
void mqp_checker_result(struct mqp_path *path, bool ok);
bool mqp_dev_queueing(struct mqp_dev *dev);
int mqp_fill_path_status(struct sk_buff *skb, struct mqp_path *path);
bool mqp_checker_loop(struct mqp_path *path);
void mqp_checker_loop_work(struct work_struct *work);
void mqp_limits_check(struct mqp_dev *dev);

/* stackloop.c: bios that come back through a stacked path */
int mqp_loop_init(struct mqp_dev *dev);
void mqp_loop_exit(struct mqp_dev *dev);
bool mqp_loop_note(struct mqp_dev *dev, struct mqp_io *io);
void mqp_loop_done(struct mqp_dev *dev, struct mqp_io *io);
void mqp_loop_opened(struct mqp_dev *dev);
void mqp_checker_path_init(struct mqp_path *path);
void mqp_probe_submit(struct mqp_path *path);
void mqp_checker_stop(struct mqp_dev *dev);
void mqp_checker_wait_path(struct mqp_path *path);
void mqp_checker_wake(void);
void mqp_checker_wait_all(void);

/* sysfs.c */
extern const struct attribute_group *mqp_disk_groups[];

#endif /* _MQPATH_H */
