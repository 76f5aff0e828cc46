// SPDX-License-Identifier: GPL-2.0
/*
 * mqnull: a null_blk-style blk-mq test device that shows one namespace
 * through several path disks, configured over generic netlink.
 *
 * This file: module init and exit, and the registry of namespaces by id.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/rcupdate.h>
#include "mqnull.h"

/* Serialises the control plane: every namespace lookup, create and destroy. */
DEFINE_MUTEX(mqnull_lock);

/* Namespace ids start at 1: NS_ID 0 in a create request means "pick one". */
static DEFINE_XARRAY_ALLOC1(mqnull_namespaces);

struct mqnull_ns *mqnull_ns_find(u32 id)
{
	lockdep_assert_held(&mqnull_lock);
	return xa_load(&mqnull_namespaces, id);
}

/* The namespace with the lowest id >= *id, which is updated; NULL at end. */
struct mqnull_ns *mqnull_ns_next(unsigned long *id)
{
	lockdep_assert_held(&mqnull_lock);
	return xa_find(&mqnull_namespaces, id, ULONG_MAX, XA_PRESENT);
}

/*
 * Give @ns the id @id, or the lowest free one when @id is 0.
 * Returns -EEXIST when @id is taken, -ENOSPC when every id is.
 */
int mqnull_ns_register(struct mqnull_ns *ns, u32 id)
{
	int ret;

	lockdep_assert_held(&mqnull_lock);
	if (!id)
		return xa_alloc(&mqnull_namespaces, &ns->id, ns,
				XA_LIMIT(1, MQNULL_MAX_NS_ID), GFP_KERNEL);

	ret = xa_insert(&mqnull_namespaces, id, ns, GFP_KERNEL);
	if (ret == -EBUSY)
		return -EEXIST;
	if (!ret)
		ns->id = id;
	return ret;
}

void mqnull_ns_unregister(struct mqnull_ns *ns)
{
	lockdep_assert_held(&mqnull_lock);
	xa_erase(&mqnull_namespaces, ns->id);
}

static void mqnull_destroy_all(void)
{
	struct mqnull_ns *ns;
	unsigned long id;

	mutex_lock(&mqnull_lock);
	xa_for_each(&mqnull_namespaces, id, ns)
		mqnull_ns_destroy(ns, true, NULL);
	mutex_unlock(&mqnull_lock);
}

static int __init mqnull_init(void)
{
	int ret;

	ret = mqnull_nl_init();
	if (ret)
		return ret;
	pr_info("loaded, up to %u paths per namespace\n", MQNULL_MAX_PATHS);
	return 0;
}

static void __exit mqnull_exit(void)
{
	/* No new request can arrive once the family is gone. */
	mqnull_nl_exit();
	mqnull_destroy_all();
	/* Pages freed by discard wait for RCU readers in call_rcu(). */
	rcu_barrier();
	xa_destroy(&mqnull_namespaces);
}

module_init(mqnull_init);
module_exit(mqnull_exit);
MODULE_DESCRIPTION("mqnull: multi-path null block test device");
MODULE_LICENSE("GPL");
MODULE_VERSION(MQ_VERSION);
