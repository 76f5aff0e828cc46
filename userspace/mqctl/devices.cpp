// SPDX-License-Identifier: GPL-2.0-only
#include "mqctl/devices.hpp"

#include <cerrno>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <system_error>

namespace mq::ctl {

std::optional<DevNum> parse_devnum(const std::string& text) {
    const auto colon = text.find(':');
    if (colon == std::string::npos) {
        return std::nullopt;
    }
    DevNum d;
    const char* b = text.data();
    const char* e = text.data() + text.size();
    auto [p1, ec1] = std::from_chars(b, b + colon, d.major);
    auto [p2, ec2] = std::from_chars(b + colon + 1, e, d.minor);
    if (colon == 0 || ec1 != std::errc{} || p1 != b + colon || colon + 1 == text.size() ||
        ec2 != std::errc{} || p2 != e) {
        return std::nullopt;
    }
    return d;
}

std::optional<DevNum> sysfs_devnum(const std::string& disk_name) {
    if (disk_name.empty() || disk_name.find('/') != std::string::npos) {
        return std::nullopt;
    }
    std::ifstream in("/sys/class/block/" + disk_name + "/dev");
    std::string line;
    if (in && std::getline(in, line)) {
        return parse_devnum(line);
    }
    return std::nullopt;
}

DevNum resolve_block_device(const std::string& text) {
    if (auto d = parse_devnum(text)) {
        return *d;
    }
    std::string path = text;
    if (text.find('/') == std::string::npos) {
        // A kernel disk name: sysfs knows it even without a /dev node.
        if (auto d = sysfs_devnum(text)) {
            return *d;
        }
        path = "/dev/" + text;
    }
    struct stat st {};
    if (stat(path.c_str(), &st) != 0) {
        throw std::system_error(errno, std::generic_category(), path);
    }
    if (!S_ISBLK(st.st_mode)) {
        throw std::system_error(ENOTBLK, std::generic_category(), path);
    }
    return DevNum{major(st.st_rdev), minor(st.st_rdev)};
}

std::string dev_path(const std::string& disk_name, std::uint32_t major, std::uint32_t minor) {
    if (!disk_name.empty()) {
        return "/dev/" + disk_name;
    }
    std::string num = std::to_string(major) + ":" + std::to_string(minor);
    std::error_code ec;
    const auto target = std::filesystem::read_symlink("/sys/dev/block/" + num, ec);
    if (!ec && !target.filename().empty()) {
        return "/dev/" + target.filename().string();
    }
    return num;
}

} // namespace mq::ctl
