// SPDX-License-Identifier: GPL-2.0-only
#include "mqctl/version.hpp"

#include "common/version.hpp"

#include <filesystem>
#include <fstream>

namespace mq::ctl {

std::string module_version_line(const std::string& module, const std::string& sys_root) {
    const std::filesystem::path dir = std::filesystem::path(sys_root) / "module" / module;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        return module + ": not loaded";
    }
    std::ifstream in(dir / "version");
    std::string version;
    if (!std::getline(in, version) || version.empty()) {
        return module + ": loaded, no version";
    }
    return module + ": " + version;
}

std::string tool_version_line(std::string_view version, std::string_view commit, bool dirty) {
    // The same words as mq::version_line(), which mqbench and mqfuzz print.
    return "mqctl " + std::string(version) + " (commit " + std::string(commit) +
           (dirty ? ", dirty)" : ")");
}

void print_version(std::ostream& out, const std::string& sys_root) {
    out << tool_version_line(kVersion, kCommit, kDirty) << '\n'
        << module_version_line("mqnull", sys_root) << '\n'
        << module_version_line("mqpath", sys_root) << '\n';
}

} // namespace mq::ctl
