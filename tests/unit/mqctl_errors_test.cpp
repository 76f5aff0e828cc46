// SPDX-License-Identifier: GPL-2.0-only
// mqctl's kernel errors in the user's words: the attribute an extack points
// at, and the attribute names in its message, said as the options of the
// command that sent them (fake errors, no kernel involved).
#include "mqctl/commands.hpp"
#include "mqctl/kernel_error.hpp"
#include "netlink/error.hpp"
#include "netlink/mqnull.hpp"
#include "netlink/mqpath.hpp"

#include <cerrno>
#include <gtest/gtest.h>

using namespace mq;
using namespace mq::ctl;

namespace {

nl::NetlinkError kernel_error(int err, const std::string& message,
                              std::vector<std::uint16_t> attr_path,
                              const std::string& policy_range = "") {
    nl::Extack ext;
    ext.message = message;
    ext.attr_path = std::move(attr_path);
    ext.policy_range = policy_range;
    return {err, ext};
}

} // namespace

TEST(KernelError, PolicyRangeIsSaidAsTheOption) {
    const auto e = kernel_error(ERANGE, "integer out of range", {MQNULL_ATTR_NR_PATHS}, "1..16");
    EXPECT_EQ(format_error("null create", e),
              "mqctl: null create: --paths: must be 1..16: integer out of range (ERANGE)");
}

TEST(KernelError, AttributeNamedInTheMessageBecomesTheOption) {
    EXPECT_EQ(format_error("null create",
                           kernel_error(EINVAL, "MQNULL_ATTR_LOGICAL_BS must be a power of two",
                                        {MQNULL_ATTR_LOGICAL_BS})),
              "mqctl: null create: --lbs: must be a power of two (EINVAL)");
    EXPECT_EQ(format_error("null create", kernel_error(EINVAL,
                                                       "MQNULL_ATTR_SUBMIT_QUEUES: at most 2, "
                                                       "one per CPU",
                                                       {MQNULL_ATTR_SUBMIT_QUEUES})),
              "mqctl: null create: --queues: at most 2, one per CPU (EINVAL)");
    // No offset in the extack: the message alone names it.
    EXPECT_EQ(
        format_error("null create",
                     kernel_error(EEXIST, "MQNULL_ATTR_NS_ID: namespace id already in use", {})),
        "mqctl: null create: --id: namespace id already in use (EEXIST)");
    EXPECT_EQ(
        format_error("mpath create", kernel_error(EINVAL, "SIZE must be a multiple of LOGICAL_BS",
                                                  {MQPATH_ATTR_SIZE})),
        "mqctl: mpath create: --size: must be a multiple of --logical-bs (EINVAL)");
    EXPECT_EQ(
        format_error("mpath create",
                     kernel_error(EINVAL, "PROBE_INTERVAL_MS must be 0 (off) or 100..86400000",
                                  {MQPATH_ATTR_PROBE_INTERVAL_MS})),
        "mqctl: mpath create: --probe-interval: must be 0 (off) or 100..86400000 (EINVAL)");
}

TEST(KernelError, ArgumentsAreNamedAsInHelp) {
    EXPECT_EQ(format_error("null show", kernel_error(ENOENT, "MQNULL_ATTR_NS_ID: no such namespace",
                                                     {MQNULL_ATTR_NS_ID})),
              "mqctl: null show: ID: no such namespace (ENOENT)");
    EXPECT_EQ(
        format_error("null path set", kernel_error(ENOENT, "MQNULL_PATH_ATTR_ID: no such path",
                                                   {MQNULL_ATTR_PATH, MQNULL_PATH_ATTR_ID})),
        "mqctl: null path set: PATH: no such path (ENOENT)");
    EXPECT_EQ(format_error("mpath show",
                           kernel_error(ENOENT, "DEV_ID: no such device", {MQPATH_ATTR_DEV_ID})),
              "mqctl: mpath show: DEV: no such device (ENOENT)");
    EXPECT_EQ(format_error("mpath path remove",
                           kernel_error(ENOENT, "PATH.ID: no such path in this device",
                                        {MQPATH_ATTR_PATH, MQPATH_PATH_ATTR_ID})),
              "mqctl: mpath path remove: PATH: no such path in this device (ENOENT)");
    EXPECT_EQ(
        format_error("mpath path remove",
                     kernel_error(ENOENT, "PATH.DEV_MAJOR/DEV_MINOR: no such path in this device",
                                  {MQPATH_ATTR_PATH})),
        "mqctl: mpath path remove: PATH: no such path in this device (ENOENT)");
    EXPECT_EQ(
        format_error("mpath path add",
                     kernel_error(EEXIST, "PATH.DEV_MAJOR/DEV_MINOR: already a path of this device",
                                  {MQPATH_ATTR_PATH})),
        "mqctl: mpath path add: DISK: already a path of this device (EEXIST)");
}

TEST(KernelError, AttributesTheCommandHasNoOptionForAreWords) {
    EXPECT_EQ(format_error("mpath path add",
                           kernel_error(EINVAL, "SIZE: path has 1000 bytes, device has 2048",
                                        {MQPATH_ATTR_PATH})),
              "mqctl: mpath path add: DISK: size: path has 1000 bytes, device has 2048 (EINVAL)");
    EXPECT_EQ(format_error("mpath path add",
                           kernel_error(EINVAL, "LOGICAL_BS: path has 512, device has 4096",
                                        {MQPATH_ATTR_PATH})),
              "mqctl: mpath path add: DISK: logical block size: path has 512, device has 4096 "
              "(EINVAL)");
}

TEST(KernelError, MissingAttributeIsTheMissingOption) {
    nl::Extack ext;
    ext.message = "missing MQNULL_ATTR_SIZE";
    ext.miss_type = MQNULL_ATTR_SIZE;
    ext.attr_path = {MQNULL_ATTR_SIZE};
    EXPECT_EQ(format_error("null create", nl::NetlinkError(EINVAL, ext)),
              "mqctl: null create: missing --size (EINVAL)");
    ext.message.clear();
    EXPECT_EQ(format_error("null create", nl::NetlinkError(EINVAL, ext)),
              "mqctl: null create: missing --size (EINVAL)");
}

TEST(KernelError, OtherMessagesAreKept) {
    EXPECT_EQ(
        format_error("null destroy",
                     kernel_error(EBUSY, "path 0 (mqnull1c0) is open or has IO in flight", {})),
        "mqctl: null destroy: path 0 (mqnull1c0) is open or has IO in flight (EBUSY)");
    EXPECT_EQ(format_error("mpath destroy",
                           kernel_error(EBUSY, "device is open (1 openers)", {MQPATH_ATTR_DEV_ID})),
              "mqctl: mpath destroy: DEV: device is open (1 openers) (EBUSY)");
    EXPECT_EQ(format_error("null list", kernel_error(EPERM, "", {})),
              "mqctl: null list: Operation not permitted, CAP_SYS_ADMIN is needed (EPERM)");
}

TEST(KernelError, FileKeysForApply) {
    const auto lbs = kernel_error(EINVAL, "MQNULL_ATTR_LOGICAL_BS must be a power of two",
                                  {MQNULL_ATTR_LOGICAL_BS});
    EXPECT_EQ(describe_kernel_error(lbs, "null create", NameStyle::file_key),
              "lbs: must be a power of two");
    EXPECT_EQ(describe_error(lbs, "null create", NameStyle::file_key),
              "lbs: must be a power of two (EINVAL)");
    // Arguments are the object the apply report names already.
    const auto ns =
        kernel_error(ENOENT, "MQNULL_ATTR_NS_ID: no such namespace", {MQNULL_ATTR_NS_ID});
    EXPECT_EQ(describe_kernel_error(ns, "null destroy", NameStyle::file_key),
              "namespace id: no such namespace");
    const auto probe = kernel_error(EINVAL, "PROBE_INTERVAL_MS must be 0 (off) or 100..86400000",
                                    {MQPATH_ATTR_PROBE_INTERVAL_MS});
    EXPECT_EQ(describe_kernel_error(probe, "mpath set", NameStyle::file_key),
              "probe-interval: must be 0 (off) or 100..86400000");
}

TEST(KernelError, OptionForEachAttribute) {
    EXPECT_EQ(option_for("null create", {MQNULL_ATTR_NR_PATHS}), "--paths");
    EXPECT_EQ(option_for("null path set", {MQNULL_ATTR_PATH, MQNULL_PATH_ATTR_ERROR_PPM}),
              "--error-ppm");
    EXPECT_EQ(option_for("null path set", {MQNULL_ATTR_PATH, MQNULL_PATH_ATTR_IOPS_LIMIT},
                         NameStyle::file_key),
              "iops-limit");
    EXPECT_EQ(option_for("mpath path set", {MQPATH_ATTR_PATH, MQPATH_PATH_ATTR_PRIORITY}),
              "--priority");
    // An attribute inside the path nest that has no option: the nest's.
    EXPECT_EQ(option_for("mpath path add", {MQPATH_ATTR_PATH, MQPATH_PATH_ATTR_ID}), "DISK");
    EXPECT_EQ(option_for("mpath set", {MQPATH_ATTR_SIZE}), "");
    EXPECT_EQ(option_for("apply", {MQNULL_ATTR_SIZE}), "");
}

// Whatever attribute a refusal is about and however the kernel spells it,
// the user never reads a uapi name.
TEST(KernelError, NoCommandShowsUapiNames) {
    struct Case {
        const char* command;
        std::vector<std::string> top;
        std::vector<std::string> nested;
        std::uint16_t nest;
    };
    const std::vector<Case> cases{
        {"null create", mqnull::attr_names(), mqnull::path_attr_names(), MQNULL_ATTR_PATH},
        {"null destroy", mqnull::attr_names(), mqnull::path_attr_names(), MQNULL_ATTR_PATH},
        {"null path set", mqnull::attr_names(), mqnull::path_attr_names(), MQNULL_ATTR_PATH},
        {"null stats", mqnull::attr_names(), mqnull::path_attr_names(), MQNULL_ATTR_PATH},
        {"mpath create", mqpath::attr_names(), mqpath::path_attr_names(), MQPATH_ATTR_PATH},
        {"mpath set", mqpath::attr_names(), mqpath::path_attr_names(), MQPATH_ATTR_PATH},
        {"mpath path add", mqpath::attr_names(), mqpath::path_attr_names(), MQPATH_ATTR_PATH},
        {"mpath path set", mqpath::attr_names(), mqpath::path_attr_names(), MQPATH_ATTR_PATH},
    };
    for (const auto& c : cases) {
        for (std::size_t t = 1; t < c.top.size(); ++t) {
            const auto path = std::vector<std::uint16_t>{static_cast<std::uint16_t>(t)};
            const std::string out =
                format_error(c.command, kernel_error(EINVAL, c.top[t] + ": refused", path));
            EXPECT_EQ(out.find("_ATTR_"), std::string::npos) << out;
        }
        for (std::size_t t = 1; t < c.nested.size(); ++t) {
            const auto path = std::vector<std::uint16_t>{c.nest, static_cast<std::uint16_t>(t)};
            const std::string out = format_error(
                c.command, kernel_error(EINVAL, "missing " + c.nested[t], path, "0..15"));
            EXPECT_EQ(out.find("_ATTR_"), std::string::npos) << out;
        }
    }
}
