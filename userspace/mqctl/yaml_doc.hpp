// SPDX-License-Identifier: GPL-2.0-only
// YAML text to a JSON document, so that a YAML set-up file and a JSON one go
// through the same checks. Only what JSON can say is accepted: mappings with
// scalar keys, sequences and scalars (no aliases to cycles, no binary).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace mq::ctl {

// Plain (unquoted) scalars become null (~, null, empty), booleans
// (true/false in any case) or integers (decimal) when they read as such;
// every other scalar, and every quoted one, is a string. Throws
// std::runtime_error("line L, column C: ...") on a syntax error or a
// duplicate key.
nlohmann::json yaml_to_json(const std::string& text);

} // namespace mq::ctl
