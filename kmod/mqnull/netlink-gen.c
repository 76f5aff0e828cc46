// SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note
/* Do not edit directly, auto-generated from: */
/*	netlink/specs/mqnull.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink-gen.h"

#include <uapi/mqnull.h>

/* Integer value ranges */
static const struct netlink_range_validation mqnull_attr_ns_id_range = {
	.max	= MQNULL_MAX_NS_ID,
};

static const struct netlink_range_validation mqnull_attr_size_range = {
	.min	= 512ULL,
	.max	= MQNULL_MAX_SIZE,
};

static const struct netlink_range_validation mqnull_attr_physical_bs_range = {
	.min	= 512ULL,
	.max	= MQNULL_MAX_PHYSICAL_BS,
};

static const struct netlink_range_validation mqnull_attr_completion_nsec_range = {
	.max	= MQNULL_MAX_COMPLETION_NSEC,
};

static const struct netlink_range_validation mqnull_path_attr_latency_nsec_range = {
	.max	= MQNULL_MAX_LATENCY_NSEC,
};

static const struct netlink_range_validation mqnull_path_attr_error_ppm_range = {
	.max	= 1000000ULL,
};

/* Common nested types */
const struct nla_policy mqnull_path_nl_policy[MQNULL_PATH_ATTR_FLUSHES + 1] = {
	[MQNULL_PATH_ATTR_ID] = NLA_POLICY_MAX(NLA_U32, MQNULL_MAX_PATH_ID),
	[MQNULL_PATH_ATTR_DISK_NAME] = { .type = NLA_NUL_STRING, },
	[MQNULL_PATH_ATTR_DEV_MAJOR] = { .type = NLA_U32, },
	[MQNULL_PATH_ATTR_DEV_MINOR] = { .type = NLA_U32, },
	[MQNULL_PATH_ATTR_STATE] = NLA_POLICY_MAX(NLA_U8, 3),
	[MQNULL_PATH_ATTR_LATENCY_NSEC] = NLA_POLICY_FULL_RANGE(NLA_U64, &mqnull_path_attr_latency_nsec_range),
	[MQNULL_PATH_ATTR_ERROR_PPM] = NLA_POLICY_FULL_RANGE(NLA_U32, &mqnull_path_attr_error_ppm_range),
	[MQNULL_PATH_ATTR_IOPS_LIMIT] = { .type = NLA_U64, },
	[MQNULL_PATH_ATTR_BPS_LIMIT] = { .type = NLA_U64, },
	[MQNULL_PATH_ATTR_OLD_STATE] = NLA_POLICY_MAX(NLA_U8, 3),
	[MQNULL_PATH_ATTR_READS] = { .type = NLA_U64, },
	[MQNULL_PATH_ATTR_WRITES] = { .type = NLA_U64, },
	[MQNULL_PATH_ATTR_READ_BYTES] = { .type = NLA_U64, },
	[MQNULL_PATH_ATTR_WRITE_BYTES] = { .type = NLA_U64, },
	[MQNULL_PATH_ATTR_ERRORS_INJECTED] = { .type = NLA_U64, },
	[MQNULL_PATH_ATTR_TIMEOUTS] = { .type = NLA_U64, },
	[MQNULL_PATH_ATTR_INFLIGHT] = { .type = NLA_U64, },
	[MQNULL_PATH_ATTR_OTHER_OPS] = { .type = NLA_U64, },
	[MQNULL_PATH_ATTR_WRITE_CACHE] = NLA_POLICY_MAX(NLA_U8, 1),
	[MQNULL_PATH_ATTR_FUA] = NLA_POLICY_MAX(NLA_U8, 1),
	[MQNULL_PATH_ATTR_DISCARD] = NLA_POLICY_MAX(NLA_U8, 1),
	[MQNULL_PATH_ATTR_FLUSHES] = { .type = NLA_U64, },
};

/* MQNULL_CMD_NS_CREATE - do */
static const struct nla_policy mqnull_ns_create_nl_policy[MQNULL_ATTR_UUID + 1] = {
	[MQNULL_ATTR_NS_ID] = NLA_POLICY_FULL_RANGE(NLA_U32, &mqnull_attr_ns_id_range),
	[MQNULL_ATTR_SIZE] = NLA_POLICY_FULL_RANGE(NLA_U64, &mqnull_attr_size_range),
	[MQNULL_ATTR_LOGICAL_BS] = NLA_POLICY_RANGE(NLA_U32, 512, 4096),
	[MQNULL_ATTR_PHYSICAL_BS] = NLA_POLICY_FULL_RANGE(NLA_U32, &mqnull_attr_physical_bs_range),
	[MQNULL_ATTR_MEMORY_BACKED] = NLA_POLICY_MAX(NLA_U8, 1),
	[MQNULL_ATTR_NR_PATHS] = NLA_POLICY_RANGE(NLA_U32, 1, MQNULL_MAX_PATHS),
	[MQNULL_ATTR_SUBMIT_QUEUES] = NLA_POLICY_MAX(NLA_U32, MQNULL_MAX_QUEUES),
	[MQNULL_ATTR_QUEUE_DEPTH] = NLA_POLICY_RANGE(NLA_U32, 1, MQNULL_MAX_DEPTH),
	[MQNULL_ATTR_COMPLETION] = NLA_POLICY_MAX(NLA_U8, 2),
	[MQNULL_ATTR_COMPLETION_NSEC] = NLA_POLICY_FULL_RANGE(NLA_U64, &mqnull_attr_completion_nsec_range),
	[MQNULL_ATTR_POLL_QUEUES] = NLA_POLICY_MAX(NLA_U32, MQNULL_MAX_QUEUES),
	[MQNULL_ATTR_SHARED_TAGS] = NLA_POLICY_MAX(NLA_U8, 1),
	[MQNULL_ATTR_UUID] = NLA_POLICY_EXACT_LEN(16),
};

/* MQNULL_CMD_NS_DESTROY - do */
static const struct nla_policy mqnull_ns_destroy_nl_policy[MQNULL_ATTR_FORCE + 1] = {
	[MQNULL_ATTR_NS_ID] = NLA_POLICY_FULL_RANGE(NLA_U32, &mqnull_attr_ns_id_range),
	[MQNULL_ATTR_FORCE] = { .type = NLA_FLAG, },
};

/* MQNULL_CMD_NS_GET - do */
static const struct nla_policy mqnull_ns_get_nl_policy[MQNULL_ATTR_NS_ID + 1] = {
	[MQNULL_ATTR_NS_ID] = NLA_POLICY_FULL_RANGE(NLA_U32, &mqnull_attr_ns_id_range),
};

/* MQNULL_CMD_PATH_SET - do */
static const struct nla_policy mqnull_path_set_nl_policy[MQNULL_ATTR_PATH + 1] = {
	[MQNULL_ATTR_NS_ID] = NLA_POLICY_FULL_RANGE(NLA_U32, &mqnull_attr_ns_id_range),
	[MQNULL_ATTR_PATH] = NLA_POLICY_NESTED(mqnull_path_nl_policy),
};

/* MQNULL_CMD_PATH_STATS - do */
static const struct nla_policy mqnull_path_stats_nl_policy[MQNULL_ATTR_PATH + 1] = {
	[MQNULL_ATTR_NS_ID] = NLA_POLICY_FULL_RANGE(NLA_U32, &mqnull_attr_ns_id_range),
	[MQNULL_ATTR_PATH] = NLA_POLICY_NESTED(mqnull_path_nl_policy),
};

/* Ops table for mqnull */
const struct genl_split_ops mqnull_nl_ops[8] = {
	{
		.cmd		= MQNULL_CMD_GET_INFO,
		.pre_doit	= mqnull_nl_pre_doit_no_attrs,
		.doit		= mqnull_nl_get_info_doit,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= MQNULL_CMD_NS_CREATE,
		.pre_doit	= mqnull_nl_pre_doit_admin,
		.doit		= mqnull_nl_ns_create_doit,
		.policy		= mqnull_ns_create_nl_policy,
		.maxattr	= MQNULL_ATTR_UUID,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= MQNULL_CMD_NS_DESTROY,
		.pre_doit	= mqnull_nl_pre_doit_admin,
		.doit		= mqnull_nl_ns_destroy_doit,
		.policy		= mqnull_ns_destroy_nl_policy,
		.maxattr	= MQNULL_ATTR_FORCE,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= MQNULL_CMD_NS_GET,
		.doit		= mqnull_nl_ns_get_doit,
		.policy		= mqnull_ns_get_nl_policy,
		.maxattr	= MQNULL_ATTR_NS_ID,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd	= MQNULL_CMD_NS_GET,
		.start	= mqnull_nl_dump_start_no_attrs,
		.dumpit	= mqnull_nl_ns_get_dumpit,
		.flags	= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= MQNULL_CMD_PATH_SET,
		.pre_doit	= mqnull_nl_pre_doit_admin,
		.doit		= mqnull_nl_path_set_doit,
		.policy		= mqnull_path_set_nl_policy,
		.maxattr	= MQNULL_ATTR_PATH,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= MQNULL_CMD_PATH_STATS,
		.doit		= mqnull_nl_path_stats_doit,
		.policy		= mqnull_path_stats_nl_policy,
		.maxattr	= MQNULL_ATTR_PATH,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd	= MQNULL_CMD_PATH_STATS,
		.start	= mqnull_nl_dump_start_no_attrs,
		.dumpit	= mqnull_nl_path_stats_dumpit,
		.flags	= GENL_CMD_CAP_DUMP,
	},
};

static const struct genl_multicast_group mqnull_nl_mcgrps[] = {
	[MQNULL_NLGRP_EVENTS] = { "events", },
};
