// SPDX-License-Identifier: GPL-2.0-only
#include "mqctl/commands.hpp"

#include "mqctl/apply.hpp"
#include "mqctl/devices.hpp"
#include "mqctl/kernel_error.hpp"
#include "mqctl/limits.hpp"
#include "mqctl/monitor.hpp"
#include "mqctl/output.hpp"
#include "mqctl/version.hpp"
#include "netlink/attr.hpp"
#include "netlink/error.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <iostream>
#include <system_error>

namespace mq::ctl {
namespace {

// Stats replies name the disk but may leave out its number: ask sysfs.
template <typename Stats> Stats with_devnums(Stats st) {
    for (auto& p : st.paths) {
        if (p.major == 0 && p.minor == 0) {
            if (auto d = sysfs_devnum(p.disk_name)) {
                p.major = d->major;
                p.minor = d->minor;
            }
        }
    }
    return st;
}

template <typename Stats> std::vector<Stats> with_devnums(std::vector<Stats> all) {
    for (auto& st : all) {
        st = with_devnums(std::move(st));
    }
    return all;
}

// `show` without an id: every object in full, one JSON array or the
// objects' blocks separated by a blank line.
template <typename T, typename Print>
void show_all(std::ostream& out, bool json, const std::vector<T>& list, Print print_one) {
    if (json) {
        print_json(out, to_json_array(list));
        return;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
        out << (i == 0 ? "" : "\n");
        print_one(out, list[i]);
    }
}

void run_null(const Invocation& inv, std::ostream& out) {
    mqnull::Client c;
    switch (inv.action) {
    case Action::null_info: {
        const auto info = c.info();
        inv.json ? print_json(out, to_json(info)) : print_info(out, info);
        break;
    }
    case Action::null_create: {
        const auto ns = c.create(inv.ns_spec);
        inv.json ? print_json(out, to_json(ns)) : print_namespace(out, ns);
        break;
    }
    case Action::null_destroy:
        c.destroy(*inv.ns_id, inv.force);
        break;
    case Action::null_list: {
        const auto list = c.list();
        inv.json ? print_json(out, to_json_array(list)) : print_namespace_list(out, list);
        break;
    }
    case Action::null_show:
        if (inv.ns_id) {
            const auto ns = c.get(*inv.ns_id);
            inv.json ? print_json(out, to_json(ns)) : print_namespace(out, ns);
        } else {
            show_all(out, inv.json, c.list(), print_namespace);
        }
        break;
    case Action::null_path_set:
        c.set_path(*inv.ns_id, inv.path_settings);
        break;
    case Action::null_stats:
        if (inv.ns_id) {
            const auto st = with_devnums(c.stats(*inv.ns_id, inv.ns_path));
            inv.json ? print_json(out, to_json(st)) : print_stats(out, {st});
        } else {
            const auto all = with_devnums(c.stats_all());
            inv.json ? print_json(out, to_json_array(all)) : print_stats(out, all);
        }
        break;
    default:
        break;
    }
}

void run_mpath(const Invocation& inv, std::ostream& out) {
    mqpath::Client c;
    switch (inv.action) {
    case Action::mpath_info: {
        const auto info = c.info();
        inv.json ? print_json(out, to_json(info)) : print_info(out, info);
        break;
    }
    case Action::mpath_create: {
        const auto d = c.create(inv.dev_settings);
        if (inv.json) {
            print_json(out, to_json(d));
        } else {
            out << mpath_disk(d.id, d.disk_name) << '\n';
        }
        break;
    }
    case Action::mpath_destroy:
        c.destroy(*inv.dev_id);
        break;
    case Action::mpath_list: {
        const auto list = c.list();
        inv.json ? print_json(out, to_json_array(list)) : print_device_list(out, list);
        break;
    }
    case Action::mpath_show:
        if (inv.dev_id) {
            const auto d = c.get(*inv.dev_id);
            inv.json ? print_json(out, to_json(d)) : print_device(out, d);
        } else {
            show_all(out, inv.json, c.list(), print_device);
        }
        break;
    case Action::mpath_set:
        c.set(*inv.dev_id, inv.dev_settings);
        break;
    case Action::mpath_failback:
        c.failback(*inv.dev_id);
        break;
    case Action::mpath_path_add: {
        const DevNum d = resolve_block_device(inv.path_arg);
        const auto p =
            c.add_path(*inv.dev_id, d.major, d.minor, inv.priority, inv.allow_unidentified);
        if (inv.json) {
            print_json(out, to_json(p));
        } else {
            out << p.id << '\n';
        }
        break;
    }
    case Action::mpath_path_remove:
        c.remove_path(*inv.dev_id, resolve_path_ref(inv.path_arg), inv.force);
        break;
    case Action::mpath_path_fail:
        c.fail_path(*inv.dev_id, resolve_path_ref(inv.path_arg), inv.force);
        break;
    case Action::mpath_path_reinstate:
        c.reinstate_path(*inv.dev_id, resolve_path_ref(inv.path_arg));
        break;
    case Action::mpath_path_set:
        c.set_path_priority(*inv.dev_id, resolve_path_ref(inv.path_arg), *inv.priority);
        break;
    case Action::mpath_stats:
        if (inv.dev_id) {
            const auto st = with_devnums(c.stats(*inv.dev_id));
            inv.json ? print_json(out, to_json(st)) : print_stats(out, {st});
        } else {
            const auto all = with_devnums(c.stats_all());
            inv.json ? print_json(out, to_json_array(all)) : print_stats(out, all);
        }
        break;
    default:
        break;
    }
}

} // namespace

mqpath::PathRef resolve_path_ref(const std::string& text) {
    mqpath::PathRef ref;
    if (!text.empty() && std::all_of(text.begin(), text.end(),
                                     [](unsigned char ch) { return std::isdigit(ch) != 0; })) {
        std::uint64_t id = 0;
        const char* end = text.data() + text.size();
        const auto [p, ec] = std::from_chars(text.data(), end, id);
        if (ec != std::errc{} || p != end || !limits::kMpathPathId.contains(id)) {
            throw UsageError("PATH: " + out_of_range(text, limits::kMpathPathId, Unit::count), "",
                             false, kExitUsage);
        }
        ref.id = static_cast<std::uint32_t>(id);
        return ref;
    }
    const DevNum d = resolve_block_device(text);
    ref.major = d.major;
    ref.minor = d.minor;
    return ref;
}

void run(const Invocation& inv, std::ostream& out) {
    switch (inv.action) {
    case Action::null_info:
    case Action::null_create:
    case Action::null_destroy:
    case Action::null_list:
    case Action::null_show:
    case Action::null_path_set:
    case Action::null_stats:
        run_null(inv, out);
        break;
    case Action::monitor:
        run_monitor(inv, out);
        break;
    case Action::apply:
        run_apply(inv, out);
        break;
    case Action::version:
        print_version(out);
        break;
    case Action::none:
        break;
    default:
        run_mpath(inv, out);
        break;
    }
}

std::string describe_error(const std::exception& e, const std::string& command, NameStyle style) {
    if (dynamic_cast<const nl::FamilyMissing*>(&e) != nullptr) {
        return e.what();
    }
    if (const auto* ne = dynamic_cast<const nl::NetlinkError*>(&e)) {
        std::string text = describe_kernel_error(*ne, command, style);
        if (ne->error() == EPERM && text.find("CAP_SYS_ADMIN") == std::string::npos) {
            text += ", CAP_SYS_ADMIN is needed";
        }
        return text + " (" + ne->errno_name() + ")";
    }
    if (const auto* se = dynamic_cast<const std::system_error*>(&e)) {
        if (se->code().category() == std::generic_category() ||
            se->code().category() == std::system_category()) {
            return std::string(se->what()) + " (" +
                   nl::NetlinkError::errno_name_of(se->code().value()) + ")";
        }
    }
    return e.what();
}

std::string describe_error(const std::exception& e) {
    return describe_error(e, "", NameStyle::option);
}

std::string format_error(const std::string& command, const std::exception& e) {
    return "mqctl: " + command + ": " + describe_error(e, command, NameStyle::option);
}

namespace {

// "mqctl: null create: <message>" and where to look; command defaults to
// the one being run.
int usage_exit(const UsageError& e, const std::string& running) {
    const std::string command = e.command().empty() ? "mqctl " + running : e.command();
    std::cerr << "mqctl: " << command.substr(std::min<std::size_t>(6, command.size()))
              << (command.size() > 6 ? ": " : "") << e.what() << '\n'
              << "Run '" << command << " --help' for more information.\n";
    return kExitUsage;
}

} // namespace

int main_entry(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    Invocation inv;
    try {
        inv = parse_args(args);
    } catch (const UsageError& e) {
        if (e.help()) {
            std::cout << e.what();
            return kExitOk;
        }
        return usage_exit(e, "");
    }
    try {
        run(inv, std::cout);
        std::cout.flush();
    } catch (const UsageError& e) {
        std::cout.flush();
        return usage_exit(e, inv.command);
    } catch (const std::exception& e) {
        std::cout.flush();
        std::cerr << format_error(inv.command, e) << '\n';
        return kExitFailed;
    }
    return kExitOk;
}

} // namespace mq::ctl
