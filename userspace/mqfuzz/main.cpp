// SPDX-License-Identifier: GPL-2.0-only
// mqfuzz: a structure-aware netlink fuzzer for the mqnull and mqpath
// generic netlink families. See README.md in this folder.
#include "common/version.hpp"
#include "mqfuzz/runner.hpp"
#include "netlink/error.hpp"

#include <CLI/CLI.hpp>
#include <exception>
#include <fmt/format.h>
#include <random>

namespace {

nlohmann::json list_commands() {
    nlohmann::json out = nlohmann::json::array();
    for (const auto* spec : {&mq::fuzz::mqnull_spec(), &mq::fuzz::mqpath_spec()}) {
        for (const auto& c : spec->cmds) {
            out.push_back({{"family", spec->name},
                           {"cmd", c.cmd},
                           {"name", c.name},
                           {"mutating", c.mutating},
                           {"doit", c.doit},
                           {"dump", c.dump},
                           {"event", c.event}});
        }
    }
    return out;
}

void print_summary(const mq::fuzz::Summary& s) {
    fmt::print("sent {}, answered {}, unanswered {}, dropped by netlink by design {}, "
               "unexpected answers {}, stray {}, send errors {}\n",
               s.sent, s.answered, s.unanswered, s.dropped_by_design, s.unexpected_answers, s.stray,
               s.send_errors);
    fmt::print("extack on {} answers; {} replies; {} objects created, {} destroyed at the end "
               "({} failed); {:.1f} s\n",
               s.extack, s.replies, s.created, s.cleanup_destroyed, s.cleanup_failed, s.seconds);
    if (!s.privileged) {
        fmt::print("unprivileged: {} admin commands, {} EPERM, {} not EPERM, {} refused by the "
                   "policy first\n",
                   s.admin_checked, s.admin_eperm, s.admin_not_eperm, s.admin_invalid);
    }
    fmt::print("errno:");
    for (const auto& [err, n] : s.errnos) {
        fmt::print(" {}={}", err == 0 ? "0" : mq::nl::NetlinkError::errno_name_of(err), n);
    }
    fmt::print("\n");
    for (const auto& f : s.failures) {
        fmt::print("FAIL: {}\n", f);
    }
    fmt::print("{}\n", s.ok() ? "ok" : "FAILED");
}

int run(int argc, char** argv) {
    CLI::App app{"mqfuzz: send malformed and hostile generic netlink messages to mqnull and "
                 "mqpath; every message must be answered"};
    app.set_version_flag("-V,--version", "mqfuzz " + mq::version_line());
    mq::fuzz::Options opts;
    std::string family = "all";
    bool seeded = false;
    bool json = false;
    bool probe = false;
    bool list = false;
    app.add_option("--seed", opts.seed, "replay the run of this seed")
        ->each([&](const std::string&) { seeded = true; });
    app.add_option("--count", opts.count, "messages to send")->capture_default_str();
    app.add_option("--family", family, "mqnull, mqpath or all")
        ->check(CLI::IsMember({"mqnull", "mqpath", "all"}))
        ->capture_default_str();
    app.add_option("--timeout-ms", opts.timeout_ms, "how long one answer may take")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--max-objects", opts.max_objects,
                   "well-formed creates stop adding objects past this many per family")
        ->capture_default_str();
    app.add_flag(
        "--no-fixtures", [&](std::int64_t) { opts.fixtures = false; },
        "do not create namespaces and a device to aim at first (privileged runs)");
    app.add_flag("--json", json, "print the summary as JSON");
    app.add_flag("-v,--verbose", opts.verbose, "print each failure as it happens");
    app.add_flag("--probe-commands", probe,
                 "send one well-formed request per command number and print each errno as "
                 "JSON (unprivileged only)");
    app.add_flag("--list-commands", list, "print the commands mqfuzz knows as JSON");
    CLI11_PARSE(app, argc, argv);

    if (list) {
        fmt::print("{}\n", list_commands().dump());
        return 0;
    }
    if (!seeded) {
        opts.seed = std::random_device{}();
        opts.seed = (opts.seed << 32) | std::random_device{}();
    }
    opts.mqnull = family != "mqpath";
    opts.mqpath = family != "mqnull";
    // First, so that a run that dies can still be replayed.
    fmt::print(stderr, "mqfuzz: seed {} (replay: --seed {})\n", opts.seed, opts.seed);
    (void)std::fflush(stderr);
    try {
        mq::fuzz::Fuzzer fuzzer(opts);
        if (probe) {
            fmt::print("{}\n", fuzzer.probe_commands().dump());
            return 0;
        }
        const mq::fuzz::Summary sum = fuzzer.run();
        if (json) {
            fmt::print("{}\n", sum.to_json().dump());
        } else {
            print_summary(sum);
        }
        return sum.ok() ? 0 : 1;
    } catch (const std::exception& e) {
        fmt::print(stderr, "mqfuzz: {}\n", e.what());
        return 2;
    }
}

} // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (...) {
        return 2; // failed even to report an error
    }
}
