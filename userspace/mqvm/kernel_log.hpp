// SPDX-License-Identifier: GPL-2.0-only
// The kernel-log gate: a guest run fails on any report that a kernel
// developer would stop at, even when the command under test succeeded.
// One implementation serves the host runner (mqvm) and the guest
// test driver (`mqbench check-log`), so the two cannot disagree.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mq {

struct LogFinding {
    size_t line_no = 0; // 1-based line in the checked text
    std::string kind;   // "WARNING", "lockdep", "KASAN", ...
    std::string line;   // the offending line as it was logged
};

// Scans a kernel log (dmesg or console output) line by line.
std::vector<LogFinding> check_kernel_log(std::string_view log);

// Scans /sys/kernel/debug/kmemleak output: an unreferenced object counts
// only when its backtrace runs through one of `modules` ("mqnull", ...),
// since the base kernel's own leaks are not ours to gate on.
std::vector<LogFinding> check_kmemleak(std::string_view report,
                                       const std::vector<std::string>& modules);

// Human-readable block: one line per finding, for the runner's stderr.
std::string format_findings(const std::vector<LogFinding>& findings);

} // namespace mq
