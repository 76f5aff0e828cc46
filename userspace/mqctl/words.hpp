// SPDX-License-Identifier: GPL-2.0-only
// A --batch line into words, quoted as a shell would, so that a line of a
// batch file is what the same command line would be in a shell script.
#pragma once

#include <string>
#include <vector>

namespace mq::ctl {

// Words separated by blanks; '...' keeps everything literally, "..." all
// but \" \\ \$ \` (backslash-escaped), a backslash outside quotes escapes
// the next character, and '#' at the start of a word comments out the rest
// of the line. Throws std::invalid_argument on an unterminated quote or a
// trailing backslash.
std::vector<std::string> split_words(const std::string& line);

} // namespace mq::ctl
