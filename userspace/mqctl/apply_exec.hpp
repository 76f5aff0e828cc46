// SPDX-License-Identifier: GPL-2.0-only
// mqctl apply, step 3: running a plan's steps, in order, until one fails,
// and recording which were done. The modules are reached through Kernel, so
// that the bookkeeping is unit-testable with a fake.
#pragma once

#include "mqctl/apply_plan.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mq::ctl::apply {

// The requests a plan needs; each throws on failure.
class Kernel {
  public:
    Kernel() = default;
    virtual ~Kernel() = default;
    Kernel(const Kernel&) = delete;
    Kernel& operator=(const Kernel&) = delete;
    Kernel(Kernel&&) = delete;
    Kernel& operator=(Kernel&&) = delete;

    virtual mqnull::NamespaceInfo create_namespace(const mqnull::NamespaceSpec& spec) = 0;
    virtual void destroy_namespace(std::uint32_t id) = 0;
    virtual void set_null_path(std::uint32_t ns_id, const mqnull::PathSettings& s) = 0;
    virtual void create_device(const mqpath::DeviceSettings& s) = 0;
    virtual void destroy_device(std::uint32_t id) = 0;
    virtual void set_device(std::uint32_t id, const mqpath::DeviceSettings& s) = 0;
    virtual void add_path(std::uint32_t dev, DevNum disk, std::uint32_t priority,
                          bool allow_unidentified) = 0;
    virtual void remove_path(std::uint32_t dev, std::uint32_t path_id) = 0;
    virtual void set_path_priority(std::uint32_t dev, std::uint32_t path_id,
                                   std::uint32_t priority) = 0;
};

// The mqnull and mqpath generic netlink families; each is opened when a
// step first needs it (a file without devices does not need mqpath).
std::unique_ptr<Kernel> netlink_kernel();

// What is there now, from both modules. A module that is not loaded counts
// as having no objects, unless `need_null`/`need_mpath` says the file has
// objects of its kind (then its FamilyMissing error is thrown).
State read_state(bool need_null, bool need_mpath);

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
