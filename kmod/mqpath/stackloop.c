// SPDX-License-Identifier: GPL-2.0
/*
 * A path whose disk comes to stack on the device itself after it was
 * added (a dm table reloaded onto the mqpath disk, say) sends every bio
 * it gets back to the device. The block layer runs such a loop in the
 * submitter's task, one ->submit_bio after the other through
 * current->bio_list, without end: each round allocates a clone here and
 * one in the driver of the path, and nothing completes.
 *
 * The checker finds such paths by walking their holder links on every
 * probe and after a holder opens the disk (checker.c). This is the net
 * for the rounds before it does, on the IO path, and it runs only for
 * bios sent to a path whose disk is bio-based (path->stacked): a disk
 * with a queue of its own cannot send a bio back.
 *
 * A stacking driver that remaps a bio clones it, and the clone shares
 * the bio_vec table, bi_idx and bi_bvec_done of the bio it comes from.
 * So each CPU remembers the clone it last sent to a stacked path, with
 * that position in the data, until the clone completes. A bio that
 * arrives at that same position while that clone is still out is, but
 * for a mirror of the same data over several parts of this one device,
 * the clone come back: it is one round further. A bio past
 * MQP_LOOP_ROUNDS rounds fails with BLK_STS_IOERR, and the path with
 * reason LOOP: the bio it came from is then retried on another path.
 *
 * What the net does not catch: bios without data (flushes, discards:
 * they have no bio_vec table to tell them by), a driver that copies the
 * data on its way (dm-crypt), a loop whose rounds pass through other
 * tasks or meet another submitter's bio on the same CPU in between. For
 * these the checker's walk remains; the net only bounds the common case.
 */
#include <linux/bio.h>
#include <linux/percpu.h>
#include "mqpath.h"

/* Rounds a bio may make through stacked paths back to the device. */
#define MQP_LOOP_ROUNDS		8
/* io->loop_cpu of a clone no CPU remembers */
#define MQP_LOOP_NONE		U16_MAX

/*
 * The last clone this CPU sent to a stacked path, NULL once it completed;
 * @bvec, @idx and @done are its position in the data. Only its own CPU
 * writes it, with preemption off, but for the completion that clears
 * @io: a cache line of its own.
 */
struct mqp_loop_rec {
	struct mqp_io *io;
	const struct bio_vec *bvec;
	unsigned int idx;
	unsigned int done;
	unsigned int rounds;
} ____cacheline_aligned_in_smp;

int mqp_loop_init(struct mqp_dev *dev)
{
	INIT_DELAYED_WORK(&dev->loop_work, mqp_checker_loop_work);
	dev->loop = alloc_percpu(struct mqp_loop_rec);
	return dev->loop ? 0 : -ENOMEM;
}

void mqp_loop_exit(struct mqp_dev *dev)
{
	free_percpu(dev->loop);
	dev->loop = NULL;
}

/*
 * @io, set up for a stacked path, is about to be sent. False if its bio
 * went round too often: the caller fails it instead, and the path is
 * failed as a loop.
 */
bool mqp_loop_note(struct mqp_dev *dev, struct mqp_io *io)
{
	struct bio *bio = io->orig;
	struct mqp_loop_rec *rec;
	unsigned int rounds = 0;
	int cpu;

	io->loop_cpu = MQP_LOOP_NONE;
	if (!bio_has_data(bio))
		return true;

	cpu = get_cpu();
	/* A CPU number that io->loop_cpu cannot hold goes unwatched. */
	if (unlikely(cpu >= MQP_LOOP_NONE)) {
		put_cpu();
		return true;
	}
	rec = per_cpu_ptr(dev->loop, cpu);
	if (READ_ONCE(rec->io) && rec->bvec == bio->bi_io_vec &&
	    rec->idx == bio->bi_iter.bi_idx &&
	    rec->done == bio->bi_iter.bi_bvec_done)
		rounds = rec->rounds + 1;
	if (rounds > MQP_LOOP_ROUNDS) {
		put_cpu();
		mqp_path_set_state(io->path, MQPATH_PATH_FAILED,
				   MQPATH_REASON_LOOP);
		return false;
	}
	rec->bvec = bio->bi_io_vec;
	rec->idx = bio->bi_iter.bi_idx;
	rec->done = bio->bi_iter.bi_bvec_done;
	rec->rounds = rounds;
	io->loop_cpu = cpu;
	/* A completion clears only what it finds there. */
	WRITE_ONCE(rec->io, io);
	put_cpu();
	return true;
}

/* The clone of @io, sent to a stacked path, completed: any context. */
void mqp_loop_done(struct mqp_dev *dev, struct mqp_io *io)
{
	if (io->loop_cpu == MQP_LOOP_NONE)
		return;
	cmpxchg(&per_cpu_ptr(dev->loop, io->loop_cpu)->io, io, NULL);
}

/*
 * Someone opened the disk exclusively: a stacking driver loading a
 * table, maybe, which links itself as a holder right after the open
 * returns. Walk the stacked paths once it had the time to, unless the
 * admin turned the checker off (no probe interval).
 */
void mqp_loop_opened(struct mqp_dev *dev)
{
	if (READ_ONCE(dev->probe_interval_ms))
		queue_delayed_work(mqp_probe_wq, &dev->loop_work, HZ / 10);
}
