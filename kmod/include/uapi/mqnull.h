/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * mqnull generic netlink interface, shared by the kernel module and the
 * userspace tools so that command and attribute numbers cannot drift.
 *
 * Numbers are ABI: append, never renumber.
 *
 * A namespace (one block of storage, optionally memory-backed) is seen
 * through 1..MQNULL_MAX_PATHS path disks, each its own gendisk with its own
 * blk-mq tag set. Faults are injected per path.
 */
#ifndef _UAPI_MQNULL_H
#define _UAPI_MQNULL_H

#define MQNULL_GENL_NAME	"mqnull"
#define MQNULL_GENL_VERSION	1
#define MQNULL_MCGRP_EVENTS	"events"

#define MQNULL_MAX_PATHS	16

enum mqnull_cmd {
	MQNULL_CMD_UNSPEC,
	MQNULL_CMD_GET_INFO,	/* module version and limits; unprivileged */
	MQNULL_CMD_NS_CREATE,	/* reply: the new namespace, as NS_GET */
	MQNULL_CMD_NS_DESTROY,	/* NS_ID [FORCE] */
	MQNULL_CMD_NS_GET,	/* doit: NS_ID; dumpit: every namespace */
	MQNULL_CMD_PATH_SET,	/* NS_ID, PATH{ID, any fault attrs} */
	MQNULL_CMD_PATH_STATS,	/* doit: NS_ID [PATH{ID}]; dumpit: all */
	MQNULL_CMD_EVENT_PATH_STATE, /* multicast: a path changed state */

	__MQNULL_CMD_MAX,
};

#define MQNULL_CMD_MAX (__MQNULL_CMD_MAX - 1)

enum mqnull_completion {
	MQNULL_COMPLETE_NONE,	/* complete in the submitting context */
	MQNULL_COMPLETE_SOFTIRQ,
	MQNULL_COMPLETE_TIMER,	/* after COMPLETION_NSEC, from an hrtimer */
};

enum mqnull_path_state {
	MQNULL_PATH_LIVE,
	MQNULL_PATH_FAILED,	/* IO completes with BLK_STS_IOERR */
	MQNULL_PATH_OFFLINE,	/* IO completes with BLK_STS_TRANSPORT */
	MQNULL_PATH_HANG,	/* IO is held until the block timeout fires */
};

enum mqnull_attr {
	MQNULL_ATTR_UNSPEC,
	MQNULL_ATTR_VERSION,		/* u32 */
	MQNULL_ATTR_NS_ID,		/* u32, 0 on create = pick one */
	MQNULL_ATTR_SIZE,		/* u64 bytes */
	MQNULL_ATTR_LOGICAL_BS,		/* u32: 512..4096, power of two */
	MQNULL_ATTR_PHYSICAL_BS,	/* u32: >= logical, power of two */
	MQNULL_ATTR_MEMORY_BACKED,	/* u8 0/1 */
	MQNULL_ATTR_NR_PATHS,		/* u32 1..MQNULL_MAX_PATHS */
	MQNULL_ATTR_SUBMIT_QUEUES,	/* u32, 0 = one per CPU */
	MQNULL_ATTR_QUEUE_DEPTH,	/* u32 */
	MQNULL_ATTR_COMPLETION,		/* u8 enum mqnull_completion */
	MQNULL_ATTR_COMPLETION_NSEC,	/* u64 */
	MQNULL_ATTR_POLL_QUEUES,	/* u32 */
	MQNULL_ATTR_SHARED_TAGS,	/* u8 0/1 */
	MQNULL_ATTR_FORCE,		/* flag: destroy drains instead of EBUSY */
	MQNULL_ATTR_PATH,		/* nested mqnull_path_attr, repeated */
	MQNULL_ATTR_MAX_PATHS,		/* u32, GET_INFO */
	MQNULL_ATTR_PAD,
	MQNULL_ATTR_MEMORY_USED,	/* u64 bytes held by the memory store */
	/*
	 * 16 bytes: the namespace's unique id, the same on every path disk
	 * (get_unique_id as a 16-byte EUI-64/NGUID, sysfs "wwid" as
	 * "eui.<32 hex digits>"). NS_CREATE: random if absent; all zero is
	 * refused.
	 */
	MQNULL_ATTR_UUID,
	/* GET_INFO: what all namespaces together may take (module params) */
	MQNULL_ATTR_MAX_NAMESPACES,	/* u32 */
	MQNULL_ATTR_MAX_TAGS,		/* u64, requests of every tag set */
	MQNULL_ATTR_MAX_MEMORY,		/* u64 bytes, memory-backed sizes; 0: none */

	__MQNULL_ATTR_MAX,
};

#define MQNULL_ATTR_MAX (__MQNULL_ATTR_MAX - 1)

/*
 * Inside MQNULL_ATTR_PATH. PATH_SET carries NS_ID and one nested PATH with
 * its ID and the fields to change; PATH_STATS replies carry one PATH per path.
 */
enum mqnull_path_attr {
	MQNULL_PATH_ATTR_UNSPEC,
	MQNULL_PATH_ATTR_ID,		/* u32 0..nr_paths-1 */
	MQNULL_PATH_ATTR_DISK_NAME,	/* string, e.g. "mqnull1c1" */
	MQNULL_PATH_ATTR_DEV_MAJOR,	/* u32 */
	MQNULL_PATH_ATTR_DEV_MINOR,	/* u32 */
	MQNULL_PATH_ATTR_STATE,		/* u8 enum mqnull_path_state */
	MQNULL_PATH_ATTR_LATENCY_NSEC,	/* u64, added to every IO */
	MQNULL_PATH_ATTR_ERROR_PPM,	/* u32 0..1000000 */
	MQNULL_PATH_ATTR_IOPS_LIMIT,	/* u64, 0 = unlimited */
	MQNULL_PATH_ATTR_BPS_LIMIT,	/* u64 bytes/s, 0 = unlimited */
	MQNULL_PATH_ATTR_OLD_STATE,	/* u8, in state-change events */
	/* statistics, PATH_STATS replies */
	MQNULL_PATH_ATTR_READS,		/* u64 */
	MQNULL_PATH_ATTR_WRITES,	/* u64 */
	MQNULL_PATH_ATTR_READ_BYTES,	/* u64 */
	MQNULL_PATH_ATTR_WRITE_BYTES,	/* u64 */
	MQNULL_PATH_ATTR_ERRORS_INJECTED, /* u64 */
	MQNULL_PATH_ATTR_TIMEOUTS,	/* u64 */
	MQNULL_PATH_ATTR_INFLIGHT,	/* u64 */
	MQNULL_PATH_ATTR_OTHER_OPS,	/* u64: flush, discard, write-zeroes */
	MQNULL_PATH_ATTR_PAD,
	/*
	 * What the path disk advertises (u8 0/1, default 1; PATH_SET and
	 * replies): a volatile write cache (flush), FUA, discard. A path
	 * without discard fails discards with BLK_STS_NOTSUPP.
	 */
	MQNULL_PATH_ATTR_WRITE_CACHE,
	MQNULL_PATH_ATTR_FUA,
	MQNULL_PATH_ATTR_DISCARD,
	MQNULL_PATH_ATTR_FLUSHES,	/* u64: flush requests completed */

	__MQNULL_PATH_ATTR_MAX,
};

#define MQNULL_PATH_ATTR_MAX (__MQNULL_PATH_ATTR_MAX - 1)

#endif /* _UAPI_MQNULL_H */
