// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "mqpath": commands and multicast events.
 *
 * Every command has its own policy, so an attribute it does not take is
 * refused; policies validate every attribute's type and range before a
 * handler runs; handlers check what depends on the device's state and
 * name the attribute in every rejection.
 *
 * Commands that change anything need CAP_SYS_ADMIN (mqp_nl_pre_doit()):
 * they create and remove block devices and take disks away from their
 * users, as the block ioctls that need CAP_SYS_ADMIN do. Reading needs
 * nothing, and neither does listening to the events: they carry what
 * DEV_GET shows anyone.
 */
#include <linux/blkdev.h>
#include <linux/delay.h>
#include <linux/log2.h>
#include <linux/moduleparam.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include "mqpath.h"
#include "selector.h"

/* Room for a device with MQPATH_MAX_PATHS paths and all statistics. */
#define MQP_MSG_SIZE	(16 * 1024)

static struct genl_family mqp_family;
static bool mqp_nl_up;

/* For tests only: widen the window between publishing and the reply. */
static unsigned int create_reply_delay_ms;
module_param(create_reply_delay_ms, uint, 0644);
MODULE_PARM_DESC(create_reply_delay_ms,
		 "tests only: sleep this long before DEV_CREATE's reply (0)");
/* Keeps the family registered while an event is sent. */
static DECLARE_RWSEM(mqp_nl_up_sem);

/* genl_split_ops.internal_flags */
#define MQP_NL_SYS_ADMIN	BIT(0)

enum mqp_mcgrp {
	MQP_MCGRP_EVENTS,
};

static const struct genl_multicast_group mqp_mcgrps[] = {
	[MQP_MCGRP_EVENTS] = { .name = MQPATH_MCGRP_EVENTS },
};

static int mqp_validate_lbs(const struct nlattr *attr,
			    struct netlink_ext_ack *extack)
{
	u32 lbs = nla_get_u32(attr);

	if (lbs && (lbs < SECTOR_SIZE || lbs > 4096 || !is_power_of_2(lbs))) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "LOGICAL_BS must be 0 or a power of two in 512..4096");
		return -EINVAL;
	}
	return 0;
}

static int mqp_validate_size(const struct nlattr *attr,
			     struct netlink_ext_ack *extack)
{
	if (nla_get_u64(attr) & (SECTOR_SIZE - 1)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "SIZE must be a multiple of 512 bytes");
		return -EINVAL;
	}
	return 0;
}

static int mqp_validate_probe(const struct nlattr *attr,
			      struct netlink_ext_ack *extack)
{
	u32 ms = nla_get_u32(attr);

	if (ms && (ms < MQP_MIN_PROBE_MS || ms > MQP_MAX_MS)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "PROBE_INTERVAL_MS must be 0 (off) or 100..86400000");
		return -EINVAL;
	}
	return 0;
}

/* The checks of DEV_CREATE and DEV_SET attributes that no policy states. */
static int mqp_check_config(struct nlattr **a, struct netlink_ext_ack *extack)
{
	int ret = 0;

	if (a[MQPATH_ATTR_SIZE])
		ret = mqp_validate_size(a[MQPATH_ATTR_SIZE], extack);
	if (!ret && a[MQPATH_ATTR_LOGICAL_BS])
		ret = mqp_validate_lbs(a[MQPATH_ATTR_LOGICAL_BS], extack);
	if (!ret && a[MQPATH_ATTR_PROBE_INTERVAL_MS])
		ret = mqp_validate_probe(a[MQPATH_ATTR_PROBE_INTERVAL_MS],
					 extack);
	return ret;
}

static const struct netlink_range_validation mqp_range_ms = {
	.max = MQP_MAX_MS,
};

static const struct netlink_range_validation mqp_range_major = {
	.max = (1U << (32 - MINORBITS)) - 1,
};

static const struct netlink_range_validation mqp_range_minor = {
	.max = MINORMASK,
};

/* A path named by its id or its disk's device number. */
#define MQP_POLICY_PATH_REF \
	[MQPATH_PATH_ATTR_ID] = NLA_POLICY_MAX(NLA_U32, MQPATH_MAX_PATHS - 1), \
	[MQPATH_PATH_ATTR_DEV_MAJOR] = \
		NLA_POLICY_FULL_RANGE(NLA_U32, &mqp_range_major), \
	[MQPATH_PATH_ATTR_DEV_MINOR] = \
		NLA_POLICY_FULL_RANGE(NLA_U32, &mqp_range_minor)

/* Every PATH attribute a request may carry; for parsing the nest. */
static const struct nla_policy mqp_path_policy[MQPATH_PATH_ATTR_MAX + 1] = {
	MQP_POLICY_PATH_REF,
	[MQPATH_PATH_ATTR_PRIORITY] = { .type = NLA_U32 },
};

/*
 * PATH_ADD: the disk and its priority. ID is taken only to be refused
 * with a message saying the kernel chooses it.
 */
static const struct nla_policy
mqp_path_add_nest_policy[MQPATH_PATH_ATTR_MAX + 1] = {
	MQP_POLICY_PATH_REF,
	[MQPATH_PATH_ATTR_PRIORITY] = { .type = NLA_U32 },
};

/* PATH_REMOVE, PATH_FAIL, PATH_REINSTATE: a path by ID or device number. */
static const struct nla_policy
mqp_path_find_nest_policy[MQPATH_PATH_ATTR_MAX + 1] = {
	MQP_POLICY_PATH_REF,
};

/* PATH_SET: a path, and what changes. */
static const struct nla_policy
mqp_path_set_nest_policy[MQPATH_PATH_ATTR_MAX + 1] = {
	MQP_POLICY_PATH_REF,
	[MQPATH_PATH_ATTR_PRIORITY] = { .type = NLA_U32 },
};

/*
 * SIZE, LOGICAL_BS and PROBE_INTERVAL_MS are checked by mqp_check_config(),
 * not by NLA_POLICY_VALIDATE_FN: for an integer the core reports the
 * policy's range in the extack (and in policy dumps) from min/max, which
 * share a union with the function pointer, and warns (lib/nlattr.c) when
 * they read negative.
 */
#define MQP_POLICY_DEV_ID \
	[MQPATH_ATTR_DEV_ID] = NLA_POLICY_MAX(NLA_U32, MQPATH_MAX_DEVS - 1)
#define MQP_POLICY_SETTINGS \
	[MQPATH_ATTR_SELECTOR] = NLA_POLICY_MAX(NLA_U8, MQPATH_SELECTOR_MAX), \
	[MQPATH_ATTR_FAILBACK] = NLA_POLICY_MAX(NLA_U8, \
						MQPATH_FAILBACK_MANUAL), \
	[MQPATH_ATTR_QUEUE_IF_NO_PATH] = NLA_POLICY_MAX(NLA_U8, 1), \
	[MQPATH_ATTR_NO_PATH_TIMEOUT_MS] = \
		NLA_POLICY_FULL_RANGE(NLA_U32, &mqp_range_ms), \
	[MQPATH_ATTR_PROBE_INTERVAL_MS] = { .type = NLA_U32 }, \
	[MQPATH_ATTR_FREEZE_WARN_MS] = \
		NLA_POLICY_FULL_RANGE(NLA_U32, &mqp_range_ms), \
	[MQPATH_ATTR_MARGINAL_COUNT] = \
		NLA_POLICY_MAX(NLA_U32, MQP_MAX_MARGINAL_COUNT), \
	[MQPATH_ATTR_MARGINAL_WINDOW_MS] = \
		NLA_POLICY_FULL_RANGE(NLA_U32, &mqp_range_ms), \
	[MQPATH_ATTR_MARGINAL_HOLD_MS] = \
		NLA_POLICY_FULL_RANGE(NLA_U32, &mqp_range_ms)

/* Commands without attributes, and the dumps. */
static const struct nla_policy mqp_none_policy[MQPATH_ATTR_MAX + 1] = {};

/* DEV_DESTROY, DEV_GET, DEV_FAILBACK, STATS */
static const struct nla_policy mqp_dev_id_policy[MQPATH_ATTR_MAX + 1] = {
	MQP_POLICY_DEV_ID,
};

static const struct nla_policy mqp_dev_create_policy[MQPATH_ATTR_MAX + 1] = {
	MQP_POLICY_DEV_ID,
	[MQPATH_ATTR_SIZE] = { .type = NLA_U64 },
	[MQPATH_ATTR_LOGICAL_BS] = { .type = NLA_U32 },
	MQP_POLICY_SETTINGS,
};

/*
 * SIZE and LOGICAL_BS are taken only to be refused with a message saying
 * they are set at DEV_CREATE.
 */
static const struct nla_policy mqp_dev_set_policy[MQPATH_ATTR_MAX + 1] = {
	MQP_POLICY_DEV_ID,
	[MQPATH_ATTR_SIZE] = { .type = NLA_U64 },
	[MQPATH_ATTR_LOGICAL_BS] = { .type = NLA_U32 },
	MQP_POLICY_SETTINGS,
};

static const struct nla_policy mqp_path_add_policy[MQPATH_ATTR_MAX + 1] = {
	MQP_POLICY_DEV_ID,
	[MQPATH_ATTR_PATH] = NLA_POLICY_NESTED(mqp_path_add_nest_policy),
	[MQPATH_ATTR_ALLOW_UNIDENTIFIED] = { .type = NLA_FLAG },
};

static const struct nla_policy mqp_path_find_policy[MQPATH_ATTR_MAX + 1] = {
	MQP_POLICY_DEV_ID,
	[MQPATH_ATTR_PATH] = NLA_POLICY_NESTED(mqp_path_find_nest_policy),
};

/* PATH_REMOVE, PATH_FAIL: FORCE lets the last live path of an open disk go. */
static const struct nla_policy mqp_path_force_policy[MQPATH_ATTR_MAX + 1] = {
	MQP_POLICY_DEV_ID,
	[MQPATH_ATTR_PATH] = NLA_POLICY_NESTED(mqp_path_find_nest_policy),
	[MQPATH_ATTR_FORCE] = { .type = NLA_FLAG },
};

static const struct nla_policy mqp_path_set_policy[MQPATH_ATTR_MAX + 1] = {
	MQP_POLICY_DEV_ID,
	[MQPATH_ATTR_PATH] = NLA_POLICY_NESTED(mqp_path_set_nest_policy),
};

/* ---- helpers ---- */

static struct sk_buff *mqp_reply_new(struct genl_info *info, void **hdr)
{
	struct sk_buff *msg;

	msg = genlmsg_new(MQP_MSG_SIZE, GFP_KERNEL);
	if (!msg)
		return NULL;
	*hdr = genlmsg_put_reply(msg, info, &mqp_family, 0,
				 info->genlhdr->cmd);
	if (!*hdr) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static int mqp_reply_send(struct sk_buff *msg, void *hdr,
			  struct genl_info *info, int ret)
{
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/*
 * The device named by DEV_ID, referenced and locked; unlock and put with
 * mqp_nl_dev_done().
 */
static struct mqp_dev *mqp_nl_dev(struct genl_info *info)
{
	struct nlattr *attr = info->attrs[MQPATH_ATTR_DEV_ID];
	struct mqp_dev *dev;

	if (GENL_REQ_ATTR_CHECK(info, MQPATH_ATTR_DEV_ID))
		return ERR_PTR(-EINVAL);
	dev = mqp_dev_get(nla_get_u32(attr));
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr, "DEV_ID: no such device");
		return ERR_PTR(-ENOENT);
	}
	mutex_lock(&dev->lock);
	if (dev->dying) {
		mutex_unlock(&dev->lock);
		mqp_dev_put(dev);
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "DEV_ID: device is being destroyed");
		return ERR_PTR(-ENOENT);
	}
	return dev;
}

static void mqp_nl_dev_done(struct mqp_dev *dev)
{
	mutex_unlock(&dev->lock);
	mqp_dev_put(dev);
}

/* Parse the PATH nest of a request into @tb; returns the nest. */
static struct nlattr *mqp_nl_path(struct genl_info *info,
				  struct nlattr **tb)
{
	struct nlattr *nest = info->attrs[MQPATH_ATTR_PATH];
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, MQPATH_ATTR_PATH))
		return ERR_PTR(-EINVAL);
	ret = nla_parse_nested(tb, MQPATH_PATH_ATTR_MAX, nest, mqp_path_policy,
			       info->extack);
	if (ret)
		return ERR_PTR(ret);
	return nest;
}

/* The existing path a PATH nest names, by ID or else by device number. */
static struct mqp_path *mqp_nl_find_path(struct mqp_dev *dev,
					 struct genl_info *info)
{
	struct nlattr *tb[MQPATH_PATH_ATTR_MAX + 1];
	struct mqp_path *path;
	struct nlattr *nest;

	nest = mqp_nl_path(info, tb);
	if (IS_ERR(nest))
		return ERR_CAST(nest);

	if (tb[MQPATH_PATH_ATTR_ID]) {
		path = mqp_path_find(dev, nla_get_u32(tb[MQPATH_PATH_ATTR_ID]));
		if (!path) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[MQPATH_PATH_ATTR_ID],
					    "PATH.ID: no such path in this device");
			return ERR_PTR(-ENOENT);
		}
		return path;
	}
	if (tb[MQPATH_PATH_ATTR_DEV_MAJOR] && tb[MQPATH_PATH_ATTR_DEV_MINOR]) {
		dev_t devt = MKDEV(nla_get_u32(tb[MQPATH_PATH_ATTR_DEV_MAJOR]),
				   nla_get_u32(tb[MQPATH_PATH_ATTR_DEV_MINOR]));

		path = mqp_path_find_devt(dev, devt);
		if (!path) {
			NL_SET_ERR_MSG_ATTR(info->extack, nest,
					    "PATH.DEV_MAJOR/DEV_MINOR: no such path in this device");
			return ERR_PTR(-ENOENT);
		}
		return path;
	}
	NL_SET_ERR_MSG_ATTR(info->extack, nest,
			    "PATH: needs ID, or DEV_MAJOR and DEV_MINOR");
	return ERR_PTR(-EINVAL);
}

static void mqp_parse_config(struct nlattr **a, struct mqp_dev_config *cfg)
{
	if (a[MQPATH_ATTR_SIZE])
		cfg->size = nla_get_u64(a[MQPATH_ATTR_SIZE]);
	if (a[MQPATH_ATTR_LOGICAL_BS])
		cfg->lbs = nla_get_u32(a[MQPATH_ATTR_LOGICAL_BS]);
	if (a[MQPATH_ATTR_SELECTOR])
		cfg->selector = nla_get_u8(a[MQPATH_ATTR_SELECTOR]);
	if (a[MQPATH_ATTR_FAILBACK])
		cfg->failback = nla_get_u8(a[MQPATH_ATTR_FAILBACK]);
	if (a[MQPATH_ATTR_QUEUE_IF_NO_PATH])
		cfg->queue_if_no_path = nla_get_u8(a[MQPATH_ATTR_QUEUE_IF_NO_PATH]);
	if (a[MQPATH_ATTR_NO_PATH_TIMEOUT_MS])
		cfg->no_path_timeout_ms =
			nla_get_u32(a[MQPATH_ATTR_NO_PATH_TIMEOUT_MS]);
	if (a[MQPATH_ATTR_PROBE_INTERVAL_MS])
		cfg->probe_interval_ms =
			nla_get_u32(a[MQPATH_ATTR_PROBE_INTERVAL_MS]);
	if (a[MQPATH_ATTR_FREEZE_WARN_MS])
		cfg->freeze_warn_ms = nla_get_u32(a[MQPATH_ATTR_FREEZE_WARN_MS]);
	if (a[MQPATH_ATTR_MARGINAL_COUNT])
		cfg->marginal_count = nla_get_u32(a[MQPATH_ATTR_MARGINAL_COUNT]);
	if (a[MQPATH_ATTR_MARGINAL_WINDOW_MS])
		cfg->marginal_window_ms =
			nla_get_u32(a[MQPATH_ATTR_MARGINAL_WINDOW_MS]);
	if (a[MQPATH_ATTR_MARGINAL_HOLD_MS])
		cfg->marginal_hold_ms =
			nla_get_u32(a[MQPATH_ATTR_MARGINAL_HOLD_MS]);
}

/* ---- commands ---- */

static int mqp_nl_get_info(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;
	int ret = 0;

	msg = mqp_reply_new(info, &hdr);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, MQPATH_ATTR_VERSION, MQPATH_GENL_VERSION) ||
	    nla_put_u32(msg, MQPATH_ATTR_MAX_DEVS, MQPATH_MAX_DEVS) ||
	    nla_put_u32(msg, MQPATH_ATTR_MAX_PATHS, MQPATH_MAX_PATHS))
		ret = -EMSGSIZE;
	return mqp_reply_send(msg, hdr, info, ret);
}

static int mqp_nl_dev_create(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct mqp_dev_config cfg;
	struct mqp_dev *dev;
	struct sk_buff *msg;
	u32 id = 0;
	void *hdr;
	int ret;

	ret = mqp_check_config(a, info->extack);
	if (ret)
		return ret;
	mqp_dev_default_config(&cfg);
	mqp_parse_config(a, &cfg);
	if (cfg.size && cfg.lbs && cfg.size % cfg.lbs) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[MQPATH_ATTR_SIZE],
				    "SIZE must be a multiple of LOGICAL_BS");
		return -EINVAL;
	}
	if (a[MQPATH_ATTR_DEV_ID])
		id = nla_get_u32(a[MQPATH_ATTR_DEV_ID]);

	msg = mqp_reply_new(info, &hdr);
	if (!msg)
		return -ENOMEM;

	dev = mqp_dev_create(&cfg, id, !a[MQPATH_ATTR_DEV_ID], info->extack);
	if (IS_ERR(dev)) {
		ret = PTR_ERR(dev);
		if (ret == -EEXIST)
			NL_SET_ERR_MSG_ATTR(info->extack, a[MQPATH_ATTR_DEV_ID],
					    "DEV_ID: id already in use");
		else if (ret == -ENOSPC)
			NL_SET_ERR_MSG(info->extack,
				       "all MQPATH_MAX_DEVS device ids in use");
		nlmsg_free(msg);
		return ret;
	}

	/*
	 * The device is published: a destroy may have torn it down already,
	 * leaving only the reference. Report what is certain then, its id.
	 */
	if (unlikely(READ_ONCE(create_reply_delay_ms)))
		msleep(READ_ONCE(create_reply_delay_ms));
	mutex_lock(&dev->lock);
	if (!dev->dying)
		ret = mqp_fill_dev(msg, dev, false);
	else
		ret = nla_put_u32(msg, MQPATH_ATTR_DEV_ID, dev->id);
	mutex_unlock(&dev->lock);
	mqp_dev_put(dev);
	return mqp_reply_send(msg, hdr, info, ret);
}

static int mqp_nl_dev_destroy(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attr = info->attrs[MQPATH_ATTR_DEV_ID];
	struct mqp_dev *dev;

	if (GENL_REQ_ATTR_CHECK(info, MQPATH_ATTR_DEV_ID))
		return -EINVAL;
	dev = mqp_dev_unregister(nla_get_u32(attr), info->extack, attr);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	mqp_dev_teardown(dev);
	mqp_dev_put(dev);
	return 0;
}

static int mqp_nl_dev_reply(struct genl_info *info, bool stats)
{
	struct mqp_dev *dev;
	struct sk_buff *msg;
	void *hdr;
	int ret;

	msg = mqp_reply_new(info, &hdr);
	if (!msg)
		return -ENOMEM;
	dev = mqp_nl_dev(info);
	if (IS_ERR(dev)) {
		nlmsg_free(msg);
		return PTR_ERR(dev);
	}
	ret = mqp_fill_dev(msg, dev, stats);
	mqp_nl_dev_done(dev);
	return mqp_reply_send(msg, hdr, info, ret);
}

static int mqp_nl_dev_get(struct sk_buff *skb, struct genl_info *info)
{
	return mqp_nl_dev_reply(info, false);
}

static int mqp_nl_stats(struct sk_buff *skb, struct genl_info *info)
{
	return mqp_nl_dev_reply(info, true);
}

static int mqp_nl_dump_start(struct netlink_callback *cb)
{
	/* One device with all its paths must fit in one message. */
	cb->min_dump_alloc = MQP_MSG_SIZE;
	return 0;
}

static int mqp_nl_dump(struct sk_buff *skb, struct netlink_callback *cb,
		       bool stats)
{
	unsigned long index = cb->args[0];
	u8 cmd = genl_info_dump(cb)->genlhdr->cmd;
	struct mqp_dev *dev;
	int ret = 0;
	void *hdr;

	while ((dev = mqp_dev_next(&index))) {
		mutex_lock(&dev->lock);
		if (!dev->dying) {
			hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
					  cb->nlh->nlmsg_seq, &mqp_family,
					  NLM_F_MULTI, cmd);
			ret = hdr ? mqp_fill_dev(skb, dev, stats) : -EMSGSIZE;
			if (ret) {
				if (hdr)
					genlmsg_cancel(skb, hdr);
			} else {
				genlmsg_end(skb, hdr);
			}
		}
		mutex_unlock(&dev->lock);
		mqp_dev_put(dev);
		if (ret)
			break;
		index++;
	}
	cb->args[0] = index;
	/* A device that does not fit even alone is an error, not the end. */
	if (ret && !skb->len)
		return ret;
	return skb->len;
}

static int mqp_nl_dev_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return mqp_nl_dump(skb, cb, false);
}

static int mqp_nl_stats_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return mqp_nl_dump(skb, cb, true);
}

static int mqp_set_selector(struct mqp_dev *dev, u8 selector)
{
	struct mqp_table *t;

	if (selector == dev->selector)
		return 0;
	t = mqp_table_build(dev, selector, NULL, NULL);
	if (!t)
		return -ENOMEM;
	mqp_table_commit(dev, t, NULL, NULL, false);
	dev->selector = selector;
	return 0;
}

static int mqp_nl_dev_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct mqp_dev_config cfg;
	struct mqp_dev *dev;
	u32 old_timeout;
	int ret;

	ret = mqp_check_config(a, info->extack);
	if (ret)
		return ret;
	dev = mqp_nl_dev(info);
	if (IS_ERR(dev))
		return PTR_ERR(dev);

	if (a[MQPATH_ATTR_SIZE] || a[MQPATH_ATTR_LOGICAL_BS]) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[MQPATH_ATTR_SIZE] ?:
				    a[MQPATH_ATTR_LOGICAL_BS],
				    "SIZE and LOGICAL_BS are set at DEV_CREATE only");
		ret = -EINVAL;
		goto out;
	}

	cfg.selector = dev->selector;
	cfg.failback = dev->failback;
	cfg.queue_if_no_path = dev->queue_if_no_path;
	cfg.no_path_timeout_ms = dev->no_path_timeout_ms;
	cfg.probe_interval_ms = dev->probe_interval_ms;
	cfg.freeze_warn_ms = dev->freeze_warn_ms;
	cfg.marginal_count = dev->marginal_count;
	cfg.marginal_window_ms = dev->marginal_window_ms;
	cfg.marginal_hold_ms = dev->marginal_hold_ms;
	mqp_parse_config(a, &cfg);

	ret = mqp_set_selector(dev, cfg.selector);
	if (ret)
		goto out;

	dev->freeze_warn_ms = cfg.freeze_warn_ms;
	WRITE_ONCE(dev->marginal_count, cfg.marginal_count);
	WRITE_ONCE(dev->marginal_window_ms, cfg.marginal_window_ms);
	WRITE_ONCE(dev->marginal_hold_ms, cfg.marginal_hold_ms);
	old_timeout = dev->no_path_timeout_ms;
	WRITE_ONCE(dev->no_path_timeout_ms, cfg.no_path_timeout_ms);

	if (cfg.failback != dev->failback) {
		WRITE_ONCE(dev->failback, cfg.failback);
		spin_lock_irq(&dev->state_lock);
		mqp_recompute_locked(dev, false);
		spin_unlock_irq(&dev->state_lock);
	}

	if (cfg.queue_if_no_path != dev->queue_if_no_path) {
		spin_lock_irq(&dev->park_lock);
		WRITE_ONCE(dev->queue_if_no_path, cfg.queue_if_no_path);
		dev->nopath_expired = false;
		spin_unlock_irq(&dev->park_lock);
		if (!cfg.queue_if_no_path) {
			cancel_delayed_work(&dev->nopath_work);
			mqp_fail_parked(dev);
		} else if (!READ_ONCE(dev->nr_live)) {
			mqp_nopath_arm(dev);
		}
	} else if (cfg.no_path_timeout_ms != old_timeout) {
		mqp_nopath_rearm(dev);
	}

	if (cfg.probe_interval_ms != dev->probe_interval_ms) {
		WRITE_ONCE(dev->probe_interval_ms, cfg.probe_interval_ms);
		if (cfg.probe_interval_ms)
			mod_delayed_work(mqp_probe_wq, &dev->probe_work,
					 msecs_to_jiffies(cfg.probe_interval_ms));
		else
			cancel_delayed_work(&dev->probe_work);
	}
out:
	mqp_nl_dev_done(dev);
	return ret;
}

static int mqp_nl_dev_failback(struct sk_buff *skb, struct genl_info *info)
{
	struct mqp_dev *dev;

	dev = mqp_nl_dev(info);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	spin_lock_irq(&dev->state_lock);
	mqp_recompute_locked(dev, true);
	spin_unlock_irq(&dev->state_lock);
	mqp_nl_dev_done(dev);
	return 0;
}

static int __mqp_nl_path_add(struct genl_info *info);

/*
 * Run @op with reclaim kept from issuing IO: adding a path (or a priority
 * that makes a group active) may be what the bios parked for want of one
 * wait for, and writeback reclaim may wait for them.
 */
static int mqp_nl_noio(int (*op)(struct genl_info *info),
		       struct genl_info *info)
{
	unsigned int noio = memalloc_noio_save();
	int ret = op(info);

	memalloc_noio_restore(noio);
	return ret;
}

static int mqp_nl_path_add(struct sk_buff *skb, struct genl_info *info)
{
	return mqp_nl_noio(__mqp_nl_path_add, info);
}

static int __mqp_nl_path_add(struct genl_info *info)
{
	struct nlattr *tb[MQPATH_PATH_ATTR_MAX + 1];
	struct mqp_path *path;
	struct mqp_table *t;
	struct mqp_dev *dev;
	struct sk_buff *msg;
	struct nlattr *nest;
	struct mqp_uid uid;
	u32 prio = 0;
	dev_t devt;
	void *hdr;
	int ret;

	msg = mqp_reply_new(info, &hdr);
	if (!msg)
		return -ENOMEM;
	dev = mqp_nl_dev(info);
	if (IS_ERR(dev)) {
		nlmsg_free(msg);
		return PTR_ERR(dev);
	}

	nest = mqp_nl_path(info, tb);
	if (IS_ERR(nest)) {
		ret = PTR_ERR(nest);
		goto out;
	}
	if (NL_REQ_ATTR_CHECK(info->extack, nest, tb,
			      MQPATH_PATH_ATTR_DEV_MAJOR) ||
	    NL_REQ_ATTR_CHECK(info->extack, nest, tb,
			      MQPATH_PATH_ATTR_DEV_MINOR)) {
		ret = -EINVAL;
		goto out;
	}
	if (tb[MQPATH_PATH_ATTR_ID]) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MQPATH_PATH_ATTR_ID],
				    "PATH.ID is chosen by the kernel");
		ret = -EINVAL;
		goto out;
	}
	devt = MKDEV(nla_get_u32(tb[MQPATH_PATH_ATTR_DEV_MAJOR]),
		     nla_get_u32(tb[MQPATH_PATH_ATTR_DEV_MINOR]));
	if (tb[MQPATH_PATH_ATTR_PRIORITY])
		prio = nla_get_u32(tb[MQPATH_PATH_ATTR_PRIORITY]);

	if (mqp_path_find_devt(dev, devt)) {
		NL_SET_ERR_MSG_ATTR(info->extack, nest,
				    "PATH.DEV_MAJOR/DEV_MINOR: already a path of this device");
		ret = -EEXIST;
		goto out;
	}

	path = mqp_path_open(dev, devt, prio, info->extack, nest);
	if (IS_ERR(path)) {
		ret = PTR_ERR(path);
		goto out;
	}
	ret = mqp_path_check_uid(dev, path,
				 nla_get_flag(info->attrs[MQPATH_ATTR_ALLOW_UNIDENTIFIED]),
				 &uid, info->extack, nest) ?:
	      mqp_path_check_cache(dev, path, info->extack, nest);
	if (ret) {
		clear_bit(path->id, dev->path_ids);
		mqp_path_put(path);
		goto out;
	}
	t = mqp_table_build(dev, dev->selector, path, NULL);
	if (!t) {
		clear_bit(path->id, dev->path_ids);
		mqp_path_put(path);
		ret = -ENOMEM;
		goto out;
	}

	/* The first path defines what the device did not say. */
	if (!dev->uid.len)
		dev->uid = uid;
	if (!dev->lbs)
		dev->lbs = bdev_logical_block_size(path->bdev);
	mqp_table_commit(dev, t, path, NULL, true);
	if (!dev->size) {
		dev->size = bdev_nr_bytes(path->bdev);
		set_capacity_and_notify(dev->disk, dev->size >> SECTOR_SHIFT);
	}
	mqp_path_check_gone(path);
	mqp_kick_parked(dev);
	mqp_topo_kick(dev);

	ret = nla_put_u32(msg, MQPATH_ATTR_DEV_ID, dev->id) ?:
	      mqp_fill_path(msg, path, false);
out:
	mqp_nl_dev_done(dev);
	return mqp_reply_send(msg, hdr, info, ret);
}

/*
 * Taking away the last live path of a device someone has open turns its
 * IO into errors (or parks it): only with FORCE. The count may change
 * right after; this guards against a mistake, not against a race.
 */
static int mqp_nl_check_last_live(struct mqp_dev *dev, struct mqp_path *path,
				  struct genl_info *info)
{
	if (info->attrs[MQPATH_ATTR_FORCE] || !mqp_path_live(path) ||
	    READ_ONCE(dev->nr_live) != 1 || !disk_openers(dev->disk))
		return 0;
	/* At most NETLINK_MAX_FMTMSG_LEN (80) bytes with the largest ids. */
	NL_SET_ERR_MSG_ATTR_FMT(info->extack, info->attrs[MQPATH_ATTR_PATH],
				"path %u is the last live path of open %s: IO would %s; use --force",
				path->id, dev->disk->disk_name,
				READ_ONCE(dev->queue_if_no_path) ? "queue" : "fail");
	return -EBUSY;
}

static int mqp_nl_path_remove(struct sk_buff *skb, struct genl_info *info)
{
	struct mqp_path *path;
	struct mqp_table *t;
	struct mqp_dev *dev;
	int ret = 0;

	dev = mqp_nl_dev(info);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	path = mqp_nl_find_path(dev, info);
	if (IS_ERR(path)) {
		ret = PTR_ERR(path);
		goto out;
	}
	ret = mqp_nl_check_last_live(dev, path, info);
	if (ret)
		goto out;
	t = mqp_table_build(dev, dev->selector, NULL, path);
	if (!t) {
		ret = -ENOMEM;
		goto out;
	}
	/* Ours to wait on: the path retires from the commit on. */
	mqp_path_get(path);
	mqp_table_commit(dev, t, NULL, path, true);
	clear_bit(path->id, dev->path_ids);
	mutex_unlock(&dev->lock);
	/*
	 * Wait for the path's IO to complete, fail over or time out below,
	 * without dev->lock: a hung path holds up this command only. Killed,
	 * the command returns and the disk closes when the IO is done.
	 */
	mqp_path_retire_wait(path, true);
	mqp_checker_wait_path(path);
	mqp_path_put(path);
	mqp_dev_put(dev);
	return 0;
out:
	mqp_nl_dev_done(dev);
	return ret;
}

static int mqp_nl_path_state(struct genl_info *info, int state)
{
	struct mqp_path *path;
	struct mqp_dev *dev;
	int ret = 0;

	dev = mqp_nl_dev(info);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	path = mqp_nl_find_path(dev, info);
	if (IS_ERR(path)) {
		ret = PTR_ERR(path);
		goto out;
	}
	if (state == MQPATH_PATH_LIVE && READ_ONCE(path->gone)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MQPATH_ATTR_PATH],
				    "PATH: the path's disk is gone; remove the path");
		ret = -ENODEV;
		goto out;
	}
	/* Its flushes would miss a cache, or its blocks not be ours. */
	if (state == MQPATH_PATH_LIVE && path->limits_held) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MQPATH_ATTR_PATH],
				    "PATH: its write cache, FUA or block size differ from the device's");
		ret = -EINVAL;
		goto out;
	}
	if (state == MQPATH_PATH_FAILED) {
		ret = mqp_nl_check_last_live(dev, path, info);
		if (ret)
			goto out;
	}
	mqp_path_set_state(path, state, MQPATH_REASON_ADMIN);
out:
	mqp_nl_dev_done(dev);
	return ret;
}

static int mqp_nl_path_fail(struct sk_buff *skb, struct genl_info *info)
{
	return mqp_nl_path_state(info, MQPATH_PATH_FAILED);
}

static int mqp_nl_path_reinstate(struct sk_buff *skb, struct genl_info *info)
{
	return mqp_nl_path_state(info, MQPATH_PATH_LIVE);
}

static int __mqp_nl_path_set(struct genl_info *info);

static int mqp_nl_path_set(struct sk_buff *skb, struct genl_info *info)
{
	return mqp_nl_noio(__mqp_nl_path_set, info);
}

static int __mqp_nl_path_set(struct genl_info *info)
{
	struct nlattr *tb[MQPATH_PATH_ATTR_MAX + 1];
	struct mqp_path *path;
	struct mqp_table *t;
	struct mqp_dev *dev;
	struct nlattr *nest;
	u32 prio, old;
	int ret = 0;

	dev = mqp_nl_dev(info);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	path = mqp_nl_find_path(dev, info);
	if (IS_ERR(path)) {
		ret = PTR_ERR(path);
		goto out;
	}
	nest = mqp_nl_path(info, tb);
	if (IS_ERR(nest)) {
		ret = PTR_ERR(nest);
		goto out;
	}
	if (NL_REQ_ATTR_CHECK(info->extack, nest, tb,
			      MQPATH_PATH_ATTR_PRIORITY)) {
		ret = -EINVAL;
		goto out;
	}
	prio = nla_get_u32(tb[MQPATH_PATH_ATTR_PRIORITY]);
	if (prio == path->priority)
		goto out;

	old = path->priority;
	path->priority = prio;
	t = mqp_table_build(dev, dev->selector, NULL, NULL);
	if (!t) {
		path->priority = old;
		ret = -ENOMEM;
		goto out;
	}
	mqp_table_commit(dev, t, NULL, NULL, false);
out:
	mqp_nl_dev_done(dev);
	return ret;
}

/*
 * Refuse a command that changes anything to a sender without CAP_SYS_ADMIN
 * (GENL_ADMIN_PERM would ask for CAP_NET_ADMIN), checked on the socket's
 * opener as well as the sender, as netlink_capable() does.
 */
static int mqp_nl_pre_doit(const struct genl_split_ops *ops,
			   struct sk_buff *skb, struct genl_info *info)
{
	if ((ops->internal_flags & MQP_NL_SYS_ADMIN) &&
	    !netlink_capable(skb, CAP_SYS_ADMIN)) {
		NL_SET_ERR_MSG(info->extack,
			       "this command needs CAP_SYS_ADMIN");
		return -EPERM;
	}
	return 0;
}

static const struct genl_split_ops mqp_ops[] = {
	{
		.cmd = MQPATH_CMD_GET_INFO,
		.doit = mqp_nl_get_info,
		.policy = mqp_none_policy,
		.maxattr = MQPATH_ATTR_MAX,
		.flags = GENL_CMD_CAP_DO,
	},
	{
		.cmd = MQPATH_CMD_DEV_CREATE,
		.doit = mqp_nl_dev_create,
		.policy = mqp_dev_create_policy,
		.maxattr = MQPATH_ATTR_MAX,
		.pre_doit = mqp_nl_pre_doit,
		.internal_flags = MQP_NL_SYS_ADMIN,
		.flags = GENL_CMD_CAP_DO,
	},
	{
		.cmd = MQPATH_CMD_DEV_DESTROY,
		.doit = mqp_nl_dev_destroy,
		.policy = mqp_dev_id_policy,
		.maxattr = MQPATH_ATTR_MAX,
		.pre_doit = mqp_nl_pre_doit,
		.internal_flags = MQP_NL_SYS_ADMIN,
		.flags = GENL_CMD_CAP_DO,
	},
	{
		.cmd = MQPATH_CMD_DEV_GET,
		.doit = mqp_nl_dev_get,
		.policy = mqp_dev_id_policy,
		.maxattr = MQPATH_ATTR_MAX,
		.flags = GENL_CMD_CAP_DO,
	},
	{
		.cmd = MQPATH_CMD_DEV_GET,
		.start = mqp_nl_dump_start,
		.dumpit = mqp_nl_dev_dump,
		.policy = mqp_none_policy,
		.maxattr = MQPATH_ATTR_MAX,
		.flags = GENL_CMD_CAP_DUMP,
	},
	{
		.cmd = MQPATH_CMD_DEV_SET,
		.doit = mqp_nl_dev_set,
		.policy = mqp_dev_set_policy,
		.maxattr = MQPATH_ATTR_MAX,
		.pre_doit = mqp_nl_pre_doit,
		.internal_flags = MQP_NL_SYS_ADMIN,
		.flags = GENL_CMD_CAP_DO,
	},
	{
		.cmd = MQPATH_CMD_DEV_FAILBACK,
		.doit = mqp_nl_dev_failback,
		.policy = mqp_dev_id_policy,
		.maxattr = MQPATH_ATTR_MAX,
		.pre_doit = mqp_nl_pre_doit,
		.internal_flags = MQP_NL_SYS_ADMIN,
		.flags = GENL_CMD_CAP_DO,
	},
	{
		.cmd = MQPATH_CMD_PATH_ADD,
		.doit = mqp_nl_path_add,
		.policy = mqp_path_add_policy,
		.maxattr = MQPATH_ATTR_MAX,
		.pre_doit = mqp_nl_pre_doit,
		.internal_flags = MQP_NL_SYS_ADMIN,
		.flags = GENL_CMD_CAP_DO,
	},
	{
		.cmd = MQPATH_CMD_PATH_REMOVE,
		.doit = mqp_nl_path_remove,
		.policy = mqp_path_force_policy,
		.maxattr = MQPATH_ATTR_MAX,
		.pre_doit = mqp_nl_pre_doit,
		.internal_flags = MQP_NL_SYS_ADMIN,
		.flags = GENL_CMD_CAP_DO,
	},
	{
		.cmd = MQPATH_CMD_PATH_FAIL,
		.doit = mqp_nl_path_fail,
		.policy = mqp_path_force_policy,
		.maxattr = MQPATH_ATTR_MAX,
		.pre_doit = mqp_nl_pre_doit,
		.internal_flags = MQP_NL_SYS_ADMIN,
		.flags = GENL_CMD_CAP_DO,
	},
	{
		.cmd = MQPATH_CMD_PATH_REINSTATE,
		.doit = mqp_nl_path_reinstate,
		.policy = mqp_path_find_policy,
		.maxattr = MQPATH_ATTR_MAX,
		.pre_doit = mqp_nl_pre_doit,
		.internal_flags = MQP_NL_SYS_ADMIN,
		.flags = GENL_CMD_CAP_DO,
	},
	{
		.cmd = MQPATH_CMD_PATH_SET,
		.doit = mqp_nl_path_set,
		.policy = mqp_path_set_policy,
		.maxattr = MQPATH_ATTR_MAX,
		.pre_doit = mqp_nl_pre_doit,
		.internal_flags = MQP_NL_SYS_ADMIN,
		.flags = GENL_CMD_CAP_DO,
	},
	{
		.cmd = MQPATH_CMD_STATS,
		.doit = mqp_nl_stats,
		.policy = mqp_dev_id_policy,
		.maxattr = MQPATH_ATTR_MAX,
		.flags = GENL_CMD_CAP_DO,
	},
	{
		.cmd = MQPATH_CMD_STATS,
		.start = mqp_nl_dump_start,
		.dumpit = mqp_nl_stats_dump,
		.policy = mqp_none_policy,
		.maxattr = MQPATH_ATTR_MAX,
		.flags = GENL_CMD_CAP_DUMP,
	},
};

static struct genl_family mqp_family __ro_after_init = {
	.name = MQPATH_GENL_NAME,
	.version = MQPATH_GENL_VERSION,
	.module = THIS_MODULE,
	.parallel_ops = true,
	.split_ops = mqp_ops,
	.n_split_ops = ARRAY_SIZE(mqp_ops),
	.mcgrps = mqp_mcgrps,
	.n_mcgrps = ARRAY_SIZE(mqp_mcgrps),
};

/* ---- events ---- */

/* Queue an event; any context. Delivered from a work item. */
void mqp_event(struct mqp_dev *dev, u8 cmd, struct mqp_path *path, u64 value)
{
	struct mqp_event *ev;

	ev = kzalloc(sizeof(*ev), GFP_ATOMIC);
	if (!ev)
		return;
	ev->cmd = cmd;
	ev->value = value;
	if (path) {
		ev->has_path = true;
		ev->path_id = path->id;
		ev->devt = path->devt;
		ev->reason = path->reason;
		ev->state = READ_ONCE(path->state);
		ev->priority = path->priority;
	}
	llist_add(&ev->node, &dev->events);
	queue_work(mqp_probe_wq, &dev->event_work);
}

static int mqp_event_fill(struct sk_buff *msg, struct mqp_dev *dev,
			  const struct mqp_event *ev)
{
	struct nlattr *nest;

	if (nla_put_u32(msg, MQPATH_ATTR_DEV_ID, dev->id))
		return -EMSGSIZE;
	if (ev->cmd == MQPATH_CMD_EVENT_FROZEN_TOO_LONG &&
	    nla_put_u64_64bit(msg, MQPATH_ATTR_FREEZE_NS, ev->value,
			      MQPATH_ATTR_PAD))
		return -EMSGSIZE;
	if (ev->cmd == MQPATH_CMD_EVENT_GROUP_SWITCH &&
	    nla_put_u32(msg, MQPATH_ATTR_ACTIVE_PRIORITY, ev->value))
		return -EMSGSIZE;
	if (!ev->has_path)
		return 0;

	nest = nla_nest_start(msg, MQPATH_ATTR_PATH);
	if (!nest ||
	    nla_put_u32(msg, MQPATH_PATH_ATTR_ID, ev->path_id) ||
	    nla_put_u32(msg, MQPATH_PATH_ATTR_DEV_MAJOR, MAJOR(ev->devt)) ||
	    nla_put_u32(msg, MQPATH_PATH_ATTR_DEV_MINOR, MINOR(ev->devt)) ||
	    nla_put_u32(msg, MQPATH_PATH_ATTR_PRIORITY, ev->priority) ||
	    nla_put_u8(msg, MQPATH_PATH_ATTR_STATE, ev->state) ||
	    nla_put_u8(msg, MQPATH_PATH_ATTR_REASON, ev->reason))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static void mqp_event_send(struct mqp_dev *dev, const struct mqp_event *ev)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &mqp_family, 0, ev->cmd);
	if (!hdr || mqp_event_fill(msg, dev, ev)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	/*
	 * Devices are torn down after the family is unregistered (no command
	 * runs then); their last events go nowhere.
	 */
	down_read(&mqp_nl_up_sem);
	if (mqp_nl_up)
		/* No listener is not an error. */
		genlmsg_multicast(&mqp_family, msg, 0, MQP_MCGRP_EVENTS,
				  GFP_KERNEL);
	else
		nlmsg_free(msg);
	up_read(&mqp_nl_up_sem);
}

void mqp_event_work(struct work_struct *work)
{
	struct mqp_dev *dev = container_of(work, struct mqp_dev, event_work);
	struct mqp_event *ev, *tmp;
	struct llist_node *list;

	list = llist_reverse_order(llist_del_all(&dev->events));
	llist_for_each_entry_safe(ev, tmp, list, node) {
		mqp_event_send(dev, ev);
		mqp_notify(dev, ev);
		kfree(ev);
	}
}

/* Deliver what is queued; nothing queues events any more. */
void mqp_event_flush(struct mqp_dev *dev)
{
	flush_work(&dev->event_work);
	mqp_event_work(&dev->event_work);
}

int mqp_netlink_init(void)
{
	int ret;

	ret = genl_register_family(&mqp_family);
	if (!ret) {
		down_write(&mqp_nl_up_sem);
		mqp_nl_up = true;
		up_write(&mqp_nl_up_sem);
	}
	return ret;
}

void mqp_netlink_exit(void)
{
	down_write(&mqp_nl_up_sem);
	mqp_nl_up = false;
	up_write(&mqp_nl_up_sem);
	genl_unregister_family(&mqp_family);
}

MODULE_ALIAS_GENL_FAMILY(MQPATH_GENL_NAME);
