// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "mqpath": commands and multicast events.
 *
 * The family is described in netlink/specs/mqpath.yaml: the uapi header, the
 * per-command policies, the ops table and the multicast group are generated
 * from it (netlink-gen.c, included below; make ynl-regen). Every command has
 * its own strict policy, so an attribute it does not take is refused;
 * policies validate every attribute's type and range before a handler runs;
 * handlers check what depends on the device's state and name the attribute
 * in every rejection.
 *
 * Commands that change anything need CAP_SYS_ADMIN
 * (mqpath_nl_pre_doit_admin()):
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
#include "mq_genl.h"
#include "mqpath.h"
#include "selector.h"

/*
 * The 6.12 generator leaves the multicast group table static for a
 * genetlink-c family (it expects the family struct beside it), so the
 * generated source is compiled as part of this file.
 */
#include "netlink-gen.c"

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

/*
 * Attributes of the path nest each command takes: the spec has one policy
 * for the nest (every path attribute), these commands take fewer. PATH_ADD
 * takes ID only to refuse it with a message saying the kernel chooses it.
 */
#define MQP_PATH_REF_ATTRS						\
	(BIT(MQPATH_PATH_ATTR_ID) | BIT(MQPATH_PATH_ATTR_DEV_MAJOR) |	\
	 BIT(MQPATH_PATH_ATTR_DEV_MINOR))
#define MQP_PATH_PRIO_ATTRS						\
	(MQP_PATH_REF_ATTRS | BIT(MQPATH_PATH_ATTR_PRIORITY))

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

	if (ms && (ms < MQPATH_MIN_PROBE_MS || ms > MQPATH_MAX_MS)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "PROBE_INTERVAL_MS must be 0 (off) or 100..86400000");
		return -EINVAL;
	}
	return 0;
}

/*
 * The checks of DEV_CREATE and DEV_SET attributes that no policy states.
 * SIZE, LOGICAL_BS and PROBE_INTERVAL_MS are checked here, not by the
 * spec's checks (a policy range): 0 is allowed outside their ranges, and
 * the message names the values allowed, where a policy range would refuse
 * with ERANGE.
 */
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

/*
 * Refuse what the path nest of a command does not take (@allowed, a mask of
 * MQPATH_PATH_ATTR_*) as a policy without the attribute would: EINVAL,
 * "Unsupported attribute". The nest was validated against the spec's policy
 * already.
 */
static int mqp_nl_check_path_attrs(struct genl_info *info,
				   unsigned long allowed)
{
	const struct nlattr *attr, *nla;
	int rem, nrem;

	nlmsg_for_each_attr(attr, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(attr) != MQPATH_ATTR_PATH)
			continue;
		nla_for_each_nested(nla, attr, nrem) {
			if (!(allowed & BIT(nla_type(nla)))) {
				NL_SET_ERR_MSG_ATTR(info->extack, nla,
						    "Unsupported attribute");
				return -EINVAL;
			}
		}
	}
	return 0;
}

int mqpath_nl_pre_doit_no_attrs(const struct genl_split_ops *ops,
				struct sk_buff *skb, struct genl_info *info)
{
	return mq_genl_no_attrs(info->nlhdr, info->extack);
}

/*
 * Refuse a command that changes anything to a sender without CAP_SYS_ADMIN
 * (GENL_ADMIN_PERM would ask for CAP_NET_ADMIN), checked on the socket's
 * opener as well as the sender, as netlink_capable() does. The path nest
 * is checked first: it was part of the policy's validation, which comes
 * before the permission check.
 */
int mqpath_nl_pre_doit_admin(const struct genl_split_ops *ops,
			     struct sk_buff *skb, struct genl_info *info)
{
	unsigned long allowed = MQP_PATH_REF_ATTRS;
	int ret;

	if (ops->cmd == MQPATH_CMD_PATH_ADD || ops->cmd == MQPATH_CMD_PATH_SET)
		allowed = MQP_PATH_PRIO_ATTRS;
	ret = mqp_nl_check_path_attrs(info, allowed);
	if (ret)
		return ret;
	return mq_genl_need_sys_admin(skb, info);
}

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

/*
 * The device and path operations say in the extack's message what they
 * refuse; the attribute it points at is the request's @attr (the one that
 * named the device or the path), set here. A failure without a message
 * (ENOMEM) points at nothing, as before.
 */
static void mqp_nl_bad_attr(struct netlink_ext_ack *extack,
			    const struct nlattr *attr)
{
	if (extack->_msg && !extack->bad_attr)
		NL_SET_BAD_ATTR(extack, attr);
}

/* Parse the PATH nest of a request into @tb; returns the nest. */
static struct nlattr *mqp_nl_path(struct genl_info *info,
				  struct nlattr **tb)
{
	struct nlattr *nest = info->attrs[MQPATH_ATTR_PATH];
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, MQPATH_ATTR_PATH))
		return ERR_PTR(-EINVAL);
	ret = nla_parse_nested(tb, MQPATH_PATH_ATTR_MAX, nest, mqpath_path_nl_policy,
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

int mqpath_nl_get_info_doit(struct sk_buff *skb, struct genl_info *info)
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

int mqpath_nl_dev_create_doit(struct sk_buff *skb, struct genl_info *info)
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

	dev = mqp_dev_create(&cfg, id, !a[MQPATH_ATTR_DEV_ID]);
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

int mqpath_nl_dev_destroy_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attr = info->attrs[MQPATH_ATTR_DEV_ID];
	struct mqp_dev *dev;

	if (GENL_REQ_ATTR_CHECK(info, MQPATH_ATTR_DEV_ID))
		return -EINVAL;
	dev = mqp_dev_unregister(nla_get_u32(attr), info->extack);
	if (IS_ERR(dev)) {
		mqp_nl_bad_attr(info->extack, attr);
		return PTR_ERR(dev);
	}
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

int mqpath_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return mqp_nl_dev_reply(info, false);
}

int mqpath_nl_stats_doit(struct sk_buff *skb, struct genl_info *info)
{
	return mqp_nl_dev_reply(info, true);
}

int mqpath_nl_dump_start(struct netlink_callback *cb)
{
	/* One device with all its paths must fit in one message. */
	cb->min_dump_alloc = MQP_MSG_SIZE;
	return mq_genl_no_attrs(cb->nlh, cb->extack);
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

int mqpath_nl_dev_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return mqp_nl_dump(skb, cb, false);
}

int mqpath_nl_stats_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return mqp_nl_dump(skb, cb, true);
}

int mqpath_nl_dev_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct mqp_dev_config cfg;
	struct mqp_dev *dev;
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
	mqp_dev_get_config(dev, &cfg);
	mqp_parse_config(a, &cfg);
	ret = mqp_dev_apply_settings(dev, &cfg);
out:
	mqp_nl_dev_done(dev);
	return ret;
}

int mqpath_nl_dev_failback_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mqp_dev *dev;

	dev = mqp_nl_dev(info);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	mqp_dev_failback(dev);
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

int mqpath_nl_path_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	return mqp_nl_noio(__mqp_nl_path_add, info);
}

static int __mqp_nl_path_add(struct genl_info *info)
{
	struct nlattr *tb[MQPATH_PATH_ATTR_MAX + 1];
	struct mqp_path *path;
	struct mqp_dev *dev;
	struct sk_buff *msg;
	struct nlattr *nest;
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

	path = mqp_path_add(dev, devt, prio,
			    nla_get_flag(info->attrs[MQPATH_ATTR_ALLOW_UNIDENTIFIED]),
			    info->extack);
	if (IS_ERR(path)) {
		ret = PTR_ERR(path);
		mqp_nl_bad_attr(info->extack, nest);
		goto out;
	}
	ret = nla_put_u32(msg, MQPATH_ATTR_DEV_ID, dev->id) ?:
	      mqp_fill_path(msg, path, false);
out:
	mqp_nl_dev_done(dev);
	return mqp_reply_send(msg, hdr, info, ret);
}

int mqpath_nl_path_remove_doit(struct sk_buff *skb, struct genl_info *info)
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
	/* On success, the path is gone and dev->lock dropped. */
	ret = mqp_path_remove(dev, path,
			      nla_get_flag(info->attrs[MQPATH_ATTR_FORCE]),
			      info->extack);
	if (!ret) {
		mqp_dev_put(dev);
		return 0;
	}
	mqp_nl_bad_attr(info->extack, info->attrs[MQPATH_ATTR_PATH]);
out:
	mqp_nl_dev_done(dev);
	return ret;
}

/*
 * FAIL, REINSTATE and SET act on one existing path: find the device and the
 * path, call OP, release the device. PATH_REMOVE hands the device lock on
 * and is separate.
 */
typedef int (*mqp_nl_path_op)(struct mqp_dev *dev, struct mqp_path *path,
			      struct genl_info *info);

static int mqp_nl_on_path(struct genl_info *info, mqp_nl_path_op op)
{
	struct mqp_path *path;
	struct mqp_dev *dev;
	int ret;

	dev = mqp_nl_dev(info);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	path = mqp_nl_find_path(dev, info);
	if (IS_ERR(path))
		ret = PTR_ERR(path);
	else
		ret = op(dev, path, info);
	mqp_nl_dev_done(dev);
	return ret;
}

static int mqp_nl_fail(struct mqp_dev *dev, struct mqp_path *path,
		       struct genl_info *info)
{
	int ret;

	ret = mqp_path_fail(dev, path,
			    nla_get_flag(info->attrs[MQPATH_ATTR_FORCE]),
			    info->extack);
	if (ret)
		mqp_nl_bad_attr(info->extack, info->attrs[MQPATH_ATTR_PATH]);
	return ret;
}

int mqpath_nl_path_fail_doit(struct sk_buff *skb, struct genl_info *info)
{
	return mqp_nl_on_path(info, mqp_nl_fail);
}

static int mqp_nl_reinstate(struct mqp_dev *dev, struct mqp_path *path,
			    struct genl_info *info)
{
	int ret;

	ret = mqp_path_reinstate(dev, path, info->extack);
	if (ret)
		mqp_nl_bad_attr(info->extack, info->attrs[MQPATH_ATTR_PATH]);
	return ret;
}

int mqpath_nl_path_reinstate_doit(struct sk_buff *skb, struct genl_info *info)
{
	return mqp_nl_on_path(info, mqp_nl_reinstate);
}

static int mqp_nl_set_priority(struct mqp_dev *dev, struct mqp_path *path,
			       struct genl_info *info)
{
	struct nlattr *tb[MQPATH_PATH_ATTR_MAX + 1];
	struct nlattr *nest;

	nest = mqp_nl_path(info, tb);
	if (IS_ERR(nest))
		return PTR_ERR(nest);
	if (NL_REQ_ATTR_CHECK(info->extack, nest, tb,
			      MQPATH_PATH_ATTR_PRIORITY))
		return -EINVAL;
	return mqp_path_set_priority(dev, path,
				     nla_get_u32(tb[MQPATH_PATH_ATTR_PRIORITY]));
}

static int mqp_nl_path_set(struct genl_info *info)
{
	return mqp_nl_on_path(info, mqp_nl_set_priority);
}

int mqpath_nl_path_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	return mqp_nl_noio(mqp_nl_path_set, info);
}

static struct genl_family mqp_family __ro_after_init = {
	.name = MQPATH_GENL_NAME,
	.version = MQPATH_GENL_VERSION,
	.module = THIS_MODULE,
	.parallel_ops = true,
	.split_ops = mqpath_nl_ops,
	.n_split_ops = ARRAY_SIZE(mqpath_nl_ops),
	.mcgrps = mqpath_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(mqpath_nl_mcgrps),
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
		genlmsg_multicast(&mqp_family, msg, 0, MQPATH_NLGRP_EVENTS,
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

	BUILD_BUG_ON(MQPATH_MAX_DEV_ID + 1 != MQPATH_MAX_DEVS);
	BUILD_BUG_ON(MQPATH_MAX_PATH_ID + 1 != MQPATH_MAX_PATHS);
	BUILD_BUG_ON(MQPATH_MAX_DEV_MAJOR != (1U << (32 - MINORBITS)) - 1);
	BUILD_BUG_ON(MQPATH_MAX_DEV_MINOR != MINORMASK);
	BUILD_BUG_ON(MQPATH_PATH_ATTR_MAX >= BITS_PER_LONG);
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
