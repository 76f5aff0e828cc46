// SPDX-License-Identifier: GPL-2.0-only
#include "mqctl/apply_exec.hpp"

#include "mqctl/commands.hpp"
#include "netlink/error.hpp"

#include <map>

namespace mq::ctl::apply {
namespace {

mqpath::PathRef by_id(std::uint32_t id) {
    mqpath::PathRef ref;
    ref.id = id;
    return ref;
}

// Runs one step; created namespaces go into `namespaces`, so that later
// steps find their disks.
class StepRunner {
  public:
    StepRunner(const State& state, Kernel& kernel) : kernel_(kernel) {
        for (const auto& ns : state.namespaces) {
            namespaces_[ns.id] = ns;
        }
    }

    void operator()(const NsCreate& a) {
        auto ns = kernel_.create_namespace(a.spec);
        namespaces_[ns.id] = std::move(ns);
    }
    void operator()(const NsDestroy& a) {
        kernel_.destroy_namespace(a.id, false);
        namespaces_.erase(a.id);
    }
    void operator()(const NsPathSet& a) { kernel_.set_null_path(a.ns_id, a.settings); }
    void operator()(const DevCreate& a) { (void)kernel_.create_device(a.settings); }
    void operator()(const DevDestroy& a) { kernel_.destroy_device(a.id); }
    void operator()(const DevSet& a) { kernel_.set_device(a.id, a.settings); }
    void operator()(const PathAdd& a) {
        (void)kernel_.add_path(a.dev, disk_of(a.target), a.priority, a.allow_unidentified);
    }
    void operator()(const PathRemove& a) { kernel_.remove_path(a.dev, by_id(a.path_id), false); }
    void operator()(const PathPriority& a) {
        kernel_.set_path_priority(a.dev, by_id(a.path_id), a.priority);
    }

  private:
    Kernel& kernel_;
    std::map<std::uint32_t, mqnull::NamespaceInfo> namespaces_;

    [[nodiscard]] DevNum disk_of(const PathTarget& t) const {
        if (!t.ns_id) {
            return t.devnum;
        }
        const auto it = namespaces_.find(*t.ns_id);
        if (it == namespaces_.end() || t.ns_path >= it->second.paths.size()) {
            throw std::runtime_error("namespace " + std::to_string(*t.ns_id) + " has no path " +
                                     std::to_string(t.ns_path));
        }
        const auto& p = it->second.paths[t.ns_path];
        return {p.major, p.minor};
    }
};

// The mqctl command a step stands for, to name the attributes of its
// request as the file's keys.
struct CommandOf {
    const char* operator()(const NsCreate& /*a*/) const { return "null create"; }
    const char* operator()(const NsDestroy& /*a*/) const { return "null destroy"; }
    const char* operator()(const NsPathSet& /*a*/) const { return "null path set"; }
    const char* operator()(const DevCreate& /*a*/) const { return "mpath create"; }
    const char* operator()(const DevDestroy& /*a*/) const { return "mpath destroy"; }
    const char* operator()(const DevSet& /*a*/) const { return "mpath set"; }
    const char* operator()(const PathAdd& /*a*/) const { return "mpath path add"; }
    const char* operator()(const PathRemove& /*a*/) const { return "mpath path remove"; }
    const char* operator()(const PathPriority& /*a*/) const { return "mpath path set"; }
};

} // namespace

State read_state(Kernel& kernel, bool need_null, bool need_mpath) {
    State st;
    try {
        st.namespaces = kernel.list_namespaces();
    } catch (const nl::FamilyMissing&) {
        if (need_null) {
            throw;
        }
    }
    try {
        st.devices = kernel.list_devices();
    } catch (const nl::FamilyMissing&) {
        if (need_mpath) {
            throw;
        }
    }
    return st;
}

Outcome execute(const Plan& plan, const State& state, Kernel& kernel) {
    Outcome out;
    out.steps.assign(plan.steps.size(), StepResult::not_done);
    StepRunner runner(state, kernel);
    for (std::size_t i = 0; i < plan.steps.size(); ++i) {
        try {
            std::visit(runner, plan.steps[i].action);
        } catch (const std::exception& e) {
            out.steps[i] = StepResult::failed;
            out.failed = i;
            out.error = describe_error(e, std::visit(CommandOf{}, plan.steps[i].action),
                                       NameStyle::file_key);
            break;
        }
        out.steps[i] = StepResult::done;
    }
    return out;
}

} // namespace mq::ctl::apply
