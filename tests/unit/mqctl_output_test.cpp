// SPDX-License-Identifier: GPL-2.0-only
// mqctl printing: the JSON documents (field names are an interface: scripts
// and the VM tests read them), tables, event lines, error messages and
// --version.
#include "mqctl/commands.hpp"
#include "mqctl/devices.hpp"
#include "mqctl/output.hpp"
#include "mqctl/version.hpp"
#include "netlink/error.hpp"

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <system_error>
#include <unistd.h>

using namespace mq;
using namespace mq::ctl;

namespace {

mqnull::NamespaceInfo sample_ns() {
    mqnull::NamespaceInfo ns;
    ns.id = 1;
    ns.size = 1ULL << 30;
    ns.logical_bs = 512;
    ns.physical_bs = 4096;
    ns.memory_backed = true;
    ns.nr_paths = 2;
    ns.submit_queues = 2;
    ns.queue_depth = 64;
    ns.completion = mqnull::Completion::timer;
    ns.completion_nsec = 10000;
    ns.memory_used = 8192;
    ns.paths.push_back({0, "mqnull1c0", 259, 0, mqnull::PathState::live, 0, 0, 0, 0});
    ns.paths.push_back(
        {1, "mqnull1c1", 259, 1, mqnull::PathState::failed, 1000000, 10, 1000, 10 << 20});
    return ns;
}

mqpath::DeviceInfo sample_dev() {
    mqpath::DeviceInfo d;
    d.id = 0;
    d.disk_name = "mqpath0";
    d.major = 259;
    d.minor = 2;
    d.size = 64ULL << 20;
    d.logical_bs = 512;
    d.failback = mqpath::Failback::manual;
    d.queue_if_no_path = true;
    d.no_path_timeout_ms = 5000;
    d.probe_interval_ms = 5000;
    d.freeze_warn_ms = 1000;
    d.nr_paths = 1;
    d.nr_live_paths = 0;
    d.paths.push_back({0, 259, 0, "mqnull1c0", 5, mqpath::PathState::failed,
                       mqpath::Reason::io_error, -1,
                       mqpath::PathStatus{mqpath::Checker::failed, 120, 4500, 7, 3, std::nullopt}});
    d.queueing = true;
    d.marginal_count = 3;
    d.marginal_window_ms = 60000;
    d.marginal_hold_ms = 10000;
    return d;
}

} // namespace

TEST(OutputJson, Namespace) {
    EXPECT_EQ(to_json(sample_ns()).dump(),
              R"({"id":1,"size":1073741824,"logical_block_size":512,"physical_block_size":4096,)"
              R"("memory_backed":true,"nr_paths":2,"submit_queues":2,"queue_depth":64,)"
              R"("completion":"timer","completion_delay_ns":10000,"poll_queues":0,)"
              R"("shared_tags":false,"memory_used":8192,)"
              R"("uuid":"00000000-0000-0000-0000-000000000000",)"
              R"("wwid":"eui.00000000000000000000000000000000","paths":[)"
              R"({"id":0,"disk":"/dev/mqnull1c0","major":259,"minor":0,"state":"live",)"
              R"("latency_ns":0,"error_ppm":0,"iops_limit":0,"bps_limit":0,)"
              R"("write_cache":true,"fua":true,"discard":true},)"
              R"({"id":1,"disk":"/dev/mqnull1c1","major":259,"minor":1,"state":"failed",)"
              R"("latency_ns":1000000,"error_ppm":10,"iops_limit":1000,"bps_limit":10485760,)"
              R"("write_cache":true,"fua":true,"discard":true}]})");
}

TEST(OutputJson, ListIsAnArray) {
    EXPECT_EQ(to_json_array(std::vector<mqnull::NamespaceInfo>{}).dump(), "[]");
    auto a = to_json_array(std::vector<mqnull::NamespaceInfo>{sample_ns(), sample_ns()});
    ASSERT_TRUE(a.is_array());
    EXPECT_EQ(a.size(), 2U);
    EXPECT_EQ(a[1]["paths"][1]["disk"], "/dev/mqnull1c1");
}

TEST(OutputJson, NullStats) {
    mqnull::NamespaceStats st;
    st.id = 1;
    st.paths.push_back(
        {0, "mqnull1c0", 259, 0, mqnull::PathState::live, 10, 2, 40960, 8192, 1, 0, 0, 3});
    EXPECT_EQ(to_json(st).dump(),
              R"({"id":1,"paths":[{"id":0,"disk":"/dev/mqnull1c0","major":259,"minor":0,)"
              R"("state":"live","reads":10,"writes":2,"read_bytes":40960,"write_bytes":8192,)"
              R"("errors_injected":1,"timeouts":0,"inflight":0,"other_ops":3,"flushes":0}]})");
}

TEST(OutputJson, Device) {
    EXPECT_EQ(to_json(sample_dev()).dump(),
              R"({"schema_version":2,"id":0,"disk":"/dev/mqpath0","major":259,"minor":2,)"
              R"("size":67108864,"logical_block_size":512,"selector":"rr","failback":"manual",)"
              R"("queue_if_no_path":true,"no_path_timeout_ms":5000,"probe_interval_ms":5000,)"
              R"("freeze_warn_ms":1000,"open_count":0,"active_priority":null,"nr_paths":1,)"
              R"("nr_live_paths":0,"wwid":null,"queueing":true,"marginal_count":3,)"
              R"("marginal_window_ms":60000,"marginal_hold_ms":10000,)"
              R"("paths":[{"id":0,"disk":"/dev/mqnull1c0","major":259,)"
              R"("minor":0,"priority":5,"state":"failed","reason":"io_error","numa_node":-1,)"
              R"("checker":"failed","last_check_ms_ago":120,"last_change_ms_ago":4500,)"
              R"("reads":7,"writes":3,"hold_left_ms":null}]})");
}

TEST(OutputJson, DeviceStats) {
    mqpath::DeviceStats st;
    st.id = 0;
    st.freeze_count = 1;
    st.paths.push_back(
        {0, 259, 0, "mqnull1c0", mqpath::PathState::live, 5, 10, 40960, 0, 0, 0, 1, 2});
    EXPECT_EQ(to_json(st).dump(),
              R"({"id":0,"disk":"/dev/mqpath0","freeze_count":1,"freeze_total_ns":0,)"
              R"("freeze_max_ns":0,"bios_requeued":0,"bios_parked":0,"bios_parked_now":0,)"
              R"("bios_no_path_failed":0,"bios_frozen_waits":0,"paths":[{"id":0,)"
              R"("disk":"/dev/mqnull1c0","major":259,"minor":0,"state":"live","priority":5,)"
              R"("ios":10,"bytes":40960,"errors":0,"failovers":0,"inflight":0,"fail_count":1,)"
              R"("probes":2}]})");
}

TEST(OutputJson, Events) {
    mqnull::PathStateEvent nev{
        1, 1, "mqnull1c1", 259, 1, mqnull::PathState::failed, mqnull::PathState::live};
    EXPECT_EQ(to_json(nev).dump(),
              R"({"module":"mqnull","event":"path_state","ns":1,"path":1,)"
              R"("disk":"/dev/mqnull1c1","major":259,"minor":1,"state":"failed",)"
              R"("old_state":"live"})");

    mqpath::Event failed;
    failed.type = mqpath::EventType::path_failed;
    failed.path = mqpath::PathInfo{
        1, 259, 1, "mqnull1c1", 0, mqpath::PathState::failed, mqpath::Reason::admin, std::nullopt,
        {}};
    EXPECT_EQ(to_json(failed).dump(),
              R"({"module":"mqpath","event":"path_failed","dev":0,"disk":"/dev/mqpath0",)"
              R"("path":1,"path_disk":"/dev/mqnull1c1","major":259,"minor":1,"reason":"admin"})");

    mqpath::Event sw;
    sw.type = mqpath::EventType::group_switch;
    sw.dev_id = 3;
    EXPECT_EQ(to_json(sw).dump(), R"({"module":"mqpath","event":"group_switch","dev":3,)"
                                  R"("disk":"/dev/mqpath3","active_priority":null})");

    mqpath::Event frozen;
    frozen.type = mqpath::EventType::frozen_too_long;
    frozen.freeze_ns = 1500000000;
    EXPECT_EQ(to_json(frozen).dump(),
              R"({"module":"mqpath","event":"frozen_too_long","dev":0,"disk":"/dev/mqpath0",)"
              R"("freeze_ns":1500000000,"freeze_warn_ms":null})");
}

TEST(OutputText, EventLines) {
    mqnull::PathStateEvent nev{
        1, 1, "mqnull1c1", 259, 1, mqnull::PathState::failed, mqnull::PathState::live};
    EXPECT_EQ(event_line(nev), "mqnull ns 1 path 1 /dev/mqnull1c1: live -> failed");
    mqpath::Event ev;
    ev.type = mqpath::EventType::path_reinstated;
    ev.path = mqpath::PathInfo{
        0, 259, 0, "mqnull1c0", 0, mqpath::PathState::live, mqpath::Reason::probe, std::nullopt,
        {}};
    EXPECT_EQ(event_line(ev),
              "mqpath dev 0 /dev/mqpath0: path 0 /dev/mqnull1c0 reinstated (probe)");
    ev.type = mqpath::EventType::no_path;
    EXPECT_EQ(event_line(ev), "mqpath dev 0 /dev/mqpath0: no live path");
    ev.type = mqpath::EventType::group_switch;
    ev.active_priority = 5;
    EXPECT_EQ(event_line(ev), "mqpath dev 0 /dev/mqpath0: active group 5");
    ev.type = mqpath::EventType::frozen_too_long;
    ev.freeze_ns = 1500000;
    ev.freeze_warn_ms = 1;
    EXPECT_EQ(event_line(ev), "mqpath dev 0 /dev/mqpath0: frozen for 1.5ms (warn after 1ms)");
}

TEST(OutputText, Table) {
    Table t({"ID", "DISK", "STATE"});
    t.add({"0", "/dev/mqnull1c0", "live"});
    t.add({"12", "/dev/x", "failed"});
    std::ostringstream out;
    t.print(out);
    EXPECT_EQ(out.str(), "ID  DISK            STATE\n"
                         "0   /dev/mqnull1c0  live\n"
                         "12  /dev/x          failed\n");
}

TEST(OutputText, NamespaceShow) {
    std::ostringstream out;
    print_namespace(out, sample_ns());
    EXPECT_EQ(out.str(),
              "namespace:      1\n"
              "size:           1G (1073741824 bytes)\n"
              "block size:     logical 512, physical 4096\n"
              "memory backed:  yes, 8K in use\n"
              "queues:         2 submit, 0 poll, depth 64\n"
              "completion:     timer 10us\n"
              "uuid:           00000000-0000-0000-0000-000000000000\n"
              "wwid:           eui.00000000000000000000000000000000\n"
              "\n"
              "PATH  DISK            DEV    STATE   LATENCY  ERROR-PPM  IOPS-LIMIT  BPS-LIMIT  "
              "CACHE\n"
              "0     /dev/mqnull1c0  259:0  live    -        -          -           -          "
              "wb,fua,discard\n"
              "1     /dev/mqnull1c1  259:1  failed  1ms      10         1000        10M/s      "
              "wb,fua,discard\n");
}

TEST(OutputText, DeviceList) {
    std::ostringstream out;
    print_device_list(out, {sample_dev()});
    EXPECT_EQ(out.str(), "ID  DISK          SIZE  SELECTOR  FAILBACK  QUEUE  ACTIVE  PATHS  LIVE\n"
                         "0   /dev/mqpath0  64M   rr        manual    on     -       1      0\n");
}

TEST(Errors, KernelMessageAndErrno) {
    nl::Extack ext;
    ext.message = "path size differs from device size";
    nl::NetlinkError e(EINVAL, ext);
    EXPECT_EQ(format_error("mpath path add", e),
              "mqctl: mpath path add: path size differs from device size (EINVAL)");
}

TEST(Errors, MissingPrivilege) {
    nl::NetlinkError e(EPERM, nl::Extack{});
    EXPECT_EQ(format_error("null create", e),
              "mqctl: null create: Operation not permitted, CAP_SYS_ADMIN is needed (EPERM)");
}

TEST(Errors, MissingModule) {
    EXPECT_EQ(format_error("null list", nl::FamilyMissing::for_module("mqnull", "mqnull")),
              "mqctl: null list: mqnull module not loaded (modprobe/insmod mqnull.ko)");
}

TEST(Errors, SystemErrors) {
    std::system_error e(ENOENT, std::generic_category(), "/dev/nonexistent");
    EXPECT_EQ(format_error("mpath path add", e),
              "mqctl: mpath path add: /dev/nonexistent: No such file or directory (ENOENT)");
    std::runtime_error other("something else");
    EXPECT_EQ(format_error("apply", other), "mqctl: apply: something else");
}

TEST(Devices, Numbers) {
    EXPECT_EQ(parse_devnum("259:1"), (DevNum{259, 1}));
    EXPECT_FALSE(parse_devnum("259"));
    EXPECT_FALSE(parse_devnum(":1"));
    EXPECT_FALSE(parse_devnum("259:"));
    EXPECT_FALSE(parse_devnum("a:b"));
    EXPECT_EQ(resolve_block_device("8:16"), (DevNum{8, 16}));
    EXPECT_EQ(dev_path("mqnull1c0", 0, 0), "/dev/mqnull1c0");
}

TEST(Devices, NotABlockDevice) {
    try {
        resolve_block_device("/dev/null");
        FAIL();
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code().value(), ENOTBLK);
    }
    try {
        resolve_block_device("/nonexistent/disk");
        FAIL();
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code().value(), ENOENT);
    }
}

TEST(Devices, PathReference) {
    const auto kernel = netlink_kernel(); // resolves disks; opens no socket for that
    auto byid = resolve_path_ref("3", *kernel);
    EXPECT_EQ(byid.id, 3U);
    auto bynum = resolve_path_ref("8:16", *kernel);
    EXPECT_FALSE(bynum.id);
    EXPECT_EQ(bynum.major, 8U);
    EXPECT_EQ(bynum.minor, 16U);
}

TEST(Version, ToolLine) {
    EXPECT_EQ(tool_version_line("0.2.0", "0123456789ab", false),
              "mqctl 0.2.0 (commit 0123456789ab)");
    EXPECT_EQ(tool_version_line("0.2.0", "0123456789ab", true),
              "mqctl 0.2.0 (commit 0123456789ab, dirty)");
}

TEST(Version, ModulesFromSysfs) {
    namespace fs = std::filesystem;
    const fs::path root = fs::temp_directory_path() / ("mqctl-version-" + std::to_string(getpid()));
    fs::create_directories(root / "module" / "mqnull");
    fs::create_directories(root / "module" / "mqpath");
    std::ofstream(root / "module" / "mqnull" / "version") << "0.2.0\n";
    EXPECT_EQ(module_version_line("mqnull", root), "mqnull: 0.2.0");
    EXPECT_EQ(module_version_line("mqpath", root), "mqpath: loaded, no version");
    fs::remove_all(root / "module" / "mqpath");
    EXPECT_EQ(module_version_line("mqpath", root), "mqpath: not loaded");

    std::ostringstream out;
    print_version(out, root);
    const std::string text = out.str();
    EXPECT_TRUE(text.starts_with("mqctl ")) << text;
    EXPECT_NE(text.find(")\nmqnull: 0.2.0\nmqpath: not loaded\n"), std::string::npos) << text;
    fs::remove_all(root);
}
