// SPDX-License-Identifier: GPL-2.0-only
// Which kernel a guest boots, and where its image and modules are.
#pragma once

#include <filesystem>
#include <istream>
#include <string>
#include <vector>

namespace mq::vm {

// How the guest reaches the host's root and the run folder: 9p (QEMU's own
// -virtfs) when the kernel has it, else virtiofs through virtiofsd (Debian's
// cloud kernel builds no 9p at all).
enum class GuestFs { NineP, Virtiofs };

struct GuestKernel {
    std::string kver;              // uname -r in the guest
    std::filesystem::path image;   // bzImage
    std::filesystem::path modroot; // holds lib/modules/<kver>
    bool debug = false;
    std::vector<std::string> append; // kernel parameters this kernel boots with
    GuestFs fs = GuestFs::NineP;

    // The modules folder as the guest must bind it onto /lib/modules/<kver>;
    // empty when it is already there (Debian's kernels, installed on the host).
    [[nodiscard]] std::filesystem::path guest_moddir() const;
};

// "" or "default": the kernel `make deps` unpacked into the cache last
// (Debian's linux-headers-6.12-amd64 ABI); "debug": the cached debug kernel
// (make debug-kernel); anything else is a uname -r, looked up in the cache
// and then among the host's installed kernels. Throws with a hint when missing.
GuestKernel resolve_kernel(const std::string& name);

// Kernel parameters from a file: whitespace-separated words, '#' to the end
// of a line is a comment (vm-images/debug-kernel/cmdline says why each is).
std::vector<std::string> parse_cmdline(std::istream& in);

// The guest's file system transport for a kernel's .config text: 9p when
// CONFIG_NET_9P, CONFIG_NET_9P_VIRTIO and CONFIG_9P_FS are all y or m, else
// virtiofs when CONFIG_VIRTIO_FS is. Throws when neither can be mounted.
GuestFs guest_fs_from_config(std::istream& config);
std::string guest_fs_name(GuestFs fs); // "9p" or "virtiofs"

// Where guest kernels are kept, outside any clone: $MQ_CACHE, else
// /var/cache/mqpath for root and ~/.cache/mqpath for others (as
// ci/cache-dir.sh says).
std::filesystem::path cache_dir();

} // namespace mq::vm
