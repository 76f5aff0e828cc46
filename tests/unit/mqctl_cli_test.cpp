// SPDX-License-Identifier: GPL-2.0-only
// mqctl argument parsing: argv -> the requests the verb makes of the
// kernel (run against a fake), with units and ids converted and
// range-checked, usage errors reported with the subcommand (typos with the
// closest name), and every option documented.
#include "apply_fake_kernel.hpp"
#include "mqctl/cli.hpp"
#include "mqctl/commands.hpp"
#include "mqctl/suggest.hpp"
#include "mqctl/units.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <memory>
#include <sstream>
#include <unistd.h>

using namespace mq;
using namespace mq::ctl;

namespace {

using apply::testing::FakeKernel;

// A command line, parsed and run against a fake kernel that knows three
// disks: what it asked for (k->calls and the settings), what it printed.
struct Ran {
    explicit Ran(Command parsed) : cmd(std::move(parsed)) {}
    Command cmd;
    std::unique_ptr<FakeKernel> k = std::make_unique<FakeKernel>();
    std::string out;
};

Ran run(std::initializer_list<std::string> args) {
    Ran r(parse_args(args));
    r.k->disks = {{"/dev/mqnull1c0", {251, 10}}, {"mqnull1c1", {251, 11}}, {"259:1", {259, 1}}};
    std::ostringstream out;
    r.cmd.run(*r.k, out);
    r.out = out.str();
    return r;
}

// The requests, one string each.
std::vector<std::string> calls(std::initializer_list<std::string> args) {
    return run(args).k->calls;
}

using Calls = std::vector<std::string>;

// The UsageError a command line raises (fails the test if it parses).
UsageError usage_error(std::initializer_list<std::string> args) {
    try {
        parse_args(args);
    } catch (const UsageError& e) {
        return e;
    }
    ADD_FAILURE() << "parsed without error";
    return {"", "", false, 0};
}

} // namespace

TEST(CliNull, CreateWithEveryOption) {
    auto r = run({"null",
                  "create",
                  "--size",
                  "1G",
                  "--paths",
                  "2",
                  "--memory-backed",
                  "--lbs",
                  "4096",
                  "--pbs",
                  "4K",
                  "--queues",
                  "3",
                  "--depth",
                  "128",
                  "--completion",
                  "timer",
                  "--completion-delay",
                  "10us",
                  "--poll-queues",
                  "1",
                  "--shared-tags",
                  "--id",
                  "7",
                  "--json"});
    EXPECT_EQ(r.cmd.name, "null create");
    EXPECT_EQ(r.k->calls, Calls{"ns create 7"});
    EXPECT_EQ(r.out.substr(0, 1), "{"); // --json
    ASSERT_EQ(r.k->namespace_specs.size(), 1U);
    const auto& s = r.k->namespace_specs[0];
    EXPECT_EQ(s.size, 1ULL << 30);
    EXPECT_EQ(s.nr_paths, 2U);
    EXPECT_EQ(s.memory_backed, true);
    EXPECT_EQ(s.logical_bs, 4096U);
    EXPECT_EQ(s.physical_bs, 4096U);
    EXPECT_EQ(s.submit_queues, 3U);
    EXPECT_EQ(s.queue_depth, 128U);
    EXPECT_EQ(s.completion, mqnull::Completion::timer);
    EXPECT_EQ(s.completion_nsec, 10000U);
    EXPECT_EQ(s.poll_queues, 1U);
    EXPECT_EQ(s.shared_tags, true);
    EXPECT_EQ(s.id, 7U);
}

TEST(CliNull, CreateLeavesUnsetFieldsEmpty) {
    auto r = run({"null", "create", "--size", "64M"});
    mqnull::NamespaceSpec want;
    want.size = 64ULL << 20;
    EXPECT_EQ(r.k->namespace_specs, std::vector{want});
    EXPECT_NE(r.out.substr(0, 1), "{"); // the table, not JSON
}

TEST(CliNull, BadValuesAreUsageErrors) {
    auto e = usage_error({"null", "create", "--size", "1X"});
    EXPECT_STREQ(e.what(), "--size: invalid size '1X' (unknown suffix; use K, M, G or T)");
    EXPECT_EQ(e.command(), "mqctl null create");
    EXPECT_EQ(e.exit_code(), 2);
    EXPECT_FALSE(e.help());

    EXPECT_EQ(usage_error({"null", "create", "--completion", "never"}).command(),
              "mqctl null create");
    EXPECT_EQ(usage_error({"null", "create", "--completion-delay", "10"}).exit_code(), 2);
    EXPECT_EQ(usage_error({"null", "create", "--lbs", "8G"}).exit_code(), 2);
    EXPECT_EQ(usage_error({"null", "create", "--paths", "two"}).exit_code(), 2);
    EXPECT_EQ(usage_error({"null", "create", "--bogus"}).exit_code(), 2);
}

TEST(CliNull, DestroyShowListStats) {
    auto d = run({"null", "destroy", "3", "--force"});
    EXPECT_EQ(d.cmd.name, "null destroy");
    EXPECT_EQ(d.k->calls, Calls{"ns destroy 3 force"});
    EXPECT_EQ(calls({"null", "destroy", "3"}), Calls{"ns destroy 3"});
    EXPECT_EQ(usage_error({"null", "destroy"}).command(), "mqctl null destroy");

    EXPECT_EQ(calls({"null", "show", "2", "--json"}), Calls{"ns get 2"});
    EXPECT_EQ(calls({"null", "show"}), Calls{"ns list"});
    EXPECT_EQ(calls({"null", "list"}), Calls{"ns list"});
    EXPECT_EQ(calls({"null", "info", "--json"}), Calls{"null info"});

    EXPECT_EQ(calls({"null", "stats", "1", "0", "--json"}), Calls{"ns 1 stats path 0"});
    EXPECT_EQ(calls({"null", "stats", "1"}), Calls{"ns 1 stats"});
    EXPECT_EQ(calls({"null", "stats"}), Calls{"ns stats"});
}

TEST(CliNull, PathSet) {
    auto r = run({"null", "path", "set", "1", "0", "--state", "hang", "--latency", "1ms",
                  "--error-ppm", "250", "--iops-limit", "5000", "--bps-limit", "10M"});
    EXPECT_EQ(r.cmd.name, "null path set");
    EXPECT_EQ(r.k->calls, Calls{"ns 1 path set 0"});
    ASSERT_EQ(r.k->null_path_settings.size(), 1U);
    const auto& p = r.k->null_path_settings[0];
    EXPECT_EQ(p.id, 0U);
    EXPECT_EQ(p.state, mqnull::PathState::hang);
    EXPECT_EQ(p.latency_nsec, 1000000U);
    EXPECT_EQ(p.error_ppm, 250U);
    EXPECT_EQ(p.iops_limit, 5000U);
    EXPECT_EQ(p.bps_limit, 10U << 20);

    EXPECT_EQ(usage_error({"null", "path", "set", "1", "0"}).exit_code(), 2);
    EXPECT_EQ(usage_error({"null", "path", "set", "1", "0", "--error-ppm", "1000001"}).exit_code(),
              2);
    EXPECT_EQ(usage_error({"null", "path", "set", "1", "0", "--state", "dead"}).exit_code(), 2);
    EXPECT_EQ(usage_error({"null", "path"}).command(), "mqctl null path");
}

TEST(CliMpath, DeviceArgument) {
    EXPECT_EQ(parse_mpath_dev("3"), 3U);
    EXPECT_EQ(parse_mpath_dev("mqpath3"), 3U);
    EXPECT_EQ(parse_mpath_dev("/dev/mqpath12"), 12U);
    EXPECT_FALSE(parse_mpath_dev("/dev/sda"));
    EXPECT_FALSE(parse_mpath_dev("/dev/3"));
    EXPECT_FALSE(parse_mpath_dev("mqpath"));
    EXPECT_FALSE(parse_mpath_dev("mqpath1x"));
    EXPECT_FALSE(parse_mpath_dev(""));
    auto e = usage_error({"mpath", "destroy", "/dev/sda"});
    EXPECT_EQ(e.command(), "mqctl mpath destroy");
    EXPECT_NE(std::string(e.what()).find("is not a device"), std::string::npos);
}

TEST(CliMpath, CreateAndSetSettings) {
    auto r = run({"mpath",
                  "create",
                  "--id",
                  "4",
                  "--size",
                  "1G",
                  "--logical-bs",
                  "4096",
                  "--selector",
                  "qd",
                  "--failback",
                  "manual",
                  "--queue-if-no-path",
                  "on",
                  "--no-path-timeout",
                  "5s",
                  "--probe-interval",
                  "500ms",
                  "--freeze-warn",
                  "0",
                  "--json"});
    EXPECT_EQ(r.cmd.name, "mpath create");
    EXPECT_EQ(r.k->calls, Calls{"dev create 4"});
    ASSERT_EQ(r.k->device_settings.size(), 1U);
    const auto& s = r.k->device_settings[0];
    EXPECT_EQ(s.id, 4U);
    EXPECT_EQ(s.size, 1ULL << 30);
    EXPECT_EQ(s.logical_bs, 4096U);
    EXPECT_EQ(s.selector, mqpath::Selector::qd);
    EXPECT_EQ(s.failback, mqpath::Failback::manual);
    EXPECT_EQ(s.queue_if_no_path, true);
    EXPECT_EQ(s.no_path_timeout_ms, 5000U);
    EXPECT_EQ(s.probe_interval_ms, 500U);
    EXPECT_EQ(s.freeze_warn_ms, 0U);

    EXPECT_EQ(run({"mpath", "create"}).out, "/dev/mqpath0\n");

    auto set = run({"mpath", "set", "/dev/mqpath1", "--queue-if-no-path", "off"});
    EXPECT_EQ(set.k->calls, Calls{"dev set 1"});
    mqpath::DeviceSettings want;
    want.queue_if_no_path = false;
    EXPECT_EQ(set.k->device_settings, std::vector{want});

    EXPECT_EQ(usage_error({"mpath", "set", "1"}).command(), "mqctl mpath set");
    EXPECT_EQ(usage_error({"mpath", "create", "--probe-interval", "1500us"}).exit_code(), 2);
    EXPECT_EQ(usage_error({"mpath", "create", "--selector", "random"}).exit_code(), 2);
    EXPECT_EQ(usage_error({"mpath", "set", "1", "--id", "3"}).exit_code(), 2); // create only
}

TEST(CliMpath, DurationsInMilliseconds) {
    EXPECT_EQ(parse_duration_ms("0"), 0U);
    EXPECT_EQ(parse_duration_ms("1ms"), 1U);
    EXPECT_EQ(parse_duration_ms("2.5s"), 2500U);
    EXPECT_EQ(parse_duration_ms("3000us"), 3U);
    EXPECT_THROW(parse_duration_ms("1500us"), UnitError);
    EXPECT_THROW(parse_duration_ms("5000000s"), UnitError);
}

TEST(CliMpath, PathCommands) {
    auto add =
        run({"mpath", "path", "add", "mqpath0", "/dev/mqnull1c0", "--priority", "5", "--json"});
    EXPECT_EQ(add.cmd.name, "mpath path add");
    EXPECT_EQ(add.k->calls, Calls{"dev 0 add 251:10 prio 5"});
    EXPECT_FALSE(add.k->last_allow_unidentified);
    EXPECT_EQ(add.out.substr(0, 1), "{"); // --json
    auto plain = run({"mpath", "path", "add", "1", "259:1", "--allow-unidentified"});
    EXPECT_EQ(plain.k->calls, Calls{"dev 1 add 259:1"}); // the module's default priority
    EXPECT_TRUE(plain.k->last_allow_unidentified);
    EXPECT_EQ(plain.out, "0\n");
    EXPECT_THROW(run({"mpath", "path", "add", "1", "sdz"}), std::system_error);

    EXPECT_EQ(calls({"mpath", "path", "remove", "0", "1"}), Calls{"dev 0 remove 1"});
    EXPECT_EQ(calls({"mpath", "path", "remove", "0", "1", "--force"}),
              Calls{"dev 0 remove 1 force"});
    EXPECT_EQ(calls({"mpath", "path", "fail", "0", "259:1"}), Calls{"dev 0 fail 259:1"});
    EXPECT_EQ(calls({"mpath", "path", "fail", "2", "mqnull1c1", "--force"}),
              Calls{"dev 2 fail 251:11 force"});
    EXPECT_EQ(calls({"mpath", "path", "reinstate", "0", "1"}), Calls{"dev 0 reinstate 1"});
    EXPECT_EQ(run({"mpath", "path", "reinstate", "0", "1"}).cmd.name, "mpath path reinstate");
    EXPECT_EQ(usage_error({"mpath", "path", "reinstate", "0", "1", "--force"}).exit_code(), 2);
    auto set = run({"mpath", "path", "set", "0", "mqnull1c1", "--priority", "7"});
    EXPECT_EQ(set.cmd.name, "mpath path set");
    EXPECT_EQ(set.k->calls, Calls{"dev 0 path 251:11 prio 7"});
    EXPECT_EQ(calls({"mpath", "path", "set", "3", "31", "--priority", "0"}),
              Calls{"dev 3 path 31 prio 0"});
    EXPECT_EQ(usage_error({"mpath", "path", "set", "0", "1"}).command(), "mqctl mpath path set");
    EXPECT_EQ(usage_error({"mpath", "path", "add", "0"}).exit_code(), 2);
}

TEST(CliMpath, OtherVerbs) {
    EXPECT_EQ(calls({"mpath", "failback", "2"}), Calls{"dev failback 2"});
    EXPECT_EQ(calls({"mpath", "destroy", "/dev/mqpath4"}), Calls{"dev destroy 4"});
    EXPECT_EQ(calls({"mpath", "list", "--json"}), Calls{"dev list"});
    EXPECT_EQ(calls({"mpath", "show"}), Calls{"dev list"});
    EXPECT_EQ(calls({"mpath", "show", "mqpath5"}), Calls{"dev get 5"});
    EXPECT_EQ(calls({"mpath", "stats", "1"}), Calls{"dev stats 1"});
    EXPECT_EQ(calls({"mpath", "stats"}), Calls{"dev stats"});
    EXPECT_EQ(calls({"mpath", "info"}), Calls{"mpath info"});
}

TEST(CliMonitor, Modules) {
    const auto watched = [](std::initializer_list<std::string> args) {
        auto r = run(args);
        EXPECT_EQ(r.k->calls, Calls{"monitor"});
        return r.k->monitors.at(0);
    };
    auto all = watched({"monitor"});
    EXPECT_EQ(all.command, "monitor");
    EXPECT_TRUE(all.watch_null && all.watch_mpath && all.watch_loaded);

    auto one =
        watched({"monitor", "mpath", "--json", "--count", "3", "--timeout", "2s", "--timestamp"});
    EXPECT_FALSE(one.watch_null);
    EXPECT_TRUE(one.watch_mpath);
    EXPECT_FALSE(one.watch_loaded);
    EXPECT_TRUE(one.json);
    EXPECT_TRUE(one.timestamps);
    EXPECT_EQ(one.count, 3U);
    EXPECT_EQ(one.timeout_ns, 2000000000U);

    auto ev = watched({"null", "events", "--json"});
    EXPECT_EQ(ev.command, "null events");
    EXPECT_TRUE(ev.watch_null);
    EXPECT_FALSE(ev.watch_mpath);
    EXPECT_TRUE(ev.json);
    EXPECT_EQ(watched({"mpath", "events"}).command, "mpath events");

    EXPECT_EQ(usage_error({"monitor", "disk"}).exit_code(), 2);
}

TEST(CliApply, FileAndDryRun) {
    const auto file = std::filesystem::temp_directory_path() /
                      ("mqctl-cli-apply-" + std::to_string(::getpid()) + ".json");
    std::ofstream(file) << R"({"namespaces": [{"id": 1, "size": "64M", "paths": 1}]})";
    auto r = run({"apply", file.string(), "--dry-run"});
    std::filesystem::remove(file);
    EXPECT_EQ(r.cmd.name, "apply");
    // the state is read; the dry run creates nothing
    EXPECT_EQ(r.k->calls, (Calls{"ns list", "dev list"}));
    EXPECT_NE(r.out.find("create"), std::string::npos) << r.out;
    EXPECT_EQ(usage_error({"apply"}).exit_code(), 2);
}

TEST(CliHelp, HelpIsNotAnError) {
    auto top = usage_error({"--help"});
    EXPECT_TRUE(top.help());
    EXPECT_EQ(top.exit_code(), 0);
    EXPECT_NE(std::string(top.what()).find("Usage: mqctl [OPTIONS] SUBCOMMAND"), std::string::npos);

    auto sub = usage_error({"null", "path", "set", "--help"});
    EXPECT_TRUE(sub.help());
    const std::string text = sub.what();
    EXPECT_NE(text.find("Usage: mqctl null path set [OPTIONS] ID PATH"), std::string::npos);
    EXPECT_NE(text.find("--error-ppm"), std::string::npos);
}

TEST(CliHelp, MissingSubcommand) {
    auto e = usage_error({});
    EXPECT_EQ(e.command(), "mqctl");
    EXPECT_EQ(e.exit_code(), 2);
    EXPECT_EQ(usage_error({"mpath"}).command(), "mqctl mpath");
    EXPECT_EQ(usage_error({"disk", "list"}).exit_code(), 2);
}

// Every subcommand and every option has a description, so --help explains
// each of them.
TEST(CliHelp, EveryOptionIsDocumented) {
    Command cmd;
    auto app = make_app(cmd);
    int checked = 0;
    std::function<void(CLI::App*, const std::string&)> walk = [&](CLI::App* a,
                                                                  const std::string& path) {
        for (CLI::App* sub : a->get_subcommands({})) {
            const std::string name = path + " " + sub->get_name();
            EXPECT_FALSE(sub->get_description().empty()) << name;
            for (const CLI::Option* o : sub->get_options({})) {
                EXPECT_FALSE(o->get_description().empty()) << name << " " << o->get_name();
                ++checked;
            }
            walk(sub, name);
        }
    };
    walk(app.get(), "mqctl");
    EXPECT_GT(checked, 60);
}

// Typos are named, with the closest command or option when one is close.
TEST(CliTypos, UnknownCommandSuggestsTheClosest) {
    auto top = usage_error({"nul", "list"});
    EXPECT_STREQ(top.what(), "unknown command 'nul' (did you mean 'null'?)");
    EXPECT_EQ(top.command(), "mqctl");
    EXPECT_EQ(top.exit_code(), 2);

    auto mid = usage_error({"mpath", "pth", "add", "0", "x"});
    EXPECT_STREQ(mid.what(), "unknown command 'pth' (did you mean 'path'?)");
    EXPECT_EQ(mid.command(), "mqctl mpath");

    auto deep = usage_error({"mpath", "path", "remvoe", "0", "1"});
    EXPECT_STREQ(deep.what(), "unknown command 'remvoe' (did you mean 'remove'?)");
    EXPECT_EQ(deep.command(), "mqctl mpath path");

    EXPECT_STREQ(usage_error({"null", "destory", "1"}).what(),
                 "unknown command 'destory' (did you mean 'destroy'?)");
    EXPECT_STREQ(usage_error({"disk", "list"}).what(),
                 "unknown command 'disk' (commands: null, mpath, monitor, apply)");
}

TEST(CliTypos, UnknownOptionSuggestsTheClosest) {
    auto e = usage_error({"null", "create", "--sise", "1G"});
    EXPECT_STREQ(e.what(), "unknown option '--sise' (did you mean '--size'?)");
    EXPECT_EQ(e.command(), "mqctl null create");
    EXPECT_EQ(e.exit_code(), 2);
    EXPECT_STREQ(usage_error({"mpath", "create", "--selecter=qd"}).what(),
                 "unknown option '--selecter' (did you mean '--selector'?)");
    EXPECT_STREQ(usage_error({"--jsn", "null", "list"}).what(),
                 "unknown option '--jsn' (options: --help, -h, --version, -V, --batch)");
}

TEST(CliTypos, MissingCommandListsThem) {
    auto e = usage_error({"mpath", "path"});
    EXPECT_STREQ(e.what(), "a command is required: add, remove, fail, reinstate, set");
    EXPECT_EQ(e.command(), "mqctl mpath path");
    EXPECT_EQ(e.exit_code(), 2);
}

TEST(CliTypos, Suggestions) {
    EXPECT_EQ(edit_distance("nul", "null"), 1U);
    EXPECT_EQ(edit_distance("destory", "destroy"), 1U); // a swap is one edit
    EXPECT_EQ(edit_distance("", "abc"), 3U);
    EXPECT_EQ(edit_distance("kitten", "sitting"), 3U);
    const std::vector<std::string> verbs{"info", "create", "destroy", "list", "show"};
    EXPECT_EQ(closest("lsit", verbs), "list");
    EXPECT_EQ(closest("creat", verbs), "create");
    EXPECT_EQ(closest("sh", verbs), "show"); // the only one it starts
    EXPECT_FALSE(closest("zap", verbs));
    EXPECT_FALSE(closest("x", verbs));
    EXPECT_FALSE(closest("--dbs", {"--lbs", "--pbs"})); // as close to both
}

// A required option is a usage error naming it, before any request.
TEST(CliRequired, MissingOptionIsNamed) {
    auto e = usage_error({"null", "create", "--paths", "2"});
    EXPECT_STREQ(e.what(), "--size is required");
    EXPECT_EQ(e.command(), "mqctl null create");
    EXPECT_EQ(e.exit_code(), 2);
    EXPECT_STREQ(usage_error({"mpath", "path", "set", "0", "1"}).what(), "--priority is required");
}

// Every id and number is checked against what the modules accept.
TEST(CliRanges, IdsAndNumbers) {
    auto path = usage_error({"mpath", "path", "remove", "0", "4294967296"});
    EXPECT_STREQ(path.what(), "PATH: 4294967296 is out of range (0..31)");
    EXPECT_EQ(path.command(), "mqctl mpath path remove");
    EXPECT_EQ(path.exit_code(), 2);
    EXPECT_STREQ(usage_error({"mpath", "path", "fail", "0", "99999999999999999999999"}).what(),
                 "PATH: 99999999999999999999999 is out of range (0..31)");
    EXPECT_EQ(calls({"mpath", "path", "fail", "0", "31"}), Calls{"dev 0 fail 31"});
    EXPECT_EQ(calls({"mpath", "path", "fail", "0", "259:1"}), Calls{"dev 0 fail 259:1"});

    auto id = usage_error({"null", "create", "--size", "1G", "--id", "0"});
    EXPECT_STREQ(id.what(), "--id: 0 is out of range (1..65535)");
    EXPECT_EQ(id.exit_code(), 2);
    EXPECT_STREQ(usage_error({"null", "create", "--size", "1G", "--paths", "17"}).what(),
                 "--paths: 17 is out of range (1..16)");
    EXPECT_STREQ(usage_error({"null", "create", "--size", "1G", "--depth", "5k"}).what(),
                 "--depth: 5000 is out of range (1..4096)");
    EXPECT_STREQ(usage_error({"null", "create", "--size", "100"}).what(),
                 "--size: 100 is out of range (512..1024T)");
    EXPECT_STREQ(usage_error({"null", "create", "--size", "1G", "--lbs", "8K"}).what(),
                 "--lbs: 8K is out of range (512..4K)");
    EXPECT_STREQ(
        usage_error({"null", "create", "--size", "1G", "--completion-delay", "11s"}).what(),
        "--completion-delay: 11s is out of range (0..10s)");
    EXPECT_STREQ(usage_error({"null", "destroy", "65536"}).what(),
                 "ID: 65536 is out of range (1..65535)");
    EXPECT_STREQ(usage_error({"null", "show", "x"}).what(), "ID: 'x' is not a number");
    EXPECT_STREQ(usage_error({"null", "path", "set", "1", "16", "--state", "live"}).what(),
                 "PATH: 16 is out of range (0..15)");
    EXPECT_STREQ(usage_error({"null", "path", "set", "1", "0", "--error-ppm", "1000001"}).what(),
                 "--error-ppm: 1000001 is out of range (0..1000000)");
    EXPECT_STREQ(usage_error({"null", "path", "set", "1", "0", "--latency", "61s"}).what(),
                 "--latency: 61s is out of range (0..60s)");

    EXPECT_STREQ(usage_error({"mpath", "create", "--id", "256"}).what(),
                 "--id: 256 is out of range (0..255)");
    EXPECT_STREQ(usage_error({"mpath", "show", "mqpath4294967296"}).what(),
                 "DEV: 4294967296 is out of range (0..255)");
    EXPECT_STREQ(usage_error({"mpath", "create", "--probe-interval", "10ms"}).what(),
                 "--probe-interval: 10ms is out of range (0, or 100ms..86400s)");
    EXPECT_EQ(run({"mpath", "create", "--probe-interval", "0"})
                  .k->device_settings.at(0)
                  .probe_interval_ms,
              0U);
    EXPECT_STREQ(usage_error({"mpath", "create", "--logical-bs", "256"}).what(),
                 "--logical-bs: 256 is out of range (0, or 512..4K)");
    EXPECT_STREQ(usage_error({"mpath", "set", "0", "--no-path-timeout", "86401s"}).what(),
                 "--no-path-timeout: 86401s is out of range (0..86400s)");
    EXPECT_STREQ(usage_error({"mpath", "path", "set", "0", "1", "--priority", "5G"}).what(),
                 "--priority: 5000000000 is out of range (0..4294967295)");
}

// resolve_path_ref refuses what the command line would (ids do not wrap).
TEST(CliRanges, PathRefDoesNotWrap) {
    FakeKernel k;
    EXPECT_EQ(resolve_path_ref("31", k).id, 31U);
    EXPECT_THROW(resolve_path_ref("4294967296", k), UsageError);
    EXPECT_THROW(resolve_path_ref("32", k), UsageError);
}

// Counts and rates take 1000-based k/M/G; sizes stay 1024-based.
TEST(CliUnits, CountsTakeDecimalSuffixes) {
    auto pr = run({"null", "path", "set", "1", "0", "--iops-limit", "10k", "--error-ppm", "1.5k",
                   "--bps-limit", "4M"});
    const auto& p = pr.k->null_path_settings.at(0);
    EXPECT_EQ(p.iops_limit, 10000U);
    EXPECT_EQ(p.error_ppm, 1500U);
    EXPECT_EQ(p.bps_limit, 4U << 20);

    auto cr = run({"null", "create", "--size", "1G", "--depth", "1k", "--queues", "1k",
                   "--poll-queues", "2", "--paths", "16"});
    const auto& c = cr.k->namespace_specs.at(0);
    EXPECT_EQ(c.queue_depth, 1000U);
    EXPECT_EQ(c.submit_queues, 1000U);
    EXPECT_EQ(c.nr_paths, 16U);
    EXPECT_EQ(c.size, 1ULL << 30);

    EXPECT_EQ(run({"monitor", "--count", "2M"}).k->monitors.at(0).count, 2000000U);
    EXPECT_EQ(calls({"mpath", "path", "add", "0", "259:1", "--priority", "1k"}),
              Calls{"dev 0 add 259:1 prio 1000"});
    EXPECT_STREQ(usage_error({"null", "path", "set", "1", "0", "--iops-limit", "10Q"}).what(),
                 "--iops-limit: invalid number '10Q' (unknown suffix; use k, M, G or T, "
                 "1000-based)");
}

TEST(CliVersion, VersionFlag) {
    EXPECT_EQ(parse_args({"--version"}).name, "version");
    EXPECT_EQ(parse_args({"-V"}).name, "version");
}

// Which suffixes mean what is said where they are taken.
TEST(CliHelp, UnitsAreExplicit) {
    const std::string pset = usage_error({"null", "path", "set", "--help"}).what();
    auto line_of = [&](const std::string& opt) {
        const auto at = pset.find(opt);
        return at == std::string::npos ? "" : pset.substr(at, pset.find('\n', at) - at);
    };
    EXPECT_NE(line_of("--iops-limit").find("1000-based"), std::string::npos) << pset;
    EXPECT_NE(line_of("--error-ppm").find("1000-based"), std::string::npos) << pset;
    EXPECT_NE(line_of("--bps-limit").find("1024-based"), std::string::npos) << pset;
    const std::string top = usage_error({"--help"}).what();
    EXPECT_NE(top.find("1000-based"), std::string::npos);
    EXPECT_NE(top.find("1024-based"), std::string::npos);
}
