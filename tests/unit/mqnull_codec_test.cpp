// SPDX-License-Identifier: GPL-2.0-only
// netlink/mqnull: requests are built with the uapi numbers, and replies and
// events decode back to what was encoded (libnl's own genlmsg_parse with the
// module's policy does the parsing).
#include "netlink/attr.hpp"
#include "netlink/mqnull.hpp"

#include <gtest/gtest.h>
#include <netlink/genl/genl.h>
#include <vector>

using namespace mq;
using namespace mq::mqnull;

namespace {

constexpr int kFamily = 0x1d;

struct Parsed {
    nl::MsgPtr msg; // keeps the attributes tb points into alive
    std::uint8_t cmd = 0;
    std::uint8_t version = 0;
    std::vector<nlattr*> tb;
};

Parsed parse_request(nl::MsgPtr m) {
    Parsed p;
    nlmsghdr* h = nlmsg_hdr(m.get());
    p.msg = std::move(m);
    EXPECT_EQ(h->nlmsg_type, kFamily);
    auto* gh = static_cast<genlmsghdr*>(nlmsg_data(h));
    p.cmd = gh->cmd;
    p.version = gh->version;
    p.tb.assign(MQNULL_ATTR_MAX + 1, nullptr);
    EXPECT_EQ(genlmsg_parse(h, 0, p.tb.data(), MQNULL_ATTR_MAX, policy()), 0);
    return p;
}

std::vector<nlattr*> parse_path_nest(nlattr* nest) {
    std::vector<nlattr*> tb(MQNULL_PATH_ATTR_MAX + 1, nullptr);
    EXPECT_NE(nest, nullptr);
    EXPECT_EQ(nla_parse_nested(tb.data(), MQNULL_PATH_ATTR_MAX, nest, path_policy()), 0);
    return tb;
}

int count_attrs(const Parsed& p) {
    int n = 0;
    for (nlattr* a : p.tb) {
        n += a != nullptr ? 1 : 0;
    }
    return n;
}

NamespaceInfo sample_namespace() {
    NamespaceInfo ns;
    ns.id = 3;
    ns.size = 1ULL << 30;
    ns.logical_bs = 512;
    ns.physical_bs = 4096;
    ns.memory_backed = true;
    ns.nr_paths = 2;
    ns.submit_queues = 4;
    ns.queue_depth = 64;
    ns.completion = Completion::timer;
    ns.completion_nsec = 10000;
    ns.poll_queues = 1;
    ns.shared_tags = true;
    ns.memory_used = 8192;
    ns.paths.push_back({0, "mqnull3p0", 252, 0, PathState::live, 0, 0, 0, 0});
    ns.paths.push_back({1, "mqnull3p1", 252, 1, PathState::hang, 1000000, 250, 5000, 10 << 20});
    return ns;
}

} // namespace

TEST(MqnullEncode, GetInfo) {
    auto p = parse_request(encode_get_info(kFamily));
    EXPECT_EQ(p.cmd, MQNULL_CMD_GET_INFO);
    EXPECT_EQ(p.version, MQNULL_GENL_VERSION);
    EXPECT_EQ(count_attrs(p), 0);
}

TEST(MqnullEncode, CreateSendsOnlyGivenFields) {
    NamespaceSpec spec;
    spec.size = 1ULL << 30;
    spec.nr_paths = 2;
    auto p = parse_request(encode_ns_create(kFamily, spec));
    EXPECT_EQ(p.cmd, MQNULL_CMD_NS_CREATE);
    EXPECT_EQ(count_attrs(p), 2);
    EXPECT_EQ(nla_get_u64(p.tb[MQNULL_ATTR_SIZE]), 1ULL << 30);
    EXPECT_EQ(nla_get_u32(p.tb[MQNULL_ATTR_NR_PATHS]), 2U);
}

TEST(MqnullEncode, CreateAllFields) {
    NamespaceSpec spec{7,   4096ULL << 20,     4096,  4096, true,  3,           2,
                       128, Completion::timer, 10000, 1,    false, std::nullopt};
    auto p = parse_request(encode_ns_create(kFamily, spec));
    EXPECT_EQ(count_attrs(p), 12);
    EXPECT_EQ(nla_get_u32(p.tb[MQNULL_ATTR_NS_ID]), 7U);
    EXPECT_EQ(nla_get_u64(p.tb[MQNULL_ATTR_SIZE]), 4096ULL << 20);
    EXPECT_EQ(nla_get_u32(p.tb[MQNULL_ATTR_LOGICAL_BS]), 4096U);
    EXPECT_EQ(nla_get_u32(p.tb[MQNULL_ATTR_PHYSICAL_BS]), 4096U);
    EXPECT_EQ(nla_get_u8(p.tb[MQNULL_ATTR_MEMORY_BACKED]), 1);
    EXPECT_EQ(nla_get_u32(p.tb[MQNULL_ATTR_NR_PATHS]), 3U);
    EXPECT_EQ(nla_get_u32(p.tb[MQNULL_ATTR_SUBMIT_QUEUES]), 2U);
    EXPECT_EQ(nla_get_u32(p.tb[MQNULL_ATTR_QUEUE_DEPTH]), 128U);
    EXPECT_EQ(nla_get_u8(p.tb[MQNULL_ATTR_COMPLETION]), MQNULL_COMPLETE_TIMER);
    EXPECT_EQ(nla_get_u64(p.tb[MQNULL_ATTR_COMPLETION_NSEC]), 10000U);
    EXPECT_EQ(nla_get_u32(p.tb[MQNULL_ATTR_POLL_QUEUES]), 1U);
    EXPECT_EQ(nla_get_u8(p.tb[MQNULL_ATTR_SHARED_TAGS]), 0);
}

TEST(MqnullEncode, DestroyWithAndWithoutForce) {
    auto p = parse_request(encode_ns_destroy(kFamily, 5, false));
    EXPECT_EQ(p.cmd, MQNULL_CMD_NS_DESTROY);
    EXPECT_EQ(nla_get_u32(p.tb[MQNULL_ATTR_NS_ID]), 5U);
    EXPECT_EQ(p.tb[MQNULL_ATTR_FORCE], nullptr);
    auto f = parse_request(encode_ns_destroy(kFamily, 5, true));
    EXPECT_NE(f.tb[MQNULL_ATTR_FORCE], nullptr);
    EXPECT_EQ(nla_len(f.tb[MQNULL_ATTR_FORCE]), 0);
}

TEST(MqnullEncode, GetOneOrAll) {
    auto one = parse_request(encode_ns_get(kFamily, 2));
    EXPECT_EQ(one.cmd, MQNULL_CMD_NS_GET);
    EXPECT_EQ(nla_get_u32(one.tb[MQNULL_ATTR_NS_ID]), 2U);
    auto all = parse_request(encode_ns_get(kFamily, std::nullopt));
    EXPECT_EQ(count_attrs(all), 0);
}

TEST(MqnullEncode, PathSetNestsTheChanges) {
    PathSettings ps;
    ps.id = 1;
    ps.state = PathState::offline;
    ps.latency_nsec = 1000000;
    ps.bps_limit = 10 << 20;
    auto p = parse_request(encode_path_set(kFamily, 4, ps));
    EXPECT_EQ(p.cmd, MQNULL_CMD_PATH_SET);
    EXPECT_EQ(nla_get_u32(p.tb[MQNULL_ATTR_NS_ID]), 4U);
    auto pt = parse_path_nest(p.tb[MQNULL_ATTR_PATH]);
    EXPECT_EQ(nla_get_u32(pt[MQNULL_PATH_ATTR_ID]), 1U);
    EXPECT_EQ(nla_get_u8(pt[MQNULL_PATH_ATTR_STATE]), MQNULL_PATH_OFFLINE);
    EXPECT_EQ(nla_get_u64(pt[MQNULL_PATH_ATTR_LATENCY_NSEC]), 1000000U);
    EXPECT_EQ(nla_get_u64(pt[MQNULL_PATH_ATTR_BPS_LIMIT]), 10U << 20);
    EXPECT_EQ(pt[MQNULL_PATH_ATTR_ERROR_PPM], nullptr);
    EXPECT_EQ(pt[MQNULL_PATH_ATTR_IOPS_LIMIT], nullptr);
}

TEST(MqnullEncode, PathStats) {
    auto p = parse_request(encode_path_stats(kFamily, 1, 0));
    EXPECT_EQ(p.cmd, MQNULL_CMD_PATH_STATS);
    EXPECT_EQ(nla_get_u32(p.tb[MQNULL_ATTR_NS_ID]), 1U);
    EXPECT_EQ(nla_get_u32(parse_path_nest(p.tb[MQNULL_ATTR_PATH])[MQNULL_PATH_ATTR_ID]), 0U);
    auto all = parse_request(encode_path_stats(kFamily, std::nullopt, std::nullopt));
    EXPECT_EQ(count_attrs(all), 0);
}

TEST(MqnullDecode, InfoRoundTrip) {
    ModuleInfo info{1, 16};
    EXPECT_EQ(decode_info(encode_info_reply(kFamily, info).get()), info);
}

TEST(MqnullDecode, NamespaceRoundTrip) {
    const NamespaceInfo ns = sample_namespace();
    EXPECT_EQ(decode_namespace(encode_namespace_reply(kFamily, ns).get()), ns);
}

TEST(MqnullDecode, NamespaceWithManyPaths) {
    NamespaceInfo ns = sample_namespace();
    ns.paths.clear();
    for (std::uint32_t i = 0; i < MQNULL_MAX_PATHS; ++i) {
        ns.paths.push_back(
            {i, "mqnull3p" + std::to_string(i), 252, i, PathState::live, 0, 0, 0, 0});
    }
    ns.nr_paths = MQNULL_MAX_PATHS;
    EXPECT_EQ(decode_namespace(encode_namespace_reply(kFamily, ns).get()), ns);
}

TEST(MqnullDecode, StatsRoundTrip) {
    NamespaceStats st;
    st.id = 9;
    st.paths.push_back({0, "mqnull9p0", 252, 4, PathState::live, 10, 20, 40960, 81920, 1, 2, 3, 4});
    st.paths.push_back({1, "", 252, 5, std::nullopt, 0, 0, 0, 0, 0, 0, 0, 0});
    EXPECT_EQ(decode_stats(encode_stats_reply(kFamily, st).get()), st);
}

TEST(MqnullDecode, EventRoundTrip) {
    PathStateEvent ev{2, 1, "mqnull2p1", 252, 3, PathState::failed, PathState::live};
    EXPECT_EQ(decode_path_event(encode_path_event(kFamily, ev).get()), ev);
    ev.old_state.reset();
    EXPECT_EQ(decode_path_event(encode_path_event(kFamily, ev).get()), ev);
}

TEST(MqnullDecode, MissingIdIsAnError) {
    auto m = nl::genl_msg(kFamily, MQNULL_CMD_NS_GET, MQNULL_GENL_VERSION);
    nl::put_u64(m.get(), MQNULL_ATTR_SIZE, 4096);
    EXPECT_THROW(decode_namespace(m.get()), nl::CodecError);
}

TEST(MqnullDecode, WrongAttributeSizeIsAnError) {
    auto m = nl::genl_msg(kFamily, MQNULL_CMD_NS_GET, MQNULL_GENL_VERSION);
    nl::put_u32(m.get(), MQNULL_ATTR_NS_ID, 1);
    nl::put_u8(m.get(), MQNULL_ATTR_SIZE, 1); // policy says u64
    EXPECT_THROW(decode_namespace(m.get()), nl::CodecError);
}

TEST(MqnullDecode, UnknownAttributesFromNewerModulesAreIgnored) {
    auto m = nl::genl_msg(kFamily, MQNULL_CMD_NS_GET, MQNULL_GENL_VERSION);
    nl::put_u32(m.get(), MQNULL_ATTR_NS_ID, 1);
    nl::put_u32(m.get(), MQNULL_ATTR_MAX + 5, 77);
    EXPECT_EQ(decode_namespace(m.get()).id, 1U);
}

TEST(MqnullNames, RoundTrip) {
    for (auto c : {Completion::none, Completion::softirq, Completion::timer}) {
        EXPECT_EQ(parse_completion(to_string(c)), c);
    }
    for (auto s : {PathState::live, PathState::failed, PathState::offline, PathState::hang}) {
        EXPECT_EQ(parse_path_state(to_string(s)), s);
    }
    EXPECT_EQ(to_string(static_cast<PathState>(9)), "unknown(9)");
    EXPECT_FALSE(parse_path_state("dead"));
}
