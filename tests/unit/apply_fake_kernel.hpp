// SPDX-License-Identifier: GPL-2.0-only
// What the unit tests of mqctl apply share: the error text of a set-up
// file, a disk resolver that knows no disk, and a fake kernel that records
// each request in order (optionally failing one) with the device settings
// it was given.
#pragma once

#include "mqctl/apply_exec.hpp"
#include "mqctl/apply_spec.hpp"

#include <cerrno>
#include <cstdint>
#include <limits>
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

class FakeKernel : public Kernel {
  public:
    std::vector<std::string> calls;
    std::vector<mqpath::DeviceSettings> device_settings; // create and set, in order
    std::size_t fail_at = std::numeric_limits<std::size_t>::max();

    mqnull::NamespaceInfo create_namespace(const mqnull::NamespaceSpec& spec) override {
        call("ns create " + std::to_string(*spec.id));
        mqnull::NamespaceInfo ns;
        ns.id = *spec.id;
        for (std::uint32_t i = 0; i < *spec.nr_paths; ++i) {
            mqnull::PathInfo p;
            p.id = i;
            p.major = 251;
            p.minor = 10 + i;
            ns.paths.push_back(p);
        }
        return ns;
    }
    void destroy_namespace(std::uint32_t id) override { call("ns destroy " + std::to_string(id)); }
    void set_null_path(std::uint32_t ns, const mqnull::PathSettings& s) override {
        call("ns " + std::to_string(ns) + " path set " + std::to_string(s.id));
    }
    void create_device(const mqpath::DeviceSettings& s) override {
        call("dev create " + std::to_string(*s.id));
        device_settings.push_back(s);
    }
    void destroy_device(std::uint32_t id) override { call("dev destroy " + std::to_string(id)); }
    void set_device(std::uint32_t id, const mqpath::DeviceSettings& s) override {
        call("dev set " + std::to_string(id));
        device_settings.push_back(s);
    }
    void add_path(std::uint32_t dev, DevNum disk, std::uint32_t priority,
                  bool /*allow_unidentified*/) override {
        call("dev " + std::to_string(dev) + " add " + std::to_string(disk.major) + ":" +
             std::to_string(disk.minor) + " prio " + std::to_string(priority));
    }
    void remove_path(std::uint32_t dev, std::uint32_t path_id) override {
        call("dev " + std::to_string(dev) + " remove " + std::to_string(path_id));
    }
    void set_path_priority(std::uint32_t dev, std::uint32_t path_id,
                           std::uint32_t priority) override {
        call("dev " + std::to_string(dev) + " path " + std::to_string(path_id) + " prio " +
             std::to_string(priority));
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
