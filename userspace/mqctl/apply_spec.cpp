// SPDX-License-Identifier: GPL-2.0-only
#include "mqctl/apply_spec.hpp"

#include "common/text.hpp"
#include "mqctl/cli.hpp"
#include "mqctl/limits.hpp"
#include "mqctl/units.hpp"
#include "mqctl/yaml_doc.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

namespace mq::ctl::apply {
namespace {

using nlohmann::json;

// A value of the document and where it is ("devices[0].paths[1]").
struct Field {
    const json& value;
    std::string path;

    [[noreturn]] void fail(const std::string& why) const { throw SpecError(path + ": " + why); }

    [[nodiscard]] Field at(const std::string& key) const {
        return {value.at(key), path.empty() ? key : path + "." + key};
    }
    [[nodiscard]] Field at(std::size_t i) const {
        return {value.at(i), path + "[" + std::to_string(i) + "]"};
    }
};

std::string shown(const json& v) {
    return v.is_string() ? "\"" + v.get<std::string>() + "\"" : v.dump();
}

// An object whose keys are all among `known`.
void check_object(const Field& f, const std::vector<std::string>& known) {
    if (!f.value.is_object()) {
        f.fail("expected an object with " + join(known, ", ") + ", got " + shown(f.value));
    }
    for (const auto& [key, v] : f.value.items()) {
        if (std::find(known.begin(), known.end(), key) == known.end()) {
            f.at(key).fail("unknown field (known: " + join(known, ", ") + ")");
        }
    }
}

std::vector<Field> array_items(const Field& f) {
    if (!f.value.is_array()) {
        f.fail("expected a list, got " + shown(f.value));
    }
    std::vector<Field> out;
    for (std::size_t i = 0; i < f.value.size(); ++i) {
        out.push_back(f.at(i));
    }
    return out;
}

// v, unless it is outside what the module accepts.
std::uint64_t in_range(const Field& f, std::uint64_t v, const Limit& limit, Unit unit) {
    if (!limit.contains(v)) {
        f.fail(out_of_range(v, limit, unit));
    }
    return v;
}

// An id: a whole number.
std::uint32_t get_id(const Field& f, const Limit& limit) {
    if (!f.value.is_number_unsigned()) {
        f.fail("expected a whole number >= 0, got " + shown(f.value));
    }
    return static_cast<std::uint32_t>(
        in_range(f, f.value.get<std::uint64_t>(), limit, Unit::count));
}

// A count or rate: a whole number, or a string with a 1000-based suffix
// as on the command line ("10k").
std::uint64_t get_count(const Field& f, const Limit& limit) {
    std::uint64_t v = 0;
    if (f.value.is_number_unsigned()) {
        v = f.value.get<std::uint64_t>();
    } else if (f.value.is_string()) {
        try {
            v = parse_count(f.value.get<std::string>());
        } catch (const UnitError& e) {
            f.fail(e.what());
        }
    } else {
        f.fail(R"(expected a whole number >= 0 or "10k" (k/M/G, 1000-based), got )" +
               shown(f.value));
    }
    return in_range(f, v, limit, Unit::count);
}

std::uint32_t get_count32(const Field& f, const Limit& limit) {
    return static_cast<std::uint32_t>(get_count(f, limit));
}

// The text of a value given with a unit ("64M", "5s"); a plain number is
// handed over as its digits.
std::string unit_text(const Field& f, const char* what) {
    if (f.value.is_string()) {
        return f.value.get<std::string>();
    }
    if (f.value.is_number_unsigned()) {
        return std::to_string(f.value.get<std::uint64_t>());
    }
    f.fail(std::string("expected ") + what + ", got " + shown(f.value));
}

template <typename F> auto unit_value(const Field& f, F&& parse) {
    try {
        return parse();
    } catch (const UnitError& e) {
        f.fail(e.what());
    }
}

std::uint64_t get_size(const Field& f, const Limit& limit = {}) {
    const std::string text = unit_text(f, "a size (bytes or K/M/G/T)");
    return in_range(f, unit_value(f, [&] { return parse_size(text); }), limit, Unit::size);
}

std::uint32_t get_block_size(const Field& f, const Limit& limit) {
    return static_cast<std::uint32_t>(get_size(f, limit));
}

std::uint64_t get_duration_ns(const Field& f, const Limit& limit) {
    const std::string text = unit_text(f, "a duration (10us, 1ms, 5s)");
    return in_range(f, unit_value(f, [&] { return parse_duration_ns(text); }), limit, Unit::ns);
}

std::uint32_t get_duration_ms(const Field& f, const Limit& limit) {
    const std::string text = unit_text(f, "a duration (500ms, 5s, 0 = off)");
    return static_cast<std::uint32_t>(
        in_range(f, unit_value(f, [&] { return parse_duration_ms(text); }), limit, Unit::ms));
}

bool get_bool(const Field& f, bool on_off) {
    if (f.value.is_boolean()) {
        return f.value.get<bool>();
    }
    if (on_off && f.value.is_string()) {
        const auto s = f.value.get<std::string>();
        if (s == "on" || s == "off") {
            return s == "on";
        }
    }
    f.fail(std::string("expected true or false") + (on_off ? R"x( (or "on", "off"))x" : "") +
           ", got " + shown(f.value));
}

template <typename Parse>
auto get_enum(const Field& f, const std::vector<std::string>& names, Parse parse) {
    if (f.value.is_string()) {
        if (auto v = parse(f.value.get<std::string>())) {
            return *v;
        }
    }
    std::string choices;
    for (const auto& n : names) {
        choices += (choices.empty() ? "" : ", ") + ("\"" + n + "\"");
    }
    f.fail("expected one of " + choices + ", got " + shown(f.value));
}

// Calls fn(field) for each key of `f` that is present and not null.
template <typename Fn> void with(const Field& f, const std::string& key, Fn&& fn) {
    if (f.value.contains(key) && !f.value.at(key).is_null()) {
        fn(f.at(key));
    }
}

Field required(const Field& f, const std::string& key) {
    if (!f.value.contains(key) || f.value.at(key).is_null()) {
        f.fail("missing field \"" + key + "\"");
    }
    return f.at(key);
}

mqnull::PathSettings parse_fault(const Field& f, std::uint32_t nr_paths, std::uint32_t ns_id) {
    check_object(f, {"path", "state", "latency", "error-ppm", "iops-limit", "bps-limit"});
    mqnull::PathSettings p;
    const Field path = required(f, "path");
    p.id = get_id(path, limits::kNsPathId);
    if (p.id >= nr_paths) {
        path.fail("namespace " + std::to_string(ns_id) + " has " + std::to_string(nr_paths) +
                  " paths (0.." + std::to_string(nr_paths - 1) + ")");
    }
    with(f, "state", [&](const Field& v) {
        p.state = get_enum(v, {"live", "failed", "offline", "hang"}, mqnull::parse_path_state);
    });
    with(f, "latency",
         [&](const Field& v) { p.latency_nsec = get_duration_ns(v, limits::kLatencyNs); });
    with(f, "error-ppm", [&](const Field& v) { p.error_ppm = get_count32(v, limits::kErrorPpm); });
    with(f, "iops-limit", [&](const Field& v) { p.iops_limit = get_count(v, Limit{}); });
    with(f, "bps-limit", [&](const Field& v) { p.bps_limit = get_size(v); });
    return p;
}

// A path as it is with no fault: what a path the file leaves out must be.
mqnull::PathSettings healthy(std::uint32_t id) {
    return {.id = id,
            .state = mqnull::PathState::live,
            .latency_nsec = 0,
            .error_ppm = 0,
            .iops_limit = 0,
            .bps_limit = 0,
            // Not faults: a file that leaves them out leaves them as they are.
            .write_cache = std::nullopt,
            .fua = std::nullopt,
            .discard = std::nullopt};
}

NamespaceDecl parse_namespace(const Field& f) {
    check_object(f,
                 {"id", "name", "size", "paths", "memory-backed", "lbs", "pbs", "queues", "depth",
                  "completion", "completion-delay", "poll-queues", "shared-tags", "faults"});
    NamespaceDecl ns;
    auto& c = ns.create;
    c.id = get_id(required(f, "id"), limits::kNsId);
    with(f, "name", [&](const Field& v) {
        if (!v.value.is_string() || v.value.get<std::string>().empty()) {
            v.fail("expected a non-empty string, got " + shown(v.value));
        }
        ns.name = v.value.get<std::string>();
    });
    c.size = get_size(required(f, "size"), limits::kNsSize);
    c.nr_paths = get_count32(required(f, "paths"), limits::kNsPaths);
    with(f, "memory-backed", [&](const Field& v) { c.memory_backed = get_bool(v, false); });
    with(f, "lbs", [&](const Field& v) { c.logical_bs = get_block_size(v, limits::kNsLogicalBs); });
    with(f, "pbs",
         [&](const Field& v) { c.physical_bs = get_block_size(v, limits::kNsPhysicalBs); });
    with(f, "queues", [&](const Field& v) { c.submit_queues = get_count32(v, limits::kNsQueues); });
    with(f, "depth", [&](const Field& v) { c.queue_depth = get_count32(v, limits::kNsDepth); });
    with(f, "completion", [&](const Field& v) {
        c.completion = get_enum(v, {"none", "softirq", "timer"}, mqnull::parse_completion);
    });
    with(f, "completion-delay",
         [&](const Field& v) { c.completion_nsec = get_duration_ns(v, limits::kNsCompletionNs); });
    with(f, "poll-queues",
         [&](const Field& v) { c.poll_queues = get_count32(v, limits::kNsQueues); });
    with(f, "shared-tags", [&](const Field& v) { c.shared_tags = get_bool(v, false); });

    for (std::uint32_t i = 0; i < *c.nr_paths; ++i) {
        ns.faults.push_back(healthy(i));
    }
    std::vector<bool> seen(*c.nr_paths, false);
    with(f, "faults", [&](const Field& list) {
        for (const Field& item : array_items(list)) {
            const mqnull::PathSettings p = parse_fault(item, *c.nr_paths, *c.id);
            if (seen[p.id]) {
                item.at("path").fail("path " + std::to_string(p.id) + " is given twice");
            }
            seen[p.id] = true;
            auto& out = ns.faults[p.id];
            out.state = p.state.value_or(*out.state);
            out.latency_nsec = p.latency_nsec.value_or(*out.latency_nsec);
            out.error_ppm = p.error_ppm.value_or(*out.error_ppm);
            out.iops_limit = p.iops_limit.value_or(*out.iops_limit);
            out.bps_limit = p.bps_limit.value_or(*out.bps_limit);
        }
    });
    return ns;
}

const NamespaceDecl& find_namespace(const Field& ref, const std::vector<NamespaceDecl>& all) {
    const json& v = ref.value;
    for (const auto& ns : all) {
        if ((v.is_string() && !ns.name.empty() && v.get<std::string>() == ns.name) ||
            (v.is_number_integer() && v.get<std::int64_t>() == *ns.create.id)) {
            return ns;
        }
    }
    if (!v.is_string() && !v.is_number_integer()) {
        ref.fail("expected a namespace name or id, got " + shown(v));
    }
    ref.fail("unknown namespace " + shown(v));
}

PathDecl parse_path(const Field& f, const std::vector<NamespaceDecl>& namespaces) {
    check_object(f, {"namespace", "path", "disk", "priority", "allow-unidentified"});
    PathDecl p;
    p.field = f.path;
    const bool by_ns = f.value.contains("namespace") || f.value.contains("path");
    const bool by_disk = f.value.contains("disk");
    if (by_ns == by_disk) {
        f.fail("give either \"namespace\" and \"path\" (a path disk of a namespace of the "
               "file) or \"disk\"");
    }
    if (by_ns) {
        const NamespaceDecl& ns = find_namespace(required(f, "namespace"), namespaces);
        const Field path = required(f, "path");
        p.ns_id = *ns.create.id;
        p.ns_path = get_id(path, limits::kNsPathId);
        const std::uint32_t n = *ns.create.nr_paths;
        if (p.ns_path >= n) {
            path.fail("namespace " + std::to_string(*p.ns_id) + " has " + std::to_string(n) +
                      " paths (0.." + std::to_string(n - 1) + ")");
        }
    } else {
        const Field disk = f.at("disk");
        if (!disk.value.is_string() || disk.value.get<std::string>().empty()) {
            disk.fail("expected a block device (/dev/NAME, NAME or MAJ:MIN), got " +
                      shown(disk.value));
        }
        p.disk = disk.value.get<std::string>();
    }
    with(f, "priority", [&](const Field& v) { p.priority = get_count32(v, limits::kPriority); });
    with(f, "allow-unidentified",
         [&](const Field& v) { p.allow_unidentified = get_bool(v, false); });
    return p;
}

DeviceDecl parse_device(const Field& f, const std::vector<NamespaceDecl>& namespaces) {
    check_object(f, {"id", "size", "logical-bs", "selector", "failback", "queue-if-no-path",
                     "no-path-timeout", "probe-interval", "freeze-warn", "marginal-count",
                     "marginal-window", "marginal-hold", "paths"});
    DeviceDecl d;
    auto& s = d.settings;
    s.id = get_id(required(f, "id"), limits::kDevId);
    with(f, "size", [&](const Field& v) { s.size = get_size(v); });
    with(f, "logical-bs",
         [&](const Field& v) { s.logical_bs = get_block_size(v, limits::kDevLogicalBs); });
    with(f, "selector", [&](const Field& v) {
        s.selector = get_enum(v, {"rr", "qd", "numa"}, mqpath::parse_selector);
    });
    with(f, "failback", [&](const Field& v) {
        s.failback = get_enum(v, {"auto", "manual"}, mqpath::parse_failback);
    });
    with(f, "queue-if-no-path", [&](const Field& v) { s.queue_if_no_path = get_bool(v, true); });
    with(f, "no-path-timeout",
         [&](const Field& v) { s.no_path_timeout_ms = get_duration_ms(v, limits::kDevMs); });
    with(f, "probe-interval",
         [&](const Field& v) { s.probe_interval_ms = get_duration_ms(v, limits::kProbeMs); });
    with(f, "freeze-warn",
         [&](const Field& v) { s.freeze_warn_ms = get_duration_ms(v, limits::kDevMs); });
    with(f, "marginal-count",
         [&](const Field& v) { s.marginal_count = get_count32(v, limits::kMarginalCount); });
    with(f, "marginal-window",
         [&](const Field& v) { s.marginal_window_ms = get_duration_ms(v, limits::kDevMs); });
    with(f, "marginal-hold",
         [&](const Field& v) { s.marginal_hold_ms = get_duration_ms(v, limits::kDevMs); });
    with(f, "paths", [&](const Field& list) {
        const auto items = array_items(list);
        if (items.size() > MQPATH_MAX_PATHS) {
            list.fail(std::to_string(items.size()) + " paths, at most " +
                      std::to_string(MQPATH_MAX_PATHS));
        }
        for (const Field& item : items) {
            d.paths.push_back(parse_path(item, namespaces));
        }
    });
    return d;
}

// What a path refers to, for finding one given twice.
std::string path_key(const PathDecl& p) {
    if (p.ns_id) {
        return "namespace " + std::to_string(*p.ns_id) + " path " + std::to_string(p.ns_path);
    }
    return "disk \"" + p.disk + "\"";
}

void check_unique(const Spec& spec) {
    std::map<std::uint32_t, std::size_t> ns_ids;
    std::map<std::string, std::size_t> names;
    for (std::size_t i = 0; i < spec.namespaces.size(); ++i) {
        const auto& ns = spec.namespaces[i];
        const std::string at = "namespaces[" + std::to_string(i) + "]";
        if (auto [it, fresh] = ns_ids.emplace(*ns.create.id, i); !fresh) {
            throw SpecError(at + ".id: namespace " + std::to_string(*ns.create.id) +
                            " is also namespaces[" + std::to_string(it->second) + "]");
        }
        if (ns.name.empty()) {
            continue;
        }
        if (auto [it, fresh] = names.emplace(ns.name, i); !fresh) {
            throw SpecError(at + ".name: \"" + ns.name + "\" is also the name of namespaces[" +
                            std::to_string(it->second) + "]");
        }
    }
    std::map<std::uint32_t, std::size_t> dev_ids;
    std::map<std::string, std::string> used; // path key -> where
    for (std::size_t i = 0; i < spec.devices.size(); ++i) {
        const auto& d = spec.devices[i];
        const std::string at = "devices[" + std::to_string(i) + "]";
        if (auto [it, fresh] = dev_ids.emplace(*d.settings.id, i); !fresh) {
            throw SpecError(at + ".id: device " + std::to_string(*d.settings.id) +
                            " is also devices[" + std::to_string(it->second) + "]");
        }
        for (const auto& p : d.paths) {
            if (auto [it, fresh] = used.emplace(path_key(p), p.field); !fresh) {
                throw SpecError(p.field + ": " + path_key(p) + " is also " + it->second);
            }
        }
    }
}

} // namespace

json parse_document(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        throw SpecError("the file is empty");
    }
    if (text[first] == '{' || text[first] == '[') {
        try {
            return json::parse(text);
        } catch (const json::parse_error& e) {
            // what() is "[json.exception.parse_error.101] parse error at ...".
            std::string msg = e.what();
            if (const auto p = msg.find("] "); p != std::string::npos) {
                msg = msg.substr(p + 2);
            }
            throw SpecError("not valid JSON: " + msg);
        }
    }
    try {
        return yaml_to_json(text);
    } catch (const std::runtime_error& e) {
        throw SpecError(std::string("not valid YAML: ") + e.what());
    }
}

Spec to_spec(const json& doc) {
    const Field root{doc, ""};
    if (!doc.is_object()) {
        throw SpecError(R"(the file must hold an object with "namespaces" and/or "devices")");
    }
    for (const auto& [key, v] : doc.items()) {
        if (key != "namespaces" && key != "devices") {
            root.at(key).fail("unknown field (known: namespaces, devices)");
        }
    }
    Spec spec;
    with(root, "namespaces", [&](const Field& list) {
        for (const Field& item : array_items(list)) {
            spec.namespaces.push_back(parse_namespace(item));
        }
    });
    // Namespaces first: device paths refer to them.
    check_unique(spec);
    with(root, "devices", [&](const Field& list) {
        for (const Field& item : array_items(list)) {
            spec.devices.push_back(parse_device(item, spec.namespaces));
        }
    });
    check_unique(spec);
    return spec;
}

Spec parse_spec(const std::string& text) {
    return to_spec(parse_document(text));
}

std::string read_spec_file(const std::string& file) {
    std::ostringstream text;
    if (file == "-") {
        text << std::cin.rdbuf();
        return text.str();
    }
    std::ifstream in(file);
    if (!in) {
        throw SpecError(file + ": cannot open: " + std::strerror(errno));
    }
    text << in.rdbuf();
    return text.str();
}

} // namespace mq::ctl::apply
