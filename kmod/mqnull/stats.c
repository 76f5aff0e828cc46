// SPDX-License-Identifier: GPL-2.0
/*
 * mqnull per-path statistics: per-CPU counters bumped on completion (see
 * mqnull_stats_account()), summed on read. IOs in flight are not counted on
 * the IO path at all: they are the path's started requests, found by walking
 * its tag set when asked.
 *
 * The counters are u64 updated with this_cpu_*() ops. A 32-bit kernel may
 * read a torn value while one is updated; mqnull targets 64-bit test guests.
 */
#include <linux/percpu.h>
#include "mqnull.h"

int mqnull_stats_alloc(struct mqnull_path *path)
{
	path->stats = alloc_percpu(struct mqnull_stats);
	return path->stats ? 0 : -ENOMEM;
}

void mqnull_stats_free(struct mqnull_path *path)
{
	free_percpu(path->stats);
	path->stats = NULL;
}

void mqnull_stats_read(struct mqnull_path *path, struct mqnull_stats_sum *sum)
{
	int cpu;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct mqnull_stats *s = per_cpu_ptr(path->stats, cpu);

		sum->s.reads += READ_ONCE(s->reads);
		sum->s.writes += READ_ONCE(s->writes);
		sum->s.read_bytes += READ_ONCE(s->read_bytes);
		sum->s.write_bytes += READ_ONCE(s->write_bytes);
		sum->s.other_ops += READ_ONCE(s->other_ops);
		sum->s.flushes += READ_ONCE(s->flushes);
		sum->s.errors_injected += READ_ONCE(s->errors_injected);
		sum->s.timeouts += READ_ONCE(s->timeouts);
	}
	sum->inflight = mqnull_path_inflight(path);
}
