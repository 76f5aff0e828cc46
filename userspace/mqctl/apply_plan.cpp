// SPDX-License-Identifier: GPL-2.0-only
#include "mqctl/apply_plan.hpp"

#include "mqctl/units.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>
#include <tuple>

namespace mq::ctl::apply {
namespace {

using Disk = std::pair<std::uint32_t, std::uint32_t>; // major, minor

std::string size_text(std::uint64_t v) {
    return format_size(v);
}
std::string num_text(std::uint64_t v) {
    return std::to_string(v);
}
std::string bool_text(bool v) {
    return v ? "true" : "false";
}
std::string on_off(bool v) {
    return v ? "on" : "off";
}
std::string ns_text(std::uint64_t v) {
    return format_duration_ns(v);
}
std::string ms_text(std::uint32_t v) {
    return format_duration_ns(static_cast<std::uint64_t>(v) * 1000 * 1000);
}
template <typename E> std::string enum_text(E v) {
    return to_string(v);
}

// Field-by-field comparison of what the file wants with what is there.
// `given` collects "key=value" of every wanted field; `diffs` "key old ->
// new" of those that differ.
struct Compare {
    std::vector<std::string> given;
    std::vector<std::string> diffs;

    // Returns whether the field is given and differs.
    template <typename T, typename U, typename Fmt>
    bool field(const char* key, const std::optional<T>& want, const U& have, Fmt text) {
        if (!want) {
            return false;
        }
        given.push_back(fmt::format("{}={}", key, text(*want)));
        if (*want == have) {
            return false;
        }
        diffs.push_back(fmt::format("{} {} -> {}", key, text(have), text(*want)));
        return true;
    }

    // field() for one member of a settings struct: a setting that is given
    // and differs is copied into `out`, which then holds only the changes.
    template <typename S, typename T, typename U, typename Fmt>
    void setting(const char* key, std::optional<T> S::*member, const S& want, const U& have, S& out,
                 Fmt text) {
        if (field(key, want.*member, have, text)) {
            out.*member = want.*member;
        }
    }
};

std::string joined(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const auto& s : v) {
        out += (out.empty() ? "" : sep) + s;
    }
    return out;
}

// Creation parameters of a namespace; the differences cannot change in place.
Compare compare_ns(const mqnull::NamespaceSpec& want, const mqnull::NamespaceInfo& have) {
    Compare c;
    c.field("size", want.size, have.size, size_text);
    c.field("paths", want.nr_paths, have.nr_paths, num_text);
    c.field("memory-backed", want.memory_backed, have.memory_backed, bool_text);
    c.field("lbs", want.logical_bs, have.logical_bs, num_text);
    c.field("pbs", want.physical_bs, have.physical_bs, num_text);
    c.field("queues", want.submit_queues, have.submit_queues, num_text);
    c.field("depth", want.queue_depth, have.queue_depth, num_text);
    c.field("completion", want.completion, have.completion, enum_text<mqnull::Completion>);
    c.field("completion-delay", want.completion_nsec, have.completion_nsec, ns_text);
    c.field("poll-queues", want.poll_queues, have.poll_queues, num_text);
    c.field("shared-tags", want.shared_tags, have.shared_tags, bool_text);
    return c;
}

// The fault settings of a path that differ from `have`; empty if none.
mqnull::PathSettings fault_diff(const mqnull::PathSettings& want, const mqnull::PathInfo& have,
                                std::string& what) {
    Compare c;
    mqnull::PathSettings out;
    out.id = want.id;
    using P = mqnull::PathSettings;
    c.setting("state", &P::state, want, have.state, out, enum_text<mqnull::PathState>);
    c.setting("latency", &P::latency_nsec, want, have.latency_nsec, out, ns_text);
    c.setting("error-ppm", &P::error_ppm, want, have.error_ppm, out, num_text);
    c.setting("iops-limit", &P::iops_limit, want, have.iops_limit, out, num_text);
    c.setting("bps-limit", &P::bps_limit, want, have.bps_limit, out, size_text);
    what = fmt::format("path {}: {}", want.id, joined(c.diffs, ", "));
    return out;
}

// A device's size and block size cannot change in place; the settings can.
Compare compare_dev_fixed(const mqpath::DeviceSettings& want, const mqpath::DeviceInfo& have) {
    Compare c;
    c.field("size", want.size, have.size, size_text);
    c.field("logical-bs", want.logical_bs, have.logical_bs, num_text);
    return c;
}

// The settings that differ go into `out`.
Compare compare_dev_settings(const mqpath::DeviceSettings& want, const mqpath::DeviceInfo& have,
                             mqpath::DeviceSettings& out) {
    Compare c;
    using D = mqpath::DeviceSettings;
    c.setting("selector", &D::selector, want, have.selector, out, enum_text<mqpath::Selector>);
    c.setting("failback", &D::failback, want, have.failback, out, enum_text<mqpath::Failback>);
    c.setting("queue-if-no-path", &D::queue_if_no_path, want, have.queue_if_no_path, out, on_off);
    c.setting("no-path-timeout", &D::no_path_timeout_ms, want, have.no_path_timeout_ms, out,
              ms_text);
    c.setting("probe-interval", &D::probe_interval_ms, want, have.probe_interval_ms, out, ms_text);
    c.setting("freeze-warn", &D::freeze_warn_ms, want, have.freeze_warn_ms, out, ms_text);
    c.setting("marginal-count", &D::marginal_count, want, have.marginal_count, out, num_text);
    c.setting("marginal-window", &D::marginal_window_ms, want, have.marginal_window_ms, out,
              ms_text);
    c.setting("marginal-hold", &D::marginal_hold_ms, want, have.marginal_hold_ms, out, ms_text);
    return c;
}

std::string create_text(const Compare& c) {
    return c.given.empty() ? "create" : "create: " + joined(c.given, " ");
}

// Steps run in three phases: first what frees disks (paths removed,
// devices destroyed), then the namespaces, then the devices' new state.
int phase_of(const Action& a) {
    if (std::holds_alternative<PathRemove>(a) || std::holds_alternative<DevDestroy>(a)) {
        return 0;
    }
    if (std::holds_alternative<NsCreate>(a) || std::holds_alternative<NsDestroy>(a) ||
        std::holds_alternative<NsPathSet>(a)) {
        return 1;
    }
    return 2;
}

template <typename T> const T* find_id(const std::vector<T>& v, std::uint32_t id) {
    auto it = std::find_if(v.begin(), v.end(), [id](const T& x) { return x.id == id; });
    return it == v.end() ? nullptr : &*it;
}

std::string disk_text(const std::string& name, std::uint32_t major, std::uint32_t minor) {
    return name.empty() ? fmt::format("{}:{}", major, minor) : "/dev/" + name;
}

class Planner {
  public:
    Planner(const Spec& spec, const State& state, const PlanOptions& opts,
            const DiskResolver& resolve)
        : spec_(spec), state_(state), opts_(opts), resolve_(resolve) {}

    Plan run() {
        decide_namespaces();
        decide_devices();
        for (std::size_t i = 0; i < spec_.namespaces.size(); ++i) {
            namespace_steps(i);
        }
        for (std::size_t i = 0; i < spec_.devices.size(); ++i) {
            device_steps(i, spec_.namespaces.size() + i);
        }
        for (std::size_t i = 0; i < plan_.objects.size(); ++i) {
            auto& o = plan_.objects[i];
            if (o.change == Change::unchanged && has_steps(i)) {
                o.change = Change::update;
            }
        }
        std::stable_sort(order_.begin(), order_.end());
        for (const auto& [phase, object, seq] : order_) {
            plan_.steps.push_back(std::move(pending_[seq]));
        }
        return std::move(plan_);
    }

  private:
    const Spec& spec_;
    const State& state_;
    const PlanOptions& opts_;
    const DiskResolver& resolve_;
    Plan plan_;
    std::vector<Step> pending_;
    std::vector<std::tuple<int, std::size_t, std::size_t>> order_; // phase, object, seq
    std::set<std::uint32_t> fresh_ns_;  // namespaces created now: disks not known yet
    std::set<Disk> old_disks_;          // the disks of namespaces being recreated
    std::set<std::uint32_t> fresh_dev_; // devices recreated

    void add(std::size_t object, Action a, std::string what) {
        order_.emplace_back(phase_of(a), object, pending_.size());
        pending_.push_back({a, object, std::move(what)});
    }

    [[nodiscard]] bool has_steps(std::size_t object) const {
        return std::any_of(pending_.begin(), pending_.end(),
                           [object](const Step& s) { return s.object == object; });
    }

    // Unchanged, create, recreate or blocked; update is found from the steps.
    [[nodiscard]] Change decide(bool exists, const std::vector<std::string>& fixed_diffs) const {
        if (!exists) {
            return Change::create;
        }
        if (fixed_diffs.empty()) {
            return Change::unchanged;
        }
        return opts_.recreate ? Change::recreate : Change::blocked;
    }

    void decide_namespaces() {
        for (const auto& ns : spec_.namespaces) {
            const std::uint32_t id = *ns.create.id;
            const auto* have = find_id(state_.namespaces, id);
            ObjectPlan o;
            o.kind = "namespace";
            o.id = id;
            o.name = ns.name;
            if (have != nullptr) {
                o.blockers = compare_ns(ns.create, *have).diffs;
            }
            o.change = decide(have != nullptr, o.blockers);
            if (o.change == Change::create || o.change == Change::recreate) {
                fresh_ns_.insert(id);
            }
            if (o.change == Change::recreate) {
                for (const auto& p : have->paths) {
                    old_disks_.emplace(p.major, p.minor);
                }
            }
            plan_.objects.push_back(std::move(o));
        }
    }

    void decide_devices() {
        for (const auto& d : spec_.devices) {
            const std::uint32_t id = *d.settings.id;
            const auto* have = find_id(state_.devices, id);
            ObjectPlan o;
            o.kind = "device";
            o.id = id;
            if (have != nullptr) {
                o.blockers = compare_dev_fixed(d.settings, *have).diffs;
            }
            o.change = decide(have != nullptr, o.blockers);
            if (o.change == Change::recreate) {
                fresh_dev_.insert(id);
            }
            plan_.objects.push_back(std::move(o));
        }
    }

    void fault_steps(std::size_t object, const NamespaceDecl& ns,
                     const std::vector<mqnull::PathInfo>& have) {
        for (const auto& want : ns.faults) {
            mqnull::PathInfo current; // a new path: live, no faults
            current.id = want.id;
            if (want.id < have.size()) {
                current = have[want.id];
            }
            std::string what;
            const auto diff = fault_diff(want, current, what);
            if (!diff.empty()) {
                add(object, NsPathSet{.ns_id = *ns.create.id, .settings = diff}, what);
            }
        }
    }

    void namespace_steps(std::size_t i) {
        const auto& ns = spec_.namespaces[i];
        const auto& o = plan_.objects[i];
        const std::uint32_t id = *ns.create.id;
        const auto* have = find_id(state_.namespaces, id);
        switch (o.change) {
        case Change::blocked:
            return;
        case Change::unchanged:
            fault_steps(i, ns, have->paths);
            return;
        case Change::recreate:
            // Its disks leave the devices that hold them (the devices of
            // the file get them back when the new disks exist).
            for (const auto& dev : state_.devices) {
                if (fresh_dev_.contains(dev.id)) {
                    continue;
                }
                for (const auto& p : dev.paths) {
                    if (std::any_of(have->paths.begin(), have->paths.end(), [&](const auto& np) {
                            return np.major == p.major && np.minor == p.minor;
                        })) {
                        add(i, PathRemove{.dev = dev.id, .path_id = p.id},
                            fmt::format("detach {} from device {} (its path {})",
                                        disk_text(p.disk_name, p.major, p.minor), dev.id, p.id));
                    }
                }
            }
            add(i, NsDestroy{.id = id}, "destroy");
            break;
        default:
            break;
        }
        // A recreated namespace is the same storage with new creation
        // options: it keeps its unique id unless the file names one, so
        // that the devices it rejoins still take its disks as their paths.
        mqnull::NamespaceSpec create = ns.create;
        if (o.change == Change::recreate && !create.uuid && have->uuid != mqnull::Uuid{}) {
            create.uuid = have->uuid;
        }
        add(i, NsCreate{.spec = create},
            create_text(compare_ns(ns.create, mqnull::NamespaceInfo{})));
        fault_steps(i, ns, {});
    }

    [[nodiscard]] std::string path_label(const PathDecl& p) const {
        if (!p.ns_id) {
            return p.disk;
        }
        const auto& decl = *std::find_if(spec_.namespaces.begin(), spec_.namespaces.end(),
                                         [&](const auto& n) { return *n.create.id == *p.ns_id; });
        return fmt::format("namespace {} path {}",
                           decl.name.empty() ? std::to_string(*p.ns_id) : decl.name, p.ns_path);
    }

    [[nodiscard]] PathTarget target_of(const PathDecl& p) const {
        PathTarget t;
        if (p.ns_id && fresh_ns_.contains(*p.ns_id)) {
            t.ns_id = p.ns_id;
            t.ns_path = p.ns_path;
            return t;
        }
        if (p.ns_id) {
            const auto& disk = find_id(state_.namespaces, *p.ns_id)->paths.at(p.ns_path);
            t.devnum = {disk.major, disk.minor};
            return t;
        }
        try {
            t.devnum = resolve_(p.disk);
        } catch (const std::exception& e) {
            throw SpecError(p.field + ".disk: " + e.what());
        }
        return t;
    }

    void add_path(std::size_t object, std::uint32_t dev, const PathDecl& p, const PathTarget& t) {
        add(object,
            PathAdd{.dev = dev,
                    .target = t,
                    .priority = p.priority,
                    .allow_unidentified = p.allow_unidentified},
            fmt::format("add {} (priority {})", path_label(p), p.priority));
    }

    void device_steps(std::size_t j, std::size_t object) {
        const auto& d = spec_.devices[j];
        const auto& o = plan_.objects[object];
        const std::uint32_t id = *d.settings.id;
        std::vector<PathTarget> targets;
        for (const auto& p : d.paths) {
            targets.push_back(target_of(p));
        }
        if (o.change == Change::blocked) {
            return;
        }
        if (o.change == Change::create || o.change == Change::recreate) {
            if (o.change == Change::recreate) {
                add(object, DevDestroy{.id = id}, "destroy");
            }
            mqpath::DeviceSettings ignored;
            Compare c = compare_dev_fixed(d.settings, mqpath::DeviceInfo{});
            const Compare s = compare_dev_settings(d.settings, mqpath::DeviceInfo{}, ignored);
            c.given.insert(c.given.end(), s.given.begin(), s.given.end());
            add(object, DevCreate{.settings = d.settings}, create_text(c));
            for (std::size_t k = 0; k < d.paths.size(); ++k) {
                add_path(object, id, d.paths[k], targets[k]);
            }
            return;
        }
        const auto& have = *find_id(state_.devices, id);
        mqpath::DeviceSettings set;
        const Compare s = compare_dev_settings(d.settings, have, set);
        if (!s.diffs.empty()) {
            add(object, DevSet{.id = id, .settings = set}, joined(s.diffs, ", "));
        }
        std::set<std::uint32_t> kept;
        for (std::size_t k = 0; k < d.paths.size(); ++k) {
            const auto& t = targets[k];
            const auto it = std::find_if(have.paths.begin(), have.paths.end(), [&](const auto& p) {
                return !t.ns_id && p.major == t.devnum.major && p.minor == t.devnum.minor;
            });
            if (it == have.paths.end()) {
                add_path(object, id, d.paths[k], t);
                continue;
            }
            kept.insert(it->id);
            if (it->priority != d.paths[k].priority) {
                add(object,
                    PathPriority{.dev = id, .path_id = it->id, .priority = d.paths[k].priority},
                    fmt::format("{}: priority {} -> {}", path_label(d.paths[k]), it->priority,
                                d.paths[k].priority));
            }
        }
        for (const auto& p : have.paths) {
            if (kept.contains(p.id) || old_disks_.contains({p.major, p.minor})) {
                continue; // kept, or detached by its namespace's recreation
            }
            add(object, PathRemove{.dev = id, .path_id = p.id},
                fmt::format("remove {} (its path {})", disk_text(p.disk_name, p.major, p.minor),
                            p.id));
        }
    }
};

} // namespace

std::string to_string(Change c) {
    switch (c) {
    case Change::unchanged:
        return "unchanged";
    case Change::create:
        return "create";
    case Change::update:
        return "update";
    case Change::recreate:
        return "recreate";
    case Change::blocked:
        return "blocked";
    }
    return "unknown";
}

std::string label(const ObjectPlan& o) {
    std::string s = o.kind + " " + std::to_string(o.id);
    if (!o.name.empty()) {
        s += " (" + o.name + ")";
    }
    return s;
}

bool Plan::blocked() const {
    return std::any_of(objects.begin(), objects.end(),
                       [](const ObjectPlan& o) { return o.change == Change::blocked; });
}

Plan make_plan(const Spec& spec, const State& state, const PlanOptions& opts,
               const DiskResolver& resolve) {
    return Planner(spec, state, opts, resolve).run();
}

} // namespace mq::ctl::apply
