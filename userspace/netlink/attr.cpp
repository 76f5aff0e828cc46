// SPDX-License-Identifier: GPL-2.0-only
#include "netlink/attr.hpp"

#include <cstring>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

namespace mq::nl {
namespace {

void check_put(int rc, int type) {
    if (rc < 0) {
        throw CodecError("cannot add attribute " + std::to_string(type) +
                         " to the message: out of room");
    }
}

} // namespace

MsgPtr genl_msg(int family, std::uint8_t cmd, std::uint8_t version, int flags) {
    MsgPtr m = new_msg();
    if (genlmsg_put(m.get(), NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, flags, cmd, version) ==
        nullptr) {
        throw CodecError("cannot build the generic netlink header");
    }
    return m;
}

void put_u8(nl_msg* m, int type, std::uint8_t v) {
    check_put(nla_put_u8(m, type, v), type);
}
void put_u32(nl_msg* m, int type, std::uint32_t v) {
    check_put(nla_put_u32(m, type, v), type);
}
void put_s32(nl_msg* m, int type, std::int32_t v) {
    check_put(nla_put_s32(m, type, v), type);
}
void put_u64(nl_msg* m, int type, std::uint64_t v) {
    check_put(nla_put_u64(m, type, v), type);
}
void put_string(nl_msg* m, int type, const std::string& v) {
    check_put(nla_put_string(m, type, v.c_str()), type);
}
void put_flag(nl_msg* m, int type) {
    check_put(nla_put_flag(m, type), type);
}

Nest::Nest(nl_msg* m, int type) : msg_(m), start_(nla_nest_start(m, type)) {
    if (start_ == nullptr) {
        throw CodecError("cannot open nested attribute " + std::to_string(type));
    }
}

Nest::~Nest() {
    if (start_ != nullptr) {
        nla_nest_cancel(msg_, start_);
    }
}

void Nest::close() {
    if (start_ != nullptr) {
        check_put(nla_nest_end(msg_, start_), nla_type(start_));
        start_ = nullptr;
    }
}

AttrTable AttrTable::from_genl(nl_msg* msg, int maxtype, const nla_policy* policy) {
    AttrTable t;
    t.tb_.assign(static_cast<std::size_t>(maxtype) + 1, nullptr);
    const int rc = genlmsg_parse(nlmsg_hdr(msg), 0, t.tb_.data(), maxtype, policy);
    if (rc < 0) {
        throw CodecError(std::string("malformed reply from the kernel: ") + nl_geterror(rc));
    }
    return t;
}

AttrTable AttrTable::from_nested(nlattr* nest, int maxtype, const nla_policy* policy) {
    AttrTable t;
    t.tb_.assign(static_cast<std::size_t>(maxtype) + 1, nullptr);
    const int rc = nla_parse_nested(t.tb_.data(), maxtype, nest, policy);
    if (rc < 0) {
        throw CodecError(std::string("malformed nested attribute: ") + nl_geterror(rc));
    }
    return t;
}

std::optional<std::uint8_t> AttrTable::u8(int type) const {
    nlattr* a = (*this)[type];
    return a != nullptr ? std::optional(nla_get_u8(a)) : std::nullopt;
}
std::optional<std::uint32_t> AttrTable::u32(int type) const {
    nlattr* a = (*this)[type];
    return a != nullptr ? std::optional(nla_get_u32(a)) : std::nullopt;
}
std::optional<std::int32_t> AttrTable::s32(int type) const {
    nlattr* a = (*this)[type];
    return a != nullptr ? std::optional(nla_get_s32(a)) : std::nullopt;
}
std::optional<std::uint64_t> AttrTable::u64(int type) const {
    nlattr* a = (*this)[type];
    return a != nullptr ? std::optional(nla_get_u64(a)) : std::nullopt;
}
std::optional<std::string> AttrTable::str(int type) const {
    nlattr* a = (*this)[type];
    if (a == nullptr) {
        return std::nullopt;
    }
    const auto* s = static_cast<const char*>(nla_data(a));
    return std::string(s, strnlen(s, static_cast<std::size_t>(nla_len(a))));
}

std::uint32_t AttrTable::need_u32(int type, const char* what) const {
    auto v = u32(type);
    if (!v) {
        throw CodecError(std::string("reply from the kernel lacks ") + what);
    }
    return *v;
}

std::vector<nlattr*> genl_attrs_of_type(nl_msg* msg, int type) {
    std::vector<nlattr*> out;
    auto* gh = static_cast<genlmsghdr*>(nlmsg_data(nlmsg_hdr(msg)));
    nlattr* head = genlmsg_attrdata(gh, 0);
    const int len = genlmsg_attrlen(gh, 0);
    int rem = 0;
    nlattr* a = nullptr;
    nla_for_each_attr(a, head, len, rem) {
        if (nla_type(a) == type) {
            out.push_back(a);
        }
    }
    return out;
}

std::uint8_t genl_cmd(nl_msg* msg) {
    auto* gh = static_cast<genlmsghdr*>(nlmsg_data(nlmsg_hdr(msg)));
    return gh->cmd;
}

std::string nested_attr_name(std::span<const std::string_view> top, std::uint16_t nest,
                             std::span<const std::string_view> nested,
                             const std::vector<std::uint16_t>& path) {
    if (path.size() == 1 && path[0] < top.size()) {
        return std::string(top[path[0]]);
    }
    if (path.size() == 2 && path[0] == nest && path[1] < nested.size()) {
        return std::string(nested[path[1]]);
    }
    return "";
}

} // namespace mq::nl
