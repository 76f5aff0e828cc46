#include "guest_kernel.hpp"

#include "common/process.hpp"
#include "common/repo.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

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

} // namespace

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
    return "/var/cache/mqpath";
}

GuestKernel resolve_kernel(const std::string& name) {
    GuestKernel kernel;
    if (name == "debug") {
        const fs::path dir = cache_dir() / "kernels" / "debug";
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
        return kernel;
    }
    kernel.kver = name;
    if (name.empty() || name == "default") {
        kernel.kver = trim(capture({(repo_root() / "ci" / "kernel-abi.sh").string()}));
        if (kernel.kver.empty()) {
            throw std::runtime_error("linux-headers-6.12-amd64 is not installed; run 'make deps'");
        }
    }
    kernel.image = fs::path("/boot") / ("vmlinuz-" + kernel.kver);
    kernel.modroot = "/";
    if (!fs::exists(kernel.image) || !fs::exists("/lib/modules/" + kernel.kver + "/modules.dep")) {
        throw std::runtime_error("kernel " + kernel.kver + " is not installed (need " +
                                 kernel.image.string() + " and /lib/modules/" + kernel.kver +
                                 "); apt-get install linux-image-" + kernel.kver +
                                 "-unsigned, or run 'make deps'");
    }
    return kernel;
}

} // namespace mq::vm
