// SPDX-License-Identifier: GPL-2.0-only
#include "boot_files.hpp"

#include "common/process.hpp"
#include "common/repo.hpp"

#include <stdexcept>
#include <vector>

namespace mq::vm {

namespace fs = std::filesystem;

namespace {

// True when `out` exists and is newer than every input.
bool up_to_date(const fs::path& out, const std::vector<fs::path>& inputs) {
    if (!fs::exists(out)) {
        return false;
    }
    const auto built = fs::last_write_time(out);
    for (const auto& input : inputs) {
        if (fs::last_write_time(input) > built) {
            return false;
        }
    }
    return true;
}

void build(const std::vector<std::string>& argv, const std::string& what) {
    if (run(argv) != 0) {
        throw std::runtime_error("building " + what + " failed: " + argv[0]);
    }
}

} // namespace

BootFiles ensure_boot_files(const GuestKernel& kernel) {
    const fs::path recipe = repo_root() / "vm-images";
    const fs::path dir = build_dir() / "vm" / kernel.kver;
    BootFiles files{.kernel = dir / "vmlinux", .initramfs = dir / "initramfs.cpio.gz"};

    if (!up_to_date(files.initramfs, {recipe / "init", recipe / "build-initramfs.sh"})) {
        build({(recipe / "build-initramfs.sh").string(), kernel.kver, kernel.modroot.string(),
               files.initramfs.string(), guest_fs_name(kernel.fs)},
              "the guest initramfs for " + kernel.kver);
    }
    // The stamp remembers that extraction ran even when it found no PVH
    // kernel, so that a kernel without one is not retried on every boot.
    const fs::path stamp = dir / "vmlinux.stamp";
    if (!up_to_date(stamp, {kernel.image, recipe / "extract-vmlinux.sh"})) {
        build({(recipe / "extract-vmlinux.sh").string(), kernel.image.string(),
               files.kernel.string()},
              "the ELF kernel of " + kernel.kver);
        run({"touch", stamp.string()});
    }
    if (!fs::exists(files.kernel)) {
        files.kernel = kernel.image;
    }
    return files;
}

} // namespace mq::vm
