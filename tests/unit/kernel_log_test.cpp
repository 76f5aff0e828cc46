// SPDX-License-Identifier: GPL-2.0-only
// The kernel-log gate decides whether a guest run passed: it must catch
// every kind of report and must not trip on the lines a clean boot prints.
#include "mqvm/kernel_log.hpp"

#include <gtest/gtest.h>

namespace {

using mq::check_kernel_log;
using mq::check_kmemleak;

TEST(KernelLog, CleanBootLinesPass) {
    const char* log = "[    0.000000] Linux version 6.12.117+deb12-amd64\n"
                      "[    0.100000] Lock dependency validator: Copyright (c) 2006 Red Hat\n"
                      "[    0.100001] ... MAX_LOCKDEP_SUBCLASSES:  8\n"
                      "[    2.154665] rcu: \tRCU lockdep checking is enabled.\n"
                      "[    1.000000] mqnull: loading out-of-tree module taints kernel.\n"
                      "[    1.000001] mqnull: module verification failed: signature and/or "
                      "required key missing - tainting kernel\n"
                      "[    2.000000] kmemleak: Kernel memory leak detector initialized\n"
                      "[    2.000001] kmemleak: 2 new suspected memory leaks (see "
                      "/sys/kernel/debug/kmemleak)\n"
                      "[    2.000001] null_blk: disk nullb0 created\n";
    EXPECT_TRUE(check_kernel_log(log).empty());
}

struct Case {
    const char* line;
    const char* kind;
};

class KernelLogReports : public testing::TestWithParam<Case> {};

TEST_P(KernelLogReports, IsCaughtWithItsKindAndLine) {
    const std::string log = std::string("[    1.0] fine\n[    2.5] ") + GetParam().line + "\n";
    const auto findings = check_kernel_log(log);
    ASSERT_EQ(findings.size(), 1U) << GetParam().line;
    EXPECT_EQ(findings[0].kind, GetParam().kind);
    EXPECT_EQ(findings[0].line_no, 2U);
    EXPECT_EQ(findings[0].line, std::string("[    2.5] ") + GetParam().line);
}

INSTANTIATE_TEST_SUITE_P(
    EveryKind, KernelLogReports,
    testing::Values(
        Case{"BUG: kernel NULL pointer dereference, address: 0000000000000008", "BUG"},
        Case{"WARNING: CPU: 1 PID: 42 at drivers/block/mqnull/path.c:10 f+0x1/0x2", "WARNING"},
        Case{"------------[ cut here ]------------", "WARNING"},
        Case{"Oops: 0000 [#1] PREEMPT SMP NOPTI", "oops"},
        Case{"Oops: int3: 0000 [#1] SMP", "oops"},
        Case{"general protection fault, probably for non-canonical address", "oops"},
        Case{"Kernel panic - not syncing: Fatal exception", "oops"},
        Case{"Call Trace:", "Call Trace"}, Case{"INFO: lockdep is turned off.", "lockdep"},
        Case{"possible circular locking dependency detected", "lockdep"},
        Case{"inconsistent lock state", "lockdep"},
        Case{"turning off the locking correctness validator.", "lockdep"},
        Case{"WARNING: suspicious RCU usage", "WARNING"}, Case{"suspicious RCU usage", "lockdep"},
        Case{"BUG: MAX_LOCKDEP_CHAINS too low!", "BUG"},
        Case{"MAX_LOCKDEP_KEYS too low!", "lockdep"},
        Case{"BUG: KASAN: slab-use-after-free in mqpath_end_io+0x10/0x20", "BUG"},
        Case{"KASAN: null-ptr-deref in range [0x0-0x7]", "KASAN"},
        Case{"UBSAN: shift-out-of-bounds in mqnull/store.c:12:5", "UBSAN"},
        Case{"INFO: task fio:123 blocked for more than 120 seconds.", "hung task"},
        Case{"watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [fio:99]", "BUG"},
        Case{"NMI watchdog: Watchdog detected hard LOCKUP on cpu 1", "soft lockup"},
        Case{"rcu: INFO: rcu_preempt self-detected stall on CPU", "RCU stall"}));

TEST(KernelLog, CountsEveryOffendingLine) {
    const char* log = "------------[ cut here ]------------\n"
                      "WARNING: CPU: 0 PID: 1 at fake.c:1 f+0x0/0x1\n"
                      "Modules linked in: mqnull\n"
                      "Call Trace:\n";
    const auto findings = check_kernel_log(log);
    ASSERT_EQ(findings.size(), 3U);
    EXPECT_EQ(findings[0].line_no, 1U);
    EXPECT_EQ(findings[1].line_no, 2U);
    EXPECT_EQ(findings[2].line_no, 4U);
}

TEST(Kmemleak, OnlyOurModulesCount) {
    const char* report = "unreferenced object 0xffff888100000000 (size 64):\n"
                         "  comm \"swapper/0\", pid 1, jiffies 4294667296\n"
                         "  backtrace (crc 0):\n"
                         "    kmalloc_trace+0x1/0x2\n"
                         "    acpi_os_map+0x3/0x4\n"
                         "unreferenced object 0xffff888100001000 (size 128):\n"
                         "  backtrace (crc 0):\n"
                         "    __kmalloc+0x1/0x2\n"
                         "    mqnull_ns_create+0x5/0x6 [mqnull]\n";
    const auto findings = check_kmemleak(report, {"mqnull", "mqpath"});
    ASSERT_EQ(findings.size(), 1U);
    EXPECT_EQ(findings[0].line_no, 6U);
    EXPECT_EQ(findings[0].kind, "kmemleak");
    EXPECT_TRUE(check_kmemleak(report, {"mqpath"}).empty());
}

} // namespace
