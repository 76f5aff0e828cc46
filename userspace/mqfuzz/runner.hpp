// SPDX-License-Identifier: GPL-2.0-only
// The fuzzer's driver: a raw NETLINK_GENERIC socket (family ids resolved
// through libnl), one message at a time, each waited for until the kernel
// answers it (NLMSG_ERROR, or a dump's NLMSG_DONE) or the timeout passes;
// the state the generators draw ids from, kept current with dumps; the
// objects the run created, destroyed at the end.
#pragma once

#include "mqfuzz/generator.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace mq::fuzz {

struct Options {
    std::uint64_t seed = 0;
    std::uint64_t count = 100000;
    bool mqnull = true;
    bool mqpath = true;
    int timeout_ms = 10000;
    std::size_t max_objects = 4;
    bool fixtures = true; // privileged runs: create objects to aim at first
    bool verbose = false;
};

// The answer to one message.
struct Answer {
    bool answered = false;
    int error = 0;       // positive errno, 0 = success
    bool extack = false; // NLM_F_ACK_TLVS on the answer
    unsigned replies = 0;
    unsigned stray = 0; // messages of another sequence number seen meanwhile
    std::vector<std::vector<std::uint8_t>> messages; // the replies, raw
};

// A bound NETLINK_GENERIC socket with extended acks; closes on destruction.
class RawSocket {
  public:
    RawSocket();
    ~RawSocket();
    RawSocket(const RawSocket&) = delete;
    RawSocket& operator=(const RawSocket&) = delete;
    RawSocket(RawSocket&&) = delete;
    RawSocket& operator=(RawSocket&&) = delete;

    // Returns false (errno set) when sendto fails.
    [[nodiscard]] bool send(const std::vector<std::uint8_t>& bytes) const;
    // Reads until the answer for seq, or the timeout. keep: keep replies.
    [[nodiscard]] Answer wait(std::uint32_t seq, int timeout_ms, bool keep) const;

  private:
    int fd_ = -1;
};

struct Summary {
    std::uint64_t seed = 0;
    std::uint64_t sent = 0;
    std::uint64_t answered = 0;
    std::uint64_t unanswered = 0;         // expected an answer, none came: failure
    std::uint64_t dropped_by_design = 0;  // broken nlmsghdr, netlink discards it
    std::uint64_t unexpected_answers = 0; // an answer to a discarded datagram
    std::uint64_t send_errors = 0;
    std::uint64_t stray = 0;
    std::uint64_t extack = 0;
    std::uint64_t replies = 0;
    std::uint64_t admin_checked = 0; // needs_admin messages (unprivileged runs)
    std::uint64_t admin_eperm = 0;
    std::uint64_t admin_not_eperm = 0; // unprivileged and not EPERM: failure
    std::uint64_t admin_invalid = 0;   // refused by the policy before the check
    std::uint64_t created = 0;
    std::uint64_t cleanup_destroyed = 0;
    std::uint64_t cleanup_failed = 0;
    bool privileged = false;
    double seconds = 0;
    std::map<int, std::uint64_t> errnos;
    std::map<std::string, std::uint64_t> strategies;
    std::map<std::string, std::map<int, std::uint64_t>> commands;
    std::vector<std::string> failures; // the first few, described

    [[nodiscard]] bool ok() const;
    [[nodiscard]] nlohmann::json to_json() const;
};

// CAP_SYS_ADMIN in the effective set (from /proc/self/status).
bool has_sys_admin();

class Fuzzer {
  public:
    explicit Fuzzer(Options opts);
    Summary run();
    // Sends one well-formed doit (and dump, where the command has one) for
    // every command number of the selected families, 0..max+1; for the
    // permission test, unprivileged only.
    nlohmann::json probe_commands();

  private:
    void resolve();
    void sync();
    void sync_family(FamilyId f);
    void create_fixtures(Summary& sum);
    void cleanup(Summary& sum);
    Answer transact(const std::vector<std::uint8_t>& bytes, std::uint32_t seq, bool keep);
    // One well-formed request of family @f: @put adds its attributes; @keep
    // keeps the replies' messages (creates and dumps read them).
    Answer request(FamilyId f, std::uint8_t cmd, const std::function<void(MsgBuilder&)>& put,
                   bool keep = false, std::uint16_t extra_flags = 0);
    void count_cleanup(Summary& sum, const Answer& a, std::string_view what, std::uint32_t id);
    void account(const Message& m, const Answer& a, Summary& sum);
    void learn(const Message& m, const Answer& a, Summary& sum);
    std::uint32_t next_seq() { return ++seq_; }

    Options opts_;
    RawSocket sock_;
    std::uint16_t mqnull_id_ = 0;
    std::uint16_t mqpath_id_ = 0;
    State state_;
    std::set<std::uint32_t> created_ns_;
    std::set<std::uint32_t> created_dev_;
    std::uint32_t seq_ = 1000;
};

} // namespace mq::fuzz
