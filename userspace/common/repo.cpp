// SPDX-License-Identifier: GPL-2.0-only
#include "repo.hpp"

#include <cstdlib>
#include <stdexcept>

namespace mq {

std::filesystem::path repo_root() {
    if (const char* env = std::getenv("MQ_ROOT"); env != nullptr && *env != '\0') {
        return {env};
    }
    const auto exe = std::filesystem::read_symlink("/proc/self/exe");
    auto root = exe.parent_path().parent_path().parent_path();
    if (!std::filesystem::exists(root / "vm-images" / "init")) {
        throw std::runtime_error("cannot find the mqpath tree from " + exe.string() +
                                 "; set MQ_ROOT");
    }
    return root;
}

std::filesystem::path build_dir() {
    return repo_root() / "build";
}

} // namespace mq
