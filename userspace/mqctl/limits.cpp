// SPDX-License-Identifier: GPL-2.0-only
#include "mqctl/limits.hpp"

#include "mqctl/units.hpp"

namespace mq::ctl {

std::string format_value(std::uint64_t v, Unit unit) {
    constexpr std::uint64_t kNsPerMs = 1000ULL * 1000;
    switch (unit) {
    case Unit::size:
        return format_size(v);
    case Unit::ns:
        return format_duration_ns(v);
    case Unit::ms:
        return v == 0 ? "0" : format_duration_ns(v * kNsPerMs);
    case Unit::count:
        break;
    }
    return std::to_string(v);
}

std::string out_of_range(const std::string& shown, const Limit& limit, Unit unit) {
    std::string range = format_value(limit.min, unit) + ".." + format_value(limit.max, unit);
    if (limit.zero_ok) {
        range = "0, or " + range;
    }
    return shown + " is out of range (" + range + ")";
}

std::string out_of_range(std::uint64_t v, const Limit& limit, Unit unit) {
    return out_of_range(format_value(v, unit), limit, unit);
}

} // namespace mq::ctl
