// SPDX-License-Identifier: GPL-2.0-only
#include "netlink/error.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <string.h> // NOLINT(modernize-deprecated-headers): strerrorname_np
#include <utility>

namespace mq::nl {
namespace {

// The kernel's message verbatim; when it does not name the attribute it is
// about, the attribute's name and the valid range are added:
// "integer out of range: MQNULL_ATTR_NR_PATHS must be in 1..16".
std::string describe(int err, const Extack& ext) {
    std::string text = ext.message.empty() ? std::string(std::strerror(err)) : ext.message;
    std::string name = ext.attr_name;
    if (name.empty() && ext.miss_type) {
        name = "attribute " + std::to_string(*ext.miss_type);
    }
    if (!name.empty()) {
        // "MQPATH_ATTR_DEV_ID" is named if the message says "DEV_ID".
        const auto attr = name.find("_ATTR_");
        const std::string short_name = attr == std::string::npos ? name : name.substr(attr + 6);
        if (text.find(short_name) == std::string::npos) {
            text += (ext.miss_type && ext.message.empty() ? ", missing " : ": ") + name;
        }
    }
    if (!ext.policy_range.empty()) {
        text += (name.empty() ? ": must be in " : " must be in ") + ext.policy_range;
    }
    return text;
}

std::string policy_range(nlattr* policy) {
    std::array<nlattr*, NL_POLICY_TYPE_ATTR_MAX + 1> tb{};
    if (nla_parse_nested(tb.data(), NL_POLICY_TYPE_ATTR_MAX, policy, nullptr) < 0) {
        return "";
    }
    auto u64 = [&](int t) { return nla_len(tb[t]) >= 8 ? nla_get_u64(tb[t]) : 0; };
    auto s64 = [&](int t) {
        return nla_len(tb[t]) >= 8 ? static_cast<std::int64_t>(nla_get_u64(tb[t])) : 0;
    };
    if (tb[NL_POLICY_TYPE_ATTR_MIN_VALUE_U] != nullptr &&
        tb[NL_POLICY_TYPE_ATTR_MAX_VALUE_U] != nullptr) {
        return std::to_string(u64(NL_POLICY_TYPE_ATTR_MIN_VALUE_U)) + ".." +
               std::to_string(u64(NL_POLICY_TYPE_ATTR_MAX_VALUE_U));
    }
    if (tb[NL_POLICY_TYPE_ATTR_MIN_VALUE_S] != nullptr &&
        tb[NL_POLICY_TYPE_ATTR_MAX_VALUE_S] != nullptr) {
        return std::to_string(s64(NL_POLICY_TYPE_ATTR_MIN_VALUE_S)) + ".." +
               std::to_string(s64(NL_POLICY_TYPE_ATTR_MAX_VALUE_S));
    }
    return "";
}

} // namespace

std::optional<AckInfo> parse_ack(const nlmsghdr* hdr) {
    if (hdr == nullptr) {
        return std::nullopt;
    }
    const auto* base = reinterpret_cast<const unsigned char*>(hdr);
    const std::size_t total = hdr->nlmsg_len;
    std::size_t tlv_start = 0;
    AckInfo info;

    if (hdr->nlmsg_type == NLMSG_ERROR) {
        if (total < NLMSG_HDRLEN + sizeof(nlmsgerr)) {
            return std::nullopt;
        }
        nlmsgerr err{};
        std::memcpy(&err, base + NLMSG_HDRLEN, sizeof(err));
        info.error = err.error;
        // Unless the ack was capped, the whole request follows the header.
        std::size_t echoed = 0;
        if ((hdr->nlmsg_flags & NLM_F_CAPPED) == 0 && err.msg.nlmsg_len > NLMSG_HDRLEN) {
            echoed = err.msg.nlmsg_len - NLMSG_HDRLEN;
        }
        tlv_start = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(nlmsgerr) + echoed);
    } else if (hdr->nlmsg_type == NLMSG_DONE) {
        int code = 0;
        if (total >= NLMSG_HDRLEN + sizeof(code)) {
            std::memcpy(&code, base + NLMSG_HDRLEN, sizeof(code));
            tlv_start = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(code));
        }
        info.error = code;
    } else {
        return std::nullopt;
    }

    if ((hdr->nlmsg_flags & NLM_F_ACK_TLVS) == 0 || tlv_start == 0 || tlv_start >= total) {
        return info;
    }
    std::array<nlattr*, NLMSGERR_ATTR_MAX + 1> tb{};
    // nla_parse does not modify the attributes; it only lacks const.
    auto* attrs = const_cast<nlattr*>(reinterpret_cast<const nlattr*>(base + tlv_start));
    if (nla_parse(tb.data(), NLMSGERR_ATTR_MAX, attrs, static_cast<int>(total - tlv_start),
                  nullptr) < 0) {
        return info;
    }
    if (tb[NLMSGERR_ATTR_MSG] != nullptr) {
        const auto* s = static_cast<const char*>(nla_data(tb[NLMSGERR_ATTR_MSG]));
        info.extack.message = std::string(s, strnlen(s, nla_len(tb[NLMSGERR_ATTR_MSG])));
    }
    auto u32 = [&](int type) -> std::optional<std::uint32_t> {
        if (tb[type] != nullptr && nla_len(tb[type]) >= 4) {
            return nla_get_u32(tb[type]);
        }
        return std::nullopt;
    };
    info.extack.offset = u32(NLMSGERR_ATTR_OFFS);
    info.extack.miss_type = u32(NLMSGERR_ATTR_MISS_TYPE);
    info.extack.miss_nest = u32(NLMSGERR_ATTR_MISS_NEST);
    if (tb[NLMSGERR_ATTR_POLICY] != nullptr) {
        info.extack.policy_range = policy_range(tb[NLMSGERR_ATTR_POLICY]);
    }
    return info;
}

std::vector<std::uint16_t> attr_path_at(const nlmsghdr* request, std::uint32_t offset,
                                        std::size_t hdrlen) {
    std::vector<std::uint16_t> path;
    if (request == nullptr || offset >= request->nlmsg_len) {
        return path;
    }
    const auto* base = reinterpret_cast<const unsigned char*>(request);
    std::size_t pos = NLMSG_HDRLEN + NLMSG_ALIGN(hdrlen);
    std::size_t end = request->nlmsg_len;
    while (pos + NLA_HDRLEN <= end) {
        nlattr a{};
        std::memcpy(&a, base + pos, sizeof(a));
        if (a.nla_len < NLA_HDRLEN || pos + a.nla_len > end) {
            break;
        }
        const auto type = static_cast<std::uint16_t>(a.nla_type & NLA_TYPE_MASK);
        if (offset == pos) {
            path.push_back(type);
            return path;
        }
        if (offset > pos && offset < pos + a.nla_len) {
            if ((a.nla_type & NLA_F_NESTED) == 0) {
                break; // inside a plain attribute's payload
            }
            path.push_back(type);
            pos += NLA_HDRLEN;
            end = pos - NLA_HDRLEN + a.nla_len;
            continue;
        }
        pos += NLA_ALIGN(a.nla_len);
    }
    return {};
}

NetlinkError::NetlinkError(int err, Extack extack)
    : std::runtime_error(describe(err, extack)), errno_(err), extack_(std::move(extack)) {}

NetlinkError::NetlinkError(int err, const std::string& message)
    : std::runtime_error(message), errno_(err) {
    extack_.message = message;
}

std::string NetlinkError::errno_name_of(int err) {
    const char* name = strerrorname_np(err);
    if (name != nullptr) {
        return name;
    }
    return "errno " + std::to_string(err);
}

FamilyMissing::FamilyMissing(std::string family, const std::string& message)
    : NetlinkError(ENOENT, message), family_(std::move(family)) {}

FamilyMissing FamilyMissing::for_module(const std::string& family, const std::string& module) {
    return {family, module + " module not loaded (modprobe/insmod " + module + ".ko)"};
}

} // namespace mq::nl
