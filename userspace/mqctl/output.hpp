// SPDX-License-Identifier: GPL-2.0-only
// Printing for mqctl: JSON documents (stable field names, documented in
// docs/mqctl.md) and human-readable tables. No netlink here: input is the typed
// structs of netlink/mqnull.hpp and netlink/mqpath.hpp.
#pragma once

#include "netlink/mqnull.hpp"
#include "netlink/mqpath.hpp"

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace mq::ctl {

using nlohmann::ordered_json;

// Columns separated by two spaces, left-aligned; the last column unpadded.
class Table {
  public:
    explicit Table(std::vector<std::string> headers);
    void add(std::vector<std::string> row);
    void print(std::ostream& out) const;

  private:
    std::vector<std::vector<std::string>> rows_;
};

// ---- mqnull ----
ordered_json to_json(const mqnull::ModuleInfo& info);
ordered_json to_json(const mqnull::NamespaceInfo& ns);
ordered_json to_json(const mqnull::PathInfo& path);
ordered_json to_json(const mqnull::NamespaceStats& stats);
ordered_json to_json(const mqnull::PathStateEvent& ev);

void print_info(std::ostream& out, const mqnull::ModuleInfo& info);
void print_namespace(std::ostream& out, const mqnull::NamespaceInfo& ns);
void print_namespace_list(std::ostream& out, const std::vector<mqnull::NamespaceInfo>& list);
void print_stats(std::ostream& out, const std::vector<mqnull::NamespaceStats>& stats);
std::string event_line(const mqnull::PathStateEvent& ev);

// ---- mqpath ----
// The version of the device JSON ('mpath show', 'mpath create --json'):
// 2 added checker, history, read/write counts, queueing and marginal paths.
inline constexpr int kMpathSchemaVersion = 2;
ordered_json to_json(const mqpath::ModuleInfo& info);
ordered_json to_json(const mqpath::DeviceInfo& dev);
ordered_json to_json(const mqpath::PathInfo& path);
ordered_json to_json(const mqpath::DeviceStats& stats);
ordered_json to_json(const mqpath::Event& ev);

void print_info(std::ostream& out, const mqpath::ModuleInfo& info);
void print_device(std::ostream& out, const mqpath::DeviceInfo& dev);
void print_device_list(std::ostream& out, const std::vector<mqpath::DeviceInfo>& list);
void print_stats(std::ostream& out, const std::vector<mqpath::DeviceStats>& stats);
std::string event_line(const mqpath::Event& ev);

// "/dev/mqpath3" (from the disk name, else the id).
std::string mpath_disk(std::uint32_t id, const std::string& disk_name);

// A JSON array of to_json(item).
template <typename T> ordered_json to_json_array(const std::vector<T>& items) {
    ordered_json a = ordered_json::array();
    for (const auto& i : items) {
        a.push_back(to_json(i));
    }
    return a;
}

// Pretty-printed document plus newline.
void print_json(std::ostream& out, const ordered_json& doc);

} // namespace mq::ctl
