// SPDX-License-Identifier: GPL-2.0-only
// The guest's QEMU command line: accelerator flags, the two shares (9p, or
// virtiofs for kernels without 9p), the consoles and the kernel parameters
// the guest's init reads.
#include "mqvm/guest_kernel.hpp"
#include "mqvm/qemu_command.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <sstream>

namespace {

using mq::vm::Accel;
using mq::vm::GuestSpec;

GuestSpec spec(Accel accel) {
    GuestSpec s;
    s.kernel.kver = "6.12.0-test";
    s.kernel.image = "/boot/vmlinuz-6.12.0-test";
    s.kernel.modroot = "/";
    s.kernel_image = "/b/vmlinux";
    s.initramfs = "/b/initramfs.cpio.gz";
    s.run_dir = "/tmp/mqvm.x";
    s.stage2 = "/repo/vm-images/guest-stage2.sh";
    s.accel = accel;
    s.smp = 4;
    s.mem = "3G";
    return s;
}

// The value following `flag`, or "" when the flag is absent.
std::string after(const std::vector<std::string>& argv, const std::string& flag) {
    auto it = std::find(argv.begin(), argv.end(), flag);
    return it == argv.end() || it + 1 == argv.end() ? "" : *(it + 1);
}

TEST(QemuCommand, AccelModes) {
    const auto tcg = qemu_command(spec(Accel::Tcg));
    EXPECT_EQ(after(tcg, "-accel"), "tcg,thread=multi");
    EXPECT_EQ(after(tcg, "-cpu"), "max,-cx16");
    const auto icount = qemu_command(spec(Accel::Icount));
    EXPECT_EQ(after(icount, "-accel"), "tcg");
    EXPECT_EQ(after(icount, "-icount"), "shift=0,sleep=off");
    // CMPXCHG16B off under TCG: QEMU 7.2 corrupts EFLAGS around it.
    EXPECT_EQ(after(icount, "-cpu"), "max,-cx16");
    const auto kvm = qemu_command(spec(Accel::Kvm));
    EXPECT_EQ(after(kvm, "-accel"), "kvm");
    EXPECT_EQ(after(kvm, "-cpu"), "host");
    EXPECT_THROW(qemu_command(spec(Accel::Auto)), std::logic_error);
}

// A TCG plugin writes into the run folder, which the guest reads; KVM
// runs no plugin.
TEST(QemuCommand, Plugin) {
    EXPECT_EQ(after(qemu_command(spec(Accel::Icount)), "-plugin"), "");
    auto s = spec(Accel::Icount);
    s.plugin = "/b/lib/a,b.so";
    EXPECT_EQ(after(qemu_command(s), "-plugin"), "file=/b/lib/a,,b.so,out=/tmp/mqvm.x/plugin.out");
    s.accel = Accel::Kvm;
    EXPECT_EQ(after(qemu_command(s), "-plugin"), "");
}

TEST(QemuCommand, SizesKernelAndShares) {
    const auto argv = qemu_command(spec(Accel::Tcg));
    EXPECT_EQ(argv.front(), "qemu-system-x86_64");
    EXPECT_EQ(after(argv, "-smp"), "4");
    EXPECT_EQ(after(argv, "-m"), "3G");
    EXPECT_EQ(after(argv, "-kernel"), "/b/vmlinux");
    EXPECT_EQ(after(argv, "-initrd"), "/b/initramfs.cpio.gz");
    EXPECT_EQ(after(argv, "-serial"), "file:/tmp/mqvm.x/console.log");
    EXPECT_NE(std::find(argv.begin(), argv.end(), "-no-reboot"), argv.end());
    const auto shares = std::count(argv.begin(), argv.end(), "-virtfs");
    EXPECT_EQ(shares, 2);
    EXPECT_NE(std::find(argv.begin(), argv.end(),
                        "local,path=/tmp/mqvm.x,mount_tag=mqrun,security_model=none"),
              argv.end());
}

// A kernel without 9p: each share is a vhost-user-fs device on its own
// socket in the run folder, and guest memory is a shared memfd of -m's size.
TEST(QemuCommand, VirtiofsShares) {
    auto s = spec(Accel::Tcg);
    s.kernel.fs = mq::vm::GuestFs::Virtiofs;
    const auto argv = qemu_command(s);
    EXPECT_EQ(std::count(argv.begin(), argv.end(), "-virtfs"), 0);
    EXPECT_EQ(after(argv, "-object"), "memory-backend-memfd,id=mem,size=3G,share=on");
    EXPECT_EQ(after(argv, "-numa"), "node,memdev=mem");
    std::vector<std::string> chardevs;
    std::vector<std::string> devices;
    for (auto it = argv.begin(); it + 1 < argv.end(); ++it) {
        if (*it == "-chardev" && it[1].starts_with("socket,")) {
            chardevs.push_back(it[1]);
        }
        if (*it == "-device" && it[1].starts_with("vhost-user-fs-pci,")) {
            devices.push_back(it[1]);
        }
    }
    const std::vector<std::string> want_chardevs{
        "socket,id=fs-hostroot,path=/tmp/mqvm.x/hostroot.sock",
        "socket,id=fs-mqrun,path=/tmp/mqvm.x/mqrun.sock"};
    const std::vector<std::string> want_devices{
        "vhost-user-fs-pci,chardev=fs-hostroot,tag=hostroot",
        "vhost-user-fs-pci,chardev=fs-mqrun,tag=mqrun"};
    EXPECT_EQ(chardevs, want_chardevs);
    EXPECT_EQ(devices, want_devices);
    EXPECT_EQ(after(argv, "-append"), "console=ttyS0 loglevel=5 panic=-1 no_timer_check "
                                      "mq.fs=virtiofs");
    // The root is the read-only share; the run folder is written.
    const auto shares = mq::vm::guest_shares(s);
    ASSERT_EQ(shares.size(), 2U);
    EXPECT_TRUE(shares[0].read_only);
    EXPECT_EQ(shares[0].dir, "/");
    EXPECT_FALSE(shares[1].read_only);
    EXPECT_EQ(shares[1].dir, "/tmp/mqvm.x");
}

TEST(GuestKernel, FsFromConfig) {
    using mq::vm::GuestFs;
    std::istringstream stock("CONFIG_NET_9P=m\nCONFIG_NET_9P_VIRTIO=m\nCONFIG_9P_FS=m\n"
                             "CONFIG_VIRTIO_FS=m\nCONFIG_OVERLAY_FS=m\n");
    EXPECT_EQ(mq::vm::guest_fs_from_config(stock), GuestFs::NineP);
    std::istringstream cloud("# CONFIG_NET_9P is not set\nCONFIG_FUSE_FS=y\n"
                             "CONFIG_VIRTIO_FS=y\nCONFIG_OVERLAY_FS=m\n");
    EXPECT_EQ(mq::vm::guest_fs_from_config(cloud), GuestFs::Virtiofs);
    // 9p without its virtio transport cannot carry the shares.
    std::istringstream no_transport("CONFIG_NET_9P=y\nCONFIG_9P_FS=y\nCONFIG_VIRTIO_FS=m\n");
    EXPECT_EQ(mq::vm::guest_fs_from_config(no_transport), GuestFs::Virtiofs);
    std::istringstream neither("CONFIG_NET_9P=y\n# CONFIG_VIRTIO_FS is not set\n");
    EXPECT_THROW(mq::vm::guest_fs_from_config(neither), std::runtime_error);
}

TEST(QemuCommand, KernelParameters) {
    auto s = spec(Accel::Tcg);
    s.extra_append = {"nokaslr", "mq.x=1"};
    const auto append = after(qemu_command(s), "-append");
    EXPECT_EQ(append, "console=ttyS0 loglevel=5 panic=-1 no_timer_check "
                      "nokaslr mq.x=1");
}

// The kernel's own parameters come before the run's, so a run can override.
TEST(QemuCommand, KernelOwnParametersFirst) {
    auto s = spec(Accel::Tcg);
    s.kernel.append = {"no5lvl"};
    s.extra_append = {"mq.x=1"};
    const auto append = after(qemu_command(s), "-append");
    EXPECT_EQ(append, "console=ttyS0 loglevel=5 panic=-1 no_timer_check "
                      "no5lvl mq.x=1");
}

TEST(GuestKernel, CmdlineFileWordsAndComments) {
    std::istringstream in("# why, at length\n"
                          "no5lvl   # the reason\n"
                          "\n"
                          "  acpi=noirq pci=x  \n"
                          "#nothing here\n");
    const std::vector<std::string> expected{"no5lvl", "acpi=noirq", "pci=x"};
    EXPECT_EQ(mq::vm::parse_cmdline(in), expected);
}

TEST(QemuCommand, ParseAccel) {
    EXPECT_EQ(mq::vm::parse_accel("icount"), Accel::Icount);
    EXPECT_EQ(mq::vm::accel_name(Accel::Kvm), "kvm");
    EXPECT_THROW(mq::vm::parse_accel("hvf"), std::invalid_argument);
}

} // namespace
