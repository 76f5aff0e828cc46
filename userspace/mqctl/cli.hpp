// SPDX-License-Identifier: GPL-2.0-only
// Argument parsing for mqctl: argv -> the Command of the verb it names,
// with sizes, durations, enums and device ids already converted. Nothing
// here touches the kernel or the file system, so it is unit-testable.
#pragma once

#include "mqctl/verbs/verb.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace mq::ctl {

// A command line that does not parse; what() is the message, command the
// deepest subcommand reached ("mqctl null create"), help true when the user
// asked for --help (the text is then in what() and the exit status is 0).
class UsageError : public std::runtime_error {
  public:
    UsageError(const std::string& message, std::string command, bool help, int exit_code)
        : std::runtime_error(message), command_(std::move(command)), help_(help),
          exit_code_(exit_code) {}
    [[nodiscard]] const std::string& command() const noexcept { return command_; }
    [[nodiscard]] bool help() const noexcept { return help_; }
    [[nodiscard]] int exit_code() const noexcept { return exit_code_; }

  private:
    std::string command_;
    bool help_;
    int exit_code_;
};

// The whole command tree, from the verbs' table; parsing selects the verb
// into cmd. (parse_args uses it; the unit tests walk it to check that every
// option is documented.)
std::unique_ptr<CLI::App> make_app(Command& cmd);

// args excludes argv[0]. Runs the verb's usage checks. -V gives the
// "version" command; --batch FILE a command with only batch_file. Throws
// UsageError.
Command parse_args(const std::vector<std::string>& args);

// "3", "mqpath3", "/dev/mqpath3" -> 3; nullopt otherwise.
std::optional<std::uint32_t> parse_mpath_dev(const std::string& text);
// The digits of such a name ("3"), however large; nullopt if it is none.
std::optional<std::string> mpath_dev_number(const std::string& text);

// A duration for the mqpath millisecond attributes: "500ms", "5s", "0".
std::uint32_t parse_duration_ms(const std::string& text);

} // namespace mq::ctl
