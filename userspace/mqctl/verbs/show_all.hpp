// SPDX-License-Identifier: GPL-2.0-only
// 'null show' and 'mpath show' without an id print every object the same way.
#pragma once

#include "mqctl/output.hpp"

#include <ostream>
#include <vector>

namespace mq::ctl {

// Every object in full: one JSON array, or the objects' blocks separated
// by a blank line.
template <typename T, typename Print>
void show_all(std::ostream& out, bool json, const std::vector<T>& list, Print print_one) {
    if (json) {
        print_json(out, to_json_array(list));
        return;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
        out << (i == 0 ? "" : "\n");
        print_one(out, list[i]);
    }
}

} // namespace mq::ctl
