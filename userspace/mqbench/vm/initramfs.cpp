#include "initramfs.hpp"

#include <stdexcept>

#include "common/process.hpp"
#include "common/repo.hpp"

namespace mq::vm {

namespace fs = std::filesystem;

fs::path ensure_initramfs(const GuestKernel& kernel) {
    const fs::path recipe = repo_root() / "vm-images";
    const fs::path out = build_dir() / "vm" / kernel.kver / "initramfs.cpio.gz";
    if (fs::exists(out)) {
        const auto built = fs::last_write_time(out);
        if (built >= fs::last_write_time(recipe / "init") &&
            built >= fs::last_write_time(recipe / "build-initramfs.sh")) {
            return out;
        }
    }
    const int rc = run({(recipe / "build-initramfs.sh").string(), kernel.kver,
                        kernel.modroot.string(), out.string()});
    if (rc != 0) {
        throw std::runtime_error("building the guest initramfs for " + kernel.kver + " failed");
    }
    return out;
}

} // namespace mq::vm
