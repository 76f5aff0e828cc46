// SPDX-License-Identifier: GPL-2.0-only
// mqvm: the guest runner. Boots a Debian kernel in QEMU with the host's
// root file system and this tree, runs one command in it as root, and gates
// on the guest's kernel log. `mqbench vm` runs the same code.
#include "common/tool_main.hpp"
#include "mqvm/commands.hpp"

int main(int argc, char** argv) {
    return mq::tool_main(argc, argv, "mqvm", mq::kVmDescription,
                         [](CLI::App& app) { mq::define_vm_command(app, "mqvm"); });
}
