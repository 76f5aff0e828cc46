// SPDX-License-Identifier: GPL-2.0-only
// mqctl apply: a declarative set-up file brought about idempotently.
#pragma once

#include "mqctl/cli.hpp"

#include <ostream>

namespace mq::ctl {

void run_apply(const Invocation& inv, std::ostream& out);

} // namespace mq::ctl
