// SPDX-License-Identifier: GPL-2.0-only
// Where the project's tree is, seen from a built tool: the tools find the
// guest recipe, the modules and the tests relative to it.
#pragma once

#include <filesystem>

namespace mq {

// $MQ_ROOT if set, else the tree that holds this executable
// (<root>/build/bin/<tool>).
std::filesystem::path repo_root();

// Where built artefacts go: <root>/build.
std::filesystem::path build_dir();

} // namespace mq
