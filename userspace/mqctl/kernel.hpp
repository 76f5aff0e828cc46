// SPDX-License-Identifier: GPL-2.0-only
// Every request mqctl makes of the modules (and of the system: disk names,
// events), behind one interface, so that the unit tests can check what a
// command line asks for with a fake and no kernel. The verbs and apply both
// use it; netlink_kernel() is the real one.
#pragma once

#include "mqctl/devices.hpp"
#include "mqctl/monitor.hpp"
#include "netlink/mqnull.hpp"
#include "netlink/mqpath.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace mq::ctl {

enum class Module { null, mpath };

// Each request throws on failure (nl::NetlinkError, nl::FamilyMissing,
// std::system_error), as describe_error() words it.
class Kernel {
  public:
    Kernel() = default;
    virtual ~Kernel() = default;
    Kernel(const Kernel&) = delete;
    Kernel& operator=(const Kernel&) = delete;
    Kernel(Kernel&&) = delete;
    Kernel& operator=(Kernel&&) = delete;

    // Reaches the module now: a command says a missing module before any
    // other error (a disk that does not resolve, say).
    virtual void open(Module m) = 0;

    // ---- mqnull ----
    virtual mqnull::ModuleInfo null_info() = 0;
    virtual mqnull::NamespaceInfo create_namespace(const mqnull::NamespaceSpec& spec) = 0;
    virtual void destroy_namespace(std::uint32_t id, bool force) = 0;
    virtual mqnull::NamespaceInfo get_namespace(std::uint32_t id) = 0;
    virtual std::vector<mqnull::NamespaceInfo> list_namespaces() = 0;
    virtual void set_null_path(std::uint32_t ns_id, const mqnull::PathSettings& s) = 0;
    // The stats carry each path disk's MAJ:MIN.
    virtual mqnull::NamespaceStats namespace_stats(std::uint32_t ns_id,
                                                   std::optional<std::uint32_t> path) = 0;
    virtual std::vector<mqnull::NamespaceStats> all_namespace_stats() = 0;

    // ---- mqpath ----
    virtual mqpath::ModuleInfo mpath_info() = 0;
    virtual mqpath::DeviceInfo create_device(const mqpath::DeviceSettings& s) = 0;
    virtual void destroy_device(std::uint32_t id) = 0;
    virtual mqpath::DeviceInfo get_device(std::uint32_t id) = 0;
    virtual std::vector<mqpath::DeviceInfo> list_devices() = 0;
    virtual void set_device(std::uint32_t id, const mqpath::DeviceSettings& s) = 0;
    virtual void failback(std::uint32_t id) = 0;
    virtual mqpath::PathInfo add_path(std::uint32_t dev, DevNum disk,
                                      std::optional<std::uint32_t> priority,
                                      bool allow_unidentified) = 0;
    virtual void remove_path(std::uint32_t dev, const mqpath::PathRef& path, bool force) = 0;
    virtual void fail_path(std::uint32_t dev, const mqpath::PathRef& path, bool force) = 0;
    virtual void reinstate_path(std::uint32_t dev, const mqpath::PathRef& path) = 0;
    virtual void set_path_priority(std::uint32_t dev, const mqpath::PathRef& path,
                                   std::uint32_t priority) = 0;
    virtual mqpath::DeviceStats device_stats(std::uint32_t id) = 0;
    virtual std::vector<mqpath::DeviceStats> all_device_stats() = 0;

    // ---- the system ----
    // A disk argument (/dev/NAME, NAME, MAJ:MIN) as its device number.
    virtual DevNum resolve_disk(const std::string& disk) = 0;
    // Prints the modules' events until opts says stop (see run_monitor).
    virtual void monitor(const MonitorOptions& opts, std::ostream& out) = 0;
};

// The modules over generic netlink. Each family is opened when first
// needed and then kept, so a --batch of many commands uses one socket per
// family.
std::unique_ptr<Kernel> netlink_kernel();

} // namespace mq::ctl
