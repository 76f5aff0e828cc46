// SPDX-License-Identifier: GPL-2.0-only
// Runs mqctl command lines: parse, run the selected verb against a Kernel,
// report errors in the user's words, return the exit status.
#pragma once

#include "mqctl/cli.hpp"
#include "mqctl/kernel.hpp"
#include "mqctl/kernel_error.hpp"

#include <exception>
#include <istream>
#include <ostream>
#include <string>
#include <vector>

namespace mq::ctl {

// Exit statuses.
constexpr int kExitOk = 0;
constexpr int kExitFailed = 1; // the kernel or the system said no
constexpr int kExitUsage = 2;  // the command line did not parse

// "<message> (<ERRNO>)" for an exception thrown by a verb: the kernel's
// extack message (or strerror) and the errno name; a missing module or
// privilege is said in words. With the command that failed ("null
// create"), the attributes the kernel names are said as that command's
// options or, in NameStyle::file_key, as the keys of an apply file.
std::string describe_error(const std::exception& e, const std::string& command, NameStyle style);
std::string describe_error(const std::exception& e);

// "mqctl: <command>: " + describe_error(e, command, NameStyle::option)
std::string format_error(const std::string& command, const std::exception& e);

// Resolves a PATH argument of the mpath path commands: a number is a path
// id (a UsageError unless 0..MQPATH_MAX_PATHS-1), anything else a block
// device (/dev/NAME, NAME, MAJ:MIN) that kernel resolves.
mqpath::PathRef resolve_path_ref(const std::string& text, Kernel& kernel);

// One command line (args without "mqctl"): parse, run, report; returns the
// exit status. where ("line 3: ") goes after "mqctl: " in every error.
int run_command(const std::vector<std::string>& args, Kernel& kernel, std::ostream& out,
                std::ostream& err, const std::string& where = "");

// mqctl --batch: every line of in is a command line, run in turn through the
// same kernel; blank lines and '#' comments are skipped. Stops at the first
// line that fails, saying "mqctl: line N: ...", and returns its status.
int run_batch(std::istream& in, Kernel& kernel, std::ostream& out, std::ostream& err);

// The whole program. Returns the exit status.
int main_entry(int argc, char** argv);

} // namespace mq::ctl
