// SPDX-License-Identifier: GPL-2.0-only
// mqctl apply: a declarative set-up file brought about idempotently.
#pragma once

#include "mqctl/kernel.hpp"

#include <ostream>
#include <string>

namespace mq::ctl {

struct ApplyOptions {
    std::string file; // '-': standard input
    bool dry_run = false;
    bool recreate = false;
    bool json = false;
};

void run_apply(const ApplyOptions& opts, Kernel& kernel, std::ostream& out);

} // namespace mq::ctl
