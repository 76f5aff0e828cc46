// SPDX-License-Identifier: GPL-2.0-only
#include "mqctl/words.hpp"

#include <stdexcept>

namespace mq::ctl {

std::vector<std::string> split_words(const std::string& line) {
    std::vector<std::string> words;
    std::string word;
    bool in_word = false; // a word was started, even if empty ('')
    std::size_t i = 0;
    const auto next = [&](const char* what) {
        if (++i >= line.size()) {
            throw std::invalid_argument(what);
        }
        return line[i];
    };
    for (; i < line.size(); ++i) {
        const char c = line[i];
        if (c == ' ' || c == '\t' || c == '\r') {
            if (in_word) {
                words.push_back(std::move(word));
                word.clear();
                in_word = false;
            }
        } else if (c == '#' && !in_word) {
            break;
        } else if (c == '\\') {
            word += next("trailing backslash");
            in_word = true;
        } else if (c == '\'') {
            for (char q = next("unterminated ' quote"); q != '\'';
                 q = next("unterminated ' quote")) {
                word += q;
            }
            in_word = true;
        } else if (c == '"') {
            for (char q = next("unterminated \" quote"); q != '"';
                 q = next("unterminated \" quote")) {
                if (q == '\\' && i + 1 < line.size() &&
                    std::string_view("\"\\$`").find(line[i + 1]) != std::string_view::npos) {
                    q = line[++i];
                }
                word += q;
            }
            in_word = true;
        } else {
            word += c;
            in_word = true;
        }
    }
    if (in_word) {
        words.push_back(std::move(word));
    }
    return words;
}

} // namespace mq::ctl
