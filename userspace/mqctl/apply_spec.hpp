// SPDX-License-Identifier: GPL-2.0-only
// mqctl apply, step 1: the set-up file. Reads JSON or YAML into a checked
// Spec; every error names the field it is about, as a path into the file
// ("devices[0].paths[1].namespace: unknown namespace \"a\""). Nothing here
// touches the kernel or the file system (but read_spec_file).
#pragma once

#include "netlink/mqnull.hpp"
#include "netlink/mqpath.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace mq::ctl::apply {

// A bad set-up file; what() is "FIELD: problem" (or just the problem when it
// is about the whole file).
class SpecError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// A namespace: `create` holds the creation parameters the file gives (id,
// size and nr_paths always; the rest only if given, so that only those are
// compared with an existing namespace). `faults` has one entry per path,
// index = path id, every field set: a path the file does not mention is
// live and has no faults.
struct NamespaceDecl {
    std::string name; // "" if the file gives none
    mqnull::NamespaceSpec create;
    std::vector<mqnull::PathSettings> faults;
    bool operator==(const NamespaceDecl&) const = default;
};

// A path of a device: a path disk of a namespace of the file, or any block
// device by name.
struct PathDecl {
    std::optional<std::uint32_t> ns_id; // set: namespace ns_id, path ns_path
    std::uint32_t ns_path = 0;
    std::string disk; // set when ns_id is not: "/dev/sdb", "sdb" or "8:16"
    std::uint32_t priority = 0;
    bool allow_unidentified = false; // accept a disk with no unique id
    std::string field;               // "devices[0].paths[1]", for errors found later
    bool operator==(const PathDecl&) const = default;
};

// A device: `settings` holds id and whatever else the file gives.
struct DeviceDecl {
    mqpath::DeviceSettings settings;
    std::vector<PathDecl> paths;
    bool operator==(const DeviceDecl&) const = default;
};

struct Spec {
    std::vector<NamespaceDecl> namespaces;
    std::vector<DeviceDecl> devices;
    bool operator==(const Spec&) const = default;
};

// The document of a set-up file: JSON when it starts with '{' (after
// blanks), YAML otherwise (YAML scalars become JSON numbers, booleans or
// null when they read as such and are not quoted). Throws SpecError.
nlohmann::json parse_document(const std::string& text);

// Checks the document and builds the Spec. Throws SpecError.
Spec to_spec(const nlohmann::json& doc);

// parse_document + to_spec.
Spec parse_spec(const std::string& text);

// The text of FILE, or of standard input for "-". Throws SpecError.
std::string read_spec_file(const std::string& file);

} // namespace mq::ctl::apply
