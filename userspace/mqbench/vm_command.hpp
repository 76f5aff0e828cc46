// SPDX-License-Identifier: GPL-2.0-only
#pragma once

#include <CLI/CLI.hpp>

namespace mq {

// Registers `mqbench vm` and `mqbench check-log` on the application.
void add_vm_commands(CLI::App& app);

} // namespace mq
