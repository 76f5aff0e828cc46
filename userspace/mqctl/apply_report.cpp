// SPDX-License-Identifier: GPL-2.0-only
#include "mqctl/apply_report.hpp"

#include <algorithm>
#include <map>

namespace mq::ctl::apply {
namespace {

using nlohmann::ordered_json;

std::string planned_status(Change c) {
    switch (c) {
    case Change::unchanged:
        return "unchanged";
    case Change::blocked:
        return "needs recreate";
    default:
        return "to " + to_string(c);
    }
}

std::string done_status(Change c) {
    switch (c) {
    case Change::create:
        return "created";
    case Change::update:
        return "updated";
    case Change::recreate:
        return "recreated";
    default:
        return to_string(c);
    }
}

std::string result_text(const Outcome* outcome, std::size_t step) {
    if (outcome == nullptr) {
        return "planned";
    }
    switch (outcome->steps[step]) {
    case StepResult::done:
        return "done";
    case StepResult::failed:
        return "failed";
    case StepResult::not_done:
        return "not done";
    }
    return "unknown";
}

// The order in which the summary line counts statuses.
const std::vector<std::string>& status_order() {
    static const std::vector<std::string> order = {
        "created",  "updated",   "recreated", "unchanged",   "failed",        "partly done",
        "not done", "to create", "to update", "to recreate", "needs recreate"};
    return order;
}

} // namespace

std::string status(const Plan& plan, std::size_t object, const Outcome* outcome) {
    const Change c = plan.objects[object].change;
    if (outcome == nullptr) {
        return planned_status(c);
    }
    bool any_done = false;
    bool all_done = true;
    for (std::size_t i = 0; i < plan.steps.size(); ++i) {
        if (plan.steps[i].object != object) {
            continue;
        }
        if (outcome->steps[i] == StepResult::failed) {
            return "failed";
        }
        any_done = any_done || outcome->steps[i] == StepResult::done;
        all_done = all_done && outcome->steps[i] == StepResult::done;
    }
    if (all_done) {
        return done_status(c);
    }
    return any_done ? "partly done" : "not done";
}

void print_report(std::ostream& out, const Plan& plan, const Outcome* outcome) {
    const bool marked = outcome != nullptr && !outcome->ok();
    std::map<std::string, int> counts;
    for (std::size_t o = 0; o < plan.objects.size(); ++o) {
        const std::string st = status(plan, o, outcome);
        ++counts[st];
        out << label(plan.objects[o]) << ": " << st << '\n';
        for (const auto& b : plan.objects[o].blockers) {
            if (plan.objects[o].change == Change::blocked) {
                out << "  " << b << " (cannot change in place)\n";
            }
        }
        for (std::size_t i = 0; i < plan.steps.size(); ++i) {
            if (plan.steps[i].object != o) {
                continue;
            }
            out << "  ";
            if (marked) {
                const std::string r = result_text(outcome, i);
                out << (r == "failed" ? "FAILED" : r) << ": ";
            }
            out << plan.steps[i].what << '\n';
        }
    }
    std::string line;
    for (const auto& s : status_order()) {
        if (counts[s] > 0) {
            line += (line.empty() ? "" : ", ") + std::to_string(counts[s]) + " " + s;
        }
    }
    if (line.empty()) {
        line = "nothing to do";
    }
    out << (outcome == nullptr ? "plan: " : "apply: ") << line << '\n';
}

ordered_json report_json(const Plan& plan, const Outcome* outcome) {
    ordered_json objects = ordered_json::array();
    for (std::size_t o = 0; o < plan.objects.size(); ++o) {
        const auto& obj = plan.objects[o];
        ordered_json changes = ordered_json::array();
        for (std::size_t i = 0; i < plan.steps.size(); ++i) {
            if (plan.steps[i].object == o) {
                changes.push_back(
                    {{"change", plan.steps[i].what}, {"result", result_text(outcome, i)}});
            }
        }
        ordered_json cannot = ordered_json::array();
        if (obj.change == Change::blocked) {
            cannot = obj.blockers;
        }
        objects.push_back(
            {{"object", obj.kind},
             {"id", obj.id},
             {"name", obj.name.empty() ? ordered_json(nullptr) : ordered_json(obj.name)},
             {"status", status(plan, o, outcome)},
             {"changes", changes},
             {"cannot_change", cannot}});
    }
    ordered_json error = nullptr;
    if (outcome != nullptr && !outcome->ok()) {
        error = failure_message(plan, *outcome);
    }
    return {{"applied", outcome != nullptr}, {"objects", objects}, {"error", error}};
}

std::string failure_message(const Plan& plan, const Outcome& outcome) {
    const Step& s = plan.steps.at(*outcome.failed);
    return label(plan.objects[s.object]) + ": " + s.what + ": " + outcome.error;
}

} // namespace mq::ctl::apply
