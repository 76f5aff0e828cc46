// SPDX-License-Identifier: GPL-2.0-only
#include "guest_kernel.hpp"

#include "common/repo.hpp"

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace mq::vm {

namespace fs = std::filesystem;

namespace {

std::string trim(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
        text.pop_back();
    }
    return text;
}

std::string read_first_line(const fs::path& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return trim(line);
}

// The kernel's .config beside its image: /boot/config-KVER for Debian's
// (installed or unpacked into the cache), "config" for the debug kernel.
// Without one the guest keeps 9p, as before the config was read.
GuestFs guest_fs_of(const GuestKernel& kernel) {
    const fs::path dir = kernel.image.parent_path();
    for (const fs::path& config : {dir / ("config-" + kernel.kver), dir / "config"}) {
        if (std::ifstream in(config); in) {
            try {
                return guest_fs_from_config(in);
            } catch (const std::runtime_error& e) {
                throw std::runtime_error("kernel " + kernel.kver + " (" + config.string() +
                                         "): " + e.what());
            }
        }
    }
    return GuestFs::NineP;
}

} // namespace

GuestFs guest_fs_from_config(std::istream& config) {
    std::set<std::string> enabled;
    std::string line;
    while (std::getline(config, line)) {
        const auto eq = line.find('=');
        if (line.starts_with("CONFIG_") && eq != std::string::npos &&
            (line.substr(eq + 1) == "y" || line.substr(eq + 1) == "m")) {
            enabled.insert(line.substr(7, eq - 7));
        }
    }
    if (enabled.contains("NET_9P") && enabled.contains("NET_9P_VIRTIO") &&
        enabled.contains("9P_FS")) {
        return GuestFs::NineP;
    }
    if (enabled.contains("VIRTIO_FS")) {
        return GuestFs::Virtiofs;
    }
    throw std::runtime_error("the guest needs 9p (CONFIG_NET_9P, CONFIG_NET_9P_VIRTIO, "
                             "CONFIG_9P_FS) or virtiofs (CONFIG_VIRTIO_FS) to reach the "
                             "host's root, and this kernel has neither");
}

std::string guest_fs_name(GuestFs fs) {
    return fs == GuestFs::Virtiofs ? "virtiofs" : "9p";
}

std::vector<std::string> parse_cmdline(std::istream& in) {
    std::vector<std::string> words;
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line.substr(0, line.find('#')));
        std::string word;
        while (fields >> word) {
            words.push_back(word);
        }
    }
    return words;
}

fs::path GuestKernel::guest_moddir() const {
    if (modroot == "/") {
        return {};
    }
    return fs::canonical(modroot / "lib" / "modules" / kver);
}

fs::path cache_dir() {
    if (const char* env = std::getenv("MQ_CACHE"); env != nullptr && *env != '\0') {
        return env;
    }
    if (::geteuid() == 0) {
        return "/var/cache/mqpath";
    }
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0') {
        return fs::path(xdg) / "mqpath";
    }
    const char* home = std::getenv("HOME");
    return fs::path(home != nullptr ? home : "/") / ".cache" / "mqpath";
}

GuestKernel resolve_kernel(const std::string& name) {
    GuestKernel kernel;
    const fs::path kernels = cache_dir() / "kernels";
    if (name == "debug") {
        const fs::path dir = kernels / "debug";
        kernel.kver = read_first_line(dir / "kver");
        if (kernel.kver.empty()) {
            throw std::runtime_error("no debug kernel in " + dir.string() +
                                     "; build it with 'make debug-kernel'");
        }
        kernel.image = fs::canonical(dir / "bzImage");
        kernel.modroot = fs::canonical(dir / "modules");
        kernel.debug = true;
        // From the tree, not the cache: a parameter change needs no rebuild.
        std::ifstream cmdline(repo_root() / "vm-images" / "debug-kernel" / "cmdline");
        kernel.append = parse_cmdline(cmdline);
        kernel.fs = guest_fs_of(kernel);
        return kernel;
    }
    kernel.kver = name;
    if (name.empty() || name == "default") {
        kernel.kver = read_first_line(kernels / "default" / "kver");
        if (kernel.kver.empty()) {
            throw std::runtime_error("no guest kernel in " + (kernels / "default").string() +
                                     "; run 'make deps'");
        }
    }
    // A kernel 'make deps' unpacked into the cache, else one installed on
    // the host.
    if (const fs::path dir = kernels / kernel.kver; fs::exists(dir / "kver")) {
        kernel.image = fs::canonical(dir / "bzImage");
        kernel.modroot = fs::canonical(dir / "modules");
        kernel.fs = guest_fs_of(kernel);
        return kernel;
    }
    kernel.image = fs::path("/boot") / ("vmlinuz-" + kernel.kver);
    kernel.modroot = "/";
    if (!fs::exists(kernel.image) || !fs::exists("/lib/modules/" + kernel.kver + "/modules.dep")) {
        throw std::runtime_error("kernel " + kernel.kver + " is neither in " + kernels.string() +
                                 " nor installed (" + kernel.image.string() + " and /lib/modules/" +
                                 kernel.kver + "); ci/guest-kernel.sh " + kernel.kver +
                                 " puts it in the cache");
    }
    kernel.fs = guest_fs_of(kernel);
    return kernel;
}

} // namespace mq::vm
