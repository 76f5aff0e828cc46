// SPDX-License-Identifier: GPL-2.0-only
// mqctl null VERB: the mqnull test devices.
#include "mqctl/cli.hpp"
#include "mqctl/output.hpp"
#include "mqctl/verbs/options.hpp"
#include "mqctl/verbs/show_all.hpp"
#include "mqctl/verbs/verb.hpp"

#include <memory>

namespace mq::ctl {
namespace {

constexpr Module kNull = Module::null;

void add_info(CLI::App& null, Command& cmd) {
    auto json = std::make_shared<bool>(false);
    auto* sub = null.add_subcommand("info", "show the mqnull module version and limits");
    opts::json(sub, *json);
    select(sub, cmd, "null info", kNull, [json](Kernel& k, std::ostream& out) {
        const auto info = k.null_info();
        *json ? print_json(out, to_json(info)) : print_info(out, info);
    });
}

void add_create(CLI::App& null, Command& cmd) {
    struct Args {
        mqnull::NamespaceSpec spec;
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    auto& spec = a->spec;
    auto* sub = null.add_subcommand("create", "create a namespace and its path disks");
    opts::size(sub, "--size", spec.size, limits::kNsSize, "namespace size, required")->required();
    opts::count(sub, "--paths", spec.nr_paths, limits::kNsPaths,
                "number of path disks, 1..16 (default 1)");
    sub->add_flag_callback(
        "--memory-backed", [&spec] { spec.memory_backed = true; },
        "keep written data in memory (reads return it); default: discard writes, read zeroes");
    opts::block_size(sub, "--lbs", spec.logical_bs, limits::kNsLogicalBs,
                     "logical block size, a power of two in 512..4096");
    opts::block_size(sub, "--pbs", spec.physical_bs, limits::kNsPhysicalBs,
                     "physical block size, a power of two in --lbs..65536");
    opts::count(sub, "--queues", spec.submit_queues, limits::kNsQueues,
                "submission queues per path, at most one per CPU; 0 = one per CPU");
    opts::count(sub, "--depth", spec.queue_depth, limits::kNsDepth, "tags per queue, 1..4096");
    opts::enumerated(
        sub, "--completion", spec.completion, {"none", "softirq", "timer"},
        [](const std::string& v) { return *mqnull::parse_completion(v); },
        "where IO completes: in the submitter, from a softirq, or from a timer after "
        "--completion-delay");
    opts::dur_ns(sub, "--completion-delay", spec.completion_nsec, limits::kNsCompletionNs,
                 "completion delay for --completion timer, at most 10s");
    opts::count(sub, "--poll-queues", spec.poll_queues, limits::kNsQueues,
                "polled queues per path, at most one per CPU");
    sub->add_flag_callback(
        "--shared-tags", [&spec] { spec.shared_tags = true; },
        "one tag set shared by all path disks");
    opts::id(sub, "--id", spec.id, limits::kNsId,
             "namespace id, 1..65535 (default: the module picks one)");
    sub->add_option_function<std::string>(
           "--uuid",
           [&spec](const std::string& v) {
               spec.uuid = mqnull::parse_uuid(v);
               if (!spec.uuid) {
                   throw CLI::ValidationError("--uuid", "'" + v +
                                                            "' is not a UUID "
                                                            "(8-4-4-4-12 hex digits)");
               }
           },
           "the namespace's unique id, the same on every path disk (default: random)")
        ->type_name("UUID");
    opts::json(sub, a->json);
    sub->footer("Prints the new namespace as 'null show' does.");
    select(sub, cmd, "null create", kNull, [a](Kernel& k, std::ostream& out) {
        const auto ns = k.create_namespace(a->spec);
        a->json ? print_json(out, to_json(ns)) : print_namespace(out, ns);
    });
}

void add_destroy(CLI::App& null, Command& cmd) {
    struct Args {
        std::optional<std::uint32_t> id;
        bool force = false;
    };
    auto a = std::make_shared<Args>();
    auto* sub = null.add_subcommand("destroy", "destroy a namespace and its path disks");
    opts::id(sub, "ID", a->id, limits::kNsId, "namespace id (1..65535)")->required();
    sub->add_flag("--force", a->force,
                  "fail outstanding IO and remove the disks even while they are open");
    select(sub, cmd, "null destroy", kNull,
           [a](Kernel& k, std::ostream& /*out*/) { k.destroy_namespace(*a->id, a->force); });
}

void add_list(CLI::App& null, Command& cmd) {
    auto json = std::make_shared<bool>(false);
    auto* sub = null.add_subcommand("list", "list namespaces, one line each");
    opts::json(sub, *json);
    select(sub, cmd, "null list", kNull, [json](Kernel& k, std::ostream& out) {
        const auto list = k.list_namespaces();
        *json ? print_json(out, to_json_array(list)) : print_namespace_list(out, list);
    });
}

void add_show(CLI::App& null, Command& cmd) {
    struct Args {
        std::optional<std::uint32_t> id;
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    auto* sub = null.add_subcommand("show", "show a namespace (all if no ID) with its paths");
    opts::id(sub, "ID", a->id, limits::kNsId, "namespace id (1..65535)");
    opts::json(sub, a->json);
    select(sub, cmd, "null show", kNull, [a](Kernel& k, std::ostream& out) {
        if (a->id) {
            const auto ns = k.get_namespace(*a->id);
            a->json ? print_json(out, to_json(ns)) : print_namespace(out, ns);
        } else {
            show_all(out, a->json, k.list_namespaces(), print_namespace);
        }
    });
}

void add_path_set(CLI::App& path, Command& cmd) {
    struct Args {
        std::optional<std::uint32_t> id;
        std::optional<std::uint32_t> path;
        mqnull::PathSettings settings;
    };
    auto a = std::make_shared<Args>();
    auto& ps = a->settings;
    auto* sub = path.add_subcommand("set", "change a path's state and injected faults");
    opts::id(sub, "ID", a->id, limits::kNsId, "namespace id (1..65535)")->required();
    opts::id(sub, "PATH", a->path, limits::kNsPathId, "path id (0..paths-1)")->required();
    opts::enumerated(
        sub, "--state", ps.state, {"live", "failed", "offline", "hang"},
        [](const std::string& v) { return *mqnull::parse_path_state(v); },
        "live; failed = IO errors; offline = transport errors; hang = IO held until "
        "the block layer times it out");
    opts::dur_ns(sub, "--latency", ps.latency_nsec, limits::kLatencyNs,
                 "latency added to every IO, at most 60s");
    opts::count(sub, "--error-ppm", ps.error_ppm, limits::kErrorPpm,
                "fail this many IOs per million with an IO error, 0..1M");
    opts::count(sub, "--iops-limit", ps.iops_limit, Limit{}, "IOs per second, 0 = unlimited");
    opts::size(sub, "--bps-limit", ps.bps_limit, Limit{},
               "bytes per second, 0 = unlimited; 4M = 4 MiB/s");
    opts::on_off(sub, "--write-cache", ps.write_cache,
                 "advertise a volatile write cache (flushes reach the path) or write-through");
    opts::on_off(sub, "--fua", ps.fua, "advertise FUA writes");
    opts::on_off(sub, "--discard", ps.discard,
                 "advertise discard; off: the disk takes no discards");
    select(
        sub, cmd, "null path set", kNull,
        [a](Kernel& k, std::ostream& /*out*/) {
            auto s = a->settings;
            s.id = *a->path;
            k.set_null_path(*a->id, s);
        },
        [a] {
            if (a->settings.empty()) {
                throw UsageError("nothing to change: give at least one of --state, --latency, "
                                 "--error-ppm, --iops-limit, --bps-limit, --write-cache, --fua, "
                                 "--discard",
                                 "mqctl null path set", false, 2);
            }
        });
}

void add_stats(CLI::App& null, Command& cmd) {
    struct Args {
        std::optional<std::uint32_t> id;
        std::optional<std::uint32_t> path;
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    auto* sub = null.add_subcommand("stats", "per-path IO counters");
    opts::id(sub, "ID", a->id, limits::kNsId, "namespace id (all if absent)");
    opts::id(sub, "PATH", a->path, limits::kNsPathId, "path id (all if absent)");
    opts::json(sub, a->json);
    select(
        sub, cmd, "null stats", kNull,
        [a](Kernel& k, std::ostream& out) {
            if (a->id) {
                const auto st = k.namespace_stats(*a->id, a->path);
                a->json ? print_json(out, to_json(st)) : print_stats(out, {st});
            } else {
                const auto all = k.all_namespace_stats();
                a->json ? print_json(out, to_json_array(all)) : print_stats(out, all);
            }
        },
        [a] {
            if (a->path && !a->id) {
                throw UsageError("PATH needs ID", "mqctl null stats", false, 2);
            }
        });
}

// The same as 'mqctl monitor null'.
void add_events(CLI::App& null, Command& cmd) {
    auto m = std::make_shared<MonitorOptions>();
    m->command = "null events";
    m->watch_null = true;
    auto* sub = null.add_subcommand("events", "print mqnull events until interrupted "
                                              "(same as 'mqctl monitor null')");
    opts::json(sub, m->json);
    select(sub, cmd, m->command, [m](Kernel& k, std::ostream& out) { k.monitor(*m, out); });
}

} // namespace

void add_null_verbs(CLI::App& root, Command& cmd) {
    auto* null = root.add_subcommand(
        "null", "mqnull test devices: a namespace seen through several path disks");
    null->require_subcommand(1);
    for (auto* add : {add_info, add_create, add_destroy, add_list, add_show}) {
        add(*null, cmd);
    }
    auto* path = null->add_subcommand("path", "path disks of a namespace");
    path->require_subcommand(1);
    add_path_set(*path, cmd);
    add_stats(*null, cmd);
    add_events(*null, cmd);
}

} // namespace mq::ctl
