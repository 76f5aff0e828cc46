// SPDX-License-Identifier: GPL-2.0-only
#pragma once

#include "guest_kernel.hpp"

namespace mq::vm {

// True when a short probe boot of `kernel` under KVM reaches userspace.
// /dev/kvm existing proves nothing (a PVM-backed /dev/kvm fails to boot a
// stock kernel), so it is tried for real. The answer is cached per host
// boot and kernel in build/vm/, so only the first run pays for it.
bool kvm_works(const GuestKernel& kernel);

} // namespace mq::vm
