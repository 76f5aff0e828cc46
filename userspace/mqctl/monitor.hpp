// SPDX-License-Identifier: GPL-2.0-only
// mqctl monitor: follows the multicast "events" groups of mqnull and mqpath.
#pragma once

#include "mqctl/cli.hpp"

#include <ostream>

namespace mq::ctl {

// Prints events until SIGINT/SIGTERM, --count or --timeout; flushes after
// each line. Throws nl::FamilyMissing when a requested module is not loaded.
void run_monitor(const Invocation& inv, std::ostream& out);

} // namespace mq::ctl
