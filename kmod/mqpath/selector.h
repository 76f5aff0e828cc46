/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Path selectors. A selector picks a live path inside one priority group,
 * lock-free, with per-CPU state that the table allocates (pcpu_size bytes
 * per CPU) and initialises with init_cpu() when it is built. A selector
 * switch builds a new table, so a selector never sees its state change
 * under it.
 */
#ifndef _MQPATH_SELECTOR_H
#define _MQPATH_SELECTOR_H

#include <linux/indirect_call_wrapper.h>
#include "mqpath.h"

struct mqp_selector_ops {
	const char *name;
	size_t pcpu_size;
	size_t pcpu_align;
	void (*init_cpu)(struct mqp_table *t, void *state, int cpu);
	struct mqp_path *(*select)(struct mqp_table *t,
				   const struct mqp_group *g);
};

extern const struct mqp_selector_ops mqp_selector_rr;
extern const struct mqp_selector_ops mqp_selector_qd;
extern const struct mqp_selector_ops mqp_selector_numa;

struct mqp_path *mqp_rr_select(struct mqp_table *t, const struct mqp_group *g);
struct mqp_path *mqp_qd_select(struct mqp_table *t, const struct mqp_group *g);
struct mqp_path *mqp_numa_select(struct mqp_table *t,
				 const struct mqp_group *g);

static inline const struct mqp_selector_ops *mqp_selector(u8 selector)
{
	switch (selector) {
	case MQPATH_SELECTOR_QD:
		return &mqp_selector_qd;
	case MQPATH_SELECTOR_NUMA:
		return &mqp_selector_numa;
	default:
		return &mqp_selector_rr;
	}
}

static inline struct mqp_path *mqp_select(struct mqp_table *t,
					  const struct mqp_group *g)
{
	return INDIRECT_CALL_3(t->sel->select, mqp_rr_select, mqp_qd_select,
			       mqp_numa_select, t, g);
}

#endif /* _MQPATH_SELECTOR_H */
