// SPDX-License-Identifier: GPL-2.0-only
#include "mqctl/apply.hpp"

#include "mqctl/apply_exec.hpp"
#include "mqctl/apply_plan.hpp"
#include "mqctl/apply_report.hpp"
#include "mqctl/apply_spec.hpp"
#include "mqctl/output.hpp"

#include <stdexcept>

namespace mq::ctl {

void run_apply(const ApplyOptions& inv, Kernel& kernel, std::ostream& out) {
    using namespace apply;
    const Spec spec = parse_spec(read_spec_file(inv.file));
    const State state = read_state(kernel, !spec.namespaces.empty(), !spec.devices.empty());
    const Plan plan =
        make_plan(spec, state, PlanOptions{.recreate = inv.recreate},
                  [&kernel](const std::string& disk) { return kernel.resolve_disk(disk); });

    const auto report = [&](const Outcome* outcome) {
        if (inv.json) {
            print_json(out, report_json(plan, outcome));
        } else {
            print_report(out, plan, outcome);
        }
    };
    if (inv.dry_run || plan.blocked()) {
        report(nullptr);
        if (plan.blocked()) {
            throw std::runtime_error("some objects cannot change in place (above); nothing was "
                                     "changed: --recreate destroys and creates them");
        }
        return;
    }
    const Outcome outcome = execute(plan, state, kernel);
    report(&outcome);
    if (!outcome.ok()) {
        throw std::runtime_error(failure_message(plan, outcome));
    }
}

} // namespace mq::ctl
