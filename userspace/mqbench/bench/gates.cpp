// SPDX-License-Identifier: GPL-2.0-only
#include "gates.hpp"

#include <fstream>
#include <iomanip>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>

namespace mq::bench {

namespace fs = std::filesystem;
using nlohmann::json;
using nlohmann::ordered_json;

namespace {

std::string ratio_text(double ratio) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(3) << ratio << "x";
    return out.str();
}

json field_of(const Point& p, const std::string& name) {
    if (name == "accel") {
        return p.accel;
    }
    if (name == "rw") {
        return p.rw;
    }
    if (name == "bs") {
        return p.bs;
    }
    if (name == "vcpus") {
        return p.vcpus;
    }
    if (name == "iodepth") {
        return p.iodepth;
    }
    if (name == "numjobs") {
        return p.numjobs;
    }
    throw std::invalid_argument("gates: cannot filter on '" + name +
                                "' (accel, rw, bs, vcpus, iodepth, numjobs)");
}

bool matches(const json& where, const Point& p) {
    for (const auto& [name, wanted] : where.items()) {
        const json actual = field_of(p, name);
        if (wanted.is_array()) {
            bool any = false;
            for (const auto& w : wanted) {
                any = any || w == actual;
            }
            if (!any) {
                return false;
            }
        } else if (wanted != actual) {
            return false;
        }
    }
    return true;
}

// Why no record of TARGET could be used: its records' reasons, deduplicated.
std::string reasons_for(const std::string& target, const json& where, const ResultSet& results) {
    std::set<std::string> reasons;
    bool any = false;
    for (const auto& r : results.records) {
        if (r.point.target != target || !matches(where, r.point)) {
            continue;
        }
        any = true;
        if (r.status != Status::Ok) {
            reasons.insert(std::string(to_string(r.status)) +
                           (r.reason.empty() ? "" : ": " + r.reason));
        }
    }
    if (!any) {
        return target + " was not run";
    }
    std::string text;
    for (const auto& reason : reasons) {
        text += (text.empty() ? "" : "; ") + reason;
    }
    return target + " " + text;
}

// A record's statistic, when it is a number.
std::optional<double> metric_of(const Record& r, const std::string& metric) {
    if (r.status != Status::Ok || !r.extra.contains(metric) || !r.extra.at(metric).is_number()) {
        return std::nullopt;
    }
    return r.extra.at(metric).get<double>();
}

std::string added_text(double value) {
    std::ostringstream out;
    out << std::showpos << std::fixed << std::setprecision(4) << value;
    return out.str();
}

// Each point of an AddedPerIo gate: what the target adds over the baseline
// of its cell.
void evaluate_added(const Gate& gate, const ResultSet& results,
                    const std::map<std::string, const Record*>& by_key, GateResult& res,
                    std::vector<std::string>& missing) {
    for (const auto& r : results.records) {
        if (r.point.target != gate.target || r.status != Status::Ok ||
            !matches(gate.where, r.point)) {
            continue;
        }
        const auto mine = metric_of(r, gate.metric);
        const auto it = by_key.find(r.point.with_target(gate.baseline).key());
        const auto base = it == by_key.end() ? std::nullopt : metric_of(*it->second, gate.metric);
        if (!mine || !base) {
            missing.push_back(r.point.key());
            continue;
        }
        const double added = *mine - *base;
        if (res.points == 0 || added > res.worst_ratio) {
            res.worst_ratio = added;
            res.worst_key = r.point.key();
        }
        ++res.points;
        if (added > gate.max_added) {
            res.failures.push_back(r.point.key() + ": " + gate.metric + " " + added_text(added) +
                                   " over " + gate.baseline + " > " + added_text(gate.max_added));
        }
    }
}

} // namespace

std::string gate_rule(const Gate& gate) {
    if (gate.kind == GateKind::AddedPerIo) {
        return gate.target + " adds <= " + added_text(gate.max_added) + " " + gate.metric +
               " over " + gate.baseline;
    }
    return gate.target + " >= " + ratio_text(gate.min_ratio) + " " + gate.baseline;
}

std::string gate_value_text(const Gate& gate, double value) {
    return gate.kind == GateKind::AddedPerIo ? added_text(value) : ratio_text(value);
}

std::vector<Gate> parse_gates(const json& doc) {
    if (!doc.contains("gates") || !doc.at("gates").is_array()) {
        throw std::invalid_argument("gates: 'gates' must be an array");
    }
    std::vector<Gate> gates;
    for (const auto& entry : doc.at("gates")) {
        Gate g;
        try {
            g.target = entry.at("target").get<std::string>();
            g.baseline = entry.at("baseline").get<std::string>();
            if (entry.contains("max_added")) {
                g.kind = GateKind::AddedPerIo;
                g.max_added = entry.at("max_added").get<double>();
                g.metric = entry.at("metric").get<std::string>();
                g.min_ratio = 0;
            } else {
                g.min_ratio = entry.at("min_ratio").get<double>();
            }
        } catch (const json::exception&) {
            throw std::invalid_argument("gates: every gate needs target, baseline and min_ratio "
                                        "(or max_added and metric)");
        }
        if (g.kind == GateKind::AddedPerIo && (g.metric.empty() || g.max_added < 0)) {
            throw std::invalid_argument("gates: a max_added gate needs a metric and a "
                                        "max_added of 0 or more");
        }
        g.name = entry.value("name", g.target + "-vs-" + g.baseline);
        g.description = entry.value("description", "");
        g.where = entry.value("where", json::object());
        g.advisory = entry.value("advisory", false);
        g.advisory_reason = entry.value("advisory_reason", "");
        if (!g.where.is_object()) {
            throw std::invalid_argument("gates: " + g.name + ": 'where' must be an object");
        }
        const Point probe;
        for (const auto& [name, value] : g.where.items()) {
            (void)field_of(probe, name); // rejects unknown fields now
        }
        gates.push_back(std::move(g));
    }
    return gates;
}

std::vector<Gate> load_gates(const fs::path& file) {
    std::ifstream in(file);
    if (!in) {
        throw std::runtime_error("cannot read gates file " + file.string());
    }
    try {
        return parse_gates(json::parse(in));
    } catch (const json::exception& e) {
        throw std::runtime_error(file.string() + ": " + e.what());
    }
}

const char* to_string(GateStatus status) {
    switch (status) {
    case GateStatus::Pass:
        return "pass";
    case GateStatus::Fail:
        return "FAIL";
    case GateStatus::NotEvaluated:
        return "not evaluated";
    }
    return "not evaluated";
}

std::vector<GateResult> evaluate_gates(const std::vector<Gate>& gates, const ResultSet& results) {
    std::map<std::string, const Record*> by_key;
    for (const auto& r : results.records) {
        by_key[r.point.key()] = &r;
    }
    std::vector<GateResult> out;
    for (const auto& gate : gates) {
        GateResult res{gate, GateStatus::NotEvaluated, 0, 0, {}, {}, {}};
        std::vector<std::string> missing;
        if (gate.kind == GateKind::AddedPerIo) {
            evaluate_added(gate, results, by_key, res, missing);
        }
        for (const auto& r : results.records) {
            if (gate.kind != GateKind::Ratio) {
                break;
            }
            if (r.point.target != gate.target || r.status != Status::Ok || !r.fio ||
                !matches(gate.where, r.point)) {
                continue;
            }
            std::optional<double> ratio;
            if (r.baseline == gate.baseline) {
                ratio = r.ratio;
            } else {
                const auto it = by_key.find(r.point.with_target(gate.baseline).key());
                if (it != by_key.end() && it->second->status == Status::Ok && it->second->fio) {
                    ratio = ratio_of(r.fio->iops, it->second->fio->iops);
                }
            }
            if (!ratio) {
                missing.push_back(r.point.key());
                continue;
            }
            if (res.points == 0 || *ratio < res.worst_ratio) {
                res.worst_ratio = *ratio;
                res.worst_key = r.point.key();
            }
            ++res.points;
            if (*ratio < gate.min_ratio) {
                res.failures.push_back(r.point.key() + ": " + ratio_text(*ratio) + " < " +
                                       ratio_text(gate.min_ratio));
            }
        }
        if (res.points == 0) {
            const std::string target_why = reasons_for(gate.target, gate.where, results);
            const std::string base_why = reasons_for(gate.baseline, gate.where, results);
            res.reason = missing.empty() ? target_why
                                         : "no " + gate.baseline + " measurement to divide by (" +
                                               base_why + ")";
            if (!missing.empty() && gate.kind == GateKind::AddedPerIo) {
                res.reason = "no " + gate.metric + " of both " + gate.target + " and " +
                             gate.baseline + " at " + missing.front() +
                             " (the preset's LOCK_COUNT_S param counts it)";
            }
        } else {
            res.status = res.failures.empty() ? GateStatus::Pass : GateStatus::Fail;
        }
        out.push_back(std::move(res));
    }
    return out;
}

int gates_exit_status(const std::vector<GateResult>& results, bool require_all) {
    for (const auto& r : results) {
        if (r.gate.advisory) {
            continue;
        }
        if (r.status == GateStatus::Fail || (require_all && r.status == GateStatus::NotEvaluated)) {
            return 1;
        }
    }
    return 0;
}

std::string format_gates(const std::vector<GateResult>& results, bool require_all) {
    std::ostringstream out;
    for (const auto& r : results) {
        const bool fails =
            !r.gate.advisory &&
            (r.status == GateStatus::Fail || (require_all && r.status == GateStatus::NotEvaluated));
        out << "gate " << r.gate.name << ": " << gate_rule(r.gate) << ": " << to_string(r.status);
        if (r.points > 0) {
            out << " (" << r.points << " point" << (r.points == 1 ? "" : "s")
                << (r.gate.kind == GateKind::AddedPerIo ? ", most " : ", lowest ")
                << gate_value_text(r.gate, r.worst_ratio) << " at " << r.worst_key << ")";
        } else {
            out << " (" << r.reason << ")";
        }
        if (fails && r.status == GateStatus::NotEvaluated) {
            out << " [fails: --require-all]";
        }
        if (r.gate.advisory) {
            out << " [advisory" << (r.gate.advisory_reason.empty() ? "" : ": ")
                << r.gate.advisory_reason << "]";
        }
        out << '\n';
        for (const auto& f : r.failures) {
            out << "    " << f << '\n';
        }
    }
    return out.str();
}

ordered_json to_json(const std::vector<GateResult>& results, bool require_all) {
    ordered_json gates = ordered_json::array();
    for (const auto& r : results) {
        gates.push_back(
            {{"name", r.gate.name},
             {"target", r.gate.target},
             {"baseline", r.gate.baseline},
             {"min_ratio", r.gate.kind == GateKind::Ratio ? ordered_json(r.gate.min_ratio)
                                                          : ordered_json(nullptr)},
             {"kind", r.gate.kind == GateKind::Ratio ? "ratio" : "added_per_io"},
             {"metric", r.gate.metric},
             {"max_added", r.gate.kind == GateKind::AddedPerIo ? ordered_json(r.gate.max_added)
                                                               : ordered_json(nullptr)},
             {"advisory", r.gate.advisory},
             {"status", to_string(r.status)},
             {"points", r.points},
             {"worst_ratio", r.points > 0 && r.gate.kind == GateKind::Ratio
                                 ? ordered_json(r.worst_ratio)
                                 : ordered_json(nullptr)},
             {"most_added", r.points > 0 && r.gate.kind == GateKind::AddedPerIo
                                ? ordered_json(r.worst_ratio)
                                : ordered_json(nullptr)},
             {"worst_point", r.worst_key},
             {"failures", r.failures},
             {"reason", r.reason}});
    }
    return {{"require_all", require_all},
            {"passed", gates_exit_status(results, require_all) == 0},
            {"gates", gates}};
}

} // namespace mq::bench
