// SPDX-License-Identifier: GPL-2.0
/*
 * NUMA/affinity selector: every CPU keeps to one preferred path, chosen
 * among the live paths of the group whose disk sits on the CPU's node (or
 * among all live paths if none does), spread over the CPUs of the node.
 * The choice is cached per CPU and recomputed, lazily and without a lock,
 * when the table's generation says that a path state changed.
 */
#include <linux/topology.h>
#include "selector.h"

struct mqp_numa_pcpu {
	unsigned int gen;
	int idx;
};

static void mqp_numa_init_cpu(struct mqp_table *t, void *state, int cpu)
{
	struct mqp_numa_pcpu *numa = state;

	numa->gen = t->gen - 1;
	numa->idx = -1;
}

static int mqp_numa_choose(struct mqp_table *t, const struct mqp_group *g,
			   int cpu)
{
	unsigned int i, nr_local = 0, nr_live = 0, pick;
	int node = cpu_to_node(cpu);
	struct mqp_path *path;
	bool local;

	for (i = g->first; i < g->first + g->nr; i++) {
		path = t->paths[i];
		if (!mqp_path_live(path))
			continue;
		nr_live++;
		if (path->numa_node == node)
			nr_local++;
	}
	if (!nr_live)
		return -1;

	local = nr_local > 0;
	pick = cpu % (local ? nr_local : nr_live);
	for (i = g->first; i < g->first + g->nr; i++) {
		path = t->paths[i];
		if (!mqp_path_live(path))
			continue;
		if (local && path->numa_node != node)
			continue;
		if (!pick--)
			return i;
	}
	return -1;
}

struct mqp_path *mqp_numa_select(struct mqp_table *t,
				 const struct mqp_group *g)
{
	struct mqp_numa_pcpu __percpu *pcpu = t->sel_data;
	unsigned int gen = READ_ONCE(t->gen);
	struct mqp_numa_pcpu *numa;
	struct mqp_path *path;
	int idx;

	numa = get_cpu_ptr(pcpu);
	idx = numa->idx;
	if (likely(numa->gen == gen && idx >= 0 &&
		   (unsigned int)idx - g->first < g->nr)) {
		path = t->paths[idx];
		if (likely(mqp_path_live(path))) {
			put_cpu_ptr(pcpu);
			return path;
		}
	}

	idx = mqp_numa_choose(t, g, smp_processor_id());
	numa->gen = gen;
	numa->idx = idx;
	put_cpu_ptr(pcpu);
	return idx >= 0 ? t->paths[idx] : NULL;
}

const struct mqp_selector_ops mqp_selector_numa = {
	.name		= "numa",
	.pcpu_size	= sizeof(struct mqp_numa_pcpu),
	.pcpu_align	= __alignof__(struct mqp_numa_pcpu),
	.init_cpu	= mqp_numa_init_cpu,
	.select		= mqp_numa_select,
};
