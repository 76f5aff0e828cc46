// SPDX-License-Identifier: GPL-2.0-only
// mqctl --version: the tool's version and the loaded modules'.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

namespace mq::ctl {

// "mqnull: 1.0" from <sys_root>/module/<module>/version; "mqnull: not
// loaded" when the module is not; "mqnull: loaded, no version" when it
// states none.
std::string module_version_line(const std::string& module, const std::string& sys_root = "/sys");

// "mqctl 0.2.0 (0123456789ab)", "-dirty" after the commit when the tree
// had uncommitted changes.
std::string tool_version_line(std::string_view version, std::string_view commit, bool dirty);

// This build's tool_version_line, then one module_version_line for mqnull
// and one for mqpath.
void print_version(std::ostream& out, const std::string& sys_root = "/sys");

} // namespace mq::ctl
