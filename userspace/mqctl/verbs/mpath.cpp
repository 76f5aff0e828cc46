// SPDX-License-Identifier: GPL-2.0-only
// mqctl mpath VERB and mpath path VERB: the mqpath multipath devices.
#include "mqctl/cli.hpp"
#include "mqctl/commands.hpp"
#include "mqctl/output.hpp"
#include "mqctl/verbs/options.hpp"
#include "mqctl/verbs/show_all.hpp"
#include "mqctl/verbs/verb.hpp"

#include <memory>

namespace mq::ctl {
namespace {

constexpr Module kMpath = Module::mpath;

void add_info(CLI::App& mp, Command& cmd) {
    auto json = std::make_shared<bool>(false);
    auto* sub = mp.add_subcommand("info", "show the mqpath module version and limits");
    opts::json(sub, *json);
    select(sub, cmd, "mpath info", kMpath, [json](Kernel& k, std::ostream& out) {
        const auto info = k.mpath_info();
        *json ? print_json(out, to_json(info)) : print_info(out, info);
    });
}

void add_create(CLI::App& mp, Command& cmd) {
    struct Args {
        mqpath::DeviceSettings settings;
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    auto& s = a->settings;
    auto* sub = mp.add_subcommand("create", "create a multipath device (with no paths yet)");
    opts::id(sub, "--id", s.id, limits::kDevId,
             "device id, 0..255 (default: the module picks one)");
    opts::size(sub, "--size", s.size, Limit{},
               "device size, a multiple of 512 (default: the first path's)");
    opts::block_size(sub, "--logical-bs", s.logical_bs, limits::kDevLogicalBs,
                     "logical block size, a power of two in 512..4096 (default: the first "
                     "path's)");
    opts::device_settings(sub, s);
    opts::json(sub, a->json);
    sub->footer("Prints the new disk (/dev/mqpathN); with --json the device as 'mpath show'.");
    select(sub, cmd, "mpath create", kMpath, [a](Kernel& k, std::ostream& out) {
        const auto d = k.create_device(a->settings);
        if (a->json) {
            print_json(out, to_json(d));
        } else {
            out << mpath_disk(d.id, d.disk_name) << '\n';
        }
    });
}

// A verb whose only argument is DEV.
void add_dev_verb(CLI::App& mp, Command& cmd, const char* name, const char* help,
                  void (Kernel::*request)(std::uint32_t)) {
    auto dev = std::make_shared<std::optional<std::uint32_t>>();
    auto* sub = mp.add_subcommand(name, help);
    opts::dev_arg(sub, *dev, true);
    select(sub, cmd, std::string("mpath ") + name, kMpath,
           [dev, request](Kernel& k, std::ostream& /*out*/) { (k.*request)(**dev); });
}

void add_destroy(CLI::App& mp, Command& cmd) {
    add_dev_verb(mp, cmd, "destroy", "destroy a multipath device (EBUSY while it is open)",
                 &Kernel::destroy_device);
}

void add_list(CLI::App& mp, Command& cmd) {
    auto json = std::make_shared<bool>(false);
    auto* sub = mp.add_subcommand("list", "list multipath devices, one line each");
    opts::json(sub, *json);
    select(sub, cmd, "mpath list", kMpath, [json](Kernel& k, std::ostream& out) {
        const auto list = k.list_devices();
        *json ? print_json(out, to_json_array(list)) : print_device_list(out, list);
    });
}

void add_show(CLI::App& mp, Command& cmd) {
    struct Args {
        std::optional<std::uint32_t> dev;
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    auto* sub = mp.add_subcommand("show", "show a device (all if no DEV) with its paths");
    opts::dev_arg(sub, a->dev, false);
    opts::json(sub, a->json);
    select(sub, cmd, "mpath show", kMpath, [a](Kernel& k, std::ostream& out) {
        if (a->dev) {
            const auto d = k.get_device(*a->dev);
            a->json ? print_json(out, to_json(d)) : print_device(out, d);
        } else {
            show_all(out, a->json, k.list_devices(), print_device);
        }
    });
}

void add_set(CLI::App& mp, Command& cmd) {
    struct Args {
        std::optional<std::uint32_t> dev;
        mqpath::DeviceSettings settings;
    };
    auto a = std::make_shared<Args>();
    auto* sub = mp.add_subcommand("set", "change a device's settings");
    opts::dev_arg(sub, a->dev, true);
    opts::device_settings(sub, a->settings);
    select(
        sub, cmd, "mpath set", kMpath,
        [a](Kernel& k, std::ostream& /*out*/) { k.set_device(*a->dev, a->settings); },
        [a] {
            if (a->settings == mqpath::DeviceSettings{}) {
                throw UsageError("nothing to change: give at least one setting", "mqctl mpath set",
                                 false, 2);
            }
        });
}

void add_failback(CLI::App& mp, Command& cmd) {
    add_dev_verb(mp, cmd, "failback", "switch to the best live group now", &Kernel::failback);
}

void add_path_add(CLI::App& path, Command& cmd) {
    struct Args {
        std::optional<std::uint32_t> dev;
        std::string disk;
        std::optional<std::uint32_t> priority;
        bool allow_unidentified = false;
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    auto* sub = path.add_subcommand("add", "add a block device as a path");
    opts::dev_arg(sub, a->dev, true);
    sub->add_option("DISK", a->disk, "the block device: /dev/NAME, NAME or MAJ:MIN")->required();
    opts::count(sub, "--priority", a->priority, limits::kPriority,
                "priority group; IO goes to the highest group with a live path (default 0)");
    sub->add_flag("--allow-unidentified", a->allow_unidentified,
                  "accept a disk that offers no unique id (null_blk, dm): nothing then "
                  "proves it is the same storage as the other paths");
    opts::json(sub, a->json);
    sub->footer("Prints the new path's id; with --json the path as in 'mpath show'.");
    select(sub, cmd, "mpath path add", kMpath, [a](Kernel& k, std::ostream& out) {
        const DevNum d = k.resolve_disk(a->disk);
        const auto p = k.add_path(*a->dev, d, a->priority, a->allow_unidentified);
        if (a->json) {
            print_json(out, to_json(p));
        } else {
            out << p.id << '\n';
        }
    });
}

// remove, fail and reinstate: DEV PATH, and --force where the kernel takes it.
struct PathVerb {
    const char* name;
    const char* help;
    void (*request)(Kernel& k, std::uint32_t dev, const mqpath::PathRef& path, bool force);
    bool has_force;
};

constexpr std::array<PathVerb, 3> kPathVerbs{{
    {"remove", "remove a path (its IO is retried on the others)",
     [](Kernel& k, std::uint32_t dev, const mqpath::PathRef& p, bool force) {
         k.remove_path(dev, p, force);
     },
     true},
    {"fail", "mark a path failed (administratively)",
     [](Kernel& k, std::uint32_t dev, const mqpath::PathRef& p, bool force) {
         k.fail_path(dev, p, force);
     },
     true},
    {"reinstate", "mark a failed path live again",
     [](Kernel& k, std::uint32_t dev, const mqpath::PathRef& p, bool /*force*/) {
         k.reinstate_path(dev, p);
     },
     false},
}};

void add_path_verb(CLI::App& path, Command& cmd, const PathVerb& v) {
    struct Args {
        std::optional<std::uint32_t> dev;
        std::string path;
        bool force = false;
    };
    auto a = std::make_shared<Args>();
    auto* sub = path.add_subcommand(v.name, v.help);
    opts::dev_arg(sub, a->dev, true);
    opts::mpath_path_arg(sub, a->path);
    if (v.has_force) {
        sub->add_flag("--force", a->force,
                      "even the last live path of an open device (its IO then fails or "
                      "queues)");
    }
    select(sub, cmd, std::string("mpath path ") + v.name, kMpath,
           [a, request = v.request](Kernel& k, std::ostream& /*out*/) {
               request(k, *a->dev, resolve_path_ref(a->path, k), a->force);
           });
}

void add_path_set(CLI::App& path, Command& cmd) {
    struct Args {
        std::optional<std::uint32_t> dev;
        std::string path;
        std::optional<std::uint32_t> priority;
    };
    auto a = std::make_shared<Args>();
    auto* sub = path.add_subcommand("set", "change a path's priority group");
    opts::dev_arg(sub, a->dev, true);
    opts::mpath_path_arg(sub, a->path);
    opts::count(sub, "--priority", a->priority, limits::kPriority,
                "priority group; higher is preferred")
        ->required();
    select(sub, cmd, "mpath path set", kMpath, [a](Kernel& k, std::ostream& /*out*/) {
        k.set_path_priority(*a->dev, resolve_path_ref(a->path, k), *a->priority);
    });
}

void add_stats(CLI::App& mp, Command& cmd) {
    struct Args {
        std::optional<std::uint32_t> dev;
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    auto* sub = mp.add_subcommand("stats", "device and per-path counters");
    opts::dev_arg(sub, a->dev, false);
    opts::json(sub, a->json);
    select(sub, cmd, "mpath stats", kMpath, [a](Kernel& k, std::ostream& out) {
        if (a->dev) {
            const auto st = k.device_stats(*a->dev);
            a->json ? print_json(out, to_json(st)) : print_stats(out, {st});
        } else {
            const auto all = k.all_device_stats();
            a->json ? print_json(out, to_json_array(all)) : print_stats(out, all);
        }
    });
}

// The same as 'mqctl monitor mpath'.
void add_events(CLI::App& mp, Command& cmd) {
    auto m = std::make_shared<MonitorOptions>();
    m->command = "mpath events";
    m->watch_mpath = true;
    auto* sub = mp.add_subcommand("events", "print mqpath events until interrupted "
                                            "(same as 'mqctl monitor mpath')");
    opts::json(sub, m->json);
    select(sub, cmd, m->command, [m](Kernel& k, std::ostream& out) { k.monitor(*m, out); });
}

} // namespace

void add_mpath_verbs(CLI::App& root, Command& cmd) {
    auto* mp = root.add_subcommand("mpath", "mqpath multipath devices and their paths");
    mp->require_subcommand(1);
    for (auto* add :
         {add_info, add_create, add_destroy, add_list, add_show, add_set, add_failback}) {
        add(*mp, cmd);
    }
    auto* path = mp->add_subcommand("path", "paths of a multipath device");
    path->require_subcommand(1);
    add_path_add(*path, cmd);
    for (const PathVerb& v : kPathVerbs) {
        add_path_verb(*path, cmd, v);
    }
    add_path_set(*path, cmd);
    add_stats(*mp, cmd);
    add_events(*mp, cmd);
}

} // namespace mq::ctl
