// SPDX-License-Identifier: GPL-2.0-only
// What mqfuzz knows about the two generic netlink families: every command
// (whether it needs CAP_SYS_ADMIN, whether it has a doit and a dumpit), every
// top-level and PATH attribute with its wire type and the range the kernel's
// policy accepts, and what each command takes. Numbers come from the uapi
// headers in kmod/include/uapi; schema.cpp static_asserts their counts so
// that a new command or attribute does not build until it is described here.
// The mqnull kinds, ranges, commands and their attributes are checked against
// the family's spec (netlink/specs/mqnull.yaml) by tests/unit/netlink_spec_test.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mq::fuzz {

// The wire type of an attribute.
enum class Kind : std::uint8_t { U8, U32, U64, Flag, String, Nested };

// What a value means, so that valid-ish generators pick ids that exist.
enum class Role : std::uint8_t {
    Plain,    // any value in [min, max]
    NsId,     // an mqnull namespace id
    DevId,    // an mqpath device id
    PathId,   // a path of the namespace / device the message names
    Major,    // a block device number (mqpath PATH_ADD and friends)
    Minor,    //
    Size,     // bytes, a multiple of 4096 in valid-ish messages
    BlockSize // a power of two in [min, max]
};

struct AttrSpec {
    std::uint16_t type = 0;
    std::string_view name;
    Kind kind = Kind::U32;
    std::uint64_t min = 0;
    std::uint64_t max = 0;
    Role role = Role::Plain;
    // Accepted in requests (has a policy entry); reply-only attributes are
    // rejected by the kernel's strict validation.
    bool request = true;
    // Valid-ish generators stay below this (OOM and IO-latency clamps); 0 = max.
    std::uint64_t safe_max = 0;
};

struct CmdSpec {
    std::uint8_t cmd = 0;
    std::string_view name;
    bool mutating = false; // needs CAP_SYS_ADMIN
    bool doit = false;
    bool dump = false;
    bool event = false;                    // multicast only, no operation
    std::vector<std::uint16_t> attrs;      // top-level attributes it takes
    std::vector<std::uint16_t> required;   // of which these must be present
    std::vector<std::uint16_t> path_attrs; // inside PATH, if it takes PATH
    std::vector<std::uint16_t> path_required;
};

enum class FamilyId : std::uint8_t { MqNull, MqPath };

struct FamilySpec {
    FamilyId id = FamilyId::MqNull;
    std::string_view name;
    std::uint8_t version = 1;
    std::uint16_t max_attr = 0;
    std::uint16_t max_path_attr = 0;
    std::uint8_t max_cmd = 0;
    std::uint16_t path_attr = 0; // the nested PATH attribute's type
    std::vector<AttrSpec> attrs;
    std::vector<AttrSpec> path_attrs;
    std::vector<CmdSpec> cmds;

    [[nodiscard]] const AttrSpec* attr(std::uint16_t type) const;
    [[nodiscard]] const AttrSpec* path_attr_spec(std::uint16_t type) const;
    [[nodiscard]] const CmdSpec* command(std::uint8_t cmd) const;
    // Commands with an operation (not events, not UNSPEC).
    [[nodiscard]] std::vector<const CmdSpec*> operations() const;
};

const FamilySpec& mqnull_spec();
const FamilySpec& mqpath_spec();
const FamilySpec& spec_of(FamilyId id);

// Payload size of an attribute kind (0 for strings, flags and nests).
std::size_t kind_size(Kind k);

} // namespace mq::fuzz
