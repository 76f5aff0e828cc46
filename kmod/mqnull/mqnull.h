/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mqnull internal interfaces.
 *
 * A namespace is one block of storage (optionally memory-backed) shown
 * through 1..MQNULL_MAX_PATHS path disks. Each path is a gendisk with its own
 * blk-mq tag set, its own fault settings and its own counters.
 *
 * Locking: the control plane (netlink, module init/exit) is serialised by
 * mqnull_lock. The IO path takes no lock: it reads fault settings with
 * READ_ONCE(), counts in per-CPU counters and reads the memory store under
 * RCU. Namespaces are only ever looked up and freed under mqnull_lock, and a
 * path's IO is drained by del_gendisk() before the path is freed, so no
 * reference count is needed on either.
 */
#ifndef _MQNULL_H
#define _MQNULL_H

#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/hrtimer.h>
#include <linux/llist.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/uuid.h>
#include <linux/xarray.h>
#include <uapi/mqnull.h>
/*
 * What the module accepts (MQNULL_MAX_NS_ID, MQNULL_MAX_SIZE and their kin)
 * is defined once, in netlink/specs/mqnull.yaml, whose policies check it.
 */
#include "netlink-gen.h"

#define MQNULL_DEFAULT_DEPTH	64
#define MQNULL_IO_TIMEOUT	(5 * HZ)

/* Creation parameters of a namespace, checked and defaulted by netlink.c. */
struct mqnull_ns_config {
	u64 size;		/* bytes, a multiple of lbs */
	u64 completion_nsec;
	u32 lbs;
	u32 pbs;
	u32 nr_paths;
	u32 submit_queues;	/* never 0 once checked */
	u32 poll_queues;
	u32 queue_depth;
	u8 completion;		/* enum mqnull_completion */
	bool has_uuid;		/* uuid given; else a random one */
	uuid_t uuid;
	bool memory_backed;
	bool shared_tags;
};

/* Sparse memory backing: one page per PAGE_SIZE of the namespace. */
struct mqnull_store {
	struct xarray pages;
	atomic_long_t nr_pages;
};

/* Per-CPU path counters, summed on read. */
struct mqnull_stats {
	u64 reads;
	u64 writes;
	u64 read_bytes;
	u64 write_bytes;
	u64 other_ops;
	u64 flushes;
	u64 errors_injected;
	u64 timeouts;
};

struct mqnull_stats_sum {
	struct mqnull_stats s;
	u64 inflight;
};

/*
 * Fault settings of a path. The control plane writes them with WRITE_ONCE()
 * while IO runs; the IO path reads each with READ_ONCE() and takes no lock.
 * An IO may see a mix of old and new values while they change, which is what
 * a real path does too.
 */
struct mqnull_fault {
	u64 latency_nsec;
	u64 iops_limit;
	u64 bps_limit;
	u32 error_ppm;
	u8 state;		/* enum mqnull_path_state */
};

/* Bit masks of the fields a PATH_SET changes. */
#define MQNULL_SET_STATE	BIT(0)
#define MQNULL_SET_LATENCY	BIT(1)
#define MQNULL_SET_ERROR_PPM	BIT(2)
#define MQNULL_SET_IOPS_LIMIT	BIT(3)
#define MQNULL_SET_BPS_LIMIT	BIT(4)
#define MQNULL_SET_WRITE_CACHE	BIT(5)
#define MQNULL_SET_FUA		BIT(6)
#define MQNULL_SET_DISCARD	BIT(7)

struct mqnull_fault_update {
	struct mqnull_fault f;
	bool write_cache;	/* what the path disk advertises */
	bool fua;
	bool discard;
	u32 path_id;
	u32 mask;		/* MQNULL_SET_* */
};

struct mqnull_path;

/* One per hardware queue of a path. */
struct mqnull_queue {
	struct mqnull_path *path;
	struct llist_head poll_list;	/* poll queues: done, not reaped */
};

/* Where a started request waits to be completed (mqnull_io.where). */
enum mqnull_where {
	MQNULL_AT_INLINE,	/* completing now, or in blk_mq_complete_request */
	MQNULL_AT_TIMER,	/* on cmd->timer */
	MQNULL_AT_HELD,		/* hang: only the timeout handler finishes it */
	MQNULL_AT_POLL,		/* on a poll queue's poll_list */
};

/* Driver data of each request (the blk-mq pdu). */
struct mqnull_io {
	struct hrtimer timer;
	struct llist_node poll_node;
	u64 deadline;		/* poll queues: ktime ns, 0 = at once */
	/*
	 * Timer and held requests may be finished by the timer, the timeout
	 * handler or a forced destroy: the one that sets claimed owns it.
	 */
	atomic_t claimed;
	blk_status_t status;
	u8 where;		/* enum mqnull_where */
	bool injected;		/* status is an injected error */
	bool timed_out;		/* finished by the timeout handler */
	/*
	 * Polled: the timeout fired while a poller held the request; the
	 * poller ends it as timed out when it next sees it.
	 */
	bool expired;
};

struct mqnull_ns;

struct mqnull_path {
	/* read by every IO */
	struct mqnull_ns *ns;
	struct mqnull_store *store;	/* NULL when not memory-backed */
	struct mqnull_stats __percpu *stats;
	bool faulty;		/* any fault set: take the slow path */
	bool dead;		/* being destroyed: fail every IO */
	u8 completion;
	u64 completion_nsec;
	struct mqnull_fault fault;

	u32 id;
	struct gendisk *disk;
	struct mqnull_queue *queues;
	struct blk_mq_tag_set set;

	/* throttle: written by every IO while a limit is set */
	atomic64_t next_free ____cacheline_aligned_in_smp;
};

struct mqnull_ns {
	u32 id;
	struct mqnull_ns_config cfg;
	uuid_t uuid;		/* the same on every path: multipath matches it */
	bool dying;		/* destroy under way: ->open refuses */
	struct mqnull_store store;
	struct mqnull_path *paths[MQNULL_MAX_PATHS];
};

/* main.c: namespace registry, all under mqnull_lock */
extern struct mutex mqnull_lock;
struct mqnull_ns *mqnull_ns_find(u32 id);
struct mqnull_ns *mqnull_ns_next(unsigned long *id);
int mqnull_ns_register(struct mqnull_ns *ns, u32 id);
void mqnull_ns_unregister(struct mqnull_ns *ns);

/* namespace.c */
struct mqnull_limits {
	u32 max_namespaces;
	u64 max_tags;
	u64 max_memory;
};

void mqnull_limits(struct mqnull_limits *lim);
int mqnull_ns_create(const struct mqnull_ns_config *cfg, u32 id,
		     struct mqnull_ns **nsp, struct netlink_ext_ack *extack);
int mqnull_ns_destroy(struct mqnull_ns *ns, bool force,
		      struct netlink_ext_ack *extack);
u64 mqnull_ns_memory_used(struct mqnull_ns *ns);

/* path.c */
struct mqnull_path *mqnull_path_create(struct mqnull_ns *ns, u32 id);
void mqnull_path_kill(struct mqnull_path *path);
void mqnull_path_destroy(struct mqnull_path *path);
bool mqnull_path_busy(struct mqnull_path *path);
unsigned int mqnull_path_inflight(struct mqnull_path *path);
void mqnull_end_io(struct mqnull_path *path, struct request *rq);
int mqnull_path_set_features(struct mqnull_path *path,
			     const struct mqnull_fault_update *upd);
bool mqnull_path_has(struct mqnull_path *path, u32 what);

/* store.c */
void mqnull_store_init(struct mqnull_store *store);
void mqnull_store_free(struct mqnull_store *store);
blk_status_t mqnull_store_rq(struct mqnull_store *store, struct request *rq);

/* fault.c */
void mqnull_fault_init(struct mqnull_path *path);
void mqnull_fault_apply(struct mqnull_path *path,
			const struct mqnull_fault_update *upd);
bool mqnull_fault_check(struct mqnull_path *path, struct request *rq,
			struct mqnull_io *cmd);
u64 mqnull_fault_deadline(struct mqnull_path *path, struct request *rq,
			  u64 now);

/* stats.c */
int mqnull_stats_alloc(struct mqnull_path *path);
void mqnull_stats_free(struct mqnull_path *path);
void mqnull_stats_read(struct mqnull_path *path, struct mqnull_stats_sum *sum);

/*
 * Count a request as it completes, on the completing CPU. Reads, writes and
 * their bytes count requests that moved data; failed ones count only as
 * injected errors or timeouts.
 */
static inline void mqnull_stats_account(struct mqnull_path *path,
					struct request *rq,
					const struct mqnull_io *cmd)
{
	struct mqnull_stats __percpu *s = path->stats;

	if (likely(cmd->status == BLK_STS_OK)) {
		switch (req_op(rq)) {
		case REQ_OP_READ:
			this_cpu_inc(s->reads);
			this_cpu_add(s->read_bytes, blk_rq_bytes(rq));
			break;
		case REQ_OP_WRITE:
			this_cpu_inc(s->writes);
			this_cpu_add(s->write_bytes, blk_rq_bytes(rq));
			break;
		case REQ_OP_FLUSH:
			this_cpu_inc(s->flushes);
			this_cpu_inc(s->other_ops);
			break;
		default:
			this_cpu_inc(s->other_ops);
			break;
		}
	} else if (cmd->timed_out) {
		this_cpu_inc(s->timeouts);
	} else if (cmd->injected) {
		this_cpu_inc(s->errors_injected);
	}
}

/* netlink.c */
int mqnull_nl_init(void);
void mqnull_nl_exit(void);
void mqnull_nl_notify_state(struct mqnull_ns *ns, struct mqnull_path *path,
			    u8 old_state);

#endif /* _MQNULL_H */
