// SPDX-License-Identifier: GPL-2.0-only
#include "mqctl/cli.hpp"

#include "mqctl/cli_diagnose.hpp"
#include "mqctl/units.hpp"
#include "mqctl/version.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <charconv>

namespace mq::ctl {
namespace {

// --batch FILE, thrown by its option as -V throws CallForVersion: it takes
// the place of a subcommand, which the root otherwise requires.
class CallForBatch : public CLI::ParseError {
  public:
    explicit CallForBatch(const std::string& file) : CLI::ParseError(file, 0) {}
};

std::string deepest_command(CLI::App& app) {
    std::string path = app.get_name();
    CLI::App* cur = &app;
    while (true) {
        auto subs = cur->get_subcommands();
        if (subs.empty()) {
            break;
        }
        cur = subs.front();
        path += " " + cur->get_name();
    }
    return path;
}

} // namespace

std::optional<std::string> mpath_dev_number(const std::string& text) {
    std::string_view s = text;
    if (s.starts_with("/dev/")) {
        s.remove_prefix(5);
    }
    if (s.starts_with("mqpath")) {
        s.remove_prefix(6);
    } else if (text.starts_with("/dev/")) {
        return std::nullopt;
    }
    if (s.empty() ||
        !std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; })) {
        return std::nullopt;
    }
    return std::string(s);
}

std::optional<std::uint32_t> parse_mpath_dev(const std::string& text) {
    const auto number = mpath_dev_number(text);
    if (!number) {
        return std::nullopt;
    }
    std::uint32_t v = 0;
    const char* end = number->data() + number->size();
    auto [p, ec] = std::from_chars(number->data(), end, v);
    if (ec != std::errc{} || p != end) {
        return std::nullopt;
    }
    return v;
}

std::uint32_t parse_duration_ms(const std::string& text) {
    const std::uint64_t ns = parse_duration_ns(text);
    constexpr std::uint64_t kNsPerMs = 1000ULL * 1000;
    if (ns % kNsPerMs != 0) {
        throw UnitError("duration '" + text + "' is not a whole number of milliseconds");
    }
    if (ns / kNsPerMs > UINT32_MAX) {
        throw UnitError("duration '" + text + "' is too long");
    }
    return static_cast<std::uint32_t>(ns / kNsPerMs);
}

std::unique_ptr<CLI::App> make_app(Command& cmd) {
    auto app = std::make_unique<CLI::App>(
        "mqctl: configure mqnull test devices and mqpath multipath devices over generic "
        "netlink",
        "mqctl");
    app->require_subcommand(1);
    app->add_flag_callback(
        "-V,--version", [] { throw CLI::CallForVersion(); },
        "print mqctl's version and those of the loaded modules");
    app->add_option_function<std::string>(
           "--batch", [](const std::string& file) { throw CallForBatch(file); },
           "run the commands in FILE ('-' for standard input), one per line without "
           "'mqctl', over one connection; stop at the first that fails")
        ->type_name("FILE");
    for (const Object& object : kObjects) {
        object.add(*app, cmd);
    }
    // after the subcommands, which would otherwise inherit it
    app->footer("Run 'mqctl OBJECT VERB --help' for a command's options. Counts and rates\n"
                "take k/M/G, 1000-based (--iops-limit 10k); sizes take K/M/G/T, 1024-based\n"
                "(--size 64M). Errors print as 'mqctl: OBJECT VERB: [OPTION: ]<kernel message>\n"
                "(<ERRNO>)' and exit with status 1; usage errors exit with status 2.");
    return app;
}

Command parse_args(const std::vector<std::string>& args) {
    Command cmd;
    auto app_ptr = make_app(cmd);
    CLI::App& app = *app_ptr;
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
        app.parse(reversed);
    } catch (const CLI::CallForHelp&) {
        throw UsageError(app.help(), deepest_command(app), true, 0);
    } catch (const CLI::CallForAllHelp&) {
        throw UsageError(app.help("", CLI::AppFormatMode::All), deepest_command(app), true, 0);
    } catch (const CLI::CallForVersion&) {
        Command version;
        version.name = "version";
        version.run = [](Kernel& /*kernel*/, std::ostream& out) { print_version(out); };
        return version;
    } catch (const CallForBatch& e) {
        Command batch;
        batch.name = "--batch";
        batch.batch_file = e.what();
        return batch;
    } catch (const CLI::ParseError& e) {
        if (auto better = diagnose(app, args)) {
            throw *better;
        }
        throw UsageError(e.what(), deepest_command(app), false, 2);
    }
    if (cmd.check) {
        cmd.check();
    }
    return cmd;
}

} // namespace mq::ctl
