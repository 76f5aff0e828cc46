/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * mqpath generic netlink interface, shared by the kernel module and the
 * userspace tools so that command and attribute numbers cannot drift.
 *
 * Numbers are ABI: append, never renumber.
 *
 * A device (disk "mqpath<ID>", /dev/mqpath<ID>) is a bio-based multipath
 * block device over 1..MQPATH_MAX_PATHS paths. A path is any block device,
 * named by its device number, opened exclusively by mqpath. Every path sits
 * in a priority group: IO goes to the group with the highest PRIORITY value
 * that has a live path; inside it the device's selector picks the path.
 * Every path must have the device's size and logical block size; the first
 * path added defines them unless DEV_CREATE gave them. Every path must
 * offer the same unique id (get_unique_id) unless ALLOW_UNIDENTIFIED, and
 * the same write cache and FUA as the others.
 *
 * Mutating commands need CAP_SYS_ADMIN; GET_INFO, DEV_GET and STATS do not.
 * Rejected requests carry an extack message naming the offending attribute.
 * Validation is strict for every command: unknown attributes, a non-zero
 * genlmsghdr.reserved and nlmsg_flags other than REQUEST, ACK, ECHO and
 * DUMP are refused; nested attributes need NLA_F_NESTED.
 *
 * With QUEUE_IF_NO_PATH, bios that find no live path are parked and
 * resubmitted when a path comes back. NO_PATH_TIMEOUT_MS bounds one
 * no-path episode: it starts when the last live path fails (or the first
 * bio is parked), and when it expires the parked bios fail with EIO and
 * new ones fail at once, until a path is live again. The prober reads
 * sector 0 of paths that failed on their own (not by PATH_FAIL, not with
 * their disk gone) every PROBE_INTERVAL_MS and reinstates those that read.
 * It reads every other path too, live or standby, and fails one whose read
 * fails (REASON_CHECKER).
 *
 * Expected mqctl syntax (the CLI maps it one to one onto these commands).
 * DEV is a device id, "mqpathN" or "/dev/mqpathN"; PATH is a path id or the
 * path's disk ("/dev/mqnull1c0", "mqnull1c0" or "MAJ:MIN"); durations take
 * a unit (500ms, 5s) and are sent in milliseconds, 0 = off:
 *
 *   mqctl mpath create [--id N] [--size SIZE] [--logical-bs N]
 *                      [--selector rr|qd|numa] [--failback auto|manual]
 *                      [--queue-if-no-path on|off] [--no-path-timeout DUR]
 *                      [--probe-interval DUR] [--freeze-warn DUR]
 *                      [--marginal-count N] [--marginal-window DUR]
 *                      [--marginal-hold DUR] [--json]
 *       prints the disk, /dev/mqpathN; --json prints the device as "show"
 *   mqctl mpath destroy DEV                  (EBUSY while the disk is open)
 *   mqctl mpath show [DEV] [--json]          (DEV_GET; all devices if none)
 *       --json: {"id":0,"disk":"/dev/mqpath0","size":N,"selector":"rr",...,
 *                "paths":[{"id":0,"disk":"/dev/mqnull1c0","major":M,
 *                          "minor":m,"priority":0,"state":"live"}, ...]}
 *   mqctl mpath set DEV [--selector rr|qd|numa] [--failback auto|manual]
 *                       [--queue-if-no-path on|off] [--no-path-timeout DUR]
 *                       [--probe-interval DUR] [--freeze-warn DUR]
 *                       [--marginal-count N] [--marginal-window DUR]
 *                       [--marginal-hold DUR]
 *   mqctl mpath failback DEV                 (switch to the best group now)
 *   mqctl mpath path add DEV DISK [--priority N] [--allow-unidentified]
 *                        [--json]                   (prints path id)
 *   mqctl mpath path remove DEV PATH [--force]
 *   mqctl mpath path fail DEV PATH [--force]
 *       the last live path of an open device: EBUSY without --force (FORCE)
 *   mqctl mpath path reinstate DEV PATH
 *   mqctl mpath path set DEV PATH --priority N
 *   mqctl mpath stats [DEV] [--json]
 *   mqctl mpath events [--json]              (follows the "events" group)
 */
#ifndef _UAPI_MQPATH_H
#define _UAPI_MQPATH_H

#define MQPATH_GENL_NAME	"mqpath"
#define MQPATH_GENL_VERSION	1
#define MQPATH_MCGRP_EVENTS	"events"

#define MQPATH_MAX_DEVS		256
#define MQPATH_MAX_PATHS	32

enum mqpath_cmd {
	MQPATH_CMD_UNSPEC,
	MQPATH_CMD_GET_INFO,	/* module version and limits; unprivileged */
	MQPATH_CMD_DEV_CREATE,	/* [DEV_ID] [SIZE LOGICAL_BS] [settings];
				 * reply: the new device, as DEV_GET
				 */
	MQPATH_CMD_DEV_DESTROY,	/* DEV_ID; EBUSY while open */
	MQPATH_CMD_DEV_GET,	/* doit: DEV_ID; dumpit: every device */
	MQPATH_CMD_DEV_SET,	/* DEV_ID and any settings attrs */
	MQPATH_CMD_DEV_FAILBACK, /* DEV_ID: use the best live group now */
	MQPATH_CMD_PATH_ADD,	/* DEV_ID, PATH{DEV_MAJOR, DEV_MINOR
				 * [PRIORITY]}; reply: PATH{ID, ...}
				 */
	MQPATH_CMD_PATH_REMOVE,	/* DEV_ID, PATH{ID} [FORCE] */
	MQPATH_CMD_PATH_FAIL,	/* DEV_ID, PATH{ID} [FORCE] */
	MQPATH_CMD_PATH_REINSTATE, /* DEV_ID, PATH{ID} */
	MQPATH_CMD_PATH_SET,	/* DEV_ID, PATH{ID, PRIORITY} */
	MQPATH_CMD_STATS,	/* doit: DEV_ID; dumpit: every device */

	/* multicast on MQPATH_MCGRP_EVENTS; all carry DEV_ID */
	MQPATH_CMD_EVENT_PATH_FAILED,	/* PATH{ID, MAJOR, MINOR, REASON} */
	MQPATH_CMD_EVENT_PATH_REINSTATED, /* PATH{ID, MAJOR, MINOR, REASON} */
	MQPATH_CMD_EVENT_NO_PATH,	/* no live path left */
	MQPATH_CMD_EVENT_FROZEN_TOO_LONG, /* FREEZE_NS > FREEZE_WARN_MS */
	MQPATH_CMD_EVENT_GROUP_SWITCH,	/* ACTIVE_PRIORITY changed */
	MQPATH_CMD_EVENT_PATH_MARGINAL,	/* PATH{ID, MAJOR, MINOR, REASON} */

	__MQPATH_CMD_MAX,
};

#define MQPATH_CMD_MAX (__MQPATH_CMD_MAX - 1)

enum mqpath_selector {
	MQPATH_SELECTOR_RR,	/* round-robin, per-CPU cursor */
	MQPATH_SELECTOR_QD,	/* queue-depth: fewest bios in flight */
	MQPATH_SELECTOR_NUMA,	/* each CPU keeps to its preferred path */

	__MQPATH_SELECTOR_MAX,
};

#define MQPATH_SELECTOR_MAX (__MQPATH_SELECTOR_MAX - 1)

enum mqpath_failback {
	MQPATH_FAILBACK_AUTO,	/* a better group that comes back is used */
	MQPATH_FAILBACK_MANUAL,	/* stay until DEV_FAILBACK or no live path */
};

enum mqpath_path_state {
	MQPATH_PATH_LIVE,
	MQPATH_PATH_FAILED,
	/*
	 * Reads again, but failed and came back more than MARGINAL_COUNT
	 * times in MARGINAL_WINDOW_MS: takes no IO until MARGINAL_HOLD_MS
	 * have passed and the checker still reads it.
	 */
	MQPATH_PATH_MARGINAL,
};

/* Why a path changed state (MQPATH_PATH_ATTR_REASON) */
enum mqpath_reason {
	MQPATH_REASON_ADMIN,	/* PATH_FAIL / PATH_REINSTATE */
	MQPATH_REASON_IO_ERROR,	/* a bio failed with a path error */
	MQPATH_REASON_PROBE,	/* the prober read sector 0 successfully */
	MQPATH_REASON_DISK_GONE, /* the path's disk is dead or removed */
	MQPATH_REASON_CHECKER,	/* the checker's read of a path failed */
	MQPATH_REASON_MARGINAL,	/* held out: it fails and returns too often */
	MQPATH_REASON_LOOP,	/* its disk now stacks on the device itself */
	MQPATH_REASON_LIMITS,	/* its write cache, FUA or block size now differ */
};

/* The checker's last verdict on a path (MQPATH_PATH_ATTR_CHECKER) */
enum mqpath_checker {
	MQPATH_CHECKER_NONE,	/* not checked yet */
	MQPATH_CHECKER_OK,	/* the last read worked */
	MQPATH_CHECKER_FAILED,	/* the last read failed */
};

enum mqpath_attr {
	MQPATH_ATTR_UNSPEC,
	MQPATH_ATTR_VERSION,		/* u32 */
	MQPATH_ATTR_DEV_ID,		/* u32 < MAX_DEVS; create: any if absent */
	MQPATH_ATTR_DISK_NAME,		/* string, e.g. "mqpath0" */
	MQPATH_ATTR_DEV_MAJOR,		/* u32, the mqpath disk's */
	MQPATH_ATTR_DEV_MINOR,		/* u32 */
	MQPATH_ATTR_SIZE,		/* u64 bytes, 0 = from the first path */
	MQPATH_ATTR_LOGICAL_BS,		/* u32 512..4096, 0 = first path's */
	MQPATH_ATTR_SELECTOR,		/* u8 enum mqpath_selector */
	MQPATH_ATTR_FAILBACK,		/* u8 enum mqpath_failback */
	MQPATH_ATTR_QUEUE_IF_NO_PATH,	/* u8 0/1 */
	MQPATH_ATTR_NO_PATH_TIMEOUT_MS,	/* u32, 0 = park forever */
	MQPATH_ATTR_PROBE_INTERVAL_MS,	/* u32, 0 = no probing */
	MQPATH_ATTR_FREEZE_WARN_MS,	/* u32, frozen-too-long threshold */
	MQPATH_ATTR_OPEN_COUNT,		/* u32, DEV_GET */
	MQPATH_ATTR_ACTIVE_PRIORITY,	/* u32, group in use; absent if none */
	MQPATH_ATTR_NR_PATHS,		/* u32 */
	MQPATH_ATTR_NR_LIVE_PATHS,	/* u32 */
	MQPATH_ATTR_PATH,		/* nested mqpath_path_attr, repeated */
	MQPATH_ATTR_MAX_DEVS,		/* u32, GET_INFO */
	MQPATH_ATTR_MAX_PATHS,		/* u32, GET_INFO */
	/* device statistics, STATS replies */
	MQPATH_ATTR_FREEZE_COUNT,	/* u64 */
	MQPATH_ATTR_FREEZE_TOTAL_NS,	/* u64 */
	MQPATH_ATTR_FREEZE_MAX_NS,	/* u64, longest */
	MQPATH_ATTR_FREEZE_NS,		/* u64, this freeze (event) */
	MQPATH_ATTR_BIOS_REQUEUED,	/* u64, failed over to another path */
	MQPATH_ATTR_BIOS_PARKED,	/* u64, held for want of a live path */
	MQPATH_ATTR_BIOS_PARKED_NOW,	/* u64, held right now */
	MQPATH_ATTR_BIOS_NO_PATH_FAILED, /* u64, failed for want of a path */
	MQPATH_ATTR_BIOS_FROZEN_WAITS,	/* u64, submitters that met a freeze */
	MQPATH_ATTR_PAD,
	/*
	 * PATH_ADD flag: accept a path disk that offers no unique id
	 * (get_unique_id), e.g. null_blk or dm. Without it such a path is
	 * refused, as is any path whose id differs from the device's.
	 */
	MQPATH_ATTR_ALLOW_UNIDENTIFIED,
	/*
	 * DEV_GET: the device's unique id, from its first identified path,
	 * as "eui.<hex>", "naa.<hex>" or "t10.<hex>"; absent while none.
	 */
	MQPATH_ATTR_WWID,
	MQPATH_ATTR_FORCE,		/* flag: PATH_REMOVE, PATH_FAIL of the
					 * last live path of an open device
					 */
	/*
	 * Marginal paths: a path that fails (not by PATH_FAIL) and comes
	 * back more than MARGINAL_COUNT times within MARGINAL_WINDOW_MS is
	 * held out for MARGINAL_HOLD_MS. MARGINAL_COUNT 0 turns this off.
	 */
	MQPATH_ATTR_MARGINAL_COUNT,	/* u32 0..1000 */
	MQPATH_ATTR_MARGINAL_WINDOW_MS,	/* u32 */
	MQPATH_ATTR_MARGINAL_HOLD_MS,	/* u32 */
	MQPATH_ATTR_QUEUEING,		/* u8 0/1, DEV_GET: no live path and
					 * bios are parked, not failed
					 */

	__MQPATH_ATTR_MAX,
};

#define MQPATH_ATTR_MAX (__MQPATH_ATTR_MAX - 1)

/*
 * Inside MQPATH_ATTR_PATH. PATH_ADD names the disk by DEV_MAJOR/DEV_MINOR;
 * the other path commands name the path by ID (or, if ID is absent, by
 * DEV_MAJOR/DEV_MINOR). DEV_GET and STATS replies carry one PATH per path.
 */
enum mqpath_path_attr {
	MQPATH_PATH_ATTR_UNSPEC,
	MQPATH_PATH_ATTR_ID,		/* u32, stable for the path's life */
	MQPATH_PATH_ATTR_DEV_MAJOR,	/* u32 */
	MQPATH_PATH_ATTR_DEV_MINOR,	/* u32 */
	MQPATH_PATH_ATTR_DISK_NAME,	/* string, e.g. "mqnull1c0" */
	MQPATH_PATH_ATTR_PRIORITY,	/* u32, group; higher is preferred */
	MQPATH_PATH_ATTR_STATE,		/* u8 enum mqpath_path_state */
	MQPATH_PATH_ATTR_REASON,	/* u8 enum mqpath_reason, last change */
	MQPATH_PATH_ATTR_NUMA_NODE,	/* s32, the disk's node, -1 = none */
	/* statistics, STATS replies */
	MQPATH_PATH_ATTR_IOS,		/* u64, bios completed on this path */
	MQPATH_PATH_ATTR_BYTES,		/* u64 */
	MQPATH_PATH_ATTR_ERRORS,	/* u64, bios that failed on this path */
	MQPATH_PATH_ATTR_FAILOVERS,	/* u64, bios moved off this path */
	MQPATH_PATH_ATTR_INFLIGHT,	/* u64, approximate */
	MQPATH_PATH_ATTR_FAIL_COUNT,	/* u64, times the path went failed */
	MQPATH_PATH_ATTR_PROBES,	/* u64, probe reads issued */
	MQPATH_PATH_ATTR_PAD,
	/* DEV_GET and STATS replies */
	MQPATH_PATH_ATTR_CHECKER,	/* u8 enum mqpath_checker */
	MQPATH_PATH_ATTR_CHECK_AGE_MS,	/* u64, since the last check; absent
					 * if never checked
					 */
	MQPATH_PATH_ATTR_CHANGE_AGE_MS,	/* u64, since the last state change
					 * (or the path's add)
					 */
	MQPATH_PATH_ATTR_READS,		/* u64, read bios sent to the path */
	MQPATH_PATH_ATTR_WRITES,	/* u64, write bios (and discards) */
	MQPATH_PATH_ATTR_HOLD_LEFT_MS,	/* u64, MARGINAL: hold time left */

	__MQPATH_PATH_ATTR_MAX,
};

#define MQPATH_PATH_ATTR_MAX (__MQPATH_PATH_ATTR_MAX - 1)

#endif /* _UAPI_MQPATH_H */
