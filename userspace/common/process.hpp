// SPDX-License-Identifier: GPL-2.0-only
// Child processes with a deadline: what the guest runner needs to start QEMU,
// wait for it with a timeout and stop it cleanly when it hangs.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace mq {

struct SpawnOptions {
    // Each is a path opened for the child, or empty to inherit ours.
    std::string stdin_path;
    std::string stdout_path;
    std::string stderr_path;
};

class Child {
  public:
    Child() = default;
    explicit Child(pid_t pid) : pid_(pid) {}
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    Child(Child&& other) noexcept : pid_(other.pid_) { other.pid_ = -1; }
    Child& operator=(Child&& other) noexcept;
    // A child still running when its owner goes away is killed and reaped:
    // a runner that throws must not leave a QEMU behind.
    ~Child();

    [[nodiscard]] pid_t pid() const { return pid_; }
    // Waits until the child exits or the deadline passes. Returns the
    // exit status (128 + signal for a signalled child), or nullopt on
    // timeout (the child is then still running).
    std::optional<int> wait_until(std::chrono::steady_clock::time_point deadline);
    int wait();
    // SIGTERM, a grace period, then SIGKILL; reaps the child.
    void kill(std::chrono::milliseconds grace = std::chrono::milliseconds(2000));

  private:
    pid_t pid_ = -1;
};

// Starts argv[0] (searched in PATH) with argv. Throws std::system_error.
Child spawn(const std::vector<std::string>& argv, const SpawnOptions& options = {});

// Runs argv to completion, returning its exit status; output is inherited.
int run(const std::vector<std::string>& argv, const SpawnOptions& options = {});

// Runs argv and returns what it printed on stdout; throws if it fails.
std::string capture(const std::vector<std::string>& argv);

} // namespace mq
