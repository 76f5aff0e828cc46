// SPDX-License-Identifier: GPL-2.0-only
// Block-device names and numbers: /dev paths, sysfs names and MAJ:MIN.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace mq::ctl {

struct DevNum {
    std::uint32_t major = 0;
    std::uint32_t minor = 0;
    bool operator==(const DevNum&) const = default;
};

// "8:16" -> {8, 16}; nullopt if text is not MAJ:MIN.
std::optional<DevNum> parse_devnum(const std::string& text);

// Resolves "/dev/NAME" (stat, must be a block device), "NAME" (sysfs, then
// /dev/NAME) or "MAJ:MIN". Throws std::system_error naming text.
DevNum resolve_block_device(const std::string& text);

// The device number of a disk by its kernel name, from sysfs.
std::optional<DevNum> sysfs_devnum(const std::string& disk_name);

// "/dev/" + disk_name, or the kernel's name for major:minor from
// /sys/dev/block, or "MAJ:MIN" when neither is known.
std::string dev_path(const std::string& disk_name, std::uint32_t major, std::uint32_t minor);

} // namespace mq::ctl
