// SPDX-License-Identifier: GPL-2.0-only
// One guest boot of `mqbench run` as a child process: `mqbench vm` running
// bench/guest/run-plan.sh on a plan file, its stdout in LOG_DIR/guest.out
// (read back as it grows and parsed into guest events), its own messages in
// LOG_DIR/runner.err.
#pragma once

#include "common/process.hpp"
#include "guest_stream.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace mq::bench {

struct BootLaunch {
    unsigned vcpus = 0;
    std::string mem;
    std::string accel;
    unsigned timeout = 0; // seconds
    std::string kernel;   // mqbench vm --kernel; empty = default
    std::filesystem::path log_dir;
    std::filesystem::path plan_file; // as the guest sees it
    std::filesystem::path plugin;    // mqbench vm --plugin; empty = none
};

class GuestBoot {
  public:
    using Clock = std::chrono::steady_clock;

    explicit GuestBoot(const BootLaunch& launch);

    // The events of what the guest printed since the last call.
    std::vector<GuestEvent> pump();
    // The exit status of `mqbench vm` once it has exited.
    std::optional<int> poll() { return child_.wait_until(Clock::now()); }
    // Kills what `mqbench vm` started (QEMU): the runner then reports the
    // guest as stopped and cleans up after itself.
    void stop(const std::string& reason);
    [[nodiscard]] const std::string& stop_reason() const { return stop_reason_; }

    [[nodiscard]] Clock::time_point started() const { return started_; }
    [[nodiscard]] double seconds() const;       // since it started
    [[nodiscard]] double quiet_seconds() const; // since the guest last printed anything
    [[nodiscard]] std::string runner_err() const;

  private:
    std::filesystem::path log_dir_;
    Child child_;
    std::ifstream out_;
    std::string partial_;
    GuestStream stream_;
    Clock::time_point started_;
    Clock::time_point last_output_;
    std::string stop_reason_;
};

} // namespace mq::bench
