// The results of a sweep: one record per point, written as results.json and
// results.csv, merged across shards and compared between runs.
#pragma once

#include "fio.hpp"
#include "sweep.hpp"

#include <filesystem>
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
    Status status = Status::Pending;
    std::string reason;
    std::optional<FioResult> fio; // set when status is Ok
    // The ratio to the raw baseline, both measured in the same guest boot.
    std::string baseline; // empty for a raw target
    std::optional<double> baseline_iops;
    std::optional<double> ratio;
    nlohmann::ordered_json extra = nlohmann::ordered_json::object(); // target's own stats
};

nlohmann::ordered_json to_json(const Record& record);
Record record_from_json(const nlohmann::ordered_json& doc);

struct ResultSet {
    nlohmann::ordered_json sweep;      // Sweep::to_json() plus points_total
    nlohmann::ordered_json machine;    // the host the guests ran on
    std::vector<Record> records;       // in point index order
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

// iops / baseline_iops, or nullopt when either is missing or zero.
std::optional<double> ratio_of(double iops, std::optional<double> baseline_iops);

// `mqbench compare`: what changed between two results files beyond a
// threshold. Ratios decide for targets with a baseline (same-boot, so
// comparable across runs); raw targets' IOPS are compared as they are,
// which means something only under icount.
struct Change {
    std::string key;
    std::string what;   // "ratio", "iops", "status"
    std::string before; // as printed
    std::string after;
    double relative = 0; // (after - before) / before; 0 for a status change
    bool regression = false;
};
struct Comparison {
    std::vector<Change> changes;
    std::vector<std::string> only_before;
    std::vector<std::string> only_after;
    std::size_t compared = 0;
    [[nodiscard]] bool any_regression() const;
};
Comparison compare(const ResultSet& before, const ResultSet& after, double threshold);
std::string format_comparison(const Comparison& comparison, double threshold);

// "2%", "2" (percent) or "0.5%": returns a fraction (0.02). Throws.
double parse_threshold(const std::string& text);

// 101996.3 -> "101,996"
std::string format_count(double value);

} // namespace mq::bench
