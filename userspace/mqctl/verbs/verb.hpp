// SPDX-License-Identifier: GPL-2.0-only
// A verb of mqctl ("null create") is one function that adds its subcommand,
// its options (into arguments of its own) and its action together; parsing
// a command line selects one verb, whose action then goes into a Command.
// The objects (null, mpath, monitor, apply) are a table that make_app()
// walks, so the command tree, --help and the completion come from here.
#pragma once

#include "mqctl/kernel.hpp"

#include <array>
#include <functional>
#include <optional>
#include <ostream>
#include <string>

namespace CLI {
class App;
}

namespace mq::ctl {

// What a verb does with the modules, printing to out; throws on failure.
using Run = std::function<void(Kernel&, std::ostream&)>;

// The command a command line selected.
struct Command {
    std::string name;                      // "null create", "mpath path add": used in errors
    Run run;                               // the verb's action
    std::function<void()> check;           // usage checks across its options (UsageError)
    std::optional<std::string> batch_file; // --batch FILE: no verb, run is empty
};

// When sub is parsed, it is the selected command: its name, its action and
// the checks a single CLI11 option cannot make (it sees no other option).
void select(CLI::App* sub, Command& cmd, std::string name, Run run,
            std::function<void()> check = {});
// The same for a verb of a module's objects: the module is reached before
// the action runs, so that a missing module is said first (Kernel::open).
void select(CLI::App* sub, Command& cmd, std::string name, Module module, Run run,
            std::function<void()> check = {});

// Each object adds its subcommand and its verbs under root.
void add_null_verbs(CLI::App& root, Command& cmd);
void add_mpath_verbs(CLI::App& root, Command& cmd);
void add_monitor_verbs(CLI::App& root, Command& cmd);
void add_apply_verbs(CLI::App& root, Command& cmd);

struct Object {
    const char* name;
    void (*add)(CLI::App& root, Command& cmd);
};

// The objects, in the order of mqctl --help.
inline constexpr std::array<Object, 4> kObjects{{
    {"null", add_null_verbs},
    {"mpath", add_mpath_verbs},
    {"monitor", add_monitor_verbs},
    {"apply", add_apply_verbs},
}};

} // namespace mq::ctl
