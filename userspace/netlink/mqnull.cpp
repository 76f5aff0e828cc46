// SPDX-License-Identifier: GPL-2.0-only
#include "netlink/mqnull.hpp"

#include "netlink/attr.hpp"

#include <array>
#include <cstdio>
#include <cstring>
#include <netlink/genl/genl.h>
#include <string_view>

namespace mq::mqnull {
namespace {

using nl::AttrTable;
using nl::MsgPtr;
using nl::Nest;

constexpr std::uint8_t kVersion = MQNULL_GENL_VERSION;

std::array<nla_policy, MQNULL_ATTR_MAX + 1> make_policy() {
    std::array<nla_policy, MQNULL_ATTR_MAX + 1> p{};
    p[MQNULL_ATTR_VERSION].type = NLA_U32;
    p[MQNULL_ATTR_NS_ID].type = NLA_U32;
    p[MQNULL_ATTR_SIZE].type = NLA_U64;
    p[MQNULL_ATTR_LOGICAL_BS].type = NLA_U32;
    p[MQNULL_ATTR_PHYSICAL_BS].type = NLA_U32;
    p[MQNULL_ATTR_MEMORY_BACKED].type = NLA_U8;
    p[MQNULL_ATTR_NR_PATHS].type = NLA_U32;
    p[MQNULL_ATTR_SUBMIT_QUEUES].type = NLA_U32;
    p[MQNULL_ATTR_QUEUE_DEPTH].type = NLA_U32;
    p[MQNULL_ATTR_COMPLETION].type = NLA_U8;
    p[MQNULL_ATTR_COMPLETION_NSEC].type = NLA_U64;
    p[MQNULL_ATTR_POLL_QUEUES].type = NLA_U32;
    p[MQNULL_ATTR_SHARED_TAGS].type = NLA_U8;
    p[MQNULL_ATTR_FORCE].type = NLA_FLAG;
    p[MQNULL_ATTR_PATH].type = NLA_NESTED;
    p[MQNULL_ATTR_MAX_PATHS].type = NLA_U32;
    p[MQNULL_ATTR_MEMORY_USED].type = NLA_U64;
    p[MQNULL_ATTR_UUID].type = NLA_UNSPEC;
    p[MQNULL_ATTR_UUID].minlen = 16;
    p[MQNULL_ATTR_MAX_NAMESPACES].type = NLA_U32;
    p[MQNULL_ATTR_MAX_TAGS].type = NLA_U64;
    p[MQNULL_ATTR_MAX_MEMORY].type = NLA_U64;
    return p;
}

std::array<nla_policy, MQNULL_PATH_ATTR_MAX + 1> make_path_policy() {
    std::array<nla_policy, MQNULL_PATH_ATTR_MAX + 1> p{};
    p[MQNULL_PATH_ATTR_ID].type = NLA_U32;
    p[MQNULL_PATH_ATTR_DISK_NAME].type = NLA_STRING;
    p[MQNULL_PATH_ATTR_DEV_MAJOR].type = NLA_U32;
    p[MQNULL_PATH_ATTR_DEV_MINOR].type = NLA_U32;
    p[MQNULL_PATH_ATTR_STATE].type = NLA_U8;
    p[MQNULL_PATH_ATTR_LATENCY_NSEC].type = NLA_U64;
    p[MQNULL_PATH_ATTR_ERROR_PPM].type = NLA_U32;
    p[MQNULL_PATH_ATTR_IOPS_LIMIT].type = NLA_U64;
    p[MQNULL_PATH_ATTR_BPS_LIMIT].type = NLA_U64;
    p[MQNULL_PATH_ATTR_OLD_STATE].type = NLA_U8;
    p[MQNULL_PATH_ATTR_WRITE_CACHE].type = NLA_U8;
    p[MQNULL_PATH_ATTR_FUA].type = NLA_U8;
    p[MQNULL_PATH_ATTR_DISCARD].type = NLA_U8;
    p[MQNULL_PATH_ATTR_FLUSHES].type = NLA_U64;
    for (int t :
         {MQNULL_PATH_ATTR_READS, MQNULL_PATH_ATTR_WRITES, MQNULL_PATH_ATTR_READ_BYTES,
          MQNULL_PATH_ATTR_WRITE_BYTES, MQNULL_PATH_ATTR_ERRORS_INJECTED, MQNULL_PATH_ATTR_TIMEOUTS,
          MQNULL_PATH_ATTR_INFLIGHT, MQNULL_PATH_ATTR_OTHER_OPS}) {
        p[static_cast<std::size_t>(t)].type = NLA_U64;
    }
    return p;
}

const std::array<nla_policy, MQNULL_ATTR_MAX + 1> kPolicy = make_policy();
const std::array<nla_policy, MQNULL_PATH_ATTR_MAX + 1> kPathPolicy = make_path_policy();

AttrTable parse(nl_msg* msg) {
    return AttrTable::from_genl(msg, MQNULL_ATTR_MAX, kPolicy.data());
}

AttrTable parse_path(nlattr* nest) {
    return AttrTable::from_nested(nest, MQNULL_PATH_ATTR_MAX, kPathPolicy.data());
}

template <typename E> std::optional<E> enum_from(std::string_view s, const auto& names) {
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == s) {
            return static_cast<E>(i);
        }
    }
    return std::nullopt;
}

constexpr std::array<std::string_view, 3> kCompletionNames{"none", "softirq", "timer"};
constexpr std::array<std::string_view, 4> kStateNames{"live", "failed", "offline", "hang"};

template <typename E> std::string name_of(E v, const auto& names) {
    const auto i = static_cast<std::size_t>(v);
    if (i < names.size()) {
        return std::string(names[i]);
    }
    return "unknown(" + std::to_string(i) + ")";
}

// Attribute names, in uapi order: one entry per enum value (the unit tests
// compare them with uapi/mqnull.h).
constexpr std::array<std::string_view, MQNULL_ATTR_MAX + 1> kAttrNames{
    "MQNULL_ATTR_UNSPEC",        "MQNULL_ATTR_VERSION",     "MQNULL_ATTR_NS_ID",
    "MQNULL_ATTR_SIZE",          "MQNULL_ATTR_LOGICAL_BS",  "MQNULL_ATTR_PHYSICAL_BS",
    "MQNULL_ATTR_MEMORY_BACKED", "MQNULL_ATTR_NR_PATHS",    "MQNULL_ATTR_SUBMIT_QUEUES",
    "MQNULL_ATTR_QUEUE_DEPTH",   "MQNULL_ATTR_COMPLETION",  "MQNULL_ATTR_COMPLETION_NSEC",
    "MQNULL_ATTR_POLL_QUEUES",   "MQNULL_ATTR_SHARED_TAGS", "MQNULL_ATTR_FORCE",
    "MQNULL_ATTR_PATH",          "MQNULL_ATTR_MAX_PATHS",   "MQNULL_ATTR_PAD",
    "MQNULL_ATTR_MEMORY_USED",   "MQNULL_ATTR_UUID",        "MQNULL_ATTR_MAX_NAMESPACES",
    "MQNULL_ATTR_MAX_TAGS",      "MQNULL_ATTR_MAX_MEMORY",
};
constexpr std::array<std::string_view, MQNULL_PATH_ATTR_MAX + 1> kPathAttrNames{
    "MQNULL_PATH_ATTR_UNSPEC",       "MQNULL_PATH_ATTR_ID",
    "MQNULL_PATH_ATTR_DISK_NAME",    "MQNULL_PATH_ATTR_DEV_MAJOR",
    "MQNULL_PATH_ATTR_DEV_MINOR",    "MQNULL_PATH_ATTR_STATE",
    "MQNULL_PATH_ATTR_LATENCY_NSEC", "MQNULL_PATH_ATTR_ERROR_PPM",
    "MQNULL_PATH_ATTR_IOPS_LIMIT",   "MQNULL_PATH_ATTR_BPS_LIMIT",
    "MQNULL_PATH_ATTR_OLD_STATE",    "MQNULL_PATH_ATTR_READS",
    "MQNULL_PATH_ATTR_WRITES",       "MQNULL_PATH_ATTR_READ_BYTES",
    "MQNULL_PATH_ATTR_WRITE_BYTES",  "MQNULL_PATH_ATTR_ERRORS_INJECTED",
    "MQNULL_PATH_ATTR_TIMEOUTS",     "MQNULL_PATH_ATTR_INFLIGHT",
    "MQNULL_PATH_ATTR_OTHER_OPS",    "MQNULL_PATH_ATTR_PAD",
    "MQNULL_PATH_ATTR_WRITE_CACHE",  "MQNULL_PATH_ATTR_FUA",
    "MQNULL_PATH_ATTR_DISCARD",      "MQNULL_PATH_ATTR_FLUSHES",
};

} // namespace

std::optional<Uuid> parse_uuid(std::string_view s) {
    Uuid u{};
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool dash_here = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash_here != (s[i] == '-')) {
            return std::nullopt;
        }
        if (dash_here) {
            continue;
        }
        const char c = s[i];
        int v = -1;
        if (c >= '0' && c <= '9') {
            v = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            v = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            v = c - 'A' + 10;
        }
        if (v < 0 || n >= 32) {
            return std::nullopt;
        }
        u[n / 2] = static_cast<std::uint8_t>((u[n / 2] << 4) | v);
        ++n;
    }
    if (n != 32 || s.size() != 36) {
        return std::nullopt;
    }
    return u;
}

namespace {

void append_hex(std::string& out, std::uint8_t byte) {
    static constexpr std::string_view kDigits = "0123456789abcdef";
    out += kDigits[byte >> 4U];
    out += kDigits[byte & 0xfU];
}

} // namespace

std::string format_uuid(const Uuid& u) {
    std::string out;
    for (std::size_t i = 0; i < u.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            out += '-';
        }
        append_hex(out, u[i]);
    }
    return out;
}

std::string wwid_of(const Uuid& u) {
    std::string out = "eui.";
    for (const std::uint8_t byte : u) {
        append_hex(out, byte);
    }
    return out;
}

std::string to_string(Completion c) {
    return name_of(c, kCompletionNames);
}
std::string to_string(PathState s) {
    return name_of(s, kStateNames);
}
std::optional<Completion> parse_completion(std::string_view s) {
    return enum_from<Completion>(s, kCompletionNames);
}
std::optional<PathState> parse_path_state(std::string_view s) {
    return enum_from<PathState>(s, kStateNames);
}

const nla_policy* policy() {
    return kPolicy.data();
}
const nla_policy* path_policy() {
    return kPathPolicy.data();
}

static_assert(!kAttrNames.back().empty() && !kPathAttrNames.back().empty(),
              "uapi/mqnull.h has grown: add the new attributes' names");

std::vector<std::string> attr_names() {
    return {kAttrNames.begin(), kAttrNames.end()};
}
std::vector<std::string> path_attr_names() {
    return {kPathAttrNames.begin(), kPathAttrNames.end()};
}

std::string attr_name(const std::vector<std::uint16_t>& path) {
    return nl::nested_attr_name(kAttrNames, MQNULL_ATTR_PATH, kPathAttrNames, path);
}

// ---- requests ----

MsgPtr encode_get_info(int family) {
    return nl::genl_msg(family, MQNULL_CMD_GET_INFO, kVersion);
}

MsgPtr encode_ns_create(int family, const NamespaceSpec& spec) {
    MsgPtr m = nl::genl_msg(family, MQNULL_CMD_NS_CREATE, kVersion);
    nl_msg* p = m.get();
    nl::put_opt_u32(p, MQNULL_ATTR_NS_ID, spec.id);
    nl::put_opt_u64(p, MQNULL_ATTR_SIZE, spec.size);
    nl::put_opt_u32(p, MQNULL_ATTR_LOGICAL_BS, spec.logical_bs);
    nl::put_opt_u32(p, MQNULL_ATTR_PHYSICAL_BS, spec.physical_bs);
    nl::put_opt_u8(p, MQNULL_ATTR_MEMORY_BACKED, spec.memory_backed);
    nl::put_opt_u32(p, MQNULL_ATTR_NR_PATHS, spec.nr_paths);
    nl::put_opt_u32(p, MQNULL_ATTR_SUBMIT_QUEUES, spec.submit_queues);
    nl::put_opt_u32(p, MQNULL_ATTR_QUEUE_DEPTH, spec.queue_depth);
    nl::put_opt_u8(p, MQNULL_ATTR_COMPLETION, spec.completion);
    nl::put_opt_u64(p, MQNULL_ATTR_COMPLETION_NSEC, spec.completion_nsec);
    nl::put_opt_u32(p, MQNULL_ATTR_POLL_QUEUES, spec.poll_queues);
    nl::put_opt_u8(p, MQNULL_ATTR_SHARED_TAGS, spec.shared_tags);
    if (spec.uuid && nla_put(p, MQNULL_ATTR_UUID, 16, spec.uuid->data()) < 0) {
        throw nl::CodecError("no room for MQNULL_ATTR_UUID");
    }
    return m;
}

MsgPtr encode_ns_destroy(int family, std::uint32_t id, bool force) {
    MsgPtr m = nl::genl_msg(family, MQNULL_CMD_NS_DESTROY, kVersion);
    nl::put_u32(m.get(), MQNULL_ATTR_NS_ID, id);
    if (force) {
        nl::put_flag(m.get(), MQNULL_ATTR_FORCE);
    }
    return m;
}

MsgPtr encode_ns_get(int family, std::optional<std::uint32_t> id) {
    MsgPtr m = nl::genl_msg(family, MQNULL_CMD_NS_GET, kVersion);
    nl::put_opt_u32(m.get(), MQNULL_ATTR_NS_ID, id);
    return m;
}

MsgPtr encode_path_set(int family, std::uint32_t ns_id, const PathSettings& path) {
    MsgPtr m = nl::genl_msg(family, MQNULL_CMD_PATH_SET, kVersion);
    nl_msg* p = m.get();
    nl::put_u32(p, MQNULL_ATTR_NS_ID, ns_id);
    Nest nest(p, MQNULL_ATTR_PATH);
    nl::put_u32(p, MQNULL_PATH_ATTR_ID, path.id);
    nl::put_opt_u8(p, MQNULL_PATH_ATTR_STATE, path.state);
    nl::put_opt_u64(p, MQNULL_PATH_ATTR_LATENCY_NSEC, path.latency_nsec);
    nl::put_opt_u32(p, MQNULL_PATH_ATTR_ERROR_PPM, path.error_ppm);
    nl::put_opt_u64(p, MQNULL_PATH_ATTR_IOPS_LIMIT, path.iops_limit);
    nl::put_opt_u64(p, MQNULL_PATH_ATTR_BPS_LIMIT, path.bps_limit);
    nl::put_opt_u8(p, MQNULL_PATH_ATTR_WRITE_CACHE, path.write_cache);
    nl::put_opt_u8(p, MQNULL_PATH_ATTR_FUA, path.fua);
    nl::put_opt_u8(p, MQNULL_PATH_ATTR_DISCARD, path.discard);
    nest.close();
    return m;
}

MsgPtr encode_path_stats(int family, std::optional<std::uint32_t> ns_id,
                         std::optional<std::uint32_t> path_id) {
    MsgPtr m = nl::genl_msg(family, MQNULL_CMD_PATH_STATS, kVersion);
    nl::put_opt_u32(m.get(), MQNULL_ATTR_NS_ID, ns_id);
    if (path_id) {
        Nest nest(m.get(), MQNULL_ATTR_PATH);
        nl::put_u32(m.get(), MQNULL_PATH_ATTR_ID, *path_id);
        nest.close();
    }
    return m;
}

// ---- replies (the module's side) ----

MsgPtr encode_info_reply(int family, const ModuleInfo& info) {
    MsgPtr m = nl::genl_msg(family, MQNULL_CMD_GET_INFO, kVersion);
    nl::put_u32(m.get(), MQNULL_ATTR_VERSION, info.version);
    nl::put_u32(m.get(), MQNULL_ATTR_MAX_PATHS, info.max_paths);
    nl::put_u32(m.get(), MQNULL_ATTR_MAX_NAMESPACES, info.max_namespaces);
    nl::put_u64(m.get(), MQNULL_ATTR_MAX_TAGS, info.max_tags);
    nl::put_u64(m.get(), MQNULL_ATTR_MAX_MEMORY, info.max_memory);
    return m;
}

MsgPtr encode_namespace_reply(int family, const NamespaceInfo& ns) {
    MsgPtr m = nl::genl_msg(family, MQNULL_CMD_NS_GET, kVersion);
    nl_msg* p = m.get();
    nl::put_u32(p, MQNULL_ATTR_NS_ID, ns.id);
    nl::put_u64(p, MQNULL_ATTR_SIZE, ns.size);
    nl::put_u32(p, MQNULL_ATTR_LOGICAL_BS, ns.logical_bs);
    nl::put_u32(p, MQNULL_ATTR_PHYSICAL_BS, ns.physical_bs);
    nl::put_u8(p, MQNULL_ATTR_MEMORY_BACKED, ns.memory_backed ? 1 : 0);
    nl::put_u32(p, MQNULL_ATTR_NR_PATHS, ns.nr_paths);
    nl::put_u32(p, MQNULL_ATTR_SUBMIT_QUEUES, ns.submit_queues);
    nl::put_u32(p, MQNULL_ATTR_QUEUE_DEPTH, ns.queue_depth);
    nl::put_u8(p, MQNULL_ATTR_COMPLETION, static_cast<std::uint8_t>(ns.completion));
    nl::put_u64(p, MQNULL_ATTR_COMPLETION_NSEC, ns.completion_nsec);
    nl::put_u32(p, MQNULL_ATTR_POLL_QUEUES, ns.poll_queues);
    nl::put_u8(p, MQNULL_ATTR_SHARED_TAGS, ns.shared_tags ? 1 : 0);
    nl::put_u64(p, MQNULL_ATTR_MEMORY_USED, ns.memory_used);
    if (nla_put(p, MQNULL_ATTR_UUID, 16, ns.uuid.data()) < 0) {
        throw nl::CodecError("no room for MQNULL_ATTR_UUID");
    }
    for (const auto& path : ns.paths) {
        Nest nest(p, MQNULL_ATTR_PATH);
        nl::put_u32(p, MQNULL_PATH_ATTR_ID, path.id);
        nl::put_string(p, MQNULL_PATH_ATTR_DISK_NAME, path.disk_name);
        nl::put_u32(p, MQNULL_PATH_ATTR_DEV_MAJOR, path.major);
        nl::put_u32(p, MQNULL_PATH_ATTR_DEV_MINOR, path.minor);
        nl::put_u8(p, MQNULL_PATH_ATTR_STATE, static_cast<std::uint8_t>(path.state));
        nl::put_u64(p, MQNULL_PATH_ATTR_LATENCY_NSEC, path.latency_nsec);
        nl::put_u32(p, MQNULL_PATH_ATTR_ERROR_PPM, path.error_ppm);
        nl::put_u64(p, MQNULL_PATH_ATTR_IOPS_LIMIT, path.iops_limit);
        nl::put_u64(p, MQNULL_PATH_ATTR_BPS_LIMIT, path.bps_limit);
        nl::put_u8(p, MQNULL_PATH_ATTR_WRITE_CACHE, path.write_cache ? 1 : 0);
        nl::put_u8(p, MQNULL_PATH_ATTR_FUA, path.fua ? 1 : 0);
        nl::put_u8(p, MQNULL_PATH_ATTR_DISCARD, path.discard ? 1 : 0);
        nest.close();
    }
    return m;
}

MsgPtr encode_stats_reply(int family, const NamespaceStats& stats) {
    MsgPtr m = nl::genl_msg(family, MQNULL_CMD_PATH_STATS, kVersion);
    nl_msg* p = m.get();
    nl::put_u32(p, MQNULL_ATTR_NS_ID, stats.id);
    for (const auto& ps : stats.paths) {
        Nest nest(p, MQNULL_ATTR_PATH);
        nl::put_u32(p, MQNULL_PATH_ATTR_ID, ps.id);
        if (!ps.disk_name.empty()) {
            nl::put_string(p, MQNULL_PATH_ATTR_DISK_NAME, ps.disk_name);
        }
        nl::put_u32(p, MQNULL_PATH_ATTR_DEV_MAJOR, ps.major);
        nl::put_u32(p, MQNULL_PATH_ATTR_DEV_MINOR, ps.minor);
        nl::put_opt_u8(p, MQNULL_PATH_ATTR_STATE, ps.state);
        nl::put_u64(p, MQNULL_PATH_ATTR_READS, ps.reads);
        nl::put_u64(p, MQNULL_PATH_ATTR_WRITES, ps.writes);
        nl::put_u64(p, MQNULL_PATH_ATTR_READ_BYTES, ps.read_bytes);
        nl::put_u64(p, MQNULL_PATH_ATTR_WRITE_BYTES, ps.write_bytes);
        nl::put_u64(p, MQNULL_PATH_ATTR_ERRORS_INJECTED, ps.errors_injected);
        nl::put_u64(p, MQNULL_PATH_ATTR_TIMEOUTS, ps.timeouts);
        nl::put_u64(p, MQNULL_PATH_ATTR_INFLIGHT, ps.inflight);
        nl::put_u64(p, MQNULL_PATH_ATTR_OTHER_OPS, ps.other_ops);
        nl::put_u64(p, MQNULL_PATH_ATTR_FLUSHES, ps.flushes);
        nest.close();
    }
    return m;
}

MsgPtr encode_path_event(int family, const PathStateEvent& ev) {
    MsgPtr m = nl::genl_msg(family, MQNULL_CMD_EVENT_PATH_STATE, kVersion);
    nl_msg* p = m.get();
    nl::put_u32(p, MQNULL_ATTR_NS_ID, ev.ns_id);
    Nest nest(p, MQNULL_ATTR_PATH);
    nl::put_u32(p, MQNULL_PATH_ATTR_ID, ev.path_id);
    if (!ev.disk_name.empty()) {
        nl::put_string(p, MQNULL_PATH_ATTR_DISK_NAME, ev.disk_name);
    }
    nl::put_u32(p, MQNULL_PATH_ATTR_DEV_MAJOR, ev.major);
    nl::put_u32(p, MQNULL_PATH_ATTR_DEV_MINOR, ev.minor);
    nl::put_u8(p, MQNULL_PATH_ATTR_STATE, static_cast<std::uint8_t>(ev.state));
    nl::put_opt_u8(p, MQNULL_PATH_ATTR_OLD_STATE, ev.old_state);
    nest.close();
    return m;
}

// ---- decoders ----

ModuleInfo decode_info(nl_msg* msg) {
    const AttrTable tb = parse(msg);
    return ModuleInfo{
        tb.u32(MQNULL_ATTR_VERSION).value_or(0), tb.u32(MQNULL_ATTR_MAX_PATHS).value_or(0),
        tb.u32(MQNULL_ATTR_MAX_NAMESPACES).value_or(0), tb.u64(MQNULL_ATTR_MAX_TAGS).value_or(0),
        tb.u64(MQNULL_ATTR_MAX_MEMORY).value_or(0)};
}

NamespaceInfo decode_namespace(nl_msg* msg) {
    const AttrTable tb = parse(msg);
    NamespaceInfo ns;
    ns.id = tb.need_u32(MQNULL_ATTR_NS_ID, "the namespace id");
    ns.size = tb.u64(MQNULL_ATTR_SIZE).value_or(0);
    ns.logical_bs = tb.u32(MQNULL_ATTR_LOGICAL_BS).value_or(0);
    ns.physical_bs = tb.u32(MQNULL_ATTR_PHYSICAL_BS).value_or(0);
    ns.memory_backed = tb.u8(MQNULL_ATTR_MEMORY_BACKED).value_or(0) != 0;
    ns.nr_paths = tb.u32(MQNULL_ATTR_NR_PATHS).value_or(0);
    ns.submit_queues = tb.u32(MQNULL_ATTR_SUBMIT_QUEUES).value_or(0);
    ns.queue_depth = tb.u32(MQNULL_ATTR_QUEUE_DEPTH).value_or(0);
    ns.completion = static_cast<Completion>(tb.u8(MQNULL_ATTR_COMPLETION).value_or(0));
    ns.completion_nsec = tb.u64(MQNULL_ATTR_COMPLETION_NSEC).value_or(0);
    ns.poll_queues = tb.u32(MQNULL_ATTR_POLL_QUEUES).value_or(0);
    ns.shared_tags = tb.u8(MQNULL_ATTR_SHARED_TAGS).value_or(0) != 0;
    ns.memory_used = tb.u64(MQNULL_ATTR_MEMORY_USED).value_or(0);
    if (nlattr* u = tb[MQNULL_ATTR_UUID]; u != nullptr && nla_len(u) == 16) {
        std::memcpy(ns.uuid.data(), nla_data(u), ns.uuid.size());
    }
    for (nlattr* a : nl::genl_attrs_of_type(msg, MQNULL_ATTR_PATH)) {
        const AttrTable pt = parse_path(a);
        PathInfo path;
        path.id = pt.need_u32(MQNULL_PATH_ATTR_ID, "a path id");
        path.disk_name = pt.str(MQNULL_PATH_ATTR_DISK_NAME).value_or("");
        path.major = pt.u32(MQNULL_PATH_ATTR_DEV_MAJOR).value_or(0);
        path.minor = pt.u32(MQNULL_PATH_ATTR_DEV_MINOR).value_or(0);
        path.state = static_cast<PathState>(pt.u8(MQNULL_PATH_ATTR_STATE).value_or(0));
        path.latency_nsec = pt.u64(MQNULL_PATH_ATTR_LATENCY_NSEC).value_or(0);
        path.error_ppm = pt.u32(MQNULL_PATH_ATTR_ERROR_PPM).value_or(0);
        path.iops_limit = pt.u64(MQNULL_PATH_ATTR_IOPS_LIMIT).value_or(0);
        path.bps_limit = pt.u64(MQNULL_PATH_ATTR_BPS_LIMIT).value_or(0);
        path.write_cache = pt.u8(MQNULL_PATH_ATTR_WRITE_CACHE).value_or(1) != 0;
        path.fua = pt.u8(MQNULL_PATH_ATTR_FUA).value_or(1) != 0;
        path.discard = pt.u8(MQNULL_PATH_ATTR_DISCARD).value_or(1) != 0;
        ns.paths.push_back(std::move(path));
    }
    return ns;
}

NamespaceStats decode_stats(nl_msg* msg) {
    const AttrTable tb = parse(msg);
    NamespaceStats st;
    st.id = tb.need_u32(MQNULL_ATTR_NS_ID, "the namespace id");
    for (nlattr* a : nl::genl_attrs_of_type(msg, MQNULL_ATTR_PATH)) {
        const AttrTable pt = parse_path(a);
        PathStats ps;
        ps.id = pt.need_u32(MQNULL_PATH_ATTR_ID, "a path id");
        ps.disk_name = pt.str(MQNULL_PATH_ATTR_DISK_NAME).value_or("");
        ps.major = pt.u32(MQNULL_PATH_ATTR_DEV_MAJOR).value_or(0);
        ps.minor = pt.u32(MQNULL_PATH_ATTR_DEV_MINOR).value_or(0);
        if (auto state = pt.u8(MQNULL_PATH_ATTR_STATE)) {
            ps.state = static_cast<PathState>(*state);
        }
        ps.reads = pt.u64(MQNULL_PATH_ATTR_READS).value_or(0);
        ps.writes = pt.u64(MQNULL_PATH_ATTR_WRITES).value_or(0);
        ps.read_bytes = pt.u64(MQNULL_PATH_ATTR_READ_BYTES).value_or(0);
        ps.write_bytes = pt.u64(MQNULL_PATH_ATTR_WRITE_BYTES).value_or(0);
        ps.errors_injected = pt.u64(MQNULL_PATH_ATTR_ERRORS_INJECTED).value_or(0);
        ps.timeouts = pt.u64(MQNULL_PATH_ATTR_TIMEOUTS).value_or(0);
        ps.inflight = pt.u64(MQNULL_PATH_ATTR_INFLIGHT).value_or(0);
        ps.other_ops = pt.u64(MQNULL_PATH_ATTR_OTHER_OPS).value_or(0);
        ps.flushes = pt.u64(MQNULL_PATH_ATTR_FLUSHES).value_or(0);
        st.paths.push_back(std::move(ps));
    }
    return st;
}

PathStateEvent decode_path_event(nl_msg* msg) {
    const AttrTable tb = parse(msg);
    PathStateEvent ev;
    ev.ns_id = tb.need_u32(MQNULL_ATTR_NS_ID, "the namespace id");
    if (tb[MQNULL_ATTR_PATH] == nullptr) {
        throw nl::CodecError("path state event without a path");
    }
    const AttrTable pt = parse_path(tb[MQNULL_ATTR_PATH]);
    ev.path_id = pt.need_u32(MQNULL_PATH_ATTR_ID, "a path id");
    ev.disk_name = pt.str(MQNULL_PATH_ATTR_DISK_NAME).value_or("");
    ev.major = pt.u32(MQNULL_PATH_ATTR_DEV_MAJOR).value_or(0);
    ev.minor = pt.u32(MQNULL_PATH_ATTR_DEV_MINOR).value_or(0);
    ev.state = static_cast<PathState>(pt.u8(MQNULL_PATH_ATTR_STATE).value_or(0));
    if (auto old = pt.u8(MQNULL_PATH_ATTR_OLD_STATE)) {
        ev.old_state = static_cast<PathState>(*old);
    }
    return ev;
}

// ---- client ----

Client::Client() : family_(sock_.resolve_family(MQNULL_GENL_NAME, "mqnull")) {
    sock_.set_attr_namer(attr_name);
}

ModuleInfo Client::info() {
    auto replies = sock_.request(encode_get_info(family_));
    if (replies.empty()) {
        throw nl::CodecError("no reply to GET_INFO");
    }
    return decode_info(replies.front().get());
}

NamespaceInfo Client::create(const NamespaceSpec& spec) {
    auto replies = sock_.request(encode_ns_create(family_, spec));
    if (replies.empty()) {
        throw nl::CodecError("no reply to NS_CREATE");
    }
    return decode_namespace(replies.front().get());
}

void Client::destroy(std::uint32_t id, bool force) {
    sock_.request(encode_ns_destroy(family_, id, force));
}

NamespaceInfo Client::get(std::uint32_t id) {
    auto replies = sock_.request(encode_ns_get(family_, id));
    if (replies.empty()) {
        throw nl::CodecError("no reply to NS_GET");
    }
    return decode_namespace(replies.front().get());
}

std::vector<NamespaceInfo> Client::list() {
    std::vector<NamespaceInfo> out;
    for (const auto& m : sock_.dump(encode_ns_get(family_, std::nullopt))) {
        out.push_back(decode_namespace(m.get()));
    }
    return out;
}

void Client::set_path(std::uint32_t ns_id, const PathSettings& path) {
    sock_.request(encode_path_set(family_, ns_id, path));
}

NamespaceStats Client::stats(std::uint32_t ns_id, std::optional<std::uint32_t> path_id) {
    auto replies = sock_.request(encode_path_stats(family_, ns_id, path_id));
    if (replies.empty()) {
        throw nl::CodecError("no reply to PATH_STATS");
    }
    NamespaceStats st = decode_stats(replies.front().get());
    // A module may answer with every path; keep the one asked for.
    if (path_id) {
        std::erase_if(st.paths, [&](const PathStats& p) { return p.id != *path_id; });
    }
    return st;
}

std::vector<NamespaceStats> Client::stats_all() {
    std::vector<NamespaceStats> out;
    for (const auto& m : sock_.dump(encode_path_stats(family_, std::nullopt, std::nullopt))) {
        out.push_back(decode_stats(m.get()));
    }
    return out;
}

} // namespace mq::mqnull
