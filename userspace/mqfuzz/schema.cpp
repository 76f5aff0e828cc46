// SPDX-License-Identifier: GPL-2.0-only
#include "mqfuzz/schema.hpp"

#include <algorithm>
#include <uapi/mqnull.h>
#include <uapi/mqpath.h>

// A new command or attribute number must be described below before mqfuzz
// builds again: the fuzzer and the permission test cover every command.
static_assert(MQNULL_CMD_MAX == 7, "describe the new mqnull command in mqfuzz/schema.cpp");
static_assert(MQNULL_ATTR_MAX == 22, "describe the new mqnull attribute in mqfuzz/schema.cpp");
static_assert(MQNULL_PATH_ATTR_MAX == 23, "describe the new mqnull PATH attribute");
static_assert(MQPATH_CMD_MAX == 18, "describe the new mqpath command in mqfuzz/schema.cpp");
static_assert(MQPATH_ATTR_MAX == 37, "describe the new mqpath attribute in mqfuzz/schema.cpp");
static_assert(MQPATH_PATH_ATTR_MAX == 22, "describe the new mqpath PATH attribute");

namespace mq::fuzz {
namespace {

constexpr std::uint64_t kU8 = 0xff;
constexpr std::uint64_t kU32 = 0xffffffffULL;
constexpr std::uint64_t kU64 = ~0ULL;
constexpr std::uint64_t kMiB = 1ULL << 20;
constexpr std::uint64_t kGiB = 1ULL << 30;
constexpr std::uint64_t kMsMax = 24ULL * 3600 * 1000;

// A reply-only attribute: the kernel never accepts it in a request.
AttrSpec reply(std::uint16_t type, std::string_view name, Kind kind) {
    const std::uint64_t max = kind == Kind::U8 ? kU8 : kind == Kind::U32 ? kU32 : kU64;
    return AttrSpec{type, name, kind, 0, max, Role::Plain, false, 0};
}

AttrSpec req(std::uint16_t type, std::string_view name, Kind kind, std::uint64_t min,
             std::uint64_t max, Role role = Role::Plain, std::uint64_t safe_max = 0) {
    return AttrSpec{type, name, kind, min, max, role, true, safe_max};
}

FamilySpec build_mqnull() {
    FamilySpec f;
    f.id = FamilyId::MqNull;
    f.name = MQNULL_GENL_NAME;
    f.version = MQNULL_GENL_VERSION;
    f.max_attr = MQNULL_ATTR_MAX;
    f.max_path_attr = MQNULL_PATH_ATTR_MAX;
    f.max_cmd = MQNULL_CMD_MAX;
    f.path_attr = MQNULL_ATTR_PATH;
    f.attrs = {
        reply(MQNULL_ATTR_VERSION, "VERSION", Kind::U32),
        req(MQNULL_ATTR_NS_ID, "NS_ID", Kind::U32, 0, 65535, Role::NsId),
        req(MQNULL_ATTR_SIZE, "SIZE", Kind::U64, 512, 1ULL << 50, Role::Size, kGiB),
        req(MQNULL_ATTR_LOGICAL_BS, "LOGICAL_BS", Kind::U32, 512, 4096, Role::BlockSize),
        req(MQNULL_ATTR_PHYSICAL_BS, "PHYSICAL_BS", Kind::U32, 512, 65536, Role::BlockSize),
        req(MQNULL_ATTR_MEMORY_BACKED, "MEMORY_BACKED", Kind::U8, 0, 1),
        req(MQNULL_ATTR_NR_PATHS, "NR_PATHS", Kind::U32, 1, MQNULL_MAX_PATHS, Role::Plain, 4),
        req(MQNULL_ATTR_SUBMIT_QUEUES, "SUBMIT_QUEUES", Kind::U32, 0, 1024, Role::Plain, 2),
        req(MQNULL_ATTR_QUEUE_DEPTH, "QUEUE_DEPTH", Kind::U32, 1, 4096, Role::Plain, 128),
        req(MQNULL_ATTR_COMPLETION, "COMPLETION", Kind::U8, 0, MQNULL_COMPLETE_TIMER),
        req(MQNULL_ATTR_COMPLETION_NSEC, "COMPLETION_NSEC", Kind::U64, 0, 10000000000ULL,
            Role::Plain, 100000),
        req(MQNULL_ATTR_POLL_QUEUES, "POLL_QUEUES", Kind::U32, 0, 1024, Role::Plain, 1),
        req(MQNULL_ATTR_SHARED_TAGS, "SHARED_TAGS", Kind::U8, 0, 1),
        req(MQNULL_ATTR_FORCE, "FORCE", Kind::Flag, 0, 0),
        req(MQNULL_ATTR_PATH, "PATH", Kind::Nested, 0, 0),
        reply(MQNULL_ATTR_MAX_PATHS, "MAX_PATHS", Kind::U32),
        reply(MQNULL_ATTR_PAD, "PAD", Kind::U64),
        reply(MQNULL_ATTR_MEMORY_USED, "MEMORY_USED", Kind::U64),
        // 16 bytes; the generators have no binary kind, so only replies carry it.
        reply(MQNULL_ATTR_UUID, "UUID", Kind::String),
        reply(MQNULL_ATTR_MAX_NAMESPACES, "MAX_NAMESPACES", Kind::U32),
        reply(MQNULL_ATTR_MAX_TAGS, "MAX_TAGS", Kind::U64),
        reply(MQNULL_ATTR_MAX_MEMORY, "MAX_MEMORY", Kind::U64),
    };
    f.path_attrs = {
        req(MQNULL_PATH_ATTR_ID, "ID", Kind::U32, 0, MQNULL_MAX_PATHS - 1, Role::PathId),
        reply(MQNULL_PATH_ATTR_DISK_NAME, "DISK_NAME", Kind::String),
        reply(MQNULL_PATH_ATTR_DEV_MAJOR, "DEV_MAJOR", Kind::U32),
        reply(MQNULL_PATH_ATTR_DEV_MINOR, "DEV_MINOR", Kind::U32),
        req(MQNULL_PATH_ATTR_STATE, "STATE", Kind::U8, 0, MQNULL_PATH_HANG),
        req(MQNULL_PATH_ATTR_LATENCY_NSEC, "LATENCY_NSEC", Kind::U64, 0, 60000000000ULL,
            Role::Plain, 1000000),
        req(MQNULL_PATH_ATTR_ERROR_PPM, "ERROR_PPM", Kind::U32, 0, 1000000),
        req(MQNULL_PATH_ATTR_IOPS_LIMIT, "IOPS_LIMIT", Kind::U64, 0, kU64),
        req(MQNULL_PATH_ATTR_BPS_LIMIT, "BPS_LIMIT", Kind::U64, 0, kU64),
        reply(MQNULL_PATH_ATTR_OLD_STATE, "OLD_STATE", Kind::U8),
        reply(MQNULL_PATH_ATTR_READS, "READS", Kind::U64),
        reply(MQNULL_PATH_ATTR_WRITES, "WRITES", Kind::U64),
        reply(MQNULL_PATH_ATTR_READ_BYTES, "READ_BYTES", Kind::U64),
        reply(MQNULL_PATH_ATTR_WRITE_BYTES, "WRITE_BYTES", Kind::U64),
        reply(MQNULL_PATH_ATTR_ERRORS_INJECTED, "ERRORS_INJECTED", Kind::U64),
        reply(MQNULL_PATH_ATTR_TIMEOUTS, "TIMEOUTS", Kind::U64),
        reply(MQNULL_PATH_ATTR_INFLIGHT, "INFLIGHT", Kind::U64),
        reply(MQNULL_PATH_ATTR_OTHER_OPS, "OTHER_OPS", Kind::U64),
        reply(MQNULL_PATH_ATTR_PAD, "PAD", Kind::U64),
        req(MQNULL_PATH_ATTR_WRITE_CACHE, "WRITE_CACHE", Kind::U8, 0, 1),
        req(MQNULL_PATH_ATTR_FUA, "FUA", Kind::U8, 0, 1),
        req(MQNULL_PATH_ATTR_DISCARD, "DISCARD", Kind::U8, 0, 1),
        reply(MQNULL_PATH_ATTR_FLUSHES, "FLUSHES", Kind::U64),
    };
    const std::vector<std::uint16_t> set_path = {
        MQNULL_PATH_ATTR_ID,          MQNULL_PATH_ATTR_STATE,      MQNULL_PATH_ATTR_LATENCY_NSEC,
        MQNULL_PATH_ATTR_ERROR_PPM,   MQNULL_PATH_ATTR_IOPS_LIMIT, MQNULL_PATH_ATTR_BPS_LIMIT,
        MQNULL_PATH_ATTR_WRITE_CACHE, MQNULL_PATH_ATTR_FUA,        MQNULL_PATH_ATTR_DISCARD,
    };
    f.cmds = {
        {MQNULL_CMD_GET_INFO, "GET_INFO", false, true, false, false, {}, {}, {}, {}},
        {MQNULL_CMD_NS_CREATE,
         "NS_CREATE",
         true,
         true,
         false,
         false,
         {MQNULL_ATTR_NS_ID, MQNULL_ATTR_SIZE, MQNULL_ATTR_LOGICAL_BS, MQNULL_ATTR_PHYSICAL_BS,
          MQNULL_ATTR_MEMORY_BACKED, MQNULL_ATTR_NR_PATHS, MQNULL_ATTR_SUBMIT_QUEUES,
          MQNULL_ATTR_QUEUE_DEPTH, MQNULL_ATTR_COMPLETION, MQNULL_ATTR_COMPLETION_NSEC,
          MQNULL_ATTR_POLL_QUEUES, MQNULL_ATTR_SHARED_TAGS},
         {MQNULL_ATTR_SIZE},
         {},
         {}},
        {MQNULL_CMD_NS_DESTROY,
         "NS_DESTROY",
         true,
         true,
         false,
         false,
         {MQNULL_ATTR_NS_ID, MQNULL_ATTR_FORCE},
         {MQNULL_ATTR_NS_ID},
         {},
         {}},
        {MQNULL_CMD_NS_GET,
         "NS_GET",
         false,
         true,
         true,
         false,
         {MQNULL_ATTR_NS_ID},
         {MQNULL_ATTR_NS_ID},
         {},
         {}},
        {MQNULL_CMD_PATH_SET,
         "PATH_SET",
         true,
         true,
         false,
         false,
         {MQNULL_ATTR_NS_ID, MQNULL_ATTR_PATH},
         {MQNULL_ATTR_NS_ID, MQNULL_ATTR_PATH},
         set_path,
         {MQNULL_PATH_ATTR_ID}},
        {MQNULL_CMD_PATH_STATS,
         "PATH_STATS",
         false,
         true,
         true,
         false,
         {MQNULL_ATTR_NS_ID, MQNULL_ATTR_PATH},
         {MQNULL_ATTR_NS_ID},
         {MQNULL_PATH_ATTR_ID},
         {MQNULL_PATH_ATTR_ID}},
        {MQNULL_CMD_EVENT_PATH_STATE,
         "EVENT_PATH_STATE",
         false,
         false,
         false,
         true,
         {},
         {},
         {},
         {}},
    };
    return f;
}

FamilySpec build_mqpath() {
    FamilySpec f;
    f.id = FamilyId::MqPath;
    f.name = MQPATH_GENL_NAME;
    f.version = MQPATH_GENL_VERSION;
    f.max_attr = MQPATH_ATTR_MAX;
    f.max_path_attr = MQPATH_PATH_ATTR_MAX;
    f.max_cmd = MQPATH_CMD_MAX;
    f.path_attr = MQPATH_ATTR_PATH;
    f.attrs = {
        reply(MQPATH_ATTR_VERSION, "VERSION", Kind::U32),
        req(MQPATH_ATTR_DEV_ID, "DEV_ID", Kind::U32, 0, MQPATH_MAX_DEVS - 1, Role::DevId),
        reply(MQPATH_ATTR_DISK_NAME, "DISK_NAME", Kind::String),
        reply(MQPATH_ATTR_DEV_MAJOR, "DEV_MAJOR", Kind::U32),
        reply(MQPATH_ATTR_DEV_MINOR, "DEV_MINOR", Kind::U32),
        req(MQPATH_ATTR_SIZE, "SIZE", Kind::U64, 0, kU64 & ~511ULL, Role::Size, kGiB),
        req(MQPATH_ATTR_LOGICAL_BS, "LOGICAL_BS", Kind::U32, 512, 4096, Role::BlockSize),
        req(MQPATH_ATTR_SELECTOR, "SELECTOR", Kind::U8, 0, MQPATH_SELECTOR_MAX),
        req(MQPATH_ATTR_FAILBACK, "FAILBACK", Kind::U8, 0, MQPATH_FAILBACK_MANUAL),
        req(MQPATH_ATTR_QUEUE_IF_NO_PATH, "QUEUE_IF_NO_PATH", Kind::U8, 0, 1),
        req(MQPATH_ATTR_NO_PATH_TIMEOUT_MS, "NO_PATH_TIMEOUT_MS", Kind::U32, 0, kMsMax),
        // 0 (off) or 100..86400000; valid-ish messages keep the prober slow.
        req(MQPATH_ATTR_PROBE_INTERVAL_MS, "PROBE_INTERVAL_MS", Kind::U32, 100, kMsMax,
            Role::Plain),
        req(MQPATH_ATTR_FREEZE_WARN_MS, "FREEZE_WARN_MS", Kind::U32, 0, kMsMax),
        reply(MQPATH_ATTR_OPEN_COUNT, "OPEN_COUNT", Kind::U32),
        reply(MQPATH_ATTR_ACTIVE_PRIORITY, "ACTIVE_PRIORITY", Kind::U32),
        reply(MQPATH_ATTR_NR_PATHS, "NR_PATHS", Kind::U32),
        reply(MQPATH_ATTR_NR_LIVE_PATHS, "NR_LIVE_PATHS", Kind::U32),
        req(MQPATH_ATTR_PATH, "PATH", Kind::Nested, 0, 0),
        reply(MQPATH_ATTR_MAX_DEVS, "MAX_DEVS", Kind::U32),
        reply(MQPATH_ATTR_MAX_PATHS, "MAX_PATHS", Kind::U32),
        reply(MQPATH_ATTR_FREEZE_COUNT, "FREEZE_COUNT", Kind::U64),
        reply(MQPATH_ATTR_FREEZE_TOTAL_NS, "FREEZE_TOTAL_NS", Kind::U64),
        reply(MQPATH_ATTR_FREEZE_MAX_NS, "FREEZE_MAX_NS", Kind::U64),
        reply(MQPATH_ATTR_FREEZE_NS, "FREEZE_NS", Kind::U64),
        reply(MQPATH_ATTR_BIOS_REQUEUED, "BIOS_REQUEUED", Kind::U64),
        reply(MQPATH_ATTR_BIOS_PARKED, "BIOS_PARKED", Kind::U64),
        reply(MQPATH_ATTR_BIOS_PARKED_NOW, "BIOS_PARKED_NOW", Kind::U64),
        reply(MQPATH_ATTR_BIOS_NO_PATH_FAILED, "BIOS_NO_PATH_FAILED", Kind::U64),
        reply(MQPATH_ATTR_BIOS_FROZEN_WAITS, "BIOS_FROZEN_WAITS", Kind::U64),
        reply(MQPATH_ATTR_PAD, "PAD", Kind::U64),
        req(MQPATH_ATTR_ALLOW_UNIDENTIFIED, "ALLOW_UNIDENTIFIED", Kind::Flag, 0, 0),
        reply(MQPATH_ATTR_WWID, "WWID", Kind::String),
        req(MQPATH_ATTR_FORCE, "FORCE", Kind::Flag, 0, 0),
        req(MQPATH_ATTR_MARGINAL_COUNT, "MARGINAL_COUNT", Kind::U32, 0, 1000),
        req(MQPATH_ATTR_MARGINAL_WINDOW_MS, "MARGINAL_WINDOW_MS", Kind::U32, 0, kMsMax),
        req(MQPATH_ATTR_MARGINAL_HOLD_MS, "MARGINAL_HOLD_MS", Kind::U32, 0, kMsMax),
        reply(MQPATH_ATTR_QUEUEING, "QUEUEING", Kind::U8),
    };
    f.path_attrs = {
        req(MQPATH_PATH_ATTR_ID, "ID", Kind::U32, 0, MQPATH_MAX_PATHS - 1, Role::PathId),
        req(MQPATH_PATH_ATTR_DEV_MAJOR, "DEV_MAJOR", Kind::U32, 0, 4095, Role::Major),
        req(MQPATH_PATH_ATTR_DEV_MINOR, "DEV_MINOR", Kind::U32, 0, (1U << 20) - 1, Role::Minor),
        reply(MQPATH_PATH_ATTR_DISK_NAME, "DISK_NAME", Kind::String),
        req(MQPATH_PATH_ATTR_PRIORITY, "PRIORITY", Kind::U32, 0, kU32, Role::Plain, 8),
        reply(MQPATH_PATH_ATTR_STATE, "STATE", Kind::U8),
        reply(MQPATH_PATH_ATTR_REASON, "REASON", Kind::U8),
        reply(MQPATH_PATH_ATTR_NUMA_NODE, "NUMA_NODE", Kind::U32),
        reply(MQPATH_PATH_ATTR_IOS, "IOS", Kind::U64),
        reply(MQPATH_PATH_ATTR_BYTES, "BYTES", Kind::U64),
        reply(MQPATH_PATH_ATTR_ERRORS, "ERRORS", Kind::U64),
        reply(MQPATH_PATH_ATTR_FAILOVERS, "FAILOVERS", Kind::U64),
        reply(MQPATH_PATH_ATTR_INFLIGHT, "INFLIGHT", Kind::U64),
        reply(MQPATH_PATH_ATTR_FAIL_COUNT, "FAIL_COUNT", Kind::U64),
        reply(MQPATH_PATH_ATTR_PROBES, "PROBES", Kind::U64),
        reply(MQPATH_PATH_ATTR_PAD, "PAD", Kind::U64),
        reply(MQPATH_PATH_ATTR_CHECKER, "CHECKER", Kind::U8),
        reply(MQPATH_PATH_ATTR_CHECK_AGE_MS, "CHECK_AGE_MS", Kind::U64),
        reply(MQPATH_PATH_ATTR_CHANGE_AGE_MS, "CHANGE_AGE_MS", Kind::U64),
        reply(MQPATH_PATH_ATTR_READS, "READS", Kind::U64),
        reply(MQPATH_PATH_ATTR_WRITES, "WRITES", Kind::U64),
        reply(MQPATH_PATH_ATTR_HOLD_LEFT_MS, "HOLD_LEFT_MS", Kind::U64),
    };
    const std::vector<std::uint16_t> settings = {
        MQPATH_ATTR_SELECTOR,          MQPATH_ATTR_FAILBACK,
        MQPATH_ATTR_QUEUE_IF_NO_PATH,  MQPATH_ATTR_NO_PATH_TIMEOUT_MS,
        MQPATH_ATTR_PROBE_INTERVAL_MS, MQPATH_ATTR_FREEZE_WARN_MS,
        MQPATH_ATTR_MARGINAL_COUNT,    MQPATH_ATTR_MARGINAL_WINDOW_MS,
        MQPATH_ATTR_MARGINAL_HOLD_MS,
    };
    std::vector<std::uint16_t> create = {MQPATH_ATTR_DEV_ID, MQPATH_ATTR_SIZE,
                                         MQPATH_ATTR_LOGICAL_BS};
    create.insert(create.end(), settings.begin(), settings.end());
    std::vector<std::uint16_t> set = {MQPATH_ATTR_DEV_ID};
    set.insert(set.end(), settings.begin(), settings.end());
    const std::vector<std::uint16_t> dev_path = {MQPATH_ATTR_DEV_ID, MQPATH_ATTR_PATH};
    // FORCE: the last live path of an open device may go.
    const std::vector<std::uint16_t> dev_path_force = {MQPATH_ATTR_DEV_ID, MQPATH_ATTR_PATH,
                                                       MQPATH_ATTR_FORCE};
    const std::vector<std::uint16_t> by_id = {MQPATH_PATH_ATTR_ID};
    const std::vector<std::uint16_t> by_id_or_devt = {
        MQPATH_PATH_ATTR_ID, MQPATH_PATH_ATTR_DEV_MAJOR, MQPATH_PATH_ATTR_DEV_MINOR};
    const std::vector<std::uint16_t> id_only = {MQPATH_ATTR_DEV_ID};
    f.cmds = {
        {MQPATH_CMD_GET_INFO, "GET_INFO", false, true, false, false, {}, {}, {}, {}},
        {MQPATH_CMD_DEV_CREATE, "DEV_CREATE", true, true, false, false, create, {}, {}, {}},
        {MQPATH_CMD_DEV_DESTROY, "DEV_DESTROY", true, true, false, false, id_only, id_only, {}, {}},
        {MQPATH_CMD_DEV_GET, "DEV_GET", false, true, true, false, id_only, id_only, {}, {}},
        {MQPATH_CMD_DEV_SET, "DEV_SET", true, true, false, false, set, id_only, {}, {}},
        {MQPATH_CMD_DEV_FAILBACK,
         "DEV_FAILBACK",
         true,
         true,
         false,
         false,
         id_only,
         id_only,
         {},
         {}},
        {MQPATH_CMD_PATH_ADD,
         "PATH_ADD",
         true,
         true,
         false,
         false,
         {MQPATH_ATTR_DEV_ID, MQPATH_ATTR_PATH, MQPATH_ATTR_ALLOW_UNIDENTIFIED},
         dev_path,
         {MQPATH_PATH_ATTR_DEV_MAJOR, MQPATH_PATH_ATTR_DEV_MINOR, MQPATH_PATH_ATTR_PRIORITY},
         {MQPATH_PATH_ATTR_DEV_MAJOR, MQPATH_PATH_ATTR_DEV_MINOR}},
        {MQPATH_CMD_PATH_REMOVE, "PATH_REMOVE", true, true, false, false, dev_path_force, dev_path,
         by_id_or_devt, by_id},
        {MQPATH_CMD_PATH_FAIL, "PATH_FAIL", true, true, false, false, dev_path_force, dev_path,
         by_id_or_devt, by_id},
        {MQPATH_CMD_PATH_REINSTATE, "PATH_REINSTATE", true, true, false, false, dev_path, dev_path,
         by_id_or_devt, by_id},
        {MQPATH_CMD_PATH_SET,
         "PATH_SET",
         true,
         true,
         false,
         false,
         dev_path,
         dev_path,
         {MQPATH_PATH_ATTR_ID, MQPATH_PATH_ATTR_PRIORITY},
         {MQPATH_PATH_ATTR_ID, MQPATH_PATH_ATTR_PRIORITY}},
        {MQPATH_CMD_STATS, "STATS", false, true, true, false, id_only, id_only, {}, {}},
        {MQPATH_CMD_EVENT_PATH_FAILED,
         "EVENT_PATH_FAILED",
         false,
         false,
         false,
         true,
         {},
         {},
         {},
         {}},
        {MQPATH_CMD_EVENT_PATH_REINSTATED,
         "EVENT_PATH_REINSTATED",
         false,
         false,
         false,
         true,
         {},
         {},
         {},
         {}},
        {MQPATH_CMD_EVENT_NO_PATH, "EVENT_NO_PATH", false, false, false, true, {}, {}, {}, {}},
        {MQPATH_CMD_EVENT_FROZEN_TOO_LONG,
         "EVENT_FROZEN_TOO_LONG",
         false,
         false,
         false,
         true,
         {},
         {},
         {},
         {}},
        {MQPATH_CMD_EVENT_GROUP_SWITCH,
         "EVENT_GROUP_SWITCH",
         false,
         false,
         false,
         true,
         {},
         {},
         {},
         {}},
        {MQPATH_CMD_EVENT_PATH_MARGINAL,
         "EVENT_PATH_MARGINAL",
         false,
         false,
         false,
         true,
         {},
         {},
         {},
         {}},
    };
    return f;
}

template <typename T, typename Key>
const T* find_by(const std::vector<T>& v, Key key, Key T::*member) {
    const auto it = std::find_if(v.begin(), v.end(), [&](const T& x) { return x.*member == key; });
    return it == v.end() ? nullptr : &*it;
}

} // namespace

const AttrSpec* FamilySpec::attr(std::uint16_t type) const {
    return find_by(attrs, type, &AttrSpec::type);
}

const AttrSpec* FamilySpec::path_attr_spec(std::uint16_t type) const {
    return find_by(path_attrs, type, &AttrSpec::type);
}

const CmdSpec* FamilySpec::command(std::uint8_t cmd) const {
    return find_by(cmds, cmd, &CmdSpec::cmd);
}

std::vector<const CmdSpec*> FamilySpec::operations() const {
    std::vector<const CmdSpec*> out;
    for (const auto& c : cmds) {
        if (!c.event) {
            out.push_back(&c);
        }
    }
    return out;
}

const FamilySpec& mqnull_spec() {
    static const FamilySpec spec = build_mqnull();
    return spec;
}

const FamilySpec& mqpath_spec() {
    static const FamilySpec spec = build_mqpath();
    return spec;
}

const FamilySpec& spec_of(FamilyId id) {
    return id == FamilyId::MqNull ? mqnull_spec() : mqpath_spec();
}

std::size_t kind_size(Kind k) {
    switch (k) {
    case Kind::U8:
        return 1;
    case Kind::U32:
        return 4;
    case Kind::U64:
        return 8;
    default:
        return 0;
    }
}

} // namespace mq::fuzz
