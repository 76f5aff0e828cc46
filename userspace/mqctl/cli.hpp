// SPDX-License-Identifier: GPL-2.0-only
// Argument parsing for mqctl: argv -> Invocation, with sizes, durations,
// enums and device ids already converted. Nothing here touches the kernel
// or the file system, so it is unit-testable.
#pragma once

#include "netlink/mqnull.hpp"
#include "netlink/mqpath.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace mq::ctl {

enum class Action {
    none,
    null_info,
    null_create,
    null_destroy,
    null_list,
    null_show,
    null_path_set,
    null_stats,
    mpath_info,
    mpath_create,
    mpath_destroy,
    mpath_list,
    mpath_show,
    mpath_set,
    mpath_failback,
    mpath_path_add,
    mpath_path_remove,
    mpath_path_fail,
    mpath_path_reinstate,
    mpath_path_set,
    mpath_stats,
    monitor,
    apply,
    version, // --version
};

struct Invocation {
    std::string command; // "null create", "mpath path add": used in errors

    // mqnull
    mqnull::NamespaceSpec ns_spec;        // null create
    mqnull::PathSettings path_settings;   // null path set (id = ns_path)
    std::optional<std::uint32_t> ns_id;   // destroy, show, path set, stats
    std::optional<std::uint32_t> ns_path; // path set, stats

    // mqpath
    mqpath::DeviceSettings dev_settings;   // mpath create / set
    std::string path_arg;                  // PATH (id or disk) or DISK, resolved later
    std::optional<std::uint32_t> dev_id;   // DEV argument, already parsed
    std::optional<std::uint32_t> priority; // path add / path set

    // monitor
    std::optional<std::uint64_t> count;      // stop after this many events
    std::optional<std::uint64_t> timeout_ns; // stop after this long

    // apply
    std::string file;

    Action action = Action::none;
    bool json = false;
    bool force = false;              // null destroy, mpath path remove/fail
    bool watch_null = false;         // monitor
    bool watch_mpath = false;        // monitor
    bool watch_loaded = false;       // monitor: no module named, follow the loaded ones
    bool timestamps = false;         // monitor
    bool dry_run = false;            // apply
    bool recreate = false;           // apply
    bool allow_unidentified = false; // mpath path add
};

// A command line that does not parse; what() is the message, command the
// deepest subcommand reached ("mqctl null create"), help true when the user
// asked for --help (the text is then in what() and the exit status is 0).
class UsageError : public std::runtime_error {
  public:
    UsageError(const std::string& message, std::string command, bool help, int exit_code)
        : std::runtime_error(message), command_(std::move(command)), help_(help),
          exit_code_(exit_code) {}
    [[nodiscard]] const std::string& command() const noexcept { return command_; }
    [[nodiscard]] bool help() const noexcept { return help_; }
    [[nodiscard]] int exit_code() const noexcept { return exit_code_; }

  private:
    std::string command_;
    bool help_;
    int exit_code_;
};

// The whole command tree; parsing fills inv. (parse_args uses it; the unit
// tests walk it to check that every option is documented.)
std::unique_ptr<CLI::App> make_app(Invocation& inv);

// args excludes argv[0]. Throws UsageError.
Invocation parse_args(const std::vector<std::string>& args);

// "3", "mqpath3", "/dev/mqpath3" -> 3; nullopt otherwise.
std::optional<std::uint32_t> parse_mpath_dev(const std::string& text);
// The digits of such a name ("3"), however large; nullopt if it is none.
std::optional<std::string> mpath_dev_number(const std::string& text);

// A duration for the mqpath millisecond attributes: "500ms", "5s", "0".
std::uint32_t parse_duration_ms(const std::string& text);

} // namespace mq::ctl
