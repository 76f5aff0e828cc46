// SPDX-License-Identifier: GPL-2.0-only
// mqbench: boots guests on a real Debian kernel, runs tests and fio sweeps
// in them, and reports.
#include "bench/bench_command.hpp"
#include "common/tool_main.hpp"
#include "mqvm/commands.hpp"

int main(int argc, char** argv) {
    return mq::tool_main(argc, argv, "mqbench", "QEMU guests, fio sweeps and reports for mqpath",
                         [](CLI::App& app) {
                             app.require_subcommand(1);
                             mq::add_vm_commands(app);
                             mq::bench::add_bench_commands(app);
                         });
}
