// SPDX-License-Identifier: GPL-2.0-only
// mqctl-gen-completion: print mqctl's bash completion (make completion).
#include "mqctl/cli.hpp"
#include "mqctl/completion.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

int main() {
    mq::ctl::Command cmd;
    const auto app = mq::ctl::make_app(cmd);
    std::cout << mq::ctl::bash_completion(*app);
    return 0;
}
