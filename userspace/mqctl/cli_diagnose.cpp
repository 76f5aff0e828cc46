// SPDX-License-Identifier: GPL-2.0-only
#include "mqctl/cli_diagnose.hpp"

#include "mqctl/suggest.hpp"

#include <CLI/CLI.hpp>
#include <cctype>

namespace mq::ctl {
namespace {

constexpr int kUsage = 2;

std::vector<std::string> command_names(CLI::App& app) {
    std::vector<std::string> out;
    for (const CLI::App* sub : app.get_subcommands({})) {
        out.push_back(sub->get_name());
    }
    return out;
}

std::vector<std::string> option_names(CLI::App& app) {
    std::vector<std::string> out;
    for (const CLI::Option* o : app.get_options({})) {
        for (const auto& l : o->get_lnames()) {
            out.push_back("--" + l);
        }
        for (const auto& s : o->get_snames()) {
            out.push_back("-" + s);
        }
    }
    return out;
}

std::string listed(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) {
        out += (out.empty() ? "" : ", ") + n;
    }
    return out;
}

std::string unknown(const char* what, const std::string& typed,
                    const std::vector<std::string>& known, const char* known_what) {
    std::string msg = std::string("unknown ") + what + " '" + typed + "'";
    if (auto best = closest(typed, known)) {
        return msg + " (did you mean '" + *best + "'?)";
    }
    return msg + " (" + known_what + ": " + listed(known) + ")";
}

// "-1" is a (bad) number, not an option.
bool is_option(const std::string& arg) {
    return arg.size() > 1 && arg[0] == '-' && std::isdigit(static_cast<unsigned char>(arg[1])) == 0;
}

// "--size=1G" -> "--size"
std::string option_name(const std::string& arg) {
    return arg.substr(0, arg.find('='));
}

std::optional<UsageError> check_option(CLI::App& app, const std::string& path,
                                       const std::string& arg) {
    const std::string name = option_name(arg);
    if (app.get_option_no_throw(name) != nullptr) {
        return std::nullopt;
    }
    return UsageError(unknown("option", name, option_names(app), "options"), path, false, kUsage);
}

} // namespace

std::optional<UsageError> diagnose(CLI::App& root, const std::vector<std::string>& args) {
    CLI::App* cur = &root;
    std::string path = root.get_name();
    std::size_t i = 0;
    // Down the tree: above the leaves there are only flags, no values.
    for (; i < args.size() && args[i] != "--"; ++i) {
        const std::string& arg = args[i];
        if (is_option(arg)) {
            if (auto e = check_option(*cur, path, arg)) {
                return e;
            }
            continue;
        }
        if (cur->get_subcommands({}).empty()) {
            break;
        }
        CLI::App* sub = nullptr;
        for (CLI::App* s : cur->get_subcommands({})) {
            if (s->check_name(arg)) {
                sub = s;
            }
        }
        if (sub == nullptr) {
            return UsageError(unknown("command", arg, command_names(*cur), "commands"), path, false,
                              kUsage);
        }
        cur = sub;
        path += " " + arg;
    }
    if (!cur->get_subcommands({}).empty() && cur->get_require_subcommand_min() > 0 &&
        i == args.size()) {
        return UsageError("a command is required: " + listed(command_names(*cur)), path, false,
                          kUsage);
    }
    // The leaf's own options.
    for (; i < args.size() && args[i] != "--"; ++i) {
        if (is_option(args[i])) {
            if (auto e = check_option(*cur, path, args[i])) {
                return e;
            }
        }
    }
    return std::nullopt;
}

} // namespace mq::ctl
