// SPDX-License-Identifier: GPL-2.0-only
// The results of a sweep: one record per point, written as results.json and
// results.csv, merged across shards and compared between runs.
#pragma once

#include "fio.hpp"
#include "sweep.hpp"

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace mq::bench {

enum class Status {
    Pending, // not run yet (a run that stopped early leaves these)
    Ok,
    Failed,  // fio or the guest failed; reason says how
    Skipped, // the target could not be set up here; reason says why
};
const char* to_string(Status status);
Status parse_status(const std::string& text);

struct Record {
    Point point;
    std::string kernel; // uname -r in the guest
    // The mqpath build that measured it (mq::version_line(): version, commit
    // and ", dirty" for uncommitted changes), so merged results stay apart.
    std::string build;
    Status status = Status::Pending;
    std::string reason;
    std::optional<FioResult> fio; // set when status is Ok
    // The ratio to the raw baseline, both measured in the same guest boot.
    std::string baseline; // empty for a raw target
    std::optional<double> baseline_iops;
    std::optional<double> ratio;
    // Every run of the point in its boot (the sweep's repeat), in order:
    // IOPS, or nullopt for a run that gave none. fio, reason and extra are
    // the median run's; with a baseline, its runs are paired round by round.
    std::vector<std::optional<double>> iops_samples;
    std::vector<std::optional<double>> baseline_iops_samples;
    std::vector<std::optional<double>> ratio_samples; // iops / the same round's baseline IOPS
    std::optional<std::size_t> median_run;            // index into iops_samples
    // The floor the target is also compared with (its catalog entry's
    // "floor", e.g. redirect-floor for mqpath-1path): that target's IOPS in
    // the same cell (so the same boot) and the ratio to it; empty and
    // nullopt when the floor was not measured beside it.
    std::string floor;
    std::optional<double> floor_iops;
    std::optional<double> floor_ratio;
    nlohmann::ordered_json extra = nlohmann::ordered_json::object(); // target's own stats
};

// What one fio run of a point gave.
struct RunOutcome {
    Status status = Status::Pending; // Ok, Failed or Skipped
    std::optional<FioResult> fio;    // when Ok
    std::string reason;              // why not Ok; fio's warnings when Ok
    nlohmann::ordered_json extra = nlohmann::ordered_json::object();
};

// The position of the median of values (for an even count, the lower of
// the two middle ones, so that every figure reported is one real run's).
// Throws on an empty list.
std::size_t median_position(const std::vector<double>& values);
double median(const std::vector<double>& values);

// Fills a record from its point's runs in one boot: Ok when every run was
// (its fio figures, reason and extra are then the median run's, by IOPS),
// Skipped when every run was, else Failed with the first failure. For a
// target with a baseline, `baseline_runs` are the baseline's runs in the
// same boot, round by round: baseline_iops is their median and ratio the
// ratio of the two medians when every baseline run was Ok; ratio_samples
// pair the rounds.
void summarize_runs(Record& record, const std::vector<RunOutcome>& runs,
                    const std::vector<RunOutcome>& baseline_runs);

// The smallest and largest of the values present.
struct Spread {
    double min = 0;
    double max = 0;
};
std::optional<Spread> spread_of(const std::vector<std::optional<double>>& samples);
// A record's spread as printed: "99,870-102,410" (IOPS), "0.990-1.030"
// (ratios), "-" when it has no samples.
std::string iops_range_text(const Record& record);
std::string ratio_range_text(const Record& record);

nlohmann::ordered_json to_json(const Record& record);
Record record_from_json(const nlohmann::ordered_json& doc);

struct ResultSet {
    nlohmann::ordered_json sweep =
        nlohmann::ordered_json::object(); // Sweep::to_json() + points_total
    nlohmann::ordered_json machine = nlohmann::ordered_json::object(); // the host the guests ran on
    std::vector<Record> records;                                       // in point index order
    std::vector<std::string> problems; // guest boots that failed, dirty kernel logs
};

nlohmann::ordered_json to_json(const ResultSet& results);
ResultSet result_set_from_json(const nlohmann::ordered_json& doc);
// Loads FILE, or DIR/results.json.
ResultSet load_results(const std::filesystem::path& path);

// One line per record; metrics empty unless the record is Ok.
std::string to_csv(const ResultSet& results);

// Writes DIR/results.json and DIR/results.csv, each through a temporary file
// and a rename: a reader (or a crash) never sees half a file.
void write_results(const std::filesystem::path& dir, const ResultSet& results);
void write_file_atomic(const std::filesystem::path& file, const std::string& text);

// The union of shards' (or any runs') records of one sweep, in index order.
// For a point in several inputs, an Ok record wins over others, and among
// equals the first input's. Throws when the sweeps differ.
ResultSet merge(const std::vector<ResultSet>& inputs);

// For `mqbench run --resume`: the records of @previous (a run of the same
// sweep) that are Ok and are the same point (index and key) as one of
// @points, by index. Those points need not run again.
std::map<std::size_t, Record> ok_records(const ResultSet& previous,
                                         const std::vector<Point>& points);

// Sets floor, floor_iops and floor_ratio of every record whose target has a
// floor (target -> floor target), from the Ok record of the floor in the
// same cell; clears them when there is none.
void fill_floor_ratios(ResultSet& results, const std::map<std::string, std::string>& floors);

// iops / baseline_iops, or nullopt when either is missing or zero.
std::optional<double> ratio_of(double iops, std::optional<double> baseline_iops);

// VALUE with PRECISION decimals: number_text(2.5, 3) is "2.500".
std::string number_text(double value, int precision);

// 101996.3 -> "101,996"
std::string format_count(double value);

// "1h02m05s", "3m07s", "42s"
std::string format_duration(double seconds);

} // namespace mq::bench
