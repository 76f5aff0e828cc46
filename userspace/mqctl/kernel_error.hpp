// SPDX-License-Identifier: GPL-2.0-only
// A kernel refusal in the user's words. The attribute an error is about
// (the extack's offset or missing type) and the attribute names in the
// kernel's message ("MQNULL_ATTR_NR_PATHS", "DEV_ID", "PATH.ID") are named
// as the options or arguments of the mqctl command that sent them:
// "--paths: must be 1..16: integer out of range (ERANGE)".
#pragma once

#include "netlink/error.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mq::ctl {

// How attributes are named: as on the command line ("--paths", and
// arguments as in --help: "ID", "DEV", "PATH"), or as the keys of an apply
// file ("paths"; arguments are left out, the apply report names the
// object).
enum class NameStyle { option, file_key };

// The option of `command` ("null create", "mpath path add") that carries
// the attribute at attr_path (attribute types from the outside in, as in
// nl::Extack), or the one that carries its enclosing nest; "" if none.
std::string option_for(std::string_view command, const std::vector<std::uint16_t>& attr_path,
                       NameStyle style = NameStyle::option);

// What the kernel said about a request of `command`, without the errno:
// "[OPTION: ][must be RANGE: ]MESSAGE", with every attribute name in the
// message replaced by its option (or, for attributes the command has no
// option for, by words: "logical block size").
std::string describe_kernel_error(const nl::NetlinkError& e, std::string_view command,
                                  NameStyle style = NameStyle::option);

} // namespace mq::ctl
