// SPDX-License-Identifier: GPL-2.0-only
// mqfuzz: the generators build datagrams whose netlink header says what they
// are, the same seed builds the same messages, and well-formed messages
// stay inside the policies and the OOM clamps.
#include "mqfuzz/generator.hpp"
#include "mqfuzz/schema.hpp"

#include <cstring>
#include <gtest/gtest.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <set>
#include <uapi/mqnull.h>
#include <uapi/mqpath.h>

using namespace mq::fuzz;

namespace {

constexpr std::uint16_t kNull = 0x20;
constexpr std::uint16_t kPath = 0x21;

State sample_state() {
    State st;
    st.namespaces = {{1, 2}, {7, 4}};
    st.null_disks = {{251, 0}, {251, 1}, {251, 2}};
    st.devices = {{0, {0, 1}}, {3, {}}};
    st.mpath_disks = {{252, 0}};
    st.mpath_path_devts = {{251, 0}};
    return st;
}

nlmsghdr header(const Message& m) {
    nlmsghdr h{};
    std::memcpy(&h, m.bytes.data(), sizeof(h));
    return h;
}

struct Attr {
    std::uint16_t type;
    std::vector<std::uint8_t> payload;
};

// The attributes after the genl header; fails the test on a bad length.
std::vector<Attr> attrs_of(const std::uint8_t* p, std::size_t len) {
    std::vector<Attr> out;
    std::size_t off = 0;
    while (off < len) {
        nlattr a{};
        EXPECT_LE(off + NLA_HDRLEN, len);
        if (off + NLA_HDRLEN > len) {
            break;
        }
        std::memcpy(&a, p + off, sizeof(a));
        EXPECT_GE(a.nla_len, NLA_HDRLEN);
        EXPECT_LE(off + a.nla_len, len);
        if (a.nla_len < NLA_HDRLEN || off + a.nla_len > len) {
            break;
        }
        out.push_back({a.nla_type, {p + off + NLA_HDRLEN, p + off + a.nla_len}});
        off += NLA_ALIGN(a.nla_len);
    }
    return out;
}

std::uint64_t value_of(const Attr& a) {
    std::uint64_t v = 0;
    std::memcpy(&v, a.payload.data(), std::min<std::size_t>(a.payload.size(), sizeof(v)));
    return v;
}

} // namespace

TEST(MqfuzzRng, SameSeedSameSequence) {
    Rng a(42);
    Rng b(42);
    Rng c(43);
    bool differs = false;
    for (int i = 0; i < 1000; i++) {
        const auto x = a.next();
        EXPECT_EQ(x, b.next());
        differs = differs || x != c.next();
    }
    EXPECT_TRUE(differs);
}

TEST(MqfuzzRng, BoundsHold) {
    Rng r(1);
    for (int i = 0; i < 10000; i++) {
        EXPECT_LT(r.below(7), 7U);
        const auto v = r.between(5, 9);
        EXPECT_GE(v, 5U);
        EXPECT_LE(v, 9U);
    }
    EXPECT_EQ(r.below(0), 0U);
    EXPECT_EQ(r.between(3, 3), 3U);
}

TEST(MqfuzzGenerator, SeedReplaysTheSameMessages) {
    const State st = sample_state();
    Generator a(1234, kNull, kPath);
    Generator b(1234, kNull, kPath);
    Generator c(1235, kNull, kPath);
    int same_as_other_seed = 0;
    for (std::uint32_t i = 0; i < 3000; i++) {
        const FamilyId f = (i % 2) != 0U ? FamilyId::MqNull : FamilyId::MqPath;
        const Message x = a.next(f, st, i);
        const Message y = b.next(f, st, i);
        ASSERT_EQ(x.bytes, y.bytes) << "message " << i;
        EXPECT_EQ(x.strategy, y.strategy);
        same_as_other_seed += static_cast<int>(x.bytes == c.next(f, st, i).bytes);
    }
    EXPECT_LT(same_as_other_seed, 300);
}

TEST(MqfuzzGenerator, HeadersClaimTheirLength) {
    const State st = sample_state();
    Generator g(7, kNull, kPath);
    std::set<Strategy> seen;
    int answered = 0;
    int dropped = 0;
    for (std::uint32_t i = 0; i < 20000; i++) {
        const FamilyId f = (i % 3) != 0U ? FamilyId::MqNull : FamilyId::MqPath;
        const Message m = g.next(f, st, 5000 + i);
        seen.insert(m.strategy);
        ASSERT_FALSE(m.bytes.empty());
        ASSERT_LE(m.bytes.size(), 0x10000U) << strategy_name(m.strategy);
        if (m.strategy == Strategy::BrokenNlHeader) {
            EXPECT_FALSE(m.expect_answer);
            if (m.bytes.size() >= NLMSG_HDRLEN) {
                const nlmsghdr h = header(m);
                EXPECT_TRUE(h.nlmsg_len < NLMSG_HDRLEN || h.nlmsg_len > m.bytes.size());
            }
            dropped++;
            continue;
        }
        ASSERT_TRUE(m.expect_answer) << strategy_name(m.strategy);
        answered++;
        const nlmsghdr h = header(m);
        EXPECT_GE(h.nlmsg_len, NLMSG_HDRLEN);
        // The datagram is the message, or it with fewer trailing bytes than
        // a header, which netlink ignores: never a second message.
        EXPECT_LE(h.nlmsg_len, m.bytes.size());
        const std::size_t consumed =
            std::min<std::size_t>(NLMSG_ALIGN(h.nlmsg_len), m.bytes.size());
        EXPECT_LT(m.bytes.size() - consumed, NLMSG_HDRLEN) << strategy_name(m.strategy);
        EXPECT_EQ(h.nlmsg_seq, 5000 + i);
        EXPECT_NE(h.nlmsg_flags & NLM_F_ACK, 0) << "every message asks for its answer";
        if (m.strategy != Strategy::UnknownFamily) {
            EXPECT_EQ(h.nlmsg_type, f == FamilyId::MqNull ? kNull : kPath);
        } else {
            EXPECT_TRUE(h.nlmsg_type < NLMSG_MIN_TYPE || h.nlmsg_type > GENL_MAX_ID);
        }
    }
    EXPECT_EQ(seen.size(), kStrategies);
    EXPECT_GT(dropped, 0);
    EXPECT_GT(answered, 18000) << "almost every message must be answerable";
}

TEST(MqfuzzGenerator, ValidMessagesFollowThePolicyAndTheClamps) {
    const State st = sample_state();
    Generator g(99, kNull, kPath);
    int checked = 0;
    for (std::uint32_t i = 0; i < 4000; i++) {
        const FamilyId f = (i % 2) != 0U ? FamilyId::MqNull : FamilyId::MqPath;
        const FamilySpec& spec = spec_of(f);
        const Message m = g.make(f, Strategy::Valid, st, i);
        ASSERT_TRUE(m.expect_answer);
        ASSERT_GE(m.bytes.size(), NLMSG_HDRLEN + GENL_HDRLEN);
        const nlmsghdr h = header(m);
        ASSERT_EQ(h.nlmsg_len, m.bytes.size());
        const CmdSpec* cmd = spec.command(m.cmd);
        ASSERT_NE(cmd, nullptr);
        EXPECT_FALSE(cmd->event);
        const bool dump = (h.nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
        EXPECT_EQ(m.needs_admin, cmd->mutating && !dump);
        const auto attrs = attrs_of(m.bytes.data() + NLMSG_HDRLEN + GENL_HDRLEN,
                                    m.bytes.size() - NLMSG_HDRLEN - GENL_HDRLEN);
        if (dump) {
            EXPECT_TRUE(cmd->dump);
            EXPECT_TRUE(attrs.empty());
            continue;
        }
        std::set<std::uint16_t> present;
        for (const auto& a : attrs) {
            const std::uint16_t type = a.type & NLA_TYPE_MASK;
            present.insert(type);
            EXPECT_NE(std::find(cmd->attrs.begin(), cmd->attrs.end(), type), cmd->attrs.end())
                << cmd->name << " does not take attribute " << type;
            const AttrSpec* spec_a = spec.attr(type);
            ASSERT_NE(spec_a, nullptr);
            if (spec_a->kind == Kind::Nested) {
                EXPECT_NE(a.type & NLA_F_NESTED, 0);
                for (const auto& in : attrs_of(a.payload.data(), a.payload.size())) {
                    EXPECT_NE(std::find(cmd->path_attrs.begin(), cmd->path_attrs.end(), in.type),
                              cmd->path_attrs.end());
                }
                continue;
            }
            EXPECT_EQ(a.payload.size(), kind_size(spec_a->kind)) << spec_a->name;
            if (spec_a->role == Role::Plain && spec_a->kind != Kind::Flag &&
                spec_a->name != "PROBE_INTERVAL_MS") {
                const auto v = value_of(a);
                EXPECT_GE(v, spec_a->min) << spec_a->name;
                EXPECT_LE(v, spec_a->safe_max != 0 ? spec_a->safe_max : spec_a->max)
                    << spec_a->name;
            }
            if (spec_a->role == Role::Size) {
                EXPECT_LE(value_of(a), 1ULL << 30) << "the OOM clamp";
            }
            checked++;
        }
        for (const auto r : cmd->required) {
            EXPECT_TRUE(present.count(r) != 0) << cmd->name << " lacks " << r;
        }
    }
    EXPECT_GT(checked, 1000);
}

TEST(MqfuzzGenerator, CreatesReuseIdsAtTheCap) {
    State st = sample_state();
    st.max_objects = 2; // two namespaces and two devices exist
    Generator g(5, kNull, kPath);
    for (std::uint32_t i = 0; i < 500; i++) {
        const Message m = g.valid(FamilyId::MqNull, MQNULL_CMD_NS_CREATE, st, i);
        const auto attrs = attrs_of(m.bytes.data() + NLMSG_HDRLEN + GENL_HDRLEN,
                                    m.bytes.size() - NLMSG_HDRLEN - GENL_HDRLEN);
        for (const auto& a : attrs) {
            if (a.type == MQNULL_ATTR_NS_ID) {
                EXPECT_TRUE(st.namespaces.count(static_cast<std::uint32_t>(value_of(a))) != 0);
            }
        }
    }
}

TEST(MqfuzzGenerator, ValidRequestForEveryCommand) {
    const State st = sample_state();
    Generator g(3, kNull, kPath);
    for (const FamilyId f : {FamilyId::MqNull, FamilyId::MqPath}) {
        const FamilySpec& spec = spec_of(f);
        for (unsigned c = 0; c <= spec.max_cmd + 1U; c++) {
            const Message m = g.valid(f, static_cast<std::uint8_t>(c), st, c);
            const CmdSpec* cs = spec.command(static_cast<std::uint8_t>(c));
            EXPECT_TRUE(m.expect_answer);
            EXPECT_EQ(m.needs_admin, cs != nullptr && cs->mutating);
            EXPECT_EQ(m.bytes[NLMSG_HDRLEN], c);
        }
    }
}

TEST(MqfuzzSchema, CommandsMatchTheUapi) {
    std::set<unsigned> null_admin;
    for (const auto& c : mqnull_spec().cmds) {
        if (c.mutating) {
            null_admin.insert(c.cmd);
        }
    }
    EXPECT_EQ(null_admin, (std::set<unsigned>{MQNULL_CMD_NS_CREATE, MQNULL_CMD_NS_DESTROY,
                                              MQNULL_CMD_PATH_SET}));
    EXPECT_EQ(mqnull_spec().cmds.size(), static_cast<std::size_t>(MQNULL_CMD_MAX));
    EXPECT_EQ(mqpath_spec().cmds.size(), static_cast<std::size_t>(MQPATH_CMD_MAX));
    EXPECT_EQ(mqpath_spec().operations().size(), 12U);
    EXPECT_EQ(mqnull_spec().attrs.size(), static_cast<std::size_t>(MQNULL_ATTR_MAX));
    EXPECT_EQ(mqpath_spec().attrs.size(), static_cast<std::size_t>(MQPATH_ATTR_MAX));
    EXPECT_EQ(mqnull_spec().path_attrs.size(), static_cast<std::size_t>(MQNULL_PATH_ATTR_MAX));
    EXPECT_EQ(mqpath_spec().path_attrs.size(), static_cast<std::size_t>(MQPATH_PATH_ATTR_MAX));
    for (const auto* spec : {&mqnull_spec(), &mqpath_spec()}) {
        for (std::size_t i = 0; i < spec->cmds.size(); i++) {
            EXPECT_EQ(spec->cmds[i].cmd, i + 1) << "commands are listed in number order";
        }
        for (std::size_t i = 0; i < spec->attrs.size(); i++) {
            EXPECT_EQ(spec->attrs[i].type, i + 1);
        }
        for (std::size_t i = 0; i < spec->path_attrs.size(); i++) {
            EXPECT_EQ(spec->path_attrs[i].type, i + 1);
        }
    }
}

TEST(MqfuzzBuilder, NestLengthsAndPadding) {
    MsgBuilder b(kNull, NLM_F_REQUEST | NLM_F_ACK, 9);
    b.genl(MQNULL_CMD_PATH_SET, 1);
    b.put_u32(MQNULL_ATTR_NS_ID, 3);
    const std::size_t off = b.start_nest(MQNULL_ATTR_PATH);
    b.put_u8(MQNULL_PATH_ATTR_STATE, 1);
    b.end_nest(off);
    const auto bytes = b.finish();
    // 16 + 4 + (4 + 4) + (4 + (4 + 1 + 3 padding))
    ASSERT_EQ(bytes.size(), 40U);
    nlmsghdr h{};
    std::memcpy(&h, bytes.data(), sizeof(h));
    EXPECT_EQ(h.nlmsg_len, 40U);
    const auto attrs = attrs_of(bytes.data() + 20, bytes.size() - 20);
    ASSERT_EQ(attrs.size(), 2U);
    EXPECT_EQ(attrs[1].type, MQNULL_ATTR_PATH | NLA_F_NESTED);
    EXPECT_EQ(attrs[1].payload.size(), 8U);
}
