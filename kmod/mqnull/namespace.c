// SPDX-License-Identifier: GPL-2.0
/*
 * mqnull namespaces: create one with its path disks, destroy it.
 *
 * Both run under mqnull_lock, which also covers every lookup, so a namespace
 * is never seen half built or half gone. The IO path holds no reference:
 * del_gendisk() drains a path's IO before the path and the namespace's
 * memory store are freed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include "mqnull.h"

/*
 * What one request may allocate is bounded by what all namespaces together
 * may hold: a namespace's tag sets (their requests are allocated up front)
 * and the memory a memory-backed namespace may fill.
 */
static unsigned int max_namespaces = 256;
module_param(max_namespaces, uint, 0444);
MODULE_PARM_DESC(max_namespaces, "namespaces at most (256)");

static unsigned long max_tags = 256 * 1024;
module_param(max_tags, ulong, 0444);
MODULE_PARM_DESC(max_tags, "requests of all tag sets together at most (262144)");

static unsigned long max_memory_mb;
module_param(max_memory_mb, ulong, 0444);
MODULE_PARM_DESC(max_memory_mb,
		 "sizes of the memory-backed namespaces together at most, MiB (0: no bound)");

/* Under mqnull_lock. */
static unsigned int mqnull_nr_ns;
static u64 mqnull_tags_used;
static u64 mqnull_memory_reserved;

void mqnull_limits(struct mqnull_limits *lim)
{
	lim->max_namespaces = max_namespaces;
	lim->max_tags = max_tags;
	/*
	 * Memory-backed namespaces are sparse (pages come with writes), and
	 * tests make ones larger than the RAM on purpose: no bound unless the
	 * admin sets one.
	 */
	lim->max_memory = (u64)max_memory_mb << 20;
}

static u64 mqnull_cfg_tags(const struct mqnull_ns_config *cfg)
{
	u64 per_path = cfg->queue_depth;

	if (!cfg->shared_tags)
		per_path *= cfg->submit_queues + cfg->poll_queues;
	return per_path * cfg->nr_paths;
}

static u64 mqnull_cfg_memory(const struct mqnull_ns_config *cfg)
{
	return cfg->memory_backed ? cfg->size : 0;
}

/* Take what @cfg needs from the limits, or say which one it exceeds. */
static int mqnull_charge(const struct mqnull_ns_config *cfg,
			 struct netlink_ext_ack *extack)
{
	u64 tags = mqnull_cfg_tags(cfg), mem = mqnull_cfg_memory(cfg);
	struct mqnull_limits lim;

	mqnull_limits(&lim);
	if (mqnull_nr_ns >= lim.max_namespaces) {
		NL_SET_ERR_MSG_FMT(extack,
				   "already %u namespaces, the module's max_namespaces",
				   mqnull_nr_ns);
		return -ENOSPC;
	}
	if (tags > lim.max_tags - min(mqnull_tags_used, lim.max_tags)) {
		/* Not led by an attribute: mqctl would read it as "--depth:". */
		NL_SET_ERR_MSG_FMT(extack,
				   "%llu tags (QUEUE_DEPTH x queues x NR_PATHS); max_tags %llu, %llu left",
				   tags, lim.max_tags,
				   lim.max_tags - min(mqnull_tags_used, lim.max_tags));
		return -ENOSPC;
	}
	if (lim.max_memory &&
	    mem > lim.max_memory - min(mqnull_memory_reserved, lim.max_memory)) {
		/* In MiB: an extack message has 80 bytes. */
		NL_SET_ERR_MSG_FMT(extack,
				   "SIZE: %llu MiB memory-backed; max_memory %llu MiB, %llu left",
				   DIV_ROUND_UP(mem, SZ_1M), lim.max_memory >> 20,
				   (lim.max_memory -
				    min(mqnull_memory_reserved, lim.max_memory)) >> 20);
		return -ENOSPC;
	}
	mqnull_nr_ns++;
	mqnull_tags_used += tags;
	mqnull_memory_reserved += mem;
	return 0;
}

static void mqnull_uncharge(const struct mqnull_ns_config *cfg)
{
	mqnull_nr_ns--;
	mqnull_tags_used -= mqnull_cfg_tags(cfg);
	mqnull_memory_reserved -= mqnull_cfg_memory(cfg);
}

static void mqnull_ns_free(struct mqnull_ns *ns)
{
	mqnull_store_free(&ns->store);
	kfree(ns);
}

int mqnull_ns_create(const struct mqnull_ns_config *cfg, u32 id,
		     struct mqnull_ns **nsp, struct netlink_ext_ack *extack)
{
	struct mqnull_ns *ns;
	u32 i;
	int ret;

	lockdep_assert_held(&mqnull_lock);

	ret = mqnull_charge(cfg, extack);
	if (ret)
		return ret;
	ns = kzalloc(sizeof(*ns), GFP_KERNEL);
	if (!ns) {
		mqnull_uncharge(cfg);
		return -ENOMEM;
	}
	ns->cfg = *cfg;
	if (cfg->has_uuid)
		uuid_copy(&ns->uuid, &cfg->uuid);
	else
		uuid_gen(&ns->uuid);
	mqnull_store_init(&ns->store);

	ret = mqnull_ns_register(ns, id);
	if (ret) {
		if (ret == -EEXIST)
			NL_SET_ERR_MSG(extack, "MQNULL_ATTR_NS_ID: namespace id already in use");
		else if (ret == -EBUSY || ret == -ENOSPC)
			NL_SET_ERR_MSG(extack, "MQNULL_ATTR_NS_ID: no free namespace id");
		kfree(ns);
		mqnull_uncharge(cfg);
		return ret;
	}

	for (i = 0; i < cfg->nr_paths; i++) {
		struct mqnull_path *path = mqnull_path_create(ns, i);

		if (IS_ERR(path)) {
			ret = PTR_ERR(path);
			NL_SET_ERR_MSG_FMT(extack,
					   "cannot create path %u disk: %d",
					   i, ret);
			goto out_paths;
		}
		ns->paths[i] = path;
	}

	pr_info("namespace %u: %llu bytes, %u paths%s\n", ns->id, cfg->size,
		cfg->nr_paths, cfg->memory_backed ? ", memory-backed" : "");
	*nsp = ns;
	return 0;

out_paths:
	while (i--)
		mqnull_path_destroy(ns->paths[i]);
	mqnull_ns_unregister(ns);
	mqnull_ns_free(ns);
	mqnull_uncharge(cfg);
	return ret;
}

/*
 * Busy check of a destroy, with ns->dying already set: taking open_mutex
 * waits for an open in progress, which then counts among the openers, and
 * every later one sees dying in ->open and fails. Without it an opener
 * could slip in between the check and del_gendisk().
 */
static bool mqnull_ns_path_busy(struct mqnull_path *path)
{
	struct gendisk *disk = path->disk;
	bool busy;

	mutex_lock(&disk->open_mutex);
	busy = mqnull_path_busy(path);
	mutex_unlock(&disk->open_mutex);
	return busy;
}

/*
 * Without @force, a namespace whose path disk is open or has IO in flight
 * stays, and -EBUSY is returned. With @force, IO is failed and drained
 * first; an opener keeps a dead disk until it closes it.
 */
int mqnull_ns_destroy(struct mqnull_ns *ns, bool force,
		      struct netlink_ext_ack *extack)
{
	u32 i;

	lockdep_assert_held(&mqnull_lock);

	WRITE_ONCE(ns->dying, true);
	if (!force) {
		for (i = 0; i < ns->cfg.nr_paths; i++) {
			if (mqnull_ns_path_busy(ns->paths[i])) {
				WRITE_ONCE(ns->dying, false);
				NL_SET_ERR_MSG_FMT(extack,
						   "path %u (%s) is open or has IO in flight",
						   i, ns->paths[i]->disk->disk_name);
				return -EBUSY;
			}
		}
	} else {
		/* Kill every path first: IO fails over nowhere. */
		for (i = 0; i < ns->cfg.nr_paths; i++)
			mqnull_path_kill(ns->paths[i]);
	}

	for (i = 0; i < ns->cfg.nr_paths; i++)
		mqnull_path_destroy(ns->paths[i]);
	mqnull_ns_unregister(ns);
	pr_info("namespace %u destroyed\n", ns->id);
	mqnull_uncharge(&ns->cfg);
	mqnull_ns_free(ns);
	return 0;
}

u64 mqnull_ns_memory_used(struct mqnull_ns *ns)
{
	return (u64)atomic_long_read(&ns->store.nr_pages) << PAGE_SHIFT;
}
