// SPDX-License-Identifier: GPL-2.0
/*
 * mqnull generic netlink family: the control plane.
 *
 * Every command has its own strict policy, so an attribute a command does not
 * take is rejected, and out-of-range values are rejected by the policy with
 * the attribute and its valid range reported in the extended ack. Checks a
 * policy cannot express name the attribute in the extack message.
 * Commands that change anything need CAP_SYS_ADMIN (mqnull_nl_pre_doit()),
 * as creating and removing block devices does elsewhere; reading does not,
 * and neither does listening to the events, which carry what PATH_STATS
 * shows anyone.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/log2.h>
#include <net/genetlink.h>
#include "mqnull.h"

static const struct netlink_range_validation mqnull_create_id_range = {
	.max = MQNULL_MAX_NS_ID,
};

static const struct netlink_range_validation mqnull_ns_id_range = {
	.min = 1,
	.max = MQNULL_MAX_NS_ID,
};

static const struct netlink_range_validation mqnull_size_range = {
	.min = SECTOR_SIZE,
	.max = MQNULL_MAX_SIZE,
};

static const struct netlink_range_validation mqnull_pbs_range = {
	.min = SECTOR_SIZE,
	.max = MQNULL_MAX_PHYSICAL_BS,
};

static const struct netlink_range_validation mqnull_completion_nsec_range = {
	.max = MQNULL_MAX_COMPLETION_NSEC,
};

static const struct netlink_range_validation mqnull_latency_range = {
	.max = MQNULL_MAX_LATENCY_NSEC,
};

static const struct netlink_range_validation mqnull_ppm_range = {
	.max = 1000000,
};

static const struct nla_policy mqnull_create_policy[MQNULL_ATTR_MAX + 1] = {
	[MQNULL_ATTR_NS_ID] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &mqnull_create_id_range),
	[MQNULL_ATTR_SIZE] =
		NLA_POLICY_FULL_RANGE(NLA_U64, &mqnull_size_range),
	[MQNULL_ATTR_LOGICAL_BS] =
		NLA_POLICY_RANGE(NLA_U32, SECTOR_SIZE, 4096),
	[MQNULL_ATTR_PHYSICAL_BS] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &mqnull_pbs_range),
	[MQNULL_ATTR_MEMORY_BACKED] = NLA_POLICY_MAX(NLA_U8, 1),
	[MQNULL_ATTR_NR_PATHS] = NLA_POLICY_RANGE(NLA_U32, 1, MQNULL_MAX_PATHS),
	[MQNULL_ATTR_SUBMIT_QUEUES] = NLA_POLICY_MAX(NLA_U32, MQNULL_MAX_QUEUES),
	[MQNULL_ATTR_QUEUE_DEPTH] =
		NLA_POLICY_RANGE(NLA_U32, 1, MQNULL_MAX_DEPTH),
	[MQNULL_ATTR_COMPLETION] =
		NLA_POLICY_MAX(NLA_U8, MQNULL_COMPLETE_TIMER),
	[MQNULL_ATTR_COMPLETION_NSEC] =
		NLA_POLICY_FULL_RANGE(NLA_U64, &mqnull_completion_nsec_range),
	[MQNULL_ATTR_POLL_QUEUES] = NLA_POLICY_MAX(NLA_U32, MQNULL_MAX_QUEUES),
	[MQNULL_ATTR_SHARED_TAGS] = NLA_POLICY_MAX(NLA_U8, 1),
	[MQNULL_ATTR_UUID] = NLA_POLICY_EXACT_LEN(UUID_SIZE),
};

static const struct nla_policy mqnull_destroy_policy[MQNULL_ATTR_MAX + 1] = {
	[MQNULL_ATTR_NS_ID] = NLA_POLICY_FULL_RANGE(NLA_U32, &mqnull_ns_id_range),
	[MQNULL_ATTR_FORCE] = { .type = NLA_FLAG },
};

static const struct nla_policy mqnull_get_policy[MQNULL_ATTR_MAX + 1] = {
	[MQNULL_ATTR_NS_ID] = NLA_POLICY_FULL_RANGE(NLA_U32, &mqnull_ns_id_range),
};

static const struct nla_policy
mqnull_path_set_policy[MQNULL_PATH_ATTR_MAX + 1] = {
	[MQNULL_PATH_ATTR_ID] = NLA_POLICY_MAX(NLA_U32, MQNULL_MAX_PATHS - 1),
	[MQNULL_PATH_ATTR_STATE] = NLA_POLICY_MAX(NLA_U8, MQNULL_PATH_HANG),
	[MQNULL_PATH_ATTR_LATENCY_NSEC] =
		NLA_POLICY_FULL_RANGE(NLA_U64, &mqnull_latency_range),
	[MQNULL_PATH_ATTR_ERROR_PPM] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &mqnull_ppm_range),
	[MQNULL_PATH_ATTR_IOPS_LIMIT] = { .type = NLA_U64 },
	[MQNULL_PATH_ATTR_BPS_LIMIT] = { .type = NLA_U64 },
	[MQNULL_PATH_ATTR_WRITE_CACHE] = NLA_POLICY_MAX(NLA_U8, 1),
	[MQNULL_PATH_ATTR_FUA] = NLA_POLICY_MAX(NLA_U8, 1),
	[MQNULL_PATH_ATTR_DISCARD] = NLA_POLICY_MAX(NLA_U8, 1),
};

static const struct nla_policy
mqnull_path_id_policy[MQNULL_PATH_ATTR_MAX + 1] = {
	[MQNULL_PATH_ATTR_ID] = NLA_POLICY_MAX(NLA_U32, MQNULL_MAX_PATHS - 1),
};

static const struct nla_policy mqnull_path_set_top_policy[MQNULL_ATTR_MAX + 1] = {
	[MQNULL_ATTR_NS_ID] = NLA_POLICY_FULL_RANGE(NLA_U32, &mqnull_ns_id_range),
	[MQNULL_ATTR_PATH] = NLA_POLICY_NESTED(mqnull_path_set_policy),
};

static const struct nla_policy mqnull_stats_policy[MQNULL_ATTR_MAX + 1] = {
	[MQNULL_ATTR_NS_ID] = NLA_POLICY_FULL_RANGE(NLA_U32, &mqnull_ns_id_range),
	[MQNULL_ATTR_PATH] = NLA_POLICY_NESTED(mqnull_path_id_policy),
};

/*
 * Commands without attributes: with split ops the core only rejects
 * attributes a policy names, so these take one that accepts none.
 */
static const struct nla_policy mqnull_none_policy[MQNULL_ATTR_MAX + 1] = {};

static const struct genl_multicast_group mqnull_mcgrps[] = {
	{ .name = MQNULL_MCGRP_EVENTS, },
};

enum { MQNULL_MCGRP_EVENTS_IDX };

static struct genl_family mqnull_family;

static u32 mqnull_get_u32(const struct nlattr *nla, u32 def)
{
	return nla ? nla_get_u32(nla) : def;
}

static u64 mqnull_get_u64(const struct nlattr *nla, u64 def)
{
	return nla ? nla_get_u64(nla) : def;
}

static u8 mqnull_get_u8(const struct nlattr *nla, u8 def)
{
	return nla ? nla_get_u8(nla) : def;
}

/* The namespace named by a request's NS_ID; under mqnull_lock. */
static struct mqnull_ns *mqnull_nl_find_ns(struct nlattr **tb,
					   struct netlink_ext_ack *extack)
{
	struct mqnull_ns *ns;

	if (NL_REQ_ATTR_CHECK(extack, NULL, tb, MQNULL_ATTR_NS_ID)) {
		NL_SET_ERR_MSG(extack, "missing MQNULL_ATTR_NS_ID");
		return ERR_PTR(-EINVAL);
	}
	ns = mqnull_ns_find(nla_get_u32(tb[MQNULL_ATTR_NS_ID]));
	if (!ns) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MQNULL_ATTR_NS_ID],
				    "MQNULL_ATTR_NS_ID: no such namespace");
		return ERR_PTR(-ENOENT);
	}
	return ns;
}

/* What names a path in every reply and event: id, disk name and dev_t. */
static int mqnull_nl_put_path_id(struct sk_buff *msg, struct mqnull_path *path)
{
	if (nla_put_u32(msg, MQNULL_PATH_ATTR_ID, path->id) ||
	    nla_put_string(msg, MQNULL_PATH_ATTR_DISK_NAME,
			   path->disk->disk_name) ||
	    nla_put_u32(msg, MQNULL_PATH_ATTR_DEV_MAJOR, path->disk->major) ||
	    nla_put_u32(msg, MQNULL_PATH_ATTR_DEV_MINOR,
			path->disk->first_minor))
		return -EMSGSIZE;
	return 0;
}

static int mqnull_nl_put_path_config(struct sk_buff *msg,
				     struct mqnull_path *path)
{
	struct mqnull_fault *f = &path->fault;
	struct nlattr *nest;

	nest = nla_nest_start(msg, MQNULL_ATTR_PATH);
	if (!nest)
		return -EMSGSIZE;
	if (mqnull_nl_put_path_id(msg, path) ||
	    nla_put_u8(msg, MQNULL_PATH_ATTR_STATE, f->state) ||
	    nla_put_u64_64bit(msg, MQNULL_PATH_ATTR_LATENCY_NSEC,
			      f->latency_nsec, MQNULL_PATH_ATTR_PAD) ||
	    nla_put_u32(msg, MQNULL_PATH_ATTR_ERROR_PPM, f->error_ppm) ||
	    nla_put_u64_64bit(msg, MQNULL_PATH_ATTR_IOPS_LIMIT, f->iops_limit,
			      MQNULL_PATH_ATTR_PAD) ||
	    nla_put_u64_64bit(msg, MQNULL_PATH_ATTR_BPS_LIMIT, f->bps_limit,
			      MQNULL_PATH_ATTR_PAD) ||
	    nla_put_u8(msg, MQNULL_PATH_ATTR_WRITE_CACHE,
		       mqnull_path_has(path, MQNULL_SET_WRITE_CACHE)) ||
	    nla_put_u8(msg, MQNULL_PATH_ATTR_FUA,
		       mqnull_path_has(path, MQNULL_SET_FUA)) ||
	    nla_put_u8(msg, MQNULL_PATH_ATTR_DISCARD,
		       mqnull_path_has(path, MQNULL_SET_DISCARD))) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* One namespace, its configuration and its paths, as NS_GET replies it. */
static int mqnull_nl_fill_ns(struct sk_buff *msg, struct mqnull_ns *ns,
			     u32 portid, u32 seq, int flags)
{
	const struct mqnull_ns_config *cfg = &ns->cfg;
	void *hdr;
	u32 i;

	hdr = genlmsg_put(msg, portid, seq, &mqnull_family, flags,
			  MQNULL_CMD_NS_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(msg, MQNULL_ATTR_NS_ID, ns->id) ||
	    nla_put_u64_64bit(msg, MQNULL_ATTR_SIZE, cfg->size,
			      MQNULL_ATTR_PAD) ||
	    nla_put_u32(msg, MQNULL_ATTR_LOGICAL_BS, cfg->lbs) ||
	    nla_put_u32(msg, MQNULL_ATTR_PHYSICAL_BS, cfg->pbs) ||
	    nla_put_u8(msg, MQNULL_ATTR_MEMORY_BACKED, cfg->memory_backed) ||
	    nla_put_u32(msg, MQNULL_ATTR_NR_PATHS, cfg->nr_paths) ||
	    nla_put_u32(msg, MQNULL_ATTR_SUBMIT_QUEUES, cfg->submit_queues) ||
	    nla_put_u32(msg, MQNULL_ATTR_QUEUE_DEPTH, cfg->queue_depth) ||
	    nla_put_u8(msg, MQNULL_ATTR_COMPLETION, cfg->completion) ||
	    nla_put_u64_64bit(msg, MQNULL_ATTR_COMPLETION_NSEC,
			      cfg->completion_nsec, MQNULL_ATTR_PAD) ||
	    nla_put_u32(msg, MQNULL_ATTR_POLL_QUEUES, cfg->poll_queues) ||
	    nla_put_u8(msg, MQNULL_ATTR_SHARED_TAGS, cfg->shared_tags) ||
	    nla_put_u64_64bit(msg, MQNULL_ATTR_MEMORY_USED,
			      mqnull_ns_memory_used(ns), MQNULL_ATTR_PAD) ||
	    nla_put(msg, MQNULL_ATTR_UUID, UUID_SIZE, &ns->uuid))
		goto cancel;
	for (i = 0; i < cfg->nr_paths; i++)
		if (mqnull_nl_put_path_config(msg, ns->paths[i]))
			goto cancel;
	genlmsg_end(msg, hdr);
	return 0;

cancel:
	genlmsg_cancel(msg, hdr);
	return -EMSGSIZE;
}

static int mqnull_nl_put_path_stats(struct sk_buff *msg,
				    struct mqnull_path *path)
{
	struct mqnull_stats_sum sum;
	struct nlattr *nest;

	mqnull_stats_read(path, &sum);
	nest = nla_nest_start(msg, MQNULL_ATTR_PATH);
	if (!nest)
		return -EMSGSIZE;
	if (mqnull_nl_put_path_id(msg, path) ||
	    nla_put_u8(msg, MQNULL_PATH_ATTR_STATE, path->fault.state) ||
	    nla_put_u64_64bit(msg, MQNULL_PATH_ATTR_READS, sum.s.reads,
			      MQNULL_PATH_ATTR_PAD) ||
	    nla_put_u64_64bit(msg, MQNULL_PATH_ATTR_WRITES, sum.s.writes,
			      MQNULL_PATH_ATTR_PAD) ||
	    nla_put_u64_64bit(msg, MQNULL_PATH_ATTR_READ_BYTES,
			      sum.s.read_bytes, MQNULL_PATH_ATTR_PAD) ||
	    nla_put_u64_64bit(msg, MQNULL_PATH_ATTR_WRITE_BYTES,
			      sum.s.write_bytes, MQNULL_PATH_ATTR_PAD) ||
	    nla_put_u64_64bit(msg, MQNULL_PATH_ATTR_ERRORS_INJECTED,
			      sum.s.errors_injected, MQNULL_PATH_ATTR_PAD) ||
	    nla_put_u64_64bit(msg, MQNULL_PATH_ATTR_TIMEOUTS, sum.s.timeouts,
			      MQNULL_PATH_ATTR_PAD) ||
	    nla_put_u64_64bit(msg, MQNULL_PATH_ATTR_INFLIGHT, sum.inflight,
			      MQNULL_PATH_ATTR_PAD) ||
	    nla_put_u64_64bit(msg, MQNULL_PATH_ATTR_OTHER_OPS, sum.s.other_ops,
			      MQNULL_PATH_ATTR_PAD) ||
	    nla_put_u64_64bit(msg, MQNULL_PATH_ATTR_FLUSHES, sum.s.flushes,
			      MQNULL_PATH_ATTR_PAD)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* Counters of one path (@only), or of all when @only is NULL. */
static int mqnull_nl_fill_stats(struct sk_buff *msg, struct mqnull_ns *ns,
				struct mqnull_path *only, u32 portid, u32 seq,
				int flags)
{
	void *hdr;
	u32 i;

	hdr = genlmsg_put(msg, portid, seq, &mqnull_family, flags,
			  MQNULL_CMD_PATH_STATS);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(msg, MQNULL_ATTR_NS_ID, ns->id))
		goto cancel;
	for (i = 0; i < ns->cfg.nr_paths; i++) {
		if (only && ns->paths[i] != only)
			continue;
		if (mqnull_nl_put_path_stats(msg, ns->paths[i]))
			goto cancel;
	}
	genlmsg_end(msg, hdr);
	return 0;

cancel:
	genlmsg_cancel(msg, hdr);
	return -EMSGSIZE;
}

static int mqnull_nl_get_info(struct sk_buff *skb, struct genl_info *info)
{
	struct mqnull_limits lim;
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &mqnull_family, 0,
				MQNULL_CMD_GET_INFO);
	if (!hdr)
		goto nospace;
	mqnull_limits(&lim);
	if (nla_put_u32(msg, MQNULL_ATTR_VERSION, MQNULL_GENL_VERSION) ||
	    nla_put_u32(msg, MQNULL_ATTR_MAX_PATHS, MQNULL_MAX_PATHS) ||
	    nla_put_u32(msg, MQNULL_ATTR_MAX_NAMESPACES, lim.max_namespaces) ||
	    nla_put_u64_64bit(msg, MQNULL_ATTR_MAX_TAGS, lim.max_tags,
			      MQNULL_ATTR_PAD) ||
	    nla_put_u64_64bit(msg, MQNULL_ATTR_MAX_MEMORY, lim.max_memory,
			      MQNULL_ATTR_PAD))
		goto nospace;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

nospace:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/* Fill @cfg from a create request, with defaults; the policy checked ranges. */
static int mqnull_nl_parse_config(struct genl_info *info,
				  struct mqnull_ns_config *cfg)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **tb = info->attrs;

	if (GENL_REQ_ATTR_CHECK(info, MQNULL_ATTR_SIZE)) {
		NL_SET_ERR_MSG(extack, "missing MQNULL_ATTR_SIZE");
		return -EINVAL;
	}
	cfg->size = nla_get_u64(tb[MQNULL_ATTR_SIZE]);
	cfg->lbs = mqnull_get_u32(tb[MQNULL_ATTR_LOGICAL_BS], SECTOR_SIZE);
	cfg->pbs = mqnull_get_u32(tb[MQNULL_ATTR_PHYSICAL_BS], cfg->lbs);
	cfg->memory_backed = mqnull_get_u8(tb[MQNULL_ATTR_MEMORY_BACKED], 0);
	cfg->nr_paths = mqnull_get_u32(tb[MQNULL_ATTR_NR_PATHS], 1);
	cfg->submit_queues = mqnull_get_u32(tb[MQNULL_ATTR_SUBMIT_QUEUES], 0);
	cfg->queue_depth = mqnull_get_u32(tb[MQNULL_ATTR_QUEUE_DEPTH],
					  MQNULL_DEFAULT_DEPTH);
	cfg->completion = mqnull_get_u8(tb[MQNULL_ATTR_COMPLETION],
					MQNULL_COMPLETE_NONE);
	cfg->completion_nsec = mqnull_get_u64(tb[MQNULL_ATTR_COMPLETION_NSEC],
					      0);
	cfg->poll_queues = mqnull_get_u32(tb[MQNULL_ATTR_POLL_QUEUES], 0);
	cfg->shared_tags = mqnull_get_u8(tb[MQNULL_ATTR_SHARED_TAGS], 0);
	if (tb[MQNULL_ATTR_UUID]) {
		memcpy(&cfg->uuid, nla_data(tb[MQNULL_ATTR_UUID]), UUID_SIZE);
		cfg->has_uuid = true;
		/* An all-zero id reads as "none" to multipath layers. */
		if (uuid_is_null(&cfg->uuid)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[MQNULL_ATTR_UUID],
					    "MQNULL_ATTR_UUID must not be all zero");
			return -EINVAL;
		}
	}

	if (!is_power_of_2(cfg->lbs)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MQNULL_ATTR_LOGICAL_BS],
				    "MQNULL_ATTR_LOGICAL_BS must be a power of two");
		return -EINVAL;
	}
	if (!is_power_of_2(cfg->pbs) || cfg->pbs < cfg->lbs) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MQNULL_ATTR_PHYSICAL_BS],
				    "MQNULL_ATTR_PHYSICAL_BS must be a power of two, at least the logical block size");
		return -EINVAL;
	}
	if (cfg->size % cfg->lbs) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MQNULL_ATTR_SIZE],
				    "MQNULL_ATTR_SIZE must be a multiple of the logical block size");
		return -EINVAL;
	}
	if (cfg->submit_queues > nr_cpu_ids) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, tb[MQNULL_ATTR_SUBMIT_QUEUES],
					"MQNULL_ATTR_SUBMIT_QUEUES: at most %u, one per CPU",
					nr_cpu_ids);
		return -EINVAL;
	}
	if (!cfg->submit_queues)
		cfg->submit_queues = nr_cpu_ids;
	if (cfg->poll_queues > nr_cpu_ids) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, tb[MQNULL_ATTR_POLL_QUEUES],
					"MQNULL_ATTR_POLL_QUEUES: at most %u, one per CPU",
					nr_cpu_ids);
		return -EINVAL;
	}
	return 0;
}

static int mqnull_nl_create(struct sk_buff *skb, struct genl_info *info)
{
	struct mqnull_ns_config cfg = {};
	struct mqnull_ns *ns;
	struct sk_buff *msg;
	int ret;

	ret = mqnull_nl_parse_config(info, &cfg);
	if (ret)
		return ret;

	/* Allocated first: once the namespace exists, the reply cannot fail. */
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	mutex_lock(&mqnull_lock);
	ret = mqnull_ns_create(&cfg,
			       mqnull_get_u32(info->attrs[MQNULL_ATTR_NS_ID], 0),
			       &ns, info->extack);
	if (!ret)
		ret = mqnull_nl_fill_ns(msg, ns, info->snd_portid,
					info->snd_seq, 0);
	mutex_unlock(&mqnull_lock);

	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return genlmsg_reply(msg, info);
}

static int mqnull_nl_destroy(struct sk_buff *skb, struct genl_info *info)
{
	struct mqnull_ns *ns;
	int ret;

	mutex_lock(&mqnull_lock);
	ns = mqnull_nl_find_ns(info->attrs, info->extack);
	if (IS_ERR(ns))
		ret = PTR_ERR(ns);
	else
		ret = mqnull_ns_destroy(ns,
					nla_get_flag(info->attrs[MQNULL_ATTR_FORCE]),
					info->extack);
	mutex_unlock(&mqnull_lock);
	return ret;
}

static int mqnull_nl_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mqnull_ns *ns;
	struct sk_buff *msg;
	int ret;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	mutex_lock(&mqnull_lock);
	ns = mqnull_nl_find_ns(info->attrs, info->extack);
	if (IS_ERR(ns))
		ret = PTR_ERR(ns);
	else
		ret = mqnull_nl_fill_ns(msg, ns, info->snd_portid,
					info->snd_seq, 0);
	mutex_unlock(&mqnull_lock);

	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return genlmsg_reply(msg, info);
}

/*
 * Dumps send one message per namespace; cb->args[0] is the id to resume
 * from. A dump that spans several reads may miss or repeat a namespace
 * created or destroyed in between.
 */
static int mqnull_nl_get_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	unsigned long id = cb->args[0];
	struct mqnull_ns *ns;

	mutex_lock(&mqnull_lock);
	for (ns = mqnull_ns_next(&id); ns; ns = mqnull_ns_next(&id)) {
		if (mqnull_nl_fill_ns(skb, ns, NETLINK_CB(cb->skb).portid,
				      cb->nlh->nlmsg_seq, NLM_F_MULTI))
			break;
		id++;
	}
	mutex_unlock(&mqnull_lock);
	cb->args[0] = id;
	return skb->len;
}

/* Parse one nested PATH of a PATH_SET into @upd. */
static int mqnull_nl_parse_path_set(struct mqnull_ns *ns, struct nlattr *nla,
				    struct mqnull_fault_update *upd,
				    struct netlink_ext_ack *extack)
{
	struct nlattr *tb[MQNULL_PATH_ATTR_MAX + 1];
	int ret;

	ret = nla_parse_nested(tb, MQNULL_PATH_ATTR_MAX, nla,
			       mqnull_path_set_policy, extack);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(extack, nla, tb, MQNULL_PATH_ATTR_ID)) {
		NL_SET_ERR_MSG(extack, "missing MQNULL_PATH_ATTR_ID");
		return -EINVAL;
	}
	memset(upd, 0, sizeof(*upd));
	upd->path_id = nla_get_u32(tb[MQNULL_PATH_ATTR_ID]);
	if (upd->path_id >= ns->cfg.nr_paths) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MQNULL_PATH_ATTR_ID],
				    "MQNULL_PATH_ATTR_ID: no such path");
		return -ENOENT;
	}
	if (tb[MQNULL_PATH_ATTR_STATE]) {
		upd->f.state = nla_get_u8(tb[MQNULL_PATH_ATTR_STATE]);
		upd->mask |= MQNULL_SET_STATE;
	}
	if (tb[MQNULL_PATH_ATTR_LATENCY_NSEC]) {
		upd->f.latency_nsec =
			nla_get_u64(tb[MQNULL_PATH_ATTR_LATENCY_NSEC]);
		upd->mask |= MQNULL_SET_LATENCY;
	}
	if (tb[MQNULL_PATH_ATTR_ERROR_PPM]) {
		upd->f.error_ppm = nla_get_u32(tb[MQNULL_PATH_ATTR_ERROR_PPM]);
		upd->mask |= MQNULL_SET_ERROR_PPM;
	}
	if (tb[MQNULL_PATH_ATTR_IOPS_LIMIT]) {
		upd->f.iops_limit = nla_get_u64(tb[MQNULL_PATH_ATTR_IOPS_LIMIT]);
		upd->mask |= MQNULL_SET_IOPS_LIMIT;
	}
	if (tb[MQNULL_PATH_ATTR_BPS_LIMIT]) {
		upd->f.bps_limit = nla_get_u64(tb[MQNULL_PATH_ATTR_BPS_LIMIT]);
		upd->mask |= MQNULL_SET_BPS_LIMIT;
	}
	if (tb[MQNULL_PATH_ATTR_WRITE_CACHE]) {
		upd->write_cache = nla_get_u8(tb[MQNULL_PATH_ATTR_WRITE_CACHE]);
		upd->mask |= MQNULL_SET_WRITE_CACHE;
	}
	if (tb[MQNULL_PATH_ATTR_FUA]) {
		upd->fua = nla_get_u8(tb[MQNULL_PATH_ATTR_FUA]);
		upd->mask |= MQNULL_SET_FUA;
	}
	if (tb[MQNULL_PATH_ATTR_DISCARD]) {
		upd->discard = nla_get_u8(tb[MQNULL_PATH_ATTR_DISCARD]);
		upd->mask |= MQNULL_SET_DISCARD;
	}
	if (!upd->mask) {
		NL_SET_ERR_MSG_ATTR(extack, nla,
				    "MQNULL_ATTR_PATH: nothing to set (STATE, LATENCY_NSEC, ERROR_PPM, IOPS_LIMIT, BPS_LIMIT, WRITE_CACHE, FUA or DISCARD)");
		return -EINVAL;
	}
	return 0;
}

/*
 * Every nested PATH is checked before any is applied, so a request changes
 * all the paths it names or none.
 */
static int mqnull_nl_path_set(struct sk_buff *skb, struct genl_info *info)
{
	struct mqnull_fault_update upd[MQNULL_MAX_PATHS];
	struct netlink_ext_ack *extack = info->extack;
	struct mqnull_fault_update one;
	unsigned long seen = 0;
	struct mqnull_ns *ns;
	struct nlattr *nla;
	int n = 0, i, rem, ret = 0;

	if (GENL_REQ_ATTR_CHECK(info, MQNULL_ATTR_PATH)) {
		NL_SET_ERR_MSG(extack, "missing MQNULL_ATTR_PATH");
		return -EINVAL;
	}

	mutex_lock(&mqnull_lock);
	ns = mqnull_nl_find_ns(info->attrs, extack);
	if (IS_ERR(ns)) {
		ret = PTR_ERR(ns);
		goto out;
	}
	nlmsg_for_each_attr_type(nla, MQNULL_ATTR_PATH, info->nlhdr,
				 GENL_HDRLEN, rem) {
		ret = mqnull_nl_parse_path_set(ns, nla, &one, extack);
		if (ret)
			goto out;
		if (__test_and_set_bit(one.path_id, &seen)) {
			NL_SET_ERR_MSG_ATTR(extack, nla,
					    "MQNULL_ATTR_PATH: path given twice");
			ret = -EINVAL;
			goto out;
		}
		upd[n++] = one;
	}

	for (i = 0; i < n; i++) {
		struct mqnull_path *path = ns->paths[upd[i].path_id];
		u8 old = path->fault.state;

		ret = mqnull_path_set_features(path, &upd[i]);
		if (ret) {
			NL_SET_ERR_MSG_FMT(extack,
					   "path %u: queue limits not updated: %d",
					   path->id, ret);
			goto out;
		}
		mqnull_fault_apply(path, &upd[i]);
		if (path->fault.state != old)
			mqnull_nl_notify_state(ns, path, old);
	}
out:
	mutex_unlock(&mqnull_lock);
	return ret;
}

static int mqnull_nl_stats_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *tb[MQNULL_PATH_ATTR_MAX + 1];
	struct mqnull_path *only = NULL;
	struct mqnull_ns *ns;
	struct sk_buff *msg;
	int ret;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	mutex_lock(&mqnull_lock);
	ns = mqnull_nl_find_ns(info->attrs, extack);
	if (IS_ERR(ns)) {
		ret = PTR_ERR(ns);
		goto out;
	}
	if (info->attrs[MQNULL_ATTR_PATH]) {
		struct nlattr *nla = info->attrs[MQNULL_ATTR_PATH];
		u32 id;

		ret = nla_parse_nested(tb, MQNULL_PATH_ATTR_MAX, nla,
				       mqnull_path_id_policy, extack);
		if (ret)
			goto out;
		if (NL_REQ_ATTR_CHECK(extack, nla, tb, MQNULL_PATH_ATTR_ID)) {
			NL_SET_ERR_MSG(extack, "missing MQNULL_PATH_ATTR_ID");
			ret = -EINVAL;
			goto out;
		}
		id = nla_get_u32(tb[MQNULL_PATH_ATTR_ID]);
		if (id >= ns->cfg.nr_paths) {
			NL_SET_ERR_MSG_ATTR(extack, tb[MQNULL_PATH_ATTR_ID],
					    "MQNULL_PATH_ATTR_ID: no such path");
			ret = -ENOENT;
			goto out;
		}
		only = ns->paths[id];
	}
	ret = mqnull_nl_fill_stats(msg, ns, only, info->snd_portid,
				   info->snd_seq, 0);
out:
	mutex_unlock(&mqnull_lock);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return genlmsg_reply(msg, info);
}

static int mqnull_nl_stats_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	unsigned long id = cb->args[0];
	struct mqnull_ns *ns;

	mutex_lock(&mqnull_lock);
	for (ns = mqnull_ns_next(&id); ns; ns = mqnull_ns_next(&id)) {
		if (mqnull_nl_fill_stats(skb, ns, NULL,
					 NETLINK_CB(cb->skb).portid,
					 cb->nlh->nlmsg_seq, NLM_F_MULTI))
			break;
		id++;
	}
	mutex_unlock(&mqnull_lock);
	cb->args[0] = id;
	return skb->len;
}

/* Multicast a path's state change to the "events" group; under mqnull_lock. */
void mqnull_nl_notify_state(struct mqnull_ns *ns, struct mqnull_path *path,
			    u8 old_state)
{
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &mqnull_family, 0,
			  MQNULL_CMD_EVENT_PATH_STATE);
	if (!hdr)
		goto nospace;
	if (nla_put_u32(msg, MQNULL_ATTR_NS_ID, ns->id))
		goto nospace;
	nest = nla_nest_start(msg, MQNULL_ATTR_PATH);
	if (!nest)
		goto nospace;
	if (mqnull_nl_put_path_id(msg, path) ||
	    nla_put_u8(msg, MQNULL_PATH_ATTR_STATE, path->fault.state) ||
	    nla_put_u8(msg, MQNULL_PATH_ATTR_OLD_STATE, old_state))
		goto nospace;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	/* -ESRCH when nobody listens: nothing to do. */
	genlmsg_multicast(&mqnull_family, msg, 0, MQNULL_MCGRP_EVENTS_IDX,
			  GFP_KERNEL);
	return;

nospace:
	nlmsg_free(msg);
}

/* genl_split_ops.internal_flags */
#define MQNULL_NL_SYS_ADMIN	BIT(0)

/*
 * GENL_ADMIN_PERM would ask for CAP_NET_ADMIN; these commands need
 * CAP_SYS_ADMIN, of the socket's opener as well as the sender.
 */
static int mqnull_nl_pre_doit(const struct genl_split_ops *ops,
			      struct sk_buff *skb, struct genl_info *info)
{
	if ((ops->internal_flags & MQNULL_NL_SYS_ADMIN) &&
	    !netlink_capable(skb, CAP_SYS_ADMIN)) {
		NL_SET_ERR_MSG(info->extack, "this command needs CAP_SYS_ADMIN");
		return -EPERM;
	}
	return 0;
}

static const struct genl_split_ops mqnull_ops[] = {
	{
		.cmd		= MQNULL_CMD_GET_INFO,
		.doit		= mqnull_nl_get_info,
		.policy		= mqnull_none_policy,
		.maxattr	= MQNULL_ATTR_MAX,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= MQNULL_CMD_NS_CREATE,
		.doit		= mqnull_nl_create,
		.policy		= mqnull_create_policy,
		.maxattr	= MQNULL_ATTR_MAX,
		.pre_doit	= mqnull_nl_pre_doit,
		.internal_flags	= MQNULL_NL_SYS_ADMIN,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= MQNULL_CMD_NS_DESTROY,
		.doit		= mqnull_nl_destroy,
		.policy		= mqnull_destroy_policy,
		.maxattr	= MQNULL_ATTR_MAX,
		.pre_doit	= mqnull_nl_pre_doit,
		.internal_flags	= MQNULL_NL_SYS_ADMIN,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= MQNULL_CMD_NS_GET,
		.doit		= mqnull_nl_get_doit,
		.policy		= mqnull_get_policy,
		.maxattr	= MQNULL_ATTR_MAX,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= MQNULL_CMD_NS_GET,
		.dumpit		= mqnull_nl_get_dumpit,
		.policy		= mqnull_none_policy,
		.maxattr	= MQNULL_ATTR_MAX,
		.flags		= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= MQNULL_CMD_PATH_SET,
		.doit		= mqnull_nl_path_set,
		.policy		= mqnull_path_set_top_policy,
		.maxattr	= MQNULL_ATTR_MAX,
		.pre_doit	= mqnull_nl_pre_doit,
		.internal_flags	= MQNULL_NL_SYS_ADMIN,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= MQNULL_CMD_PATH_STATS,
		.doit		= mqnull_nl_stats_doit,
		.policy		= mqnull_stats_policy,
		.maxattr	= MQNULL_ATTR_MAX,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= MQNULL_CMD_PATH_STATS,
		.dumpit		= mqnull_nl_stats_dumpit,
		.policy		= mqnull_none_policy,
		.maxattr	= MQNULL_ATTR_MAX,
		.flags		= GENL_CMD_CAP_DUMP,
	},
};

static struct genl_family mqnull_family __ro_after_init = {
	.name		= MQNULL_GENL_NAME,
	.version	= MQNULL_GENL_VERSION,
	.netnsok	= false,
	/* Ops serialise on mqnull_lock, not on the global genl mutex. */
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.split_ops	= mqnull_ops,
	.n_split_ops	= ARRAY_SIZE(mqnull_ops),
	.mcgrps		= mqnull_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(mqnull_mcgrps),
};

int __init mqnull_nl_init(void)
{
	return genl_register_family(&mqnull_family);
}

void mqnull_nl_exit(void)
{
	genl_unregister_family(&mqnull_family);
}

MODULE_ALIAS_GENL_FAMILY(MQNULL_GENL_NAME);
