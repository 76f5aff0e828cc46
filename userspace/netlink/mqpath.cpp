// SPDX-License-Identifier: GPL-2.0-only
#include "netlink/mqpath.hpp"

#include "netlink/attr.hpp"

#include <array>
#include <netlink/genl/genl.h>
#include <string_view>

namespace mq::mqpath {
namespace {

using nl::AttrTable;
using nl::MsgPtr;
using nl::Nest;

constexpr std::uint8_t kVersion = MQPATH_GENL_VERSION;

std::array<nla_policy, MQPATH_ATTR_MAX + 1> make_policy() {
    std::array<nla_policy, MQPATH_ATTR_MAX + 1> p{};
    for (int t : {MQPATH_ATTR_VERSION, MQPATH_ATTR_DEV_ID, MQPATH_ATTR_DEV_MAJOR,
                  MQPATH_ATTR_DEV_MINOR, MQPATH_ATTR_LOGICAL_BS, MQPATH_ATTR_NO_PATH_TIMEOUT_MS,
                  MQPATH_ATTR_PROBE_INTERVAL_MS, MQPATH_ATTR_FREEZE_WARN_MS, MQPATH_ATTR_OPEN_COUNT,
                  MQPATH_ATTR_ACTIVE_PRIORITY, MQPATH_ATTR_NR_PATHS, MQPATH_ATTR_NR_LIVE_PATHS,
                  MQPATH_ATTR_MAX_DEVS, MQPATH_ATTR_MAX_PATHS, MQPATH_ATTR_MARGINAL_COUNT,
                  MQPATH_ATTR_MARGINAL_WINDOW_MS, MQPATH_ATTR_MARGINAL_HOLD_MS}) {
        p[static_cast<std::size_t>(t)].type = NLA_U32;
    }
    for (int t : {MQPATH_ATTR_SIZE, MQPATH_ATTR_FREEZE_COUNT, MQPATH_ATTR_FREEZE_TOTAL_NS,
                  MQPATH_ATTR_FREEZE_MAX_NS, MQPATH_ATTR_FREEZE_NS, MQPATH_ATTR_BIOS_REQUEUED,
                  MQPATH_ATTR_BIOS_PARKED, MQPATH_ATTR_BIOS_PARKED_NOW,
                  MQPATH_ATTR_BIOS_NO_PATH_FAILED, MQPATH_ATTR_BIOS_FROZEN_WAITS}) {
        p[static_cast<std::size_t>(t)].type = NLA_U64;
    }
    for (int t : {MQPATH_ATTR_SELECTOR, MQPATH_ATTR_FAILBACK, MQPATH_ATTR_QUEUE_IF_NO_PATH,
                  MQPATH_ATTR_QUEUEING}) {
        p[static_cast<std::size_t>(t)].type = NLA_U8;
    }
    p[MQPATH_ATTR_ALLOW_UNIDENTIFIED].type = NLA_FLAG;
    p[MQPATH_ATTR_WWID].type = NLA_STRING;
    p[MQPATH_ATTR_DISK_NAME].type = NLA_STRING;
    p[MQPATH_ATTR_PATH].type = NLA_NESTED;
    p[MQPATH_ATTR_FORCE].type = NLA_FLAG;
    return p;
}

std::array<nla_policy, MQPATH_PATH_ATTR_MAX + 1> make_path_policy() {
    std::array<nla_policy, MQPATH_PATH_ATTR_MAX + 1> p{};
    for (int t : {MQPATH_PATH_ATTR_ID, MQPATH_PATH_ATTR_DEV_MAJOR, MQPATH_PATH_ATTR_DEV_MINOR,
                  MQPATH_PATH_ATTR_PRIORITY}) {
        p[static_cast<std::size_t>(t)].type = NLA_U32;
    }
    p[MQPATH_PATH_ATTR_DISK_NAME].type = NLA_STRING;
    p[MQPATH_PATH_ATTR_STATE].type = NLA_U8;
    p[MQPATH_PATH_ATTR_REASON].type = NLA_U8;
    p[MQPATH_PATH_ATTR_CHECKER].type = NLA_U8;
    p[MQPATH_PATH_ATTR_NUMA_NODE].type = NLA_S32;
    for (int t :
         {MQPATH_PATH_ATTR_IOS, MQPATH_PATH_ATTR_BYTES, MQPATH_PATH_ATTR_ERRORS,
          MQPATH_PATH_ATTR_FAILOVERS, MQPATH_PATH_ATTR_INFLIGHT, MQPATH_PATH_ATTR_FAIL_COUNT,
          MQPATH_PATH_ATTR_PROBES, MQPATH_PATH_ATTR_CHECK_AGE_MS, MQPATH_PATH_ATTR_CHANGE_AGE_MS,
          MQPATH_PATH_ATTR_READS, MQPATH_PATH_ATTR_WRITES, MQPATH_PATH_ATTR_HOLD_LEFT_MS}) {
        p[static_cast<std::size_t>(t)].type = NLA_U64;
    }
    return p;
}

const std::array<nla_policy, MQPATH_ATTR_MAX + 1> kPolicy = make_policy();
const std::array<nla_policy, MQPATH_PATH_ATTR_MAX + 1> kPathPolicy = make_path_policy();

AttrTable parse(nl_msg* msg) {
    return AttrTable::from_genl(msg, MQPATH_ATTR_MAX, kPolicy.data());
}

AttrTable parse_path(nlattr* nest) {
    return AttrTable::from_nested(nest, MQPATH_PATH_ATTR_MAX, kPathPolicy.data());
}

constexpr std::array<std::string_view, 3> kSelectorNames{"rr", "qd", "numa"};
constexpr std::array<std::string_view, 2> kFailbackNames{"auto", "manual"};
constexpr std::array<std::string_view, 3> kStateNames{"live", "failed", "marginal"};
constexpr std::array<std::string_view, 8> kReasonNames{"admin",   "io_error", "probe", "disk_gone",
                                                       "checker", "marginal", "loop",  "limits"};
constexpr std::array<std::string_view, 3> kCheckerNames{"none", "ok", "failed"};

template <typename E> std::string name_of(E v, const auto& names) {
    const auto i = static_cast<std::size_t>(v);
    if (i < names.size()) {
        return std::string(names[i]);
    }
    return "unknown(" + std::to_string(i) + ")";
}

template <typename E> std::optional<E> enum_from(std::string_view s, const auto& names) {
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == s) {
            return static_cast<E>(i);
        }
    }
    return std::nullopt;
}

void put_settings(nl_msg* p, const DeviceSettings& s) {
    nl::put_opt_u8(p, MQPATH_ATTR_SELECTOR, s.selector);
    nl::put_opt_u8(p, MQPATH_ATTR_FAILBACK, s.failback);
    nl::put_opt_u8(p, MQPATH_ATTR_QUEUE_IF_NO_PATH, s.queue_if_no_path);
    nl::put_opt_u32(p, MQPATH_ATTR_NO_PATH_TIMEOUT_MS, s.no_path_timeout_ms);
    nl::put_opt_u32(p, MQPATH_ATTR_PROBE_INTERVAL_MS, s.probe_interval_ms);
    nl::put_opt_u32(p, MQPATH_ATTR_FREEZE_WARN_MS, s.freeze_warn_ms);
    nl::put_opt_u32(p, MQPATH_ATTR_MARGINAL_COUNT, s.marginal_count);
    nl::put_opt_u32(p, MQPATH_ATTR_MARGINAL_WINDOW_MS, s.marginal_window_ms);
    nl::put_opt_u32(p, MQPATH_ATTR_MARGINAL_HOLD_MS, s.marginal_hold_ms);
}

PathInfo path_from(const AttrTable& pt) {
    PathInfo path;
    path.id = pt.u32(MQPATH_PATH_ATTR_ID).value_or(0);
    path.major = pt.u32(MQPATH_PATH_ATTR_DEV_MAJOR).value_or(0);
    path.minor = pt.u32(MQPATH_PATH_ATTR_DEV_MINOR).value_or(0);
    path.disk_name = pt.str(MQPATH_PATH_ATTR_DISK_NAME).value_or("");
    path.priority = pt.u32(MQPATH_PATH_ATTR_PRIORITY).value_or(0);
    path.state = static_cast<PathState>(pt.u8(MQPATH_PATH_ATTR_STATE).value_or(0));
    if (auto r = pt.u8(MQPATH_PATH_ATTR_REASON)) {
        path.reason = static_cast<Reason>(*r);
    }
    path.numa_node = pt.s32(MQPATH_PATH_ATTR_NUMA_NODE);
    if (auto c = pt.u8(MQPATH_PATH_ATTR_CHECKER)) {
        path.status.checker = static_cast<Checker>(*c);
    }
    path.status.check_age_ms = pt.u64(MQPATH_PATH_ATTR_CHECK_AGE_MS);
    path.status.change_age_ms = pt.u64(MQPATH_PATH_ATTR_CHANGE_AGE_MS);
    path.status.reads = pt.u64(MQPATH_PATH_ATTR_READS);
    path.status.writes = pt.u64(MQPATH_PATH_ATTR_WRITES);
    path.status.hold_left_ms = pt.u64(MQPATH_PATH_ATTR_HOLD_LEFT_MS);
    return path;
}

void put_path(nl_msg* p, const PathInfo& path) {
    nl::put_u32(p, MQPATH_PATH_ATTR_ID, path.id);
    nl::put_u32(p, MQPATH_PATH_ATTR_DEV_MAJOR, path.major);
    nl::put_u32(p, MQPATH_PATH_ATTR_DEV_MINOR, path.minor);
    if (!path.disk_name.empty()) {
        nl::put_string(p, MQPATH_PATH_ATTR_DISK_NAME, path.disk_name);
    }
    nl::put_u32(p, MQPATH_PATH_ATTR_PRIORITY, path.priority);
    nl::put_u8(p, MQPATH_PATH_ATTR_STATE, static_cast<std::uint8_t>(path.state));
    nl::put_opt_u8(p, MQPATH_PATH_ATTR_REASON, path.reason);
    if (path.numa_node) {
        nl::put_s32(p, MQPATH_PATH_ATTR_NUMA_NODE, *path.numa_node);
    }
    if (path.status.checker) {
        nl::put_u8(p, MQPATH_PATH_ATTR_CHECKER, static_cast<std::uint8_t>(*path.status.checker));
    }
    nl::put_opt_u64(p, MQPATH_PATH_ATTR_CHECK_AGE_MS, path.status.check_age_ms);
    nl::put_opt_u64(p, MQPATH_PATH_ATTR_CHANGE_AGE_MS, path.status.change_age_ms);
    nl::put_opt_u64(p, MQPATH_PATH_ATTR_READS, path.status.reads);
    nl::put_opt_u64(p, MQPATH_PATH_ATTR_WRITES, path.status.writes);
    nl::put_opt_u64(p, MQPATH_PATH_ATTR_HOLD_LEFT_MS, path.status.hold_left_ms);
}

MsgPtr request(int family, std::uint8_t cmd) {
    return nl::genl_msg(family, cmd, kVersion);
}

// Attribute names, in uapi order: one entry per enum value (the unit tests
// compare them with uapi/mqpath.h).
constexpr std::array<std::string_view, MQPATH_ATTR_MAX + 1> kAttrNames{
    "MQPATH_ATTR_UNSPEC",
    "MQPATH_ATTR_VERSION",
    "MQPATH_ATTR_DEV_ID",
    "MQPATH_ATTR_DISK_NAME",
    "MQPATH_ATTR_DEV_MAJOR",
    "MQPATH_ATTR_DEV_MINOR",
    "MQPATH_ATTR_SIZE",
    "MQPATH_ATTR_LOGICAL_BS",
    "MQPATH_ATTR_SELECTOR",
    "MQPATH_ATTR_FAILBACK",
    "MQPATH_ATTR_QUEUE_IF_NO_PATH",
    "MQPATH_ATTR_NO_PATH_TIMEOUT_MS",
    "MQPATH_ATTR_PROBE_INTERVAL_MS",
    "MQPATH_ATTR_FREEZE_WARN_MS",
    "MQPATH_ATTR_OPEN_COUNT",
    "MQPATH_ATTR_ACTIVE_PRIORITY",
    "MQPATH_ATTR_NR_PATHS",
    "MQPATH_ATTR_NR_LIVE_PATHS",
    "MQPATH_ATTR_PATH",
    "MQPATH_ATTR_MAX_DEVS",
    "MQPATH_ATTR_MAX_PATHS",
    "MQPATH_ATTR_FREEZE_COUNT",
    "MQPATH_ATTR_FREEZE_TOTAL_NS",
    "MQPATH_ATTR_FREEZE_MAX_NS",
    "MQPATH_ATTR_FREEZE_NS",
    "MQPATH_ATTR_BIOS_REQUEUED",
    "MQPATH_ATTR_BIOS_PARKED",
    "MQPATH_ATTR_BIOS_PARKED_NOW",
    "MQPATH_ATTR_BIOS_NO_PATH_FAILED",
    "MQPATH_ATTR_BIOS_FROZEN_WAITS",
    "MQPATH_ATTR_PAD",
    "MQPATH_ATTR_ALLOW_UNIDENTIFIED",
    "MQPATH_ATTR_WWID",
    "MQPATH_ATTR_FORCE",
    "MQPATH_ATTR_MARGINAL_COUNT",
    "MQPATH_ATTR_MARGINAL_WINDOW_MS",
    "MQPATH_ATTR_MARGINAL_HOLD_MS",
    "MQPATH_ATTR_QUEUEING",
};
constexpr std::array<std::string_view, MQPATH_PATH_ATTR_MAX + 1> kPathAttrNames{
    "MQPATH_PATH_ATTR_UNSPEC",       "MQPATH_PATH_ATTR_ID",
    "MQPATH_PATH_ATTR_DEV_MAJOR",    "MQPATH_PATH_ATTR_DEV_MINOR",
    "MQPATH_PATH_ATTR_DISK_NAME",    "MQPATH_PATH_ATTR_PRIORITY",
    "MQPATH_PATH_ATTR_STATE",        "MQPATH_PATH_ATTR_REASON",
    "MQPATH_PATH_ATTR_NUMA_NODE",    "MQPATH_PATH_ATTR_IOS",
    "MQPATH_PATH_ATTR_BYTES",        "MQPATH_PATH_ATTR_ERRORS",
    "MQPATH_PATH_ATTR_FAILOVERS",    "MQPATH_PATH_ATTR_INFLIGHT",
    "MQPATH_PATH_ATTR_FAIL_COUNT",   "MQPATH_PATH_ATTR_PROBES",
    "MQPATH_PATH_ATTR_PAD",          "MQPATH_PATH_ATTR_CHECKER",
    "MQPATH_PATH_ATTR_CHECK_AGE_MS", "MQPATH_PATH_ATTR_CHANGE_AGE_MS",
    "MQPATH_PATH_ATTR_READS",        "MQPATH_PATH_ATTR_WRITES",
    "MQPATH_PATH_ATTR_HOLD_LEFT_MS",
};

} // namespace

std::string to_string(Selector v) {
    return name_of(v, kSelectorNames);
}
std::string to_string(Failback v) {
    return name_of(v, kFailbackNames);
}
std::string to_string(PathState v) {
    return name_of(v, kStateNames);
}
std::string to_string(Reason v) {
    return name_of(v, kReasonNames);
}
std::string to_string(Checker v) {
    return name_of(v, kCheckerNames);
}
std::optional<Selector> parse_selector(std::string_view s) {
    return enum_from<Selector>(s, kSelectorNames);
}
std::optional<Failback> parse_failback(std::string_view s) {
    return enum_from<Failback>(s, kFailbackNames);
}

std::string to_string(EventType v) {
    switch (v) {
    case EventType::path_failed:
        return "path_failed";
    case EventType::path_reinstated:
        return "path_reinstated";
    case EventType::no_path:
        return "no_path";
    case EventType::frozen_too_long:
        return "frozen_too_long";
    case EventType::group_switch:
        return "group_switch";
    case EventType::path_marginal:
        return "path_marginal";
    }
    return "unknown(" + std::to_string(static_cast<unsigned>(v)) + ")";
}

bool is_event_cmd(std::uint8_t cmd) {
    return cmd >= MQPATH_CMD_EVENT_PATH_FAILED && cmd <= MQPATH_CMD_EVENT_PATH_MARGINAL;
}

const nla_policy* policy() {
    return kPolicy.data();
}
const nla_policy* path_policy() {
    return kPathPolicy.data();
}

static_assert(!kAttrNames.back().empty() && !kPathAttrNames.back().empty(),
              "uapi/mqpath.h has grown: add the new attributes' names");

std::vector<std::string> attr_names() {
    return {kAttrNames.begin(), kAttrNames.end()};
}
std::vector<std::string> path_attr_names() {
    return {kPathAttrNames.begin(), kPathAttrNames.end()};
}

std::string attr_name(const std::vector<std::uint16_t>& path) {
    return nl::nested_attr_name(kAttrNames, MQPATH_ATTR_PATH, kPathAttrNames, path);
}

// ---- requests ----

MsgPtr encode_get_info(int family) {
    return request(family, MQPATH_CMD_GET_INFO);
}

MsgPtr encode_dev_create(int family, const DeviceSettings& s) {
    MsgPtr m = request(family, MQPATH_CMD_DEV_CREATE);
    nl::put_opt_u32(m.get(), MQPATH_ATTR_DEV_ID, s.id);
    nl::put_opt_u64(m.get(), MQPATH_ATTR_SIZE, s.size);
    nl::put_opt_u32(m.get(), MQPATH_ATTR_LOGICAL_BS, s.logical_bs);
    put_settings(m.get(), s);
    return m;
}

MsgPtr encode_dev_destroy(int family, std::uint32_t dev) {
    MsgPtr m = request(family, MQPATH_CMD_DEV_DESTROY);
    nl::put_u32(m.get(), MQPATH_ATTR_DEV_ID, dev);
    return m;
}

MsgPtr encode_dev_get(int family, std::optional<std::uint32_t> dev) {
    MsgPtr m = request(family, MQPATH_CMD_DEV_GET);
    nl::put_opt_u32(m.get(), MQPATH_ATTR_DEV_ID, dev);
    return m;
}

MsgPtr encode_dev_set(int family, std::uint32_t dev, const DeviceSettings& s) {
    MsgPtr m = request(family, MQPATH_CMD_DEV_SET);
    nl::put_u32(m.get(), MQPATH_ATTR_DEV_ID, dev);
    put_settings(m.get(), s);
    return m;
}

MsgPtr encode_dev_failback(int family, std::uint32_t dev) {
    MsgPtr m = request(family, MQPATH_CMD_DEV_FAILBACK);
    nl::put_u32(m.get(), MQPATH_ATTR_DEV_ID, dev);
    return m;
}

MsgPtr encode_path_add(int family, std::uint32_t dev, std::uint32_t major, std::uint32_t minor,
                       std::optional<std::uint32_t> priority, bool allow_unidentified) {
    MsgPtr m = request(family, MQPATH_CMD_PATH_ADD);
    nl::put_u32(m.get(), MQPATH_ATTR_DEV_ID, dev);
    if (allow_unidentified) {
        nl::put_flag(m.get(), MQPATH_ATTR_ALLOW_UNIDENTIFIED);
    }
    Nest nest(m.get(), MQPATH_ATTR_PATH);
    nl::put_u32(m.get(), MQPATH_PATH_ATTR_DEV_MAJOR, major);
    nl::put_u32(m.get(), MQPATH_PATH_ATTR_DEV_MINOR, minor);
    nl::put_opt_u32(m.get(), MQPATH_PATH_ATTR_PRIORITY, priority);
    nest.close();
    return m;
}

MsgPtr encode_path_cmd(int family, std::uint8_t cmd, std::uint32_t dev, const PathRef& path,
                       std::optional<std::uint32_t> priority, bool force) {
    MsgPtr m = request(family, cmd);
    nl::put_u32(m.get(), MQPATH_ATTR_DEV_ID, dev);
    Nest nest(m.get(), MQPATH_ATTR_PATH);
    if (path.id) {
        nl::put_u32(m.get(), MQPATH_PATH_ATTR_ID, *path.id);
    } else {
        nl::put_u32(m.get(), MQPATH_PATH_ATTR_DEV_MAJOR, path.major);
        nl::put_u32(m.get(), MQPATH_PATH_ATTR_DEV_MINOR, path.minor);
    }
    nl::put_opt_u32(m.get(), MQPATH_PATH_ATTR_PRIORITY, priority);
    nest.close();
    if (force) {
        nl::put_flag(m.get(), MQPATH_ATTR_FORCE);
    }
    return m;
}

MsgPtr encode_stats(int family, std::optional<std::uint32_t> dev) {
    MsgPtr m = request(family, MQPATH_CMD_STATS);
    nl::put_opt_u32(m.get(), MQPATH_ATTR_DEV_ID, dev);
    return m;
}

// ---- replies and events (the module's side) ----

MsgPtr encode_info_reply(int family, const ModuleInfo& info) {
    MsgPtr m = request(family, MQPATH_CMD_GET_INFO);
    nl::put_u32(m.get(), MQPATH_ATTR_VERSION, info.version);
    nl::put_u32(m.get(), MQPATH_ATTR_MAX_DEVS, info.max_devs);
    nl::put_u32(m.get(), MQPATH_ATTR_MAX_PATHS, info.max_paths);
    return m;
}

MsgPtr encode_device_reply(int family, const DeviceInfo& dev) {
    MsgPtr m = request(family, MQPATH_CMD_DEV_GET);
    nl_msg* p = m.get();
    nl::put_u32(p, MQPATH_ATTR_DEV_ID, dev.id);
    nl::put_string(p, MQPATH_ATTR_DISK_NAME, dev.disk_name);
    nl::put_u32(p, MQPATH_ATTR_DEV_MAJOR, dev.major);
    nl::put_u32(p, MQPATH_ATTR_DEV_MINOR, dev.minor);
    nl::put_u64(p, MQPATH_ATTR_SIZE, dev.size);
    nl::put_u32(p, MQPATH_ATTR_LOGICAL_BS, dev.logical_bs);
    nl::put_u8(p, MQPATH_ATTR_SELECTOR, static_cast<std::uint8_t>(dev.selector));
    nl::put_u8(p, MQPATH_ATTR_FAILBACK, static_cast<std::uint8_t>(dev.failback));
    nl::put_u8(p, MQPATH_ATTR_QUEUE_IF_NO_PATH, dev.queue_if_no_path ? 1 : 0);
    nl::put_u32(p, MQPATH_ATTR_NO_PATH_TIMEOUT_MS, dev.no_path_timeout_ms);
    nl::put_u32(p, MQPATH_ATTR_PROBE_INTERVAL_MS, dev.probe_interval_ms);
    nl::put_u32(p, MQPATH_ATTR_FREEZE_WARN_MS, dev.freeze_warn_ms);
    nl::put_u32(p, MQPATH_ATTR_OPEN_COUNT, dev.open_count);
    nl::put_opt_u32(p, MQPATH_ATTR_ACTIVE_PRIORITY, dev.active_priority);
    nl::put_u32(p, MQPATH_ATTR_NR_PATHS, dev.nr_paths);
    nl::put_u32(p, MQPATH_ATTR_NR_LIVE_PATHS, dev.nr_live_paths);
    if (!dev.wwid.empty()) {
        nl::put_string(p, MQPATH_ATTR_WWID, dev.wwid);
    }
    nl::put_u32(p, MQPATH_ATTR_MARGINAL_COUNT, dev.marginal_count);
    nl::put_u32(p, MQPATH_ATTR_MARGINAL_WINDOW_MS, dev.marginal_window_ms);
    nl::put_u32(p, MQPATH_ATTR_MARGINAL_HOLD_MS, dev.marginal_hold_ms);
    nl::put_u8(p, MQPATH_ATTR_QUEUEING, dev.queueing ? 1 : 0);
    for (const auto& path : dev.paths) {
        Nest nest(p, MQPATH_ATTR_PATH);
        put_path(p, path);
        nest.close();
    }
    return m;
}

MsgPtr encode_path_add_reply(int family, std::uint32_t dev, const PathInfo& path) {
    MsgPtr m = request(family, MQPATH_CMD_PATH_ADD);
    nl::put_u32(m.get(), MQPATH_ATTR_DEV_ID, dev);
    Nest nest(m.get(), MQPATH_ATTR_PATH);
    put_path(m.get(), path);
    nest.close();
    return m;
}

MsgPtr encode_stats_reply(int family, const DeviceStats& st) {
    MsgPtr m = request(family, MQPATH_CMD_STATS);
    nl_msg* p = m.get();
    nl::put_u32(p, MQPATH_ATTR_DEV_ID, st.id);
    if (!st.disk_name.empty()) {
        nl::put_string(p, MQPATH_ATTR_DISK_NAME, st.disk_name);
    }
    nl::put_u64(p, MQPATH_ATTR_FREEZE_COUNT, st.freeze_count);
    nl::put_u64(p, MQPATH_ATTR_FREEZE_TOTAL_NS, st.freeze_total_ns);
    nl::put_u64(p, MQPATH_ATTR_FREEZE_MAX_NS, st.freeze_max_ns);
    nl::put_u64(p, MQPATH_ATTR_BIOS_REQUEUED, st.bios_requeued);
    nl::put_u64(p, MQPATH_ATTR_BIOS_PARKED, st.bios_parked);
    nl::put_u64(p, MQPATH_ATTR_BIOS_PARKED_NOW, st.bios_parked_now);
    nl::put_u64(p, MQPATH_ATTR_BIOS_NO_PATH_FAILED, st.bios_no_path_failed);
    nl::put_u64(p, MQPATH_ATTR_BIOS_FROZEN_WAITS, st.bios_frozen_waits);
    for (const auto& ps : st.paths) {
        Nest nest(p, MQPATH_ATTR_PATH);
        nl::put_u32(p, MQPATH_PATH_ATTR_ID, ps.id);
        nl::put_u32(p, MQPATH_PATH_ATTR_DEV_MAJOR, ps.major);
        nl::put_u32(p, MQPATH_PATH_ATTR_DEV_MINOR, ps.minor);
        if (!ps.disk_name.empty()) {
            nl::put_string(p, MQPATH_PATH_ATTR_DISK_NAME, ps.disk_name);
        }
        nl::put_opt_u8(p, MQPATH_PATH_ATTR_STATE, ps.state);
        nl::put_opt_u32(p, MQPATH_PATH_ATTR_PRIORITY, ps.priority);
        nl::put_u64(p, MQPATH_PATH_ATTR_IOS, ps.ios);
        nl::put_u64(p, MQPATH_PATH_ATTR_BYTES, ps.bytes);
        nl::put_u64(p, MQPATH_PATH_ATTR_ERRORS, ps.errors);
        nl::put_u64(p, MQPATH_PATH_ATTR_FAILOVERS, ps.failovers);
        nl::put_u64(p, MQPATH_PATH_ATTR_INFLIGHT, ps.inflight);
        nl::put_u64(p, MQPATH_PATH_ATTR_FAIL_COUNT, ps.fail_count);
        nl::put_u64(p, MQPATH_PATH_ATTR_PROBES, ps.probes);
        nest.close();
    }
    return m;
}

MsgPtr encode_event(int family, const Event& ev) {
    MsgPtr m = request(family, static_cast<std::uint8_t>(ev.type));
    nl_msg* p = m.get();
    nl::put_u32(p, MQPATH_ATTR_DEV_ID, ev.dev_id);
    if (!ev.disk_name.empty()) {
        nl::put_string(p, MQPATH_ATTR_DISK_NAME, ev.disk_name);
    }
    if (ev.path) {
        Nest nest(p, MQPATH_ATTR_PATH);
        put_path(p, *ev.path);
        nest.close();
    }
    nl::put_opt_u64(p, MQPATH_ATTR_FREEZE_NS, ev.freeze_ns);
    nl::put_opt_u32(p, MQPATH_ATTR_FREEZE_WARN_MS, ev.freeze_warn_ms);
    nl::put_opt_u32(p, MQPATH_ATTR_ACTIVE_PRIORITY, ev.active_priority);
    return m;
}

// ---- decoders ----

ModuleInfo decode_info(nl_msg* msg) {
    const AttrTable tb = parse(msg);
    return ModuleInfo{tb.u32(MQPATH_ATTR_VERSION).value_or(0),
                      tb.u32(MQPATH_ATTR_MAX_DEVS).value_or(0),
                      tb.u32(MQPATH_ATTR_MAX_PATHS).value_or(0)};
}

DeviceInfo decode_device(nl_msg* msg) {
    const AttrTable tb = parse(msg);
    DeviceInfo d;
    d.id = tb.need_u32(MQPATH_ATTR_DEV_ID, "the device id");
    d.disk_name = tb.str(MQPATH_ATTR_DISK_NAME).value_or("");
    d.major = tb.u32(MQPATH_ATTR_DEV_MAJOR).value_or(0);
    d.minor = tb.u32(MQPATH_ATTR_DEV_MINOR).value_or(0);
    d.size = tb.u64(MQPATH_ATTR_SIZE).value_or(0);
    d.logical_bs = tb.u32(MQPATH_ATTR_LOGICAL_BS).value_or(0);
    d.selector = static_cast<Selector>(tb.u8(MQPATH_ATTR_SELECTOR).value_or(0));
    d.failback = static_cast<Failback>(tb.u8(MQPATH_ATTR_FAILBACK).value_or(0));
    d.queue_if_no_path = tb.u8(MQPATH_ATTR_QUEUE_IF_NO_PATH).value_or(0) != 0;
    d.no_path_timeout_ms = tb.u32(MQPATH_ATTR_NO_PATH_TIMEOUT_MS).value_or(0);
    d.probe_interval_ms = tb.u32(MQPATH_ATTR_PROBE_INTERVAL_MS).value_or(0);
    d.freeze_warn_ms = tb.u32(MQPATH_ATTR_FREEZE_WARN_MS).value_or(0);
    d.open_count = tb.u32(MQPATH_ATTR_OPEN_COUNT).value_or(0);
    d.active_priority = tb.u32(MQPATH_ATTR_ACTIVE_PRIORITY);
    d.nr_paths = tb.u32(MQPATH_ATTR_NR_PATHS).value_or(0);
    d.nr_live_paths = tb.u32(MQPATH_ATTR_NR_LIVE_PATHS).value_or(0);
    d.wwid = tb.str(MQPATH_ATTR_WWID).value_or("");
    d.marginal_count = tb.u32(MQPATH_ATTR_MARGINAL_COUNT).value_or(0);
    d.marginal_window_ms = tb.u32(MQPATH_ATTR_MARGINAL_WINDOW_MS).value_or(0);
    d.marginal_hold_ms = tb.u32(MQPATH_ATTR_MARGINAL_HOLD_MS).value_or(0);
    d.queueing = tb.u8(MQPATH_ATTR_QUEUEING).value_or(0) != 0;
    for (nlattr* a : nl::genl_attrs_of_type(msg, MQPATH_ATTR_PATH)) {
        d.paths.push_back(path_from(parse_path(a)));
    }
    return d;
}

PathInfo decode_path_add_reply(nl_msg* msg) {
    const AttrTable tb = parse(msg);
    if (tb[MQPATH_ATTR_PATH] == nullptr) {
        throw nl::CodecError("PATH_ADD reply without the path");
    }
    const AttrTable pt = parse_path(tb[MQPATH_ATTR_PATH]);
    if (!pt.has(MQPATH_PATH_ATTR_ID)) {
        throw nl::CodecError("PATH_ADD reply without the path id");
    }
    return path_from(pt);
}

DeviceStats decode_stats(nl_msg* msg) {
    const AttrTable tb = parse(msg);
    DeviceStats st;
    st.id = tb.need_u32(MQPATH_ATTR_DEV_ID, "the device id");
    st.disk_name = tb.str(MQPATH_ATTR_DISK_NAME).value_or("");
    st.freeze_count = tb.u64(MQPATH_ATTR_FREEZE_COUNT).value_or(0);
    st.freeze_total_ns = tb.u64(MQPATH_ATTR_FREEZE_TOTAL_NS).value_or(0);
    st.freeze_max_ns = tb.u64(MQPATH_ATTR_FREEZE_MAX_NS).value_or(0);
    st.bios_requeued = tb.u64(MQPATH_ATTR_BIOS_REQUEUED).value_or(0);
    st.bios_parked = tb.u64(MQPATH_ATTR_BIOS_PARKED).value_or(0);
    st.bios_parked_now = tb.u64(MQPATH_ATTR_BIOS_PARKED_NOW).value_or(0);
    st.bios_no_path_failed = tb.u64(MQPATH_ATTR_BIOS_NO_PATH_FAILED).value_or(0);
    st.bios_frozen_waits = tb.u64(MQPATH_ATTR_BIOS_FROZEN_WAITS).value_or(0);
    for (nlattr* a : nl::genl_attrs_of_type(msg, MQPATH_ATTR_PATH)) {
        const AttrTable pt = parse_path(a);
        PathStats ps;
        ps.id = pt.u32(MQPATH_PATH_ATTR_ID).value_or(0);
        ps.major = pt.u32(MQPATH_PATH_ATTR_DEV_MAJOR).value_or(0);
        ps.minor = pt.u32(MQPATH_PATH_ATTR_DEV_MINOR).value_or(0);
        ps.disk_name = pt.str(MQPATH_PATH_ATTR_DISK_NAME).value_or("");
        if (auto s = pt.u8(MQPATH_PATH_ATTR_STATE)) {
            ps.state = static_cast<PathState>(*s);
        }
        ps.priority = pt.u32(MQPATH_PATH_ATTR_PRIORITY);
        ps.ios = pt.u64(MQPATH_PATH_ATTR_IOS).value_or(0);
        ps.bytes = pt.u64(MQPATH_PATH_ATTR_BYTES).value_or(0);
        ps.errors = pt.u64(MQPATH_PATH_ATTR_ERRORS).value_or(0);
        ps.failovers = pt.u64(MQPATH_PATH_ATTR_FAILOVERS).value_or(0);
        ps.inflight = pt.u64(MQPATH_PATH_ATTR_INFLIGHT).value_or(0);
        ps.fail_count = pt.u64(MQPATH_PATH_ATTR_FAIL_COUNT).value_or(0);
        ps.probes = pt.u64(MQPATH_PATH_ATTR_PROBES).value_or(0);
        st.paths.push_back(std::move(ps));
    }
    return st;
}

Event decode_event(nl_msg* msg) {
    const std::uint8_t cmd = nl::genl_cmd(msg);
    if (!is_event_cmd(cmd)) {
        throw nl::CodecError("not an mqpath event: command " + std::to_string(cmd));
    }
    const AttrTable tb = parse(msg);
    Event ev;
    ev.type = static_cast<EventType>(cmd);
    ev.dev_id = tb.need_u32(MQPATH_ATTR_DEV_ID, "the device id");
    ev.disk_name = tb.str(MQPATH_ATTR_DISK_NAME).value_or("");
    if (tb[MQPATH_ATTR_PATH] != nullptr) {
        ev.path = path_from(parse_path(tb[MQPATH_ATTR_PATH]));
    }
    ev.freeze_ns = tb.u64(MQPATH_ATTR_FREEZE_NS);
    ev.freeze_warn_ms = tb.u32(MQPATH_ATTR_FREEZE_WARN_MS);
    ev.active_priority = tb.u32(MQPATH_ATTR_ACTIVE_PRIORITY);
    return ev;
}

// ---- client ----

Client::Client() : family_(sock_.resolve_family(MQPATH_GENL_NAME, "mqpath")) {
    sock_.set_attr_namer(attr_name);
}

namespace {
nl::MsgPtr first_reply(std::vector<nl::MsgPtr> replies, const char* cmd) {
    if (replies.empty()) {
        throw nl::CodecError(std::string("no reply to ") + cmd);
    }
    return std::move(replies.front());
}
} // namespace

ModuleInfo Client::info() {
    return decode_info(first_reply(sock_.request(encode_get_info(family_)), "GET_INFO").get());
}

DeviceInfo Client::create(const DeviceSettings& s) {
    return decode_device(
        first_reply(sock_.request(encode_dev_create(family_, s)), "DEV_CREATE").get());
}

void Client::destroy(std::uint32_t dev) {
    sock_.request(encode_dev_destroy(family_, dev));
}

DeviceInfo Client::get(std::uint32_t dev) {
    return decode_device(first_reply(sock_.request(encode_dev_get(family_, dev)), "DEV_GET").get());
}

std::vector<DeviceInfo> Client::list() {
    std::vector<DeviceInfo> out;
    for (const auto& m : sock_.dump(encode_dev_get(family_, std::nullopt))) {
        out.push_back(decode_device(m.get()));
    }
    return out;
}

void Client::set(std::uint32_t dev, const DeviceSettings& s) {
    sock_.request(encode_dev_set(family_, dev, s));
}

void Client::failback(std::uint32_t dev) {
    sock_.request(encode_dev_failback(family_, dev));
}

PathInfo Client::add_path(std::uint32_t dev, std::uint32_t major, std::uint32_t minor,
                          std::optional<std::uint32_t> priority, bool allow_unidentified) {
    return decode_path_add_reply(
        first_reply(sock_.request(
                        encode_path_add(family_, dev, major, minor, priority, allow_unidentified)),
                    "PATH_ADD")
            .get());
}

void Client::remove_path(std::uint32_t dev, const PathRef& path, bool force) {
    sock_.request(encode_path_cmd(family_, MQPATH_CMD_PATH_REMOVE, dev, path, std::nullopt, force));
}

void Client::fail_path(std::uint32_t dev, const PathRef& path, bool force) {
    sock_.request(encode_path_cmd(family_, MQPATH_CMD_PATH_FAIL, dev, path, std::nullopt, force));
}

void Client::reinstate_path(std::uint32_t dev, const PathRef& path) {
    sock_.request(encode_path_cmd(family_, MQPATH_CMD_PATH_REINSTATE, dev, path));
}

void Client::set_path_priority(std::uint32_t dev, const PathRef& path, std::uint32_t priority) {
    sock_.request(encode_path_cmd(family_, MQPATH_CMD_PATH_SET, dev, path, priority));
}

DeviceStats Client::stats(std::uint32_t dev) {
    return decode_stats(first_reply(sock_.request(encode_stats(family_, dev)), "STATS").get());
}

std::vector<DeviceStats> Client::stats_all() {
    std::vector<DeviceStats> out;
    for (const auto& m : sock_.dump(encode_stats(family_, std::nullopt))) {
        out.push_back(decode_stats(m.get()));
    }
    return out;
}

} // namespace mq::mqpath
