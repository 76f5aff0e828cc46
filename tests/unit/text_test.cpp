// SPDX-License-Identifier: GPL-2.0-only
// common/text: the helpers mqctl, mqvm and mqbench share.
#include "common/text.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

namespace mq {
namespace {

TEST(Text, Join) {
    EXPECT_EQ(join({}, ", "), "");
    EXPECT_EQ(join({"a"}, ", "), "a");
    EXPECT_EQ(join({"a", "b", "c"}, "|"), "a|b|c");
    EXPECT_EQ(join({"", "a", "", "b"}, ","), "a,,b") << "empty words at the front add nothing";
}

TEST(Text, Trim) {
    EXPECT_EQ(trim(" \t a b \n"), "a b");
    EXPECT_EQ(trim(" \n"), "");
    EXPECT_EQ(trim("x\r"), "x\r") << "only spaces, tabs and newlines";
}

TEST(Text, LastLines) {
    EXPECT_EQ(last_lines("a\nb\nc\n", 2), "b\nc\n");
    EXPECT_EQ(last_lines("a\nb\nc", 2), "b\nc");
    EXPECT_EQ(last_lines("a\nb\n", 5), "a\nb\n");
    EXPECT_EQ(last_lines("a\n\nb\n", 2), "\nb\n") << "blank lines count";
    EXPECT_EQ(last_lines("", 3), "");
    EXPECT_EQ(last_lines("a\nb\n", 0), "");
}

TEST(Text, Slurp) {
    const auto file =
        std::filesystem::temp_directory_path() / ("mq-text-test-" + std::to_string(::getpid()));
    EXPECT_EQ(slurp(file), "") << "a file not written yet reads as empty";
    std::ofstream(file) << "one\ntwo";
    EXPECT_EQ(slurp(file), "one\ntwo");
    std::filesystem::remove(file);
}

} // namespace
} // namespace mq
