// SPDX-License-Identifier: GPL-2.0-only
#include "mqctl/commands.hpp"

#include "mqctl/limits.hpp"
#include "mqctl/words.hpp"
#include "netlink/error.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <iostream>
#include <system_error>

namespace mq::ctl {

mqpath::PathRef resolve_path_ref(const std::string& text, Kernel& kernel) {
    mqpath::PathRef ref;
    if (!text.empty() && std::all_of(text.begin(), text.end(),
                                     [](unsigned char ch) { return std::isdigit(ch) != 0; })) {
        std::uint64_t id = 0;
        const char* end = text.data() + text.size();
        const auto [p, ec] = std::from_chars(text.data(), end, id);
        if (ec != std::errc{} || p != end || !limits::kMpathPathId.contains(id)) {
            throw UsageError("PATH: " + out_of_range(text, limits::kMpathPathId, Unit::count), "",
                             false, kExitUsage);
        }
        ref.id = static_cast<std::uint32_t>(id);
        return ref;
    }
    const DevNum d = kernel.resolve_disk(text);
    ref.major = d.major;
    ref.minor = d.minor;
    return ref;
}

std::string describe_error(const std::exception& e, const std::string& command, NameStyle style) {
    if (dynamic_cast<const nl::FamilyMissing*>(&e) != nullptr) {
        return e.what();
    }
    if (const auto* ne = dynamic_cast<const nl::NetlinkError*>(&e)) {
        std::string text = describe_kernel_error(*ne, command, style);
        if (ne->error() == EPERM && text.find("CAP_SYS_ADMIN") == std::string::npos) {
            text += ", CAP_SYS_ADMIN is needed";
        }
        return text + " (" + ne->errno_name() + ")";
    }
    if (const auto* se = dynamic_cast<const std::system_error*>(&e)) {
        if (se->code().category() == std::generic_category() ||
            se->code().category() == std::system_category()) {
            return std::string(se->what()) + " (" +
                   nl::NetlinkError::errno_name_of(se->code().value()) + ")";
        }
    }
    return e.what();
}

std::string describe_error(const std::exception& e) {
    return describe_error(e, "", NameStyle::option);
}

std::string format_error(const std::string& command, const std::exception& e) {
    return "mqctl: " + command + ": " + describe_error(e, command, NameStyle::option);
}

namespace {

// "mqctl: [line N: ]null create: <message>" and where to look; command
// defaults to the one being run.
int usage_exit(const UsageError& e, const std::string& running, const std::string& where,
               std::ostream& err) {
    const std::string command = e.command().empty() ? "mqctl " + running : e.command();
    err << "mqctl: " << where << command.substr(std::min<std::size_t>(6, command.size()))
        << (command.size() > 6 ? ": " : "") << e.what() << '\n'
        << "Run '" << command << " --help' for more information.\n";
    return kExitUsage;
}

// The file of --batch FILE ('-': standard input); exits as a failed command
// when it cannot be read.
int run_batch_file(const std::string& file, Kernel& kernel, std::ostream& out, std::ostream& err) {
    if (file == "-") {
        return run_batch(std::cin, kernel, out, err);
    }
    std::ifstream in(file);
    if (!in) {
        const int e = errno;
        err << "mqctl: --batch: " << file << ": " << std::strerror(e) << " ("
            << nl::NetlinkError::errno_name_of(e) << ")\n";
        return kExitFailed;
    }
    return run_batch(in, kernel, out, err);
}

} // namespace

int run_command(const std::vector<std::string>& args, Kernel& kernel, std::ostream& out,
                std::ostream& err, const std::string& where) {
    Command cmd;
    try {
        cmd = parse_args(args);
    } catch (const UsageError& e) {
        if (e.help()) {
            out << e.what();
            return kExitOk;
        }
        return usage_exit(e, "", where, err);
    }
    if (cmd.batch_file) {
        if (!where.empty()) {
            err << "mqctl: " << where << "--batch: a batch cannot run another\n";
            return kExitUsage;
        }
        return run_batch_file(*cmd.batch_file, kernel, out, err);
    }
    try {
        cmd.run(kernel, out);
        out.flush();
    } catch (const UsageError& e) {
        out.flush();
        return usage_exit(e, cmd.name, where, err);
    } catch (const std::exception& e) {
        out.flush();
        err << "mqctl: " << where << cmd.name << ": "
            << describe_error(e, cmd.name, NameStyle::option) << '\n';
        return kExitFailed;
    }
    return kExitOk;
}

int run_batch(std::istream& in, Kernel& kernel, std::ostream& out, std::ostream& err) {
    std::string line;
    for (std::size_t n = 1; std::getline(in, line); ++n) {
        const std::string where = "line " + std::to_string(n) + ": ";
        std::vector<std::string> words;
        try {
            words = split_words(line);
        } catch (const std::invalid_argument& e) {
            err << "mqctl: " << where << e.what() << '\n';
            return kExitUsage;
        }
        if (words.empty()) {
            continue;
        }
        if (const int rc = run_command(words, kernel, out, err, where); rc != kExitOk) {
            return rc;
        }
    }
    return kExitOk;
}

int main_entry(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    const auto kernel = netlink_kernel();
    return run_command(args, *kernel, std::cout, std::cerr);
}

} // namespace mq::ctl
