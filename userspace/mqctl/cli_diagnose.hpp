// SPDX-License-Identifier: GPL-2.0-only
// Says what is wrong with a command line CLI11 refused, in the user's
// words: an unknown command at any level or an unknown option, with the
// closest known one ("unknown command 'nul' (did you mean 'null'?)"), or a
// missing command with the ones there are.
#pragma once

#include "mqctl/cli.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mq::ctl {

// nullopt when the command line has none of these problems (CLI11's own
// message then stands). args excludes argv[0].
std::optional<UsageError> diagnose(CLI::App& root, const std::vector<std::string>& args);

} // namespace mq::ctl
