// SPDX-License-Identifier: GPL-2.0
/*
 * mqnull per-path fault injection: path state, added latency, an error
 * probability in parts per million, and IOPS and bandwidth limits.
 *
 * Settings change at runtime while IO runs. The control plane writes each
 * field with WRITE_ONCE() and then path->faulty; the IO path tests
 * path->faulty and, only when set, reads the fields with READ_ONCE(). No
 * lock is taken on either side of the IO path.
 */
#include <linux/math64.h>
#include <linux/random.h>
#include "mqnull.h"

#define MQNULL_PPM	1000000

void mqnull_fault_init(struct mqnull_path *path)
{
	path->fault = (struct mqnull_fault) { .state = MQNULL_PATH_LIVE };
	path->faulty = false;
	atomic64_set(&path->next_free, 0);
}

void mqnull_fault_apply(struct mqnull_path *path,
			const struct mqnull_fault_update *upd)
{
	struct mqnull_fault *f = &path->fault;

	if (upd->mask & MQNULL_SET_STATE)
		WRITE_ONCE(f->state, upd->f.state);
	if (upd->mask & MQNULL_SET_LATENCY)
		WRITE_ONCE(f->latency_nsec, upd->f.latency_nsec);
	if (upd->mask & MQNULL_SET_ERROR_PPM)
		WRITE_ONCE(f->error_ppm, upd->f.error_ppm);
	if (upd->mask & MQNULL_SET_IOPS_LIMIT)
		WRITE_ONCE(f->iops_limit, upd->f.iops_limit);
	if (upd->mask & MQNULL_SET_BPS_LIMIT)
		WRITE_ONCE(f->bps_limit, upd->f.bps_limit);

	WRITE_ONCE(path->faulty, f->state != MQNULL_PATH_LIVE ||
		   f->latency_nsec || f->error_ppm || f->iops_limit ||
		   f->bps_limit);
}

/*
 * Decide the outcome of a request on a faulty path before any data moves.
 * Returns true when the request is to be held (state hang); otherwise sets
 * cmd->status to an injected error, or leaves it at BLK_STS_OK.
 */
bool mqnull_fault_check(struct mqnull_path *path, struct request *rq,
			struct mqnull_io *cmd)
{
	u32 ppm;

	switch (READ_ONCE(path->fault.state)) {
	case MQNULL_PATH_FAILED:
		cmd->status = BLK_STS_IOERR;
		cmd->injected = true;
		return false;
	case MQNULL_PATH_OFFLINE:
		cmd->status = BLK_STS_TRANSPORT;
		cmd->injected = true;
		return false;
	case MQNULL_PATH_HANG:
		return true;
	default:
		break;
	}

	ppm = READ_ONCE(path->fault.error_ppm);
	if (ppm && get_random_u32_below(MQNULL_PPM) < ppm) {
		cmd->status = BLK_STS_IOERR;
		cmd->injected = true;
	}
	return false;
}

/*
 * IOPS and bandwidth limits pace the path with a virtual clock:
 * path->next_free is when the path can next start work. Each IO reserves
 * [max(now, next_free), +cost) and completes at the end of its slot, where
 * cost is the larger of 1/iops_limit and bytes/bps_limit. IOs are accepted
 * at once and held on their timer, so they count as in flight like on a
 * slow device, and the rate is exact whatever the queue depth.
 *
 * The clock is per path, one atomic64 on its own cache line, not one per
 * hardware queue: the limit is the path's, and a per-queue share would cap
 * a single submitter at limit / nr_queues and let an uneven spread of IO
 * over the queues miss the total. The shared cache line is only touched
 * while a limit is set, when the path is deliberately slow.
 */
static u64 mqnull_throttle(struct mqnull_path *path, struct request *rq,
			   u64 now)
{
	u64 iops = READ_ONCE(path->fault.iops_limit);
	u64 bps = READ_ONCE(path->fault.bps_limit);
	u64 cost = 0, start, next;

	if (!iops && !bps)
		return 0;
	if (iops)
		cost = div64_u64(NSEC_PER_SEC, iops);
	if (bps && (req_op(rq) == REQ_OP_READ || req_op(rq) == REQ_OP_WRITE))
		cost = max(cost, div64_u64((u64)blk_rq_bytes(rq) *
					   NSEC_PER_SEC, bps));

	next = atomic64_read(&path->next_free);
	do {
		start = max(next, now);
	} while (!atomic64_try_cmpxchg(&path->next_free, &next,
				       start + cost));
	return start + cost;
}

/*
 * When a request on a faulty path may complete, in ktime nanoseconds, or 0
 * for at once. Failed requests take no slot of a limit; latency is added to
 * every request.
 */
u64 mqnull_fault_deadline(struct mqnull_path *path, struct request *rq,
			  u64 now)
{
	struct mqnull_io *cmd = blk_mq_rq_to_pdu(rq);
	u64 latency = READ_ONCE(path->fault.latency_nsec);
	u64 at = 0;

	if (cmd->status == BLK_STS_OK)
		at = mqnull_throttle(path, rq, now);
	if (!at && !latency)
		return 0;
	return max(at, now) + latency;
}
