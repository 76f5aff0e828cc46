// mqctl argument parsing: argv -> Invocation, with units and ids converted,
// usage errors reported with the subcommand, and every option documented.
#include "common/units.hpp"
#include "mqctl/cli.hpp"

#include <CLI/CLI.hpp>
#include <gtest/gtest.h>

using namespace mq;
using namespace mq::ctl;

namespace {

Invocation parse(std::initializer_list<std::string> args) {
    return parse_args(args);
}

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
    auto inv = parse({"null",
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
    EXPECT_EQ(inv.action, Action::null_create);
    EXPECT_EQ(inv.command, "null create");
    EXPECT_TRUE(inv.json);
    const auto& s = inv.ns_spec;
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
    auto inv = parse({"null", "create", "--size", "64M"});
    mqnull::NamespaceSpec want;
    want.size = 64ULL << 20;
    EXPECT_EQ(inv.ns_spec, want);
    EXPECT_FALSE(inv.json);
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
    auto d = parse({"null", "destroy", "3", "--force"});
    EXPECT_EQ(d.action, Action::null_destroy);
    EXPECT_EQ(d.ns_id, 3U);
    EXPECT_TRUE(d.force);
    EXPECT_EQ(usage_error({"null", "destroy"}).command(), "mqctl null destroy");

    auto s = parse({"null", "show", "2", "--json"});
    EXPECT_EQ(s.action, Action::null_show);
    EXPECT_EQ(s.ns_id, 2U);
    EXPECT_FALSE(parse({"null", "show"}).ns_id);

    EXPECT_EQ(parse({"null", "list"}).action, Action::null_list);
    EXPECT_EQ(parse({"null", "info", "--json"}).action, Action::null_info);

    auto st = parse({"null", "stats", "1", "0", "--json"});
    EXPECT_EQ(st.action, Action::null_stats);
    EXPECT_EQ(st.ns_id, 1U);
    EXPECT_EQ(st.ns_path, 0U);
    EXPECT_FALSE(parse({"null", "stats"}).ns_id);
}

TEST(CliNull, PathSet) {
    auto inv = parse({"null", "path", "set", "1", "0", "--state", "hang", "--latency", "1ms",
                      "--error-ppm", "250", "--iops-limit", "5000", "--bps-limit", "10M"});
    EXPECT_EQ(inv.action, Action::null_path_set);
    EXPECT_EQ(inv.command, "null path set");
    EXPECT_EQ(inv.ns_id, 1U);
    const auto& p = inv.path_settings;
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
    auto inv = parse({"mpath",
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
    EXPECT_EQ(inv.action, Action::mpath_create);
    const auto& s = inv.dev_settings;
    EXPECT_EQ(s.id, 4U);
    EXPECT_EQ(s.size, 1ULL << 30);
    EXPECT_EQ(s.logical_bs, 4096U);
    EXPECT_EQ(s.selector, mqpath::Selector::qd);
    EXPECT_EQ(s.failback, mqpath::Failback::manual);
    EXPECT_EQ(s.queue_if_no_path, true);
    EXPECT_EQ(s.no_path_timeout_ms, 5000U);
    EXPECT_EQ(s.probe_interval_ms, 500U);
    EXPECT_EQ(s.freeze_warn_ms, 0U);

    auto set = parse({"mpath", "set", "/dev/mqpath1", "--queue-if-no-path", "off"});
    EXPECT_EQ(set.action, Action::mpath_set);
    EXPECT_EQ(set.dev_id, 1U);
    EXPECT_EQ(set.dev_settings.queue_if_no_path, false);

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
        parse({"mpath", "path", "add", "mqpath0", "/dev/mqnull1c0", "--priority", "5", "--json"});
    EXPECT_EQ(add.action, Action::mpath_path_add);
    EXPECT_EQ(add.command, "mpath path add");
    EXPECT_EQ(add.dev_id, 0U);
    EXPECT_EQ(add.path_arg, "/dev/mqnull1c0");
    EXPECT_EQ(add.priority, 5U);
    EXPECT_TRUE(add.json);

    EXPECT_EQ(parse({"mpath", "path", "remove", "0", "1"}).action, Action::mpath_path_remove);
    EXPECT_EQ(parse({"mpath", "path", "fail", "0", "259:1"}).path_arg, "259:1");
    EXPECT_EQ(parse({"mpath", "path", "reinstate", "0", "1"}).command, "mpath path reinstate");
    auto set = parse({"mpath", "path", "set", "0", "mqnull1c1", "--priority", "7"});
    EXPECT_EQ(set.action, Action::mpath_path_set);
    EXPECT_EQ(set.priority, 7U);
    EXPECT_EQ(usage_error({"mpath", "path", "set", "0", "1"}).command(), "mqctl mpath path set");
    EXPECT_EQ(usage_error({"mpath", "path", "add", "0"}).exit_code(), 2);
}

TEST(CliMpath, OtherVerbs) {
    EXPECT_EQ(parse({"mpath", "failback", "2"}).action, Action::mpath_failback);
    EXPECT_EQ(parse({"mpath", "list", "--json"}).action, Action::mpath_list);
    EXPECT_FALSE(parse({"mpath", "show"}).dev_id);
    EXPECT_EQ(parse({"mpath", "show", "mqpath5"}).dev_id, 5U);
    EXPECT_EQ(parse({"mpath", "stats", "1"}).dev_id, 1U);
    EXPECT_EQ(parse({"mpath", "info"}).action, Action::mpath_info);
}

TEST(CliMonitor, Modules) {
    auto all = parse({"monitor"});
    EXPECT_EQ(all.action, Action::monitor);
    EXPECT_TRUE(all.watch_null && all.watch_mpath && all.watch_loaded);

    auto one =
        parse({"monitor", "mpath", "--json", "--count", "3", "--timeout", "2s", "--timestamp"});
    EXPECT_FALSE(one.watch_null);
    EXPECT_TRUE(one.watch_mpath);
    EXPECT_FALSE(one.watch_loaded);
    EXPECT_TRUE(one.json);
    EXPECT_TRUE(one.timestamps);
    EXPECT_EQ(one.count, 3U);
    EXPECT_EQ(one.timeout_ns, 2000000000U);

    auto ev = parse({"null", "events", "--json"});
    EXPECT_EQ(ev.action, Action::monitor);
    EXPECT_EQ(ev.command, "null events");
    EXPECT_TRUE(ev.watch_null);
    EXPECT_FALSE(ev.watch_mpath);
    EXPECT_EQ(parse({"mpath", "events"}).command, "mpath events");

    EXPECT_EQ(usage_error({"monitor", "disk"}).exit_code(), 2);
}

TEST(CliApply, FileAndDryRun) {
    auto inv = parse({"apply", "setup.json", "--dry-run"});
    EXPECT_EQ(inv.action, Action::apply);
    EXPECT_EQ(inv.file, "setup.json");
    EXPECT_TRUE(inv.dry_run);
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
    Invocation inv;
    auto app = make_app(inv);
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
