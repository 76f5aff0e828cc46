// SPDX-License-Identifier: GPL-2.0-only
// mqctl apply, step 2: what has to change. Compares a Spec with the
// namespaces and devices that exist and lists, per object of the file,
// whether it is created, updated, recreated or left alone, and the steps
// that do it, in the order they must run. Pure: the current state and the
// block-device lookup come in as arguments.
#pragma once

#include "mqctl/apply_spec.hpp"
#include "mqctl/devices.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <variant>
#include <vector>

namespace mq::ctl::apply {

// What the kernel reports now.
struct State {
    std::vector<mqnull::NamespaceInfo> namespaces;
    std::vector<mqpath::DeviceInfo> devices;
};

// The disk of a path to add: known now (devnum), or path ns_path of
// namespace ns_id, which this apply creates, so that its number is known
// only once it exists.
struct PathTarget {
    std::optional<std::uint32_t> ns_id;
    std::uint32_t ns_path = 0;
    DevNum devnum;
    bool operator==(const PathTarget&) const = default;
};

// The steps, one netlink request each.
struct NsCreate {
    mqnull::NamespaceSpec spec;
    bool operator==(const NsCreate&) const = default;
};
struct NsDestroy {
    std::uint32_t id = 0;
    bool operator==(const NsDestroy&) const = default;
};
struct NsPathSet {
    std::uint32_t ns_id = 0;
    mqnull::PathSettings settings; // only what changes
    bool operator==(const NsPathSet&) const = default;
};
struct DevCreate {
    mqpath::DeviceSettings settings;
    bool operator==(const DevCreate&) const = default;
};
struct DevDestroy {
    std::uint32_t id = 0;
    bool operator==(const DevDestroy&) const = default;
};
struct DevSet {
    std::uint32_t id = 0;
    mqpath::DeviceSettings settings; // only what changes
    bool operator==(const DevSet&) const = default;
};
struct PathAdd {
    std::uint32_t dev = 0;
    PathTarget target;
    std::uint32_t priority = 0;
    bool allow_unidentified = false;
    bool operator==(const PathAdd&) const = default;
};
struct PathRemove {
    std::uint32_t dev = 0;
    std::uint32_t path_id = 0;
    bool operator==(const PathRemove&) const = default;
};
struct PathPriority {
    std::uint32_t dev = 0;
    std::uint32_t path_id = 0;
    std::uint32_t priority = 0;
    bool operator==(const PathPriority&) const = default;
};
using Action = std::variant<NsCreate, NsDestroy, NsPathSet, DevCreate, DevDestroy, DevSet, PathAdd,
                            PathRemove, PathPriority>;

struct Step {
    Action action;
    std::size_t object = 0; // index into Plan::objects
    std::string what;       // "selector rr -> qd", for the report
};

enum class Change {
    unchanged,
    create,
    update,
    recreate, // destroyed and created again (--recreate)
    blocked,  // would need recreating, and --recreate was not given
};

// "unchanged", "create", "update", "recreate", "blocked"
std::string to_string(Change c);

// One namespace or device of the file.
struct ObjectPlan {
    std::string kind; // "namespace" or "device"
    std::uint32_t id = 0;
    std::string name; // the namespace's name in the file, "" if none
    Change change = Change::unchanged;
    std::vector<std::string> blockers; // what cannot change in place: "size 64M -> 128M"
};

// "namespace 1 (a)", "device 0"
std::string label(const ObjectPlan& o);

struct Plan {
    std::vector<ObjectPlan> objects; // namespaces, then devices, in file order
    std::vector<Step> steps;         // in the order they run
    [[nodiscard]] bool blocked() const;
};

struct PlanOptions {
    bool recreate = false; // destroy and create what cannot change in place
};

// Resolves a path's "disk" of the file; throws (std::system_error) if
// there is no such block device.
using DiskResolver = std::function<DevNum(const std::string&)>;

// Throws SpecError (naming the field) when a disk does not resolve.
Plan make_plan(const Spec& spec, const State& state, const PlanOptions& opts,
               const DiskResolver& resolve);

} // namespace mq::ctl::apply
