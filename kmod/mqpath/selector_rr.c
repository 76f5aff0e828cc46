// SPDX-License-Identifier: GPL-2.0
/*
 * Round-robin selector: every CPU keeps its own cursor and walks the live
 * paths of the group with it, so no two CPUs share a cache line per IO.
 */
#include "selector.h"

static void mqp_rr_init_cpu(struct mqp_table *t, void *state, int cpu)
{
	unsigned int *cursor = state;

	/* Start CPUs on different paths. */
	*cursor = cpu;
}

struct mqp_path *mqp_rr_select(struct mqp_table *t, const struct mqp_group *g)
{
	unsigned int __percpu *cursor = t->sel_data;
	unsigned int start, i;
	struct mqp_path *path;

	if (g->nr == 1) {
		path = t->paths[g->first];
		return mqp_path_live(path) ? path : NULL;
	}

	start = this_cpu_inc_return(*cursor);
	for (i = 0; i < g->nr; i++) {
		path = t->paths[g->first + (start + i) % g->nr];
		if (mqp_path_live(path))
			return path;
	}
	return NULL;
}

const struct mqp_selector_ops mqp_selector_rr = {
	.name		= "rr",
	.pcpu_size	= sizeof(unsigned int),
	.pcpu_align	= __alignof__(unsigned int),
	.init_cpu	= mqp_rr_init_cpu,
	.select		= mqp_rr_select,
};
