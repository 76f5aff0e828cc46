// SPDX-License-Identifier: GPL-2.0-only
#include "commands.hpp"

#include "kernel_log.hpp"
#include "vm_runner.hpp"

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

namespace mq {

namespace {

std::string read_input(const std::string& path) {
    std::ostringstream text;
    if (path == "-") {
        text << std::cin.rdbuf();
    } else {
        std::ifstream in(path);
        if (!in) {
            throw std::runtime_error("cannot read " + path);
        }
        text << in.rdbuf();
    }
    return text.str();
}

} // namespace

const char* const kVmDescription =
    "Boot a guest kernel in QEMU and run CMD in it as root, with the host's tools and "
    "this tree visible at the same paths. Exits with CMD's status; 120 when CMD "
    "passed but the kernel log shows an oops, BUG, WARNING, lockdep, KASAN, UBSAN, "
    "hung task or soft lockup; 124 on timeout; 125 when the guest failed to run CMD.";

void define_vm_command(CLI::App& app, const std::string& name) {
    auto options = std::make_shared<vm::RunOptions>();
    options->name = name;
    auto accel = std::make_shared<std::string>("auto");
    auto timeout = std::make_shared<unsigned>(600);
    auto* cmd = &app;
    cmd->add_option("--smp", options->smp, "vCPUs")
        ->capture_default_str()
        ->check(CLI::Range(1, 64));
    cmd->add_option("--mem", options->mem, "guest memory, QEMU syntax (2G, 512M)")
        ->capture_default_str();
    cmd->add_option("--accel", *accel,
                    "auto (KVM if a probe boot works, else TCG), kvm, tcg (multi-threaded), "
                    "icount (deterministic instruction clock)")
        ->capture_default_str()
        ->check(CLI::IsMember({"auto", "kvm", "tcg", "icount"}));
    cmd->add_option("--kernel", options->kernel,
                    "uname -r of an installed kernel, or 'debug' (make debug-kernel); "
                    "default: Debian's linux-headers-6.12-amd64 ABI");
    cmd->add_option("--timeout", *timeout, "seconds before a hung guest is killed")
        ->capture_default_str();
    // One value per flag: a vector option would otherwise swallow the "--"
    // before CMD and then take CMD's own options for ours.
    cmd->add_option("--env", options->env, "NAME=VALUE exported in the guest (repeatable)")
        ->allow_extra_args(false);
    cmd->add_option("--append", options->append, "extra kernel parameter (repeatable)")
        ->allow_extra_args(false);
    cmd->add_option("--log-dir", options->log_dir,
                    "keep the guest's console.log, dmesg and kmemleak report here");
    cmd->add_option("--boot-retries", options->boot_retries,
                    "boot again this many times when the guest kernel dies or hangs before "
                    "CMD starts (CMD never runs twice)")
        ->capture_default_str()
        ->check(CLI::Range(0, 10));
    cmd->add_option("--plugin", options->plugin,
                    "a QEMU TCG plugin (.so) for the guest, given out=RUN_DIR/plugin.out, "
                    "which the guest sees as /run/mqvm/plugin.out; ignored under KVM");
    cmd->add_flag("-q,--quiet", options->quiet, "no runner messages unless something fails");
    cmd->add_option("command", options->command, "command and arguments (after --)")->required();
    cmd->callback([options, accel, timeout] {
        options->accel = vm::parse_accel(*accel);
        options->timeout = std::chrono::seconds(*timeout);
        throw CLI::RuntimeError(vm::run_in_guest(*options));
    });
}

void add_vm_commands(CLI::App& app) {
    define_vm_command(*app.add_subcommand("vm", kVmDescription), "mqbench vm");

    auto files = std::make_shared<std::vector<std::string>>();
    auto kmemleak = std::make_shared<std::string>();
    auto modules =
        std::make_shared<std::vector<std::string>>(std::vector<std::string>{"mqnull", "mqpath"});
    auto* check = app.add_subcommand(
        "check-log", "Check kernel log text (files, or - for stdin) with the same rules as "
                     "'mqbench vm'; exit 1 and print the lines when a report is found.");
    check->add_option("files", *files, "kernel log files (dmesg output); - is stdin")->required();
    check->add_option("--kmemleak", *kmemleak, "a /sys/kernel/debug/kmemleak report to check");
    check->add_option("--module", *modules, "modules whose leaks count (default: ours)");
    check->callback([files, kmemleak, modules] {
        std::vector<LogFinding> findings;
        for (const auto& file : *files) {
            auto found = check_kernel_log(read_input(file));
            findings.insert(findings.end(), found.begin(), found.end());
        }
        if (!kmemleak->empty()) {
            auto found = check_kmemleak(read_input(*kmemleak), *modules);
            findings.insert(findings.end(), found.begin(), found.end());
        }
        if (!findings.empty()) {
            std::cout << "kernel log has " << findings.size() << " problem line(s):\n"
                      << format_findings(findings);
            throw CLI::RuntimeError(1);
        }
    });
}

} // namespace mq
