// SPDX-License-Identifier: GPL-2.0-only
// mqvm (also `mqbench vm`): boot a guest, run one command in it, gate on its
// kernel log.
#pragma once

#include "qemu_command.hpp"

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace mq::vm {

struct RunOptions {
    std::string name = "mqvm"; // how messages name the runner: "mqvm", "mqbench vm"
    std::string kernel;        // see resolve_kernel()
    Accel accel = Accel::Auto;
    unsigned smp = 2;
    std::string mem = "2G";
    std::chrono::seconds timeout{600};
    std::vector<std::string> env;     // NAME=VALUE, exported in the guest
    std::vector<std::string> append;  // extra kernel parameters
    std::filesystem::path log_dir;    // keep console.log, dmesg, kmemleak here
    bool quiet = false;               // no runner messages on success
    unsigned boot_retries = 2;        // boots again when the kernel dies before CMD starts
    std::vector<std::string> command; // argv run as root in the guest
    std::filesystem::path plugin;     // a TCG plugin: GuestSpec::plugin
};

// Exit statuses of the runner itself; anything else is the command's.
inline constexpr int kExitLogDirty = 120; // command passed, kernel log did not
inline constexpr int kExitTimeout = 124;
inline constexpr int kExitRunnerError = 125;

// Returns the status the runner exits with.
int run_in_guest(const RunOptions& options);

} // namespace mq::vm
