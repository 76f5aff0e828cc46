// SPDX-License-Identifier: GPL-2.0-only
// mqctl apply, step 4: what was (or would be) done, per object of the file,
// as text or as one JSON document.
#pragma once

#include "mqctl/apply_exec.hpp"

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

namespace mq::ctl::apply {

// An object's status. Without an outcome (a dry run, or a plan that is
// blocked and did not run): "unchanged", "to create", "to update",
// "to recreate", "needs recreate". After a run: "unchanged", "created",
// "updated", "recreated", or, when a step failed, "failed" (this object's
// step), "partly done" (some of its steps ran) or "not done".
std::string status(const Plan& plan, std::size_t object, const Outcome* outcome);

// Text: per object "LABEL: STATUS", then its changes indented, each with
// "done: ", "FAILED: " or "not done: " in front once a step failed, and a
// last line counting the statuses ("apply: 1 created, 2 unchanged").
void print_report(std::ostream& out, const Plan& plan, const Outcome* outcome);

// {"applied": bool (false: a dry run or a blocked plan), "objects": [{"object": "namespace", "id":
// 1, "name": "a" or null, "status": "...", "changes": [{"change": "...", "result":
// "planned|done|failed|not done"}], "cannot_change": [...]}], "error": "..." or null}
nlohmann::ordered_json report_json(const Plan& plan, const Outcome* outcome);

// The error line of a run that failed: "namespace 2: create: ...: why".
std::string failure_message(const Plan& plan, const Outcome& outcome);

} // namespace mq::ctl::apply
