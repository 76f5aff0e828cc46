// SPDX-License-Identifier: GPL-2.0
/*
 * Queue-depth selector: send to the live path with the fewest bios in
 * flight. In-flight counts are per-path per-CPU counters (submitted minus
 * completed) that the IO path keeps anyway for statistics; there is no
 * shared atomic per IO. Summing them reads every possible CPU's counters,
 * a cost that grows with the machine (Debian's kernel allows 8,192 CPUs),
 * so no IO sums them: a path's depth (mqp_qd_depth()) is the sum taken at
 * most once a jiffy, by the first CPU to find it stale, plus what the
 * deciding CPU itself added since it saw that sum, so that CPUs do not all
 * pile onto one path between sums. The per-IO cost is the same on 2 CPUs
 * as on 8,192. Each CPU re-samples every MQP_QD_RESAMPLE IOs and keeps its
 * choice in between, unless that path fails.
 */
#include "selector.h"

#define MQP_QD_RESAMPLE	4

struct mqp_qd_pcpu {
	unsigned int idx;
	unsigned int left;
};

/*
 * The estimate of @path's bios in flight, preemption off. One cmpxchg of
 * the stamp picks the CPU that refreshes the sum. A CPU that reads the
 * sum before the refresher stored it pairs the new stamp with the old sum
 * for one jiffy: the result is an estimate, and is only used as one.
 */
static u64 mqp_qd_depth(struct mqp_path *path)
{
	struct mqp_path_pcpu *pc = this_cpu_ptr(path->pcpu);
	unsigned long now = jiffies;
	unsigned long stamp = READ_ONCE(path->qd.stamp);
	s64 net, depth;

	if (stamp != now && try_cmpxchg(&path->qd.stamp, &stamp, now)) {
		WRITE_ONCE(path->qd.est, mqp_path_inflight(path));
		stamp = now;
	}
	net = READ_ONCE(pc->submitted) - READ_ONCE(pc->completed);
	if (pc->qd_seen != stamp) {
		pc->qd_seen = stamp;
		pc->qd_base = net;
	}
	depth = READ_ONCE(path->qd.est) + net - pc->qd_base;
	return depth > 0 ? depth : 0;
}

static void mqp_qd_init_cpu(struct mqp_table *t, void *state, int cpu)
{
	struct mqp_qd_pcpu *qd = state;

	qd->idx = 0;
	qd->left = 0;
}

struct mqp_path *mqp_qd_select(struct mqp_table *t, const struct mqp_group *g)
{
	struct mqp_qd_pcpu __percpu *pcpu = t->sel_data;
	struct mqp_path *path, *best = NULL;
	u64 depth, best_depth = U64_MAX;
	unsigned int i, k, start, best_idx = 0;
	struct mqp_qd_pcpu *qd;

	if (g->nr == 1) {
		path = t->paths[g->first];
		return mqp_path_live(path) ? path : NULL;
	}

	qd = get_cpu_ptr(pcpu);
	if (qd->left && qd->idx - g->first < g->nr) {
		path = t->paths[qd->idx];
		if (mqp_path_live(path)) {
			qd->left--;
			put_cpu_ptr(pcpu);
			return path;
		}
	}

	/* Scan from the path after the last pick, so that ties rotate. */
	start = qd->idx - g->first + 1;
	for (k = 0; k < g->nr; k++) {
		i = g->first + (start + k) % g->nr;
		path = t->paths[i];
		if (!mqp_path_live(path))
			continue;
		depth = mqp_qd_depth(path);
		if (depth < best_depth) {
			best_depth = depth;
			best = path;
			best_idx = i;
			if (!depth)
				break;
		}
	}
	qd->idx = best_idx;
	qd->left = best ? MQP_QD_RESAMPLE - 1 : 0;
	put_cpu_ptr(pcpu);
	return best;
}

const struct mqp_selector_ops mqp_selector_qd = {
	.name		= "qd",
	.pcpu_size	= sizeof(struct mqp_qd_pcpu),
	.pcpu_align	= __alignof__(struct mqp_qd_pcpu),
	.init_cpu	= mqp_qd_init_cpu,
	.select		= mqp_qd_select,
};
