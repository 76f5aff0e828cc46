// SPDX-License-Identifier: GPL-2.0-only
// Size and duration parsing/formatting shared by mqctl, mqbench and the tests.
//
// Sizes are bytes with an optional binary suffix: 4096, 4K, 64M, 1G, 2T
// (K = 1024; case-insensitive; "KiB"/"KB"/"B" spellings accepted).
// Durations carry a unit: 10ns, 10us, 1ms, 5s; a bare number is accepted only
// when it is 0, or when the caller passes a default unit.
// Counts and rates take a decimal suffix: 500, 10k, 2M (k = 1000).
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace mq {

// Thrown by the parse_* functions; what() names the bad text and the
// accepted forms, e.g. "invalid size '1X' (use bytes or K/M/G/T)".
class UnitError : public std::invalid_argument {
  public:
    using std::invalid_argument::invalid_argument;
};

enum class TimeUnit : std::uint64_t {
    ns = 1,
    us = 1000ULL,
    ms = 1000ULL * 1000,
    s = 1000ULL * 1000 * 1000,
};

// "1G" -> 1073741824. Throws UnitError on bad syntax or overflow.
std::uint64_t parse_size(std::string_view text);
std::optional<std::uint64_t> try_parse_size(std::string_view text) noexcept;

// "10us" -> 10000 (nanoseconds). A bare number is an error unless it is 0
// or default_unit is given, in which case it is counted in that unit.
std::uint64_t parse_duration_ns(std::string_view text,
                                std::optional<TimeUnit> default_unit = std::nullopt);
std::optional<std::uint64_t>
try_parse_duration_ns(std::string_view text,
                      std::optional<TimeUnit> default_unit = std::nullopt) noexcept;

// A count or a rate: digits with an optional 1000-based suffix k, M, G or T
// (case-insensitive, so "m" is a million too): 500, 10k, 1.5M -> 1500000.
// Throws UnitError on bad syntax, overflow or a fraction that does not come
// out whole ("1.0001k").
std::uint64_t parse_count(std::string_view text);

// Plain unsigned integer (decimal), for counts such as queue numbers.
std::uint64_t parse_uint(std::string_view text, std::uint64_t max = UINT64_MAX);

// 1073741824 -> "1G", 1536 -> "1.5K", 1000 -> "1000". Exact multiples print
// without decimals; others with up to two (trailing zeros dropped).
std::string format_size(std::uint64_t bytes);

// 10000 -> "10us", 1500000 -> "1.5ms", 0 -> "0". Same rounding as format_size.
std::string format_duration_ns(std::uint64_t ns);

} // namespace mq
