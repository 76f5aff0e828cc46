// SPDX-License-Identifier: GPL-2.0-only
#include "compare.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <sstream>
#include <stdexcept>

namespace mq::bench {

bool Comparison::any_regression() const {
    return std::any_of(changes.begin(), changes.end(),
                       [](const Change& c) { return c.regression; });
}

double parse_threshold(const std::string& text) {
    std::string number = text;
    if (!number.empty() && number.back() == '%') {
        number.pop_back();
    }
    double value = 0;
    try {
        std::size_t used = 0;
        value = std::stod(number, &used);
        if (used != number.size()) {
            throw std::invalid_argument("trailing text");
        }
    } catch (const std::exception&) {
        throw std::invalid_argument("--threshold wants a percentage like 2% or 0.5%, got '" + text +
                                    "'");
    }
    if (value < 0 || value >= 1000) {
        throw std::invalid_argument("--threshold must be 0..1000%");
    }
    return value / 100.0;
}

Comparison compare(const ResultSet& before, const ResultSet& after, double threshold) {
    Comparison cmp;
    std::map<std::string, const Record*> old_by_key;
    for (const auto& r : before.records) {
        old_by_key[r.point.key()] = &r;
    }
    std::map<std::string, bool> seen;
    for (const auto& b : after.records) {
        const std::string key = b.point.key();
        seen[key] = true;
        const auto it = old_by_key.find(key);
        if (it == old_by_key.end()) {
            cmp.only_after.push_back(key);
            continue;
        }
        const Record& a = *it->second;
        ++cmp.compared;
        if (a.status != b.status) {
            cmp.changes.push_back({key, "status", to_string(a.status), to_string(b.status), 0,
                                   a.status == Status::Ok});
            continue;
        }
        if (a.status != Status::Ok || !a.fio || !b.fio) {
            continue;
        }
        if (a.ratio && b.ratio) {
            const double rel = (*b.ratio - *a.ratio) / *a.ratio;
            if (std::abs(rel) > threshold) {
                cmp.changes.push_back({key, "ratio", number_text(*a.ratio, 3) + "x",
                                       number_text(*b.ratio, 3) + "x", rel, rel < 0});
            }
        } else if (a.fio->iops > 0) {
            const double rel = (b.fio->iops - a.fio->iops) / a.fio->iops;
            if (std::abs(rel) > threshold) {
                // Absolute IOPS from different boots mean something only
                // under icount (deterministic); elsewhere they are shown only.
                cmp.changes.push_back({key, "iops", format_count(a.fio->iops),
                                       format_count(b.fio->iops), rel,
                                       rel < 0 && b.point.accel == "icount"});
            }
        }
    }
    for (const auto& r : before.records) {
        if (seen.count(r.point.key()) == 0) {
            cmp.only_before.push_back(r.point.key());
        }
    }
    return cmp;
}

std::string format_comparison(const Comparison& cmp, double threshold) {
    std::ostringstream out;
    out << cmp.compared << " points compared; " << cmp.changes.size() << " changed beyond "
        << number_text(threshold * 100, threshold * 100 < 1 ? 2 : 1) << "%\n";
    if (!cmp.changes.empty()) {
        std::size_t width = 0;
        for (const auto& c : cmp.changes) {
            width = std::max(width, c.key.size());
        }
        for (const auto& c : cmp.changes) {
            out << "  " << std::left << std::setw(static_cast<int>(width)) << c.key << "  "
                << std::setw(6) << c.what << ' ' << c.before << " -> " << c.after;
            if (c.what != "status") {
                out << "  (" << (c.relative >= 0 ? "+" : "") << number_text(c.relative * 100, 2)
                    << "%)";
            }
            if (c.regression) {
                out << "  REGRESSION";
            }
            if (c.what == "iops") {
                out << "  [raw target: absolute IOPS"
                    << (c.regression ? "" : ", not comparable outside icount") << "]";
            }
            out << '\n';
        }
    }
    if (!cmp.only_before.empty()) {
        out << "only in the first: " << cmp.only_before.size() << " point(s)\n";
        for (const auto& k : cmp.only_before) {
            out << "  " << k << '\n';
        }
    }
    if (!cmp.only_after.empty()) {
        out << "only in the second: " << cmp.only_after.size() << " point(s)\n";
        for (const auto& k : cmp.only_after) {
            out << "  " << k << '\n';
        }
    }
    return out.str();
}

} // namespace mq::bench
