// SPDX-License-Identifier: GPL-2.0-only
#pragma once

#include <CLI/CLI.hpp>

namespace mq::bench {

// Registers `mqbench run`, `compare`, `merge`, `gate` and `report`.
void add_bench_commands(CLI::App& app);

} // namespace mq::bench
