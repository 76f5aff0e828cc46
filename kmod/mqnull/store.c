// SPDX-License-Identifier: GPL-2.0
/*
 * mqnull memory backing.
 *
 * The namespace is cut into PAGE_SIZE chunks, each a page in an xarray keyed
 * by chunk number, allocated on first write. in-tree null_blk serialises
 * every IO of a device on one spinlock; here no lock shared between CPUs is
 * taken on the read path or on writes to chunks that exist:
 *
 *  - reads look the page up with xa_load() under rcu_read_lock() and copy
 *    from it, or zero-fill when the chunk was never written;
 *  - writes look up the same way; only a first write to a chunk allocates a
 *    page, fills it (the write's data, zeroes around it: a whole-chunk write
 *    zeroes nothing) and then publishes it with a compare-and-exchange on
 *    the xarray, so a reader never sees a page before its data (the loser
 *    of a race frees its page and writes into the winner's);
 *  - discard and write-zeroes erase whole chunks from the xarray and free
 *    their pages after an RCU grace period, as a reader may still be copying
 *    from them; partial chunks are zeroed in place.
 *
 * Flush and FUA need nothing: the memory is the medium, and a write is in it
 * before the request completes. Concurrent overlapping writes, or writes
 * racing a discard of the same blocks, end in an unspecified mix, as on a
 * real device.
 *
 * The queues are not BLK_MQ_F_BLOCKING, so page and xarray node allocations
 * use GFP_NOWAIT; when they fail, the request is requeued with
 * BLK_STS_RESOURCE and retried by blk-mq.
 */
#include <linux/highmem.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include "mqnull.h"

#define MQNULL_CHUNK_SECTORS	(PAGE_SIZE >> SECTOR_SHIFT)
#define MQNULL_GFP		(GFP_NOWAIT | __GFP_NOWARN)

void mqnull_store_init(struct mqnull_store *store)
{
	/* The IO path may run with interrupts disabled. */
	xa_init_flags(&store->pages, XA_FLAGS_LOCK_IRQ);
	atomic_long_set(&store->nr_pages, 0);
}

/* Only once no IO can reach the store: every path disk is gone. */
void mqnull_store_free(struct mqnull_store *store)
{
	struct page *page;
	unsigned long idx;

	xa_for_each(&store->pages, idx, page) {
		__free_page(page);
		cond_resched();
	}
	xa_destroy(&store->pages);
	atomic_long_set(&store->nr_pages, 0);
}

static void mqnull_page_free_rcu(struct rcu_head *head)
{
	__free_page(container_of(head, struct page, rcu_head));
}

/*
 * First write to chunk @idx: a new page holding @len bytes of @buf at @off
 * and zeroes elsewhere, published only once filled. Returns NULL when out
 * of memory, the page if ours went in (@filled set), else the page another
 * first write published meanwhile, which the caller still has to write.
 */
static struct page *mqnull_store_insert(struct mqnull_store *store,
					unsigned long idx, unsigned int off,
					const void *buf, unsigned int len,
					bool *filled)
{
	struct page *page, *old;
	unsigned long flags;
	void *addr;

	/* Not __GFP_ZERO: most first writes cover the whole chunk. */
	page = alloc_page(MQNULL_GFP);
	if (!page)
		return NULL;
	addr = page_address(page);
	memset(addr, 0, off);
	memcpy(addr + off, buf, len);
	memset(addr + off + len, 0, PAGE_SIZE - off - len);

	/* The xarray's store is a release: the data is seen before the page. */
	xa_lock_irqsave(&store->pages, flags);
	old = __xa_cmpxchg(&store->pages, idx, NULL, page, MQNULL_GFP);
	xa_unlock_irqrestore(&store->pages, flags);

	if (!old) {
		atomic_long_inc(&store->nr_pages);
		*filled = true;
		return page;
	}
	__free_page(page);
	if (xa_is_err(old))
		return NULL;
	/* Lost a race with another first write to this chunk. */
	return old;
}

/*
 * Copy @len bytes at @off of chunk @idx into or out of @buf. A page found or
 * inserted is used only inside one RCU read-side section: a discard racing
 * on the same chunk may erase it at any time, and frees it only after that.
 */
static blk_status_t mqnull_store_copy(struct mqnull_store *store,
				      unsigned long idx, unsigned int off,
				      void *buf, unsigned int len, bool write)
{
	blk_status_t sts = BLK_STS_OK;
	bool filled = false;
	struct page *page;

	rcu_read_lock();
	page = xa_load(&store->pages, idx);
	if (write) {
		if (!page)
			page = mqnull_store_insert(store, idx, off, buf, len,
						   &filled);
		if (!page)
			sts = BLK_STS_RESOURCE;
		else if (!filled)
			memcpy(page_address(page) + off, buf, len);
	} else if (page) {
		memcpy(buf, page_address(page) + off, len);
	} else {
		memset(buf, 0, len);
	}
	rcu_read_unlock();
	return sts;
}

static blk_status_t mqnull_store_rw(struct mqnull_store *store,
				    struct request *rq)
{
	bool write = op_is_write(req_op(rq));
	sector_t sector = blk_rq_pos(rq);
	struct req_iterator iter;
	struct bio_vec bvec;
	blk_status_t sts;

	rq_for_each_segment(bvec, rq, iter) {
		unsigned int done = 0;
		void *buf = bvec_kmap_local(&bvec);

		while (done < bvec.bv_len) {
			unsigned long idx = sector / MQNULL_CHUNK_SECTORS;
			unsigned int off = (sector % MQNULL_CHUNK_SECTORS) <<
					   SECTOR_SHIFT;
			unsigned int len = min(bvec.bv_len - done,
					       (unsigned int)PAGE_SIZE - off);

			sts = mqnull_store_copy(store, idx, off, buf + done,
						len, write);
			if (sts) {
				kunmap_local(buf);
				return sts;
			}
			done += len;
			sector += len >> SECTOR_SHIFT;
		}
		if (!write)
			flush_dcache_page(bvec.bv_page);
		kunmap_local(buf);
	}
	return BLK_STS_OK;
}

/* Zero [off, off + len) of chunk @idx in place, if it was ever written. */
static void mqnull_store_zero_part(struct mqnull_store *store,
				   unsigned long idx, unsigned int off,
				   unsigned int len)
{
	struct page *page;

	rcu_read_lock();
	page = xa_load(&store->pages, idx);
	if (page)
		memset(page_address(page) + off, 0, len);
	rcu_read_unlock();
}

/*
 * Pages erased by one lock hold of a discard, freed together after one RCU
 * grace period: a 256 MiB discard would otherwise queue 65,536 callbacks.
 */
#define MQNULL_DROP_BATCH	64

struct mqnull_drop_batch {
	struct rcu_head rcu;
	unsigned int nr;
	struct page *pages[MQNULL_DROP_BATCH];
};

static void mqnull_drop_batch_free_rcu(struct rcu_head *head)
{
	struct mqnull_drop_batch *b = container_of(head,
						   struct mqnull_drop_batch,
						   rcu);
	unsigned int i;

	for (i = 0; i < b->nr; i++)
		__free_page(b->pages[i]);
	kfree(b);
}

/*
 * Erase up to MQNULL_DROP_BATCH written chunks from *@next to @last under
 * one hold of the xarray's lock, so that interrupts are never off for more
 * than a batch. Their pages go to @b when there is one, else each to its
 * own RCU callback. Returns the number erased; *@next moves past them.
 */
static unsigned int mqnull_store_drop_batch(struct mqnull_store *store,
					    unsigned long *next,
					    unsigned long last,
					    struct mqnull_drop_batch *b)
{
	XA_STATE(xas, &store->pages, *next);
	unsigned int nr = 0;
	struct page *page;
	unsigned long flags;

	xas_lock_irqsave(&xas, flags);
	xas_for_each(&xas, page, last) {
		xas_store(&xas, NULL);
		if (b)
			b->pages[b->nr++] = page;
		else
			/*
			 * Not plain call_rcu(): with RCU_LAZY (Debian's
			 * default) it may sit on freed pages for seconds, and
			 * a discard is meant to give the memory back now.
			 */
			call_rcu_hurry(&page->rcu_head, mqnull_page_free_rcu);
		if (++nr == MQNULL_DROP_BATCH)
			break;
	}
	/* Past the last chunk seen; the end of the range when none was left. */
	*next = nr == MQNULL_DROP_BATCH ? xas.xa_index + 1 : last + 1;
	xas_unlock_irqrestore(&xas, flags);
	return nr;
}

/*
 * Drop every written chunk in [first, last]. Readers may still be copying
 * from the pages under rcu_read_lock(), so they are freed after a grace
 * period, one callback per batch. ->queue_rq() of a non-blocking queue runs
 * inside blk-mq's RCU read-side section and must not reschedule, so the
 * batches bound the time with interrupts off, not the request's.
 */
static void mqnull_store_drop(struct mqnull_store *store, unsigned long first,
			      unsigned long last)
{
	unsigned long next = first;
	long freed = 0;

	while (next <= last && next >= first) {
		struct mqnull_drop_batch *b;
		unsigned int nr;

		b = kmalloc(sizeof(*b), MQNULL_GFP);
		if (b)
			b->nr = 0;
		nr = mqnull_store_drop_batch(store, &next, last, b);
		freed += nr;
		if (b && nr)
			call_rcu_hurry(&b->rcu, mqnull_drop_batch_free_rcu);
		else
			kfree(b);
		if (!nr)
			break;
	}
	atomic_long_sub(freed, &store->nr_pages);
}

/* Discard and write-zeroes: what follows reads as zeroes. */
static void mqnull_store_zero(struct mqnull_store *store, sector_t sector,
			      sector_t nr)
{
	sector_t end = sector + nr;
	unsigned long first, last;

	/* Leading partial chunk. */
	if (sector % MQNULL_CHUNK_SECTORS) {
		sector_t stop = min(end, round_up(sector + 1,
						  MQNULL_CHUNK_SECTORS));

		mqnull_store_zero_part(store, sector / MQNULL_CHUNK_SECTORS,
				       (sector % MQNULL_CHUNK_SECTORS) <<
				       SECTOR_SHIFT,
				       (stop - sector) << SECTOR_SHIFT);
		sector = stop;
	}
	if (sector >= end)
		return;

	/* Trailing partial chunk. */
	if (end % MQNULL_CHUNK_SECTORS) {
		sector_t start = max(sector, round_down(end,
							MQNULL_CHUNK_SECTORS));

		mqnull_store_zero_part(store, start / MQNULL_CHUNK_SECTORS, 0,
				       (end - start) << SECTOR_SHIFT);
		end = start;
	}
	if (sector >= end)
		return;

	first = sector / MQNULL_CHUNK_SECTORS;
	last = end / MQNULL_CHUNK_SECTORS - 1;
	mqnull_store_drop(store, first, last);
}

blk_status_t mqnull_store_rq(struct mqnull_store *store, struct request *rq)
{
	switch (req_op(rq)) {
	case REQ_OP_READ:
	case REQ_OP_WRITE:
		return mqnull_store_rw(store, rq);
	case REQ_OP_DISCARD:
	case REQ_OP_WRITE_ZEROES:
		mqnull_store_zero(store, blk_rq_pos(rq), blk_rq_sectors(rq));
		return BLK_STS_OK;
	case REQ_OP_FLUSH:
		return BLK_STS_OK;
	default:
		return BLK_STS_NOTSUPP;
	}
}
