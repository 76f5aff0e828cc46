// SPDX-License-Identifier: GPL-2.0-only
#include "kernel_log.hpp"

#include <array>
#include <regex>
#include <sstream>

namespace mq {

namespace {

struct Rule {
    const char* kind;
    std::regex pattern;
};

// Matched against the message text, after the "[ time]" prefix. Each rule
// names a report the kernel prints when something is wrong; none matches a
// boot banner (lockdep's banner is "Lock dependency validator", upper case).
const std::vector<Rule>& rules() {
    static const std::vector<Rule> all = {
        {"BUG", std::regex(R"(\bBUG: )")},
        {"WARNING", std::regex(R"(\bWARNING: |-+\[ cut here \]-+)")},
        {"oops", std::regex(R"(\bOops\b|general protection fault|Kernel panic)")},
        {"Call Trace", std::regex(R"(\bCall Trace:)")},
        // lockdep's reports by their titles, not the bare word: the debug
        // kernel's banner says "RCU lockdep checking is enabled".
        {"lockdep", std::regex(R"(lockdep is turned off|turning off the locking correctness|)"
                               R"(possible (circular|recursive) locking|)"
                               R"(inconsistent lock state|DEBUG_LOCKS_WARN_ON|)"
                               R"(suspicious RCU usage|bad unlock balance|held lock freed|)"
                               R"(lock held when returning to user|MAX_LOCKDEP_\w+ too low)")},
        {"KASAN", std::regex(R"(\bKASAN: )")},
        {"UBSAN", std::regex(R"(\bUBSAN: )")},
        {"hung task", std::regex(R"(blocked for more than \d+ seconds|hung_task)")},
        {"soft lockup", std::regex(R"(soft lockup|hard LOCKUP)")},
        {"RCU stall", std::regex(R"(rcu.*detected stalls|self-detected stall)")},
        // kmemleak's "N new suspected memory leaks" is not a rule: the base
        // kernel leaks too, so only check_kmemleak() decides, by module.
    };
    return all;
}

std::string_view strip_timestamp(std::string_view line) {
    if (!line.empty() && line.front() == '[') {
        if (const auto end = line.find(']'); end != std::string_view::npos) {
            line.remove_prefix(end + 1);
        }
    }
    while (!line.empty() && line.front() == ' ') {
        line.remove_prefix(1);
    }
    return line;
}

template <typename Fn> void for_each_line(std::string_view text, Fn&& fn) {
    size_t line_no = 0;
    while (!text.empty()) {
        const auto eol = text.find('\n');
        std::string_view line = text.substr(0, eol);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        fn(++line_no, line);
        if (eol == std::string_view::npos) {
            break;
        }
        text.remove_prefix(eol + 1);
    }
}

} // namespace

std::vector<LogFinding> check_kernel_log(std::string_view log) {
    std::vector<LogFinding> findings;
    for_each_line(log, [&](size_t line_no, std::string_view line) {
        const std::string message(strip_timestamp(line));
        for (const auto& rule : rules()) {
            if (std::regex_search(message, rule.pattern)) {
                findings.push_back({line_no, rule.kind, std::string(line)});
                break;
            }
        }
    });
    return findings;
}

std::vector<LogFinding> check_kmemleak(std::string_view report,
                                       const std::vector<std::string>& modules) {
    // Blocks start with "unreferenced object 0x... (size N):" and hold a
    // "backtrace" whose frames name their module as "[name]".
    std::vector<LogFinding> findings;
    LogFinding current;
    bool ours = false;
    auto flush = [&] {
        if (!current.line.empty() && ours) {
            findings.push_back(current);
        }
        current = {};
        ours = false;
    };
    for_each_line(report, [&](size_t line_no, std::string_view line) {
        if (line.find("unreferenced object") != std::string_view::npos) {
            flush();
            current = {line_no, "kmemleak", std::string(line)};
            return;
        }
        for (const auto& module : modules) {
            if (line.find("[" + module + "]") != std::string_view::npos) {
                ours = true;
            }
        }
    });
    flush();
    return findings;
}

std::string format_findings(const std::vector<LogFinding>& findings) {
    std::ostringstream out;
    for (const auto& finding : findings) {
        out << "  line " << finding.line_no << " [" << finding.kind << "]: " << finding.line
            << '\n';
    }
    return out.str();
}

} // namespace mq
