// SPDX-License-Identifier: GPL-2.0-only
// netlink/error + genl_socket: extended-ack parsing from raw messages, and
// the socket against the kernel's own nlctrl family (always present).
#include "netlink/attr.hpp"
#include "netlink/error.hpp"
#include "netlink/genl_socket.hpp"

#include <cerrno>
#include <cstring>
#include <gtest/gtest.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <memory>
#include <netlink/msg.h>

using namespace mq::nl;

namespace {

// An NLMSG_ERROR as the kernel builds it: nlmsgerr, the echoed request
// payload unless capped, then the extack TLVs.
MsgPtr make_error(int error, bool capped, std::size_t echoed_payload, const char* text,
                  std::optional<std::uint32_t> offs) {
    int flags = 0;
    if (capped) {
        flags |= NLM_F_CAPPED;
    }
    if (text != nullptr || offs) {
        flags |= NLM_F_ACK_TLVS;
    }
    MsgPtr m(nlmsg_alloc_simple(NLMSG_ERROR, flags));
    nlmsgerr e{};
    e.error = error;
    e.msg.nlmsg_len = static_cast<std::uint32_t>(NLMSG_HDRLEN + echoed_payload);
    e.msg.nlmsg_type = 0x1d;
    EXPECT_EQ(nlmsg_append(m.get(), &e, sizeof(e), NLMSG_ALIGNTO), 0);
    if (!capped && echoed_payload > 0) {
        std::vector<char> junk(echoed_payload, 'x');
        EXPECT_EQ(nlmsg_append(m.get(), junk.data(), junk.size(), NLMSG_ALIGNTO), 0);
    }
    if (text != nullptr) {
        EXPECT_EQ(nla_put_string(m.get(), NLMSGERR_ATTR_MSG, text), 0);
    }
    if (offs) {
        EXPECT_EQ(nla_put_u32(m.get(), NLMSGERR_ATTR_OFFS, *offs), 0);
    }
    return m;
}

bool can_open_socket() {
    try {
        GenlSocket s;
        return true;
    } catch (const NetlinkError&) {
        return false;
    }
}

} // namespace

TEST(ParseAck, CappedErrorWithMessageAndOffset) {
    auto m = make_error(-EINVAL, true, 24, "path size differs from device size", 36);
    auto ack = parse_ack(nlmsg_hdr(m.get()));
    ASSERT_TRUE(ack);
    EXPECT_EQ(ack->error, -EINVAL);
    EXPECT_EQ(ack->extack.message, "path size differs from device size");
    EXPECT_EQ(ack->extack.offset, 36U);
    EXPECT_FALSE(ack->extack.miss_type);
}

TEST(ParseAck, UncappedErrorSkipsTheEchoedRequest) {
    auto m = make_error(-EBUSY, false, 28, "namespace is open", std::nullopt);
    auto ack = parse_ack(nlmsg_hdr(m.get()));
    ASSERT_TRUE(ack);
    EXPECT_EQ(ack->error, -EBUSY);
    EXPECT_EQ(ack->extack.message, "namespace is open");
}

TEST(ParseAck, PlainAckAndErrorWithoutTlvs) {
    auto ok = make_error(0, true, 0, nullptr, std::nullopt);
    auto ack = parse_ack(nlmsg_hdr(ok.get()));
    ASSERT_TRUE(ack);
    EXPECT_EQ(ack->error, 0);
    EXPECT_EQ(ack->extack, Extack{});
    auto perm = make_error(-EPERM, false, 20, nullptr, std::nullopt);
    EXPECT_EQ(parse_ack(nlmsg_hdr(perm.get()))->error, -EPERM);
}

TEST(ParseAck, DoneCarriesTheDumpError) {
    MsgPtr m(nlmsg_alloc_simple(NLMSG_DONE, NLM_F_MULTI | NLM_F_ACK_TLVS));
    int code = -ENODEV;
    ASSERT_EQ(nlmsg_append(m.get(), &code, sizeof(code), NLMSG_ALIGNTO), 0);
    ASSERT_EQ(nla_put_string(m.get(), NLMSGERR_ATTR_MSG, "device went away"), 0);
    auto ack = parse_ack(nlmsg_hdr(m.get()));
    ASSERT_TRUE(ack);
    EXPECT_EQ(ack->error, -ENODEV);
    EXPECT_EQ(ack->extack.message, "device went away");
}

TEST(ParseAck, OtherMessagesAreNotAcks) {
    MsgPtr m(nlmsg_alloc_simple(0x1d, 0));
    EXPECT_FALSE(parse_ack(nlmsg_hdr(m.get())));
    EXPECT_FALSE(parse_ack(nullptr));
}

TEST(NetlinkError, MessageAndErrnoName) {
    Extack bad_size;
    bad_size.message = "bad size";
    NetlinkError withmsg(EINVAL, bad_size);
    EXPECT_STREQ(withmsg.what(), "bad size");
    EXPECT_EQ(withmsg.errno_name(), "EINVAL");
    NetlinkError plain(EBUSY, Extack{});
    EXPECT_STREQ(plain.what(), std::strerror(EBUSY));
    EXPECT_EQ(plain.errno_name(), "EBUSY");
    Extack missing_attr;
    missing_attr.miss_type = 4;
    NetlinkError missing(EINVAL, missing_attr);
    EXPECT_EQ(missing.message(), std::string(std::strerror(EINVAL)) + ", missing attribute 4");
    EXPECT_EQ(NetlinkError::errno_name_of(EPERM), "EPERM");
    EXPECT_EQ(NetlinkError::errno_name_of(99999), "errno 99999");
}

TEST(NetlinkError, FamilyMissingNamesTheModule) {
    auto e = FamilyMissing::for_module("mqnull", "mqnull");
    EXPECT_STREQ(e.what(), "mqnull module not loaded (modprobe/insmod mqnull.ko)");
    EXPECT_EQ(e.error(), ENOENT);
    EXPECT_EQ(e.family(), "mqnull");
}

TEST(GenlSocket, ResolvesTheControllerFamily) {
    if (!can_open_socket()) {
        GTEST_SKIP() << "no generic netlink socket here";
    }
    GenlSocket s;
    EXPECT_EQ(s.resolve_family("nlctrl", "-"), GENL_ID_CTRL);
    EXPECT_EQ(s.resolve_group("nlctrl", "notify"), GENL_ID_CTRL);
}

TEST(GenlSocket, MissingFamilyNamesTheModule) {
    if (!can_open_socket()) {
        GTEST_SKIP() << "no generic netlink socket here";
    }
    GenlSocket s;
    try {
        s.resolve_family("mqtest_nonexistent", "mqtest");
        FAIL() << "resolved a family that does not exist";
    } catch (const FamilyMissing& e) {
        EXPECT_STREQ(e.what(), "mqtest module not loaded (modprobe/insmod mqtest.ko)");
    }
    EXPECT_THROW(s.resolve_group("nlctrl", "no-such-group"), NetlinkError);
}

TEST(GenlSocket, DumpCollectsEveryMessage) {
    if (!can_open_socket()) {
        GTEST_SKIP() << "no generic netlink socket here";
    }
    GenlSocket s;
    auto replies = s.dump(genl_msg(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1));
    ASSERT_GE(replies.size(), 1U); // at least nlctrl itself
    for (const auto& r : replies) {
        EXPECT_EQ(genl_cmd(r.get()), CTRL_CMD_NEWFAMILY);
    }
    // The socket stays usable: a doit request with an ACK afterwards.
    auto m = genl_msg(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
    put_string(m.get(), CTRL_ATTR_FAMILY_NAME, "nlctrl");
    auto one = s.request(m);
    ASSERT_EQ(one.size(), 1U);
    EXPECT_EQ(genl_cmd(one.front().get()), CTRL_CMD_NEWFAMILY);
}

TEST(GenlSocket, KernelErrorCarriesErrnoAndExtack) {
    if (!can_open_socket()) {
        GTEST_SKIP() << "no generic netlink socket here";
    }
    GenlSocket s;
    // GETPOLICY is strictly validated: an unknown attribute is rejected with
    // an extack message pointing at it.
    auto m = genl_msg(GENL_ID_CTRL, CTRL_CMD_GETPOLICY, 1);
    put_u32(m.get(), 200, 1);
    try {
        s.dump(m);
        FAIL() << "the kernel accepted an unknown attribute";
    } catch (const NetlinkError& e) {
        EXPECT_EQ(e.error(), EINVAL);
        EXPECT_EQ(e.errno_name(), "EINVAL");
        EXPECT_FALSE(e.extack().message.empty());
        EXPECT_TRUE(e.extack().offset.has_value());
    }
    // ENOENT without a message: the name of a family that does not exist.
    auto g = genl_msg(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
    put_string(g.get(), CTRL_ATTR_FAMILY_NAME, "mqtest_none"); // < GENL_NAMSIZ
    try {
        s.request(g);
        FAIL();
    } catch (const NetlinkError& e) {
        EXPECT_EQ(e.error(), ENOENT);
    }
}
