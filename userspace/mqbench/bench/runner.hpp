// SPDX-License-Identifier: GPL-2.0-only
// `mqbench run`: boots the guests a sweep needs (one per vCPU count and
// accel mode, through `mqbench vm`), runs every point in them, and writes
// the results as points finish. The scheduling is here: the boots are
// guest_boot.hpp's, the records ledger.hpp's, the end finish.hpp's.
#pragma once

#include "guest_plan.hpp"
#include "results.hpp"
#include "sweep.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace mq::bench {

struct RunConfig {
    Sweep sweep;
    Catalog catalog;
    std::filesystem::path out;
    Shard shard;
    std::string kernel; // mqbench vm --kernel; empty = default
    std::optional<std::filesystem::path> gates;
    bool require_all = false;
    bool dry_run = false; // print the boots and points, boot nothing
    bool resume = false;  // keep the Ok records of out/results.json, run the rest
    bool plots = true;
    unsigned retries = 1;      // new boots for the points of a boot that died
    unsigned jobs = 1;         // guests at once (icount results do not depend on it)
    unsigned boot_timeout = 0; // seconds; 0 = from the boot's points
    std::string command;       // how mqbench was invoked, for the report
};

// Exit statuses of `mqbench run` beyond 0.
inline constexpr int kRunGateFailed = 1;
inline constexpr int kRunPointsFailed = 2; // or a guest's kernel log had problems

int run_sweep(const RunConfig& config);

// The host the guests run on: CPU, cores, memory, OS, QEMU and fio versions.
nlohmann::ordered_json describe_machine();

} // namespace mq::bench
