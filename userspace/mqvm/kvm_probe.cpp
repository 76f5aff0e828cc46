// SPDX-License-Identifier: GPL-2.0-only
#include "kvm_probe.hpp"

#include "boot_files.hpp"
#include "common/process.hpp"
#include "common/repo.hpp"
#include "common/text.hpp"

#include <chrono>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace mq::vm {

namespace fs = std::filesystem;

namespace {

bool probe(const GuestKernel& kernel, const fs::path& work) {
    const fs::path log = work / "kvm-probe.log";
    fs::remove(log);
    const BootFiles boot = ensure_boot_files(kernel);
    auto child = spawn({"qemu-system-x86_64",
                        "-nodefaults",
                        "-no-user-config",
                        "-display",
                        "none",
                        "-no-reboot",
                        "-accel",
                        "kvm",
                        "-cpu",
                        "host",
                        "-smp",
                        "1",
                        "-m",
                        "512M",
                        "-kernel",
                        boot.kernel.string(),
                        "-initrd",
                        boot.initramfs.string(),
                        "-append",
                        "console=ttyS0 panic=-1 mq.probe=1",
                        "-serial",
                        "file:" + log.string()},
                       {.stdin_path = "/dev/null",
                        .stdout_path = "/dev/null",
                        .stderr_path = (work / "kvm-probe.err").string()});
    // A working KVM boots to the probe in about a second; a broken one
    // either aborts at once or stops with an emulation failure and waits.
    const auto status =
        child.wait_until(std::chrono::steady_clock::now() + std::chrono::seconds(20));
    if (!status) {
        child.kill();
    }
    return slurp(log).find("mqvm-probe-ok") != std::string::npos;
}

} // namespace

bool kvm_works(const GuestKernel& kernel) {
    if (::access("/dev/kvm", R_OK | W_OK) != 0) {
        return false;
    }
    const fs::path work = build_dir() / "vm" / kernel.kver;
    fs::create_directories(work);
    const fs::path cache = work / "kvm-probe";
    const std::string key = slurp("/proc/sys/kernel/random/boot_id");
    if (const std::string cached = slurp(cache); cached.rfind(key, 0) == 0 && !key.empty()) {
        return cached.substr(key.size()) == "ok\n";
    }
    const bool works = probe(kernel, work);
    std::ofstream(cache) << key << (works ? "ok\n" : "fail\n");
    return works;
}

} // namespace mq::vm
