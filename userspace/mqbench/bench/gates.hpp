// SPDX-License-Identifier: GPL-2.0-only
// Regression gates (bench/gates.json): a target's IOPS against a baseline's
// in the same cell, measured in the same guest boot, must reach a ratio.
#pragma once

#include "results.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mq::bench {

struct Gate {
    std::string name;
    std::string description;
    std::string target;
    std::string baseline;
    double min_ratio = 1.0;
    // Reported like any gate but never fails a run: a target the project
    // has not reached yet, kept in view rather than deleted or lowered.
    bool advisory = false;
    std::string advisory_reason;
    // Point fields a record must match (accel, vcpus, rw, bs, iodepth,
    // numjobs): a value or a list of values.
    nlohmann::json where = nlohmann::json::object();
};

std::vector<Gate> parse_gates(const nlohmann::json& doc);
std::vector<Gate> load_gates(const std::filesystem::path& file);

enum class GateStatus { Pass, Fail, NotEvaluated };
const char* to_string(GateStatus status);

struct GateResult {
    Gate gate;
    GateStatus status = GateStatus::NotEvaluated;
    std::size_t points = 0; // points the gate was checked on
    double worst_ratio = 0; // the lowest ratio seen (when points > 0)
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
