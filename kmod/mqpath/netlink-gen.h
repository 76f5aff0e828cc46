/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* Do not edit directly, auto-generated from: */
/*	netlink/specs/mqpath.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_MQPATH_GEN_H
#define _LINUX_MQPATH_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/mqpath.h>

#define MQPATH_MAX_DEV_ID		255
#define MQPATH_MAX_PATH_ID		31
#define MQPATH_MAX_DEV_MAJOR		4095
#define MQPATH_MAX_DEV_MINOR		1048575
#define MQPATH_MAX_MS			86400000
#define MQPATH_MIN_PROBE_MS		100
#define MQPATH_MAX_MARGINAL_COUNT	1000

/* Common nested types */
extern const struct nla_policy mqpath_path_nl_policy[MQPATH_PATH_ATTR_HOLD_LEFT_MS + 1];

/* Ops table for mqpath */
extern const struct genl_split_ops mqpath_nl_ops[14];

int mqpath_nl_pre_doit_no_attrs(const struct genl_split_ops *ops,
				struct sk_buff *skb, struct genl_info *info);
int mqpath_nl_pre_doit_admin(const struct genl_split_ops *ops,
			     struct sk_buff *skb, struct genl_info *info);
int mqpath_nl_dump_start(struct netlink_callback *cb);

int mqpath_nl_get_info_doit(struct sk_buff *skb, struct genl_info *info);
int mqpath_nl_dev_create_doit(struct sk_buff *skb, struct genl_info *info);
int mqpath_nl_dev_destroy_doit(struct sk_buff *skb, struct genl_info *info);
int mqpath_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info);
int mqpath_nl_dev_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int mqpath_nl_dev_set_doit(struct sk_buff *skb, struct genl_info *info);
int mqpath_nl_dev_failback_doit(struct sk_buff *skb, struct genl_info *info);
int mqpath_nl_path_add_doit(struct sk_buff *skb, struct genl_info *info);
int mqpath_nl_path_remove_doit(struct sk_buff *skb, struct genl_info *info);
int mqpath_nl_path_fail_doit(struct sk_buff *skb, struct genl_info *info);
int mqpath_nl_path_reinstate_doit(struct sk_buff *skb, struct genl_info *info);
int mqpath_nl_path_set_doit(struct sk_buff *skb, struct genl_info *info);
int mqpath_nl_stats_doit(struct sk_buff *skb, struct genl_info *info);
int mqpath_nl_stats_dumpit(struct sk_buff *skb, struct netlink_callback *cb);

enum {
	MQPATH_NLGRP_EVENTS,
};

#endif /* _LINUX_MQPATH_GEN_H */
