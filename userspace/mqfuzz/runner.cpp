// SPDX-License-Identifier: GPL-2.0-only
#include "mqfuzz/runner.hpp"

#include "netlink/error.hpp"
#include "netlink/genl_socket.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <system_error>
#include <thread>
#include <uapi/mqnull.h>
#include <uapi/mqpath.h>
#include <unistd.h>

namespace mq::fuzz {
namespace {

static_assert(MQNULL_CMD_GET_INFO == 1 && MQPATH_CMD_GET_INFO == 1, "the ping is GET_INFO");

constexpr std::size_t kRecvBuf = std::size_t{256} * 1024;
constexpr std::size_t kMaxFailures = 20;
// Destroys of a device that says EBUSY at cleanup, and the pause between.
constexpr int kCleanupAttempts = 20;
constexpr std::chrono::milliseconds kCleanupRetryDelay{250};

std::string hex(const std::vector<std::uint8_t>& b, std::size_t max = 64) {
    std::string s;
    for (std::size_t i = 0; i < b.size() && i < max; i++) {
        s += fmt::format("{:02x}", b[i]);
    }
    if (b.size() > max) {
        s += "...";
    }
    return s;
}

// The attributes of a genl message (or of a nest), as type -> payloads.
using Attrs = std::multimap<std::uint16_t, std::vector<std::uint8_t>>;

Attrs parse_attrs(const std::uint8_t* p, std::size_t len) {
    Attrs out;
    std::size_t off = 0;
    while (off + NLA_HDRLEN <= len) {
        nlattr a{};
        std::memcpy(&a, p + off, sizeof(a));
        if (a.nla_len < NLA_HDRLEN || off + a.nla_len > len) {
            break;
        }
        out.emplace(static_cast<std::uint16_t>(a.nla_type & NLA_TYPE_MASK),
                    std::vector<std::uint8_t>(p + off + NLA_HDRLEN, p + off + a.nla_len));
        off += NLA_ALIGN(a.nla_len);
    }
    return out;
}

Attrs genl_attrs(const std::vector<std::uint8_t>& msg) {
    if (msg.size() < NLMSG_HDRLEN + GENL_HDRLEN) {
        return {};
    }
    return parse_attrs(msg.data() + NLMSG_HDRLEN + GENL_HDRLEN,
                       msg.size() - NLMSG_HDRLEN - GENL_HDRLEN);
}

std::optional<std::uint32_t> get_u32(const Attrs& a, std::uint16_t type) {
    const auto it = a.find(type);
    if (it == a.end() || it->second.size() < 4) {
        return std::nullopt;
    }
    std::uint32_t v = 0;
    std::memcpy(&v, it->second.data(), sizeof(v));
    return v;
}

std::vector<Attrs> nests(const Attrs& a, std::uint16_t type) {
    std::vector<Attrs> out;
    const auto [lo, hi] = a.equal_range(type);
    for (auto it = lo; it != hi; ++it) {
        out.push_back(parse_attrs(it->second.data(), it->second.size()));
    }
    return out;
}

std::string family_name(FamilyId f) {
    return std::string(spec_of(f).name);
}

std::string command_key(const Message& m) {
    const CmdSpec* c = spec_of(m.family).command(m.cmd);
    return family_name(m.family) + "/" +
           (c != nullptr ? std::string(c->name) : std::string("unknown-cmd"));
}

bool is_create(const Message& m) {
    return (m.family == FamilyId::MqNull && m.cmd == MQNULL_CMD_NS_CREATE) ||
           (m.family == FamilyId::MqPath && m.cmd == MQPATH_CMD_DEV_CREATE);
}

// Commands whose success changes which ids or device numbers exist.
bool changes_objects(const Message& m) {
    if (m.family == FamilyId::MqNull) {
        return m.cmd == MQNULL_CMD_NS_CREATE || m.cmd == MQNULL_CMD_NS_DESTROY;
    }
    return m.cmd == MQPATH_CMD_DEV_CREATE || m.cmd == MQPATH_CMD_DEV_DESTROY ||
           m.cmd == MQPATH_CMD_PATH_ADD || m.cmd == MQPATH_CMD_PATH_REMOVE;
}

} // namespace

// ---- RawSocket ----

RawSocket::RawSocket() : fd_(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC)) {
    if (fd_ < 0) {
        throw std::system_error(errno, std::generic_category(), "socket(NETLINK_GENERIC)");
    }
    sockaddr_nl sa{};
    sa.nl_family = AF_NETLINK;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof(sa)) < 0) {
        const int err = errno;
        ::close(fd_);
        throw std::system_error(err, std::generic_category(), "bind(NETLINK_GENERIC)");
    }
    const int on = 1;
    const int buf = 4 << 20;
    // The extack is what the run counts; capped acks keep answers small.
    if (::setsockopt(fd_, SOL_NETLINK, NETLINK_EXT_ACK, &on, sizeof(on)) < 0 ||
        ::setsockopt(fd_, SOL_NETLINK, NETLINK_CAP_ACK, &on, sizeof(on)) < 0) {
        const int err = errno;
        ::close(fd_);
        throw std::system_error(err, std::generic_category(), "setsockopt(NETLINK_EXT_ACK)");
    }
    (void)::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
}

RawSocket::~RawSocket() {
    if (fd_ >= 0) {
        ::close(fd_);
    }
}

bool RawSocket::send(const std::vector<std::uint8_t>& bytes) const {
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    const ssize_t n = ::sendto(fd_, bytes.data(), bytes.size(), 0,
                               reinterpret_cast<const sockaddr*>(&kernel), sizeof(kernel));
    return n == static_cast<ssize_t>(bytes.size());
}

Answer RawSocket::wait(std::uint32_t seq, int timeout_ms, bool keep) const {
    Answer a;
    std::vector<std::uint8_t> buf(kRecvBuf);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (!a.answered) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count();
        if (left <= 0) {
            break;
        }
        pollfd p{fd_, POLLIN, 0};
        const int pr = ::poll(&p, 1, static_cast<int>(left));
        if (pr < 0 && errno == EINTR) {
            continue;
        }
        if (pr <= 0) {
            break;
        }
        const ssize_t n = ::recv(fd_, buf.data(), buf.size(), MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) {
                continue;
            }
            throw std::system_error(errno, std::generic_category(), "recv(NETLINK_GENERIC)");
        }
        auto len = static_cast<std::size_t>(n);
        std::size_t off = 0;
        while (off + NLMSG_HDRLEN <= len) {
            nlmsghdr h{};
            std::memcpy(&h, buf.data() + off, sizeof(h));
            if (h.nlmsg_len < NLMSG_HDRLEN || off + h.nlmsg_len > len) {
                break;
            }
            const auto* hdr = reinterpret_cast<const nlmsghdr*>(buf.data() + off);
            if (h.nlmsg_seq != seq) {
                a.stray++;
            } else if (h.nlmsg_type == NLMSG_ERROR || h.nlmsg_type == NLMSG_DONE) {
                const auto ack = nl::parse_ack(hdr);
                a.answered = true;
                a.error = ack ? -ack->error : EBADMSG;
                a.extack = (h.nlmsg_flags & NLM_F_ACK_TLVS) != 0;
            } else {
                a.replies++;
                if (keep) {
                    a.messages.emplace_back(buf.begin() + static_cast<std::ptrdiff_t>(off),
                                            buf.begin() +
                                                static_cast<std::ptrdiff_t>(off + h.nlmsg_len));
                }
            }
            off += NLMSG_ALIGN(h.nlmsg_len);
        }
    }
    return a;
}

// ---- Summary ----

bool Summary::ok() const {
    return unanswered == 0 && unexpected_answers == 0 && send_errors == 0 && stray == 0 &&
           admin_not_eperm == 0 && cleanup_failed == 0;
}

nlohmann::json Summary::to_json() const {
    nlohmann::json j;
    j["seed"] = seed;
    j["sent"] = sent;
    j["answered"] = answered;
    j["unanswered"] = unanswered;
    j["dropped_by_design"] = dropped_by_design;
    j["unexpected_answers"] = unexpected_answers;
    j["send_errors"] = send_errors;
    j["stray"] = stray;
    j["extack"] = extack;
    j["replies"] = replies;
    j["privileged"] = privileged;
    j["admin"] = {{"checked", admin_checked},
                  {"eperm", admin_eperm},
                  {"not_eperm", admin_not_eperm},
                  {"invalid", admin_invalid}};
    j["created"] = created;
    j["cleanup"] = {{"destroyed", cleanup_destroyed}, {"failed", cleanup_failed}};
    j["seconds"] = seconds;
    auto& e = j["errno"];
    e = nlohmann::json::object();
    for (const auto& [err, n] : errnos) {
        e[err == 0 ? "0" : nl::NetlinkError::errno_name_of(err)] = n;
    }
    j["strategies"] = strategies;
    auto& c = j["commands"];
    c = nlohmann::json::object();
    for (const auto& [cmd, hist] : commands) {
        for (const auto& [err, n] : hist) {
            c[cmd][err == 0 ? "0" : nl::NetlinkError::errno_name_of(err)] = n;
        }
    }
    j["failures"] = failures;
    j["ok"] = ok();
    return j;
}

bool has_sys_admin() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("CapEff:", 0) == 0) {
            const std::uint64_t caps = std::stoull(line.substr(7), nullptr, 16);
            constexpr unsigned kCapSysAdmin = 21;
            return ((caps >> kCapSysAdmin) & 1U) != 0;
        }
    }
    return false;
}

// ---- Fuzzer ----

Fuzzer::Fuzzer(Options opts) : opts_(opts) {
    state_.max_objects = opts_.max_objects;
    resolve();
}

void Fuzzer::resolve() {
    nl::GenlSocket genl;
    if (opts_.mqnull) {
        mqnull_id_ = static_cast<std::uint16_t>(genl.resolve_family(MQNULL_GENL_NAME, "mqnull"));
    }
    if (opts_.mqpath) {
        mqpath_id_ = static_cast<std::uint16_t>(genl.resolve_family(MQPATH_GENL_NAME, "mqpath"));
    }
}

Answer Fuzzer::transact(const std::vector<std::uint8_t>& bytes, std::uint32_t seq, bool keep) {
    if (!sock_.send(bytes)) {
        throw std::system_error(errno, std::generic_category(), "sendto(NETLINK_GENERIC)");
    }
    return sock_.wait(seq, opts_.timeout_ms, keep);
}

Answer Fuzzer::request(FamilyId f, std::uint8_t cmd, const std::function<void(MsgBuilder&)>& put,
                       bool keep, std::uint16_t extra_flags) {
    const std::uint32_t seq = next_seq();
    MsgBuilder b(f == FamilyId::MqNull ? mqnull_id_ : mqpath_id_,
                 static_cast<std::uint16_t>(NLM_F_REQUEST | NLM_F_ACK | extra_flags), seq);
    b.genl(cmd, spec_of(f).version);
    if (put) {
        put(b);
    }
    return transact(b.finish(), seq, keep);
}

void Fuzzer::sync_family(FamilyId f) {
    const Answer a = request(f,
                             f == FamilyId::MqNull ? std::uint8_t{MQNULL_CMD_NS_GET}
                                                   : std::uint8_t{MQPATH_CMD_DEV_GET},
                             {}, true, NLM_F_DUMP);
    if (!a.answered || a.error != 0) {
        throw std::runtime_error(fmt::format("dumping {} objects failed: {}", family_name(f),
                                             a.answered ? std::strerror(a.error) : "no answer"));
    }
    if (f == FamilyId::MqNull) {
        state_.namespaces.clear();
        state_.null_disks.clear();
        for (const auto& m : a.messages) {
            const Attrs at = genl_attrs(m);
            const auto id = get_u32(at, MQNULL_ATTR_NS_ID);
            if (!id) {
                continue;
            }
            const auto paths = nests(at, MQNULL_ATTR_PATH);
            state_.namespaces[*id] = static_cast<std::uint32_t>(paths.size());
            for (const auto& p : paths) {
                const auto maj = get_u32(p, MQNULL_PATH_ATTR_DEV_MAJOR);
                const auto min = get_u32(p, MQNULL_PATH_ATTR_DEV_MINOR);
                if (maj && min) {
                    state_.null_disks.push_back(Devt{*maj, *min});
                }
            }
        }
        return;
    }
    state_.devices.clear();
    state_.mpath_disks.clear();
    state_.mpath_path_devts.clear();
    for (const auto& m : a.messages) {
        const Attrs at = genl_attrs(m);
        const auto id = get_u32(at, MQPATH_ATTR_DEV_ID);
        if (!id) {
            continue;
        }
        auto& ids = state_.devices[*id];
        const auto maj = get_u32(at, MQPATH_ATTR_DEV_MAJOR);
        const auto min = get_u32(at, MQPATH_ATTR_DEV_MINOR);
        if (maj && min) {
            state_.mpath_disks.push_back(Devt{*maj, *min});
        }
        for (const auto& p : nests(at, MQPATH_ATTR_PATH)) {
            if (const auto pid = get_u32(p, MQPATH_PATH_ATTR_ID)) {
                ids.push_back(*pid);
            }
            const auto pmaj = get_u32(p, MQPATH_PATH_ATTR_DEV_MAJOR);
            const auto pmin = get_u32(p, MQPATH_PATH_ATTR_DEV_MINOR);
            if (pmaj && pmin) {
                state_.mpath_path_devts.push_back(Devt{*pmaj, *pmin});
            }
        }
    }
}

void Fuzzer::sync() {
    if (opts_.mqnull) {
        sync_family(FamilyId::MqNull);
    }
    if (opts_.mqpath) {
        sync_family(FamilyId::MqPath);
    }
}

// Two namespaces of two paths and a device over the first, so that
// well-formed messages find something to act on.
void Fuzzer::create_fixtures(Summary& sum) {
    if (opts_.mqnull) {
        for (int i = 0; i < 2; i++) {
            const Answer a = request(
                FamilyId::MqNull, MQNULL_CMD_NS_CREATE,
                [](MsgBuilder& b) {
                    b.put_u64(MQNULL_ATTR_SIZE, 64ULL << 20);
                    b.put_u32(MQNULL_ATTR_NR_PATHS, 2);
                    b.put_u32(MQNULL_ATTR_QUEUE_DEPTH, 64);
                },
                true);
            if (!a.answered || a.error != 0 || a.messages.empty()) {
                throw std::runtime_error("creating a fixture namespace failed");
            }
            if (const auto id = get_u32(genl_attrs(a.messages[0]), MQNULL_ATTR_NS_ID)) {
                created_ns_.insert(*id);
                sum.created++;
            }
        }
        sync_family(FamilyId::MqNull);
    }
    if (opts_.mqpath) {
        const Answer a = request(FamilyId::MqPath, MQPATH_CMD_DEV_CREATE, {}, true);
        if (!a.answered || a.error != 0 || a.messages.empty()) {
            throw std::runtime_error("creating a fixture device failed");
        }
        const auto dev = get_u32(genl_attrs(a.messages[0]), MQPATH_ATTR_DEV_ID);
        if (dev) {
            created_dev_.insert(*dev);
            sum.created++;
            // Both paths of the first namespace.
            for (std::size_t i = 0; i < 2 && i < state_.null_disks.size(); i++) {
                const Devt disk = state_.null_disks[i];
                const Answer pa =
                    request(FamilyId::MqPath, MQPATH_CMD_PATH_ADD, [&](MsgBuilder& p) {
                        p.put_u32(MQPATH_ATTR_DEV_ID, *dev);
                        const std::size_t off = p.start_nest(MQPATH_ATTR_PATH);
                        p.put_u32(MQPATH_PATH_ATTR_DEV_MAJOR, disk.major);
                        p.put_u32(MQPATH_PATH_ATTR_DEV_MINOR, disk.minor);
                        p.end_nest(off);
                    });
                if (!pa.answered || pa.error != 0) {
                    throw std::runtime_error("adding a fixture path failed");
                }
            }
        }
        sync_family(FamilyId::MqPath);
    }
}

// Destroys what the run created and still exists: devices first (they hold
// the namespaces' disks), then namespaces, with FORCE. A device may have
// bios parked for want of a path (the run failed its paths with
// queue_if_no_path on): its partition scan then holds the disk and destroy
// says EBUSY. As an admin would, turn queueing off first, which fails what
// is parked, and try again for a moment while the scan finishes.
void Fuzzer::cleanup(Summary& sum) {
    sync();
    for (const auto id : created_dev_) {
        if (state_.devices.count(id) == 0) {
            continue;
        }
        const auto on_dev = [id](MsgBuilder& b) { b.put_u32(MQPATH_ATTR_DEV_ID, id); };
        request(FamilyId::MqPath, MQPATH_CMD_DEV_SET, [&](MsgBuilder& b) {
            on_dev(b);
            b.put_u8(MQPATH_ATTR_QUEUE_IF_NO_PATH, 0);
        });
        Answer a;
        for (int attempt = 0; attempt < kCleanupAttempts; attempt++) {
            if (attempt > 0) {
                std::this_thread::sleep_for(kCleanupRetryDelay);
            }
            a = request(FamilyId::MqPath, MQPATH_CMD_DEV_DESTROY, on_dev);
            if (!a.answered || a.error != EBUSY) {
                break;
            }
        }
        count_cleanup(sum, a, "mqpath device", id);
    }
    for (const auto id : created_ns_) {
        if (state_.namespaces.count(id) == 0) {
            continue;
        }
        const Answer a = request(FamilyId::MqNull, MQNULL_CMD_NS_DESTROY, [id](MsgBuilder& b) {
            b.put_u32(MQNULL_ATTR_NS_ID, id);
            b.put_flag(MQNULL_ATTR_FORCE);
        });
        count_cleanup(sum, a, "mqnull namespace", id);
    }
    created_dev_.clear();
    created_ns_.clear();
    sync();
}

void Fuzzer::count_cleanup(Summary& sum, const Answer& a, std::string_view what, std::uint32_t id) {
    if (a.answered && a.error == 0) {
        sum.cleanup_destroyed++;
        return;
    }
    sum.cleanup_failed++;
    sum.failures.push_back(fmt::format("cleanup: destroying {} {} failed: {}", what, id,
                                       a.answered ? std::strerror(a.error) : "no answer"));
}

void Fuzzer::account(const Message& m, const Answer& a, Summary& sum) {
    sum.sent++;
    sum.strategies[std::string(strategy_name(m.strategy))]++;
    sum.stray += a.stray;
    sum.replies += a.replies;
    const auto fail = [&](const std::string& what) {
        if (sum.failures.size() < kMaxFailures) {
            sum.failures.push_back(fmt::format("seq {} {} {}: {} [{}]", m.seq, command_key(m),
                                               strategy_name(m.strategy), what, hex(m.bytes)));
        }
        if (opts_.verbose) {
            fmt::print(stderr, "mqfuzz: {}\n", sum.failures.back());
        }
    };
    if (a.stray != 0) {
        fail(fmt::format("{} answers to other messages arrived", a.stray));
    }
    if (!m.expect_answer) {
        if (a.answered) {
            sum.unexpected_answers++;
            fail("netlink answered a datagram with a broken header");
        } else {
            sum.dropped_by_design++;
        }
        return;
    }
    if (!a.answered) {
        sum.unanswered++;
        fail(fmt::format("no answer within {} ms", opts_.timeout_ms));
        return;
    }
    sum.answered++;
    sum.errnos[a.error]++;
    sum.commands[command_key(m)][a.error]++;
    if (a.extack) {
        sum.extack++;
    }
    // The families check CAP_SYS_ADMIN in pre_doit, after the core has
    // validated the attributes against the command's policy: a request the
    // policy refuses gets that error first.
    if (m.needs_admin && !sum.privileged && (a.error == EINVAL || a.error == ERANGE)) {
        sum.admin_invalid++;
    } else if (m.needs_admin && !sum.privileged) {
        sum.admin_checked++;
        if (a.error == EPERM) {
            sum.admin_eperm++;
        } else {
            sum.admin_not_eperm++;
            fail(fmt::format("unprivileged admin command answered {}",
                             a.error == 0 ? "success" : nl::NetlinkError::errno_name_of(a.error)));
        }
    }
}

void Fuzzer::learn(const Message& m, const Answer& a, Summary& sum) {
    if (!a.answered || a.error != 0 || m.bytes.size() < NLMSG_HDRLEN + GENL_HDRLEN) {
        return;
    }
    nlmsghdr h{};
    std::memcpy(&h, m.bytes.data(), sizeof(h));
    const std::uint16_t fid = m.family == FamilyId::MqNull ? mqnull_id_ : mqpath_id_;
    if (h.nlmsg_type != fid || (h.nlmsg_flags & NLM_F_REQUEST) == 0 ||
        (h.nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP || !changes_objects(m)) {
        return;
    }
    if (is_create(m)) {
        for (const auto& r : a.messages) {
            const Attrs at = genl_attrs(r);
            const auto id =
                get_u32(at, static_cast<std::uint16_t>(m.family == FamilyId::MqNull
                                                           ? unsigned{MQNULL_ATTR_NS_ID}
                                                           : unsigned{MQPATH_ATTR_DEV_ID}));
            if (id) {
                (m.family == FamilyId::MqNull ? created_ns_ : created_dev_).insert(*id);
                sum.created++;
            }
        }
    }
    sync();
}

Summary Fuzzer::run() {
    Summary sum;
    sum.seed = opts_.seed;
    sum.privileged = has_sys_admin();
    const auto t0 = std::chrono::steady_clock::now();
    sync();
    if (sum.privileged && opts_.fixtures) {
        create_fixtures(sum);
    }
    Generator gen(opts_.seed, mqnull_id_, mqpath_id_);
    for (std::uint64_t i = 0; i < opts_.count; i++) {
        FamilyId f = FamilyId::MqNull;
        if (opts_.mqnull && opts_.mqpath) {
            f = gen.rng().chance(50) ? FamilyId::MqNull : FamilyId::MqPath;
        } else if (opts_.mqpath) {
            f = FamilyId::MqPath;
        }
        const Message m = gen.next(f, state_, next_seq());
        if (!sock_.send(m.bytes)) {
            sum.sent++;
            sum.send_errors++;
            sum.failures.push_back(
                fmt::format("seq {}: sendto failed: {}", m.seq, std::strerror(errno)));
            continue;
        }
        Answer a;
        if (m.expect_answer) {
            a = sock_.wait(m.seq, opts_.timeout_ms, is_create(m));
        } else {
            // Netlink drops the datagram; a GET_INFO right after it must be
            // the next thing answered, and nothing may answer the first.
            static_assert(unsigned{MQNULL_CMD_GET_INFO} == unsigned{MQPATH_CMD_GET_INFO});
            const Answer pa = request(f, MQNULL_CMD_GET_INFO, {});
            a.answered = pa.stray != 0;
            if (!pa.answered) {
                sum.unanswered++;
                sum.failures.push_back(fmt::format("seq {}: the ping after this dropped datagram "
                                                   "got no answer",
                                                   m.seq));
            }
        }
        account(m, a, sum);
        learn(m, a, sum);
        if ((i + 1) % 10000 == 0) {
            fmt::print(stderr, "mqfuzz: {} sent, {} answered, {} unanswered\n", sum.sent,
                       sum.answered, sum.unanswered);
        }
    }
    cleanup(sum);
    sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return sum;
}

nlohmann::json Fuzzer::probe_commands() {
    if (has_sys_admin()) {
        throw std::runtime_error("--probe-commands sends every mutating command for real; "
                                 "run it without CAP_SYS_ADMIN");
    }
    sync();
    Generator gen(opts_.seed, mqnull_id_, mqpath_id_);
    nlohmann::json out = nlohmann::json::array();
    for (const FamilyId f : {FamilyId::MqNull, FamilyId::MqPath}) {
        if ((f == FamilyId::MqNull && !opts_.mqnull) || (f == FamilyId::MqPath && !opts_.mqpath)) {
            continue;
        }
        const FamilySpec& spec = spec_of(f);
        for (unsigned cmd = 0; cmd <= spec.max_cmd + 1U; cmd++) {
            const CmdSpec* cs = spec.command(static_cast<std::uint8_t>(cmd));
            nlohmann::json j;
            j["family"] = spec.name;
            j["cmd"] = cmd;
            j["name"] = cs != nullptr ? std::string(cs->name) : "";
            j["mutating"] = cs != nullptr && cs->mutating;
            const Message m = gen.valid(f, static_cast<std::uint8_t>(cmd), state_, next_seq());
            const Answer a = transact(m.bytes, m.seq, false);
            j["doit_errno"] = a.answered ? nlohmann::json(a.error) : nlohmann::json(nullptr);
            if (cs != nullptr && cs->dump) {
                const std::uint32_t seq = next_seq();
                MsgBuilder b(gen.family_id(f), NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP, seq);
                b.genl(static_cast<std::uint8_t>(cmd), spec.version);
                const Answer d = transact(b.finish(), seq, false);
                j["dump_errno"] = d.answered ? nlohmann::json(d.error) : nlohmann::json(nullptr);
            }
            out.push_back(j);
        }
    }
    return out;
}

} // namespace mq::fuzz
