// SPDX-License-Identifier: GPL-2.0-only
#include "qemu_command.hpp"

#include <stdexcept>

namespace mq::vm {

Accel parse_accel(const std::string& name) {
    if (name == "auto") {
        return Accel::Auto;
    }
    if (name == "kvm") {
        return Accel::Kvm;
    }
    if (name == "tcg") {
        return Accel::Tcg;
    }
    if (name == "icount") {
        return Accel::Icount;
    }
    throw std::invalid_argument("unknown accel '" + name + "' (auto, kvm, tcg, icount)");
}

std::string accel_name(Accel accel) {
    switch (accel) {
    case Accel::Auto:
        return "auto";
    case Accel::Kvm:
        return "kvm";
    case Accel::Tcg:
        return "tcg";
    case Accel::Icount:
        return "icount";
    }
    return "?";
}

std::string qemu_escape(const std::string& value) {
    std::string escaped;
    for (const char c : value) {
        escaped += c;
        if (c == ',') {
            escaped += ',';
        }
    }
    return escaped;
}

std::vector<Share> guest_shares(const GuestSpec& spec) {
    return {{.tag = "hostroot", .dir = "/", .read_only = true},
            {.tag = "mqrun", .dir = spec.run_dir, .read_only = false}};
}

std::filesystem::path virtiofs_socket(const GuestSpec& spec, const Share& share) {
    return spec.run_dir / (share.tag + ".sock");
}

std::vector<std::string> qemu_command(const GuestSpec& spec) {
    std::vector<std::string> cmd = {"qemu-system-x86_64", "-nodefaults", "-no-user-config",
                                    "-display", "none",
                                    // A guest panic or reboot ends QEMU instead of looping.
                                    "-no-reboot", "-smp", std::to_string(spec.smp), "-m", spec.mem};
    switch (spec.accel) {
    case Accel::Kvm:
        cmd.insert(cmd.end(), {"-accel", "kvm", "-cpu", "host"});
        break;
    // Neither TCG mode offers CMPXCHG16B: QEMU 7.2 now and then resumes a
    // guest after one with garbage in EFLAGS (TF set: a #DB WARNING in
    // exc_debug_kernel(), or a double fault in SLUB's per-CPU fast path).
    // Measured under icount: 4 crashes in 5 boots of 40 s of fio with it,
    // 0 in 3 without; MTTCG showed the same #DB WARNING in a CI run's
    // mqnull group. The kernel then uses SLUB's locked fallback, a cost
    // every target pays alike.
    case Accel::Tcg:
        // MTTCG: one host thread per vCPU, truly parallel, noisy timing.
        cmd.insert(cmd.end(), {"-accel", "tcg,thread=multi", "-cpu", "max,-cx16"});
        break;
    case Accel::Icount:
        // Guest time follows executed instructions: IOPS repeat to 0.01%.
        cmd.insert(cmd.end(),
                   {"-accel", "tcg", "-icount", "shift=0,sleep=off", "-cpu", "max,-cx16"});
        break;
    case Accel::Auto:
        throw std::logic_error("qemu_command: accel must be resolved first");
    }
    if (!spec.plugin.empty() && spec.accel != Accel::Kvm) {
        cmd.insert(cmd.end(), {"-plugin", "file=" + qemu_escape(spec.plugin.string()) + ",out=" +
                                              qemu_escape((spec.run_dir / "plugin.out").string())});
    }

    // What to run is in the run folder (vm-images/init reads it there), so
    // that paths with spaces never meet the kernel's parameter parser.
    // no_timer_check: under TCG on a busy host the vCPU can miss the few
    // timer ticks the IO-APIC check waits for, and the kernel then panics
    // with "IO-APIC + timer doesn't work" before userspace (seen at a host
    // load of 20 on 2 cores); QEMU's emulated timer is known to work.
    std::string append = "console=ttyS0 loglevel=5 panic=-1 no_timer_check";
    if (spec.kernel.fs == GuestFs::Virtiofs) {
        append += " mq.fs=virtiofs"; // vm-images/init mounts the shares by it
    }
    for (const auto& arg : spec.kernel.append) {
        append += " " + arg;
    }
    for (const auto& arg : spec.extra_append) {
        append += " " + arg;
    }
    cmd.insert(cmd.end(), {"-kernel", spec.kernel_image.string(), "-initrd",
                           spec.initramfs.string(), "-append", append});

    // The host's root, read-only: the guest runs the host's tools and sees
    // the project tree at the same path. The run folder is read-write.
    if (spec.kernel.fs == GuestFs::NineP) {
        for (const auto& share : guest_shares(spec)) {
            cmd.insert(cmd.end(),
                       {"-virtfs", "local,path=" + qemu_escape(share.dir.string()) +
                                       ",mount_tag=" + share.tag + ",security_model=none" +
                                       (share.read_only ? ",readonly=on,multidevs=remap" : "")});
        }
    } else {
        // virtiofs: each share is a virtiofsd (started by the runner) on a
        // vhost-user socket; the daemon maps guest memory, which must then
        // be a shared memfd.
        cmd.insert(cmd.end(),
                   {"-object", "memory-backend-memfd,id=mem,size=" + spec.mem + ",share=on",
                    "-numa", "node,memdev=mem"});
        for (const auto& share : guest_shares(spec)) {
            cmd.insert(cmd.end(),
                       {"-chardev",
                        "socket,id=fs-" + share.tag +
                            ",path=" + qemu_escape(virtiofs_socket(spec, share).string()),
                        "-device",
                        "vhost-user-fs-pci,chardev=fs-" + share.tag + ",tag=" + share.tag});
        }
    }

    // The command's terminal is a virtio console wired to our stdio; the
    // kernel console goes to a file that survives a guest that dies.
    cmd.insert(cmd.end(), {"-device", "virtio-serial-pci", "-chardev", "stdio,id=cmd,signal=off",
                           "-device", "virtconsole,chardev=cmd", "-serial",
                           "file:" + qemu_escape((spec.run_dir / "console.log").string())});
    return cmd;
}

} // namespace mq::vm
