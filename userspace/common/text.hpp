// SPDX-License-Identifier: GPL-2.0-only
// Small text helpers more than one tool needs: one copy each.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace mq {

// The whole file, or "" when it cannot be read (a log not written yet).
std::string slurp(const std::filesystem::path& path);

// The words with SEP between them. Empty words at the front add no
// separator (join({"", "a"}, ",") is "a").
std::string join(const std::vector<std::string>& words, std::string_view sep);

// TEXT without spaces, tabs and newlines at either end.
std::string trim(std::string_view text);

// The last COUNT lines of TEXT as they are, the final newline kept; all of
// TEXT when it has no more than COUNT lines. A final newline ends the last
// line, it does not start another.
std::string_view last_lines(std::string_view text, std::size_t count);

} // namespace mq
