// SPDX-License-Identifier: GPL-2.0-only
// The userspace copies of the wire format against the family's spec
// (netlink/specs/*.yaml, from which the uapi header and the kernel's
// policies are generated): the attribute name tables of netlink/, mqfuzz's
// schema (commands, attributes, kinds, the ranges the kernel accepts) and
// mqctl's limits. The spec is read as YAML here rather than turned into a
// C++ header at build time: the tables keep their shape, yaml-cpp is in the
// build already (mqctl apply), and a difference names the attribute.
#include "mqctl/limits.hpp"
#include "mqfuzz/schema.hpp"
#include "netlink/mqnull.hpp"
#include "netlink/mqpath.hpp"

#include <cctype>
#include <cstdint>
#include <gtest/gtest.h>
#include <map>
#include <set>
#include <string>
#include <vector>
#include <yaml-cpp/yaml.h>

namespace {

std::string c_upper(std::string s) {
    for (char& c : s) {
        c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return s;
}

struct Attr {
    std::string name; // as in the spec: "ns-id"
    std::uint16_t value = 0;
    std::string type;
    std::uint64_t min = 0;
    std::uint64_t max = 0; // what the kernel's policy accepts
};

struct AttrSet {
    std::string prefix; // "MQNULL_ATTR_"
    std::map<std::string, Attr> by_name;
    std::map<std::uint16_t, Attr> by_value;
};

// One family's spec, with the checks resolved to numbers as the generator
// resolves them: a constant's name to its value, an enum to its entries,
// no check to the type's whole range.
class Spec {
  public:
    explicit Spec(const std::string& file) : doc_(YAML::LoadFile(file)) {
        for (const auto& d : doc_["definitions"]) {
            const auto name = d["name"].as<std::string>();
            if (d["type"].as<std::string>() == "const") {
                consts_[name] = d["value"].as<std::uint64_t>();
            } else {
                enums_[name] = d["entries"].size();
            }
        }
        for (const auto& s : doc_["attribute-sets"]) {
            AttrSet set;
            set.prefix = c_upper(s["name-prefix"].as<std::string>());
            std::uint16_t value = 1;
            for (const auto& a : s["attributes"]) {
                if (a["value"]) {
                    value = a["value"].as<std::uint16_t>();
                }
                Attr attr{a["name"].as<std::string>(), value, a["type"].as<std::string>()};
                attr.max = type_max(attr.type);
                if (a["enum"]) {
                    attr.max = enums_.at(a["enum"].as<std::string>()) - 1;
                }
                if (const auto checks = a["checks"]) {
                    if (checks["min"]) {
                        attr.min = limit(checks["min"]);
                    }
                    if (checks["max"]) {
                        attr.max = limit(checks["max"]);
                    }
                }
                set.by_name[attr.name] = attr;
                set.by_value[value] = attr;
                value++;
            }
            sets_[s["name"].as<std::string>()] = set;
        }
    }

    const AttrSet& set(const std::string& name) const { return sets_.at(name); }
    YAML::Node ops() const { return doc_["operations"]; }
    std::uint64_t constant(const std::string& name) const { return consts_.at(name); }

    // The attributes of a message description ("attributes: [...]").
    std::set<std::uint16_t> values(const YAML::Node& msg, const std::string& set_name) const {
        std::set<std::uint16_t> out;
        if (msg && msg["attributes"]) {
            for (const auto& a : msg["attributes"]) {
                out.insert(set(set_name).by_name.at(a.as<std::string>()).value);
            }
        }
        return out;
    }

  private:
    static std::uint64_t type_max(const std::string& type) {
        if (type == "u8") {
            return 0xff;
        }
        if (type == "u32") {
            return 0xffffffffULL;
        }
        if (type == "u64") {
            return ~0ULL;
        }
        return 0;
    }

    std::uint64_t limit(const YAML::Node& n) const {
        const auto s = n.as<std::string>();
        const auto c = consts_.find(s);
        return c != consts_.end() ? c->second : n.as<std::uint64_t>();
    }

    YAML::Node doc_;
    std::map<std::string, std::uint64_t> consts_;
    std::map<std::string, std::size_t> enums_;
    std::map<std::string, AttrSet> sets_;
};

const Spec& mqnull() {
    static const Spec spec(MQ_SPEC_DIR "/mqnull.yaml");
    return spec;
}

const Spec& mqpath() {
    static const Spec spec(MQ_SPEC_DIR "/mqpath.yaml");
    return spec;
}

mq::fuzz::Kind kind_of(const std::string& type) {
    using mq::fuzz::Kind;
    static const std::map<std::string, Kind> kinds = {
        {"u8", Kind::U8},
        {"u32", Kind::U32},
        {"s32", Kind::U32}, // mqfuzz sends no signed attribute (NUMA_NODE is a reply's)
        {"u64", Kind::U64},
        {"flag", Kind::Flag},
        {"string", Kind::String},
        {"nest", Kind::Nested},
        // mqfuzz has no binary kind (it never sends UUID) and counts PAD as a u64.
        {"binary", Kind::String},
        {"pad", Kind::U64},
    };
    return kinds.at(type);
}

// Every attribute of a set in a C++ name table, at its value.
void expect_names(const AttrSet& set, const std::vector<std::string>& names) {
    ASSERT_EQ(names.size(), set.by_value.rbegin()->first + 1U) << set.prefix;
    for (const auto& [value, attr] : set.by_value) {
        EXPECT_EQ(names[value], set.prefix + c_upper(attr.name)) << "value " << value;
    }
}

// mqfuzz's attributes: every one of the spec but UNSPEC, with its kind and,
// when the kernel takes it in a request, the policy's range. The ranges of
// `code_checked` are the handlers' (the spec's doc says so), not a policy's:
// the caller checks those.
void expect_fuzz_attrs(const AttrSet& set, const std::vector<mq::fuzz::AttrSpec>& attrs,
                       const std::set<std::uint16_t>& requested,
                       const std::set<std::string>& code_checked = {}) {
    EXPECT_EQ(attrs.size(), set.by_value.size() - 1) << set.prefix;
    for (const auto& a : attrs) {
        SCOPED_TRACE(set.prefix + std::string(a.name));
        const auto it = set.by_value.find(a.type);
        ASSERT_NE(it, set.by_value.end());
        const Attr& attr = it->second;
        EXPECT_EQ(a.name, c_upper(attr.name));
        EXPECT_EQ(a.kind, kind_of(attr.type));
        if (attr.type == "binary") {
            EXPECT_FALSE(a.request) << "mqfuzz cannot generate binary attributes";
            continue;
        }
        EXPECT_EQ(a.request, requested.count(a.type) == 1);
        if (code_checked.count(attr.name) != 0) {
            continue;
        }
        if (a.request && (attr.type == "u8" || attr.type == "u32" || attr.type == "u64")) {
            EXPECT_EQ(a.min, attr.min);
            EXPECT_EQ(a.max, attr.max);
        }
    }
}

TEST(NetlinkSpec, MqnullNameTables) {
    expect_names(mqnull().set("mqnull"), mq::mqnull::attr_names());
    expect_names(mqnull().set("path"), mq::mqnull::path_attr_names());
}

TEST(NetlinkSpec, MqnullFuzzAttributes) {
    const auto& f = mq::fuzz::mqnull_spec();
    // Top-level attributes some command takes; the path nest's are those
    // PATH_SET takes (netlink.c's mask), the settable ones.
    std::set<std::uint16_t> top;
    for (const auto& op : mqnull().ops()["list"]) {
        for (const char* mode : {"do", "dump"}) {
            if (op[mode]) {
                top.merge(mqnull().values(op[mode]["request"], "mqnull"));
            }
        }
    }
    std::set<std::uint16_t> path;
    for (const auto& cmd : f.cmds) {
        path.insert(cmd.path_attrs.begin(), cmd.path_attrs.end());
    }
    expect_fuzz_attrs(mqnull().set("mqnull"), f.attrs, top);
    expect_fuzz_attrs(mqnull().set("path"), f.path_attrs, path);
}

// Every operation of FAMILY's spec is a command of mqfuzz's table with the
// same name, modes and privilege, and its do request the same attributes,
// less those UNSENT names for that operation.
void expect_fuzz_commands(const Spec& spec, const std::string& family,
                          const mq::fuzz::FamilySpec& f, std::size_t cmd_max,
                          const std::map<std::string, std::set<std::uint16_t>>& unsent) {
    std::size_t n = 0;
    for (const auto& op : spec.ops()["list"]) {
        const auto value = n++;
        if (!op["do"] && !op["dump"] && !op["event"]) {
            continue; // UNSPEC
        }
        const auto name = op["name"].as<std::string>();
        SCOPED_TRACE(name);
        const auto* cmd = f.command(static_cast<std::uint8_t>(value));
        ASSERT_NE(cmd, nullptr);
        EXPECT_EQ(cmd->name, c_upper(name));
        EXPECT_EQ(cmd->doit, static_cast<bool>(op["do"]));
        EXPECT_EQ(cmd->dump, static_cast<bool>(op["dump"]));
        EXPECT_EQ(cmd->event, static_cast<bool>(op["event"]));
        const bool admin = op["do"] && op["do"]["pre"] &&
                           op["do"]["pre"].as<std::string>() == family + "-nl-pre-doit-admin";
        EXPECT_EQ(cmd->mutating, admin);
        if (op["do"]) {
            auto want = spec.values(op["do"]["request"], family);
            if (const auto it = unsent.find(name); it != unsent.end()) {
                for (const auto attr : it->second) {
                    want.erase(attr);
                }
            }
            const std::set<std::uint16_t> got(cmd->attrs.begin(), cmd->attrs.end());
            EXPECT_EQ(got, want);
        }
    }
    EXPECT_EQ(n, cmd_max + 1);
}

TEST(NetlinkSpec, MqnullFuzzCommands) {
    // UUID is binary: mqfuzz never sends it.
    expect_fuzz_commands(mqnull(), "mqnull", mq::fuzz::mqnull_spec(), MQNULL_CMD_MAX,
                         {{"ns-create", {MQNULL_ATTR_UUID}}});
}

// mqctl refuses out-of-range values before sending: the same ranges.
TEST(NetlinkSpec, MqctlMqnullLimits) {
    namespace L = mq::ctl::limits;
    const auto& top = mqnull().set("mqnull").by_name;
    const auto& path = mqnull().set("path").by_name;
    const auto expect = [](const mq::ctl::Limit& l, const Attr& a, std::uint64_t min) {
        EXPECT_EQ(l.min, min) << a.name;
        EXPECT_EQ(l.max, a.max) << a.name;
    };
    // 0 is NS_CREATE's "pick one"; every other command refuses it (netlink.c).
    EXPECT_EQ(top.at("ns-id").min, 0U);
    expect(L::kNsId, top.at("ns-id"), 1);
    expect(L::kNsSize, top.at("size"), top.at("size").min);
    expect(L::kNsLogicalBs, top.at("logical-bs"), top.at("logical-bs").min);
    expect(L::kNsPhysicalBs, top.at("physical-bs"), top.at("physical-bs").min);
    expect(L::kNsPaths, top.at("nr-paths"), top.at("nr-paths").min);
    expect(L::kNsQueues, top.at("submit-queues"), top.at("submit-queues").min);
    expect(L::kNsQueues, top.at("poll-queues"), top.at("poll-queues").min);
    expect(L::kNsDepth, top.at("queue-depth"), top.at("queue-depth").min);
    expect(L::kNsCompletionNs, top.at("completion-nsec"), top.at("completion-nsec").min);
    expect(L::kNsPathId, path.at("id"), path.at("id").min);
    expect(L::kLatencyNs, path.at("latency-nsec"), path.at("latency-nsec").min);
    expect(L::kErrorPpm, path.at("error-ppm"), path.at("error-ppm").min);
    EXPECT_EQ(mqnull().constant("max-paths"), static_cast<std::uint64_t>(MQNULL_MAX_PATHS));
}

TEST(NetlinkSpec, MqpathNameTables) {
    expect_names(mqpath().set("mqpath"), mq::mqpath::attr_names());
    expect_names(mqpath().set("path"), mq::mqpath::path_attr_names());
}

// The attributes a spec's operations take in requests, top level.
std::set<std::uint16_t> requested(const Spec& spec, const std::string& set_name) {
    std::set<std::uint16_t> top;
    for (const auto& op : spec.ops()["list"]) {
        for (const char* mode : {"do", "dump"}) {
            if (op[mode]) {
                top.merge(spec.values(op[mode]["request"], set_name));
            }
        }
    }
    return top;
}

TEST(NetlinkSpec, MqpathFuzzAttributes) {
    const auto& f = mq::fuzz::mqpath_spec();
    // The path nest's request attributes are those some command takes
    // (netlink.c's masks): the path's id or disk, and its priority.
    std::set<std::uint16_t> path;
    for (const auto& cmd : f.cmds) {
        path.insert(cmd.path_attrs.begin(), cmd.path_attrs.end());
    }
    EXPECT_EQ(path,
              (std::set<std::uint16_t>{MQPATH_PATH_ATTR_ID, MQPATH_PATH_ATTR_DEV_MAJOR,
                                       MQPATH_PATH_ATTR_DEV_MINOR, MQPATH_PATH_ATTR_PRIORITY}));
    // SIZE, LOGICAL_BS and PROBE_INTERVAL_MS take 0 outside their ranges,
    // which netlink.c checks; mqfuzz generates their non-zero ranges.
    expect_fuzz_attrs(mqpath().set("mqpath"), f.attrs, requested(mqpath(), "mqpath"),
                      {"size", "logical-bs", "probe-interval-ms"});
    expect_fuzz_attrs(mqpath().set("path"), f.path_attrs, path);
    for (const auto& a : f.attrs) {
        if (a.type == MQPATH_ATTR_PROBE_INTERVAL_MS) {
            EXPECT_EQ(a.min, mqpath().constant("min-probe-ms"));
            EXPECT_EQ(a.max, mqpath().constant("max-ms"));
        }
    }
}

TEST(NetlinkSpec, MqpathFuzzCommands) {
    // DEV_SET takes SIZE and LOGICAL_BS only to refuse them ("set at
    // DEV_CREATE only").
    expect_fuzz_commands(mqpath(), "mqpath", mq::fuzz::mqpath_spec(), MQPATH_CMD_MAX,
                         {{"dev-set", {MQPATH_ATTR_SIZE, MQPATH_ATTR_LOGICAL_BS}}});
}

// mqctl refuses out-of-range values before sending: the same ranges.
TEST(NetlinkSpec, MqctlMqpathLimits) {
    namespace L = mq::ctl::limits;
    const auto& top = mqpath().set("mqpath").by_name;
    const auto& path = mqpath().set("path").by_name;
    const auto expect = [](const mq::ctl::Limit& l, const Attr& a) {
        EXPECT_EQ(l.min, a.min) << a.name;
        EXPECT_EQ(l.max, a.max) << a.name;
    };
    expect(L::kDevId, top.at("dev-id"));
    expect(L::kDevMs, top.at("no-path-timeout-ms"));
    expect(L::kDevMs, top.at("freeze-warn-ms"));
    expect(L::kDevMs, top.at("marginal-window-ms"));
    expect(L::kDevMs, top.at("marginal-hold-ms"));
    expect(L::kMarginalCount, top.at("marginal-count"));
    expect(L::kMpathPathId, path.at("id"));
    expect(L::kPriority, path.at("priority"));
    // 0 (off) or min-probe-ms..max-ms, checked in netlink.c.
    EXPECT_EQ(L::kProbeMs.min, mqpath().constant("min-probe-ms"));
    EXPECT_EQ(L::kProbeMs.max, mqpath().constant("max-ms"));
    EXPECT_TRUE(L::kProbeMs.zero_ok);
    EXPECT_EQ(mqpath().constant("max-devs"), static_cast<std::uint64_t>(MQPATH_MAX_DEVS));
    EXPECT_EQ(mqpath().constant("max-paths"), static_cast<std::uint64_t>(MQPATH_MAX_PATHS));
}

} // namespace
