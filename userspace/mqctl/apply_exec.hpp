// SPDX-License-Identifier: GPL-2.0-only
// mqctl apply, step 3: running a plan's steps, in order, until one fails,
// and recording which were done. The modules are reached through Kernel
// (kernel.hpp), so that the bookkeeping is unit-testable with a fake.
#pragma once

#include "mqctl/apply_plan.hpp"
#include "mqctl/kernel.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mq::ctl::apply {

// What is there now, from both modules. A module that is not loaded counts
// as having no objects, unless `need_null`/`need_mpath` says the file has
// objects of its kind (then its FamilyMissing error is thrown).
State read_state(Kernel& kernel, bool need_null, bool need_mpath);

enum class StepResult { done, failed, not_done };

struct Outcome {
    std::vector<StepResult> steps;     // one per Plan::steps
    std::optional<std::size_t> failed; // the step that failed
    std::string error;                 // its error, as mqctl prints errors
    [[nodiscard]] bool ok() const { return !failed; }
};

// Runs the steps of plan (which must not be blocked) until one throws.
// state is what the plan was made from: it names the disks of the
// namespaces that exist; those created on the way are added.
Outcome execute(const Plan& plan, const State& state, Kernel& kernel);

} // namespace mq::ctl::apply
