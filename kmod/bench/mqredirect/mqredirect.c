// SPDX-License-Identifier: GPL-2.0
/*
 * mqredirect: for the benchmark only (target redirect-floor of mqbench),
 * never loaded outside it. One bio-based disk, mqredirect0, over one disk
 * named by the module parameter "path": its ->submit_bio points the bio at
 * that disk and sends it on, with no clone, no reference and no failover.
 * It is what the block layer's re-entry costs any bio-based stacking
 * device on this kernel: the floor mqpath is measured against.
 *
 * IO accounting is on by default, as on mqpath: counting a bio until it
 * completes needs its completion, so the bio's end_io and private are kept
 * in a small object from a slab cache (the least per-bio state possible)
 * and put back before the bio completes. acct=0 leaves accounting off and
 * the bio untouched: a bare redirect.
 */
#include <linux/blkdev.h>
#include <linux/module.h>
#include <linux/slab.h>

static char *path;
module_param(path, charp, 0444);
MODULE_PARM_DESC(path, "the disk to redirect to (e.g. /dev/mqnull0c0)");

static bool acct = true;
module_param(acct, bool, 0444);
MODULE_PARM_DESC(acct, "IO accounting on the redirecting disk (default on)");

struct mqr_acct {
	bio_end_io_t *end_io;
	void *private;
	unsigned long start;
};

static struct file *mqr_file;
static struct gendisk *mqr_disk;
static struct kmem_cache *mqr_cache;

static void mqr_end_io(struct bio *bio)
{
	struct mqr_acct *a = bio->bi_private;

	bio->bi_end_io = a->end_io;
	bio->bi_private = a->private;
	/* Counted on the disk it came to, not the one it went to. */
	bio_end_io_acct_remapped(bio, a->start, mqr_disk->part0);
	kmem_cache_free(mqr_cache, a);
	bio_endio(bio);
}

static void mqr_submit_bio(struct bio *bio)
{
	struct mqr_acct *a;

	if (acct && bio_has_data(bio)) {
		a = kmem_cache_alloc(mqr_cache, GFP_NOIO | __GFP_NOWARN);
		if (unlikely(!a)) {
			bio_io_error(bio);
			return;
		}
		a->end_io = bio->bi_end_io;
		a->private = bio->bi_private;
		a->start = bio_start_io_acct(bio);
		bio->bi_end_io = mqr_end_io;
		bio->bi_private = a;
	}
	bio_set_dev(bio, file_bdev(mqr_file));
	submit_bio_noacct(bio);
}

static const struct block_device_operations mqr_fops = {
	.owner		= THIS_MODULE,
	.submit_bio	= mqr_submit_bio,
};

static int __init mqr_init(void)
{
	struct queue_limits lim;
	struct block_device *bdev;
	int ret;

	if (!path || !*path) {
		pr_err("mqredirect: no path= given\n");
		return -EINVAL;
	}
	mqr_cache = KMEM_CACHE(mqr_acct, 0);
	if (!mqr_cache)
		return -ENOMEM;
	mqr_file = bdev_file_open_by_path(path, BLK_OPEN_READ | BLK_OPEN_WRITE,
					  &mqr_file, NULL);
	if (IS_ERR(mqr_file)) {
		ret = PTR_ERR(mqr_file);
		pr_err("mqredirect: cannot open %s: %d\n", path, ret);
		goto destroy_cache;
	}
	bdev = file_bdev(mqr_file);

	blk_set_stacking_limits(&lim);
	lim.features |= BLK_FEAT_NOWAIT;
	if (acct)
		lim.features |= BLK_FEAT_IO_STAT;
	queue_limits_stack_bdev(&lim, bdev, 0, "mqredirect0");
	lim.features &= ~(BLK_FEAT_POLL | BLK_FEAT_ZONED);
	mqr_disk = blk_alloc_disk(&lim, NUMA_NO_NODE);
	if (IS_ERR(mqr_disk)) {
		ret = PTR_ERR(mqr_disk);
		goto close;
	}
	mqr_disk->fops = &mqr_fops;
	strscpy(mqr_disk->disk_name, "mqredirect0", DISK_NAME_LEN);
	set_capacity(mqr_disk, bdev_nr_sectors(bdev));
	ret = add_disk(mqr_disk);
	if (ret)
		goto put_disk;
	return 0;

put_disk:
	put_disk(mqr_disk);
close:
	fput(mqr_file);
destroy_cache:
	kmem_cache_destroy(mqr_cache);
	return ret;
}

static void __exit mqr_exit(void)
{
	del_gendisk(mqr_disk);
	put_disk(mqr_disk);
	fput(mqr_file);
	kmem_cache_destroy(mqr_cache);
}

module_init(mqr_init);
module_exit(mqr_exit);
MODULE_DESCRIPTION("mqbench only: a bio-based disk that only redirects");
MODULE_LICENSE("GPL");
