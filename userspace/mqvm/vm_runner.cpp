// SPDX-License-Identifier: GPL-2.0-only
#include "vm_runner.hpp"

#include "boot_files.hpp"
#include "common/process.hpp"
#include "common/repo.hpp"
#include "common/text.hpp"
#include "guest_kernel.hpp"
#include "guest_paths.hpp"
#include "kernel_log.hpp"
#include "kvm_probe.hpp"

#include <array>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <sys/socket.h>
#include <sys/un.h>
#include <system_error>
#include <unistd.h>

namespace mq::vm {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::string shell_quote(const std::string& word) {
    std::string quoted = "'";
    for (const char c : word) {
        if (c == '\'') {
            quoted += "'\\''";
        } else {
            quoted += c;
        }
    }
    return quoted + "'";
}

std::string first_line(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

// A scratch folder shared with the guest; removed unless asked to keep it.
class RunDir {
  public:
    RunDir() {
        std::string tmpl = (fs::temp_directory_path() / "mqvm.XXXXXX").string();
        if (::mkdtemp(tmpl.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed");
        }
        path_ = tmpl;
    }
    RunDir(const RunDir&) = delete;
    RunDir& operator=(const RunDir&) = delete;
    RunDir(RunDir&&) = delete;
    RunDir& operator=(RunDir&&) = delete;
    ~RunDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    [[nodiscard]] const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

// SIGINT, SIGTERM and SIGHUP end the run like a timeout does: the guest
// and its virtiofsd are stopped and the run folder removed, instead of
// the runner dying with them left behind. The waits below poll for it.
volatile std::sig_atomic_t g_stop_signal = 0;

extern "C" void on_stop_signal(int sig) {
    g_stop_signal = sig;
}

class StopSignals {
  public:
    StopSignals() {
        g_stop_signal = 0;
        struct sigaction sa {};
        sa.sa_handler = on_stop_signal;
        sigemptyset(&sa.sa_mask);
        for (size_t i = 0; i < kSignals.size(); ++i) {
            sigaction(kSignals[i], &sa, &old_[i]);
        }
    }
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;
    StopSignals(StopSignals&&) = delete;
    StopSignals& operator=(StopSignals&&) = delete;
    ~StopSignals() {
        for (size_t i = 0; i < kSignals.size(); ++i) {
            sigaction(kSignals[i], &old_[i], nullptr);
        }
    }

  private:
    static constexpr std::array<int, 3> kSignals{SIGINT, SIGTERM, SIGHUP};
    std::array<struct sigaction, 3> old_{};
};

// Thrown out of a wait when a stop signal came; unwinding stops the children.
struct Stopped {
    int signal;
};

// Child::wait_until, but giving up with Stopped when a stop signal comes.
std::optional<int> wait_or_stop(Child& child, Clock::time_point deadline) {
    for (;;) {
        if (g_stop_signal != 0) {
            throw Stopped{g_stop_signal};
        }
        const auto step = std::min(deadline, Clock::now() + std::chrono::milliseconds(100));
        if (auto status = child.wait_until(step)) {
            return status;
        }
        if (Clock::now() >= deadline) {
            return std::nullopt;
        }
    }
}

// A virtiofsd serving one share of the guest (kernels without 9p), on a
// vhost-user socket of the run folder that we listen on and hand over
// (vm-images/virtiofsd.sh says why). It ends by itself when QEMU hangs up;
// on every way out it is waited for or killed, and the socket removed.
class Virtiofsd {
  public:
    Virtiofsd(const GuestSpec& spec, const Share& share) : socket_(virtiofs_socket(spec, share)) {
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        const std::string path = socket_.string();
        if (path.size() >= sizeof(addr.sun_path)) {
            throw std::runtime_error("the virtiofs socket path " + path +
                                     " is too long for a socket; set TMPDIR to a shorter folder");
        }
        path.copy(addr.sun_path, path.size());
        std::error_code ignored;
        fs::remove(socket_, ignored);
        // Not close-on-exec: the daemon inherits it. Ours is closed once
        // the daemon is started (before QEMU is), or on failure.
        struct Fd {
            int fd;
            explicit Fd(int f) : fd(f) {}
            Fd(const Fd&) = delete;
            Fd& operator=(const Fd&) = delete;
            Fd(Fd&&) = delete;
            Fd& operator=(Fd&&) = delete;
            ~Fd() {
                if (fd >= 0) {
                    ::close(fd);
                }
            }
        } const listening(::socket(AF_UNIX, SOCK_STREAM, 0));
        const int fd = listening.fd;
        if (fd < 0 || ::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) < 0 ||
            ::listen(fd, 1) < 0) {
            throw std::system_error(errno, std::generic_category(), "virtiofs socket " + path);
        }
        try {
            child_ = spawn(
                {(repo_root() / "vm-images" / "virtiofsd.sh").string(), std::to_string(fd), path,
                 share.dir.string(), share.read_only ? "ro" : "rw"},
                {.stdin_path = "/dev/null",
                 .stdout_path = "/dev/null",
                 .stderr_path = (spec.run_dir / ("virtiofsd-" + share.tag + ".log")).string()});
        } catch (...) {
            fs::remove(socket_, ignored);
            throw;
        }
    }
    Virtiofsd(const Virtiofsd&) = delete;
    Virtiofsd& operator=(const Virtiofsd&) = delete;
    Virtiofsd(Virtiofsd&&) = delete;
    Virtiofsd& operator=(Virtiofsd&&) = delete;
    ~Virtiofsd() {
        // QEMU is gone by now (declared after us): the daemon is exiting.
        if (child_.pid() > 0 && !child_.wait_until(Clock::now() + std::chrono::seconds(5))) {
            child_.kill();
        }
        std::error_code ignored;
        fs::remove(socket_, ignored);
    }

  private:
    fs::path socket_;
    Child child_;
};

void write_guest_files(const RunOptions& options, const GuestSpec& spec, bool interactive) {
    const GuestKernel& kernel = spec.kernel;
    const fs::path& dir = spec.run_dir;
    const fs::path root = repo_root();
    std::ofstream(dir / "stage2") << spec.stage2.string() << '\n';
    std::ofstream(dir / "moddir") << kernel.guest_moddir().string() << '\n';
    std::ofstream(dir / "argv0") << options.command.front() << '\n';
    std::ofstream keep(dir / "keep");
    for (const auto& folder :
         folders_to_keep(root, fs::current_path(), kernel.guest_moddir(), options.command)) {
        keep << folder.string() << '\n';
    }
    const fs::path bin = root / "build" / "bin";
    const char* host_path = std::getenv("PATH");
    std::ofstream env(dir / "env");
    env << "export MQ_CWD=" << shell_quote(fs::current_path().string()) << '\n'
        << "export MQ_INTERACTIVE=" << (interactive ? 1 : 0) << '\n'
        << "export MQ_ROOT=" << shell_quote(root.string()) << '\n'
        << "export MQ_BIN=" << shell_quote(bin.string()) << '\n'
        << "export MQ_KMOD=" << shell_quote((root / "build" / "kmod" / kernel.kver).string())
        << '\n'
        << "export MQ_DEBUG_KERNEL=" << (kernel.debug ? 1 : 0) << '\n'
        << "export HOME=/root LANG=C.UTF-8\n"
        << "export PATH="
        << shell_quote(bin.string() + ":" + (host_path ? host_path : "/usr/bin:/bin") +
                       ":/usr/sbin:/sbin")
        << '\n';
    if (const char* term = std::getenv("TERM"); interactive && term != nullptr) {
        env << "export TERM=" << shell_quote(term) << '\n';
    }
    for (const auto& assignment : options.env) {
        const auto eq = assignment.find('=');
        if (eq == std::string::npos || eq == 0) {
            throw std::invalid_argument("--env wants NAME=VALUE, got '" + assignment + "'");
        }
        env << "export " << assignment.substr(0, eq) << '='
            << shell_quote(assignment.substr(eq + 1)) << '\n';
    }
    std::ofstream cmd(dir / "cmd");
    cmd << "exec";
    for (const auto& word : options.command) {
        cmd << ' ' << shell_quote(word);
    }
    cmd << '\n';
}

// Copies the guest's logs to log_dir; a boot that was retried keeps its
// console as console-bootN.log beside the last boot's console.log.
void keep_logs(const fs::path& run_dir, const fs::path& log_dir, const std::string& suffix) {
    if (log_dir.empty()) {
        return;
    }
    fs::create_directories(log_dir);
    for (const char* name :
         {"console.log", "dmesg", "kmemleak", "virtiofsd-hostroot.log", "virtiofsd-mqrun.log"}) {
        const fs::path from = run_dir / name;
        if (fs::exists(from)) {
            fs::copy_file(from,
                          log_dir / (from.stem().string() + suffix + from.extension().string()),
                          fs::copy_options::overwrite_existing);
        }
    }
    // The whole output of each VM test (tests/vm/lib/driver.sh).
    if (const fs::path tests = run_dir / "test-logs"; fs::is_directory(tests)) {
        fs::copy(tests, log_dir / "test-logs",
                 fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    }
}

// How one boot ended, as far as deciding whether to boot again goes.
enum class BootEnd {
    Finished,      // the command ran and the guest wrote its status
    Refused,       // the guest said why it cannot run the command (run folder's "fatal")
    QemuFailed,    // QEMU itself exited with an error: its message is in qemu.err
    DiedBeforeCmd, // the guest stopped before the command started
    HungBeforeCmd, // the command had not started by the boot deadline
    DiedDuringCmd, // the guest stopped while the command ran
    TimedOut,      // the command outlived --timeout
};

// The longest a boot may take before the command starts: the stock kernel
// is in userspace within seconds even under a loaded TCG host, the debug
// kernel's KASAN and lockdep set-up takes ~100 s idle and 3x that loaded.
std::chrono::seconds boot_budget(const GuestKernel& kernel, std::chrono::seconds timeout) {
    const std::chrono::seconds floor{kernel.debug ? 600 : 120};
    return std::max(floor, timeout / 4);
}

BootEnd boot_once(const GuestSpec& spec, const RunOptions& options, bool interactive,
                  Clock::time_point start) {
    const fs::path& dir = spec.run_dir;
    for (const char* name : {"started", "status", "fatal", "dmesg", "kmemleak", "console.log",
                             "qemu.err", "virtiofsd-hostroot.log", "virtiofsd-mqrun.log"}) {
        std::error_code ignored;
        fs::remove(dir / name, ignored);
    }
    // Before QEMU, which connects to their sockets at start; after it in
    // unwinding, so that they are stopped once it is.
    std::vector<std::unique_ptr<Virtiofsd>> daemons;
    if (spec.kernel.fs == GuestFs::Virtiofs) {
        for (const auto& share : guest_shares(spec)) {
            daemons.push_back(std::make_unique<Virtiofsd>(spec, share));
        }
    }
    auto qemu = spawn(qemu_command(spec), {.stdin_path = interactive ? "" : "/dev/null",
                                           .stdout_path = "",
                                           .stderr_path = (dir / "qemu.err").string()});
    const auto deadline = start + options.timeout;
    const auto boot_deadline =
        std::min(deadline, start + boot_budget(spec.kernel, options.timeout));
    auto status = wait_or_stop(qemu, boot_deadline);
    const bool started_by_deadline = fs::exists(dir / "started");
    if (!status && !started_by_deadline && boot_deadline < deadline) {
        qemu.kill();
        return BootEnd::HungBeforeCmd;
    }
    if (!status) {
        status = wait_or_stop(qemu, deadline);
    }
    if (!status) {
        qemu.kill();
        return BootEnd::TimedOut;
    }
    // A guest that powers off or panics (-no-reboot) ends QEMU with 0; any
    // other status is QEMU's own failure (bad option, no KVM, ...).
    if (*status != 0) {
        return BootEnd::QemuFailed;
    }
    if (fs::exists(dir / "fatal")) {
        return BootEnd::Refused;
    }
    if (!slurp(dir / "status").empty()) {
        return BootEnd::Finished;
    }
    return fs::exists(dir / "started") ? BootEnd::DiedDuringCmd : BootEnd::DiedBeforeCmd;
}

} // namespace

int run_in_guest(const RunOptions& options) {
    if (options.command.empty()) {
        std::cerr << options.name << ": no command given (" << options.name
                  << " [options] -- CMD [ARGS...])\n";
        return kExitRunnerError;
    }
    const GuestKernel kernel = resolve_kernel(options.kernel);
    Accel accel = options.accel;
    if (accel == Accel::Auto) {
        accel = kvm_works(kernel) ? Accel::Kvm : Accel::Tcg;
    }
    const bool interactive = ::isatty(STDIN_FILENO) != 0;

    if (accel == Accel::Kvm && ::access("/dev/kvm", R_OK | W_OK) != 0) {
        std::cerr << options.name << ": --accel kvm: /dev/kvm "
                  << (fs::exists("/dev/kvm") ? "is not usable by this user"
                                             : "does not exist on this host")
                  << "; use --accel tcg or --accel auto\n";
        return kExitRunnerError;
    }

    RunDir run_dir;
    const fs::path& dir = run_dir.path();
    const BootFiles boot = ensure_boot_files(kernel);
    GuestSpec spec{.kernel = kernel,
                   .kernel_image = boot.kernel,
                   .initramfs = boot.initramfs,
                   .run_dir = dir,
                   .stage2 = repo_root() / "vm-images" / "guest-stage2.sh",
                   .accel = accel,
                   .smp = options.smp,
                   .mem = options.mem,
                   .extra_append = options.append,
                   .plugin = options.plugin};
    write_guest_files(options, spec, interactive);
    if (!options.quiet) {
        std::cerr << options.name << ": booting " << kernel.kver << " (" << accel_name(accel)
                  << ", " << options.smp << " vCPUs, " << options.mem << ")\n";
    }

    // A guest kernel that dies or hangs before the command starts is booted
    // again: under TCG the stock kernel now and then oopses in early text
    // patching (an int3 left in sched_clock_cpu(), about one boot in 40 on
    // this host), which says nothing about the command, and the command has
    // not run, so booting again repeats nothing. Anything later is reported.
    const StopSignals stop_signals;
    const unsigned attempts = options.boot_retries + 1;
    Clock::time_point start; // of the last boot
    BootEnd end = BootEnd::DiedBeforeCmd;
    try {
        for (unsigned attempt = 1; attempt <= attempts; ++attempt) {
            std::ofstream(dir / "attempt") << attempt << '\n';
            start = Clock::now();
            end = boot_once(spec, options, interactive, start);
            if (end != BootEnd::DiedBeforeCmd && end != BootEnd::HungBeforeCmd) {
                break;
            }
            keep_logs(dir, options.log_dir, "-boot" + std::to_string(attempt));
            const std::string console = slurp(dir / "console.log");
            std::cerr << options.name << ": boot " << attempt << " of " << attempts
                      << ": the guest "
                      << (end == BootEnd::HungBeforeCmd
                              ? "had not started the command after " +
                                    std::to_string(boot_budget(kernel, options.timeout).count()) +
                                    " s; killed it"
                              : std::string("stopped before the command started"))
                      << (attempt < attempts ? "; booting again" : "") << ". Kernel log:\n"
                      << format_findings(check_kernel_log(console)) << "Last console lines:\n"
                      << last_lines(console, 12);
        }
    } catch (const Stopped& stopped) {
        // The guest and its daemons were stopped while unwinding.
        g_stop_signal = stopped.signal;
    }
    // A terminal's Ctrl-C reaches QEMU too (one process group), and QEMU
    // may exit before a wait sees the signal: the run was still stopped by
    // it. The signal is pending here before QEMU can act on its own copy.
    if (const int sig = g_stop_signal; sig != 0) {
        keep_logs(dir, options.log_dir, "");
        std::cerr << options.name << ": stopped by signal " << sig << " (" << strsignal(sig)
                  << "); the guest was killed\n";
        return 128 + sig;
    }
    keep_logs(dir, options.log_dir, "");
    const std::string console = slurp(dir / "console.log");

    if (end == BootEnd::QemuFailed) {
        const std::string err = slurp(dir / "qemu.err");
        std::cerr << options.name << ": QEMU failed: "
                  << (err.empty() ? "it exited with an error and printed nothing\n" : err);
        for (const char* name : {"virtiofsd-hostroot.log", "virtiofsd-mqrun.log"}) {
            if (const std::string log = slurp(dir / name); !log.empty()) {
                std::cerr << name << ":\n" << log;
            }
        }
        if (!console.empty()) {
            std::cerr << "Last console lines:\n" << last_lines(console, 12);
        }
        return kExitRunnerError;
    }
    if (end == BootEnd::Refused) {
        // The guest's own words; the status is the shell's for that reason.
        const std::string status_text = slurp(dir / "status");
        std::cerr << options.name
                  << ": cannot run the command: " << first_line(slurp(dir / "fatal")) << '\n';
        return status_text.empty() ? kExitRunnerError : std::atoi(status_text.c_str());
    }

    if (end == BootEnd::TimedOut) {
        std::cerr << options.name << ": guest timed out after " << options.timeout.count()
                  << " s (--timeout); killed it. Last kernel console lines:\n"
                  << last_lines(console, 30);
        auto findings = check_kernel_log(console);
        std::cerr << format_findings(findings);
        return kExitTimeout;
    }
    if (end == BootEnd::DiedBeforeCmd || end == BootEnd::HungBeforeCmd) {
        std::cerr << options.name << ": the guest never started the command in " << attempts
                  << " boot(s)\n";
        return kExitRunnerError;
    }
    const std::string status_text = slurp(dir / "status");
    if (end == BootEnd::DiedDuringCmd) {
        std::cerr << options.name << ": the guest stopped before the command finished\n"
                  << slurp(dir / "qemu.err") << "Last kernel console lines:\n"
                  << last_lines(console, 40);
        return kExitRunnerError;
    }
    const int status = std::atoi(status_text.c_str());

    // The full ring buffer when the guest wrote it, else what reached the
    // console; kmemleak only counts objects our modules allocated.
    const std::string dmesg = slurp(dir / "dmesg");
    auto findings = check_kernel_log(dmesg.empty() ? console : dmesg);
    const auto leaks = check_kmemleak(slurp(dir / "kmemleak"), {"mqnull", "mqpath"});
    findings.insert(findings.end(), leaks.begin(), leaks.end());
    if (!findings.empty()) {
        std::cerr << options.name << ": the guest's kernel log has " << findings.size()
                  << " problem line(s):\n"
                  << format_findings(findings);
        if (options.log_dir.empty()) {
            std::cerr << "(rerun with --log-dir DIR to keep the whole log)\n";
        } else {
            std::cerr << "whole log: " << (options.log_dir / "dmesg").string() << '\n';
        }
        return status != 0 ? status : kExitLogDirty;
    }
    if (!options.quiet) {
        const auto secs = std::chrono::duration<double>(Clock::now() - start).count();
        std::cerr << options.name << ": command exited " << status << " after " << secs << " s\n";
    }
    return status;
}

} // namespace mq::vm
