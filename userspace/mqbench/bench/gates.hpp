// SPDX-License-Identifier: GPL-2.0-only
// Regression gates (bench/gates.json): a target's IOPS against a baseline's
// in the same cell, measured in the same guest boot, must reach a ratio.
#pragma once

#include "results.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mq::bench {

// A ratio gate holds a target's IOPS at min_ratio of its baseline's or
// more; an added-per-IO gate holds a per-IO count of the target's (a
// statistic of its record's extra, such as spin_locks_per_io) at most
// max_added above the baseline's in the same cell.
enum class GateKind { Ratio, AddedPerIo };

struct Gate {
    std::string name;
    std::string description;
    std::string target;
    std::string baseline;
    double min_ratio = 1.0;
    GateKind kind = GateKind::Ratio;
    std::string metric;   // AddedPerIo: the extra statistic compared
    double max_added = 0; // AddedPerIo: the most the target may add
    // Reported like any gate but never fails a run: a target the project
    // has not reached yet, kept in view rather than deleted or lowered.
    bool advisory = false;
    std::string advisory_reason;
    // Point fields a record must match (accel, vcpus, rw, bs, iodepth,
    // numjobs): a value or a list of values.
    nlohmann::json where = nlohmann::json::object();
};

// A gate is an AddedPerIo gate when it has "max_added" (and "metric");
// else it needs min_ratio.
std::vector<Gate> parse_gates(const nlohmann::json& doc);

// "mqpath-1path >= 0.880x mqnull", "mqpath-1path + 0.050 >= spin_locks_per_io of mqnull"
std::string gate_rule(const Gate& gate);
// 0.912x, or +0.003 for an AddedPerIo gate.
std::string gate_value_text(const Gate& gate, double value);
std::vector<Gate> load_gates(const std::filesystem::path& file);

enum class GateStatus { Pass, Fail, NotEvaluated };
const char* to_string(GateStatus status);

struct GateResult {
    Gate gate;
    GateStatus status = GateStatus::NotEvaluated;
    std::size_t points = 0; // points the gate was checked on
    // The lowest ratio seen (when points > 0); for an AddedPerIo gate the
    // most the target added.
    double worst_ratio = 0;
    std::string worst_key;
    std::vector<std::string> failures; // one line per point below min_ratio
    std::string reason;                // why it was not evaluated
};

// A gate is checked on every Ok record of its target that matches `where`,
// with the ratio recorded against the same baseline in its boot (or, when
// the record's own baseline is another target, computed against the
// baseline record of the same cell). No such record: NotEvaluated, with the
// targets' skip reasons.
std::vector<GateResult> evaluate_gates(const std::vector<Gate>& gates, const ResultSet& results);

// 1 when a gate that is not advisory failed, or (require_all) was not
// evaluated; else 0.
int gates_exit_status(const std::vector<GateResult>& results, bool require_all);

std::string format_gates(const std::vector<GateResult>& results, bool require_all);
nlohmann::ordered_json to_json(const std::vector<GateResult>& results, bool require_all);

} // namespace mq::bench
