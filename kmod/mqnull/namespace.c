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

#include <linux/slab.h>
#include "mqnull.h"

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

	ns = kzalloc(sizeof(*ns), GFP_KERNEL);
	if (!ns)
		return -ENOMEM;
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
	mqnull_ns_free(ns);
	return 0;
}

u64 mqnull_ns_memory_used(struct mqnull_ns *ns)
{
	return (u64)atomic_long_read(&ns->store.nr_pages) << PAGE_SHIFT;
}
