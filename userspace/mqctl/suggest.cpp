// SPDX-License-Identifier: GPL-2.0-only
#include "mqctl/suggest.hpp"

#include <algorithm>
#include <limits>

namespace mq::ctl {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    // Rows i-2, i-1 and i of the table of distances between prefixes.
    std::vector<std::size_t> before(b.size() + 1);
    std::vector<std::size_t> prev(b.size() + 1);
    std::vector<std::size_t> cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        prev[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                cur[j] = std::min(cur[j], before[j - 2] + 1);
            }
        }
        before.swap(prev);
        prev.swap(cur);
    }
    return prev[b.size()];
}

std::optional<std::string> closest(std::string_view typed,
                                   const std::vector<std::string>& candidates) {
    std::size_t best = std::numeric_limits<std::size_t>::max();
    std::vector<const std::string*> best_ones;
    for (const auto& c : candidates) {
        const std::size_t d = edit_distance(typed, c);
        if (d < best) {
            best = d;
            best_ones.clear();
        }
        if (d == best) {
            best_ones.push_back(&c);
        }
    }
    const std::size_t allowed = typed.size() >= 5 ? 2 : 1;
    if (best_ones.size() == 1 && best > 0 && best <= allowed) {
        return *best_ones.front();
    }
    if (typed.size() >= 2) {
        std::vector<const std::string*> prefixed;
        for (const auto& c : candidates) {
            if (c.size() > typed.size() && std::string_view(c).starts_with(typed)) {
                prefixed.push_back(&c);
            }
        }
        if (prefixed.size() == 1) {
            return *prefixed.front();
        }
    }
    return std::nullopt;
}

} // namespace mq::ctl
