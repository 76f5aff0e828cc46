// SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note
/* Do not edit directly, auto-generated from: */
/*	netlink/specs/mqpath.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink-gen.h"

#include <uapi/mqpath.h>

/* Integer value ranges */
static const struct netlink_range_validation mqpath_attr_no_path_timeout_ms_range = {
	.max	= MQPATH_MAX_MS,
};

static const struct netlink_range_validation mqpath_attr_freeze_warn_ms_range = {
	.max	= MQPATH_MAX_MS,
};

static const struct netlink_range_validation mqpath_attr_marginal_window_ms_range = {
	.max	= MQPATH_MAX_MS,
};

static const struct netlink_range_validation mqpath_attr_marginal_hold_ms_range = {
	.max	= MQPATH_MAX_MS,
};

static const struct netlink_range_validation mqpath_path_attr_dev_minor_range = {
	.max	= MQPATH_MAX_DEV_MINOR,
};

/* Common nested types */
const struct nla_policy mqpath_path_nl_policy[MQPATH_PATH_ATTR_HOLD_LEFT_MS + 1] = {
	[MQPATH_PATH_ATTR_ID] = NLA_POLICY_MAX(NLA_U32, MQPATH_MAX_PATH_ID),
	[MQPATH_PATH_ATTR_DEV_MAJOR] = NLA_POLICY_MAX(NLA_U32, MQPATH_MAX_DEV_MAJOR),
	[MQPATH_PATH_ATTR_DEV_MINOR] = NLA_POLICY_FULL_RANGE(NLA_U32, &mqpath_path_attr_dev_minor_range),
	[MQPATH_PATH_ATTR_DISK_NAME] = { .type = NLA_NUL_STRING, },
	[MQPATH_PATH_ATTR_PRIORITY] = { .type = NLA_U32, },
	[MQPATH_PATH_ATTR_STATE] = NLA_POLICY_MAX(NLA_U8, 2),
	[MQPATH_PATH_ATTR_REASON] = NLA_POLICY_MAX(NLA_U8, 7),
	[MQPATH_PATH_ATTR_NUMA_NODE] = { .type = NLA_S32, },
	[MQPATH_PATH_ATTR_IOS] = { .type = NLA_U64, },
	[MQPATH_PATH_ATTR_BYTES] = { .type = NLA_U64, },
	[MQPATH_PATH_ATTR_ERRORS] = { .type = NLA_U64, },
	[MQPATH_PATH_ATTR_FAILOVERS] = { .type = NLA_U64, },
	[MQPATH_PATH_ATTR_INFLIGHT] = { .type = NLA_U64, },
	[MQPATH_PATH_ATTR_FAIL_COUNT] = { .type = NLA_U64, },
	[MQPATH_PATH_ATTR_PROBES] = { .type = NLA_U64, },
	[MQPATH_PATH_ATTR_CHECKER] = NLA_POLICY_MAX(NLA_U8, 2),
	[MQPATH_PATH_ATTR_CHECK_AGE_MS] = { .type = NLA_U64, },
	[MQPATH_PATH_ATTR_CHANGE_AGE_MS] = { .type = NLA_U64, },
	[MQPATH_PATH_ATTR_READS] = { .type = NLA_U64, },
	[MQPATH_PATH_ATTR_WRITES] = { .type = NLA_U64, },
	[MQPATH_PATH_ATTR_HOLD_LEFT_MS] = { .type = NLA_U64, },
};

/* MQPATH_CMD_DEV_CREATE - do */
static const struct nla_policy mqpath_dev_create_nl_policy[MQPATH_ATTR_MARGINAL_HOLD_MS + 1] = {
	[MQPATH_ATTR_DEV_ID] = NLA_POLICY_MAX(NLA_U32, MQPATH_MAX_DEV_ID),
	[MQPATH_ATTR_SIZE] = { .type = NLA_U64, },
	[MQPATH_ATTR_LOGICAL_BS] = { .type = NLA_U32, },
	[MQPATH_ATTR_SELECTOR] = NLA_POLICY_MAX(NLA_U8, 2),
	[MQPATH_ATTR_FAILBACK] = NLA_POLICY_MAX(NLA_U8, 1),
	[MQPATH_ATTR_QUEUE_IF_NO_PATH] = NLA_POLICY_MAX(NLA_U8, 1),
	[MQPATH_ATTR_NO_PATH_TIMEOUT_MS] = NLA_POLICY_FULL_RANGE(NLA_U32, &mqpath_attr_no_path_timeout_ms_range),
	[MQPATH_ATTR_PROBE_INTERVAL_MS] = { .type = NLA_U32, },
	[MQPATH_ATTR_FREEZE_WARN_MS] = NLA_POLICY_FULL_RANGE(NLA_U32, &mqpath_attr_freeze_warn_ms_range),
	[MQPATH_ATTR_MARGINAL_COUNT] = NLA_POLICY_MAX(NLA_U32, MQPATH_MAX_MARGINAL_COUNT),
	[MQPATH_ATTR_MARGINAL_WINDOW_MS] = NLA_POLICY_FULL_RANGE(NLA_U32, &mqpath_attr_marginal_window_ms_range),
	[MQPATH_ATTR_MARGINAL_HOLD_MS] = NLA_POLICY_FULL_RANGE(NLA_U32, &mqpath_attr_marginal_hold_ms_range),
};

/* MQPATH_CMD_DEV_DESTROY - do */
static const struct nla_policy mqpath_dev_destroy_nl_policy[MQPATH_ATTR_DEV_ID + 1] = {
	[MQPATH_ATTR_DEV_ID] = NLA_POLICY_MAX(NLA_U32, MQPATH_MAX_DEV_ID),
};

/* MQPATH_CMD_DEV_GET - do */
static const struct nla_policy mqpath_dev_get_nl_policy[MQPATH_ATTR_DEV_ID + 1] = {
	[MQPATH_ATTR_DEV_ID] = NLA_POLICY_MAX(NLA_U32, MQPATH_MAX_DEV_ID),
};

/* MQPATH_CMD_DEV_SET - do */
static const struct nla_policy mqpath_dev_set_nl_policy[MQPATH_ATTR_MARGINAL_HOLD_MS + 1] = {
	[MQPATH_ATTR_DEV_ID] = NLA_POLICY_MAX(NLA_U32, MQPATH_MAX_DEV_ID),
	[MQPATH_ATTR_SIZE] = { .type = NLA_U64, },
	[MQPATH_ATTR_LOGICAL_BS] = { .type = NLA_U32, },
	[MQPATH_ATTR_SELECTOR] = NLA_POLICY_MAX(NLA_U8, 2),
	[MQPATH_ATTR_FAILBACK] = NLA_POLICY_MAX(NLA_U8, 1),
	[MQPATH_ATTR_QUEUE_IF_NO_PATH] = NLA_POLICY_MAX(NLA_U8, 1),
	[MQPATH_ATTR_NO_PATH_TIMEOUT_MS] = NLA_POLICY_FULL_RANGE(NLA_U32, &mqpath_attr_no_path_timeout_ms_range),
	[MQPATH_ATTR_PROBE_INTERVAL_MS] = { .type = NLA_U32, },
	[MQPATH_ATTR_FREEZE_WARN_MS] = NLA_POLICY_FULL_RANGE(NLA_U32, &mqpath_attr_freeze_warn_ms_range),
	[MQPATH_ATTR_MARGINAL_COUNT] = NLA_POLICY_MAX(NLA_U32, MQPATH_MAX_MARGINAL_COUNT),
	[MQPATH_ATTR_MARGINAL_WINDOW_MS] = NLA_POLICY_FULL_RANGE(NLA_U32, &mqpath_attr_marginal_window_ms_range),
	[MQPATH_ATTR_MARGINAL_HOLD_MS] = NLA_POLICY_FULL_RANGE(NLA_U32, &mqpath_attr_marginal_hold_ms_range),
};

/* MQPATH_CMD_DEV_FAILBACK - do */
static const struct nla_policy mqpath_dev_failback_nl_policy[MQPATH_ATTR_DEV_ID + 1] = {
	[MQPATH_ATTR_DEV_ID] = NLA_POLICY_MAX(NLA_U32, MQPATH_MAX_DEV_ID),
};

/* MQPATH_CMD_PATH_ADD - do */
static const struct nla_policy mqpath_path_add_nl_policy[MQPATH_ATTR_ALLOW_UNIDENTIFIED + 1] = {
	[MQPATH_ATTR_DEV_ID] = NLA_POLICY_MAX(NLA_U32, MQPATH_MAX_DEV_ID),
	[MQPATH_ATTR_PATH] = NLA_POLICY_NESTED(mqpath_path_nl_policy),
	[MQPATH_ATTR_ALLOW_UNIDENTIFIED] = { .type = NLA_FLAG, },
};

/* MQPATH_CMD_PATH_REMOVE - do */
static const struct nla_policy mqpath_path_remove_nl_policy[MQPATH_ATTR_FORCE + 1] = {
	[MQPATH_ATTR_DEV_ID] = NLA_POLICY_MAX(NLA_U32, MQPATH_MAX_DEV_ID),
	[MQPATH_ATTR_PATH] = NLA_POLICY_NESTED(mqpath_path_nl_policy),
	[MQPATH_ATTR_FORCE] = { .type = NLA_FLAG, },
};

/* MQPATH_CMD_PATH_FAIL - do */
static const struct nla_policy mqpath_path_fail_nl_policy[MQPATH_ATTR_FORCE + 1] = {
	[MQPATH_ATTR_DEV_ID] = NLA_POLICY_MAX(NLA_U32, MQPATH_MAX_DEV_ID),
	[MQPATH_ATTR_PATH] = NLA_POLICY_NESTED(mqpath_path_nl_policy),
	[MQPATH_ATTR_FORCE] = { .type = NLA_FLAG, },
};

/* MQPATH_CMD_PATH_REINSTATE - do */
static const struct nla_policy mqpath_path_reinstate_nl_policy[MQPATH_ATTR_PATH + 1] = {
	[MQPATH_ATTR_DEV_ID] = NLA_POLICY_MAX(NLA_U32, MQPATH_MAX_DEV_ID),
	[MQPATH_ATTR_PATH] = NLA_POLICY_NESTED(mqpath_path_nl_policy),
};

/* MQPATH_CMD_PATH_SET - do */
static const struct nla_policy mqpath_path_set_nl_policy[MQPATH_ATTR_PATH + 1] = {
	[MQPATH_ATTR_DEV_ID] = NLA_POLICY_MAX(NLA_U32, MQPATH_MAX_DEV_ID),
	[MQPATH_ATTR_PATH] = NLA_POLICY_NESTED(mqpath_path_nl_policy),
};

/* MQPATH_CMD_STATS - do */
static const struct nla_policy mqpath_stats_nl_policy[MQPATH_ATTR_DEV_ID + 1] = {
	[MQPATH_ATTR_DEV_ID] = NLA_POLICY_MAX(NLA_U32, MQPATH_MAX_DEV_ID),
};

/* Ops table for mqpath */
const struct genl_split_ops mqpath_nl_ops[14] = {
	{
		.cmd		= MQPATH_CMD_GET_INFO,
		.pre_doit	= mqpath_nl_pre_doit_no_attrs,
		.doit		= mqpath_nl_get_info_doit,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= MQPATH_CMD_DEV_CREATE,
		.pre_doit	= mqpath_nl_pre_doit_admin,
		.doit		= mqpath_nl_dev_create_doit,
		.policy		= mqpath_dev_create_nl_policy,
		.maxattr	= MQPATH_ATTR_MARGINAL_HOLD_MS,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= MQPATH_CMD_DEV_DESTROY,
		.pre_doit	= mqpath_nl_pre_doit_admin,
		.doit		= mqpath_nl_dev_destroy_doit,
		.policy		= mqpath_dev_destroy_nl_policy,
		.maxattr	= MQPATH_ATTR_DEV_ID,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= MQPATH_CMD_DEV_GET,
		.doit		= mqpath_nl_dev_get_doit,
		.policy		= mqpath_dev_get_nl_policy,
		.maxattr	= MQPATH_ATTR_DEV_ID,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd	= MQPATH_CMD_DEV_GET,
		.start	= mqpath_nl_dump_start,
		.dumpit	= mqpath_nl_dev_get_dumpit,
		.flags	= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= MQPATH_CMD_DEV_SET,
		.pre_doit	= mqpath_nl_pre_doit_admin,
		.doit		= mqpath_nl_dev_set_doit,
		.policy		= mqpath_dev_set_nl_policy,
		.maxattr	= MQPATH_ATTR_MARGINAL_HOLD_MS,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= MQPATH_CMD_DEV_FAILBACK,
		.pre_doit	= mqpath_nl_pre_doit_admin,
		.doit		= mqpath_nl_dev_failback_doit,
		.policy		= mqpath_dev_failback_nl_policy,
		.maxattr	= MQPATH_ATTR_DEV_ID,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= MQPATH_CMD_PATH_ADD,
		.pre_doit	= mqpath_nl_pre_doit_admin,
		.doit		= mqpath_nl_path_add_doit,
		.policy		= mqpath_path_add_nl_policy,
		.maxattr	= MQPATH_ATTR_ALLOW_UNIDENTIFIED,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= MQPATH_CMD_PATH_REMOVE,
		.pre_doit	= mqpath_nl_pre_doit_admin,
		.doit		= mqpath_nl_path_remove_doit,
		.policy		= mqpath_path_remove_nl_policy,
		.maxattr	= MQPATH_ATTR_FORCE,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= MQPATH_CMD_PATH_FAIL,
		.pre_doit	= mqpath_nl_pre_doit_admin,
		.doit		= mqpath_nl_path_fail_doit,
		.policy		= mqpath_path_fail_nl_policy,
		.maxattr	= MQPATH_ATTR_FORCE,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= MQPATH_CMD_PATH_REINSTATE,
		.pre_doit	= mqpath_nl_pre_doit_admin,
		.doit		= mqpath_nl_path_reinstate_doit,
		.policy		= mqpath_path_reinstate_nl_policy,
		.maxattr	= MQPATH_ATTR_PATH,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= MQPATH_CMD_PATH_SET,
		.pre_doit	= mqpath_nl_pre_doit_admin,
		.doit		= mqpath_nl_path_set_doit,
		.policy		= mqpath_path_set_nl_policy,
		.maxattr	= MQPATH_ATTR_PATH,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= MQPATH_CMD_STATS,
		.doit		= mqpath_nl_stats_doit,
		.policy		= mqpath_stats_nl_policy,
		.maxattr	= MQPATH_ATTR_DEV_ID,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd	= MQPATH_CMD_STATS,
		.start	= mqpath_nl_dump_start,
		.dumpit	= mqpath_nl_stats_dumpit,
		.flags	= GENL_CMD_CAP_DUMP,
	},
};

static const struct genl_multicast_group mqpath_nl_mcgrps[] = {
	[MQPATH_NLGRP_EVENTS] = { "events", },
};
