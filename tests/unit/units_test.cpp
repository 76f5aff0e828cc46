// SPDX-License-Identifier: GPL-2.0-only
// common/units: size and duration parsing and formatting.
#include "mqctl/units.hpp"

#include <gtest/gtest.h>

using mq::format_duration_ns;
using mq::format_size;
using mq::parse_count;
using mq::parse_duration_ns;
using mq::parse_size;
using mq::parse_uint;
using mq::TimeUnit;
using mq::UnitError;

TEST(ParseSize, PlainBytes) {
    EXPECT_EQ(parse_size("0"), 0U);
    EXPECT_EQ(parse_size("4096"), 4096U);
    EXPECT_EQ(parse_size("512b"), 512U);
    EXPECT_EQ(parse_size("18446744073709551615"), UINT64_MAX);
}

TEST(ParseSize, BinarySuffixes) {
    EXPECT_EQ(parse_size("4K"), 4096U);
    EXPECT_EQ(parse_size("4k"), 4096U);
    EXPECT_EQ(parse_size("4KiB"), 4096U);
    EXPECT_EQ(parse_size("4KB"), 4096U);
    EXPECT_EQ(parse_size("64M"), 64ULL << 20);
    EXPECT_EQ(parse_size("1G"), 1ULL << 30);
    EXPECT_EQ(parse_size("1g"), 1ULL << 30);
    EXPECT_EQ(parse_size("2T"), 2ULL << 40);
}

TEST(ParseSize, Fractions) {
    EXPECT_EQ(parse_size("1.5G"), 3ULL << 29);
    EXPECT_EQ(parse_size("0.5K"), 512U);
    EXPECT_THROW(parse_size("1.1"), UnitError);        // not whole bytes
    EXPECT_THROW(parse_size("0.0001K"), UnitError);    // 0.1024 bytes
    EXPECT_THROW(parse_size("1.0000001G"), UnitError); // too many digits
}

TEST(ParseSize, Rejects) {
    for (const char* bad : {"", "K", "-1", "1X", "1 G", " 1G", "1G ", "1.G", ".5G", "1GG",
                            "18446744073709551616", "17179869184G"}) {
        EXPECT_THROW(parse_size(bad), UnitError) << bad;
    }
    EXPECT_FALSE(mq::try_parse_size("1X"));
    EXPECT_EQ(mq::try_parse_size("2K"), 2048U);
}

TEST(ParseSize, MessageNamesInput) {
    try {
        parse_size("12Q");
        FAIL();
    } catch (const UnitError& e) {
        EXPECT_STREQ(e.what(), "invalid size '12Q' (unknown suffix; use K, M, G or T)");
    }
}

TEST(ParseDuration, Units) {
    EXPECT_EQ(parse_duration_ns("10ns"), 10U);
    EXPECT_EQ(parse_duration_ns("10us"), 10000U);
    EXPECT_EQ(parse_duration_ns("1ms"), 1000000U);
    EXPECT_EQ(parse_duration_ns("5s"), 5000000000U);
    EXPECT_EQ(parse_duration_ns("1.5ms"), 1500000U);
    EXPECT_EQ(parse_duration_ns("0.25s"), 250000000U);
    EXPECT_EQ(parse_duration_ns("10US"), 10000U);
}

TEST(ParseDuration, BareNumbers) {
    EXPECT_EQ(parse_duration_ns("0"), 0U);
    EXPECT_THROW(parse_duration_ns("10"), UnitError);
    EXPECT_EQ(parse_duration_ns("10", TimeUnit::ms), 10000000U);
    EXPECT_EQ(parse_duration_ns("10us", TimeUnit::ms), 10000U);
}

TEST(ParseDuration, Rejects) {
    for (const char* bad : {"", "ms", "-1ms", "1m", "1h", "1.5ns", "1 ms", "99999999999s"}) {
        EXPECT_THROW(parse_duration_ns(bad), UnitError) << bad;
    }
    EXPECT_FALSE(mq::try_parse_duration_ns("1h"));
    try {
        parse_duration_ns("10");
        FAIL();
    } catch (const UnitError& e) {
        EXPECT_STREQ(e.what(), "invalid duration '10' (missing unit; use ns, us, ms or s)");
    }
}

TEST(ParseUint, Basics) {
    EXPECT_EQ(parse_uint("42"), 42U);
    EXPECT_EQ(parse_uint("16", 16), 16U);
    EXPECT_THROW(parse_uint("17", 16), UnitError);
    EXPECT_THROW(parse_uint(""), UnitError);
    EXPECT_THROW(parse_uint("4K"), UnitError);
    EXPECT_THROW(parse_uint("-1"), UnitError);
    EXPECT_THROW(parse_uint("99999999999999999999"), UnitError);
}

TEST(ParseCount, DecimalSuffixes) {
    EXPECT_EQ(parse_count("0"), 0U);
    EXPECT_EQ(parse_count("500"), 500U);
    EXPECT_EQ(parse_count("10k"), 10000U);
    EXPECT_EQ(parse_count("10K"), 10000U);
    EXPECT_EQ(parse_count("2M"), 2000000U);
    EXPECT_EQ(parse_count("2m"), 2000000U); // mega, not milli
    EXPECT_EQ(parse_count("1G"), 1000000000U);
    EXPECT_EQ(parse_count("3T"), 3000000000000U);
    EXPECT_EQ(parse_count("1.5M"), 1500000U);
    EXPECT_EQ(parse_count("0.25k"), 250U);
    EXPECT_EQ(parse_count("18446744073709551615"), UINT64_MAX);
}

TEST(ParseCount, Rejects) {
    EXPECT_THROW(parse_count(""), UnitError);
    EXPECT_THROW(parse_count("k"), UnitError);
    EXPECT_THROW(parse_count("-1"), UnitError);
    EXPECT_THROW(parse_count("10x"), UnitError);
    EXPECT_THROW(parse_count("10Ki"), UnitError); // binary spellings are for sizes
    EXPECT_THROW(parse_count("1.0001k"), UnitError);
    EXPECT_THROW(parse_count("18446744073709551616"), UnitError);
    EXPECT_THROW(parse_count("20000000T"), UnitError);
    try {
        parse_count("10x");
    } catch (const UnitError& e) {
        EXPECT_STREQ(e.what(),
                     "invalid number '10x' (unknown suffix; use k, M, G or T, 1000-based)");
    }
}

TEST(FormatSize, ExactAndFractional) {
    EXPECT_EQ(format_size(0), "0");
    EXPECT_EQ(format_size(1000), "1000");
    EXPECT_EQ(format_size(1024), "1K");
    EXPECT_EQ(format_size(1536), "1.5K");
    EXPECT_EQ(format_size(1ULL << 30), "1G");
    EXPECT_EQ(format_size(3ULL << 29), "1.5G");
    EXPECT_EQ(format_size((1ULL << 30) + 1), "1G"); // rounds to two decimals
    EXPECT_EQ(format_size(1100), "1.07K");
    EXPECT_EQ(format_size(2ULL << 40), "2T");
    EXPECT_EQ(format_size(UINT64_MAX), "16777216T");
}

TEST(FormatSize, RoundTrips) {
    for (std::uint64_t v : {1ULL, 512ULL, 4096ULL, 65536ULL, 1ULL << 20, 3ULL << 29, 5ULL << 40}) {
        EXPECT_EQ(parse_size(format_size(v)), v) << v;
    }
}

TEST(FormatDuration, Units) {
    EXPECT_EQ(format_duration_ns(0), "0");
    EXPECT_EQ(format_duration_ns(500), "500ns");
    EXPECT_EQ(format_duration_ns(10000), "10us");
    EXPECT_EQ(format_duration_ns(1500000), "1.5ms");
    EXPECT_EQ(format_duration_ns(5000000000), "5s");
    EXPECT_EQ(format_duration_ns(3600000000000), "3600s");
    EXPECT_EQ(format_duration_ns(1999999), "2ms");
    for (std::uint64_t v : {1ULL, 10000ULL, 1500000ULL, 250000000ULL}) {
        EXPECT_EQ(parse_duration_ns(format_duration_ns(v)), v) << v;
    }
}
