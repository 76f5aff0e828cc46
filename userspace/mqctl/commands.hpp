// SPDX-License-Identifier: GPL-2.0-only
// Runs a parsed mqctl command against the kernel and prints the result.
#pragma once

#include "mqctl/cli.hpp"
#include "mqctl/kernel_error.hpp"

#include <exception>
#include <ostream>
#include <string>

namespace mq::ctl {

// Exit statuses.
constexpr int kExitOk = 0;
constexpr int kExitFailed = 1; // the kernel or the system said no
constexpr int kExitUsage = 2;  // the command line did not parse

// Runs inv, printing to out. Throws on failure (see format_error).
void run(const Invocation& inv, std::ostream& out);

// "<message> (<ERRNO>)" for an exception thrown by run(): the kernel's
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
// device (/dev/NAME, NAME, MAJ:MIN).
mqpath::PathRef resolve_path_ref(const std::string& text);

// The whole program: parse, run, report. Returns the exit status.
int main_entry(int argc, char** argv);

} // namespace mq::ctl
