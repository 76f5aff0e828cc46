// SPDX-License-Identifier: GPL-2.0-only
#include "text.hpp"

#include <fstream>
#include <sstream>

namespace mq {

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string join(const std::vector<std::string>& words, std::string_view sep) {
    std::string out;
    for (const auto& w : words) {
        if (!out.empty()) {
            out += sep;
        }
        out += w;
    }
    return out;
}

std::string trim(std::string_view text) {
    const auto start = text.find_first_not_of(" \t\n");
    if (start == std::string_view::npos) {
        return "";
    }
    const auto end = text.find_last_not_of(" \t\n");
    return std::string(text.substr(start, end - start + 1));
}

std::string_view last_lines(std::string_view text, std::size_t count) {
    std::size_t end = text.size();
    if (end > 0 && text[end - 1] == '\n') {
        --end;
    }
    std::size_t pos = end;
    while (count-- > 0) {
        if (pos == 0) {
            return text;
        }
        pos = text.rfind('\n', pos - 1);
        if (pos == std::string_view::npos) {
            return text;
        }
    }
    return text.substr(pos + 1);
}

} // namespace mq
