// SPDX-License-Identifier: GPL-2.0-only
// mqctl apply: the set-up file's checks, the plan against a fake current
// state, the run's bookkeeping with a failing fake kernel, and the report.
#include "apply_fake_kernel.hpp"
#include "mqctl/apply_exec.hpp"
#include "mqctl/apply_plan.hpp"
#include "mqctl/apply_report.hpp"
#include "mqctl/apply_spec.hpp"
#include "netlink/error.hpp"

#include <cerrno>
#include <gtest/gtest.h>
#include <sstream>
#include <system_error>

namespace mq::ctl::apply {
namespace {

using testing::FakeKernel;
using testing::no_disks;
using testing::spec_error;

const char* kTwoPath = R"({
  "namespaces": [
    {"id": 1, "name": "a", "size": "64M", "paths": 2, "memory-backed": true,
     "faults": [{"path": 1, "state": "failed", "latency": "1ms"}]}
  ],
  "devices": [
    {"id": 0, "selector": "qd", "queue-if-no-path": "on", "no-path-timeout": "5s",
     "paths": [{"namespace": "a", "path": 0, "priority": 1},
               {"namespace": 1, "path": 1}]}
  ]
})";

TEST(ApplySpec, ParsesEveryField) {
    const Spec s = parse_spec(kTwoPath);
    ASSERT_EQ(s.namespaces.size(), 1U);
    const auto& ns = s.namespaces[0];
    EXPECT_EQ(ns.name, "a");
    EXPECT_EQ(ns.create.id, 1U);
    EXPECT_EQ(ns.create.size, 64ULL << 20);
    EXPECT_EQ(ns.create.nr_paths, 2U);
    EXPECT_EQ(ns.create.memory_backed, true);
    EXPECT_FALSE(ns.create.logical_bs.has_value()); // not given: not compared
    ASSERT_EQ(ns.faults.size(), 2U);
    EXPECT_EQ(ns.faults[0].state, mqnull::PathState::live);
    EXPECT_EQ(ns.faults[0].latency_nsec, 0U);
    EXPECT_EQ(ns.faults[1].state, mqnull::PathState::failed);
    EXPECT_EQ(ns.faults[1].latency_nsec, 1000000U);
    EXPECT_EQ(ns.faults[1].error_ppm, 0U);

    ASSERT_EQ(s.devices.size(), 1U);
    const auto& d = s.devices[0];
    EXPECT_EQ(d.settings.id, 0U);
    EXPECT_EQ(d.settings.selector, mqpath::Selector::qd);
    EXPECT_EQ(d.settings.queue_if_no_path, true);
    EXPECT_EQ(d.settings.no_path_timeout_ms, 5000U);
    EXPECT_FALSE(d.settings.failback.has_value());
    ASSERT_EQ(d.paths.size(), 2U);
    EXPECT_EQ(d.paths[0].ns_id, 1U);
    EXPECT_EQ(d.paths[0].ns_path, 0U);
    EXPECT_EQ(d.paths[0].priority, 1U);
    EXPECT_EQ(d.paths[1].ns_id, 1U); // by id
    EXPECT_EQ(d.paths[1].ns_path, 1U);
    EXPECT_EQ(d.paths[1].priority, 0U);
    EXPECT_EQ(d.paths[1].field, "devices[0].paths[1]");
}

TEST(ApplySpec, YamlAndJsonGiveTheSameSpec) {
    const char* yaml = R"(# comment
namespaces:
  - id: 1
    name: a
    size: 64M
    paths: 2
    memory-backed: true
    faults:
      - {path: 1, state: failed, latency: 1ms}
devices:
  - id: 0
    selector: qd
    queue-if-no-path: on
    no-path-timeout: 5s
    paths:
      - {namespace: a, path: 0, priority: 1}
      - {namespace: 1, path: 1}
)";
    EXPECT_EQ(parse_spec(yaml), parse_spec(kTwoPath));
}

TEST(ApplySpec, YamlQuotedNumberIsAString) {
    // A quoted "1" is a name, not the id 1.
    EXPECT_EQ(spec_error("namespaces: [{id: 1, size: 1M, paths: 1}]\n"
                         "devices: [{id: 0, paths: [{namespace: \"1\", path: 0}]}]\n"),
              "devices[0].paths[0].namespace: unknown namespace \"1\"");
}

TEST(ApplySpec, ErrorsNameTheField) {
    const std::string ns = R"({"id": 1, "name": "b", "size": "1M", "paths": 2})";
    auto with_dev = [&](const std::string& dev) {
        return R"({"namespaces": [)" + ns + R"(], "devices": [)" + dev + "]}";
    };
    EXPECT_EQ(spec_error(with_dev(R"({"id": 0, "paths": [{"namespace": "b", "path": 0},
                                    {"namespace": "a", "path": 0}]})")),
              "devices[0].paths[1].namespace: unknown namespace \"a\"");
    EXPECT_EQ(spec_error(with_dev(R"({"id": 0, "paths": [{"namespace": 7, "path": 0}]})")),
              "devices[0].paths[0].namespace: unknown namespace 7");
    EXPECT_EQ(spec_error(with_dev(R"({"id": 0, "paths": [{"namespace": "b", "path": 2}]})")),
              "devices[0].paths[0].path: namespace 1 has 2 paths (0..1)");
    EXPECT_EQ(spec_error(with_dev(R"({"id": 0, "paths": [{"namespace": "b"}]})")),
              "devices[0].paths[0]: missing field \"path\"");
    EXPECT_EQ(spec_error(with_dev(R"({"id": 0, "paths": [{"priority": 1}]})")),
              "devices[0].paths[0]: give either \"namespace\" and \"path\" (a path disk of a "
              "namespace of the file) or \"disk\"");
    EXPECT_EQ(spec_error(with_dev(R"({"id": 0, "paths": [{"disk": "/dev/sda", "path": 0}]})")),
              "devices[0].paths[0]: give either \"namespace\" and \"path\" (a path disk of a "
              "namespace of the file) or \"disk\"");
    EXPECT_EQ(spec_error(with_dev(R"({"id": 0, "paths": [{"namespace": "b", "path": 0},
                                    {"namespace": "b", "path": 0}]})")),
              "devices[0].paths[1]: namespace 1 path 0 is also devices[0].paths[0]");
    EXPECT_EQ(spec_error(with_dev(R"({"id": 0, "paths": [{"namespace": "b", "path": 0}]},
                                    {"id": 1, "paths": [{"namespace": "b", "path": 0}]})")),
              "devices[1].paths[0]: namespace 1 path 0 is also devices[0].paths[0]");
    EXPECT_EQ(spec_error(with_dev(R"({"id": 3}, {"id": 3})")),
              "devices[1].id: device 3 is also devices[0]");
    EXPECT_EQ(spec_error(with_dev(R"({"id": 256})")),
              "devices[0].id: 256 is out of range (0..255)");
    EXPECT_EQ(spec_error(with_dev(R"({"paths": []})")), "devices[0]: missing field \"id\"");
    EXPECT_EQ(spec_error(with_dev(R"({"id": 0, "selector": "fastest"})")),
              "devices[0].selector: expected one of \"rr\", \"qd\", \"numa\", got \"fastest\"");
    EXPECT_EQ(spec_error(with_dev(R"({"id": 0, "queue-if-no-path": "yes"})")),
              "devices[0].queue-if-no-path: expected true or false (or \"on\", \"off\"), got "
              "\"yes\"");
    EXPECT_EQ(spec_error(with_dev(R"({"id": 0, "probe-interval": "1500us"})")),
              "devices[0].probe-interval: duration '1500us' is not a whole number of "
              "milliseconds");
    EXPECT_EQ(spec_error(with_dev(R"({"id": 0, "paths": {}})")),
              "devices[0].paths: expected a list, got {}");

    EXPECT_EQ(spec_error(R"({"namespaces": [{"id": 0, "size": "1M", "paths": 1}]})"),
              "namespaces[0].id: 0 is out of range (1..65535)");
    EXPECT_EQ(spec_error(R"({"namespaces": [{"id": 1, "paths": 1}]})"),
              "namespaces[0]: missing field \"size\"");
    EXPECT_EQ(spec_error(R"({"namespaces": [{"id": 1, "size": "1M", "paths": 17}]})"),
              "namespaces[0].paths: 17 is out of range (1..16)");
    EXPECT_EQ(spec_error(R"({"namespaces": [{"id": 1, "size": -1, "paths": 1}]})"),
              "namespaces[0].size: expected a size (bytes or K/M/G/T), got -1");
    EXPECT_EQ(spec_error(R"({"namespaces": [{"id": 1, "size": "1M", "paths": true}]})"),
              "namespaces[0].paths: expected a whole number >= 0 or \"10k\" (k/M/G, 1000-based), "
              "got true");
    EXPECT_EQ(spec_error(R"({"namespaces": [{"id": 1, "size": "1M", "paths": "2x"}]})"),
              "namespaces[0].paths: invalid number '2x' (unknown suffix; use k, M, G or T, "
              "1000-based)");
    EXPECT_EQ(spec_error(R"({"namespaces": [{"id": 1, "size": "1M", "paths": 1,
                                             "memory-backed": "yes"}]})"),
              "namespaces[0].memory-backed: expected true or false, got \"yes\"");
    EXPECT_EQ(spec_error(R"({"namespaces": [{"id": 1, "size": "1M", "paths": 1,
                                             "faults": [{"path": 1, "state": "failed"}]}]})"),
              "namespaces[0].faults[0].path: namespace 1 has 1 paths (0..0)");
    EXPECT_EQ(spec_error(R"({"namespaces": [{"id": 1, "size": "1M", "paths": 2,
                                             "faults": [{"path": 1}, {"path": 1}]}]})"),
              "namespaces[0].faults[1].path: path 1 is given twice");
    EXPECT_EQ(spec_error(R"({"namespaces": [{"id": 1, "size": "1M", "paths": 1,
                                             "faults": [{"path": 0, "error-ppm": 1000001}]}]})"),
              "namespaces[0].faults[0].error-ppm: 1000001 is out of range (0..1000000)");
    EXPECT_EQ(spec_error(R"({"namespaces": [{"id": 1, "size": "1M", "paths": 1,
                                             "faults": [{"path": 0, "latency": 5}]}]})"),
              "namespaces[0].faults[0].latency: invalid duration '5' (missing unit; use ns, us, ms "
              "or s)");
    EXPECT_EQ(spec_error(R"({"namespaces": [{"id": 1, "size": "1M", "paths": 1},
                                            {"id": 1, "size": "1M", "paths": 1}]})"),
              "namespaces[1].id: namespace 1 is also namespaces[0]");
    EXPECT_EQ(spec_error(R"({"namespaces": [{"id": 1, "name": "x", "size": "1M", "paths": 1},
                                            {"id": 2, "name": "x", "size": "1M", "paths": 1}]})"),
              "namespaces[1].name: \"x\" is also the name of namespaces[0]");
    EXPECT_EQ(spec_error(R"({"namespace": []})"),
              "namespace: unknown field (known: namespaces, devices)");
    EXPECT_EQ(spec_error("[]"),
              "the file must hold an object with \"namespaces\" and/or \"devices\"");
    EXPECT_EQ(spec_error("  \n"), "the file is empty");
    EXPECT_EQ(spec_error("{\"namespaces\": [}"),
              "not valid JSON: parse error at line 1, column 17: syntax error while parsing "
              "value - unexpected '}'; expected '[', '{', or a literal");
    EXPECT_EQ(spec_error("namespaces:\n  - id: 1\n    id: 2\n"),
              "not valid YAML: line 3, column 5: duplicate key \"id\"");
}

// ---------------------------------------------------------------- plan

// The current state after applying kTwoPath: namespace 1 with disks 250:0
// and 250:1, device 0 with both as paths.
State applied_state() {
    State st;
    mqnull::NamespaceInfo ns;
    ns.id = 1;
    ns.size = 64ULL << 20;
    ns.logical_bs = 512;
    ns.physical_bs = 512;
    ns.memory_backed = true;
    ns.nr_paths = 2;
    ns.queue_depth = 64;
    for (std::uint32_t i = 0; i < 2; ++i) {
        mqnull::PathInfo p;
        p.id = i;
        p.disk_name = "mqnull1c" + std::to_string(i);
        p.major = 250;
        p.minor = i;
        ns.paths.push_back(p);
    }
    ns.paths[1].state = mqnull::PathState::failed;
    ns.paths[1].latency_nsec = 1000000;
    st.namespaces.push_back(ns);

    mqpath::DeviceInfo d;
    d.id = 0;
    d.disk_name = "mqpath0";
    d.size = ns.size;
    d.logical_bs = 512;
    d.selector = mqpath::Selector::qd;
    d.queue_if_no_path = true;
    d.no_path_timeout_ms = 5000;
    d.probe_interval_ms = 1000;
    for (std::uint32_t i = 0; i < 2; ++i) {
        mqpath::PathInfo p;
        p.id = i + 3; // ids need not follow the file's order
        p.major = 250;
        p.minor = i;
        p.disk_name = "mqnull1c" + std::to_string(i);
        p.priority = i == 0 ? 1 : 0;
        d.paths.push_back(p);
    }
    st.devices.push_back(d);
    return st;
}

std::vector<std::string> step_texts(const Plan& p) {
    std::vector<std::string> out;
    for (const auto& s : p.steps) {
        out.push_back(label(p.objects[s.object]) + ": " + s.what);
    }
    return out;
}

TEST(ApplyPlan, EverythingNewIsCreatedInOrder) {
    const Plan p = make_plan(parse_spec(kTwoPath), State{}, {}, no_disks);
    ASSERT_EQ(p.objects.size(), 2U);
    EXPECT_EQ(p.objects[0].change, Change::create);
    EXPECT_EQ(p.objects[1].change, Change::create);
    EXPECT_FALSE(p.blocked());
    EXPECT_EQ(step_texts(p),
              (std::vector<std::string>{
                  "namespace 1 (a): create: size=64M paths=2 memory-backed=true",
                  "namespace 1 (a): path 1: state live -> failed, latency 0 -> 1ms",
                  "device 0: create: selector=qd queue-if-no-path=on no-path-timeout=5s",
                  "device 0: add namespace a path 0 (priority 1)",
                  "device 0: add namespace a path 1 (priority 0)",
              }));
    // The new namespace's disks are found when it exists.
    const auto& add = std::get<PathAdd>(p.steps[3].action);
    EXPECT_EQ(add.target.ns_id, 1U);
    EXPECT_EQ(add.target.ns_path, 0U);
    EXPECT_EQ(add.priority, 1U);
    const auto& set = std::get<NsPathSet>(p.steps[1].action);
    EXPECT_EQ(set.settings.id, 1U);
    EXPECT_EQ(set.settings.state, mqnull::PathState::failed);
    EXPECT_EQ(set.settings.latency_nsec, 1000000U);
    EXPECT_FALSE(set.settings.error_ppm.has_value()); // unchanged fields are not sent
}

TEST(ApplyPlan, SameStateChangesNothing) {
    const Plan p = make_plan(parse_spec(kTwoPath), applied_state(), {}, no_disks);
    EXPECT_TRUE(p.steps.empty());
    EXPECT_EQ(p.objects[0].change, Change::unchanged);
    EXPECT_EQ(p.objects[1].change, Change::unchanged);
}

TEST(ApplyPlan, DriftIsUpdatedInPlace) {
    State st = applied_state();
    st.namespaces[0].paths[1].state = mqnull::PathState::live; // a test left it so
    st.namespaces[0].paths[0].error_ppm = 10;
    st.devices[0].selector = mqpath::Selector::rr;
    st.devices[0].paths[0].priority = 0;
    mqpath::PathInfo extra;
    extra.id = 9;
    extra.major = 8;
    extra.minor = 16;
    extra.disk_name = "sdb";
    st.devices[0].paths.push_back(extra);
    st.devices[0].paths.erase(st.devices[0].paths.begin() + 1); // 250:1 went away

    const Plan p = make_plan(parse_spec(kTwoPath), st, {}, no_disks);
    EXPECT_EQ(p.objects[0].change, Change::update);
    EXPECT_EQ(p.objects[1].change, Change::update);
    EXPECT_EQ(step_texts(p), (std::vector<std::string>{
                                 "device 0: remove /dev/sdb (its path 9)",
                                 "namespace 1 (a): path 0: error-ppm 10 -> 0",
                                 "namespace 1 (a): path 1: state live -> failed",
                                 "device 0: selector rr -> qd",
                                 "device 0: namespace a path 0: priority 0 -> 1",
                                 "device 0: add namespace a path 1 (priority 0)",
                             }));
    const auto& add = std::get<PathAdd>(p.steps[5].action);
    EXPECT_FALSE(add.target.ns_id.has_value()); // the namespace exists: its disk is known
    EXPECT_EQ(add.target.devnum, (DevNum{250, 1}));
    EXPECT_EQ(std::get<PathRemove>(p.steps[0].action), (PathRemove{0, 9}));
    EXPECT_EQ(std::get<PathPriority>(p.steps[4].action), (PathPriority{0, 3, 1}));
}

TEST(ApplyPlan, WhatCannotChangeInPlaceIsBlocked) {
    State st = applied_state();
    st.namespaces[0].size = 32ULL << 20;
    st.namespaces[0].memory_backed = false;
    const Plan p = make_plan(parse_spec(kTwoPath), st, {}, no_disks);
    EXPECT_TRUE(p.blocked());
    EXPECT_EQ(p.objects[0].change, Change::blocked);
    EXPECT_EQ(p.objects[0].blockers,
              (std::vector<std::string>{"size 32M -> 64M", "memory-backed false -> true"}));
    EXPECT_EQ(p.objects[1].change, Change::unchanged);
}

TEST(ApplyPlan, RecreateDetachesTheOldDisksFirst) {
    State st = applied_state();
    st.namespaces[0].size = 32ULL << 20;
    const Plan p = make_plan(parse_spec(kTwoPath), st, PlanOptions{.recreate = true}, no_disks);
    EXPECT_FALSE(p.blocked());
    EXPECT_EQ(p.objects[0].change, Change::recreate);
    EXPECT_EQ(p.objects[1].change, Change::update);
    EXPECT_EQ(step_texts(p),
              (std::vector<std::string>{
                  "namespace 1 (a): detach /dev/mqnull1c0 from device 0 (its path 3)",
                  "namespace 1 (a): detach /dev/mqnull1c1 from device 0 (its path 4)",
                  "namespace 1 (a): destroy",
                  "namespace 1 (a): create: size=64M paths=2 memory-backed=true",
                  "namespace 1 (a): path 1: state live -> failed, latency 0 -> 1ms",
                  "device 0: add namespace a path 0 (priority 1)",
                  "device 0: add namespace a path 1 (priority 0)",
              }));
}

TEST(ApplyPlan, DeviceSizeChangeRecreatesTheDevice) {
    State st = applied_state();
    st.devices[0].logical_bs = 4096;
    const Spec spec = parse_spec(
        R"({"devices": [{"id": 0, "logical-bs": 512, "paths": [{"disk": "/dev/sdb"}]}]})");
    const auto sdb = [](const std::string& d) {
        EXPECT_EQ(d, "/dev/sdb");
        return DevNum{8, 16};
    };
    EXPECT_EQ(make_plan(spec, st, {}, sdb).objects[0].blockers,
              (std::vector<std::string>{"logical-bs 4096 -> 512"}));
    const Plan p = make_plan(spec, st, PlanOptions{.recreate = true}, sdb);
    EXPECT_EQ(step_texts(p), (std::vector<std::string>{
                                 "device 0: destroy",
                                 "device 0: create: logical-bs=512",
                                 "device 0: add /dev/sdb (priority 0)",
                             }));
    EXPECT_EQ(std::get<PathAdd>(p.steps[2].action).target.devnum, (DevNum{8, 16}));
}

TEST(ApplyPlan, UnknownDiskNamesTheField) {
    const Spec spec = parse_spec(R"({"devices": [{"id": 2, "paths": [{"disk": "/dev/nope"}]}]})");
    try {
        make_plan(spec, State{}, {}, no_disks);
        FAIL() << "no error";
    } catch (const SpecError& e) {
        EXPECT_STREQ(e.what(), "devices[0].paths[0].disk: /dev/nope: No such file or directory");
    }
}

// ---------------------------------------------------------------- run

// Records the requests; the one numbered fail_at throws EBUSY.

TEST(ApplyExec, NewNamespaceDisksReachTheDevice) {
    const Plan p = make_plan(parse_spec(kTwoPath), State{}, {}, no_disks);
    FakeKernel k;
    const Outcome o = execute(p, State{}, k);
    EXPECT_TRUE(o.ok());
    EXPECT_EQ(k.calls, (std::vector<std::string>{
                           "ns create 1",
                           "ns 1 path set 1",
                           "dev create 0",
                           "dev 0 add 251:10 prio 1",
                           "dev 0 add 251:11 prio 0",
                       }));
    std::ostringstream out;
    print_report(out, p, &o);
    EXPECT_EQ(out.str(), "namespace 1 (a): created\n"
                         "  create: size=64M paths=2 memory-backed=true\n"
                         "  path 1: state live -> failed, latency 0 -> 1ms\n"
                         "device 0: created\n"
                         "  create: selector=qd queue-if-no-path=on no-path-timeout=5s\n"
                         "  add namespace a path 0 (priority 1)\n"
                         "  add namespace a path 1 (priority 0)\n"
                         "apply: 2 created\n");
}

TEST(ApplyExec, AFailureSaysWhatWasDoneAndWhatWasNot) {
    const Spec spec = parse_spec(R"({
      "namespaces": [{"id": 1, "size": "1M", "paths": 1},
                     {"id": 2, "size": "1M", "paths": 1},
                     {"id": 3, "size": "1M", "paths": 1}],
      "devices": [{"id": 0, "paths": [{"namespace": 1, "path": 0}]}]})");
    State st;
    st.namespaces.push_back({});
    st.namespaces[0].id = 3;
    st.namespaces[0].size = 1ULL << 20;
    st.namespaces[0].nr_paths = 1;
    st.namespaces[0].paths.resize(1);
    const Plan p = make_plan(spec, st, {}, no_disks);
    FakeKernel k;
    k.fail_at = 1; // namespace 2
    const Outcome o = execute(p, st, k);
    ASSERT_FALSE(o.ok());
    EXPECT_EQ(o.failed, 1U);
    EXPECT_EQ(k.calls, (std::vector<std::string>{"ns create 1", "ns create 2 (failed)"}));
    EXPECT_EQ(status(p, 0, &o), "created");
    EXPECT_EQ(status(p, 1, &o), "failed");
    EXPECT_EQ(status(p, 2, &o), "unchanged");
    EXPECT_EQ(status(p, 3, &o), "not done");
    EXPECT_EQ(failure_message(p, o),
              "namespace 2: create: size=1M paths=1: busy: Device or resource busy (EBUSY)");

    std::ostringstream out;
    print_report(out, p, &o);
    EXPECT_EQ(out.str(), "namespace 1: created\n"
                         "  done: create: size=1M paths=1\n"
                         "namespace 2: failed\n"
                         "  FAILED: create: size=1M paths=1\n"
                         "namespace 3: unchanged\n"
                         "device 0: not done\n"
                         "  not done: create\n"
                         "  not done: add namespace 1 path 0 (priority 0)\n"
                         "apply: 1 created, 1 unchanged, 1 failed, 1 not done\n");

    const auto j = report_json(p, &o);
    EXPECT_EQ(j["applied"], true);
    EXPECT_EQ(j["error"],
              "namespace 2: create: size=1M paths=1: busy: Device or resource busy (EBUSY)");
    EXPECT_EQ(j["objects"][1]["status"], "failed");
    EXPECT_EQ(j["objects"][1]["changes"][0]["result"], "failed");
    EXPECT_EQ(j["objects"][3]["changes"][1]["result"], "not done");
    EXPECT_EQ(j["objects"][2]["changes"].size(), 0U);
}

// A kernel refusal names the file's key, not the attribute.
TEST(ApplyExec, RefusalNamesTheFileKey) {
    class Refusing : public FakeKernel {
      public:
        mqnull::NamespaceInfo create_namespace(const mqnull::NamespaceSpec& /*spec*/) override {
            nl::Extack ext;
            ext.message = "MQNULL_ATTR_LOGICAL_BS must be a power of two";
            ext.attr_path = {MQNULL_ATTR_LOGICAL_BS};
            throw nl::NetlinkError(EINVAL, ext);
        }
    };
    const Plan p = make_plan(
        parse_spec(R"({"namespaces": [{"id": 2, "size": "16M", "paths": 1, "lbs": 1000}]})"),
        State{}, {}, no_disks);
    Refusing k;
    const Outcome o = execute(p, State{}, k);
    ASSERT_FALSE(o.ok());
    EXPECT_EQ(failure_message(p, o),
              "namespace 2: create: size=16M paths=1 lbs=1000: lbs: must be a power of two "
              "(EINVAL)");
}

TEST(ApplySpec, RangesAndUnitsAsOnTheCommandLine) {
    const auto spec = parse_spec(R"({"namespaces": [{"id": 1, "size": "1M", "paths": 1,
        "depth": "1k", "faults": [{"path": 0, "iops-limit": "10k", "error-ppm": "1.5k"}]}],
        "devices": [{"id": 0, "probe-interval": 0}]})");
    EXPECT_EQ(spec.namespaces[0].create.queue_depth, 1000U);
    EXPECT_EQ(spec.namespaces[0].faults[0].iops_limit, 10000U);
    EXPECT_EQ(spec.namespaces[0].faults[0].error_ppm, 1500U);
    EXPECT_EQ(spec.devices[0].settings.probe_interval_ms, 0U);

    const std::string ns = R"({"namespaces": [{"id": 1, "size": "1M", "paths": 1, )";
    EXPECT_EQ(spec_error(ns + R"("depth": 5000}]})"),
              "namespaces[0].depth: 5000 is out of range (1..4096)");
    EXPECT_EQ(spec_error(ns + R"("queues": 1025}]})"),
              "namespaces[0].queues: 1025 is out of range (0..1024)");
    EXPECT_EQ(spec_error(ns + R"("lbs": "8K"}]})"),
              "namespaces[0].lbs: 8K is out of range (512..4K)");
    EXPECT_EQ(spec_error(ns + R"("completion-delay": "11s"}]})"),
              "namespaces[0].completion-delay: 11s is out of range (0..10s)");
    EXPECT_EQ(spec_error(ns + R"("faults": [{"path": 0, "latency": "61s"}]}]})"),
              "namespaces[0].faults[0].latency: 61s is out of range (0..60s)");
    EXPECT_EQ(spec_error(ns + R"("faults": [{"path": 4294967296}]}]})"),
              "namespaces[0].faults[0].path: 4294967296 is out of range (0..15)");
    EXPECT_EQ(spec_error(R"({"namespaces": [{"id": 1, "size": 100, "paths": 1}]})"),
              "namespaces[0].size: 100 is out of range (512..1024T)");
    EXPECT_EQ(spec_error(R"({"devices": [{"id": 0, "probe-interval": "10ms"}]})"),
              "devices[0].probe-interval: 10ms is out of range (0, or 100ms..86400s)");
    EXPECT_EQ(spec_error(R"({"devices": [{"id": 0, "logical-bs": 256}]})"),
              "devices[0].logical-bs: 256 is out of range (0, or 512..4K)");
    EXPECT_EQ(spec_error(R"({"devices": [{"id": 0, "paths": [{"disk": "sdb",
                                                               "priority": 4294967296}]}]})"),
              "devices[0].paths[0].priority: 4294967296 is out of range (0..4294967295)");
}

TEST(ApplyExec, PartlyDoneWhenAnEarlyPhaseRan) {
    // The device's stale path goes in the first phase, its new setting in
    // the last; the namespace in between fails.
    State st = applied_state();
    st.devices[0].selector = mqpath::Selector::rr;
    mqpath::PathInfo extra;
    extra.id = 9;
    extra.major = 8;
    extra.minor = 16;
    st.devices[0].paths.push_back(extra);
    st.namespaces[0].paths[1].state = mqnull::PathState::live;
    const Plan p = make_plan(parse_spec(kTwoPath), st, {}, no_disks);
    FakeKernel k;
    k.fail_at = 1;
    const Outcome o = execute(p, st, k);
    EXPECT_EQ(status(p, 0, &o), "failed");
    EXPECT_EQ(status(p, 1, &o), "partly done");
}

TEST(ApplyReport, DryRunAndBlockedPlans) {
    State st = applied_state();
    st.devices[0].probe_interval_ms = 2000;
    const Spec spec = parse_spec(R"({
      "namespaces": [{"id": 1, "size": "128M", "paths": 2}],
      "devices": [{"id": 0, "probe-interval": "1s", "paths": [{"namespace": 1, "path": 0}]}]})");
    const Plan p = make_plan(spec, st, {}, no_disks);
    std::ostringstream out;
    print_report(out, p, nullptr);
    EXPECT_EQ(out.str(), "namespace 1: needs recreate\n"
                         "  size 64M -> 128M (cannot change in place)\n"
                         "device 0: to update\n"
                         "  remove /dev/mqnull1c1 (its path 4)\n"
                         "  probe-interval 2s -> 1s\n"
                         "  namespace 1 path 0: priority 1 -> 0\n"
                         "plan: 1 to update, 1 needs recreate\n");
    const auto j = report_json(p, nullptr);
    EXPECT_EQ(j["applied"], false);
    EXPECT_EQ(j["error"], nullptr);
    EXPECT_EQ(j["objects"][0]["cannot_change"].dump(), R"(["size 64M -> 128M"])");
    EXPECT_EQ(j["objects"][1]["changes"][0]["result"], "planned");
}

} // namespace
} // namespace mq::ctl::apply
