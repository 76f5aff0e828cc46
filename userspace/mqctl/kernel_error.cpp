// SPDX-License-Identifier: GPL-2.0-only
#include "mqctl/kernel_error.hpp"

#include "netlink/mqnull.hpp"
#include "netlink/mqpath.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>

namespace mq::ctl {
namespace {

using AttrPath = std::vector<std::uint16_t>;

struct AttrOption {
    AttrPath path;
    const char* option;
};

// One family's attribute names, in uapi order, and its nest of path
// attributes.
struct Family {
    std::vector<std::string> top;
    std::vector<std::string> nested;
    std::uint16_t nest = 0;
};

const Family& null_family() {
    static const Family f{mqnull::attr_names(), mqnull::path_attr_names(), MQNULL_ATTR_PATH};
    return f;
}

const Family& mpath_family() {
    static const Family f{mqpath::attr_names(), mqpath::path_attr_names(), MQPATH_ATTR_PATH};
    return f;
}

// The attributes each command sends and the options (or arguments, as
// --help names them) they come from.
std::vector<AttrOption> null_options(std::string_view verb) {
    constexpr std::uint16_t kPath = MQNULL_ATTR_PATH;
    if (verb == "create") {
        return {{{MQNULL_ATTR_NS_ID}, "--id"},
                {{MQNULL_ATTR_SIZE}, "--size"},
                {{MQNULL_ATTR_LOGICAL_BS}, "--lbs"},
                {{MQNULL_ATTR_PHYSICAL_BS}, "--pbs"},
                {{MQNULL_ATTR_MEMORY_BACKED}, "--memory-backed"},
                {{MQNULL_ATTR_NR_PATHS}, "--paths"},
                {{MQNULL_ATTR_SUBMIT_QUEUES}, "--queues"},
                {{MQNULL_ATTR_QUEUE_DEPTH}, "--depth"},
                {{MQNULL_ATTR_COMPLETION}, "--completion"},
                {{MQNULL_ATTR_COMPLETION_NSEC}, "--completion-delay"},
                {{MQNULL_ATTR_POLL_QUEUES}, "--poll-queues"},
                {{MQNULL_ATTR_SHARED_TAGS}, "--shared-tags"},
                {{MQNULL_ATTR_UUID}, "--uuid"}};
    }
    if (verb == "destroy") {
        return {{{MQNULL_ATTR_NS_ID}, "ID"}, {{MQNULL_ATTR_FORCE}, "--force"}};
    }
    if (verb == "show") {
        return {{{MQNULL_ATTR_NS_ID}, "ID"}};
    }
    if (verb == "path set") {
        return {{{MQNULL_ATTR_NS_ID}, "ID"},
                {{kPath}, "PATH"},
                {{kPath, MQNULL_PATH_ATTR_ID}, "PATH"},
                {{kPath, MQNULL_PATH_ATTR_STATE}, "--state"},
                {{kPath, MQNULL_PATH_ATTR_LATENCY_NSEC}, "--latency"},
                {{kPath, MQNULL_PATH_ATTR_ERROR_PPM}, "--error-ppm"},
                {{kPath, MQNULL_PATH_ATTR_IOPS_LIMIT}, "--iops-limit"},
                {{kPath, MQNULL_PATH_ATTR_BPS_LIMIT}, "--bps-limit"},
                {{kPath, MQNULL_PATH_ATTR_WRITE_CACHE}, "--write-cache"},
                {{kPath, MQNULL_PATH_ATTR_FUA}, "--fua"},
                {{kPath, MQNULL_PATH_ATTR_DISCARD}, "--discard"}};
    }
    if (verb == "stats") {
        return {
            {{MQNULL_ATTR_NS_ID}, "ID"}, {{kPath}, "PATH"}, {{kPath, MQNULL_PATH_ATTR_ID}, "PATH"}};
    }
    return {};
}

std::vector<AttrOption> mpath_settings() {
    return {{{MQPATH_ATTR_SELECTOR}, "--selector"},
            {{MQPATH_ATTR_FAILBACK}, "--failback"},
            {{MQPATH_ATTR_QUEUE_IF_NO_PATH}, "--queue-if-no-path"},
            {{MQPATH_ATTR_NO_PATH_TIMEOUT_MS}, "--no-path-timeout"},
            {{MQPATH_ATTR_PROBE_INTERVAL_MS}, "--probe-interval"},
            {{MQPATH_ATTR_FREEZE_WARN_MS}, "--freeze-warn"}};
}

std::vector<AttrOption> mpath_options(std::string_view verb) {
    constexpr std::uint16_t kPath = MQPATH_ATTR_PATH;
    std::vector<AttrOption> out;
    if (verb == "create") {
        out = {{{MQPATH_ATTR_DEV_ID}, "--id"},
               {{MQPATH_ATTR_SIZE}, "--size"},
               {{MQPATH_ATTR_LOGICAL_BS}, "--logical-bs"}};
        const auto s = mpath_settings();
        out.insert(out.end(), s.begin(), s.end());
        return out;
    }
    if (verb == "info" || verb == "list" || verb == "events") {
        return out;
    }
    out = {{{MQPATH_ATTR_DEV_ID}, "DEV"}};
    if (verb == "set") {
        const auto s = mpath_settings();
        out.insert(out.end(), s.begin(), s.end());
    } else if (verb == "path add") {
        out.insert(out.end(), {{{kPath}, "DISK"},
                               {{kPath, MQPATH_PATH_ATTR_DEV_MAJOR}, "DISK"},
                               {{kPath, MQPATH_PATH_ATTR_DEV_MINOR}, "DISK"},
                               {{kPath, MQPATH_PATH_ATTR_PRIORITY}, "--priority"},
                               {{MQPATH_ATTR_ALLOW_UNIDENTIFIED}, "--allow-unidentified"}});
    } else if (verb.starts_with("path ")) {
        out.insert(out.end(), {{{kPath}, "PATH"},
                               {{kPath, MQPATH_PATH_ATTR_ID}, "PATH"},
                               {{kPath, MQPATH_PATH_ATTR_DEV_MAJOR}, "PATH"},
                               {{kPath, MQPATH_PATH_ATTR_DEV_MINOR}, "PATH"}});
        if (verb == "path set") {
            out.push_back({{kPath, MQPATH_PATH_ATTR_PRIORITY}, "--priority"});
        }
        if (verb == "path remove" || verb == "path fail") {
            out.push_back({{MQPATH_ATTR_FORCE}, "--force"});
        }
    }
    return out;
}

// The family and the options of a command; nullptr family for commands
// that send no attributes of either.
struct CommandTable {
    const Family* family = nullptr;
    std::vector<AttrOption> options;
};

CommandTable table_of(std::string_view command) {
    if (command.starts_with("null ")) {
        return {&null_family(), null_options(command.substr(5))};
    }
    if (command.starts_with("mpath ")) {
        return {&mpath_family(), mpath_options(command.substr(6))};
    }
    return {};
}

std::string styled(const char* option, NameStyle style) {
    const std::string_view o = option;
    if (style == NameStyle::option) {
        return std::string(o);
    }
    // An apply file's keys are the options without dashes; arguments are
    // the object the report already names.
    return o.starts_with("--") ? std::string(o.substr(2)) : std::string();
}

std::string lookup(const CommandTable& t, const AttrPath& path, NameStyle style) {
    for (const auto& ao : t.options) {
        if (ao.path == path) {
            return styled(ao.option, style);
        }
    }
    return "";
}

// The attribute's option, or its enclosing nest's.
std::string lookup_or_nest(const CommandTable& t, AttrPath path, NameStyle style) {
    while (!path.empty()) {
        std::string o = lookup(t, path, style);
        if (!o.empty()) {
            return o;
        }
        path.pop_back();
    }
    return "";
}

// "MQPATH_ATTR_DEV_ID" -> "DEV_ID"
std::string_view short_name(std::string_view full) {
    const auto at = full.find("_ATTR_");
    return at == std::string_view::npos ? full : full.substr(at + 6);
}

std::optional<std::uint16_t> index_of(const std::vector<std::string>& names, std::string_view name,
                                      bool allow_short) {
    for (std::size_t i = 1; i < names.size(); ++i) {
        if (names[i] == name || (allow_short && short_name(names[i]) == name)) {
            return static_cast<std::uint16_t>(i);
        }
    }
    return std::nullopt;
}

// One attribute name as the kernel writes it in a message: a full name
// ("MQNULL_PATH_ATTR_ID"), a top-level short one ("DEV_ID") or a nested
// one after its nest ("PATH.ID").
std::optional<AttrPath> resolve_name(const Family& f, std::string_view name) {
    if (const auto dot = name.find('.'); dot != std::string_view::npos) {
        const auto nest = index_of(f.top, name.substr(0, dot), true);
        const auto child = index_of(f.nested, name.substr(dot + 1), true);
        if (nest == f.nest && child) {
            return AttrPath{f.nest, *child};
        }
        return std::nullopt;
    }
    if (const auto t = index_of(f.top, name, true)) {
        return AttrPath{*t};
    }
    if (const auto n = index_of(f.nested, name, false)) {
        return AttrPath{f.nest, *n};
    }
    return std::nullopt;
}

// "PATH.DEV_MAJOR/DEV_MINOR": names joined by '/', later ones in the nest
// of the first. Empty if any part is not an attribute name.
std::vector<AttrPath> resolve_token(const Family& f, std::string_view token) {
    std::vector<AttrPath> out;
    std::string nest_prefix;
    std::size_t start = 0;
    while (start <= token.size()) {
        const auto slash = std::min(token.find('/', start), token.size());
        std::string part(token.substr(start, slash - start));
        if (part.find('.') == std::string::npos && !nest_prefix.empty()) {
            part.insert(0, nest_prefix);
        }
        const auto path = resolve_name(f, part);
        if (!path) {
            return {};
        }
        if (const auto dot = part.find('.'); dot != std::string::npos) {
            nest_prefix = part.substr(0, dot + 1);
        }
        out.push_back(*path);
        start = slash + 1;
    }
    return out;
}

// The words for an attribute the command has no option for.
std::string words_for(const Family& f, const AttrPath& path) {
    const auto& names = path.size() == 1 ? f.top : f.nested;
    const std::uint16_t t = path.back();
    const std::string s(t < names.size() ? short_name(names[t]) : "");
    static const std::vector<std::pair<std::string_view, std::string_view>> kWords{
        {"LOGICAL_BS", "logical block size"},
        {"PHYSICAL_BS", "physical block size"},
        {"NS_ID", "namespace id"},
        {"DEV_ID", "device id"},
        {"DEV_MAJOR", "device number"},
        {"DEV_MINOR", "device number"},
        {"NR_PATHS", "number of paths"},
    };
    std::string out;
    for (const auto& [name, words] : kWords) {
        if (name == s) {
            out = words;
        }
    }
    if (out.empty()) {
        out = s;
        std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
            return c == '_' ? ' ' : static_cast<char>(std::tolower(c));
        });
    }
    return path.size() == 2 ? "path " + out : out;
}

bool name_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '/';
}

// A name token and how it reads to the user.
struct Token {
    std::size_t pos = 0;
    std::size_t len = 0;
    std::string option; // the command's option for it, "" if none
    std::string words;  // what to write instead
};

std::optional<Token> read_token(const CommandTable& t, std::string_view text, std::size_t pos,
                                NameStyle style) {
    std::size_t end = pos;
    while (end < text.size() && name_char(text[end])) {
        ++end;
    }
    // A token ends in a letter or digit: "SIZE." at the end of a sentence.
    while (end > pos && (text[end - 1] == '.' || text[end - 1] == '/')) {
        --end;
    }
    const bool word_start = pos == 0 || !name_char(text[pos - 1]);
    const bool word_end =
        end == text.size() || std::isalnum(static_cast<unsigned char>(text[end])) == 0;
    if (end - pos < 2 || !word_start || !word_end) {
        return std::nullopt;
    }
    const auto paths = resolve_token(*t.family, text.substr(pos, end - pos));
    if (paths.empty()) {
        return std::nullopt;
    }
    Token tok{pos, end - pos, lookup(t, paths.front(), style), ""};
    std::string words;
    for (const auto& p : paths) {
        if (lookup(t, p, style) != tok.option) {
            tok.option.clear();
        }
        const std::string w = words_for(*t.family, p);
        if (words.find(w) == std::string::npos) {
            words += (words.empty() ? "" : "/") + w;
        }
    }
    tok.words = tok.option.empty() ? words : tok.option;
    return tok;
}

// Every attribute name in text replaced by its option or words.
std::string rewrite_names(const CommandTable& t, std::string text, NameStyle style) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        if (auto tok = read_token(t, text, pos, style)) {
            text.replace(tok->pos, tok->len, tok->words);
            pos += tok->words.size();
        } else {
            ++pos;
        }
    }
    return text;
}

bool mentions(std::string_view text, std::string_view word) {
    for (auto at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
        const std::size_t end = at + word.size();
        const bool before_ok = at == 0 || text[at - 1] == ' ';
        const bool after_ok = end == text.size() || text[end] == ' ' || text[end] == ':' ||
                              text[end] == ',' || text[end] == ')';
        if (before_ok && after_ok) {
            return true;
        }
    }
    return false;
}

} // namespace

std::string option_for(std::string_view command, const std::vector<std::uint16_t>& attr_path,
                       NameStyle style) {
    return lookup_or_nest(table_of(command), attr_path, style);
}

std::string describe_kernel_error(const nl::NetlinkError& e, std::string_view command,
                                  NameStyle style) {
    const nl::Extack& ext = e.extack();
    std::string text = ext.message.empty() ? std::string(std::strerror(e.error())) : ext.message;
    const CommandTable t = table_of(command);
    if (t.family == nullptr) {
        return e.what();
    }
    std::string option = lookup_or_nest(t, ext.attr_path, style);
    // The message's own first word, when it names the attribute it is about
    // ("MQNULL_ATTR_NS_ID: no such namespace"), becomes the prefix.
    if (const auto lead = read_token(t, text, 0, style);
        lead && !lead->option.empty() && (option.empty() || option == lead->option)) {
        option = lead->option;
        std::size_t rest = lead->len;
        if (rest < text.size() && text[rest] == ':') {
            ++rest;
        }
        while (rest < text.size() && text[rest] == ' ') {
            ++rest;
        }
        text.erase(0, rest);
    }
    text = rewrite_names(t, text, style);
    if (ext.miss_type && ext.message.empty() && !option.empty()) {
        text = "missing " + option;
    }
    std::string out;
    if (!option.empty() && !mentions(text, option)) {
        out = option + ": ";
    }
    if (!ext.policy_range.empty()) {
        out += "must be " + ext.policy_range + ": ";
    }
    return out + text;
}

} // namespace mq::ctl
