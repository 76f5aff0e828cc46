// SPDX-License-Identifier: GPL-2.0-only
#include "units.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <string>

namespace mq {
namespace {

struct Suffix {
    std::string_view name;
    std::uint64_t multiplier;
};

constexpr std::uint64_t KiB = 1024;
constexpr std::array<Suffix, 13> size_suffixes{{
    {"", 1},
    {"b", 1},
    {"k", KiB},
    {"kb", KiB},
    {"kib", KiB},
    {"m", KiB* KiB},
    {"mb", KiB* KiB},
    {"mib", KiB* KiB},
    {"g", KiB* KiB* KiB},
    {"gb", KiB* KiB* KiB},
    {"gib", KiB* KiB* KiB},
    {"t", KiB* KiB* KiB* KiB},
    {"tib", KiB* KiB* KiB* KiB},
}};

constexpr std::uint64_t kKilo = 1000;
constexpr std::array<Suffix, 5> count_suffixes{{
    {"", 1},
    {"k", kKilo},
    {"m", kKilo* kKilo},
    {"g", kKilo* kKilo* kKilo},
    {"t", kKilo* kKilo* kKilo* kKilo},
}};

constexpr std::array<Suffix, 4> time_suffixes{{
    {"ns", static_cast<std::uint64_t>(TimeUnit::ns)},
    {"us", static_cast<std::uint64_t>(TimeUnit::us)},
    {"ms", static_cast<std::uint64_t>(TimeUnit::ms)},
    {"s", static_cast<std::uint64_t>(TimeUnit::s)},
}};

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// At most six digits after the point, so frac * multiplier fits 64 bits.
constexpr std::uint64_t kMaxFracScale = 1000000;

struct Number {
    std::uint64_t whole = 0;
    std::uint64_t frac = 0;       // digits after the point, as an integer
    std::uint64_t frac_scale = 1; // 10^(number of fraction digits)
    std::string_view rest;        // the suffix
};

// Digits, optionally followed by '.' and more digits; nullopt on bad syntax.
std::optional<Number> split_number(std::string_view text) {
    Number n;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    auto [p, ec] = std::from_chars(begin, end, n.whole);
    if (ec != std::errc{} || p == begin) {
        return std::nullopt;
    }
    if (p != end && *p == '.') {
        ++p;
        const char* digits = p;
        while (p != end && std::isdigit(static_cast<unsigned char>(*p)) != 0) {
            if (n.frac_scale >= kMaxFracScale) {
                return std::nullopt; // more precision than anyone needs
            }
            n.frac = n.frac * 10 + static_cast<std::uint64_t>(*p - '0');
            n.frac_scale *= 10;
            ++p;
        }
        if (p == digits) {
            return std::nullopt;
        }
    }
    n.rest = std::string_view(p, static_cast<std::size_t>(end - p));
    return n;
}

// whole*mult + frac*mult/scale, exactly; nullopt on overflow or when the
// fraction does not come out to a whole number of base units.
std::optional<std::uint64_t> scale(const Number& n, std::uint64_t mult) {
    if (mult != 0 && n.whole > UINT64_MAX / mult) {
        return std::nullopt;
    }
    std::uint64_t value = n.whole * mult;
    if (n.frac != 0) {
        // frac < 10^6 and mult <= 2^40 (or 10^12), so the product fits.
        const std::uint64_t num = n.frac * mult;
        if (num % n.frac_scale != 0) {
            return std::nullopt;
        }
        const std::uint64_t add = num / n.frac_scale;
        if (value > UINT64_MAX - add) {
            return std::nullopt;
        }
        value += add;
    }
    return value;
}

template <std::size_t N>
const Suffix* find_suffix(const std::array<Suffix, N>& table, std::string_view name) {
    const std::string key = lower(name);
    for (const auto& s : table) {
        if (s.name == key) {
            return &s;
        }
    }
    return nullptr;
}

std::string format_scaled(std::uint64_t value, const Suffix* table, std::size_t count,
                          std::string_view base_suffix) {
    // table is ordered from the smallest to the largest unit
    const Suffix* unit = nullptr;
    for (std::size_t i = 0; i < count; ++i) {
        if (value >= table[i].multiplier) {
            unit = &table[i];
        }
    }
    if (value == 0 || unit == nullptr) {
        return value == 0 ? std::string("0") : std::to_string(value) + std::string(base_suffix);
    }
    const std::uint64_t m = unit->multiplier;
    std::string name(unit->name);
    if (name.size() == 1 && name != "s") {
        name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    }
    if (value % m == 0) {
        return std::to_string(value / m) + name;
    }
    // two decimals of the remainder (rem < m <= 2^40, so rem * 100 fits)
    std::uint64_t whole = value / m;
    auto frac = static_cast<unsigned>(((value % m) * 100 + m / 2) / m);
    if (frac == 100) {
        ++whole;
        frac = 0;
    }
    std::string out = std::to_string(whole);
    if (frac != 0) {
        out += '.';
        out += static_cast<char>('0' + frac / 10);
        if (frac % 10 != 0) {
            out += static_cast<char>('0' + frac % 10);
        }
    }
    return out + name;
}

// A number with a suffix from @table; the texts name the unit and the
// suffixes in the refusal.
struct ScaledWords {
    std::string_view what;     // "size", "number"
    std::string_view usage;    // how to write one
    std::string_view suffixes; // the ones that exist
    std::string_view inexact;  // a fraction that does not come out whole
};

template <typename Table>
std::uint64_t parse_scaled(std::string_view text, const Table& table, const ScaledWords& w) {
    auto bad = [&](std::string_view why) {
        return UnitError("invalid " + std::string(w.what) + " '" + std::string(text) + "' (" +
                         std::string(why) + ")");
    };
    const auto n = split_number(text);
    if (!n) {
        throw bad(w.usage);
    }
    const Suffix* s = find_suffix(table, n->rest);
    if (s == nullptr) {
        throw bad(w.suffixes);
    }
    const auto v = scale(*n, s->multiplier);
    if (!v) {
        throw bad(n->frac != 0 ? w.inexact : "too large");
    }
    return *v;
}

} // namespace

std::uint64_t parse_size(std::string_view text) {
    return parse_scaled(text, size_suffixes,
                        {.what = "size",
                         .usage = "use bytes or a K/M/G/T suffix, e.g. 4096, 4K, 1G",
                         .suffixes = "unknown suffix; use K, M, G or T",
                         .inexact = "not a whole number of bytes, or too large"});
}

std::optional<std::uint64_t> try_parse_size(std::string_view text) noexcept {
    try {
        return parse_size(text);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::uint64_t parse_duration_ns(std::string_view text, std::optional<TimeUnit> default_unit) {
    auto bad = [&](std::string_view why) {
        return UnitError("invalid duration '" + std::string(text) + "' (" + std::string(why) + ")");
    };
    const auto n = split_number(text);
    if (!n) {
        throw bad("use a number with ns, us, ms or s, e.g. 10us");
    }
    std::uint64_t mult = 0;
    if (n->rest.empty()) {
        if (default_unit) {
            mult = static_cast<std::uint64_t>(*default_unit);
        } else if (n->whole == 0 && n->frac == 0) {
            return 0;
        } else {
            throw bad("missing unit; use ns, us, ms or s");
        }
    } else {
        const Suffix* s = find_suffix(time_suffixes, n->rest);
        if (s == nullptr) {
            throw bad("unknown unit; use ns, us, ms or s");
        }
        mult = s->multiplier;
    }
    const auto v = scale(*n, mult);
    if (!v) {
        throw bad("not a whole number of nanoseconds, or too large");
    }
    return *v;
}

std::optional<std::uint64_t> try_parse_duration_ns(std::string_view text,
                                                   std::optional<TimeUnit> default_unit) noexcept {
    try {
        return parse_duration_ns(text, default_unit);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::uint64_t parse_count(std::string_view text) {
    return parse_scaled(text, count_suffixes,
                        {.what = "number",
                         .usage = "use digits with an optional k/M/G/T suffix, 1000-based: "
                                  "500, 10k, 2M",
                         .suffixes = "unknown suffix; use k, M, G or T, 1000-based",
                         .inexact = "not a whole number, or too large"});
}

std::uint64_t parse_uint(std::string_view text, std::uint64_t max) {
    std::uint64_t v = 0;
    const char* end = text.data() + text.size();
    auto [p, ec] = std::from_chars(text.data(), end, v);
    if (ec == std::errc::result_out_of_range || (ec == std::errc{} && p == end && v > max)) {
        throw UnitError("number '" + std::string(text) + "' out of range (max " +
                        std::to_string(max) + ")");
    }
    if (ec != std::errc{} || p != end || text.empty()) {
        throw UnitError("invalid number '" + std::string(text) + "'");
    }
    return v;
}

std::string format_size(std::uint64_t bytes) {
    // skip the "" / "b" / "kb" / "kib" spellings: one entry per unit
    static constexpr std::array<Suffix, 4> units{{
        {"k", KiB},
        {"m", KiB * KiB},
        {"g", KiB * KiB * KiB},
        {"t", KiB * KiB * KiB * KiB},
    }};
    return format_scaled(bytes, units.data(), units.size(), "");
}

std::string format_duration_ns(std::uint64_t ns) {
    return format_scaled(ns, time_suffixes.data(), time_suffixes.size(), "ns");
}

} // namespace mq
