// SPDX-License-Identifier: GPL-2.0-only
// Small typed helpers over libnl's attribute API, shared by the family codecs.
#pragma once

#include "netlink/nl_ptr.hpp"

#include <cstdint>
#include <netlink/attr.h>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mq::nl {

// Thrown when a message cannot be built (out of room) or parsed (a reply
// that does not match the policy, or lacks a required attribute).
class CodecError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Starts a generic netlink message for family/cmd with the given version.
MsgPtr genl_msg(int family, std::uint8_t cmd, std::uint8_t version, int flags = 0);

void put_u8(nl_msg* m, int type, std::uint8_t v);
void put_u32(nl_msg* m, int type, std::uint32_t v);
void put_s32(nl_msg* m, int type, std::int32_t v);
void put_u64(nl_msg* m, int type, std::uint64_t v);
void put_string(nl_msg* m, int type, const std::string& v);
void put_flag(nl_msg* m, int type);

template <typename T> void put_opt_u8(nl_msg* m, int type, const std::optional<T>& v) {
    if (v) {
        put_u8(m, type, static_cast<std::uint8_t>(*v));
    }
}
inline void put_opt_u32(nl_msg* m, int type, const std::optional<std::uint32_t>& v) {
    if (v) {
        put_u32(m, type, *v);
    }
}
inline void put_opt_u64(nl_msg* m, int type, const std::optional<std::uint64_t>& v) {
    if (v) {
        put_u64(m, type, *v);
    }
}

// Opens a nested attribute; close() (or the destructor) ends it.
class Nest {
  public:
    Nest(nl_msg* m, int type);
    ~Nest();
    Nest(const Nest&) = delete;
    Nest& operator=(const Nest&) = delete;
    Nest(Nest&&) = delete;
    Nest& operator=(Nest&&) = delete;
    void close();

  private:
    nl_msg* msg_;
    nlattr* start_;
};

// The parsed attribute table of a message or nest: tb[type] or nullptr.
class AttrTable {
  public:
    AttrTable() = default;
    // genlmsg_parse(msg, 0, ..., maxtype, policy); throws CodecError.
    static AttrTable from_genl(nl_msg* msg, int maxtype, const nla_policy* policy);
    // nla_parse_nested(nest, maxtype, policy); throws CodecError.
    static AttrTable from_nested(nlattr* nest, int maxtype, const nla_policy* policy);

    nlattr* operator[](int type) const {
        return type >= 0 && static_cast<std::size_t>(type) < tb_.size()
                   ? tb_[static_cast<std::size_t>(type)]
                   : nullptr;
    }
    [[nodiscard]] bool has(int type) const { return (*this)[type] != nullptr; }

    [[nodiscard]] std::optional<std::uint8_t> u8(int type) const;
    [[nodiscard]] std::optional<std::uint32_t> u32(int type) const;
    [[nodiscard]] std::optional<std::int32_t> s32(int type) const;
    [[nodiscard]] std::optional<std::uint64_t> u64(int type) const;
    [[nodiscard]] std::optional<std::string> str(int type) const;
    [[nodiscard]] bool flag(int type) const { return has(type); }

    // Like u32() etc. but throws CodecError naming what when absent.
    [[nodiscard]] std::uint32_t need_u32(int type, const char* what) const;

  private:
    std::vector<nlattr*> tb_;
};

// Every top-level attribute of type `type` in a generic netlink message, in
// order (nla_parse keeps only the last of repeated attributes).
std::vector<nlattr*> genl_attrs_of_type(nl_msg* msg, int type);

// The name of the attribute at `path` (types from the outside in, as an
// extack points at it) in a family whose attributes are `top`, one of which,
// `nest`, holds attributes named by `nested` (both families nest their
// per-path attributes this way). Empty when the path names nothing known.
std::string nested_attr_name(std::span<const std::string_view> top, std::uint16_t nest,
                             std::span<const std::string_view> nested,
                             const std::vector<std::uint16_t>& path);

// The genl command of a message.
std::uint8_t genl_cmd(nl_msg* msg);

} // namespace mq::nl
