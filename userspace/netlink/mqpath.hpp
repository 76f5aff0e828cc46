// SPDX-License-Identifier: GPL-2.0-only
// The typed layer for the mqpath generic netlink family: plain structs, the
// encoders and decoders that map them onto uapi/mqpath.h messages (no socket
// involved, so they are unit-testable), and a client that runs them.
#pragma once

#include "netlink/genl_socket.hpp"
#include "netlink/nl_ptr.hpp"

#include <cstdint>
#include <netlink/attr.h>
#include <optional>
#include <string>
#include <string_view>
#include <uapi/mqpath.h>
#include <vector>

namespace mq::mqpath {

enum class Selector : std::uint8_t {
    rr = MQPATH_SELECTOR_RR,
    qd = MQPATH_SELECTOR_QD,
    numa = MQPATH_SELECTOR_NUMA,
};

enum class Failback : std::uint8_t {
    automatic = MQPATH_FAILBACK_AUTO,
    manual = MQPATH_FAILBACK_MANUAL,
};

enum class PathState : std::uint8_t {
    live = MQPATH_PATH_LIVE,
    failed = MQPATH_PATH_FAILED,
    marginal = MQPATH_PATH_MARGINAL,
};

enum class Reason : std::uint8_t {
    admin = MQPATH_REASON_ADMIN,
    io_error = MQPATH_REASON_IO_ERROR,
    probe = MQPATH_REASON_PROBE,
    disk_gone = MQPATH_REASON_DISK_GONE,
    checker = MQPATH_REASON_CHECKER,
    marginal = MQPATH_REASON_MARGINAL,
    loop = MQPATH_REASON_LOOP,
    limits = MQPATH_REASON_LIMITS,
};

enum class Checker : std::uint8_t {
    none = MQPATH_CHECKER_NONE,
    ok = MQPATH_CHECKER_OK,
    failed = MQPATH_CHECKER_FAILED,
};

// "rr"/"qd"/"numa", "auto"/"manual", "live"/"failed"/"marginal",
// "admin"/"io_error"/"probe"/"disk_gone"/"checker"/"marginal"/"loop"/
// "limits",
// "none"/"ok"/"failed"; unknown values print "unknown(N)".
std::string to_string(Selector v);
std::string to_string(Failback v);
std::string to_string(PathState v);
std::string to_string(Reason v);
std::string to_string(Checker v);
std::optional<Selector> parse_selector(std::string_view s);
std::optional<Failback> parse_failback(std::string_view s);

struct ModuleInfo {
    std::uint32_t version = 0;
    std::uint32_t max_devs = 0;
    std::uint32_t max_paths = 0;
    bool operator==(const ModuleInfo&) const = default;
};

// DEV_CREATE and DEV_SET: only the fields that are set are sent. id and
// size/logical_bs are for DEV_CREATE only.
struct DeviceSettings {
    std::optional<std::uint32_t> id;
    std::optional<std::uint64_t> size;
    std::optional<std::uint32_t> logical_bs;
    std::optional<Selector> selector;
    std::optional<Failback> failback;
    std::optional<bool> queue_if_no_path;
    std::optional<std::uint32_t> no_path_timeout_ms;
    std::optional<std::uint32_t> probe_interval_ms;
    std::optional<std::uint32_t> freeze_warn_ms;
    std::optional<std::uint32_t> marginal_count;
    std::optional<std::uint32_t> marginal_window_ms;
    std::optional<std::uint32_t> marginal_hold_ms;
    bool operator==(const DeviceSettings&) const = default;
};

// What DEV_GET adds to a path: the checker's last verdict and how long ago,
// the time since the last state change, bios with data sent, and a marginal
// path's hold time left. Absent from events and older modules.
struct PathStatus {
    std::optional<Checker> checker;
    std::optional<std::uint64_t> check_age_ms;
    std::optional<std::uint64_t> change_age_ms;
    std::optional<std::uint64_t> reads;
    std::optional<std::uint64_t> writes;
    std::optional<std::uint64_t> hold_left_ms;
    bool operator==(const PathStatus&) const = default;
};

struct PathInfo {
    std::uint32_t id = 0;
    std::uint32_t major = 0;
    std::uint32_t minor = 0;
    std::string disk_name; // "mqnull1c0", without /dev/; empty if not sent
    std::uint32_t priority = 0;
    PathState state = PathState::live;
    std::optional<Reason> reason;
    std::optional<std::int32_t> numa_node;
    PathStatus status; // DEV_GET only
    bool operator==(const PathInfo&) const = default;
};

struct DeviceInfo {
    std::uint32_t id = 0;
    std::string disk_name; // "mqpath0"
    std::uint32_t major = 0;
    std::uint32_t minor = 0;
    std::uint64_t size = 0;
    std::uint32_t logical_bs = 0;
    Selector selector = Selector::rr;
    Failback failback = Failback::automatic;
    bool queue_if_no_path = false;
    std::uint32_t no_path_timeout_ms = 0;
    std::uint32_t probe_interval_ms = 0;
    std::uint32_t freeze_warn_ms = 0;
    std::uint32_t open_count = 0;
    std::optional<std::uint32_t> active_priority; // none while no group is live
    std::uint32_t nr_paths = 0;
    std::uint32_t nr_live_paths = 0;
    std::string wwid; // the device's unique id, "eui.<hex>"; empty while none
    std::vector<PathInfo> paths;
    std::uint32_t marginal_count = 0; // 0 = no marginal paths
    std::uint32_t marginal_window_ms = 0;
    std::uint32_t marginal_hold_ms = 0;
    bool queueing = false; // no live path, and bios wait for one
    bool operator==(const DeviceInfo&) const = default;
};

// Names a path of a device: by id, or (id empty) by its disk's device number.
struct PathRef {
    std::optional<std::uint32_t> id;
    std::uint32_t major = 0;
    std::uint32_t minor = 0;
    bool operator==(const PathRef&) const = default;
};

struct PathStats {
    std::uint32_t id = 0;
    std::uint32_t major = 0;
    std::uint32_t minor = 0;
    std::string disk_name;
    std::optional<PathState> state;
    std::optional<std::uint32_t> priority;
    std::uint64_t ios = 0;
    std::uint64_t bytes = 0;
    std::uint64_t errors = 0;
    std::uint64_t failovers = 0;
    std::uint64_t inflight = 0;
    std::uint64_t fail_count = 0;
    std::uint64_t probes = 0;
    bool operator==(const PathStats&) const = default;
};

struct DeviceStats {
    std::uint32_t id = 0;
    std::string disk_name;
    std::uint64_t freeze_count = 0;
    std::uint64_t freeze_total_ns = 0;
    std::uint64_t freeze_max_ns = 0;
    std::uint64_t bios_requeued = 0;
    std::uint64_t bios_parked = 0;
    std::uint64_t bios_parked_now = 0;
    std::uint64_t bios_no_path_failed = 0;
    std::uint64_t bios_frozen_waits = 0;
    std::vector<PathStats> paths;
    bool operator==(const DeviceStats&) const = default;
};

enum class EventType : std::uint8_t {
    path_failed = MQPATH_CMD_EVENT_PATH_FAILED,
    path_reinstated = MQPATH_CMD_EVENT_PATH_REINSTATED,
    no_path = MQPATH_CMD_EVENT_NO_PATH,
    frozen_too_long = MQPATH_CMD_EVENT_FROZEN_TOO_LONG,
    group_switch = MQPATH_CMD_EVENT_GROUP_SWITCH,
    path_marginal = MQPATH_CMD_EVENT_PATH_MARGINAL,
};
// "path_failed", "path_reinstated", "no_path", "frozen_too_long",
// "group_switch", "path_marginal"
std::string to_string(EventType v);
bool is_event_cmd(std::uint8_t cmd);

// One multicast event; which optional fields are set depends on the type.
struct Event {
    EventType type = EventType::no_path;
    std::uint32_t dev_id = 0;
    std::string disk_name;        // the mqpath disk, if sent
    std::optional<PathInfo> path; // path events: id, major, minor, reason
    std::optional<std::uint64_t> freeze_ns;
    std::optional<std::uint32_t> freeze_warn_ms;
    std::optional<std::uint32_t> active_priority;
    bool operator==(const Event&) const = default;
};

const nla_policy* policy();      // MQPATH_ATTR_MAX + 1 entries
const nla_policy* path_policy(); // MQPATH_PATH_ATTR_MAX + 1 entries

// "MQPATH_ATTR_SIZE" for {MQPATH_ATTR_SIZE}, "MQPATH_PATH_ATTR_ID" for
// {MQPATH_ATTR_PATH, MQPATH_PATH_ATTR_ID}; "" if unknown.
std::string attr_name(const std::vector<std::uint16_t>& path);

// The names in uapi order (for the unit tests).
std::vector<std::string> attr_names();
std::vector<std::string> path_attr_names();

// Requests. family is the resolved generic netlink family id.
nl::MsgPtr encode_get_info(int family);
nl::MsgPtr encode_dev_create(int family, const DeviceSettings& s);
nl::MsgPtr encode_dev_destroy(int family, std::uint32_t dev);
nl::MsgPtr encode_dev_get(int family, std::optional<std::uint32_t> dev);
nl::MsgPtr encode_dev_set(int family, std::uint32_t dev, const DeviceSettings& s);
nl::MsgPtr encode_dev_failback(int family, std::uint32_t dev);
// allow_unidentified: accept a disk that offers no unique id (null_blk, dm).
nl::MsgPtr encode_path_add(int family, std::uint32_t dev, std::uint32_t major, std::uint32_t minor,
                           std::optional<std::uint32_t> priority, bool allow_unidentified = false);
// cmd is one of PATH_REMOVE, PATH_FAIL, PATH_REINSTATE, PATH_SET.
nl::MsgPtr encode_path_cmd(int family, std::uint8_t cmd, std::uint32_t dev, const PathRef& path,
                           std::optional<std::uint32_t> priority = std::nullopt,
                           bool force = false);
nl::MsgPtr encode_stats(int family, std::optional<std::uint32_t> dev);

// Replies and events as the module builds them (for the unit tests).
nl::MsgPtr encode_info_reply(int family, const ModuleInfo& info);
nl::MsgPtr encode_device_reply(int family, const DeviceInfo& dev);
nl::MsgPtr encode_path_add_reply(int family, std::uint32_t dev, const PathInfo& path);
nl::MsgPtr encode_stats_reply(int family, const DeviceStats& stats);
nl::MsgPtr encode_event(int family, const Event& ev);

// Decoders; throw nl::CodecError on a malformed message.
ModuleInfo decode_info(nl_msg* msg);
DeviceInfo decode_device(nl_msg* msg);
PathInfo decode_path_add_reply(nl_msg* msg);
DeviceStats decode_stats(nl_msg* msg);
Event decode_event(nl_msg* msg);

class Client {
  public:
    // Opens a socket and resolves the family; throws nl::FamilyMissing.
    Client();

    ModuleInfo info();
    DeviceInfo create(const DeviceSettings& s);
    void destroy(std::uint32_t dev);
    DeviceInfo get(std::uint32_t dev);
    std::vector<DeviceInfo> list();
    void set(std::uint32_t dev, const DeviceSettings& s);
    void failback(std::uint32_t dev);
    PathInfo add_path(std::uint32_t dev, std::uint32_t major, std::uint32_t minor,
                      std::optional<std::uint32_t> priority, bool allow_unidentified = false);
    // force: even the last live path of an open device (FORCE).
    void remove_path(std::uint32_t dev, const PathRef& path, bool force = false);
    void fail_path(std::uint32_t dev, const PathRef& path, bool force = false);
    void reinstate_path(std::uint32_t dev, const PathRef& path);
    void set_path_priority(std::uint32_t dev, const PathRef& path, std::uint32_t priority);
    DeviceStats stats(std::uint32_t dev);
    std::vector<DeviceStats> stats_all();

    [[nodiscard]] int family() const noexcept { return family_; }

  private:
    nl::GenlSocket sock_;
    int family_;
};

} // namespace mq::mqpath
