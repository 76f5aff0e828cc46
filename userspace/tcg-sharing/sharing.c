// SPDX-License-Identifier: GPL-2.0-only
/*
 * A QEMU TCG plugin that counts, inside a window the guest opens and
 * closes, how much the vCPUs share: a host-independent figure for "an IO
 * touches no shared cache line".
 *
 *   -plugin file=tcg-sharing.so,out=FILE
 *
 * The guest opens and closes the window by executing two multi-byte NOPs
 * (tcg-window.c): 0f 1f 84 00 followed by a 32-bit displacement of
 * MQ_MARK_START or MQ_MARK_STOP. At the stop the plugin appends one line of
 * key=value counts to FILE before the guest executes another instruction,
 * so that the guest can read it at once through a share of the host.
 *
 * Counted inside the window, on all vCPUs, kernel and user mode apart
 * (an instruction at an address with bit 63 set is the kernel's):
 *   insns         executed instructions
 *   lock          executed instructions with a LOCK (f0) prefix
 *   xchg          executed XCHG with a memory operand (86/87, ModRM mod
 *                 != 3) without the prefix: x86 locks them implicitly
 *   mem           memory accesses (loads and stores, MMIO included)
 *   wchg          writer changes: a store to a 64-byte line of RAM whose
 *                 previous store (in the window) came from another vCPU
 *   rremote       remote reads: a load of a line whose last writer (in the
 *                 window) is another vCPU and that this vCPU has not read
 *                 since that write
 * Lines are physical (qemu_plugin_hwaddr_phys_addr), so two virtual
 * mappings of one page are one line. MMIO accesses are not lines.
 *   switches      memory accesses by another vCPU than the one before: the
 *                 vCPU switches of QEMU's round robin. Under it a line both
 *                 vCPUs store to changes writer once per switch, not once
 *                 per store, so a writer change count is "lines that moved
 *                 per switch" times switches: zero when nothing is shared,
 *                 and a lower bound of what parallel CPUs would see.
 *
 * Every instruction is instrumented from the start, and the callbacks
 * return at once outside the window. Instrumenting the window only, by
 * flushing QEMU's translations at its edges (qemu_plugin_reset), would
 * make the rest of the boot faster, but QEMU 7.2 then aborts now and then ("code should not
 * be reached" in qemu_plugin_vcpu_mem_cb): a vCPU's pointer to the memory
 * callbacks of a helper-calling instruction outlives the flush that frees
 * them. The inline counters run always; the start zeroes them.
 *
 * Counts are deterministic only when the vCPUs run one at a time (QEMU's
 * -icount, as mqbench's icount accel): the counters are plain globals,
 * which MTTCG would race on.
 */
#include <qemu-plugin.h>

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#include "marker.h"

#define LINE_SHIFT 6
#define CHUNK_SHIFT 21 /* 2 MiB of RAM per chunk of the line table */
#define CHUNK_LINES (1u << (CHUNK_SHIFT - LINE_SHIFT))
#define TOP_CHUNKS (1u << 19) /* 1 TiB of physical address space */
#define MAX_VCPUS 32          /* a reader set is a uint32_t */

enum mode { USER, KERNEL, MODES };

struct counts {
	uint64_t insns[MODES];
	uint64_t lock[MODES];
	uint64_t xchg[MODES];
	uint64_t mem[MODES];
	uint64_t wchg[MODES];
	uint64_t rremote[MODES];
};

/* One chunk of the line table: who wrote each line last, who read it since. */
struct chunk {
	uint8_t writer[CHUNK_LINES]; /* vCPU + 1; 0: no store in the window */
	uint32_t readers[CHUNK_LINES];
};

static const char *out_path;
static bool window_open;
static unsigned long windows;
static uint64_t untracked; /* RAM above the table's reach */
static uint64_t switches;
static unsigned int last_vcpu;
static struct counts counts;
static struct chunk **table;

/* The instrumentation's user data: a mode, as a pointer. */
static void *mode_data(enum mode m)
{
	return (void *)(uintptr_t)m;
}

static enum mode data_mode(void *udata)
{
	return (enum mode)(uintptr_t)udata;
}

static struct chunk *chunk_of(uint64_t phys)
{
	uint64_t top = phys >> CHUNK_SHIFT;

	if (top >= TOP_CHUNKS)
		return NULL;
	if (!table[top]) {
		table[top] = calloc(1, sizeof(*table[top]));
		if (!table[top]) {
			qemu_plugin_outs("tcg-sharing: out of memory\n");
			abort();
		}
	}
	return table[top];
}

static void mem_cb(unsigned int vcpu, qemu_plugin_meminfo_t info,
		   uint64_t vaddr, void *udata)
{
	struct qemu_plugin_hwaddr *hw = qemu_plugin_get_hwaddr(info, vaddr);
	enum mode m = data_mode(udata);
	struct chunk *c;
	uint64_t phys;
	uint32_t line, me;

	if (!window_open)
		return;
	counts.mem[m]++;
	if (vcpu != last_vcpu) {
		switches++;
		last_vcpu = vcpu;
	}
	if (!hw || qemu_plugin_hwaddr_is_io(hw))
		return;
	phys = qemu_plugin_hwaddr_phys_addr(hw);
	c = chunk_of(phys);
	if (!c) {
		untracked++;
		return;
	}
	line = (uint32_t)((phys >> LINE_SHIFT) & (CHUNK_LINES - 1));
	me = 1u << vcpu;
	if (qemu_plugin_mem_is_store(info)) {
		if (c->writer[line] && c->writer[line] != vcpu + 1)
			counts.wchg[m]++;
		c->writer[line] = (uint8_t)(vcpu + 1);
		c->readers[line] = 0;
	} else if (c->writer[line] && c->writer[line] != vcpu + 1 &&
		   !(c->readers[line] & me)) {
		counts.rremote[m]++;
		c->readers[line] |= me;
	}
}

static void write_counts(void)
{
	FILE *f = fopen(out_path, "a");

	if (!f) {
		qemu_plugin_outs("tcg-sharing: cannot open the output file\n");
		return;
	}
	fprintf(f, "window=%lu", windows);
#define PUT(name)                                                            \
	fprintf(f, " " #name "=%" PRIu64 " " #name "_kernel=%" PRIu64,       \
		counts.name[USER] + counts.name[KERNEL], counts.name[KERNEL])
	PUT(insns);
	PUT(lock);
	PUT(xchg);
	PUT(mem);
	PUT(wchg);
	PUT(rremote);
#undef PUT
	fprintf(f, " switches=%" PRIu64 " untracked=%" PRIu64 "\n", switches,
		untracked);
	/* Closed before the guest runs on: it reads the file next. */
	fclose(f);
}

static void marker_cb(unsigned int vcpu, void *udata)
{
	const bool start = (uintptr_t)udata == MQ_MARK_START;

	if (start == window_open)
		return; /* a second start, or a stop without a start */
	if (start) {
		memset(&counts, 0, sizeof(counts));
		untracked = 0;
		switches = 0;
		last_vcpu = vcpu;
		for (uint32_t i = 0; i < TOP_CHUNKS; i++)
			if (table[i])
				memset(table[i], 0, sizeof(*table[i]));
	} else {
		windows++;
		write_counts();
	}
	window_open = start;
}

/* The marker's displacement, if INSN is one. */
static uint32_t marker_of(struct qemu_plugin_insn *insn)
{
	const uint8_t *b = qemu_plugin_insn_data(insn);
	uint32_t magic;

	if (qemu_plugin_insn_size(insn) != 8 || b[0] != 0x0f || b[1] != 0x1f ||
	    b[2] != 0x84 || b[3] != 0x00)
		return 0;
	memcpy(&magic, b + 4, sizeof(magic));
	return magic == MQ_MARK_START || magic == MQ_MARK_STOP ? magic : 0;
}

/*
 * The legacy prefixes (any order, any number), then REX in 64-bit mode,
 * then the opcode. Returns 1 for a LOCK prefix, 2 for an XCHG with a
 * memory operand without one, 0 otherwise.
 */
static int locked_kind(struct qemu_plugin_insn *insn)
{
	const uint8_t *b = qemu_plugin_insn_data(insn);
	size_t n = qemu_plugin_insn_size(insn), i = 0;
	bool lock = false;

	for (; i < n; i++) {
		switch (b[i]) {
		case 0xf0:
			lock = true;
			continue;
		case 0xf2: case 0xf3: case 0x2e: case 0x36: case 0x3e:
		case 0x26: case 0x64: case 0x65: case 0x66: case 0x67:
			continue;
		}
		break;
	}
	if (lock)
		return 1;
	if (i < n && (b[i] & 0xf0) == 0x40)
		i++; /* REX */
	if (i + 1 < n && (b[i] == 0x86 || b[i] == 0x87) && (b[i + 1] >> 6) != 3)
		return 2;
	return 0;
}

static void tb_trans_cb(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);
	enum mode m = (qemu_plugin_tb_vaddr(tb) >> 63) ? KERNEL : USER;

	(void)id;
	qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64,
						 &counts.insns[m], n);
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		uint32_t magic = marker_of(insn);

		if (magic) {
			qemu_plugin_register_vcpu_insn_exec_cb(
				insn, marker_cb, QEMU_PLUGIN_CB_NO_REGS,
				(void *)(uintptr_t)magic);
			continue;
		}
		switch (locked_kind(insn)) {
		case 1:
			qemu_plugin_register_vcpu_insn_exec_inline(
				insn, QEMU_PLUGIN_INLINE_ADD_U64, &counts.lock[m], 1);
			break;
		case 2:
			qemu_plugin_register_vcpu_insn_exec_inline(
				insn, QEMU_PLUGIN_INLINE_ADD_U64, &counts.xchg[m], 1);
			break;
		}
		qemu_plugin_register_vcpu_mem_cb(insn, mem_cb, QEMU_PLUGIN_CB_NO_REGS,
						 QEMU_PLUGIN_MEM_RW, mode_data(m));
	}
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	for (int i = 0; i < argc; i++) {
		if (strncmp(argv[i], "out=", 4) == 0) {
			out_path = argv[i] + 4;
		} else {
			fprintf(stderr, "tcg-sharing: unknown option %s (out=FILE)\n",
				argv[i]);
			return -1;
		}
	}
	if (!out_path) {
		fprintf(stderr, "tcg-sharing: out=FILE is required\n");
		return -1;
	}
	if (!info->system_emulation || strcmp(info->target_name, "x86_64") != 0 ||
	    info->system.max_vcpus > MAX_VCPUS) {
		fprintf(stderr, "tcg-sharing: x86_64 system emulation with at most %d vCPUs only\n",
			MAX_VCPUS);
		return -1;
	}
	table = calloc(TOP_CHUNKS, sizeof(*table));
	if (!table)
		return -1;
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans_cb);
	return 0;
}
