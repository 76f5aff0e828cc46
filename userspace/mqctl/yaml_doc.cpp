// SPDX-License-Identifier: GPL-2.0-only
#include "mqctl/yaml_doc.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>
#include <yaml-cpp/yaml.h>

namespace mq::ctl {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string where(const YAML::Mark& m) {
    return "line " + std::to_string(m.line + 1) + ", column " + std::to_string(m.column + 1);
}

nlohmann::json plain_scalar(const std::string& s) {
    const std::string l = lower(s);
    if (s.empty() || s == "~" || l == "null") {
        return nullptr;
    }
    if (l == "true" || l == "false") {
        return l == "true";
    }
    const char* b = s.data();
    const char* e = s.data() + s.size();
    if (s.front() == '-') {
        std::int64_t v = 0;
        auto [p, ec] = std::from_chars(b, e, v);
        if (ec == std::errc{} && p == e) {
            return v;
        }
    } else {
        std::uint64_t v = 0;
        auto [p, ec] = std::from_chars(s.front() == '+' ? b + 1 : b, e, v);
        if (ec == std::errc{} && p == e && s != "+") {
            return v;
        }
    }
    return s;
}

nlohmann::json convert(const YAML::Node& node) {
    switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        return nullptr;
    case YAML::NodeType::Scalar:
        // yaml-cpp tags plain scalars "?" and quoted ones "!".
        return node.Tag() == "!" ? nlohmann::json(node.Scalar()) : plain_scalar(node.Scalar());
    case YAML::NodeType::Sequence: {
        nlohmann::json a = nlohmann::json::array();
        for (const auto& item : node) {
            a.push_back(convert(item));
        }
        return a;
    }
    case YAML::NodeType::Map: {
        nlohmann::json o = nlohmann::json::object();
        for (const auto& kv : node) {
            if (!kv.first.IsScalar()) {
                throw std::runtime_error(where(kv.first.Mark()) + ": a key must be a plain name");
            }
            const std::string key = kv.first.Scalar();
            if (o.contains(key)) {
                throw std::runtime_error(where(kv.first.Mark()) + ": duplicate key \"" + key +
                                         "\"");
            }
            o[key] = convert(kv.second);
        }
        return o;
    }
    }
    return nullptr;
}

} // namespace

nlohmann::json yaml_to_json(const std::string& text) {
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        throw std::runtime_error(where(e.mark) + ": " + e.msg);
    }
    return convert(root);
}

} // namespace mq::ctl
