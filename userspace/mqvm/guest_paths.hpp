// SPDX-License-Identifier: GPL-2.0-only
// Which host folders the guest must keep visible for a command. The guest
// puts its own tmpfs on /tmp and /run, which would hide a clone, a working
// folder or a script that lives there; vm-images/init binds each folder
// named here back on top.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace mq::vm {

// The folders of the tree, the working folder, the guest kernel's modules
// and every command word that names an existing host file or folder
// (absolute, or relative to cwd): sorted, with each folder that lies inside
// another one left out (the outer one brings it along).
std::vector<std::filesystem::path> folders_to_keep(const std::filesystem::path& root,
                                                   const std::filesystem::path& cwd,
                                                   const std::filesystem::path& moddir,
                                                   const std::vector<std::string>& command);

} // namespace mq::vm
