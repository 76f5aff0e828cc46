// SPDX-License-Identifier: GPL-2.0-only
// Bash completion for mqctl, generated from the command tree that parses
// the command line (make_app), so that it names exactly the subcommands and
// options mqctl accepts. `make completion` writes it with
// mqctl-gen-completion; the unit tests check it against the tree.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace mq::ctl {

// What a positional argument completes to in the shell, by its name and
// type name in the tree: "dev" (mqpath devices), "disk" (block devices),
// "file", "module" (null, mpath), "number" (an id: nothing to offer), or ""
// for one this table does not know yet (the unit tests fail then).
std::string positional_kind(const std::string& name, const std::string& type);

// The whole bash script: the _mqctl function and its `complete` line.
std::string bash_completion(const CLI::App& app);

} // namespace mq::ctl
