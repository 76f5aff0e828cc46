// SPDX-License-Identifier: GPL-2.0
/*
 * Events for the tools an admin already runs: a KOBJ_CHANGE uevent on the
 * mqpath disk with the event in its environment (what dm sends as
 * PATH_FAILED and PATH_REINSTATED), and a rate-limited kernel log line.
 * Called from the event work, in process context, for each event that the
 * netlink side has just multicast.
 */
#include <linux/blkdev.h>
#include <linux/kobject.h>
#include <linux/printk.h>
#include "mqpath.h"

const char *mqp_reason_name(u8 reason)
{
	static const char * const names[] = {
		[MQPATH_REASON_ADMIN] = "admin",
		[MQPATH_REASON_IO_ERROR] = "io_error",
		[MQPATH_REASON_PROBE] = "probe",
		[MQPATH_REASON_DISK_GONE] = "disk_gone",
		[MQPATH_REASON_CHECKER] = "checker",
		[MQPATH_REASON_MARGINAL] = "marginal",
		[MQPATH_REASON_LOOP] = "loop",
		[MQPATH_REASON_LIMITS] = "limits",
	};

	return reason < ARRAY_SIZE(names) ? names[reason] : "unknown";
}

const char *mqp_state_name(u8 state)
{
	static const char * const names[] = {
		[MQPATH_PATH_LIVE] = "live",
		[MQPATH_PATH_FAILED] = "failed",
		[MQPATH_PATH_MARGINAL] = "marginal",
	};

	return state < ARRAY_SIZE(names) ? names[state] : "unknown";
}

static const char *mqp_event_name(u8 cmd)
{
	switch (cmd) {
	case MQPATH_CMD_EVENT_PATH_FAILED:
		return "path_failed";
	case MQPATH_CMD_EVENT_PATH_REINSTATED:
		return "path_reinstated";
	case MQPATH_CMD_EVENT_PATH_MARGINAL:
		return "path_marginal";
	case MQPATH_CMD_EVENT_NO_PATH:
		return "no_path";
	case MQPATH_CMD_EVENT_GROUP_SWITCH:
		return "group_switch";
	default:
		return NULL;
	}
}

/*
 * One line per event, rate limited per kind: a flapping path must not
 * flood the log. The path is named by its id and device number, as dm's
 * "Failing path 259:0." names it.
 */
static void mqp_notify_log(struct mqp_dev *dev, const struct mqp_event *ev)
{
	const char *disk = dev->disk->disk_name;
	unsigned int maj = MAJOR(ev->devt), min = MINOR(ev->devt);
	const char *why = mqp_reason_name(ev->reason);

	switch (ev->cmd) {
	case MQPATH_CMD_EVENT_PATH_FAILED:
		pr_warn_ratelimited("%s: path %u (%u:%u) failed: %s\n", disk,
				    ev->path_id, maj, min, why);
		break;
	case MQPATH_CMD_EVENT_PATH_REINSTATED:
		pr_info_ratelimited("%s: path %u (%u:%u) reinstated: %s\n",
				    disk, ev->path_id, maj, min, why);
		break;
	case MQPATH_CMD_EVENT_PATH_MARGINAL:
		pr_warn_ratelimited("%s: path %u (%u:%u) held out: %s\n", disk,
				    ev->path_id, maj, min, why);
		break;
	case MQPATH_CMD_EVENT_NO_PATH:
		pr_warn_ratelimited("%s: no live path\n", disk);
		break;
	case MQPATH_CMD_EVENT_GROUP_SWITCH:
		pr_info_ratelimited("%s: using priority group %llu\n", disk,
				    ev->value);
		break;
	}
}

void mqp_notify(struct mqp_dev *dev, const struct mqp_event *ev)
{
	char event[32], id[24], devt[40], reason[40], prio[40];
	const char *name = mqp_event_name(ev->cmd);
	char *envp[6] = { event };
	unsigned int n = 1;

	if (!name)
		return;
	mqp_notify_log(dev, ev);

	snprintf(event, sizeof(event), "MQPATH_EVENT=%s", name);
	if (ev->has_path) {
		snprintf(id, sizeof(id), "MQPATH_PATH=%u", ev->path_id);
		snprintf(devt, sizeof(devt), "MQPATH_PATH_DEV=%u:%u",
			 MAJOR(ev->devt), MINOR(ev->devt));
		snprintf(reason, sizeof(reason), "MQPATH_REASON=%s",
			 mqp_reason_name(ev->reason));
		envp[n++] = id;
		envp[n++] = devt;
		envp[n++] = reason;
	}
	if (ev->cmd == MQPATH_CMD_EVENT_GROUP_SWITCH) {
		snprintf(prio, sizeof(prio), "MQPATH_PRIORITY=%llu", ev->value);
		envp[n++] = prio;
	}
	envp[n] = NULL;
	/* The teardown flushes the last events after the disk left sysfs. */
	if (!READ_ONCE(dev->dying))
		kobject_uevent_env(&disk_to_dev(dev->disk)->kobj, KOBJ_CHANGE,
				   envp);
}
