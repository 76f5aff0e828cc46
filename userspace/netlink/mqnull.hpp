// SPDX-License-Identifier: GPL-2.0-only
// The typed layer for the mqnull generic netlink family: plain structs, the
// encoders and decoders that map them onto uapi/mqnull.h messages (no socket
// involved, so they are unit-testable), and a client that runs them.
#pragma once

#include "netlink/genl_socket.hpp"
#include "netlink/nl_ptr.hpp"

#include <array>
#include <cstdint>
#include <netlink/attr.h>
#include <optional>
#include <string>
#include <string_view>
#include <uapi/mqnull.h>
#include <vector>

namespace mq::mqnull {

enum class Completion : std::uint8_t {
    none = MQNULL_COMPLETE_NONE,
    softirq = MQNULL_COMPLETE_SOFTIRQ,
    timer = MQNULL_COMPLETE_TIMER,
};

enum class PathState : std::uint8_t {
    live = MQNULL_PATH_LIVE,
    failed = MQNULL_PATH_FAILED,
    offline = MQNULL_PATH_OFFLINE,
    hang = MQNULL_PATH_HANG,
};

// "none"/"softirq"/"timer"; unknown values print as "unknown(N)".
std::string to_string(Completion c);
std::string to_string(PathState s);
std::optional<Completion> parse_completion(std::string_view s);
std::optional<PathState> parse_path_state(std::string_view s);

// A namespace's 16-byte unique id (MQNULL_ATTR_UUID).
using Uuid = std::array<std::uint8_t, 16>;
// "1b4e28ba-2fa1-11d2-883f-0016d3cca427"; nullopt if not that form.
std::optional<Uuid> parse_uuid(std::string_view s);
std::string format_uuid(const Uuid& u);
// What the path disks' sysfs "wwid" shows: "eui." and 32 hex digits.
std::string wwid_of(const Uuid& u);

struct ModuleInfo {
    std::uint32_t version = 0;
    std::uint32_t max_paths = 0;
    // What all namespaces together may take (0: not reported).
    std::uint32_t max_namespaces = 0;
    std::uint64_t max_tags = 0;
    std::uint64_t max_memory = 0; // bytes of memory-backed namespaces
    bool operator==(const ModuleInfo&) const = default;
};

// NS_CREATE: every field left empty is chosen by the module.
struct NamespaceSpec {
    std::optional<std::uint32_t> id;
    std::optional<std::uint64_t> size;
    std::optional<std::uint32_t> logical_bs;
    std::optional<std::uint32_t> physical_bs;
    std::optional<bool> memory_backed;
    std::optional<std::uint32_t> nr_paths;
    std::optional<std::uint32_t> submit_queues;
    std::optional<std::uint32_t> queue_depth;
    std::optional<Completion> completion;
    std::optional<std::uint64_t> completion_nsec;
    std::optional<std::uint32_t> poll_queues;
    std::optional<bool> shared_tags;
    std::optional<Uuid> uuid;
    bool operator==(const NamespaceSpec&) const = default;
};

struct PathInfo {
    std::uint32_t id = 0;
    std::string disk_name; // "mqnull1c1", without /dev/
    std::uint32_t major = 0;
    std::uint32_t minor = 0;
    PathState state = PathState::live;
    std::uint64_t latency_nsec = 0;
    std::uint32_t error_ppm = 0;
    std::uint64_t iops_limit = 0;
    std::uint64_t bps_limit = 0;
    bool write_cache = true;
    bool fua = true;
    bool discard = true;
    bool operator==(const PathInfo&) const = default;
};

struct NamespaceInfo {
    std::uint32_t id = 0;
    std::uint64_t size = 0;
    std::uint32_t logical_bs = 0;
    std::uint32_t physical_bs = 0;
    bool memory_backed = false;
    std::uint32_t nr_paths = 0;
    std::uint32_t submit_queues = 0;
    std::uint32_t queue_depth = 0;
    Completion completion = Completion::none;
    std::uint64_t completion_nsec = 0;
    std::uint32_t poll_queues = 0;
    bool shared_tags = false;
    std::uint64_t memory_used = 0; // bytes held by the memory store
    Uuid uuid{};                   // all zero if the module gave none
    std::vector<PathInfo> paths;
    bool operator==(const NamespaceInfo&) const = default;
};

// PATH_SET: the path's id and the fields to change.
struct PathSettings {
    std::uint32_t id = 0;
    std::optional<PathState> state;
    std::optional<std::uint64_t> latency_nsec;
    std::optional<std::uint32_t> error_ppm;
    std::optional<std::uint64_t> iops_limit;
    std::optional<std::uint64_t> bps_limit;
    std::optional<bool> write_cache;
    std::optional<bool> fua;
    std::optional<bool> discard;
    bool operator==(const PathSettings&) const = default;
    [[nodiscard]] bool empty() const {
        return !state && !latency_nsec && !error_ppm && !iops_limit && !bps_limit && !write_cache &&
               !fua && !discard;
    }
};

struct PathStats {
    std::uint32_t id = 0;
    std::string disk_name; // empty if the reply did not name it
    std::uint32_t major = 0;
    std::uint32_t minor = 0;
    std::optional<PathState> state;
    std::uint64_t reads = 0;
    std::uint64_t writes = 0;
    std::uint64_t read_bytes = 0;
    std::uint64_t write_bytes = 0;
    std::uint64_t errors_injected = 0;
    std::uint64_t timeouts = 0;
    std::uint64_t inflight = 0;
    std::uint64_t other_ops = 0;
    std::uint64_t flushes = 0;
    bool operator==(const PathStats&) const = default;
};

struct NamespaceStats {
    std::uint32_t id = 0;
    std::vector<PathStats> paths;
    bool operator==(const NamespaceStats&) const = default;
};

// MQNULL_CMD_EVENT_PATH_STATE
struct PathStateEvent {
    std::uint32_t ns_id = 0;
    std::uint32_t path_id = 0;
    std::string disk_name;
    std::uint32_t major = 0;
    std::uint32_t minor = 0;
    PathState state = PathState::live;
    std::optional<PathState> old_state;
    bool operator==(const PathStateEvent&) const = default;
};

// The attribute policies userspace parses replies with (and the tests
// parse requests with).
const nla_policy* policy();      // MQNULL_ATTR_MAX + 1 entries
const nla_policy* path_policy(); // MQNULL_PATH_ATTR_MAX + 1 entries

// "MQNULL_ATTR_SIZE" for {MQNULL_ATTR_SIZE}, "MQNULL_PATH_ATTR_ID" for
// {MQNULL_ATTR_PATH, MQNULL_PATH_ATTR_ID}; "" if unknown.
std::string attr_name(const std::vector<std::uint16_t>& path);

// The names in uapi order (for the unit tests).
std::vector<std::string> attr_names();
std::vector<std::string> path_attr_names();

// Requests. family is the resolved generic netlink family id.
nl::MsgPtr encode_get_info(int family);
nl::MsgPtr encode_ns_create(int family, const NamespaceSpec& spec);
nl::MsgPtr encode_ns_destroy(int family, std::uint32_t id, bool force);
nl::MsgPtr encode_ns_get(int family, std::optional<std::uint32_t> id);
nl::MsgPtr encode_path_set(int family, std::uint32_t ns_id, const PathSettings& path);
nl::MsgPtr encode_path_stats(int family, std::optional<std::uint32_t> ns_id,
                             std::optional<std::uint32_t> path_id);

// Replies and events, as the module builds them (used by the unit tests to
// check that decoding inverts encoding).
nl::MsgPtr encode_info_reply(int family, const ModuleInfo& info);
nl::MsgPtr encode_namespace_reply(int family, const NamespaceInfo& ns);
nl::MsgPtr encode_stats_reply(int family, const NamespaceStats& stats);
nl::MsgPtr encode_path_event(int family, const PathStateEvent& ev);

// Decoders; throw nl::CodecError on a malformed message.
ModuleInfo decode_info(nl_msg* msg);
NamespaceInfo decode_namespace(nl_msg* msg);
NamespaceStats decode_stats(nl_msg* msg);
PathStateEvent decode_path_event(nl_msg* msg);

class Client {
  public:
    // Opens a socket and resolves the family; throws nl::FamilyMissing.
    Client();

    ModuleInfo info();
    NamespaceInfo create(const NamespaceSpec& spec);
    void destroy(std::uint32_t id, bool force);
    NamespaceInfo get(std::uint32_t id);
    std::vector<NamespaceInfo> list();
    void set_path(std::uint32_t ns_id, const PathSettings& path);
    NamespaceStats stats(std::uint32_t ns_id, std::optional<std::uint32_t> path_id);
    std::vector<NamespaceStats> stats_all();

    [[nodiscard]] int family() const noexcept { return family_; }

  private:
    nl::GenlSocket sock_;
    int family_;
};

} // namespace mq::mqnull
