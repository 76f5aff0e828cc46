/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checks that both modules' generic netlink families make before a handler
 * runs. Header-only: mqnull and mqpath are separate modules and neither
 * exports symbols to the other.
 */
#ifndef MQ_GENL_H
#define MQ_GENL_H

#include <linux/capability.h>
#include <net/genetlink.h>

/*
 * Split ops without a request policy skip parsing and would silently ignore
 * any attribute; the commands and dumps that take none refuse them.
 */
static inline int mq_genl_no_attrs(const struct nlmsghdr *nlh,
				   struct netlink_ext_ack *extack)
{
	if (nlmsg_attrlen(nlh, GENL_HDRLEN) <= 0)
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, nlmsg_attrdata(nlh, GENL_HDRLEN),
			    "this command takes no attributes");
	return -EINVAL;
}

/*
 * GENL_ADMIN_PERM would ask for CAP_NET_ADMIN, which network daemons and
 * containers are routinely given; the commands that change anything open
 * block devices or allocate kernel memory and need CAP_SYS_ADMIN, of the
 * socket's opener as well as the sender (netlink_capable()).
 */
static inline int mq_genl_need_sys_admin(struct sk_buff *skb,
					 struct genl_info *info)
{
	if (netlink_capable(skb, CAP_SYS_ADMIN))
		return 0;
	NL_SET_ERR_MSG(info->extack, "this command needs CAP_SYS_ADMIN");
	return -EPERM;
}

#endif /* MQ_GENL_H */
