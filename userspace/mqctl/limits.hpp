// SPDX-License-Identifier: GPL-2.0-only
// The values the modules accept for what mqctl sends, so that the command
// line and apply files refuse a value out of range before any request,
// naming the option or field. They follow the families' specs
// (netlink/specs/*.yaml: the kernel's policies are generated from their
// checks) and the checks of kmod/mqnull/netlink.c and kmod/mqpath/netlink.c;
// tests/unit/netlink_spec_test.cpp compares them with the specs.
#pragma once

#include <cstdint>
#include <string>
#include <uapi/mqnull.h>
#include <uapi/mqpath.h>

namespace mq::ctl {

// min..max, and 0 as well when zero_ok (0 = off, or the module's default).
struct Limit {
    std::uint64_t min = 0;
    std::uint64_t max = UINT64_MAX;
    bool zero_ok = false;

    [[nodiscard]] constexpr bool contains(std::uint64_t v) const {
        return (zero_ok && v == 0) || (v >= min && v <= max);
    }
};

namespace limits {

constexpr std::uint64_t kNsPerSec = 1000ULL * 1000 * 1000;
constexpr std::uint64_t kMsPerDay = 24ULL * 3600 * 1000;

// mqnull: NS_CREATE, and the namespace and path ids of every command.
constexpr Limit kNsId{1, 65535}; // MQNULL_MAX_NS_ID; 0 would let the module pick
constexpr Limit kNsSize{512, 1ULL << 50};
constexpr Limit kNsLogicalBs{512, 4096};
constexpr Limit kNsPhysicalBs{512, 65536};
constexpr Limit kNsPaths{1, MQNULL_MAX_PATHS};
constexpr Limit kNsQueues{0, 1024}; // also at most one per CPU: the module checks
constexpr Limit kNsDepth{1, 4096};
constexpr Limit kNsCompletionNs{0, 10 * kNsPerSec};
constexpr Limit kNsPathId{0, MQNULL_MAX_PATHS - 1};
// mqnull: PATH_SET
constexpr Limit kLatencyNs{0, 60 * kNsPerSec};
constexpr Limit kErrorPpm{0, 1000000};

// mqpath
constexpr Limit kDevId{0, MQPATH_MAX_DEVS - 1};
constexpr Limit kDevLogicalBs{512, 4096, true}; // 0: the first path's
constexpr Limit kDevMs{0, kMsPerDay};           // no-path timeout, freeze warning
constexpr Limit kProbeMs{100, kMsPerDay, true}; // 0: no probing
constexpr Limit kMarginalCount{0, 1000};        // 0: no marginal paths
constexpr Limit kMpathPathId{0, MQPATH_MAX_PATHS - 1};
constexpr Limit kPriority{0, UINT32_MAX};

constexpr Limit kU32{0, UINT32_MAX};

} // namespace limits

// How a value is written back in a message: "17", "1G", "10s".
enum class Unit { count, size, ns, ms };

// "1.5K" for Unit::size and so on.
std::string format_value(std::uint64_t v, Unit unit);

// "17 is out of range (1..16)", "10ms is out of range (0, or
// 100ms..86400s)"; the value and bounds written in `unit`.
std::string out_of_range(std::uint64_t v, const Limit& limit, Unit unit);
// The same with the value as the user wrote it ("4294967296").
std::string out_of_range(const std::string& shown, const Limit& limit, Unit unit);

} // namespace mq::ctl
