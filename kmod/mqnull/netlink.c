// SPDX-License-Identifier: GPL-2.0
/*
 * mqnull generic netlink family: the control plane.
 *
 * The family is described in netlink/specs/mqnull.yaml: the uapi header, the
 * per-command policies, the ops table and the multicast groups are generated
 * from it (netlink-gen.c, included below; make ynl-regen). Every command has
 * its own strict policy, so an attribute a command does not take is
 * rejected, and out-of-range values are rejected by the policy with the
 * attribute and its valid range reported in the extended ack. Checks a
 * policy cannot express are made here and name the attribute in the extack
 * message.
 * Commands that change anything need CAP_SYS_ADMIN
 * (mqnull_nl_pre_doit_admin()), as creating and removing block devices does
 * elsewhere; reading does not, and neither does listening to the events,
 * which carry what PATH_STATS shows anyone.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/log2.h>
#include <net/genetlink.h>
#include "mq_genl.h"
#include "mqnull.h"

/*
 * The 6.12 generator leaves the multicast group table static for a
 * genetlink-c family (it expects the family struct beside it), so the
 * generated source is compiled as part of this file.
 */
#include "netlink-gen.c"

/*
 * Attributes of the path nest each command takes: the spec has one policy
 * for the nest (every path attribute), these commands take fewer.
 */
#define MQNULL_PATH_SET_ATTRS						\
	(BIT(MQNULL_PATH_ATTR_ID) | BIT(MQNULL_PATH_ATTR_STATE) |	\
	 BIT(MQNULL_PATH_ATTR_LATENCY_NSEC) |				\
	 BIT(MQNULL_PATH_ATTR_ERROR_PPM) |				\
	 BIT(MQNULL_PATH_ATTR_IOPS_LIMIT) |				\
	 BIT(MQNULL_PATH_ATTR_BPS_LIMIT) |				\
	 BIT(MQNULL_PATH_ATTR_WRITE_CACHE) | BIT(MQNULL_PATH_ATTR_FUA) |	\
	 BIT(MQNULL_PATH_ATTR_DISCARD))
#define MQNULL_PATH_STATS_ATTRS	BIT(MQNULL_PATH_ATTR_ID)

static struct genl_family mqnull_family;

/*
 * Parse a path nest with the spec's policy, then refuse what the command
 * does not take (@allowed, a mask of MQNULL_PATH_ATTR_*) as a policy
 * without the attribute would: EINVAL, "Unsupported attribute".
 */
static int mqnull_nl_parse_path(struct nlattr **tb, const struct nlattr *nla,
				unsigned long allowed,
				struct netlink_ext_ack *extack)
{
	int ret, i;

	ret = nla_parse_nested(tb, MQNULL_PATH_ATTR_MAX, nla,
			       mqnull_path_nl_policy, extack);
	if (ret)
		return ret;
	for (i = 0; i <= MQNULL_PATH_ATTR_MAX; i++) {
		if (tb[i] && !(allowed & BIT(i))) {
			NL_SET_ERR_MSG_ATTR(extack, tb[i],
					    "Unsupported attribute");
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * Split ops without a request policy skip parsing and would ignore any
 * attribute; these commands take none and refuse them, as before.
 */
int mqnull_nl_pre_doit_no_attrs(const struct genl_split_ops *ops,
				struct sk_buff *skb, struct genl_info *info)
{
	return mq_genl_no_attrs(info->nlhdr, info->extack);
}

int mqnull_nl_dump_start_no_attrs(struct netlink_callback *cb)
{
	return mq_genl_no_attrs(cb->nlh, cb->extack);
}

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
	u32 id;

	if (NL_REQ_ATTR_CHECK(extack, NULL, tb, MQNULL_ATTR_NS_ID)) {
		NL_SET_ERR_MSG(extack, "missing MQNULL_ATTR_NS_ID");
		return ERR_PTR(-EINVAL);
	}
	/*
	 * The spec's range for NS_ID is NS_CREATE's, where 0 means "pick
	 * one"; no namespace has id 0, and it is refused as out of range.
	 */
	id = nla_get_u32(tb[MQNULL_ATTR_NS_ID]);
	if (!id) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MQNULL_ATTR_NS_ID],
				    "MQNULL_ATTR_NS_ID: integer out of range");
		return ERR_PTR(-ERANGE);
	}
	ns = mqnull_ns_find(id);
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

/*
 * One namespace, its configuration and its paths, as NS_GET replies it;
 * NS_CREATE replies the same attributes. @cmd is the request's command: a
 * reply carries its request's, as genlmsg_put_reply() does and as clients
 * driven by the spec (YNL) match replies.
 */
static int mqnull_nl_fill_ns(struct sk_buff *msg, struct mqnull_ns *ns,
			     u8 cmd, u32 portid, u32 seq, int flags)
{
	const struct mqnull_ns_config *cfg = &ns->cfg;
	void *hdr;
	u32 i;

	hdr = genlmsg_put(msg, portid, seq, &mqnull_family, flags, cmd);
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

int mqnull_nl_get_info_doit(struct sk_buff *skb, struct genl_info *info)
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

int mqnull_nl_ns_create_doit(struct sk_buff *skb, struct genl_info *info)
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
		ret = mqnull_nl_fill_ns(msg, ns, MQNULL_CMD_NS_CREATE,
					info->snd_portid, info->snd_seq, 0);
	mutex_unlock(&mqnull_lock);

	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return genlmsg_reply(msg, info);
}

int mqnull_nl_ns_destroy_doit(struct sk_buff *skb, struct genl_info *info)
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

int mqnull_nl_ns_get_doit(struct sk_buff *skb, struct genl_info *info)
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
		ret = mqnull_nl_fill_ns(msg, ns, MQNULL_CMD_NS_GET,
					info->snd_portid, info->snd_seq, 0);
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
int mqnull_nl_ns_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	unsigned long id = cb->args[0];
	struct mqnull_ns *ns;

	mutex_lock(&mqnull_lock);
	for (ns = mqnull_ns_next(&id); ns; ns = mqnull_ns_next(&id)) {
		if (mqnull_nl_fill_ns(skb, ns, MQNULL_CMD_NS_GET,
				      NETLINK_CB(cb->skb).portid,
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

	ret = mqnull_nl_parse_path(tb, nla, MQNULL_PATH_SET_ATTRS, extack);
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
int mqnull_nl_path_set_doit(struct sk_buff *skb, struct genl_info *info)
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

int mqnull_nl_path_stats_doit(struct sk_buff *skb, struct genl_info *info)
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

		ret = mqnull_nl_parse_path(tb, nla, MQNULL_PATH_STATS_ATTRS,
					   extack);
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

int mqnull_nl_path_stats_dumpit(struct sk_buff *skb,
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
	genlmsg_multicast(&mqnull_family, msg, 0, MQNULL_NLGRP_EVENTS,
			  GFP_KERNEL);
	return;

nospace:
	nlmsg_free(msg);
}

int mqnull_nl_pre_doit_admin(const struct genl_split_ops *ops,
			     struct sk_buff *skb, struct genl_info *info)
{
	return mq_genl_need_sys_admin(skb, info);
}

static struct genl_family mqnull_family __ro_after_init = {
	.name		= MQNULL_GENL_NAME,
	.version	= MQNULL_GENL_VERSION,
	.netnsok	= false,
	/* Ops serialise on mqnull_lock, not on the global genl mutex. */
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.split_ops	= mqnull_nl_ops,
	.n_split_ops	= ARRAY_SIZE(mqnull_nl_ops),
	.mcgrps		= mqnull_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(mqnull_nl_mcgrps),
};

int __init mqnull_nl_init(void)
{
	BUILD_BUG_ON(MQNULL_MAX_PATH_ID + 1 != MQNULL_MAX_PATHS);
	BUILD_BUG_ON(MQNULL_PATH_ATTR_MAX >= BITS_PER_LONG);
	return genl_register_family(&mqnull_family);
}

void mqnull_nl_exit(void)
{
	genl_unregister_family(&mqnull_family);
}

MODULE_ALIAS_GENL_FAMILY(MQNULL_GENL_NAME);
