// SPDX-License-Identifier: GPL-2.0-only
#include "finish.hpp"

#include "common/version.hpp"
#include "gates.hpp"
#include "report.hpp"

#include <ctime>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

namespace mq::bench {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string now_text() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    std::ostringstream out;
    out << std::put_time(&tm, "%Y-%m-%d %H:%M:%S %Z");
    return out.str();
}

} // namespace

void save_results(const RunConfig& config, ResultSet& results) {
    std::map<std::string, std::string> floors;
    for (const auto& t : config.catalog.targets()) {
        if (!t.floor.empty()) {
            floors[t.name] = t.floor;
        }
    }
    fill_floor_ratios(results, floors);
    write_results(config.out, results);
}

int finish_sweep(const RunConfig& config, const ResultSet& results, const SweepEnd& end) {
    ReportInfo info;
    info.command = config.command;
    info.generated = now_text();
    info.plots = config.plots;
    info.require_all = config.require_all;
    int rc = end.any_failed ? kRunPointsFailed : 0;
    if (config.gates) {
        const auto gates = evaluate_gates(load_gates(*config.gates), results);
        info.gates = gates;
        write_file_atomic(config.out / "gates.json",
                          to_json(gates, config.require_all).dump(2) + "\n");
        std::cout << format_gates(gates, config.require_all);
        if (gates_exit_status(gates, config.require_all) != 0) {
            rc = kRunGateFailed;
        }
    }
    const fs::path report = write_report(config.out, results, info);
    write_file_atomic(config.out / "run.json", ordered_json{{"command", config.command},
                                                            {"build", version_line()},
                                                            {"shard", config.shard.str()},
                                                            {"finished", now_text()},
                                                            {"wall_s", seconds_since(end.start)},
                                                            {"boots", end.boots}}
                                                       .dump(2) +
                                                   "\n");
    std::size_t ok = 0;
    std::size_t skipped = 0;
    std::size_t failed = 0;
    for (const auto& r : results.records) {
        ok += r.status == Status::Ok ? 1 : 0;
        skipped += r.status == Status::Skipped ? 1 : 0;
        failed += r.status == Status::Failed ? 1 : 0;
    }
    std::cout << "mqbench: " << ok << " ok, " << skipped << " skipped, " << failed << " failed in "
              << format_duration(seconds_since(end.start)) << "\n"
              << "report: " << report.string() << '\n';
    return rc;
}

} // namespace mq::bench
