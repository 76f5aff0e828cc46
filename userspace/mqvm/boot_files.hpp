// SPDX-License-Identifier: GPL-2.0-only
// What QEMU boots for a kernel, prepared once and kept in build/vm/<kver>/.
#pragma once

#include "guest_kernel.hpp"

#include <filesystem>

namespace mq::vm {

struct BootFiles {
    std::filesystem::path kernel;    // ELF vmlinux (PVH) when possible, else bzImage
    std::filesystem::path initramfs; // busybox + vm-images/init + modules of the shares
};

// Builds what is missing or older than its recipe in vm-images/.
BootFiles ensure_boot_files(const GuestKernel& kernel);

} // namespace mq::vm
