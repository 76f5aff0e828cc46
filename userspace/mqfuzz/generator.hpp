// SPDX-License-Identifier: GPL-2.0-only
// Message generators: from a seed and what is known to exist (namespaces,
// devices, paths, device numbers), build one request at a time for a
// family, hostile in one of several ways (see Strategy). The bytes are a
// complete netlink datagram; the generator never touches a socket.
#pragma once

#include "mqfuzz/schema.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

namespace mq::fuzz {

// xoshiro256** seeded by splitmix64: the same sequence on every platform,
// so that --seed replays (std::*_distribution is implementation-defined).
class Rng {
  public:
    explicit Rng(std::uint64_t seed);
    std::uint64_t next();
    // Uniform in [0, n); 0 when n == 0.
    std::uint64_t below(std::uint64_t n);
    // Uniform in [lo, hi].
    std::uint64_t between(std::uint64_t lo, std::uint64_t hi);
    // True with probability percent/100.
    bool chance(unsigned percent);
    template <typename T> const T& pick(const std::vector<T>& v) { return v[below(v.size())]; }

  private:
    std::array<std::uint64_t, 4> s_{};
};

enum class Strategy : std::uint8_t {
    Valid,          // every attribute well typed and in range, ids that exist
    Boundary,       // values at and just past the policy's limits, 0, all ones
    WrongType,      // an attribute with the wrong payload length
    MissingAttr,    // required attributes left out
    Duplicate,      // the same attribute (or PATH nest) given several times
    BadNesting,     // PATH without NLA_F_NESTED, garbage inside it, nests in nests
    Oversized,      // long strings and blobs where a number belongs
    UnknownAttr,    // type 0, reply-only types, types past the maximum
    UnknownCmd,     // UNSPEC, event numbers, numbers past the maximum
    BadGenlHeader,  // wrong version, reserved bits, short genl header
    TruncatedAttr,  // nla_len past the end, below 4, cut in the middle
    BadFlags,       // random nlmsg_flags (ACK kept), DUMP on doit commands
    RandomPayload,  // a valid genl header followed by random bytes
    RandomBytes,    // random genl header and payload
    UnknownFamily,  // nlmsg_type of no registered family
    BrokenNlHeader, // nlmsg_len below 16 or past the datagram: dropped by netlink
    Count_
};

constexpr std::size_t kStrategies = static_cast<std::size_t>(Strategy::Count_);
std::string_view strategy_name(Strategy s);

// What the generators know about the kernel's objects, kept current by the
// runner from replies and dumps.
struct Devt {
    std::uint32_t major = 0;
    std::uint32_t minor = 0;
    bool operator==(const Devt&) const = default;
};

struct State {
    std::map<std::uint32_t, std::uint32_t> namespaces;           // id -> number of paths
    std::vector<Devt> null_disks;                                // mqnull path disks
    std::map<std::uint32_t, std::vector<std::uint32_t>> devices; // id -> path ids
    std::vector<Devt> mpath_disks;                               // mqpath disks
    std::vector<Devt> mpath_path_devts;                          // paths in use
    // Valid-ish creates pick an id in use once this many objects exist.
    std::size_t max_objects = 4;
};

struct Message {
    std::vector<std::uint8_t> bytes;
    Strategy strategy = Strategy::Valid;
    FamilyId family = FamilyId::MqNull;
    std::uint8_t cmd = 0;
    std::uint32_t seq = 0;
    // False only for datagrams netlink itself discards (BrokenNlHeader).
    bool expect_answer = true;
    // A doit request with a well-formed header of a command that needs
    // CAP_SYS_ADMIN: an unprivileged sender must get EPERM unless the
    // command's policy refuses an attribute first (EINVAL, ERANGE).
    bool needs_admin = false;
};

class Generator {
  public:
    // family_ids: the resolved generic netlink ids of mqnull and mqpath.
    Generator(std::uint64_t seed, std::uint16_t mqnull_id, std::uint16_t mqpath_id);

    // One message for `family`, of a strategy drawn at random.
    Message next(FamilyId family, const State& state, std::uint32_t seq);
    // One message of the given strategy.
    Message make(FamilyId family, Strategy s, const State& state, std::uint32_t seq);
    // A well-formed request for one command, with its required attributes
    // and ids from state (for the permission probe and fixtures).
    Message valid(FamilyId family, std::uint8_t cmd, const State& state, std::uint32_t seq);

    Rng& rng() { return rng_; }
    [[nodiscard]] std::uint16_t family_id(FamilyId f) const {
        return f == FamilyId::MqNull ? mqnull_id_ : mqpath_id_;
    }

  private:
    Rng rng_;
    std::uint16_t mqnull_id_;
    std::uint16_t mqpath_id_;
};

// Builds a netlink + genl message byte by byte; every length it writes is
// the true one unless a caller overwrites it afterwards.
class MsgBuilder {
  public:
    MsgBuilder(std::uint16_t type, std::uint16_t flags, std::uint32_t seq);
    void genl(std::uint8_t cmd, std::uint8_t version, std::uint16_t reserved = 0);
    void put(std::uint16_t type, const void* data, std::size_t len);
    void put_u8(std::uint16_t type, std::uint8_t v) { put(type, &v, 1); }
    void put_u32(std::uint16_t type, std::uint32_t v) { put(type, &v, 4); }
    void put_u64(std::uint16_t type, std::uint64_t v) { put(type, &v, 8); }
    void put_flag(std::uint16_t type) { put(type, nullptr, 0); }
    // Returns the offset of the nest's header, for end_nest.
    std::size_t start_nest(std::uint16_t type, bool nested_flag = true);
    void end_nest(std::size_t offset);
    void raw(const std::vector<std::uint8_t>& bytes);
    void raw(const void* data, std::size_t len);
    [[nodiscard]] std::size_t size() const { return buf_.size(); }
    // Sets nlmsg_len to the size so far and returns the bytes.
    std::vector<std::uint8_t> finish();

  private:
    std::vector<std::uint8_t> buf_;
};

} // namespace mq::fuzz
