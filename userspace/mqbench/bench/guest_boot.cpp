// SPDX-License-Identifier: GPL-2.0-only
#include "guest_boot.hpp"

#include "common/repo.hpp"
#include "common/text.hpp"

#include <csignal>
#include <sys/types.h>

namespace mq::bench {

namespace fs = std::filesystem;

namespace {

double seconds_since(GuestBoot::Clock::time_point start) {
    return std::chrono::duration<double>(GuestBoot::Clock::now() - start).count();
}

// Only our own descendants: the children of `mqbench vm`.
void signal_children(pid_t runner) {
    std::ifstream children("/proc/" + std::to_string(runner) + "/task/" + std::to_string(runner) +
                           "/children");
    pid_t child = 0;
    while (children >> child) {
        ::kill(child, SIGTERM);
    }
}

} // namespace

GuestBoot::GuestBoot(const BootLaunch& launch) : log_dir_(launch.log_dir) {
    // Our own binary through /proc/self/exe, not the path it points to: a
    // rebuild during a long sweep replaces build/bin/mqbench, and the path
    // then reads "... (deleted)"; the open inode is still this mqbench.
    std::vector<std::string> argv = {"/proc/self/exe", "vm",
                                     "--smp",          std::to_string(launch.vcpus),
                                     "--mem",          launch.mem,
                                     "--accel",        launch.accel,
                                     "--timeout",      std::to_string(launch.timeout),
                                     "--log-dir",      launch.log_dir.string()};
    if (!launch.kernel.empty()) {
        argv.insert(argv.end(), {"--kernel", launch.kernel});
    }
    if (!launch.plugin.empty()) {
        argv.insert(argv.end(), {"--plugin", launch.plugin.string()});
    }
    argv.insert(argv.end(), {"--", (repo_root() / "bench" / "guest" / "run-plan.sh").string(),
                             launch.plan_file.string()});
    const fs::path out_file = log_dir_ / "guest.out";
    std::ofstream(out_file).close();
    started_ = Clock::now();
    last_output_ = started_;
    child_ = spawn(argv, {.stdin_path = "/dev/null",
                          .stdout_path = out_file.string(),
                          .stderr_path = (log_dir_ / "runner.err").string()});
    out_.open(out_file, std::ios::binary);
}

std::vector<GuestEvent> GuestBoot::pump() {
    std::vector<GuestEvent> events;
    if (!out_.is_open()) {
        return events;
    }
    out_.clear();
    std::string chunk(65536, '\0');
    for (;;) {
        out_.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        const auto got = static_cast<std::size_t>(out_.gcount());
        if (got == 0) {
            break;
        }
        last_output_ = Clock::now();
        partial_.append(chunk.data(), got);
        std::size_t start = 0;
        for (auto nl = partial_.find('\n'); nl != std::string::npos;
             nl = partial_.find('\n', start)) {
            const std::string_view line(partial_.data() + start, nl - start);
            for (auto& ev : stream_.feed(line)) {
                events.push_back(std::move(ev));
            }
            start = nl + 1;
        }
        partial_.erase(0, start);
        if (got < chunk.size()) {
            break;
        }
    }
    return events;
}

void GuestBoot::stop(const std::string& reason) {
    stop_reason_ = reason;
    signal_children(child_.pid());
}

double GuestBoot::seconds() const {
    return seconds_since(started_);
}

double GuestBoot::quiet_seconds() const {
    return seconds_since(last_output_);
}

std::string GuestBoot::runner_err() const {
    return slurp(log_dir_ / "runner.err");
}

} // namespace mq::bench
