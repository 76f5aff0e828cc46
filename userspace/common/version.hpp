// SPDX-License-Identifier: GPL-2.0-only
// What this build of the tools is: the VERSION file, the git commit it was
// built from and whether the tree had uncommitted changes (ci/version.sh,
// run at every build so that a new commit is never reported as the old one).
#pragma once

#include <string>
#include <string_view>

namespace mq {

extern const std::string_view kVersion; // "0.2.0"
extern const std::string_view kCommit;  // 12 hex digits, or "unknown"
extern const bool kDirty;

// "0.2.0 (commit 0123456789ab)" or "... (commit 0123456789ab, dirty)".
std::string version_line();

} // namespace mq
