// SPDX-License-Identifier: GPL-2.0-only
// The guest runner's command line: mqvm's own, and the same command as
// `mqbench vm` (with `mqbench check-log`, the runner's kernel log rules).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace mq {

extern const char* const kVmDescription;

// The runner's options, CMD and action on APP: mqvm's whole command line,
// or mqbench's `vm`. NAME starts the runner's messages ("mqvm: ...").
void define_vm_command(CLI::App& app, const std::string& name);

// Registers `mqbench vm` and `mqbench check-log` on the application.
void add_vm_commands(CLI::App& app);

} // namespace mq
