// SPDX-License-Identifier: GPL-2.0-only
// What the unit tests of mqctl apply share: the error text of a set-up
// file, a disk resolver that knows no disk, and a fake kernel that records
// each request in order (optionally failing one) with the settings it was
// given. The verbs' tests (mqctl_cli_test) use it too.
#pragma once

#include "mqctl/apply_exec.hpp"
#include "mqctl/apply_spec.hpp"

#include <cerrno>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <system_error>
#include <vector>

namespace mq::ctl::apply::testing {

// The error message of parse_spec(text), or "" if it parses.
inline std::string spec_error(const std::string& text) {
    try {
        parse_spec(text);
    } catch (const SpecError& e) {
        return e.what();
    }
    return "";
}

inline DevNum no_disks(const std::string& disk) {
    throw std::system_error(ENOENT, std::generic_category(), disk);
}

// "7" for a path id, "251:10" for a disk.
inline std::string ref_text(const mqpath::PathRef& p) {
    return p.id ? std::to_string(*p.id) : std::to_string(p.major) + ":" + std::to_string(p.minor);
}

class FakeKernel : public Kernel {
  public:
    std::vector<std::string> calls;
    std::vector<mqpath::DeviceSettings> device_settings; // create and set, in order
    std::vector<mqnull::NamespaceSpec> namespace_specs;  // null create, in order
    std::vector<mqnull::PathSettings> null_path_settings;
    std::vector<MonitorOptions> monitors;
    std::map<std::string, DevNum> disks;           // what resolve_disk knows
    std::vector<mqnull::NamespaceInfo> namespaces; // what list_namespaces returns
    std::vector<mqpath::DeviceInfo> devices;       // what list_devices returns
    bool last_allow_unidentified = false;          // add_path's
    std::size_t fail_at = std::numeric_limits<std::size_t>::max();

    void open(Module /*m*/) override {}

    mqnull::ModuleInfo null_info() override {
        call("null info");
        return {};
    }
    mqnull::NamespaceInfo create_namespace(const mqnull::NamespaceSpec& spec) override {
        call("ns create " + std::to_string(spec.id.value_or(1)));
        namespace_specs.push_back(spec);
        mqnull::NamespaceInfo ns;
        ns.id = spec.id.value_or(1);
        for (std::uint32_t i = 0; i < spec.nr_paths.value_or(1); ++i) {
            mqnull::PathInfo p;
            p.id = i;
            p.major = 251;
            p.minor = 10 + i;
            ns.paths.push_back(p);
        }
        return ns;
    }
    void destroy_namespace(std::uint32_t id, bool force) override {
        call("ns destroy " + std::to_string(id) + (force ? " force" : ""));
    }
    mqnull::NamespaceInfo get_namespace(std::uint32_t id) override {
        call("ns get " + std::to_string(id));
        mqnull::NamespaceInfo ns;
        ns.id = id;
        return ns;
    }
    std::vector<mqnull::NamespaceInfo> list_namespaces() override {
        call("ns list");
        return namespaces;
    }
    void set_null_path(std::uint32_t ns, const mqnull::PathSettings& s) override {
        call("ns " + std::to_string(ns) + " path set " + std::to_string(s.id));
        null_path_settings.push_back(s);
    }
    mqnull::NamespaceStats namespace_stats(std::uint32_t ns,
                                           std::optional<std::uint32_t> path) override {
        call("ns " + std::to_string(ns) + " stats" +
             (path ? " path " + std::to_string(*path) : ""));
        mqnull::NamespaceStats st;
        st.id = ns;
        return st;
    }
    std::vector<mqnull::NamespaceStats> all_namespace_stats() override {
        call("ns stats");
        return {};
    }

    mqpath::ModuleInfo mpath_info() override {
        call("mpath info");
        return {};
    }
    mqpath::DeviceInfo create_device(const mqpath::DeviceSettings& s) override {
        call("dev create " + std::to_string(s.id.value_or(0)));
        device_settings.push_back(s);
        mqpath::DeviceInfo d;
        d.id = s.id.value_or(0);
        d.disk_name = "mqpath" + std::to_string(d.id);
        return d;
    }
    void destroy_device(std::uint32_t id) override { call("dev destroy " + std::to_string(id)); }
    mqpath::DeviceInfo get_device(std::uint32_t id) override {
        call("dev get " + std::to_string(id));
        mqpath::DeviceInfo d;
        d.id = id;
        return d;
    }
    std::vector<mqpath::DeviceInfo> list_devices() override {
        call("dev list");
        return devices;
    }
    void set_device(std::uint32_t id, const mqpath::DeviceSettings& s) override {
        call("dev set " + std::to_string(id));
        device_settings.push_back(s);
    }
    void failback(std::uint32_t id) override { call("dev failback " + std::to_string(id)); }
    mqpath::PathInfo add_path(std::uint32_t dev, DevNum disk, std::optional<std::uint32_t> priority,
                              bool allow_unidentified) override {
        call("dev " + std::to_string(dev) + " add " + std::to_string(disk.major) + ":" +
             std::to_string(disk.minor) + (priority ? " prio " + std::to_string(*priority) : ""));
        last_allow_unidentified = allow_unidentified;
        mqpath::PathInfo p;
        p.id = 0;
        return p;
    }
    void remove_path(std::uint32_t dev, const mqpath::PathRef& path, bool force) override {
        call("dev " + std::to_string(dev) + " remove " + ref_text(path) + (force ? " force" : ""));
    }
    void fail_path(std::uint32_t dev, const mqpath::PathRef& path, bool force) override {
        call("dev " + std::to_string(dev) + " fail " + ref_text(path) + (force ? " force" : ""));
    }
    void reinstate_path(std::uint32_t dev, const mqpath::PathRef& path) override {
        call("dev " + std::to_string(dev) + " reinstate " + ref_text(path));
    }
    void set_path_priority(std::uint32_t dev, const mqpath::PathRef& path,
                           std::uint32_t priority) override {
        call("dev " + std::to_string(dev) + " path " + ref_text(path) + " prio " +
             std::to_string(priority));
    }
    mqpath::DeviceStats device_stats(std::uint32_t id) override {
        call("dev stats " + std::to_string(id));
        return {};
    }
    std::vector<mqpath::DeviceStats> all_device_stats() override {
        call("dev stats");
        return {};
    }

    DevNum resolve_disk(const std::string& disk) override {
        const auto it = disks.find(disk);
        return it != disks.end() ? it->second : no_disks(disk);
    }
    void monitor(const MonitorOptions& opts, std::ostream& /*out*/) override {
        call("monitor");
        monitors.push_back(opts);
    }

  private:
    void call(const std::string& what) {
        if (calls.size() == fail_at) {
            calls.push_back(what + " (failed)");
            throw std::system_error(EBUSY, std::generic_category(), "busy");
        }
        calls.push_back(what);
    }
};

} // namespace mq::ctl::apply::testing
