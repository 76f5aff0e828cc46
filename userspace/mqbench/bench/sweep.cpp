// SPDX-License-Identifier: GPL-2.0-only
#include "sweep.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

namespace mq::bench {

namespace fs = std::filesystem;
using nlohmann::json;
using nlohmann::ordered_json;

namespace {

// Plan-file fields and script parameters travel as shell words.
bool is_word(std::string_view text) {
    return !text.empty() && std::none_of(text.begin(), text.end(), [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\'' || c == '"' || c == '\\';
    });
}

Params parse_params(const json& doc, const std::string& where) {
    Params params;
    if (doc.is_null()) {
        return params;
    }
    if (!doc.is_object()) {
        throw std::invalid_argument(where + ": 'params' must be an object of strings");
    }
    static const std::regex name_re("[A-Z_][A-Z0-9_]*");
    for (const auto& [key, value] : doc.items()) {
        std::string text = value.is_string() ? value.get<std::string>() : value.dump();
        if (!std::regex_match(key, name_re) || !is_word(text)) {
            throw std::invalid_argument(fmt::format(
                "{}: parameter {}={} must be an upper-case name and a value without spaces", where,
                key, text));
        }
        params.emplace_back(key, text);
    }
    return params;
}

template <typename T> std::vector<T> list_of(const json& doc, const char* key, bool required) {
    if (!doc.contains(key)) {
        if (required) {
            throw std::invalid_argument(std::string("preset: '") + key + "' is missing");
        }
        return {};
    }
    const json& value = doc.at(key);
    std::vector<T> out;
    try {
        if (value.is_array()) {
            out = value.get<std::vector<T>>();
        } else {
            out.push_back(value.get<T>());
        }
    } catch (const json::exception&) {
        throw std::invalid_argument(std::string("preset: '") + key +
                                    "' has a value of the wrong type");
    }
    if (out.empty()) {
        throw std::invalid_argument(std::string("preset: '") + key + "' is empty");
    }
    return out;
}

unsigned parse_unsigned(std::string_view text) {
    unsigned value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end) {
        throw std::invalid_argument("not a number: '" + std::string(text) + "'");
    }
    return value;
}

// The preset's "repeat": how many times each point runs in its boot.
unsigned parse_repeat(const json& doc) {
    if (!doc.contains("repeat")) {
        return 1;
    }
    const json& value = doc.at("repeat");
    if (!value.is_number_unsigned() || value.get<std::uint64_t>() == 0 ||
        value.get<std::uint64_t>() > kMaxRepeat) {
        throw std::invalid_argument("preset: 'repeat' is the number of runs of each point, a "
                                    "whole number from 1 to " +
                                    std::to_string(kMaxRepeat) + ", not " + value.dump());
    }
    return value.get<unsigned>();
}

// numjobs entries for a vCPU count, in order, without duplicates.
std::vector<unsigned> resolve_numjobs(const std::vector<std::string>& numjobs, unsigned vcpus) {
    std::vector<unsigned> out;
    for (const auto& entry : numjobs) {
        const unsigned n = entry == "vcpus" ? vcpus : parse_unsigned(entry);
        if (std::find(out.begin(), out.end(), n) == out.end()) {
            out.push_back(n);
        }
    }
    return out;
}

} // namespace

// ---------------------------------------------------------------- catalog

Catalog::Catalog(std::vector<TargetDef> targets) : targets_(std::move(targets)) {
    std::set<std::string> names;
    for (const auto& t : targets_) {
        if (!is_word(t.name) || t.name.find('/') != std::string::npos) {
            throw std::invalid_argument("catalog: bad target name '" + t.name + "'");
        }
        if (!names.insert(t.name).second) {
            throw std::invalid_argument("catalog: target " + t.name + " is listed twice");
        }
        if (!is_word(t.script)) {
            throw std::invalid_argument("catalog: target " + t.name + " has no script");
        }
    }
    for (const auto& t : targets_) {
        if (!t.baseline.empty() && names.count(t.baseline) == 0) {
            throw std::invalid_argument("catalog: " + t.name + "'s baseline " + t.baseline +
                                        " is not a target");
        }
        if (!t.floor.empty() && (names.count(t.floor) == 0 || t.floor == t.name)) {
            throw std::invalid_argument("catalog: " + t.name + "'s floor " + t.floor +
                                        " is not another target");
        }
    }
    for (const auto& t : targets_) {
        (void)depth(t.name); // rejects cycles
    }
}

Catalog Catalog::from_json(const json& doc) {
    std::vector<TargetDef> targets;
    if (!doc.contains("targets") || !doc.at("targets").is_array()) {
        throw std::invalid_argument("catalog: 'targets' must be an array");
    }
    for (const auto& entry : doc.at("targets")) {
        TargetDef t;
        t.name = entry.value("name", "");
        t.script = entry.value("script", "");
        t.baseline = entry.value("baseline", "");
        t.description = entry.value("description", "");
        t.explicit_only = entry.value("explicit", false);
        t.floor = entry.value("floor", "");
        t.params = parse_params(entry.value("params", json()), "catalog: " + t.name);
        targets.push_back(std::move(t));
    }
    return Catalog(std::move(targets));
}

Catalog Catalog::load(const fs::path& file) {
    std::ifstream in(file);
    if (!in) {
        throw std::runtime_error("cannot read the target catalog " + file.string());
    }
    try {
        return from_json(json::parse(in));
    } catch (const json::exception& e) {
        throw std::runtime_error(file.string() + ": " + e.what());
    }
}

const TargetDef* Catalog::find(std::string_view name) const {
    for (const auto& t : targets_) {
        if (t.name == name) {
            return &t;
        }
    }
    return nullptr;
}

const TargetDef& Catalog::at(std::string_view name) const {
    if (const auto* t = find(name)) {
        return *t;
    }
    throw std::invalid_argument("unknown target '" + std::string(name) + "'");
}

std::vector<std::string> Catalog::select(const std::vector<std::string>& selectors) const {
    std::vector<std::string> out;
    const auto add = [&out](const std::string& name) {
        if (std::find(out.begin(), out.end(), name) == out.end()) {
            out.push_back(name);
        }
    };
    for (const auto& sel : selectors) {
        if (const auto* t = find(sel)) {
            add(t->name);
            continue;
        }
        bool any = false;
        for (const auto& t : targets_) {
            if (!t.explicit_only && t.name.size() > sel.size() && t.name.starts_with(sel) &&
                t.name[sel.size()] == '-') {
                add(t.name);
                any = true;
            }
        }
        if (!any) {
            std::string known;
            for (const auto& t : targets_) {
                known += (known.empty() ? "" : ", ") + t.name;
            }
            throw std::invalid_argument(
                fmt::format("no target matches '{}' (targets: {})", sel, known));
        }
    }
    return out;
}

unsigned Catalog::depth(std::string_view name) const {
    unsigned depth = 0;
    const TargetDef* t = &at(name);
    while (!t->baseline.empty()) {
        if (++depth > targets_.size()) {
            throw std::invalid_argument("catalog: baselines of " + std::string(name) +
                                        " form a cycle");
        }
        t = &at(t->baseline);
    }
    return depth;
}

// ---------------------------------------------------------------- sweep

bool is_mixed(std::string_view rw) {
    return rw == "randrw" || rw == "readwrite" || rw == "rw";
}

ordered_json Sweep::to_json() const {
    ordered_json params_doc = ordered_json::object();
    for (const auto& [k, v] : params) {
        params_doc[k] = v;
    }
    ordered_json nj = ordered_json::array();
    for (const auto& n : numjobs) {
        if (n == "vcpus") {
            nj.push_back(n);
        } else {
            nj.push_back(parse_unsigned(n));
        }
    }
    return {{"name", name},
            {"description", description},
            {"targets", targets},
            {"rw", rw},
            {"bs", bs},
            {"iodepth", iodepth},
            {"numjobs", nj},
            {"vcpus", vcpus},
            {"accel", accel},
            {"runtime", runtime},
            {"ramp", ramp},
            {"rwmixread", rwmixread},
            {"mem", mem},
            {"repeat", repeat},
            {"params", params_doc}};
}

Sweep parse_sweep(const json& doc, const Catalog& catalog) {
    if (!doc.is_object()) {
        throw std::invalid_argument("preset: not a JSON object");
    }
    Sweep s;
    s.name = doc.value("name", "custom");
    s.description = doc.value("description", "");
    s.targets = catalog.select(list_of<std::string>(doc, "targets", true));
    s.rw = list_of<std::string>(doc, "rw", true);
    s.bs = list_of<std::string>(doc, "bs", true);
    s.iodepth = list_of<unsigned>(doc, "iodepth", true);
    s.vcpus = list_of<unsigned>(doc, "vcpus", true);
    s.accel = list_of<std::string>(doc, "accel", false);
    if (s.accel.empty()) {
        s.accel = {"icount"};
    }
    if (!doc.contains("numjobs")) {
        s.numjobs = {"vcpus"};
    } else {
        const json& nj = doc.at("numjobs");
        for (const auto& entry : nj.is_array() ? nj : json::array({nj})) {
            if (entry.is_number_unsigned() && entry.get<unsigned>() > 0) {
                s.numjobs.push_back(std::to_string(entry.get<unsigned>()));
            } else if (entry == "vcpus") {
                s.numjobs.emplace_back("vcpus");
            } else {
                throw std::invalid_argument("preset: numjobs entries are positive numbers or "
                                            "\"vcpus\", not " +
                                            entry.dump());
            }
        }
        if (s.numjobs.empty()) {
            throw std::invalid_argument("preset: 'numjobs' is empty");
        }
    }
    s.runtime = doc.value("runtime", 5U);
    s.ramp = doc.value("ramp", 0U);
    s.rwmixread = doc.value("rwmixread", 70U);
    s.mem = doc.value("mem", "2G");
    s.repeat = parse_repeat(doc);
    s.params = parse_params(doc.value("params", json()), "preset");

    static const std::set<std::string> rws{"read",      "write",  "randread",
                                           "randwrite", "randrw", "readwrite"};
    for (const auto& rw : s.rw) {
        if (rws.count(rw) == 0) {
            throw std::invalid_argument("preset: unknown rw '" + rw +
                                        "' (read, write, randread, randwrite, randrw, readwrite)");
        }
    }
    static const std::regex bs_re("[1-9][0-9]*[kKmM]?");
    for (const auto& bs : s.bs) {
        if (!std::regex_match(bs, bs_re)) {
            throw std::invalid_argument("preset: bad block size '" + bs + "' (512, 4k, 64k, 1m)");
        }
    }
    static const std::set<std::string> accels{"icount", "tcg", "kvm"};
    for (const auto& a : s.accel) {
        if (accels.count(a) == 0) {
            throw std::invalid_argument("preset: unknown accel '" + a + "' (icount, tcg, kvm)");
        }
    }
    for (const unsigned v : s.vcpus) {
        if (v == 0 || v > 64) {
            throw std::invalid_argument("preset: vcpus must be 1..64");
        }
    }
    for (const unsigned qd : s.iodepth) {
        if (qd == 0) {
            throw std::invalid_argument("preset: iodepth must be positive");
        }
    }
    if (s.runtime == 0 || s.rwmixread > 100 || !is_word(s.mem) || !is_word(s.name)) {
        throw std::invalid_argument("preset: runtime must be positive, rwmixread 0..100, and "
                                    "name and mem single words");
    }
    return s;
}

fs::path resolve_preset(const std::string& preset, const fs::path& presets_dir) {
    if (preset.find('/') != std::string::npos || preset.ends_with(".json")) {
        if (!fs::exists(preset)) {
            throw std::invalid_argument("no preset file " + preset);
        }
        return preset;
    }
    fs::path file = presets_dir / (preset + ".json");
    if (!fs::exists(file)) {
        std::string known;
        if (fs::is_directory(presets_dir)) {
            std::vector<std::string> names;
            for (const auto& e : fs::directory_iterator(presets_dir)) {
                if (e.path().extension() == ".json") {
                    names.push_back(e.path().stem().string());
                }
            }
            std::sort(names.begin(), names.end());
            for (const auto& n : names) {
                known += (known.empty() ? "" : ", ") + n;
            }
        }
        throw std::invalid_argument("no preset '" + preset + "' in " + presets_dir.string() +
                                    " (presets: " + known + "; or give a file)");
    }
    return file;
}

// ---------------------------------------------------------------- points

std::string Point::cell() const {
    std::string rw_name = rw;
    if (is_mixed(rw)) {
        rw_name += std::to_string(rwmixread);
    }
    return rw_name + "/" + bs + "/qd" + std::to_string(iodepth) + "/nj" + std::to_string(numjobs) +
           "/smp" + std::to_string(vcpus) + "/" + accel;
}

std::string Point::key() const {
    return target + "/" + cell();
}

Point Point::with_target(std::string name) const {
    Point p = *this;
    p.target = std::move(name);
    return p;
}

std::vector<Point> expand(const Sweep& sweep) {
    std::vector<Point> points;
    for (const unsigned vcpus : sweep.vcpus) {
        for (const auto& accel : sweep.accel) {
            for (const auto& rw : sweep.rw) {
                for (const auto& bs : sweep.bs) {
                    for (const unsigned qd : sweep.iodepth) {
                        for (const unsigned nj : resolve_numjobs(sweep.numjobs, vcpus)) {
                            for (const auto& target : sweep.targets) {
                                Point p;
                                p.index = points.size();
                                p.target = target;
                                p.rw = rw;
                                p.rwmixread = is_mixed(rw) ? sweep.rwmixread : 0;
                                p.bs = bs;
                                p.iodepth = qd;
                                p.numjobs = nj;
                                p.vcpus = vcpus;
                                p.accel = accel;
                                p.runtime = sweep.runtime;
                                p.ramp = sweep.ramp;
                                points.push_back(std::move(p));
                            }
                        }
                    }
                }
            }
        }
    }
    return points;
}

Shard Shard::parse(std::string_view text) {
    const auto slash = text.find('/');
    Shard s;
    try {
        if (slash == std::string_view::npos) {
            throw std::invalid_argument("no slash");
        }
        s.index = parse_unsigned(text.substr(0, slash));
        s.count = parse_unsigned(text.substr(slash + 1));
    } catch (const std::invalid_argument&) {
        throw std::invalid_argument("--shard wants I/N (e.g. 2/4), got '" + std::string(text) +
                                    "'");
    }
    if (s.count == 0 || s.index == 0 || s.index > s.count) {
        throw std::invalid_argument("--shard I/N needs 1 <= I <= N, got '" + std::string(text) +
                                    "'");
    }
    return s;
}

std::string Shard::str() const {
    return std::to_string(index) + "/" + std::to_string(count);
}

std::vector<Point> select_shard(const std::vector<Point>& points, Shard shard) {
    std::vector<Point> out;
    std::copy_if(points.begin(), points.end(), std::back_inserter(out),
                 [shard](const Point& p) { return shard.contains(p); });
    return out;
}

} // namespace mq::bench
