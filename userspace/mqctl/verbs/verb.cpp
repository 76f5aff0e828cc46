// SPDX-License-Identifier: GPL-2.0-only
#include "mqctl/verbs/verb.hpp"

#include <CLI/CLI.hpp>

namespace mq::ctl {

void select(CLI::App* sub, Command& cmd, std::string name, Run run, std::function<void()> check) {
    sub->parse_complete_callback(
        [&cmd, name = std::move(name), run = std::move(run), check = std::move(check)] {
            cmd.name = name;
            cmd.run = run;
            cmd.check = check;
        });
}

void select(CLI::App* sub, Command& cmd, std::string name, Module module, Run run,
            std::function<void()> check) {
    select(
        sub, cmd, std::move(name),
        [module, run = std::move(run)](Kernel& kernel, std::ostream& out) {
            kernel.open(module);
            run(kernel, out);
        },
        std::move(check));
}

} // namespace mq::ctl
