// SPDX-License-Identifier: GPL-2.0-only
// The files `mqbench run` leaves in its --out folder: results.json and .csv
// (written after every change), and at the end the gates, report.md, run.json
// and the summary line.
#pragma once

#include "results.hpp"
#include "runner.hpp"

#include <chrono>
#include <nlohmann/json.hpp>
#include <vector>

namespace mq::bench {

// results.json and results.csv, with the floor ratios filled in.
void save_results(const RunConfig& config, ResultSet& results);

struct SweepEnd {
    bool any_failed = false;                     // a point failed or a kernel log had problems
    std::vector<nlohmann::ordered_json> boots;   // run.json's boots
    std::chrono::steady_clock::time_point start; // of the sweep
};

// Gates (--gates), report.md, run.json and the summary line; returns the
// exit status of `mqbench run`.
int finish_sweep(const RunConfig& config, const ResultSet& results, const SweepEnd& end);

} // namespace mq::bench
