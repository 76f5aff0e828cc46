// SPDX-License-Identifier: GPL-2.0-only
/*
 * tcg-window SECONDS [STAT...]: opens the counting window of tcg-sharing.so
 * (a QEMU TCG plugin) for SECONDS of guest time, sleeping, and prints the
 * IOs that completed meanwhile: the reads and writes of the block stat
 * files given (/sys/class/block/DEV/stat), read right before the window
 * opens and right after it closes, so that no fork or exec of the caller's
 * lands inside. Without the plugin the markers are no-ops.
 *
 * Static: it runs in a guest that sees the host's files, with nothing
 * loaded but itself inside the window.
 */
#include "marker.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define STR_(x) #x
#define STR(x) STR_(x)

/* Completed reads + writes of the stat files; -1 when one is unreadable. */
static long long ios(int n, char **files)
{
	long long sum = 0;

	for (int i = 0; i < n; i++) {
		unsigned long long st[5];
		FILE *f = fopen(files[i], "r");

		if (!f)
			return -1;
		if (fscanf(f, "%llu %llu %llu %llu %llu", &st[0], &st[1], &st[2],
			   &st[3], &st[4]) != 5) {
			fclose(f);
			return -1;
		}
		fclose(f);
		sum += (long long)(st[0] + st[4]);
	}
	return sum;
}

int main(int argc, char **argv)
{
	char *end;
	double secs;
	struct timespec ts;
	long long before, after;

	if (argc < 2 || (secs = strtod(argv[1], &end)) <= 0 || *end) {
		fprintf(stderr, "usage: tcg-window SECONDS [STAT...]\n");
		return 2;
	}
	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
	before = ios(argc - 2, argv + 2);
	__asm__ volatile(".byte 0x0f, 0x1f, 0x84, 0x00\n\t.long " STR(MQ_MARK_START)
			 ::: "memory");
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
	__asm__ volatile(".byte 0x0f, 0x1f, 0x84, 0x00\n\t.long " STR(MQ_MARK_STOP)
			 ::: "memory");
	after = ios(argc - 2, argv + 2);
	if (before < 0 || after < 0) {
		fprintf(stderr, "tcg-window: cannot read the stat files\n");
		return 1;
	}
	printf("ios=%lld\n", after - before);
	return 0;
}
