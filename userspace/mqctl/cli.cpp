// SPDX-License-Identifier: GPL-2.0-only
#include "mqctl/cli.hpp"

#include "common/units.hpp"
#include "mqctl/cli_diagnose.hpp"
#include "mqctl/limits.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <charconv>

namespace mq::ctl {
namespace {

constexpr const char* kSizeHelp = "bytes or K/M/G/T, 1024-based: 4096, 64M, 1G";
constexpr const char* kDurHelp = "ns, us, ms or s: 10us, 1ms";
constexpr const char* kCountHelp = "k/M/G allowed, 1000-based: 10k = 10000";

// Converts a units.hpp error into a CLI11 one that names the option.
template <typename F> auto with_name(const std::string& name, F&& f) {
    try {
        return f();
    } catch (const UnitError& e) {
        throw CLI::ValidationError(name, e.what());
    }
}

// v, unless it is outside what the module accepts.
std::uint64_t checked(const std::string& name, std::uint64_t v, const Limit& limit, Unit unit) {
    if (!limit.contains(v)) {
        throw CLI::ValidationError(name, out_of_range(v, limit, unit));
    }
    return v;
}

// An id or index argument: plain digits, within limit.
std::uint32_t parse_id(const std::string& name, const std::string& text, const Limit& limit) {
    std::uint64_t v = 0;
    const char* end = text.data() + text.size();
    const auto [p, ec] = std::from_chars(text.data(), end, v);
    if (text.empty() || p != end || (ec != std::errc{} && ec != std::errc::result_out_of_range)) {
        throw CLI::ValidationError(name, "'" + text + "' is not a number");
    }
    if (ec == std::errc::result_out_of_range || !limit.contains(v)) {
        throw CLI::ValidationError(name, out_of_range(text, limit, Unit::count));
    }
    return static_cast<std::uint32_t>(v);
}

// A count or rate (k/M/G are 1000-based), within limit.
template <typename T>
CLI::Option* opt_count(CLI::App* app, const std::string& name, std::optional<T>& dest,
                       const Limit& limit, const std::string& desc) {
    return app
        ->add_option_function<std::string>(
            name,
            [&dest, name, limit](const std::string& s) {
                const std::uint64_t v = with_name(name, [&] { return parse_count(s); });
                dest = static_cast<T>(checked(name, v, limit, Unit::count));
            },
            desc + " (" + kCountHelp + ")")
        ->type_name("N");
}

// An id argument or option (plain digits), within limit.
CLI::Option* opt_id(CLI::App* app, const std::string& name, std::optional<std::uint32_t>& dest,
                    const Limit& limit, const std::string& desc) {
    return app
        ->add_option_function<std::string>(
            name, [&dest, name, limit](const std::string& s) { dest = parse_id(name, s, limit); },
            desc)
        ->type_name("N");
}

CLI::Option* opt_size(CLI::App* app, const std::string& name, std::optional<std::uint64_t>& dest,
                      const Limit& limit, const std::string& desc) {
    return app
        ->add_option_function<std::string>(
            name,
            [&dest, name, limit](const std::string& s) {
                const std::uint64_t v = with_name(name, [&] { return parse_size(s); });
                dest = checked(name, v, limit, Unit::size);
            },
            desc + " (" + kSizeHelp + ")")
        ->type_name("SIZE");
}

// A block size: SIZE syntax, within limit.
CLI::Option* opt_bs(CLI::App* app, const std::string& name, std::optional<std::uint32_t>& dest,
                    const Limit& limit, const std::string& desc) {
    return app
        ->add_option_function<std::string>(
            name,
            [&dest, name, limit](const std::string& s) {
                const std::uint64_t v = with_name(name, [&] { return parse_size(s); });
                dest = static_cast<std::uint32_t>(checked(name, v, limit, Unit::size));
            },
            desc)
        ->type_name("BYTES");
}

CLI::Option* opt_dur_ns(CLI::App* app, const std::string& name, std::optional<std::uint64_t>& dest,
                        const Limit& limit, const std::string& desc) {
    return app
        ->add_option_function<std::string>(
            name,
            [&dest, name, limit](const std::string& s) {
                const std::uint64_t v = with_name(name, [&] { return parse_duration_ns(s); });
                dest = checked(name, v, limit, Unit::ns);
            },
            desc + " (" + kDurHelp + ")")
        ->type_name("DUR");
}

CLI::Option* opt_dur_ms(CLI::App* app, const std::string& name, std::optional<std::uint32_t>& dest,
                        const Limit& limit, const std::string& desc) {
    return app
        ->add_option_function<std::string>(
            name,
            [&dest, name, limit](const std::string& s) {
                const std::uint32_t v = with_name(name, [&] { return parse_duration_ms(s); });
                dest = static_cast<std::uint32_t>(checked(name, v, limit, Unit::ms));
            },
            desc + " (ms or s: 500ms, 5s; 0 = off)")
        ->type_name("DUR");
}

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const auto& s : v) {
        out += (out.empty() ? "" : sep) + s;
    }
    return out;
}

template <typename E, typename ParseFn>
CLI::Option* opt_enum(CLI::App* app, const std::string& name, std::optional<E>& dest,
                      const std::vector<std::string>& names, ParseFn parse,
                      const std::string& desc) {
    return app
        ->add_option_function<std::string>(
            name, [&dest, parse](const std::string& s) { dest = parse(s); }, desc)
        ->check(CLI::IsMember(names).description(""))
        ->type_name(join(names, "|"));
}

void add_json(CLI::App* app, Invocation& inv) {
    app->add_flag("--json", inv.json, "print JSON (one document) instead of a table");
}

// Sets the action when the subcommand is selected.
void on(CLI::App* app, Invocation& inv, Action a, std::string command) {
    app->parse_complete_callback([&inv, a, command = std::move(command)] {
        inv.action = a;
        inv.command = command;
    });
}

void add_dev_arg(CLI::App* app, Invocation& inv, bool required) {
    auto* o = app->add_option_function<std::string>(
        "DEV",
        [&inv](const std::string& s) {
            const auto number = mpath_dev_number(s);
            if (!number) {
                throw CLI::ValidationError("DEV", "'" + s +
                                                      "' is not a device: use its id, "
                                                      "mqpathN or /dev/mqpathN");
            }
            inv.dev_id = parse_id("DEV", *number, limits::kDevId);
        },
        "the multipath device: its id (0..255), mqpathN or /dev/mqpathN");
    if (required) {
        o->required();
    }
}

// PATH of the mpath path commands: a path id (in range) or a disk.
void add_mpath_path_arg(CLI::App* app, Invocation& inv) {
    app->add_option_function<std::string>(
           "PATH",
           [&inv](const std::string& s) {
               if (!s.empty() && std::isdigit(static_cast<unsigned char>(s[0])) != 0 &&
                   s.find(':') == std::string::npos) {
                   parse_id("PATH", s, limits::kMpathPathId);
               }
               inv.path_arg = s;
           },
           "the path: its id (0..31), or its disk (/dev/mqnull1c0, mqnull1c0 or MAJ:MIN)")
        ->required();
}

void add_settings(CLI::App* app, mqpath::DeviceSettings& s) {
    opt_enum(
        app, "--selector", s.selector, {"rr", "qd", "numa"},
        [](const std::string& v) { return *mqpath::parse_selector(v); },
        "path selector inside the active group: round-robin, queue-depth or NUMA-local");
    opt_enum(
        app, "--failback", s.failback, {"auto", "manual"},
        [](const std::string& v) { return *mqpath::parse_failback(v); },
        "return to a better group as soon as it is live (auto), or only on "
        "'mpath failback' (manual)");
    opt_enum(
        app, "--queue-if-no-path", s.queue_if_no_path, {"on", "off"},
        [](const std::string& v) { return v == "on"; },
        "hold IO while no path is live (on) or fail it (off)");
    opt_dur_ms(app, "--no-path-timeout", s.no_path_timeout_ms, limits::kDevMs,
               "how long IO is held without a live path before it fails, at most 24 hours");
    opt_dur_ms(app, "--probe-interval", s.probe_interval_ms, limits::kProbeMs,
               "how often failed paths are probed for reinstatement, 100ms..24 hours");
    opt_dur_ms(app, "--freeze-warn", s.freeze_warn_ms, limits::kDevMs,
               "report a frozen_too_long event when a freeze lasts longer, at most 24 hours");
    opt_count(app, "--marginal-count", s.marginal_count, limits::kMarginalCount,
              "hold out a path that fails and returns more than N times in the window, "
              "0 = off (default)");
    opt_dur_ms(app, "--marginal-window", s.marginal_window_ms, limits::kDevMs,
               "the window of --marginal-count (default 60s)");
    opt_dur_ms(app, "--marginal-hold", s.marginal_hold_ms, limits::kDevMs,
               "how long a marginal path is held out before the checker may reinstate it "
               "(default 60s)");
}

void build_null(CLI::App& root, Invocation& inv) {
    auto* null = root.add_subcommand(
        "null", "mqnull test devices: a namespace seen through several path disks");
    null->require_subcommand(1);

    auto* info = null->add_subcommand("info", "show the mqnull module version and limits");
    add_json(info, inv);
    on(info, inv, Action::null_info, "null info");

    auto& spec = inv.ns_spec;
    auto* create = null->add_subcommand("create", "create a namespace and its path disks");
    opt_size(create, "--size", spec.size, limits::kNsSize, "namespace size, required")->required();
    opt_count(create, "--paths", spec.nr_paths, limits::kNsPaths,
              "number of path disks, 1..16 (default 1)");
    create->add_flag_callback(
        "--memory-backed", [&spec] { spec.memory_backed = true; },
        "keep written data in memory (reads return it); default: discard writes, read zeroes");
    opt_bs(create, "--lbs", spec.logical_bs, limits::kNsLogicalBs,
           "logical block size, a power of two in 512..4096");
    opt_bs(create, "--pbs", spec.physical_bs, limits::kNsPhysicalBs,
           "physical block size, a power of two in --lbs..65536");
    opt_count(create, "--queues", spec.submit_queues, limits::kNsQueues,
              "submission queues per path, at most one per CPU; 0 = one per CPU");
    opt_count(create, "--depth", spec.queue_depth, limits::kNsDepth, "tags per queue, 1..4096");
    opt_enum(
        create, "--completion", spec.completion, {"none", "softirq", "timer"},
        [](const std::string& v) { return *mqnull::parse_completion(v); },
        "where IO completes: in the submitter, from a softirq, or from a timer after "
        "--completion-delay");
    opt_dur_ns(create, "--completion-delay", spec.completion_nsec, limits::kNsCompletionNs,
               "completion delay for --completion timer, at most 10s");
    opt_count(create, "--poll-queues", spec.poll_queues, limits::kNsQueues,
              "polled queues per path, at most one per CPU");
    create->add_flag_callback(
        "--shared-tags", [&spec] { spec.shared_tags = true; },
        "one tag set shared by all path disks");
    opt_id(create, "--id", spec.id, limits::kNsId,
           "namespace id, 1..65535 (default: the module picks one)");
    create
        ->add_option_function<std::string>(
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
    add_json(create, inv);
    create->footer("Prints the new namespace as 'null show' does.");
    on(create, inv, Action::null_create, "null create");

    auto* destroy = null->add_subcommand("destroy", "destroy a namespace and its path disks");
    opt_id(destroy, "ID", inv.ns_id, limits::kNsId, "namespace id (1..65535)")->required();
    destroy->add_flag("--force", inv.force,
                      "fail outstanding IO and remove the disks even while they are open");
    on(destroy, inv, Action::null_destroy, "null destroy");

    auto* list = null->add_subcommand("list", "list namespaces, one line each");
    add_json(list, inv);
    on(list, inv, Action::null_list, "null list");

    auto* show = null->add_subcommand("show", "show a namespace (all if no ID) with its paths");
    opt_id(show, "ID", inv.ns_id, limits::kNsId, "namespace id (1..65535)");
    add_json(show, inv);
    on(show, inv, Action::null_show, "null show");

    auto* path = null->add_subcommand("path", "path disks of a namespace");
    path->require_subcommand(1);
    auto& ps = inv.path_settings;
    auto* pset = path->add_subcommand("set", "change a path's state and injected faults");
    opt_id(pset, "ID", inv.ns_id, limits::kNsId, "namespace id (1..65535)")->required();
    opt_id(pset, "PATH", inv.ns_path, limits::kNsPathId, "path id (0..paths-1)")->required();
    opt_enum(
        pset, "--state", ps.state, {"live", "failed", "offline", "hang"},
        [](const std::string& v) { return *mqnull::parse_path_state(v); },
        "live; failed = IO errors; offline = transport errors; hang = IO held until "
        "the block layer times it out");
    opt_dur_ns(pset, "--latency", ps.latency_nsec, limits::kLatencyNs,
               "latency added to every IO, at most 60s");
    opt_count(pset, "--error-ppm", ps.error_ppm, limits::kErrorPpm,
              "fail this many IOs per million with an IO error, 0..1M");
    opt_count(pset, "--iops-limit", ps.iops_limit, Limit{}, "IOs per second, 0 = unlimited");
    opt_size(pset, "--bps-limit", ps.bps_limit, Limit{},
             "bytes per second, 0 = unlimited; 4M = 4 MiB/s");
    opt_enum(
        pset, "--write-cache", ps.write_cache, {"on", "off"},
        [](const std::string& v) { return v == "on"; },
        "advertise a volatile write cache (flushes reach the path) or write-through");
    opt_enum(
        pset, "--fua", ps.fua, {"on", "off"}, [](const std::string& v) { return v == "on"; },
        "advertise FUA writes");
    opt_enum(
        pset, "--discard", ps.discard, {"on", "off"},
        [](const std::string& v) { return v == "on"; },
        "advertise discard; off: the disk takes no discards");
    on(pset, inv, Action::null_path_set, "null path set");

    auto* stats = null->add_subcommand("stats", "per-path IO counters");
    opt_id(stats, "ID", inv.ns_id, limits::kNsId, "namespace id (all if absent)");
    opt_id(stats, "PATH", inv.ns_path, limits::kNsPathId, "path id (all if absent)");
    add_json(stats, inv);
    on(stats, inv, Action::null_stats, "null stats");

    auto* events = null->add_subcommand("events", "print mqnull events until interrupted "
                                                  "(same as 'mqctl monitor null')");
    add_json(events, inv);
    events->parse_complete_callback([&inv] {
        inv.action = Action::monitor;
        inv.command = "null events";
        inv.watch_null = true;
    });
}

void build_mpath(CLI::App& root, Invocation& inv) {
    auto* mp = root.add_subcommand("mpath", "mqpath multipath devices and their paths");
    mp->require_subcommand(1);

    auto* info = mp->add_subcommand("info", "show the mqpath module version and limits");
    add_json(info, inv);
    on(info, inv, Action::mpath_info, "mpath info");

    auto& s = inv.dev_settings;
    auto* create = mp->add_subcommand("create", "create a multipath device (with no paths yet)");
    opt_id(create, "--id", s.id, limits::kDevId,
           "device id, 0..255 (default: the module picks one)");
    opt_size(create, "--size", s.size, Limit{},
             "device size, a multiple of 512 (default: the first path's)");
    opt_bs(create, "--logical-bs", s.logical_bs, limits::kDevLogicalBs,
           "logical block size, a power of two in 512..4096 (default: the first path's)");
    add_settings(create, s);
    add_json(create, inv);
    create->footer("Prints the new disk (/dev/mqpathN); with --json the device as 'mpath show'.");
    on(create, inv, Action::mpath_create, "mpath create");

    auto* destroy =
        mp->add_subcommand("destroy", "destroy a multipath device (EBUSY while it is open)");
    add_dev_arg(destroy, inv, true);
    on(destroy, inv, Action::mpath_destroy, "mpath destroy");

    auto* list = mp->add_subcommand("list", "list multipath devices, one line each");
    add_json(list, inv);
    on(list, inv, Action::mpath_list, "mpath list");

    auto* show = mp->add_subcommand("show", "show a device (all if no DEV) with its paths");
    add_dev_arg(show, inv, false);
    add_json(show, inv);
    on(show, inv, Action::mpath_show, "mpath show");

    auto* set = mp->add_subcommand("set", "change a device's settings");
    add_dev_arg(set, inv, true);
    add_settings(set, s);
    on(set, inv, Action::mpath_set, "mpath set");

    auto* failback = mp->add_subcommand("failback", "switch to the best live group now");
    add_dev_arg(failback, inv, true);
    on(failback, inv, Action::mpath_failback, "mpath failback");

    auto* path = mp->add_subcommand("path", "paths of a multipath device");
    path->require_subcommand(1);

    auto* add = path->add_subcommand("add", "add a block device as a path");
    add_dev_arg(add, inv, true);
    add->add_option("DISK", inv.path_arg, "the block device: /dev/NAME, NAME or MAJ:MIN")
        ->required();
    opt_count(add, "--priority", inv.priority, limits::kPriority,
              "priority group; IO goes to the highest group with a live path (default 0)");
    add->add_flag("--allow-unidentified", inv.allow_unidentified,
                  "accept a disk that offers no unique id (null_blk, dm): nothing then "
                  "proves it is the same storage as the other paths");
    add_json(add, inv);
    add->footer("Prints the new path's id; with --json the path as in 'mpath show'.");
    on(add, inv, Action::mpath_path_add, "mpath path add");

    struct Verb {
        const char* name;
        const char* help;
        Action action;
    };
    for (const Verb& v : {
             Verb{"remove", "remove a path (its IO is retried on the others)",
                  Action::mpath_path_remove},
             Verb{"fail", "mark a path failed (administratively)", Action::mpath_path_fail},
             Verb{"reinstate", "mark a failed path live again", Action::mpath_path_reinstate},
         }) {
        auto* sub = path->add_subcommand(v.name, v.help);
        add_dev_arg(sub, inv, true);
        add_mpath_path_arg(sub, inv);
        if (v.action != Action::mpath_path_reinstate) {
            sub->add_flag("--force", inv.force,
                          "even the last live path of an open device (its IO then fails or "
                          "queues)");
        }
        on(sub, inv, v.action, std::string("mpath path ") + v.name);
    }

    auto* pset = path->add_subcommand("set", "change a path's priority group");
    add_dev_arg(pset, inv, true);
    add_mpath_path_arg(pset, inv);
    opt_count(pset, "--priority", inv.priority, limits::kPriority,
              "priority group; higher is preferred")
        ->required();
    on(pset, inv, Action::mpath_path_set, "mpath path set");

    auto* stats = mp->add_subcommand("stats", "device and per-path counters");
    add_dev_arg(stats, inv, false);
    add_json(stats, inv);
    on(stats, inv, Action::mpath_stats, "mpath stats");

    auto* events = mp->add_subcommand("events", "print mqpath events until interrupted "
                                                "(same as 'mqctl monitor mpath')");
    add_json(events, inv);
    events->parse_complete_callback([&inv] {
        inv.action = Action::monitor;
        inv.command = "mpath events";
        inv.watch_mpath = true;
    });
}

void build_monitor(CLI::App& root, Invocation& inv) {
    auto* mon = root.add_subcommand(
        "monitor", "print mqnull and mqpath events as they happen, until interrupted");
    mon->add_option_function<std::vector<std::string>>(
           "MODULE",
           [&inv](const std::vector<std::string>& v) {
               for (const auto& m : v) {
                   (m == "null" ? inv.watch_null : inv.watch_mpath) = true;
               }
           },
           "null and/or mpath (default: every loaded module)")
        ->check(CLI::IsMember({"null", "mpath"}).description(""));
    mon->add_flag("--json", inv.json, "print one JSON object per line");
    opt_count(mon, "--count", inv.count, Limit{}, "exit after N events");
    opt_dur_ns(mon, "--timeout", inv.timeout_ns, Limit{}, "exit after this long");
    mon->add_flag("--timestamp", inv.timestamps, "prefix each event with the wall-clock time");
    on(mon, inv, Action::monitor, "monitor");
}

void build_apply(CLI::App& root, Invocation& inv) {
    auto* apply = root.add_subcommand(
        "apply", "configure namespaces, multipath devices and paths from a JSON or YAML file");
    apply->add_option("FILE", inv.file, "the set-up file ('-' for standard input)")->required();
    apply->add_flag("--dry-run", inv.dry_run, "print what would change, change nothing");
    apply->add_flag("--recreate", inv.recreate,
                    "destroy and create again what cannot change in place (without it, "
                    "apply refuses and changes nothing)");
    add_json(apply, inv);
    apply->footer("Applying the same file twice changes nothing the second time. "
                  "See docs/mqctl.md for the file format.");
    on(apply, inv, Action::apply, "apply");
}

std::string deepest_command(CLI::App& app) {
    std::string path = app.get_name();
    CLI::App* cur = &app;
    while (true) {
        auto subs = cur->get_subcommands();
        if (subs.empty()) {
            break;
        }
        cur = subs.front();
        path += " " + cur->get_name();
    }
    return path;
}

} // namespace

std::optional<std::string> mpath_dev_number(const std::string& text) {
    std::string_view s = text;
    if (s.starts_with("/dev/")) {
        s.remove_prefix(5);
    }
    if (s.starts_with("mqpath")) {
        s.remove_prefix(6);
    } else if (text.starts_with("/dev/")) {
        return std::nullopt;
    }
    if (s.empty() ||
        !std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; })) {
        return std::nullopt;
    }
    return std::string(s);
}

std::optional<std::uint32_t> parse_mpath_dev(const std::string& text) {
    const auto number = mpath_dev_number(text);
    if (!number) {
        return std::nullopt;
    }
    std::uint32_t v = 0;
    const char* end = number->data() + number->size();
    auto [p, ec] = std::from_chars(number->data(), end, v);
    if (ec != std::errc{} || p != end) {
        return std::nullopt;
    }
    return v;
}

std::uint32_t parse_duration_ms(const std::string& text) {
    const std::uint64_t ns = parse_duration_ns(text);
    constexpr std::uint64_t kNsPerMs = 1000ULL * 1000;
    if (ns % kNsPerMs != 0) {
        throw UnitError("duration '" + text + "' is not a whole number of milliseconds");
    }
    if (ns / kNsPerMs > UINT32_MAX) {
        throw UnitError("duration '" + text + "' is too long");
    }
    return static_cast<std::uint32_t>(ns / kNsPerMs);
}

std::unique_ptr<CLI::App> make_app(Invocation& inv) {
    auto app = std::make_unique<CLI::App>(
        "mqctl: configure mqnull test devices and mqpath multipath devices over generic "
        "netlink",
        "mqctl");
    app->require_subcommand(1);
    app->add_flag_callback(
        "-V,--version", [] { throw CLI::CallForVersion(); },
        "print mqctl's version and those of the loaded modules");
    build_null(*app, inv);
    build_mpath(*app, inv);
    build_monitor(*app, inv);
    build_apply(*app, inv);
    // after the subcommands, which would otherwise inherit it
    app->footer("Run 'mqctl OBJECT VERB --help' for a command's options. Counts and rates\n"
                "take k/M/G, 1000-based (--iops-limit 10k); sizes take K/M/G/T, 1024-based\n"
                "(--size 64M). Errors print as 'mqctl: OBJECT VERB: [OPTION: ]<kernel message>\n"
                "(<ERRNO>)' and exit with status 1; usage errors exit with status 2.");
    return app;
}

Invocation parse_args(const std::vector<std::string>& args) {
    Invocation inv;
    auto app_ptr = make_app(inv);
    CLI::App& app = *app_ptr;
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
        app.parse(reversed);
    } catch (const CLI::CallForHelp&) {
        throw UsageError(app.help(), deepest_command(app), true, 0);
    } catch (const CLI::CallForAllHelp&) {
        throw UsageError(app.help("", CLI::AppFormatMode::All), deepest_command(app), true, 0);
    } catch (const CLI::CallForVersion&) {
        Invocation version;
        version.action = Action::version;
        version.command = "version";
        return version;
    } catch (const CLI::ParseError& e) {
        if (auto better = diagnose(app, args)) {
            throw *better;
        }
        throw UsageError(e.what(), deepest_command(app), false, 2);
    }
    if (inv.action == Action::mpath_set && inv.dev_settings == mqpath::DeviceSettings{}) {
        throw UsageError("nothing to change: give at least one setting", "mqctl mpath set", false,
                         2);
    }
    if (inv.action == Action::null_path_set) {
        inv.path_settings.id = *inv.ns_path;
        if (inv.path_settings.empty()) {
            throw UsageError("nothing to change: give at least one of --state, --latency, "
                             "--error-ppm, --iops-limit, --bps-limit, --write-cache, --fua, "
                             "--discard",
                             "mqctl null path set", false, 2);
        }
    }
    if (inv.action == Action::monitor && inv.command == "monitor" && !inv.watch_null &&
        !inv.watch_mpath) {
        inv.watch_null = inv.watch_mpath = inv.watch_loaded = true;
    }
    if (inv.action == Action::null_stats && inv.ns_path && !inv.ns_id) {
        throw UsageError("PATH needs ID", "mqctl null stats", false, 2);
    }
    return inv;
}

} // namespace mq::ctl
