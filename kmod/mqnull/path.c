// SPDX-License-Identifier: GPL-2.0
/*
 * mqnull path disks: one gendisk with its own blk-mq tag set per path, and
 * the IO path.
 *
 * Disk names are "mqnull<ns>c<path>", e.g. mqnull1c0 for path 0 of
 * namespace 1, after NVMe's per-controller path nodes (nvme0c1n1). A "p"
 * before the path number would read as a partition (mqnull1p0), and digits
 * alone would run the two numbers together. The disks have no partitions
 * (GENHD_FL_NO_PART): a multipath layer above owns the namespace.
 *
 * Completion: every request is decided in ->queue_rq(): data moved (memory
 * backing), fault outcome, and when it may complete. It then completes
 *  - at once, in the submitting context (completion none), batched when
 *    blk-mq hands us a list through ->queue_rqs();
 *  - through blk_mq_complete_request() (completion softirq);
 *  - from its own hrtimer, at a deadline (completion timer, added latency,
 *    IOPS or bandwidth limits);
 *  - from ->poll() (poll queues), once its deadline if any has passed;
 *  - from the timeout handler only (path state hang): the block layer's
 *    timeout fires and the request completes with BLK_STS_TIMEOUT.
 * Who finishes a request that waits is settled without a lock: a timer
 * request belongs to whoever dequeues its hrtimer (the timer itself, or
 * hrtimer_try_to_cancel() in the timeout handler or a forced destroy); a held
 * request to whoever first sets cmd->claimed; a polled one to whoever takes
 * it off the poll list.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/ktime.h>
#include "mqnull.h"

#define MQNULL_MAX_SECTORS		(SZ_1M >> SECTOR_SHIFT)
/*
 * A discard or write-zeroes request erases its pages inside ->queue_rq(),
 * which may not sleep: the block layer splits larger ones at 16 MiB, 4,096
 * pages, 64 lock holds of the store (store.c), so no one request keeps a
 * CPU for long.
 */
#define MQNULL_MAX_DISCARD_SECTORS	(SZ_16M >> SECTOR_SHIFT)

/*
 * Every path disk of a namespace answers with the namespace's UUID, so that
 * a multipath layer above can tell the paths of one namespace from unrelated
 * disks. It is offered as a 16-byte EUI-64 (an NVMe NGUID), as NVMe does.
 */
static int mqnull_get_unique_id(struct gendisk *disk, u8 id[16],
				enum blk_unique_id type)
{
	struct mqnull_path *path = disk->private_data;

	if (type != BLK_UID_EUI64)
		return -EINVAL;
	memcpy(id, &path->ns->uuid, UUID_SIZE);
	return UUID_SIZE;
}

/*
 * Called under disk->open_mutex: a destroy marks the namespace dying and
 * then checks the openers under the same mutex, so an open either counts
 * in that check or is refused here.
 */
static int mqnull_open(struct gendisk *disk, blk_mode_t mode)
{
	struct mqnull_path *path = disk->private_data;

	if (READ_ONCE(path->ns->dying))
		return -ENXIO;
	return 0;
}

static const struct block_device_operations mqnull_fops = {
	.owner = THIS_MODULE,
	.open = mqnull_open,
	.get_unique_id = mqnull_get_unique_id,
};

/* The id as NVMe namespaces show their NGUID: what udev and multipathd read. */
static ssize_t wwid_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	struct mqnull_path *path = dev_to_disk(dev)->private_data;

	return sysfs_emit(buf, "eui.%16phN\n", &path->ns->uuid);
}
static DEVICE_ATTR_RO(wwid);

static struct attribute *mqnull_disk_attrs[] = {
	&dev_attr_wwid.attr,
	NULL,
};

static const struct attribute_group mqnull_disk_attr_group = {
	.attrs = mqnull_disk_attrs,
};

static const struct attribute_group *mqnull_disk_attr_groups[] = {
	&mqnull_disk_attr_group,
	NULL,
};

static inline struct mqnull_path *mqnull_rq_path(struct request *rq)
{
	return rq->q->queuedata;
}

/* Count and end one request with the status its command carries. */
void mqnull_end_io(struct mqnull_path *path, struct request *rq)
{
	struct mqnull_io *cmd = blk_mq_rq_to_pdu(rq);

	mqnull_stats_account(path, rq, cmd);
	blk_mq_end_request(rq, cmd->status);
}

static void mqnull_complete(struct request *rq)
{
	mqnull_end_io(mqnull_rq_path(rq), rq);
}

static enum hrtimer_restart mqnull_timer_fn(struct hrtimer *timer)
{
	struct mqnull_io *cmd = container_of(timer, struct mqnull_io, timer);
	struct request *rq = blk_mq_rq_from_pdu(cmd);

	mqnull_end_io(mqnull_rq_path(rq), rq);
	return HRTIMER_NORESTART;
}

/*
 * Returns BLK_STS_RESOURCE, with rq not started, to be retried later; else
 * BLK_STS_OK: rq is taken.
 */
static blk_status_t mqnull_submit(struct mqnull_queue *nq, struct request *rq,
				  struct io_comp_batch *iob)
{
	struct mqnull_io *cmd = blk_mq_rq_to_pdu(rq);
	struct mqnull_path *path = nq->path;
	bool faulty = READ_ONCE(path->faulty);
	u64 deadline = 0;

	cmd->status = BLK_STS_OK;
	cmd->injected = false;
	cmd->timed_out = false;
	cmd->expired = false;
	atomic_set(&cmd->claimed, 0);
	WRITE_ONCE(cmd->where, MQNULL_AT_INLINE);

	if (unlikely(READ_ONCE(path->dead))) {
		cmd->status = BLK_STS_IOERR;
		blk_mq_start_request(rq);
		goto end;
	}

	if (unlikely(faulty) && mqnull_fault_check(path, rq, cmd)) {
		blk_mq_start_request(rq);
		WRITE_ONCE(cmd->where, MQNULL_AT_HELD);
		return BLK_STS_OK;
	}

	/* Data moves before the start, so that a retry finds rq unstarted. */
	if (path->store && cmd->status == BLK_STS_OK) {
		blk_status_t sts = mqnull_store_rq(path->store, rq);

		if (sts == BLK_STS_RESOURCE)
			return sts;
		cmd->status = sts;
	}
	blk_mq_start_request(rq);

	if (unlikely(faulty))
		deadline = mqnull_fault_deadline(path, rq, ktime_get_ns());

	if (rq->mq_hctx->type == HCTX_TYPE_POLL) {
		cmd->deadline = deadline;
		WRITE_ONCE(cmd->where, MQNULL_AT_POLL);
		llist_add(&cmd->poll_node, &nq->poll_list);
		return BLK_STS_OK;
	}

	if (path->completion == MQNULL_COMPLETE_TIMER)
		deadline = (deadline ?: ktime_get_ns()) + path->completion_nsec;
	if (deadline) {
		/* From here on, the timer owns rq: do not touch it. */
		WRITE_ONCE(cmd->where, MQNULL_AT_TIMER);
		hrtimer_start(&cmd->timer, ns_to_ktime(deadline),
			      HRTIMER_MODE_ABS);
		return BLK_STS_OK;
	}
	if (path->completion == MQNULL_COMPLETE_SOFTIRQ) {
		blk_mq_complete_request(rq);
		return BLK_STS_OK;
	}

end:
	mqnull_stats_account(path, rq, cmd);
	if (!blk_mq_add_to_batch(rq, iob, cmd->status != BLK_STS_OK,
				 blk_mq_end_request_batch))
		blk_mq_end_request(rq, cmd->status);
	return BLK_STS_OK;
}

static blk_status_t mqnull_queue_rq(struct blk_mq_hw_ctx *hctx,
				    const struct blk_mq_queue_data *bd)
{
	return mqnull_submit(hctx->driver_data, bd->rq, NULL);
}

/*
 * A plugged list of requests: completions of "none" mode are gathered and
 * ended in one blk_mq_end_request_batch(), which frees tags in batches.
 */
static void mqnull_queue_rqs(struct rq_list *rqlist)
{
	struct rq_list requeue = {};
	DEFINE_IO_COMP_BATCH(iob);
	struct request *rq;

	while ((rq = rq_list_pop(rqlist))) {
		if (mqnull_submit(rq->mq_hctx->driver_data, rq, &iob))
			rq_list_add_tail(&requeue, rq);
	}
	if (iob.complete)
		iob.complete(&iob);
	*rqlist = requeue;
}

static int mqnull_poll(struct blk_mq_hw_ctx *hctx, struct io_comp_batch *iob)
{
	struct mqnull_queue *nq = hctx->driver_data;
	struct llist_node *list = llist_del_all(&nq->poll_list);
	struct mqnull_io *cmd, *next;
	u64 now = 0;
	int nr = 0;

	list = llist_reverse_order(list);
	llist_for_each_entry_safe(cmd, next, list, poll_node) {
		struct request *rq = blk_mq_rq_from_pdu(cmd);

		if (READ_ONCE(cmd->expired)) {
			cmd->status = BLK_STS_TIMEOUT;
			cmd->timed_out = true;
		} else if (cmd->deadline) {
			if (!now)
				now = ktime_get_ns();
			if (now < cmd->deadline) {
				llist_add(&cmd->poll_node, &nq->poll_list);
				continue;
			}
		}
		mqnull_stats_account(nq->path, rq, cmd);
		if (!blk_mq_add_to_batch(rq, iob, cmd->status != BLK_STS_OK,
					 blk_mq_end_request_batch))
			blk_mq_end_request(rq, cmd->status);
		nr++;
	}
	return nr;
}

/*
 * A polled request waits on its queue's poll list until a poller reaps it,
 * which may be never: an added latency beyond the timeout, a submitter that
 * stopped polling. The timeout takes it off the list as a poller does (the
 * list has only whole-list consumers, so this is safe beside them); when a
 * poller holds the list right now, it has the request, and false is
 * returned.
 */
static bool mqnull_poll_claim(struct request *rq)
{
	struct mqnull_queue *nq = rq->mq_hctx->driver_data;
	struct mqnull_io *cmd = blk_mq_rq_to_pdu(rq), *c, *next;
	struct llist_node *list = llist_del_all(&nq->poll_list);
	bool found = false;

	llist_for_each_entry_safe(c, next, list, poll_node) {
		if (c == cmd)
			found = true;
		else
			llist_add(&c->poll_node, &nq->poll_list);
	}
	return found;
}

static enum blk_eh_timer_return mqnull_timeout(struct request *rq)
{
	struct mqnull_io *cmd = blk_mq_rq_to_pdu(rq);

	switch (READ_ONCE(cmd->where)) {
	case MQNULL_AT_HELD:
		if (atomic_xchg(&cmd->claimed, 1))
			return BLK_EH_DONE;	/* a forced destroy has it */
		break;
	case MQNULL_AT_TIMER:
		/* Not dequeued: the timer runs, or already ran, and ends it. */
		if (hrtimer_try_to_cancel(&cmd->timer) != 1)
			return BLK_EH_RESET_TIMER;
		break;
	case MQNULL_AT_POLL:
		if (mqnull_poll_claim(rq))
			break;
		/*
		 * A poller holds the whole list now. Left to the next timeout,
		 * a poller that spins (io_uring hipri) can hold it at every
		 * try until the added latency ends it as a success; tell the
		 * poller instead. If it stops polling, the next try claims it.
		 */
		WRITE_ONCE(cmd->expired, true);
		return BLK_EH_RESET_TIMER;
	default:
		/* Completing now. */
		return BLK_EH_RESET_TIMER;
	}

	cmd->status = BLK_STS_TIMEOUT;
	cmd->timed_out = true;
	blk_mq_complete_request(rq);
	return BLK_EH_DONE;
}

static void mqnull_map_queues(struct blk_mq_tag_set *set)
{
	struct mqnull_path *path = set->driver_data;
	const struct mqnull_ns_config *cfg = &path->ns->cfg;
	unsigned int i, qoff = 0;

	for (i = 0; i < set->nr_maps; i++) {
		struct blk_mq_queue_map *map = &set->map[i];

		switch (i) {
		case HCTX_TYPE_DEFAULT:
			map->nr_queues = cfg->submit_queues;
			break;
		case HCTX_TYPE_POLL:
			map->nr_queues = cfg->poll_queues;
			break;
		default:
			map->nr_queues = 0;
			continue;
		}
		map->queue_offset = qoff;
		qoff += map->nr_queues;
		blk_mq_map_queues(map);
	}
}

static int mqnull_init_hctx(struct blk_mq_hw_ctx *hctx, void *data,
			    unsigned int idx)
{
	struct mqnull_path *path = data;
	struct mqnull_queue *nq = &path->queues[idx];

	nq->path = path;
	init_llist_head(&nq->poll_list);
	hctx->driver_data = nq;
	return 0;
}

static int mqnull_init_request(struct blk_mq_tag_set *set, struct request *rq,
			       unsigned int hctx_idx, unsigned int numa_node)
{
	struct mqnull_io *cmd = blk_mq_rq_to_pdu(rq);

	hrtimer_init(&cmd->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
	cmd->timer.function = mqnull_timer_fn;
	return 0;
}

static const struct blk_mq_ops mqnull_mq_ops = {
	.queue_rq	= mqnull_queue_rq,
	.queue_rqs	= mqnull_queue_rqs,
	.complete	= mqnull_complete,
	.timeout	= mqnull_timeout,
	.poll		= mqnull_poll,
	.map_queues	= mqnull_map_queues,
	.init_hctx	= mqnull_init_hctx,
	.init_request	= mqnull_init_request,
};

static bool mqnull_count_inflight(struct request *rq, void *data)
{
	unsigned int *count = data;

	if (blk_mq_rq_state(rq) == MQ_RQ_IN_FLIGHT)
		(*count)++;
	return true;
}

/* Requests started and not yet completed, waiting ones included. */
unsigned int mqnull_path_inflight(struct mqnull_path *path)
{
	unsigned int count = 0;

	blk_mq_tagset_busy_iter(&path->set, mqnull_count_inflight, &count);
	return count;
}

bool mqnull_path_busy(struct mqnull_path *path)
{
	return disk_openers(path->disk) || mqnull_path_inflight(path);
}

/* Forced destroy: finish every request that waits, now, with an error. */
static bool mqnull_abort_rq(struct request *rq, void *data)
{
	struct mqnull_io *cmd = blk_mq_rq_to_pdu(rq);

	switch (READ_ONCE(cmd->where)) {
	case MQNULL_AT_HELD:
		if (atomic_xchg(&cmd->claimed, 1))
			return true;
		break;
	case MQNULL_AT_TIMER:
		if (hrtimer_try_to_cancel(&cmd->timer) != 1)
			return true;
		break;
	default:
		return true;
	}
	cmd->status = BLK_STS_IOERR;
	cmd->injected = false;
	blk_mq_complete_request(rq);
	return true;
}

static void mqnull_abort_polled(struct mqnull_path *path)
{
	const struct mqnull_ns_config *cfg = &path->ns->cfg;
	unsigned int i;

	for (i = cfg->submit_queues; i < cfg->submit_queues + cfg->poll_queues;
	     i++) {
		struct llist_node *list = llist_del_all(&path->queues[i].poll_list);
		struct mqnull_io *cmd, *next;

		llist_for_each_entry_safe(cmd, next, list, poll_node)
			mqnull_end_io(path, blk_mq_rq_from_pdu(cmd));
	}
}

/*
 * Forced destroy, before del_gendisk(): fail new IO, then finish at once
 * what would otherwise wait for a timer, a timeout or a poller, so that the
 * drain in del_gendisk() is short. Openers see the disk dead.
 */
void mqnull_path_kill(struct mqnull_path *path)
{
	struct request_queue *q = path->disk->queue;

	WRITE_ONCE(path->dead, true);
	blk_mark_disk_dead(path->disk);
	/* Wait for ->queue_rq() calls in progress: they see dead after. */
	blk_mq_quiesce_queue(q);
	blk_mq_tagset_busy_iter(&path->set, mqnull_abort_rq, path);
	mqnull_abort_polled(path);
	blk_mq_unquiesce_queue(q);
}

static void mqnull_path_free(struct mqnull_path *path)
{
	kfree(path->queues);
	mqnull_stats_free(path);
	kfree(path);
}

struct mqnull_path *mqnull_path_create(struct mqnull_ns *ns, u32 id)
{
	const struct mqnull_ns_config *cfg = &ns->cfg;
	struct queue_limits lim = {
		.logical_block_size	= cfg->lbs,
		.physical_block_size	= cfg->pbs,
		.max_hw_sectors		= MQNULL_MAX_SECTORS,
		.max_hw_discard_sectors	= MQNULL_MAX_DISCARD_SECTORS,
		/*
		 * Discards split on page boundaries free whole pages of the
		 * memory store; smaller ones still zero what they cover.
		 */
		.discard_granularity	= PAGE_SIZE,
		.max_write_zeroes_sectors = MQNULL_MAX_DISCARD_SECTORS,
		/* Memory is the medium: flush and FUA are honoured at once. */
		.features		= BLK_FEAT_WRITE_CACHE | BLK_FEAT_FUA,
	};
	unsigned int nr_hw_queues = cfg->submit_queues + cfg->poll_queues;
	struct blk_mq_tag_set *set;
	struct mqnull_path *path;
	struct gendisk *disk;
	int ret;

	path = kzalloc(sizeof(*path), GFP_KERNEL);
	if (!path)
		return ERR_PTR(-ENOMEM);
	path->ns = ns;
	path->id = id;
	path->store = cfg->memory_backed ? &ns->store : NULL;
	path->completion = cfg->completion;
	path->completion_nsec = cfg->completion_nsec;
	mqnull_fault_init(path);

	ret = mqnull_stats_alloc(path);
	if (ret)
		goto out_free;
	path->queues = kcalloc(nr_hw_queues, sizeof(*path->queues),
			       GFP_KERNEL);
	if (!path->queues) {
		ret = -ENOMEM;
		goto out_free;
	}

	set = &path->set;
	set->ops = &mqnull_mq_ops;
	set->nr_hw_queues = nr_hw_queues;
	set->nr_maps = cfg->poll_queues ? HCTX_MAX_TYPES : 1;
	set->queue_depth = cfg->queue_depth;
	set->numa_node = NUMA_NO_NODE;
	set->cmd_size = sizeof(struct mqnull_io);
	set->timeout = MQNULL_IO_TIMEOUT;
	set->driver_data = path;
	/*
	 * No I/O scheduler unless asked for in sysfs: there is no seek to
	 * save, and blk-mq would otherwise put mq-deadline on a path with a
	 * single queue, a cost null_blk (whose poll queue makes two) escapes.
	 */
	set->flags = BLK_MQ_F_SHOULD_MERGE | BLK_MQ_F_NO_SCHED_BY_DEFAULT;
	if (cfg->shared_tags)
		set->flags |= BLK_MQ_F_TAG_HCTX_SHARED;
	ret = blk_mq_alloc_tag_set(set);
	if (ret)
		goto out_free;

	disk = blk_mq_alloc_disk(set, &lim, path);
	if (IS_ERR(disk)) {
		ret = PTR_ERR(disk);
		goto out_free_tags;
	}
	path->disk = disk;
	disk->fops = &mqnull_fops;
	disk->private_data = path;
	disk->flags |= GENHD_FL_NO_PART;
	snprintf(disk->disk_name, DISK_NAME_LEN, "mqnull%uc%u", ns->id, id);
	set_capacity(disk, cfg->size >> SECTOR_SHIFT);

	ret = device_add_disk(NULL, disk, mqnull_disk_attr_groups);
	if (ret)
		goto out_put_disk;
	return path;

out_put_disk:
	put_disk(disk);
out_free_tags:
	blk_mq_free_tag_set(set);
out_free:
	mqnull_path_free(path);
	return ERR_PTR(ret);
}

/* Does the path disk advertise @what (one MQNULL_SET_* feature bit)? */
bool mqnull_path_has(struct mqnull_path *path, u32 what)
{
	const struct queue_limits *lim = &path->disk->queue->limits;

	switch (what) {
	case MQNULL_SET_WRITE_CACHE:
		return lim->features & BLK_FEAT_WRITE_CACHE;
	case MQNULL_SET_FUA:
		return lim->features & BLK_FEAT_FUA;
	case MQNULL_SET_DISCARD:
		return lim->max_hw_discard_sectors;
	}
	return false;
}

/*
 * Change what the path disk advertises: a volatile write cache, FUA,
 * discard. Tests make paths of one namespace differ with it; a stacking
 * driver above sees the change in the disk's limits. The queue is frozen
 * so that no request is in flight under the old features.
 */
int mqnull_path_set_features(struct mqnull_path *path,
			     const struct mqnull_fault_update *upd)
{
	struct request_queue *q = path->disk->queue;
	struct queue_limits lim;
	int ret;

	if (!(upd->mask & (MQNULL_SET_WRITE_CACHE | MQNULL_SET_FUA |
			   MQNULL_SET_DISCARD)))
		return 0;

	lim = queue_limits_start_update(q);
	if (upd->mask & MQNULL_SET_WRITE_CACHE) {
		if (upd->write_cache)
			lim.features |= BLK_FEAT_WRITE_CACHE;
		else
			lim.features &= ~BLK_FEAT_WRITE_CACHE;
	}
	if (upd->mask & MQNULL_SET_FUA) {
		if (upd->fua)
			lim.features |= BLK_FEAT_FUA;
		else
			lim.features &= ~BLK_FEAT_FUA;
	}
	if (upd->mask & MQNULL_SET_DISCARD)
		lim.max_hw_discard_sectors = upd->discard ?
			MQNULL_MAX_DISCARD_SECTORS : 0;
	blk_mq_freeze_queue(q);
	ret = queue_limits_commit_update(q, &lim);
	blk_mq_unfreeze_queue(q);
	return ret;
}

/* Remove the disk, wait for its IO to drain and free the path. */
void mqnull_path_destroy(struct mqnull_path *path)
{
	del_gendisk(path->disk);
	put_disk(path->disk);
	blk_mq_free_tag_set(&path->set);
	mqnull_path_free(path);
}
