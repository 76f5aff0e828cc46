#pragma once

#include <filesystem>

#include "guest_kernel.hpp"

namespace mq::vm {

// The guest initramfs for `kernel`, built by vm-images/build-initramfs.sh
// into build/vm/<kver>/ and rebuilt only when the recipe is newer.
std::filesystem::path ensure_initramfs(const GuestKernel& kernel);

} // namespace mq::vm
