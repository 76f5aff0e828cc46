// SPDX-License-Identifier: GPL-2.0-only
// netlink/mqpath: requests carry the uapi numbers, replies and events decode
// back to what was encoded (parsed by libnl with the module's policy).
#include "netlink/attr.hpp"
#include "netlink/mqpath.hpp"

#include <gtest/gtest.h>
#include <netlink/genl/genl.h>
#include <vector>

using namespace mq;
using namespace mq::mqpath;

namespace {

constexpr int kFamily = 0x1e;

struct Parsed {
    nl::MsgPtr msg; // keeps the attributes tb points into alive
    std::uint8_t cmd = 0;
    std::vector<nlattr*> tb;
};

Parsed parse_request(nl::MsgPtr m) {
    Parsed p;
    nlmsghdr* h = nlmsg_hdr(m.get());
    p.msg = std::move(m);
    EXPECT_EQ(h->nlmsg_type, kFamily);
    p.cmd = static_cast<genlmsghdr*>(nlmsg_data(h))->cmd;
    EXPECT_EQ(static_cast<genlmsghdr*>(nlmsg_data(h))->version, MQPATH_GENL_VERSION);
    p.tb.assign(MQPATH_ATTR_MAX + 1, nullptr);
    EXPECT_EQ(genlmsg_parse(h, 0, p.tb.data(), MQPATH_ATTR_MAX, policy()), 0);
    return p;
}

std::vector<nlattr*> parse_path_nest(nlattr* nest) {
    std::vector<nlattr*> tb(MQPATH_PATH_ATTR_MAX + 1, nullptr);
    EXPECT_NE(nest, nullptr);
    EXPECT_EQ(nla_parse_nested(tb.data(), MQPATH_PATH_ATTR_MAX, nest, path_policy()), 0);
    return tb;
}

int count(const std::vector<nlattr*>& tb) {
    int n = 0;
    for (nlattr* a : tb) {
        n += a != nullptr ? 1 : 0;
    }
    return n;
}

DeviceInfo sample_device() {
    DeviceInfo d;
    d.id = 2;
    d.disk_name = "mqpath2";
    d.major = 251;
    d.minor = 2;
    d.size = 1ULL << 30;
    d.logical_bs = 512;
    d.selector = Selector::qd;
    d.failback = Failback::manual;
    d.queue_if_no_path = true;
    d.no_path_timeout_ms = 5000;
    d.probe_interval_ms = 1000;
    d.freeze_warn_ms = 100;
    d.open_count = 1;
    d.active_priority = 10;
    d.nr_paths = 2;
    d.nr_live_paths = 1;
    d.paths.push_back({0, 252, 0, "mqnull0p0", 10, PathState::live, Reason::probe, 0, {}});
    d.paths.push_back({1, 252, 1, "mqnull0p1", 0, PathState::failed, Reason::io_error, -1, {}});
    return d;
}

} // namespace

TEST(MqpathEncode, CreateOnlyGivenFields) {
    DeviceSettings s;
    s.selector = Selector::numa;
    s.queue_if_no_path = false;
    s.no_path_timeout_ms = 0;
    auto p = parse_request(encode_dev_create(kFamily, s));
    EXPECT_EQ(p.cmd, MQPATH_CMD_DEV_CREATE);
    EXPECT_EQ(count(p.tb), 3);
    EXPECT_EQ(nla_get_u8(p.tb[MQPATH_ATTR_SELECTOR]), MQPATH_SELECTOR_NUMA);
    EXPECT_EQ(nla_get_u8(p.tb[MQPATH_ATTR_QUEUE_IF_NO_PATH]), 0);
    EXPECT_EQ(nla_get_u32(p.tb[MQPATH_ATTR_NO_PATH_TIMEOUT_MS]), 0U);
}

TEST(MqpathEncode, CreateAllFields) {
    DeviceSettings s{4,  1ULL << 30, 4096, Selector::rr, Failback::automatic, true, 5000, 1000, 250,
                     {}, {},         {}};
    auto p = parse_request(encode_dev_create(kFamily, s));
    EXPECT_EQ(count(p.tb), 9);
    EXPECT_EQ(nla_get_u32(p.tb[MQPATH_ATTR_DEV_ID]), 4U);
    EXPECT_EQ(nla_get_u64(p.tb[MQPATH_ATTR_SIZE]), 1ULL << 30);
    EXPECT_EQ(nla_get_u32(p.tb[MQPATH_ATTR_LOGICAL_BS]), 4096U);
    EXPECT_EQ(nla_get_u8(p.tb[MQPATH_ATTR_SELECTOR]), MQPATH_SELECTOR_RR);
    EXPECT_EQ(nla_get_u8(p.tb[MQPATH_ATTR_FAILBACK]), MQPATH_FAILBACK_AUTO);
    EXPECT_EQ(nla_get_u8(p.tb[MQPATH_ATTR_QUEUE_IF_NO_PATH]), 1);
    EXPECT_EQ(nla_get_u32(p.tb[MQPATH_ATTR_NO_PATH_TIMEOUT_MS]), 5000U);
    EXPECT_EQ(nla_get_u32(p.tb[MQPATH_ATTR_PROBE_INTERVAL_MS]), 1000U);
    EXPECT_EQ(nla_get_u32(p.tb[MQPATH_ATTR_FREEZE_WARN_MS]), 250U);
}

TEST(MqpathEncode, SetNeverSendsCreateOnlyFields) {
    DeviceSettings s;
    s.id = 9;
    s.size = 4096;
    s.failback = Failback::manual;
    auto p = parse_request(encode_dev_set(kFamily, 3, s));
    EXPECT_EQ(p.cmd, MQPATH_CMD_DEV_SET);
    EXPECT_EQ(count(p.tb), 2);
    EXPECT_EQ(nla_get_u32(p.tb[MQPATH_ATTR_DEV_ID]), 3U);
    EXPECT_EQ(nla_get_u8(p.tb[MQPATH_ATTR_FAILBACK]), MQPATH_FAILBACK_MANUAL);
}

TEST(MqpathEncode, DeviceCommands) {
    auto d = parse_request(encode_dev_destroy(kFamily, 1));
    EXPECT_EQ(d.cmd, MQPATH_CMD_DEV_DESTROY);
    EXPECT_EQ(nla_get_u32(d.tb[MQPATH_ATTR_DEV_ID]), 1U);
    auto f = parse_request(encode_dev_failback(kFamily, 2));
    EXPECT_EQ(f.cmd, MQPATH_CMD_DEV_FAILBACK);
    EXPECT_EQ(nla_get_u32(f.tb[MQPATH_ATTR_DEV_ID]), 2U);
    auto g = parse_request(encode_dev_get(kFamily, std::nullopt));
    EXPECT_EQ(g.cmd, MQPATH_CMD_DEV_GET);
    EXPECT_EQ(count(g.tb), 0);
    auto s = parse_request(encode_stats(kFamily, 7));
    EXPECT_EQ(s.cmd, MQPATH_CMD_STATS);
    EXPECT_EQ(nla_get_u32(s.tb[MQPATH_ATTR_DEV_ID]), 7U);
}

TEST(MqpathEncode, PathAddByDeviceNumber) {
    auto p = parse_request(encode_path_add(kFamily, 0, 252, 3, 10));
    EXPECT_EQ(p.cmd, MQPATH_CMD_PATH_ADD);
    auto pt = parse_path_nest(p.tb[MQPATH_ATTR_PATH]);
    EXPECT_EQ(count(pt), 3);
    EXPECT_EQ(nla_get_u32(pt[MQPATH_PATH_ATTR_DEV_MAJOR]), 252U);
    EXPECT_EQ(nla_get_u32(pt[MQPATH_PATH_ATTR_DEV_MINOR]), 3U);
    EXPECT_EQ(nla_get_u32(pt[MQPATH_PATH_ATTR_PRIORITY]), 10U);
    auto np = parse_request(encode_path_add(kFamily, 0, 252, 3, std::nullopt));
    EXPECT_EQ(parse_path_nest(np.tb[MQPATH_ATTR_PATH])[MQPATH_PATH_ATTR_PRIORITY], nullptr);
}

TEST(MqpathEncode, PathCommandsById) {
    for (std::uint8_t cmd :
         {MQPATH_CMD_PATH_REMOVE, MQPATH_CMD_PATH_FAIL, MQPATH_CMD_PATH_REINSTATE}) {
        auto p = parse_request(encode_path_cmd(kFamily, cmd, 1, PathRef{2, 0, 0}));
        EXPECT_EQ(p.cmd, cmd);
        EXPECT_EQ(nla_get_u32(p.tb[MQPATH_ATTR_DEV_ID]), 1U);
        auto pt = parse_path_nest(p.tb[MQPATH_ATTR_PATH]);
        EXPECT_EQ(count(pt), 1);
        EXPECT_EQ(nla_get_u32(pt[MQPATH_PATH_ATTR_ID]), 2U);
        EXPECT_EQ(p.tb[MQPATH_ATTR_FORCE], nullptr);
    }
}

TEST(MqpathEncode, PathCommandsForce) {
    for (std::uint8_t cmd : {MQPATH_CMD_PATH_REMOVE, MQPATH_CMD_PATH_FAIL}) {
        auto p =
            parse_request(encode_path_cmd(kFamily, cmd, 1, PathRef{2, 0, 0}, std::nullopt, true));
        ASSERT_NE(p.tb[MQPATH_ATTR_FORCE], nullptr);
        EXPECT_EQ(nla_len(p.tb[MQPATH_ATTR_FORCE]), 0);
    }
}

TEST(MqpathEncode, PathCommandsByDeviceNumber) {
    auto p = parse_request(
        encode_path_cmd(kFamily, MQPATH_CMD_PATH_SET, 1, PathRef{std::nullopt, 8, 16}, 5));
    auto pt = parse_path_nest(p.tb[MQPATH_ATTR_PATH]);
    EXPECT_EQ(pt[MQPATH_PATH_ATTR_ID], nullptr);
    EXPECT_EQ(nla_get_u32(pt[MQPATH_PATH_ATTR_DEV_MAJOR]), 8U);
    EXPECT_EQ(nla_get_u32(pt[MQPATH_PATH_ATTR_DEV_MINOR]), 16U);
    EXPECT_EQ(nla_get_u32(pt[MQPATH_PATH_ATTR_PRIORITY]), 5U);
}

TEST(MqpathDecode, InfoRoundTrip) {
    ModuleInfo info{1, 256, 32};
    EXPECT_EQ(decode_info(encode_info_reply(kFamily, info).get()), info);
}

TEST(MqpathDecode, DeviceRoundTrip) {
    const DeviceInfo d = sample_device();
    EXPECT_EQ(decode_device(encode_device_reply(kFamily, d).get()), d);
    DeviceInfo none = d;
    none.active_priority.reset();
    none.paths.clear();
    EXPECT_EQ(decode_device(encode_device_reply(kFamily, none).get()), none);
}

TEST(MqpathDecode, PathAddReply) {
    PathInfo p{3, 252, 7, "mqnull1p1", 0, PathState::live, std::nullopt, std::nullopt, {}};
    EXPECT_EQ(decode_path_add_reply(encode_path_add_reply(kFamily, 0, p).get()), p);
    auto empty = nl::genl_msg(kFamily, MQPATH_CMD_PATH_ADD, MQPATH_GENL_VERSION);
    nl::put_u32(empty.get(), MQPATH_ATTR_DEV_ID, 0);
    EXPECT_THROW(decode_path_add_reply(empty.get()), nl::CodecError);
}

TEST(MqpathDecode, StatsRoundTrip) {
    DeviceStats st;
    st.id = 1;
    st.disk_name = "mqpath1";
    st.freeze_count = 3;
    st.freeze_total_ns = 3000000;
    st.freeze_max_ns = 2000000;
    st.bios_requeued = 4;
    st.bios_parked = 5;
    st.bios_parked_now = 1;
    st.bios_no_path_failed = 2;
    st.bios_frozen_waits = 6;
    st.paths.push_back({0, 252, 0, "mqnull0p0", PathState::live, 1, 100, 409600, 1, 2, 3, 4, 5});
    st.paths.push_back({1, 252, 1, "", std::nullopt, std::nullopt, 0, 0, 0, 0, 0, 0, 0});
    EXPECT_EQ(decode_stats(encode_stats_reply(kFamily, st).get()), st);
}

TEST(MqpathDecode, EventsRoundTrip) {
    Event failed;
    failed.type = EventType::path_failed;
    failed.dev_id = 0;
    failed.path = PathInfo{1, 252, 1, "", 0, PathState::failed, Reason::io_error, std::nullopt, {}};
    EXPECT_EQ(decode_event(encode_event(kFamily, failed).get()), failed);

    Event frozen;
    frozen.type = EventType::frozen_too_long;
    frozen.dev_id = 2;
    frozen.disk_name = "mqpath2";
    frozen.freeze_ns = 1500000000;
    frozen.freeze_warn_ms = 1000;
    EXPECT_EQ(decode_event(encode_event(kFamily, frozen).get()), frozen);

    Event sw;
    sw.type = EventType::group_switch;
    sw.dev_id = 1;
    sw.active_priority = 0;
    EXPECT_EQ(decode_event(encode_event(kFamily, sw).get()), sw);
}

TEST(MqpathDecode, NonEventIsRejected) {
    EXPECT_THROW(decode_event(encode_dev_get(kFamily, 1).get()), nl::CodecError);
}

TEST(MqpathNames, Strings) {
    EXPECT_EQ(to_string(Selector::qd), "qd");
    EXPECT_EQ(to_string(Failback::automatic), "auto");
    EXPECT_EQ(to_string(Reason::disk_gone), "disk_gone");
    EXPECT_EQ(to_string(Reason::loop), "loop");
    EXPECT_EQ(to_string(Reason::limits), "limits");
    EXPECT_EQ(to_string(EventType::no_path), "no_path");
    EXPECT_EQ(parse_selector("numa"), Selector::numa);
    EXPECT_EQ(parse_failback("manual"), Failback::manual);
    EXPECT_FALSE(parse_selector("random"));
    EXPECT_EQ(to_string(static_cast<Selector>(7)), "unknown(7)");
}
