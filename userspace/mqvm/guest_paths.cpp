// SPDX-License-Identifier: GPL-2.0-only
#include "guest_paths.hpp"

#include <algorithm>

namespace mq::vm {

namespace fs = std::filesystem;

namespace {

bool inside(const fs::path& path, const fs::path& folder) {
    const auto [end, _] = std::mismatch(folder.begin(), folder.end(), path.begin(), path.end());
    return end == folder.end();
}

} // namespace

std::vector<fs::path> folders_to_keep(const fs::path& root, const fs::path& cwd,
                                      const fs::path& moddir,
                                      const std::vector<std::string>& command) {
    std::vector<fs::path> folders{root, cwd};
    if (!moddir.empty()) {
        folders.push_back(moddir);
    }
    for (const auto& word : command) {
        if (word.empty() || word.front() == '-') {
            continue;
        }
        std::error_code error;
        const fs::path path = fs::weakly_canonical(cwd / word, error);
        if (error || !fs::exists(path, error)) {
            continue;
        }
        folders.push_back(fs::is_directory(path, error) ? path : path.parent_path());
    }
    for (auto& folder : folders) {
        folder = folder.lexically_normal();
        if (!folder.has_filename() && folder != folder.root_path()) {
            folder = folder.parent_path();
        }
    }
    std::sort(folders.begin(), folders.end());
    std::vector<fs::path> kept;
    for (const auto& folder : folders) {
        // "/" is never hidden, and keeping it would drop every other one.
        if (folder == folder.root_path()) {
            continue;
        }
        if (kept.empty() || !inside(folder, kept.back())) {
            kept.push_back(folder);
        }
    }
    return kept;
}

} // namespace mq::vm
