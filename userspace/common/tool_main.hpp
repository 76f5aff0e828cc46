// SPDX-License-Identifier: GPL-2.0-only
// The main() of mqvm and mqbench: one CLI11 application with -V/--version,
// whose commands report their exit status as CLI::RuntimeError.
#pragma once

#include "common/version.hpp"

#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <string>

namespace mq {

// Builds the application "TOOL: DESCRIPTION" (DEFINE adds its options and
// commands), parses ARGV and runs what it names. Exit status: the
// command's; CLI11's for usage errors, --help and --version; 125 with
// "TOOL: why" when a command throws, and 125 when even that fails.
inline int tool_main(int argc, char** argv, const char* tool, const char* description,
                     void (*define)(CLI::App&)) noexcept {
    try {
        CLI::App app{std::string(tool) + ": " + description};
        app.set_version_flag("-V,--version", std::string(tool) + " " + version_line());
        define(app);
        try {
            app.parse(argc, argv);
        } catch (const CLI::ParseError& e) {
            return app.exit(e);
        } catch (const std::exception& e) {
            std::cerr << tool << ": " << e.what() << '\n';
            return 125;
        }
        return 0;
    } catch (...) {
        return 125; // failed even to report an error
    }
}

} // namespace mq
