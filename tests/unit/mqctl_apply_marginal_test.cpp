// SPDX-License-Identifier: GPL-2.0-only
// mqctl apply: a device's marginal-path settings (marginal-count,
// marginal-window, marginal-hold), from the file to the requests that a
// fake kernel receives, and a second apply that changes nothing.
#include "apply_fake_kernel.hpp"
#include "mqctl/apply_exec.hpp"
#include "mqctl/apply_plan.hpp"
#include "mqctl/apply_spec.hpp"

#include <cerrno>
#include <gtest/gtest.h>
#include <system_error>

namespace mq::ctl::apply {
namespace {

using testing::FakeKernel;
using testing::no_disks;
using testing::spec_error;

const char* kYaml = R"(devices:
  - id: 2
    probe-interval: 1s
    marginal-count: 3
    marginal-window: 10s
    marginal-hold: 120s
)";

// Device 2 as the kernel shows it once kYaml was applied.
State applied() {
    State st;
    mqpath::DeviceInfo d;
    d.id = 2;
    d.disk_name = "mqpath2";
    d.probe_interval_ms = 1000;
    d.marginal_count = 3;
    d.marginal_window_ms = 10000;
    d.marginal_hold_ms = 120000;
    st.devices.push_back(d);
    return st;
}

TEST(ApplyMarginal, ParsedWithTheCommandLineUnits) {
    const Spec s = parse_spec(kYaml);
    ASSERT_EQ(s.devices.size(), 1U);
    const auto& d = s.devices[0].settings;
    EXPECT_EQ(d.marginal_count, 3U);
    EXPECT_EQ(d.marginal_window_ms, 10000U);
    EXPECT_EQ(d.marginal_hold_ms, 120000U);

    const Spec j = parse_spec(R"({"devices": [{"id": 2, "probe-interval": "1s",
        "marginal-count": 3, "marginal-window": "10s", "marginal-hold": "120s"}]})");
    EXPECT_EQ(j, s);

    // Not given: not compared, not sent.
    const Spec none = parse_spec(R"({"devices": [{"id": 2}]})");
    EXPECT_FALSE(none.devices[0].settings.marginal_count.has_value());
    EXPECT_FALSE(none.devices[0].settings.marginal_window_ms.has_value());
    EXPECT_FALSE(none.devices[0].settings.marginal_hold_ms.has_value());
    // 0 turns marginal paths off.
    EXPECT_EQ(parse_spec(R"({"devices": [{"id": 2, "marginal-count": 0}]})")
                  .devices[0]
                  .settings.marginal_count,
              0U);
}

TEST(ApplyMarginal, ErrorsNameTheField) {
    EXPECT_EQ(spec_error(R"({"devices": [{"id": 2, "marginal-count": 1001}]})"),
              "devices[0].marginal-count: 1001 is out of range (0..1000)");
    EXPECT_EQ(spec_error(R"({"devices": [{"id": 2, "marginal-count": "many"}]})")
                  .rfind("devices[0].marginal-count: ", 0),
              0U);
    EXPECT_EQ(spec_error(R"({"devices": [{"id": 2, "marginal-window": "1500us"}]})")
                  .rfind("devices[0].marginal-window: ", 0),
              0U);
    EXPECT_EQ(spec_error(R"({"devices": [{"id": 2, "marginal-hold": "86401s"}]})"),
              "devices[0].marginal-hold: 86401s is out of range (0..86400s)");
    EXPECT_EQ(
        spec_error(R"({"devices": [{"id": 2, "marginal-holds": "1s"}]})").rfind("devices[0]", 0),
        0U);
}

TEST(ApplyMarginal, CreateSendsThem) {
    const Plan p = make_plan(parse_spec(kYaml), State{}, {}, no_disks);
    FakeKernel k;
    const Outcome o = execute(p, State{}, k);
    ASSERT_TRUE(o.ok()) << o.error;
    EXPECT_EQ(k.calls, (std::vector<std::string>{"dev create 2"}));
    ASSERT_EQ(k.device_settings.size(), 1U);
    EXPECT_EQ(k.device_settings[0].marginal_count, 3U);
    EXPECT_EQ(k.device_settings[0].marginal_window_ms, 10000U);
    EXPECT_EQ(k.device_settings[0].marginal_hold_ms, 120000U);
}

TEST(ApplyMarginal, DriftSendsOnlyWhatDiffers) {
    State st = applied();
    st.devices[0].marginal_count = 0;
    st.devices[0].marginal_hold_ms = 60000;
    const Plan p = make_plan(parse_spec(kYaml), st, {}, no_disks);
    ASSERT_EQ(p.steps.size(), 1U);
    EXPECT_EQ(p.steps[0].what, "marginal-count 0 -> 3, marginal-hold 60s -> 120s");
    FakeKernel k;
    const Outcome o = execute(p, st, k);
    ASSERT_TRUE(o.ok()) << o.error;
    EXPECT_EQ(k.calls, (std::vector<std::string>{"dev set 2"}));
    ASSERT_EQ(k.device_settings.size(), 1U);
    mqpath::DeviceSettings want;
    want.marginal_count = 3;
    want.marginal_hold_ms = 120000;
    want.id = k.device_settings[0].id; // however the request names the device
    EXPECT_EQ(k.device_settings[0], want);
}

TEST(ApplyMarginal, SecondApplyChangesNothing) {
    const Plan p = make_plan(parse_spec(kYaml), applied(), {}, no_disks);
    EXPECT_TRUE(p.steps.empty());
    EXPECT_EQ(p.objects[0].change, Change::unchanged);
    FakeKernel k;
    EXPECT_TRUE(execute(p, applied(), k).ok());
    EXPECT_TRUE(k.calls.empty());
}

} // namespace
} // namespace mq::ctl::apply
