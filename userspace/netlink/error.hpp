// SPDX-License-Identifier: GPL-2.0-only
// Errors from the kernel (NLMSG_ERROR, or an error in NLMSG_DONE) and from
// libnl, with the extended-ack information the kernel attached.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

struct nlmsghdr;

namespace mq::nl {

// The NLMSGERR_ATTR_* TLVs of an error or done message.
struct Extack {
    std::string message;                    // NLMSGERR_ATTR_MSG, may be empty
    std::optional<std::uint32_t> offset;    // NLMSGERR_ATTR_OFFS
    std::optional<std::uint32_t> miss_type; // NLMSGERR_ATTR_MISS_TYPE
    std::optional<std::uint32_t> miss_nest; // NLMSGERR_ATTR_MISS_NEST
    std::string policy_range;               // NLMSGERR_ATTR_POLICY: "1..16"

    // Filled in from the request by GenlSocket: the attribute the offset
    // (or MISS_TYPE) points at, as type numbers from the outside in, and
    // its name from the family's attribute table ("MQNULL_ATTR_NR_PATHS").
    std::vector<std::uint16_t> attr_path;
    std::string attr_name;

    bool operator==(const Extack&) const = default;
};

// The types of the attribute at byte `offset` of a request (counted from its
// nlmsghdr, as NLMSGERR_ATTR_OFFS is), from the outside in; attributes start
// hdrlen bytes after the netlink header (GENL_HDRLEN for generic netlink).
// Empty if offset is not the start of an attribute.
std::vector<std::uint16_t> attr_path_at(const nlmsghdr* request, std::uint32_t offset,
                                        std::size_t hdrlen);

// Turns a path of attribute types into a name, e.g. {16, 1} -> "MQNULL_PATH_ATTR_ID".
using AttrNamer = std::string (*)(const std::vector<std::uint16_t>& path);

// The error code (negative errno, 0 = ack) and extack of an NLMSG_ERROR or
// NLMSG_DONE message; nullopt for other message types or a short message.
struct AckInfo {
    int error = 0;
    Extack extack;
};
std::optional<AckInfo> parse_ack(const nlmsghdr* hdr);

class NetlinkError : public std::runtime_error {
  public:
    // err is a positive errno value.
    NetlinkError(int err, Extack extack);
    NetlinkError(int err, const std::string& message);

    [[nodiscard]] int error() const noexcept { return errno_; }
    [[nodiscard]] const Extack& extack() const noexcept { return extack_; }
    // "EINVAL"; "errno 1234" for values the C library cannot name.
    [[nodiscard]] std::string errno_name() const { return errno_name_of(errno_); }
    // The extack message if the kernel sent one, else the strerror text.
    [[nodiscard]] std::string message() const { return what(); }

    static std::string errno_name_of(int err);

  private:
    int errno_;
    Extack extack_;
};

// The generic netlink family is not registered: its module is not loaded.
class FamilyMissing : public NetlinkError {
  public:
    FamilyMissing(std::string family, const std::string& message);
    // "<module> module not loaded (modprobe/insmod <module>.ko)"
    static FamilyMissing for_module(const std::string& family, const std::string& module);
    [[nodiscard]] const std::string& family() const noexcept { return family_; }

  private:
    std::string family_;
};

} // namespace mq::nl
