// SPDX-License-Identifier: GPL-2.0-only
// report.md and its gnuplot plots (SVG and PNG), from a results set.
#pragma once

#include "gates.hpp"
#include "results.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mq::bench {

// A group of records shown together: one table and its plots.
struct PlotGroup {
    std::string title; // "icount, randread 4k, QD32"
    std::string slug;  // "icount-randread-4k-qd32"
    std::vector<const Record*> records;
};

// Records grouped by accel, workload, block size and queue depth, in the
// order they first appear.
std::vector<PlotGroup> group_records(const ResultSet& results);

struct ReportInfo {
    std::string command;   // how the results were made
    std::string generated; // date
    std::optional<std::vector<GateResult>> gates;
    bool require_all = false;
    bool plots = true; // run gnuplot (else the report says why there are none)
};

// Writes DIR/plots/*.{dat,gp,svg,png} (when gnuplot is there) and
// DIR/report.md. Returns the report's path. Plot failures are noted in the
// report, never fatal.
std::filesystem::path write_report(const std::filesystem::path& dir, const ResultSet& results,
                                   const ReportInfo& info);

// The text of report.md (plots are linked as plots/<slug>-*.svg when
// `plotted` lists the slugs that have them).
std::string report_markdown(const ResultSet& results, const ReportInfo& info,
                            const std::vector<std::string>& plotted, const std::string& plot_note);

} // namespace mq::bench
