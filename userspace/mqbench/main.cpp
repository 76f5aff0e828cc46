// SPDX-License-Identifier: GPL-2.0-only
// mqbench: boots guests on a real Debian kernel, runs tests and fio sweeps
// in them, and reports.
#include "bench/bench_command.hpp"
#include "common/version.hpp"
#include "vm_command.hpp"

#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

namespace {

int run(int argc, char** argv) {
    CLI::App app{"mqbench: QEMU guests, fio sweeps and reports for mqpath"};
    app.require_subcommand(1);
    app.set_version_flag("-V,--version", "mqbench " + mq::version_line());
    mq::add_vm_commands(app);
    mq::bench::add_bench_commands(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const std::exception& e) {
        std::cerr << "mqbench: " << e.what() << '\n';
        return 125;
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (...) {
        return 125; // failed even to report an error
    }
}
