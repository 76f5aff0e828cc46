// SPDX-License-Identifier: GPL-2.0-only
// mqctl apply FILE: a set-up file brought about (apply.cpp does it).
#include "mqctl/apply.hpp"

#include "mqctl/verbs/options.hpp"
#include "mqctl/verbs/verb.hpp"

#include <memory>

namespace mq::ctl {

void add_apply_verbs(CLI::App& root, Command& cmd) {
    auto a = std::make_shared<ApplyOptions>();
    auto* apply = root.add_subcommand(
        "apply", "configure namespaces, multipath devices and paths from a JSON or YAML file");
    apply->add_option("FILE", a->file, "the set-up file ('-' for standard input)")->required();
    apply->add_flag("--dry-run", a->dry_run, "print what would change, change nothing");
    apply->add_flag("--recreate", a->recreate,
                    "destroy and create again what cannot change in place (without it, "
                    "apply refuses and changes nothing)");
    opts::json(apply, a->json);
    apply->footer("Applying the same file twice changes nothing the second time. "
                  "See docs/mqctl.md for the file format.");
    select(apply, cmd, "apply", [a](Kernel& k, std::ostream& out) { run_apply(*a, k, out); });
}

} // namespace mq::ctl
