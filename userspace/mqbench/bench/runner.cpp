// SPDX-License-Identifier: GPL-2.0-only
#include "runner.hpp"

#include "common/process.hpp"
#include "common/repo.hpp"
#include "common/text.hpp"
#include "finish.hpp"
#include "guest_boot.hpp"
#include "ledger.hpp"
#include "mqvm/guest_kernel.hpp"
#include "mqvm/kvm_probe.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <deque>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace mq::bench {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using nlohmann::ordered_json;

namespace {

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Plain directories the guest sees; /tmp, /run and /dev are its own.
bool guest_visible(const fs::path& path) {
    const std::string p = fs::weakly_canonical(fs::absolute(path)).string();
    for (const char* hidden : {"/tmp", "/run", "/dev", "/proc", "/sys"}) {
        const std::string h = hidden;
        if (p == h || p.starts_with(h + "/")) {
            return false;
        }
    }
    return true;
}

// A boot under way: its child process and its book.
struct Boot {
    unsigned attempt = 1;
    fs::path log_dir;
    unsigned timeout = 0;
    std::unique_ptr<BootBook> book;
    std::unique_ptr<GuestBoot> guest;
    Clock::time_point point_started = Clock::now();
};

class SweepRun {
  public:
    explicit SweepRun(const RunConfig& config) : cfg_(config), ledger_(config.catalog) {}
    int run();

  private:
    std::map<std::size_t, Record> resumed(const std::vector<Point>& points);
    void print_plan(const std::vector<BootPlan>& boots) const;
    std::unique_ptr<Boot> start_boot(BootPlan plan, unsigned attempt);
    [[nodiscard]] fs::path sharing_plugin() const;
    void pump(Boot& boot);
    void say(const Message& message);
    void finish_boot(Boot& boot, int status);
    void heartbeat(Boot& boot);
    void save() { save_results(cfg_, ledger_.results()); }
    [[nodiscard]] double eta(std::size_t runs_left) const;
    void enqueue(const std::vector<Point>& points, unsigned attempt);

    const RunConfig& cfg_;
    Ledger ledger_;
    std::deque<std::pair<BootPlan, unsigned>> queue_; // plan, attempt
    std::vector<std::unique_ptr<Boot>> active_;
    std::vector<ordered_json> boot_log_; // run.json
    unsigned next_boot_ = 1;
    Clock::time_point start_ = Clock::now();
    double run_seconds_ = 0; // wall time of finished fio runs, summed
    std::size_t runs_timed_ = 0;
    double boot_seconds_ = 0; // wall time from spawn to the guest's first line
    std::size_t boots_timed_ = 0;
    bool kvm_checked_ = false;
    bool kvm_ok_ = false;
    fs::path plan_dir_;
};

void SweepRun::say(const Message& message) {
    if (!message.progress) {
        std::cerr << "mqbench: " << message.text << '\n';
        return;
    }
    const Counts& c = *message.progress;
    const std::size_t runs_left = c.runs_total - c.runs_done;
    std::cerr << "mqbench: [" << c.measured_done << '/' << c.measured_total << " points, "
              << c.runs_done << '/' << c.runs_total << " fio runs] " << message.text
              << "  (elapsed " << format_duration(seconds_since(start_)) << ", ETA "
              << (runs_left == 0 && queue_.empty() ? "0s" : format_duration(eta(runs_left)))
              << ")\n";
}

double SweepRun::eta(std::size_t runs_left) const {
    // Until something is measured: fio time, setup, and a guess at TCG's
    // slowdown; then the averages seen so far.
    double per_run = 0;
    if (runs_timed_ > 0) {
        per_run = run_seconds_ / static_cast<double>(runs_timed_);
    } else {
        per_run = (cfg_.sweep.runtime + cfg_.sweep.ramp + 2) * 3.0;
    }
    const double per_boot =
        boots_timed_ > 0 ? boot_seconds_ / static_cast<double>(boots_timed_) : 40.0;
    const double jobs = std::max(1U, cfg_.jobs);
    return (static_cast<double>(runs_left) * per_run +
            static_cast<double>(queue_.size()) * per_boot) /
           jobs;
}

void SweepRun::enqueue(const std::vector<Point>& points, unsigned attempt) {
    for (auto& plan : plan_boots(points, cfg_.catalog, cfg_.sweep.repeat)) {
        ledger_.count_planned(plan);
        queue_.emplace_back(std::move(plan), attempt);
    }
}

void SweepRun::print_plan(const std::vector<BootPlan>& boots) const {
    std::size_t runs = 0;
    for (const auto& b : boots) {
        runs += b.runs();
    }
    std::cout << "sweep " << cfg_.sweep.name << ": " << ledger_.measured_total() << " points";
    if (cfg_.shard.count > 1) {
        std::cout << " (shard " << cfg_.shard.str() << ")";
    }
    std::cout << " in " << boots.size() << " boot" << (boots.size() == 1 ? "" : "s") << ", " << runs
              << " fio runs of " << cfg_.sweep.runtime << " s"
              << (cfg_.sweep.repeat > 1
                      ? " (each point and baseline " + std::to_string(cfg_.sweep.repeat) +
                            " times, interleaved)"
                      : "")
              << "\n";
    unsigned id = 1;
    for (const auto& b : boots) {
        std::cout << "boot " << id++ << ": " << boot_summary(b) << '\n';
        for (const auto& t : b.targets) {
            if (t.round > 0) {
                continue;
            }
            for (const auto& pp : t.points) {
                std::cout << "  " << std::setw(4) << pp.point.index << "  " << pp.point.key()
                          << (pp.helper ? "  (baseline for ratios)" : "") << '\n';
            }
        }
    }
}

// The TCG plugin when the sweep counts sharing. Without it (no QEMU plugin
// header at build time) the guest script notes why there is no count.
fs::path SweepRun::sharing_plugin() const {
    const fs::path plugin = build_dir() / "lib" / "tcg-sharing.so";
    return counts_sharing(cfg_.sweep.params) && fs::exists(plugin) ? plugin : fs::path();
}

std::unique_ptr<Boot> SweepRun::start_boot(BootPlan plan, unsigned attempt) {
    auto boot = std::make_unique<Boot>();
    Boot& b = *boot;
    b.attempt = attempt;
    b.book = std::make_unique<BootBook>(next_boot_++, std::move(plan));
    const BootPlan& p = b.book->plan();
    const std::string name =
        "boot-" + std::to_string(b.book->id()) + "-smp" + std::to_string(p.vcpus) + "-" + p.accel;
    b.log_dir = cfg_.out / "logs" / name;
    fs::create_directories(b.log_dir);
    const std::string text = plan_text(p, repo_root() / "bench" / "targets", cfg_.sweep.params);
    std::ofstream(b.log_dir / "plan") << text;
    // The guest reads the plan from the host's tree; it cannot see the
    // host's /tmp (its own is a tmpfs), so an --out there needs a copy.
    fs::path plan_file = b.log_dir / "plan";
    if (!plan_dir_.empty()) {
        fs::create_directories(plan_dir_);
        plan_file = plan_dir_ / (name + ".plan");
        std::ofstream(plan_file) << text;
    }
    b.timeout = cfg_.boot_timeout > 0 ? cfg_.boot_timeout : boot_timeout(p, cfg_.sweep.params);
    std::cerr << "mqbench: boot " << b.book->id() << (b.attempt > 1 ? " (retry)" : "") << ": "
              << boot_summary(p) << ", timeout " << format_duration(b.timeout) << "; log "
              << b.log_dir.string() << "\n";
    b.guest = std::make_unique<GuestBoot>(BootLaunch{.vcpus = p.vcpus,
                                                     .mem = cfg_.sweep.mem,
                                                     .accel = p.accel,
                                                     .timeout = b.timeout,
                                                     .kernel = cfg_.kernel,
                                                     .log_dir = b.log_dir,
                                                     .plan_file = plan_file,
                                                     .plugin = sharing_plugin()});
    return boot;
}

void SweepRun::pump(Boot& boot) {
    for (const auto& ev : boot.guest->pump()) {
        if (ev.kind == GuestEvent::Kind::PointBegin) {
            boot.point_started = Clock::now();
        }
        const Effects fx = ledger_.on_event(*boot.book, ev);
        if (fx.first_guest_line) {
            boot_seconds_ += boot.guest->seconds();
            ++boots_timed_;
        }
        if (fx.run_finished) {
            run_seconds_ += seconds_since(boot.point_started);
            ++runs_timed_;
        }
        if (fx.fio_file) {
            const fs::path fio_dir = cfg_.out / "fio";
            fs::create_directories(fio_dir);
            std::ofstream(fio_dir / (fx.fio_file->first + ".json")) << fx.fio_file->second;
        }
        for (const auto& m : fx.messages) {
            say(m);
        }
        if (fx.save) {
            save();
        }
    }
}

void SweepRun::heartbeat(Boot& boot) {
    const double quiet = boot.guest->quiet_seconds();
    // A point's fio has its own timeout in the guest (runtime + 120 s of
    // guest time); a guest silent for far longer than that is stuck in IO
    // it cannot abort: stop it, and its points are retried or failed.
    const double limit = std::max(600.0, 12.0 * (cfg_.sweep.runtime + cfg_.sweep.ramp + 130.0));
    if (quiet > limit && boot.guest->stop_reason().empty()) {
        const Point* current = boot.book->current();
        const std::string reason = "no output from the guest for " + format_duration(quiet) +
                                   (current ? " during " + describe(*current) : std::string());
        std::cerr << "mqbench: boot " << boot.book->id() << ": " << reason
                  << "; stopping the guest\n";
        boot.guest->stop(reason);
    }
}

void SweepRun::finish_boot(Boot& boot, int status) {
    pump(boot);
    const double wall = boot.guest->seconds();
    const BootEnd end =
        ledger_.end_boot(*boot.book, BootExit{.status = status,
                                              .stop_reason = boot.guest->stop_reason(),
                                              .timeout = boot.timeout,
                                              .runner_err = boot.guest->runner_err(),
                                              .log_dir = boot.log_dir.string(),
                                              .may_retry = boot.attempt <= cfg_.retries});
    const BootPlan& plan = boot.book->plan();
    boot_log_.push_back({{"boot", boot.book->id()},
                         {"attempt", boot.attempt},
                         {"vcpus", plan.vcpus},
                         {"accel", plan.accel},
                         {"kernel", boot.book->kernel()},
                         {"status", status},
                         {"verdict", end.verdict},
                         {"wall_s", wall},
                         {"timeout_s", boot.timeout},
                         {"runs", plan.runs()},
                         {"log_dir", boot.log_dir.string()}});
    std::cerr << "mqbench: boot " << boot.book->id() << " finished after " << format_duration(wall)
              << ": " << end.verdict << '\n';
    if (end.retried) {
        std::cerr << "mqbench: boot " << boot.book->id() << ": " << end.why << "; retrying its "
                  << end.left.size() << " remaining points in a new boot\n";
        enqueue(end.left, boot.attempt + 1);
    }
    if (end.progress) {
        say(*end.progress);
    }
    save();
}

// With --resume: the Ok records of the run already in cfg_.out, which must be
// of the same sweep, by point index.
std::map<std::size_t, Record> SweepRun::resumed(const std::vector<Point>& points) {
    if (!cfg_.resume) {
        return {};
    }
    const fs::path file = cfg_.out / "results.json";
    if (!fs::exists(file)) {
        throw std::runtime_error("--resume: no results.json in " + cfg_.out.string());
    }
    const ResultSet previous = load_results(file);
    if (previous.sweep != ledger_.results().sweep) {
        throw std::runtime_error("--resume: " + file.string() +
                                 " is of another sweep (preset, targets or matrix differ)");
    }
    // New boots log next to the old ones instead of over them.
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(cfg_.out / "logs", ec)) {
        const std::string name = entry.path().filename().string();
        unsigned id = 0;
        if (name.starts_with("boot-") &&
            std::from_chars(name.data() + 5, name.data() + name.size(), id).ec == std::errc{}) {
            next_boot_ = std::max(next_boot_, id + 1);
        }
    }
    return ok_records(previous, points);
}

int SweepRun::run() {
    const auto all = expand(cfg_.sweep);
    const auto shard = select_shard(all, cfg_.shard);
    ResultSet& results = ledger_.results();
    results.sweep = cfg_.sweep.to_json();
    results.sweep["points_total"] = all.size();
    const auto kept = resumed(shard);
    std::vector<Point> points;
    for (const auto& p : shard) {
        if (const auto it = kept.find(p.index); it != kept.end()) {
            ledger_.keep_record(it->second);
            continue;
        }
        points.push_back(p);
        ledger_.add_point(p);
    }
    if (cfg_.resume) {
        std::cerr << "mqbench: resuming " << cfg_.out.string() << ": " << kept.size() << " of "
                  << shard.size() << " points already ok, " << points.size() << " to run\n";
    }
    const auto boots = plan_boots(points, cfg_.catalog, cfg_.sweep.repeat);
    if (cfg_.dry_run) {
        print_plan(boots);
        return 0;
    }
    if (shard.empty()) {
        std::cerr << "mqbench: shard " << cfg_.shard.str() << " has no points\n";
    }
    results.machine = describe_machine();
    fs::create_directories(cfg_.out);
    if (!guest_visible(cfg_.out)) {
        plan_dir_ = build_dir() / "bench-plans" / std::to_string(::getpid());
    }
    save();
    for (const auto& plan : boots) {
        ledger_.count_planned(plan);
        queue_.emplace_back(plan, 1);
    }
    std::cerr << "mqbench: sweep " << cfg_.sweep.name << ": " << ledger_.measured_total()
              << " points" << (cfg_.shard.count > 1 ? " (shard " + cfg_.shard.str() + ")" : "")
              << " in " << boots.size() << " boot" << (boots.size() == 1 ? "" : "s")
              << "; results in " << cfg_.out.string() << '\n';

    while (!queue_.empty() || !active_.empty()) {
        while (active_.size() < std::max(1U, cfg_.jobs) && !queue_.empty()) {
            auto [plan, attempt] = std::move(queue_.front());
            queue_.pop_front();
            if (plan.accel == "kvm") {
                if (!kvm_checked_) {
                    std::cerr << "mqbench: probing KVM with a short boot\n";
                    kvm_ok_ = vm::kvm_works(vm::resolve_kernel(cfg_.kernel));
                    kvm_checked_ = true;
                }
                if (!kvm_ok_) {
                    say(ledger_.skip_boot(plan, "KVM does not boot the guest kernel on this "
                                                "host (probe boot failed)"));
                    save();
                    continue;
                }
            }
            active_.push_back(start_boot(std::move(plan), attempt));
        }
        for (auto it = active_.begin(); it != active_.end();) {
            Boot& b = **it;
            pump(b);
            const auto status = b.guest->poll();
            if (status) {
                finish_boot(b, *status);
                it = active_.erase(it);
            } else {
                heartbeat(b);
                ++it;
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }

    ledger_.close();
    save();
    const int rc = finish_sweep(
        cfg_, results,
        SweepEnd{.any_failed = ledger_.any_failed(), .boots = boot_log_, .start = start_});
    if (!plan_dir_.empty()) {
        std::error_code ignored;
        fs::remove_all(plan_dir_, ignored);
    }
    return rc;
}

} // namespace

ordered_json describe_machine() {
    ordered_json m;
    std::string cpu = "unknown CPU";
    {
        std::ifstream in("/proc/cpuinfo");
        for (std::string line; std::getline(in, line);) {
            if (line.starts_with("model name")) {
                cpu = trim(line.substr(line.find(':') + 1));
                break;
            }
        }
    }
    m["cpu"] = cpu;
    m["cores"] = std::thread::hardware_concurrency();
    std::string memory = "?";
    {
        std::ifstream in("/proc/meminfo");
        std::string key;
        long long kb = 0;
        if (in >> key >> kb && key == "MemTotal:") {
            std::ostringstream out;
            out << std::fixed << std::setprecision(1) << static_cast<double>(kb) / 1048576.0
                << " GiB";
            memory = out.str();
        }
    }
    m["memory"] = memory;
    std::string os = "unknown OS";
    {
        std::ifstream in("/etc/os-release");
        for (std::string line; std::getline(in, line);) {
            if (line.starts_with("PRETTY_NAME=")) {
                os = line.substr(12);
                os.erase(std::remove(os.begin(), os.end(), '"'), os.end());
            }
        }
    }
    m["os"] = os;
    for (const auto& [key, argv] : std::vector<std::pair<std::string, std::vector<std::string>>>{
             {"qemu", {"qemu-system-x86_64", "--version"}}, {"fio", {"fio", "--version"}}}) {
        try {
            const std::string out = capture(argv);
            m[key] = trim(out.substr(0, out.find('\n')));
        } catch (const std::exception&) {
            m[key] = key + " not found";
        }
    }
    return m;
}

int run_sweep(const RunConfig& config) {
    SweepRun run(config);
    return run.run();
}

} // namespace mq::bench
