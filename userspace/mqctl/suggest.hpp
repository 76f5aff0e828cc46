// SPDX-License-Identifier: GPL-2.0-only
// "Did you mean ...?": the known word closest to a mistyped one.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mq::ctl {

// Edits (insert, delete, replace, swap of two neighbours) from a to b.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate the user most likely meant by `typed`: the closest one
// within one edit (two for words of five letters or more), or else the only
// candidate that starts with `typed` (two letters at least). nullopt when
// none is close or two are equally close.
std::optional<std::string> closest(std::string_view typed,
                                   const std::vector<std::string>& candidates);

} // namespace mq::ctl
