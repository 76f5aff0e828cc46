// SPDX-License-Identifier: GPL-2.0-only
// `mqbench compare`: two results files side by side.
#pragma once

#include "results.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace mq::bench {

// `mqbench compare`: what changed between two results files beyond a
// threshold. Ratios decide for targets with a baseline (same-boot, so
// comparable across runs); raw targets' IOPS are compared as they are,
// which means something only under icount.
struct Change {
    std::string key;
    std::string what;   // "ratio", "iops", "status"
    std::string before; // as printed
    std::string after;
    double relative = 0; // (after - before) / before; 0 for a status change
    bool regression = false;
};
struct Comparison {
    std::vector<Change> changes;
    std::vector<std::string> only_before;
    std::vector<std::string> only_after;
    std::size_t compared = 0;
    [[nodiscard]] bool any_regression() const;
};
Comparison compare(const ResultSet& before, const ResultSet& after, double threshold);
std::string format_comparison(const Comparison& comparison, double threshold);

// "2%", "2" (percent) or "0.5%": returns a fraction (0.02). Throws.
double parse_threshold(const std::string& text);

} // namespace mq::bench
