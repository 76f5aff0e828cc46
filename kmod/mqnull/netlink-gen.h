/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* Do not edit directly, auto-generated from: */
/*	netlink/specs/mqnull.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_MQNULL_GEN_H
#define _LINUX_MQNULL_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/mqnull.h>

#define MQNULL_MAX_NS_ID		65535
#define MQNULL_MAX_PATH_ID		15
#define MQNULL_MAX_SIZE			1125899906842624
#define MQNULL_MAX_PHYSICAL_BS		65536
#define MQNULL_MAX_QUEUES		1024
#define MQNULL_MAX_DEPTH		4096
#define MQNULL_MAX_COMPLETION_NSEC	10000000000
#define MQNULL_MAX_LATENCY_NSEC		60000000000

/* Common nested types */
extern const struct nla_policy mqnull_path_nl_policy[MQNULL_PATH_ATTR_FLUSHES + 1];

/* Ops table for mqnull */
extern const struct genl_split_ops mqnull_nl_ops[8];

int mqnull_nl_pre_doit_no_attrs(const struct genl_split_ops *ops,
				struct sk_buff *skb, struct genl_info *info);
int mqnull_nl_pre_doit_admin(const struct genl_split_ops *ops,
			     struct sk_buff *skb, struct genl_info *info);
int mqnull_nl_dump_start_no_attrs(struct netlink_callback *cb);

int mqnull_nl_get_info_doit(struct sk_buff *skb, struct genl_info *info);
int mqnull_nl_ns_create_doit(struct sk_buff *skb, struct genl_info *info);
int mqnull_nl_ns_destroy_doit(struct sk_buff *skb, struct genl_info *info);
int mqnull_nl_ns_get_doit(struct sk_buff *skb, struct genl_info *info);
int mqnull_nl_ns_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int mqnull_nl_path_set_doit(struct sk_buff *skb, struct genl_info *info);
int mqnull_nl_path_stats_doit(struct sk_buff *skb, struct genl_info *info);
int mqnull_nl_path_stats_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb);

enum {
	MQNULL_NLGRP_EVENTS,
};

#endif /* _LINUX_MQNULL_GEN_H */
