// SPDX-License-Identifier: GPL-2.0-only
// mqctl monitor: follows the multicast "events" groups of mqnull and mqpath.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace mq::ctl {

struct MonitorOptions {
    std::string command; // "monitor", "null events": names it in warnings
    bool json = false;
    bool watch_null = false;
    bool watch_mpath = false;
    bool watch_loaded = false; // no module named: follow the loaded ones
    bool timestamps = false;
    std::optional<std::uint64_t> count;      // stop after this many events
    std::optional<std::uint64_t> timeout_ns; // stop after this long
    bool operator==(const MonitorOptions&) const = default;
};

// Prints events until SIGINT/SIGTERM, --count or --timeout; flushes after
// each line. Throws nl::FamilyMissing when a requested module is not loaded.
void run_monitor(const MonitorOptions& inv, std::ostream& out);

} // namespace mq::ctl
