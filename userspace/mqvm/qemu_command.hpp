// SPDX-License-Identifier: GPL-2.0-only
// The QEMU command line of a guest, as a pure function of its options so
// that it can be unit-tested without booting anything.
#pragma once

#include "guest_kernel.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace mq::vm {

enum class Accel { Auto, Kvm, Tcg, Icount };

Accel parse_accel(const std::string& name); // throws std::invalid_argument
std::string accel_name(Accel accel);

struct GuestSpec {
    GuestKernel kernel;
    std::filesystem::path kernel_image; // what QEMU loads (vmlinux or bzImage)
    std::filesystem::path initramfs;
    std::filesystem::path run_dir; // shared read-write with the guest
    std::filesystem::path stage2;  // guest-stage2.sh, seen at the same path
    Accel accel = Accel::Tcg;      // never Auto here: resolved before
    unsigned smp = 2;
    std::string mem = "2G";
    std::vector<std::string> extra_append; // more kernel parameters
    // A TCG plugin (-plugin), told out=RUN_DIR/plugin.out: the guest reads
    // that file at /run/mqvm/plugin.out. Ignored under KVM.
    std::filesystem::path plugin;
};

// The guest's two shares: the host's root (read-only) and the run folder.
struct Share {
    std::string tag; // the guest mounts it by this name
    std::filesystem::path dir;
    bool read_only;
};
std::vector<Share> guest_shares(const GuestSpec& spec);

// The vhost-user socket of a virtiofs share: in the run folder, so that it
// is unique to the guest and goes with the folder.
std::filesystem::path virtiofs_socket(const GuestSpec& spec, const Share& share);

// A value inside a QEMU option list: commas are doubled.
std::string qemu_escape(const std::string& value);

std::vector<std::string> qemu_command(const GuestSpec& spec);

} // namespace mq::vm
