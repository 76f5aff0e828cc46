// SPDX-License-Identifier: GPL-2.0-only
#include "mqctl/output.hpp"

#include "mqctl/devices.hpp"
#include "mqctl/units.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace mq::ctl {
namespace {

std::string yes_no(bool v) {
    return v ? "yes" : "no";
}

std::string devnum(std::uint32_t major, std::uint32_t minor) {
    return fmt::format("{}:{}", major, minor);
}

std::string limit(std::uint64_t v, const std::string& text) {
    return v == 0 ? "-" : text;
}

std::string ms_text(std::uint32_t ms) {
    return ms == 0 ? "off" : format_duration_ns(static_cast<std::uint64_t>(ms) * 1000 * 1000);
}

// An optional number for JSON: null when absent.
ordered_json opt_json(const std::optional<std::uint64_t>& v) {
    return v ? ordered_json(*v) : ordered_json(nullptr);
}

// "1.5s ago", "-" when absent.
std::string age_text(const std::optional<std::uint64_t>& ms) {
    if (!ms) {
        return "-";
    }
    return (*ms ? format_duration_ns(*ms * 1000 * 1000) : "0ms") + " ago";
}

// The checker column: "ok 1.5s ago", "failed 200ms ago", "-" if never.
std::string checker_text(const mqpath::PathInfo& p) {
    if (!p.status.checker || *p.status.checker == mqpath::Checker::none || !p.status.check_age_ms) {
        return "-";
    }
    return mqpath::to_string(*p.status.checker) + " " + age_text(p.status.check_age_ms);
}

// The state column: a marginal path says how long it is held yet.
std::string state_text(const mqpath::PathInfo& p) {
    std::string out = mqpath::to_string(p.state);
    if (p.state == mqpath::PathState::marginal && p.status.hold_left_ms) {
        out += " (" + format_duration_ns(*p.status.hold_left_ms * 1000 * 1000) + " left)";
    }
    return out;
}

std::string marginal_text(const mqpath::DeviceInfo& d) {
    if (d.marginal_count == 0) {
        return "off";
    }
    return fmt::format("held {} after more than {} failures in {}", ms_text(d.marginal_hold_ms),
                       d.marginal_count, ms_text(d.marginal_window_ms));
}

// "key:  value" lines, keys padded to the longest.
void print_fields(std::ostream& out, const std::vector<std::pair<std::string, std::string>>& kv) {
    std::size_t w = 0;
    for (const auto& [k, v] : kv) {
        w = std::max(w, k.size());
    }
    for (const auto& [k, v] : kv) {
        out << k << ':' << std::string(w - k.size() + 2, ' ') << v << '\n';
    }
}

// What a path disk advertises: "wb,fua,discard", "wt" when it has none.
std::string cache_text(const mqnull::PathInfo& p) {
    std::string out = p.write_cache ? "wb" : "wt";
    out += p.fua ? ",fua" : "";
    out += p.discard ? ",discard" : "";
    return out;
}

} // namespace

Table::Table(std::vector<std::string> headers) {
    rows_.push_back(std::move(headers));
}

void Table::add(std::vector<std::string> row) {
    rows_.push_back(std::move(row));
}

void Table::print(std::ostream& out) const {
    std::vector<std::size_t> width;
    for (const auto& r : rows_) {
        width.resize(std::max(width.size(), r.size()));
        for (std::size_t i = 0; i < r.size(); ++i) {
            width[i] = std::max(width[i], r[i].size());
        }
    }
    for (const auto& r : rows_) {
        std::string line;
        for (std::size_t i = 0; i < r.size(); ++i) {
            line += r[i];
            if (i + 1 < r.size()) {
                line += std::string(width[i] - r[i].size() + 2, ' ');
            }
        }
        out << line << '\n';
    }
}

void print_json(std::ostream& out, const ordered_json& doc) {
    out << doc.dump(2) << '\n';
}

std::string mpath_disk(std::uint32_t id, const std::string& disk_name) {
    return "/dev/" + (disk_name.empty() ? "mqpath" + std::to_string(id) : disk_name);
}

// ---------------------------------------------------------------- mqnull

ordered_json to_json(const mqnull::ModuleInfo& info) {
    return {{"module", "mqnull"},          {"version", info.version},
            {"max_paths", info.max_paths}, {"max_namespaces", info.max_namespaces},
            {"max_tags", info.max_tags},   {"max_memory", info.max_memory}};
}

ordered_json to_json(const mqnull::PathInfo& p) {
    return {
        {"id", p.id},
        {"disk", dev_path(p.disk_name, p.major, p.minor)},
        {"major", p.major},
        {"minor", p.minor},
        {"state", mqnull::to_string(p.state)},
        {"latency_ns", p.latency_nsec},
        {"error_ppm", p.error_ppm},
        {"iops_limit", p.iops_limit},
        {"bps_limit", p.bps_limit},
        {"write_cache", p.write_cache},
        {"fua", p.fua},
        {"discard", p.discard},
    };
}

ordered_json to_json(const mqnull::NamespaceInfo& ns) {
    ordered_json j = {
        {"id", ns.id},
        {"size", ns.size},
        {"logical_block_size", ns.logical_bs},
        {"physical_block_size", ns.physical_bs},
        {"memory_backed", ns.memory_backed},
        {"nr_paths", ns.nr_paths},
        {"submit_queues", ns.submit_queues},
        {"queue_depth", ns.queue_depth},
        {"completion", mqnull::to_string(ns.completion)},
        {"completion_delay_ns", ns.completion_nsec},
        {"poll_queues", ns.poll_queues},
        {"shared_tags", ns.shared_tags},
        {"memory_used", ns.memory_used},
        {"uuid", mqnull::format_uuid(ns.uuid)},
        {"wwid", mqnull::wwid_of(ns.uuid)},
    };
    j["paths"] = to_json_array(ns.paths);
    return j;
}

ordered_json to_json(const mqnull::NamespaceStats& st) {
    ordered_json paths = ordered_json::array();
    for (const auto& p : st.paths) {
        paths.push_back({
            {"id", p.id},
            {"disk", dev_path(p.disk_name, p.major, p.minor)},
            {"major", p.major},
            {"minor", p.minor},
            {"state", p.state ? ordered_json(mqnull::to_string(*p.state)) : ordered_json(nullptr)},
            {"reads", p.reads},
            {"writes", p.writes},
            {"read_bytes", p.read_bytes},
            {"write_bytes", p.write_bytes},
            {"errors_injected", p.errors_injected},
            {"timeouts", p.timeouts},
            {"inflight", p.inflight},
            {"other_ops", p.other_ops},
            {"flushes", p.flushes},
        });
    }
    return {{"id", st.id}, {"paths", paths}};
}

ordered_json to_json(const mqnull::PathStateEvent& ev) {
    return {
        {"module", "mqnull"},
        {"event", "path_state"},
        {"ns", ev.ns_id},
        {"path", ev.path_id},
        {"disk", dev_path(ev.disk_name, ev.major, ev.minor)},
        {"major", ev.major},
        {"minor", ev.minor},
        {"state", mqnull::to_string(ev.state)},
        {"old_state",
         ev.old_state ? ordered_json(mqnull::to_string(*ev.old_state)) : ordered_json(nullptr)},
    };
}

void print_info(std::ostream& out, const mqnull::ModuleInfo& info) {
    print_fields(out, {{"module", "mqnull"},
                       {"version", std::to_string(info.version)},
                       {"max paths", std::to_string(info.max_paths)},
                       {"max namespaces", std::to_string(info.max_namespaces)},
                       {"max tags", std::to_string(info.max_tags)},
                       {"max memory", std::to_string(info.max_memory)}});
}

void print_namespace(std::ostream& out, const mqnull::NamespaceInfo& ns) {
    std::string completion = mqnull::to_string(ns.completion);
    if (ns.completion == mqnull::Completion::timer) {
        completion += " " + format_duration_ns(ns.completion_nsec);
    }
    print_fields(
        out,
        {
            {"namespace", std::to_string(ns.id)},
            {"size", fmt::format("{} ({} bytes)", format_size(ns.size), ns.size)},
            {"block size", fmt::format("logical {}, physical {}", ns.logical_bs, ns.physical_bs)},
            {"memory backed",
             ns.memory_backed ? fmt::format("yes, {} in use", format_size(ns.memory_used)) : "no"},
            {"queues", fmt::format("{} submit{}, {} poll, depth {}{}", ns.submit_queues,
                                   ns.submit_queues == 0 ? " (one per CPU)" : "", ns.poll_queues,
                                   ns.queue_depth, ns.shared_tags ? ", shared tags" : "")},
            {"completion", completion},
            {"uuid", mqnull::format_uuid(ns.uuid)},
            {"wwid", mqnull::wwid_of(ns.uuid)},
        });
    out << '\n';
    Table t({"PATH", "DISK", "DEV", "STATE", "LATENCY", "ERROR-PPM", "IOPS-LIMIT", "BPS-LIMIT",
             "CACHE"});
    for (const auto& p : ns.paths) {
        t.add({std::to_string(p.id), dev_path(p.disk_name, p.major, p.minor),
               devnum(p.major, p.minor), mqnull::to_string(p.state),
               p.latency_nsec == 0 ? "-" : format_duration_ns(p.latency_nsec),
               p.error_ppm == 0 ? "-" : std::to_string(p.error_ppm),
               limit(p.iops_limit, std::to_string(p.iops_limit)),
               limit(p.bps_limit, format_size(p.bps_limit) + "/s"), cache_text(p)});
    }
    t.print(out);
}

void print_namespace_list(std::ostream& out, const std::vector<mqnull::NamespaceInfo>& list) {
    Table t({"ID", "SIZE", "LBS", "PBS", "MEMORY", "COMPLETION", "PATHS", "DISKS"});
    for (const auto& ns : list) {
        std::string disks;
        for (const auto& p : ns.paths) {
            disks += (disks.empty() ? "" : " ") + dev_path(p.disk_name, p.major, p.minor);
        }
        t.add({std::to_string(ns.id), format_size(ns.size), std::to_string(ns.logical_bs),
               std::to_string(ns.physical_bs), yes_no(ns.memory_backed),
               mqnull::to_string(ns.completion), std::to_string(ns.nr_paths), disks});
    }
    t.print(out);
}

void print_stats(std::ostream& out, const std::vector<mqnull::NamespaceStats>& stats) {
    Table t({"NS", "PATH", "DISK", "STATE", "READS", "WRITES", "READ-BYTES", "WRITE-BYTES",
             "ERRORS", "TIMEOUTS", "INFLIGHT", "OTHER", "FLUSHES"});
    for (const auto& st : stats) {
        for (const auto& p : st.paths) {
            t.add({std::to_string(st.id), std::to_string(p.id),
                   dev_path(p.disk_name, p.major, p.minor),
                   p.state ? mqnull::to_string(*p.state) : "-", std::to_string(p.reads),
                   std::to_string(p.writes), std::to_string(p.read_bytes),
                   std::to_string(p.write_bytes), std::to_string(p.errors_injected),
                   std::to_string(p.timeouts), std::to_string(p.inflight),
                   std::to_string(p.other_ops), std::to_string(p.flushes)});
        }
    }
    t.print(out);
}

std::string event_line(const mqnull::PathStateEvent& ev) {
    return fmt::format("mqnull ns {} path {} {}: {} -> {}", ev.ns_id, ev.path_id,
                       dev_path(ev.disk_name, ev.major, ev.minor),
                       ev.old_state ? mqnull::to_string(*ev.old_state) : "?",
                       mqnull::to_string(ev.state));
}

// ---------------------------------------------------------------- mqpath

ordered_json to_json(const mqpath::ModuleInfo& info) {
    return {{"module", "mqpath"},
            {"version", info.version},
            {"max_devices", info.max_devs},
            {"max_paths", info.max_paths}};
}

ordered_json to_json(const mqpath::PathInfo& p) {
    return {
        {"id", p.id},
        {"disk", dev_path(p.disk_name, p.major, p.minor)},
        {"major", p.major},
        {"minor", p.minor},
        {"priority", p.priority},
        {"state", mqpath::to_string(p.state)},
        {"reason", p.reason ? ordered_json(mqpath::to_string(*p.reason)) : ordered_json(nullptr)},
        {"numa_node", p.numa_node ? ordered_json(*p.numa_node) : ordered_json(nullptr)},
        {"checker", p.status.checker ? ordered_json(mqpath::to_string(*p.status.checker))
                                     : ordered_json(nullptr)},
        {"last_check_ms_ago", opt_json(p.status.check_age_ms)},
        {"last_change_ms_ago", opt_json(p.status.change_age_ms)},
        {"reads", opt_json(p.status.reads)},
        {"writes", opt_json(p.status.writes)},
        {"hold_left_ms", opt_json(p.status.hold_left_ms)},
    };
}

ordered_json to_json(const mqpath::DeviceInfo& d) {
    ordered_json j = {
        {"schema_version", kMpathSchemaVersion},
        {"id", d.id},
        {"disk", mpath_disk(d.id, d.disk_name)},
        {"major", d.major},
        {"minor", d.minor},
        {"size", d.size},
        {"logical_block_size", d.logical_bs},
        {"selector", mqpath::to_string(d.selector)},
        {"failback", mqpath::to_string(d.failback)},
        {"queue_if_no_path", d.queue_if_no_path},
        {"no_path_timeout_ms", d.no_path_timeout_ms},
        {"probe_interval_ms", d.probe_interval_ms},
        {"freeze_warn_ms", d.freeze_warn_ms},
        {"open_count", d.open_count},
        {"active_priority",
         d.active_priority ? ordered_json(*d.active_priority) : ordered_json(nullptr)},
        {"nr_paths", d.nr_paths},
        {"nr_live_paths", d.nr_live_paths},
        {"wwid", d.wwid.empty() ? ordered_json(nullptr) : ordered_json(d.wwid)},
        {"queueing", d.queueing},
        {"marginal_count", d.marginal_count},
        {"marginal_window_ms", d.marginal_window_ms},
        {"marginal_hold_ms", d.marginal_hold_ms},
    };
    j["paths"] = to_json_array(d.paths);
    return j;
}

ordered_json to_json(const mqpath::DeviceStats& st) {
    ordered_json paths = ordered_json::array();
    for (const auto& p : st.paths) {
        paths.push_back({
            {"id", p.id},
            {"disk", dev_path(p.disk_name, p.major, p.minor)},
            {"major", p.major},
            {"minor", p.minor},
            {"state", p.state ? ordered_json(mqpath::to_string(*p.state)) : ordered_json(nullptr)},
            {"priority", p.priority ? ordered_json(*p.priority) : ordered_json(nullptr)},
            {"ios", p.ios},
            {"bytes", p.bytes},
            {"errors", p.errors},
            {"failovers", p.failovers},
            {"inflight", p.inflight},
            {"fail_count", p.fail_count},
            {"probes", p.probes},
        });
    }
    return {
        {"id", st.id},
        {"disk", mpath_disk(st.id, st.disk_name)},
        {"freeze_count", st.freeze_count},
        {"freeze_total_ns", st.freeze_total_ns},
        {"freeze_max_ns", st.freeze_max_ns},
        {"bios_requeued", st.bios_requeued},
        {"bios_parked", st.bios_parked},
        {"bios_parked_now", st.bios_parked_now},
        {"bios_no_path_failed", st.bios_no_path_failed},
        {"bios_frozen_waits", st.bios_frozen_waits},
        {"paths", paths},
    };
}

ordered_json to_json(const mqpath::Event& ev) {
    ordered_json j = {
        {"module", "mqpath"},
        {"event", mqpath::to_string(ev.type)},
        {"dev", ev.dev_id},
        {"disk", mpath_disk(ev.dev_id, ev.disk_name)},
    };
    if (ev.path) {
        const auto& p = *ev.path;
        j["path"] = p.id;
        j["path_disk"] = dev_path(p.disk_name, p.major, p.minor);
        j["major"] = p.major;
        j["minor"] = p.minor;
        j["reason"] = p.reason ? ordered_json(mqpath::to_string(*p.reason)) : ordered_json(nullptr);
    }
    if (ev.type == mqpath::EventType::frozen_too_long) {
        j["freeze_ns"] = ev.freeze_ns ? ordered_json(*ev.freeze_ns) : ordered_json(nullptr);
        j["freeze_warn_ms"] =
            ev.freeze_warn_ms ? ordered_json(*ev.freeze_warn_ms) : ordered_json(nullptr);
    }
    if (ev.type == mqpath::EventType::group_switch) {
        j["active_priority"] =
            ev.active_priority ? ordered_json(*ev.active_priority) : ordered_json(nullptr);
    }
    return j;
}

void print_info(std::ostream& out, const mqpath::ModuleInfo& info) {
    print_fields(out, {{"module", "mqpath"},
                       {"version", std::to_string(info.version)},
                       {"max devices", std::to_string(info.max_devs)},
                       {"max paths", std::to_string(info.max_paths)}});
}

void print_device(std::ostream& out, const mqpath::DeviceInfo& d) {
    print_fields(out, {
                          {"device", fmt::format("{} ({})", d.id, mpath_disk(d.id, d.disk_name))},
                          {"dev", devnum(d.major, d.minor)},
                          {"size", fmt::format("{} ({} bytes), logical block size {}",
                                               format_size(d.size), d.size, d.logical_bs)},
                          {"selector", mqpath::to_string(d.selector)},
                          {"failback", mqpath::to_string(d.failback)},
                          {"queue if no path", d.queue_if_no_path ? "on" : "off"},
                          {"no path timeout", ms_text(d.no_path_timeout_ms)},
                          {"probe interval", ms_text(d.probe_interval_ms)},
                          {"freeze warn", ms_text(d.freeze_warn_ms)},
                          {"open count", std::to_string(d.open_count)},
                          {"active group", d.active_priority ? std::to_string(*d.active_priority)
                                                             : "none (no live path)"},
                          {"paths", fmt::format("{} ({} live)", d.nr_paths, d.nr_live_paths)},
                          {"wwid", d.wwid.empty() ? "none" : d.wwid},
                          {"queueing", yes_no(d.queueing)},
                          {"marginal paths", marginal_text(d)},
                      });
    out << '\n';
    Table t({"PATH", "DISK", "DEV", "PRIORITY", "STATE", "REASON", "CHANGED", "CHECKER", "READS",
             "WRITES", "NUMA"});
    for (const auto& p : d.paths) {
        t.add({std::to_string(p.id), dev_path(p.disk_name, p.major, p.minor),
               devnum(p.major, p.minor), std::to_string(p.priority), state_text(p),
               p.reason ? mqpath::to_string(*p.reason) : "-", age_text(p.status.change_age_ms),
               checker_text(p), p.status.reads ? std::to_string(*p.status.reads) : "-",
               p.status.writes ? std::to_string(*p.status.writes) : "-",
               p.numa_node && *p.numa_node >= 0 ? std::to_string(*p.numa_node) : "-"});
    }
    t.print(out);
}

void print_device_list(std::ostream& out, const std::vector<mqpath::DeviceInfo>& list) {
    Table t({"ID", "DISK", "SIZE", "SELECTOR", "FAILBACK", "QUEUE", "ACTIVE", "PATHS", "LIVE"});
    for (const auto& d : list) {
        t.add({std::to_string(d.id), mpath_disk(d.id, d.disk_name), format_size(d.size),
               mqpath::to_string(d.selector), mqpath::to_string(d.failback),
               d.queue_if_no_path ? "on" : "off",
               d.active_priority ? std::to_string(*d.active_priority) : "-",
               std::to_string(d.nr_paths), std::to_string(d.nr_live_paths)});
    }
    t.print(out);
}

void print_stats(std::ostream& out, const std::vector<mqpath::DeviceStats>& stats) {
    bool first = true;
    for (const auto& st : stats) {
        if (!first) {
            out << '\n';
        }
        first = false;
        print_fields(
            out,
            {
                {"device", fmt::format("{} ({})", st.id, mpath_disk(st.id, st.disk_name))},
                {"freezes", fmt::format("{}, total {}, longest {}", st.freeze_count,
                                        format_duration_ns(st.freeze_total_ns),
                                        format_duration_ns(st.freeze_max_ns))},
                {"bios requeued", std::to_string(st.bios_requeued)},
                {"bios parked", fmt::format("{} ({} now)", st.bios_parked, st.bios_parked_now)},
                {"bios failed, no path", std::to_string(st.bios_no_path_failed)},
                {"bios met a freeze", std::to_string(st.bios_frozen_waits)},
            });
        out << '\n';
        Table t({"PATH", "DISK", "STATE", "IOS", "BYTES", "ERRORS", "FAILOVERS", "INFLIGHT",
                 "FAILS", "PROBES"});
        for (const auto& p : st.paths) {
            t.add({std::to_string(p.id), dev_path(p.disk_name, p.major, p.minor),
                   p.state ? mqpath::to_string(*p.state) : "-", std::to_string(p.ios),
                   std::to_string(p.bytes), std::to_string(p.errors), std::to_string(p.failovers),
                   std::to_string(p.inflight), std::to_string(p.fail_count),
                   std::to_string(p.probes)});
        }
        t.print(out);
    }
}

std::string event_line(const mqpath::Event& ev) {
    std::string line =
        fmt::format("mqpath dev {} {}: ", ev.dev_id, mpath_disk(ev.dev_id, ev.disk_name));
    auto path_text = [&]() -> std::string {
        if (!ev.path) {
            return "path ?";
        }
        return fmt::format("path {} {}", ev.path->id,
                           dev_path(ev.path->disk_name, ev.path->major, ev.path->minor));
    };
    auto reason = [&]() -> std::string {
        return ev.path && ev.path->reason ? " (" + mqpath::to_string(*ev.path->reason) + ")" : "";
    };
    switch (ev.type) {
    case mqpath::EventType::path_failed:
        return line + path_text() + " failed" + reason();
    case mqpath::EventType::path_reinstated:
        return line + path_text() + " reinstated" + reason();
    case mqpath::EventType::path_marginal:
        return line + path_text() + " held out as marginal" + reason();
    case mqpath::EventType::no_path:
        return line + "no live path";
    case mqpath::EventType::frozen_too_long:
        return line + "frozen for " +
               (ev.freeze_ns ? format_duration_ns(*ev.freeze_ns) : std::string("?")) +
               (ev.freeze_warn_ms ? " (warn after " + ms_text(*ev.freeze_warn_ms) + ")" : "");
    case mqpath::EventType::group_switch:
        return line + "active group " +
               (ev.active_priority ? std::to_string(*ev.active_priority) : "none");
    }
    return line + mqpath::to_string(ev.type);
}

} // namespace mq::ctl
