// SPDX-License-Identifier: GPL-2.0-only
#include "runner.hpp"

#include "common/process.hpp"
#include "common/repo.hpp"
#include "common/version.hpp"
#include "gates.hpp"
#include "guest_stream.hpp"
#include "report.hpp"
#include "results.hpp"
#include "vm/guest_kernel.hpp"
#include "vm/kvm_probe.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <deque>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <sys/types.h>
#include <thread>
#include <unistd.h>

namespace mq::bench {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using nlohmann::ordered_json;

namespace {

std::string slurp(const fs::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string first_line(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

std::string trim(const std::string& text) {
    const auto start = text.find_first_not_of(" \t\n");
    if (start == std::string::npos) {
        return "";
    }
    const auto end = text.find_last_not_of(" \t\n");
    return text.substr(start, end - start + 1);
}

std::string last_lines(const std::string& text, std::size_t count) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!trim(line).empty()) {
            lines.push_back(line);
        }
    }
    std::string out;
    for (std::size_t i = lines.size() > count ? lines.size() - count : 0; i < lines.size(); ++i) {
        out += (out.empty() ? "" : " | ") + trim(lines[i]);
    }
    return out;
}

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string file_key(const Point& p) {
    std::string key = p.key();
    std::replace(key.begin(), key.end(), '/', '_');
    return key;
}

std::string describe(const Point& p) {
    std::ostringstream out;
    out << p.target << ' ' << p.rw << (is_mixed(p.rw) ? std::to_string(p.rwmixread) : "") << ' '
        << p.bs << " qd" << p.iodepth << " nj" << p.numjobs << " smp" << p.vcpus << ' ' << p.accel;
    return out.str();
}

std::string ratio_text(double ratio) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(3) << ratio << 'x';
    return out.str();
}

// "run 2/3 " when a point runs more than once, else nothing.
std::string run_label(const PlannedPoint& pp, unsigned rounds) {
    return rounds > 1 ? "run " + std::to_string(pp.round + 1) + "/" + std::to_string(rounds) + " "
                      : std::string();
}

// "2 vCPUs, tcg, 1 point + 1 baseline x 3 rounds = 6 fio runs"
std::string boot_summary(const BootPlan& plan) {
    const std::size_t per_round = plan.runs() / plan.rounds;
    const std::size_t points = plan.measured();
    std::string text = std::to_string(plan.vcpus) + " vCPUs, " + plan.accel + ", " +
                       std::to_string(points) + (points == 1 ? " point + " : " points + ") +
                       std::to_string(per_round - points) + " baseline run" +
                       (per_round - points == 1 ? "" : "s");
    if (plan.rounds > 1) {
        text += " x " + std::to_string(plan.rounds) + " rounds = " + std::to_string(plan.runs()) +
                " fio runs";
    }
    return text;
}

// A target's statistic: an integer, a number, or the text as it came.
ordered_json extra_value(const std::string& text) {
    try {
        std::size_t used = 0;
        const long long integer = std::stoll(text, &used);
        if (used == text.size()) {
            return integer;
        }
        const double number = std::stod(text, &used);
        if (used == text.size()) {
            return number;
        }
    } catch (const std::exception&) {
        return text;
    }
    return text;
}

// What one finished fio run gave, from the guest's report of it.
RunOutcome outcome_of(const GuestEvent& ev) {
    RunOutcome run;
    try {
        run.fio = parse_fio_json(ev.fio_json);
    } catch (const std::exception& e) {
        run.reason = e.what();
    }
    if (ev.rc != 0) {
        run.reason = "fio exited with status " + std::to_string(ev.rc) +
                     (ev.notes.empty() ? "" : ": " + ev.notes);
        run.fio.reset();
    }
    run.status = run.fio ? Status::Ok : Status::Failed;
    if (run.fio) {
        run.reason = ev.notes.empty() ? "" : "fio: " + ev.notes;
    }
    for (const auto& [k, v] : ev.extra) {
        run.extra[k] = extra_value(v);
    }
    return run;
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

// Kills what `mqbench vm` started (QEMU): the runner then reports the guest
// as stopped and cleans up after itself. Only our own descendants.
void stop_guest(pid_t runner) {
    std::ifstream children("/proc/" + std::to_string(runner) + "/task/" + std::to_string(runner) +
                           "/children");
    pid_t child = 0;
    while (children >> child) {
        ::kill(child, SIGTERM);
    }
}

std::string now_text() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    std::ostringstream out;
    out << std::put_time(&tm, "%Y-%m-%d %H:%M:%S %Z");
    return out.str();
}

// One guest boot: its plan, its `mqbench vm` child and what it printed.
struct Boot {
    unsigned id = 0;
    unsigned attempt = 1;
    BootPlan plan;
    fs::path log_dir;
    fs::path plan_file;
    Child child;
    std::ifstream out;
    std::string partial;
    GuestStream stream;
    std::map<unsigned, const PlannedPoint*> by_seq;
    std::set<unsigned> finished;                         // seqs with an outcome
    std::set<std::string> points_done;                   // keys of points with their record
    std::map<std::string, std::vector<RunOutcome>> runs; // point key -> its runs so far
    std::string kernel;
    bool guest_seen = false;
    bool done_seen = false;
    Clock::time_point started = Clock::now();
    Clock::time_point last_output = Clock::now();
    Clock::time_point point_started = Clock::now();
    std::optional<unsigned> current;
    std::string stop_reason; // set when we stopped the guest ourselves
    unsigned timeout = 0;
};

class SweepRun {
  public:
    explicit SweepRun(const RunConfig& config) : cfg_(config) {}
    int run();

  private:
    std::map<std::size_t, Record> resumed(const std::vector<Point>& points);
    void print_plan(const std::vector<BootPlan>& boots) const;
    void start_boot(std::unique_ptr<Boot>& boot);
    void pump(Boot& boot);
    void handle(Boot& boot, const GuestEvent& ev);
    void point_done(Boot& boot, const GuestEvent& ev);
    void target_skipped(Boot& boot, const GuestEvent& ev);
    void add_run(Boot& boot, const PlannedPoint& pp, RunOutcome run);
    void finish_point(Boot& boot, const Point& p);
    [[nodiscard]] std::size_t runs_left() const { return runs_total_ - runs_done_; }
    void finish_boot(Boot& boot, int status);
    void skip_boot(const BootPlan& plan, const std::string& reason);
    void heartbeat(Boot& boot);
    Record& record_of(const Point& p) { return results_.records.at(position_.at(p.index)); }
    void save();
    void progress(const std::string& what);
    [[nodiscard]] double eta() const;
    void enqueue(const std::vector<Point>& points, unsigned attempt);

    const RunConfig& cfg_;
    ResultSet results_;
    std::map<std::size_t, std::size_t> position_;     // point index -> record
    std::deque<std::pair<BootPlan, unsigned>> queue_; // plan, attempt
    std::vector<std::unique_ptr<Boot>> active_;
    std::vector<ordered_json> boot_log_; // run.json
    unsigned next_boot_ = 1;
    std::size_t measured_total_ = 0;
    std::size_t measured_done_ = 0;
    Clock::time_point start_ = Clock::now();
    double run_seconds_ = 0; // wall time of finished fio runs, summed
    std::size_t runs_timed_ = 0;
    double boot_seconds_ = 0; // wall time from spawn to the guest's first line
    std::size_t boots_timed_ = 0;
    std::size_t runs_total_ = 0; // fio runs planned in boots run or queued, helpers included
    std::size_t runs_done_ = 0;
    bool kvm_checked_ = false;
    bool kvm_ok_ = false;
    bool any_failed_ = false;
    fs::path plan_dir_;
};

void SweepRun::progress(const std::string& what) {
    std::cerr << "mqbench: [" << measured_done_ << '/' << measured_total_ << " points, "
              << runs_done_ << '/' << runs_total_ << " fio runs] " << what << "  (elapsed "
              << format_duration(seconds_since(start_)) << ", ETA "
              << (runs_left() == 0 && queue_.empty() ? "0s" : format_duration(eta())) << ")\n";
}

double SweepRun::eta() const {
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
    return (static_cast<double>(runs_left()) * per_run +
            static_cast<double>(queue_.size()) * per_boot) /
           jobs;
}

void SweepRun::save() {
    std::map<std::string, std::string> floors;
    for (const auto& t : cfg_.catalog.targets()) {
        if (!t.floor.empty()) {
            floors[t.name] = t.floor;
        }
    }
    fill_floor_ratios(results_, floors);
    write_results(cfg_.out, results_);
}

void SweepRun::enqueue(const std::vector<Point>& points, unsigned attempt) {
    for (auto& plan : plan_boots(points, cfg_.catalog, cfg_.sweep.repeat)) {
        runs_total_ += plan.runs();
        queue_.emplace_back(std::move(plan), attempt);
    }
}

void SweepRun::print_plan(const std::vector<BootPlan>& boots) const {
    std::size_t runs = 0;
    for (const auto& b : boots) {
        runs += b.runs();
    }
    std::cout << "sweep " << cfg_.sweep.name << ": " << measured_total_ << " points";
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

void SweepRun::skip_boot(const BootPlan& plan, const std::string& reason) {
    runs_done_ += plan.runs();
    for (const auto& t : plan.targets) {
        for (const auto& pp : t.points) {
            if (pp.helper || pp.round > 0) {
                continue;
            }
            Record& r = record_of(pp.point);
            r.status = Status::Skipped;
            r.reason = reason;
            ++measured_done_;
        }
    }
    progress("smp" + std::to_string(plan.vcpus) + " " + plan.accel + ": " +
             std::to_string(plan.measured()) + " points skipped: " + reason);
    save();
}

void SweepRun::start_boot(std::unique_ptr<Boot>& boot) {
    Boot& b = *boot;
    const std::string name =
        "boot-" + std::to_string(b.id) + "-smp" + std::to_string(b.plan.vcpus) + "-" + b.plan.accel;
    b.log_dir = cfg_.out / "logs" / name;
    fs::create_directories(b.log_dir);
    const std::string text =
        plan_text(b.plan, repo_root() / "bench" / "targets", cfg_.sweep.params);
    std::ofstream(b.log_dir / "plan") << text;
    // The guest reads the plan from the host's tree; it cannot see the
    // host's /tmp (its own is a tmpfs), so an --out there needs a copy.
    b.plan_file = b.log_dir / "plan";
    if (!plan_dir_.empty()) {
        fs::create_directories(plan_dir_);
        b.plan_file = plan_dir_ / (name + ".plan");
        std::ofstream(b.plan_file) << text;
    }
    for (const auto& t : b.plan.targets) {
        for (const auto& pp : t.points) {
            b.by_seq[pp.seq] = &pp;
        }
    }
    // A point's spinlock count (bench/guest/lock_count.sh) is a second fio
    // run of LOCK_COUNT_S seconds, and a second or so to start and settle.
    unsigned lock_seconds = 0;
    for (const auto& [k, v] : cfg_.sweep.params) {
        if (k == "LOCK_COUNT_S") {
            lock_seconds = static_cast<unsigned>(std::strtoul(v.c_str(), nullptr, 10));
            lock_seconds += lock_seconds > 0 ? 2 : 0;
        }
    }
    std::size_t seconds = 0;
    for (const auto& t : b.plan.targets) {
        for (const auto& pp : t.points) {
            seconds += pp.point.runtime + pp.point.ramp + lock_seconds;
        }
    }
    b.timeout = cfg_.boot_timeout > 0
                    ? cfg_.boot_timeout
                    : boot_timeout_for(
                          b.plan.runs(),
                          static_cast<unsigned>(seconds / std::max<std::size_t>(1, b.plan.runs())),
                          b.plan.targets.size(), b.plan.accel);
    // Our own binary through /proc/self/exe, not the path it points to: a
    // rebuild during a long sweep replaces build/bin/mqbench, and the path
    // then reads "... (deleted)"; the open inode is still this mqbench.
    std::vector<std::string> argv = {"/proc/self/exe", "vm",
                                     "--smp",          std::to_string(b.plan.vcpus),
                                     "--mem",          cfg_.sweep.mem,
                                     "--accel",        b.plan.accel,
                                     "--timeout",      std::to_string(b.timeout),
                                     "--log-dir",      b.log_dir.string()};
    if (!cfg_.kernel.empty()) {
        argv.insert(argv.end(), {"--kernel", cfg_.kernel});
    }
    argv.insert(argv.end(), {"--", (repo_root() / "bench" / "guest" / "run-plan.sh").string(),
                             b.plan_file.string()});
    std::cerr << "mqbench: boot " << b.id << (b.attempt > 1 ? " (retry)" : "") << ": "
              << boot_summary(b.plan) << ", timeout " << format_duration(b.timeout) << "; log "
              << b.log_dir.string() << "\n";
    const fs::path out_file = b.log_dir / "guest.out";
    std::ofstream(out_file).close();
    b.started = Clock::now();
    b.last_output = b.started;
    b.child = spawn(argv, {.stdin_path = "/dev/null",
                           .stdout_path = out_file.string(),
                           .stderr_path = (b.log_dir / "runner.err").string()});
    b.out.open(out_file, std::ios::binary);
}

void SweepRun::pump(Boot& boot) {
    if (!boot.out.is_open()) {
        return;
    }
    boot.out.clear();
    std::string chunk(65536, '\0');
    for (;;) {
        boot.out.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        const auto got = static_cast<std::size_t>(boot.out.gcount());
        if (got == 0) {
            break;
        }
        boot.last_output = Clock::now();
        boot.partial.append(chunk.data(), got);
        std::size_t start = 0;
        for (auto nl = boot.partial.find('\n'); nl != std::string::npos;
             nl = boot.partial.find('\n', start)) {
            const std::string_view line(boot.partial.data() + start, nl - start);
            for (const auto& ev : boot.stream.feed(line)) {
                handle(boot, ev);
            }
            start = nl + 1;
        }
        boot.partial.erase(0, start);
        if (got < chunk.size()) {
            break;
        }
    }
}

void SweepRun::handle(Boot& boot, const GuestEvent& ev) {
    using Kind = GuestEvent::Kind;
    switch (ev.kind) {
    case Kind::Guest:
        boot.kernel = ev.text;
        if (!boot.guest_seen) {
            boot.guest_seen = true;
            boot_seconds_ += seconds_since(boot.started);
            ++boots_timed_;
        }
        if (ev.vcpus != boot.plan.vcpus) {
            results_.problems.push_back("boot " + std::to_string(boot.id) + ": guest has " +
                                        std::to_string(ev.vcpus) + " vCPUs, " +
                                        std::to_string(boot.plan.vcpus) + " were asked for");
        }
        break;
    case Kind::TargetSkip:
        target_skipped(boot, ev);
        break;
    case Kind::PointBegin:
        boot.current = ev.seq;
        boot.point_started = Clock::now();
        break;
    case Kind::PointDone:
        point_done(boot, ev);
        break;
    case Kind::Done:
        boot.done_seen = true;
        break;
    case Kind::TargetSetup:
    case Kind::TargetReady:
    case Kind::TargetEnd:
        if (ev.kind == Kind::TargetEnd && ev.rc != 0) {
            results_.problems.push_back("boot " + std::to_string(boot.id) + ": teardown of " +
                                        ev.target + " failed (status " + std::to_string(ev.rc) +
                                        ")");
        }
        break;
    }
}

// The runs of the block the guest set up last for this target: blocks run
// in plan order, so it is the first one with runs not finished.
void SweepRun::target_skipped(Boot& boot, const GuestEvent& ev) {
    const auto block =
        std::find_if(boot.plan.targets.begin(), boot.plan.targets.end(), [&](const TargetBlock& t) {
            return t.def.name == ev.target &&
                   std::any_of(t.points.begin(), t.points.end(), [&](const PlannedPoint& pp) {
                       return boot.finished.count(pp.seq) == 0;
                   });
        });
    if (block == boot.plan.targets.end()) {
        return;
    }
    for (const auto& pp : block->points) {
        if (boot.finished.insert(pp.seq).second) {
            ++runs_done_;
            add_run(boot, pp, RunOutcome{Status::Skipped, std::nullopt, ev.text, {}});
        }
    }
    progress(ev.target + " skipped (" + run_label(block->points.front(), boot.plan.rounds) +
             "at smp" + std::to_string(boot.plan.vcpus) + " " + boot.plan.accel + "): " + ev.text);
    save();
}

void SweepRun::point_done(Boot& boot, const GuestEvent& ev) {
    const auto it = boot.by_seq.find(ev.seq);
    if (it == boot.by_seq.end() || !boot.finished.insert(ev.seq).second) {
        return;
    }
    boot.current.reset();
    const PlannedPoint& pp = *it->second;
    ++runs_done_;
    run_seconds_ += seconds_since(boot.point_started);
    ++runs_timed_;

    // fio's own output, kept as it came.
    const fs::path fio_dir = cfg_.out / "fio";
    fs::create_directories(fio_dir);
    std::string name =
        (pp.helper ? "baseline-boot" + std::to_string(boot.id) + "-" : "") + file_key(pp.point);
    if (boot.plan.rounds > 1) {
        name += "-run" + std::to_string(pp.round + 1);
    }
    std::ofstream(fio_dir / (name + ".json")) << ev.fio_json;

    RunOutcome run = outcome_of(ev);
    if (pp.helper || boot.plan.rounds > 1) {
        std::string line = (pp.helper ? "  baseline " : "  ") + run_label(pp, boot.plan.rounds) +
                           describe(pp.point) + ": ";
        if (run.fio) {
            line += format_count(run.fio->iops) + " IOPS";
            const std::string& base_name = cfg_.catalog.at(pp.point.target).baseline;
            const auto base = boot.runs.find(pp.point.with_target(base_name).key());
            if (!base_name.empty() && base != boot.runs.end() && base->second.size() > pp.round &&
                base->second[pp.round].fio) {
                if (const auto ratio = ratio_of(run.fio->iops, base->second[pp.round].fio->iops)) {
                    line += ", " + ratio_text(*ratio) + " " + base_name;
                }
            }
        } else {
            line += "FAILED: " + run.reason;
        }
        std::cerr << "mqbench: " << line << '\n';
    }
    add_run(boot, pp, std::move(run));
}

// A run's outcome joins its point's; the point's last run makes its record.
void SweepRun::add_run(Boot& boot, const PlannedPoint& pp, RunOutcome run) {
    auto& runs = boot.runs[pp.point.key()];
    runs.push_back(std::move(run));
    if (!pp.helper && runs.size() == boot.plan.rounds) {
        finish_point(boot, pp.point);
    }
}

void SweepRun::finish_point(Boot& boot, const Point& p) {
    Record& r = record_of(p);
    r.kernel = boot.kernel;
    r.build = version_line();
    static const std::vector<RunOutcome> none;
    const auto base =
        r.baseline.empty() ? boot.runs.end() : boot.runs.find(p.with_target(r.baseline).key());
    summarize_runs(r, boot.runs.at(p.key()), base == boot.runs.end() ? none : base->second);
    boot.points_done.insert(p.key());
    ++measured_done_;
    if (r.status == Status::Skipped) {
        return; // target_skipped says so once for the target
    }
    std::string line = describe(p) + ": ";
    if (r.status != Status::Ok) {
        any_failed_ = true;
        line += "FAILED: " + r.reason;
    } else {
        line += format_count(r.fio->iops) + " IOPS";
        if (r.ratio) {
            line += ", " + ratio_text(*r.ratio) + " " + r.baseline;
        } else if (!r.baseline.empty()) {
            line += " (" + r.reason + ")";
        }
        if (r.iops_samples.size() > 1) {
            line += "; median of " + std::to_string(r.iops_samples.size()) + " runs, IOPS " +
                    iops_range_text(r) +
                    (r.baseline.empty() ? "" : ", ratio " + ratio_range_text(r));
        }
        if (r.fio->errors > 0) {
            line += ", " + std::to_string(r.fio->errors) + " errors";
        }
    }
    progress(line);
    save();
}

void SweepRun::heartbeat(Boot& boot) {
    const double quiet = seconds_since(boot.last_output);
    // A point's fio has its own timeout in the guest (runtime + 120 s of
    // guest time); a guest silent for far longer than that is stuck in IO
    // it cannot abort: stop it, and its points are retried or failed.
    const double limit = std::max(600.0, 12.0 * (cfg_.sweep.runtime + cfg_.sweep.ramp + 130.0));
    if (quiet > limit && boot.stop_reason.empty()) {
        boot.stop_reason = "no output from the guest for " + format_duration(quiet) +
                           (boot.current ? " during " + describe(boot.by_seq[*boot.current]->point)
                                         : std::string());
        std::cerr << "mqbench: boot " << boot.id << ": " << boot.stop_reason
                  << "; stopping the guest\n";
        stop_guest(boot.child.pid());
    }
}

void SweepRun::finish_boot(Boot& boot, int status) {
    pump(boot);
    const double wall = seconds_since(boot.started);
    const std::string err = slurp(boot.log_dir / "runner.err");
    // Points without a record are run again from their first run (in a new
    // boot, with their baselines): their runs here are not counted.
    std::vector<Point> left;
    std::size_t left_runs = 0;
    for (const auto& t : boot.plan.targets) {
        for (const auto& pp : t.points) {
            left_runs += boot.finished.count(pp.seq) == 0 ? 1 : 0;
            if (!pp.helper && pp.round == 0 && boot.points_done.count(pp.point.key()) == 0) {
                left.push_back(pp.point);
            }
        }
    }
    runs_total_ -= std::min(runs_left(), left_runs);
    std::string verdict = "ok";
    if (status == 120) {
        verdict = "kernel log has problems";
        results_.problems.push_back("boot " + std::to_string(boot.id) + " (smp" +
                                    std::to_string(boot.plan.vcpus) + " " + boot.plan.accel +
                                    "): the guest's kernel log shows an oops, BUG, WARNING or "
                                    "similar; see " +
                                    (boot.log_dir / "dmesg").string() + " and runner.err");
        any_failed_ = true;
    } else if (status != 0 || !boot.done_seen) {
        verdict = "guest failed (status " + std::to_string(status) + ")";
    }
    boot_log_.push_back({{"boot", boot.id},
                         {"attempt", boot.attempt},
                         {"vcpus", boot.plan.vcpus},
                         {"accel", boot.plan.accel},
                         {"kernel", boot.kernel},
                         {"status", status},
                         {"verdict", verdict},
                         {"wall_s", wall},
                         {"timeout_s", boot.timeout},
                         {"runs", boot.plan.runs()},
                         {"log_dir", boot.log_dir.string()}});
    std::cerr << "mqbench: boot " << boot.id << " finished after " << format_duration(wall) << ": "
              << verdict << '\n';
    if (!left.empty()) {
        std::string why = !boot.stop_reason.empty() ? boot.stop_reason
                          : status == 124 ? "guest timed out after " + format_duration(boot.timeout)
                                          : "guest stopped (status " + std::to_string(status) + ")";
        const std::string tail = last_lines(err, 3);
        if (!tail.empty() && boot.stop_reason.empty()) {
            why += ": " + tail;
        }
        if (boot.attempt <= cfg_.retries) {
            std::cerr << "mqbench: boot " << boot.id << ": " << why << "; retrying its "
                      << left.size() << " remaining points in a new boot\n";
            results_.problems.push_back("boot " + std::to_string(boot.id) + ": " + why +
                                        "; its remaining points were retried");
            enqueue(left, boot.attempt + 1);
        } else {
            any_failed_ = true;
            for (const auto& p : left) {
                Record& r = record_of(p);
                r.status = Status::Failed;
                r.reason = why + " (logs: " + boot.log_dir.string() + ")";
                ++measured_done_;
            }
            progress(std::to_string(left.size()) + " points failed: " + why);
        }
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
    if (previous.sweep != results_.sweep) {
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
    results_.sweep = cfg_.sweep.to_json();
    results_.sweep["points_total"] = all.size();
    const auto kept = resumed(shard);
    std::vector<Point> points;
    for (const auto& p : shard) {
        position_[p.index] = results_.records.size();
        if (const auto it = kept.find(p.index); it != kept.end()) {
            results_.records.push_back(it->second);
            continue;
        }
        points.push_back(p);
        Record r;
        r.point = p;
        r.baseline = cfg_.catalog.at(p.target).baseline;
        results_.records.push_back(std::move(r));
    }
    measured_total_ = points.size();
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
    results_.machine = describe_machine();
    fs::create_directories(cfg_.out);
    if (!guest_visible(cfg_.out)) {
        plan_dir_ = build_dir() / "bench-plans" / std::to_string(::getpid());
    }
    save();
    for (const auto& plan : boots) {
        runs_total_ += plan.runs();
        queue_.emplace_back(plan, 1);
    }
    std::cerr << "mqbench: sweep " << cfg_.sweep.name << ": " << measured_total_ << " points"
              << (cfg_.shard.count > 1 ? " (shard " + cfg_.shard.str() + ")" : "") << " in "
              << boots.size() << " boot" << (boots.size() == 1 ? "" : "s") << "; results in "
              << cfg_.out.string() << '\n';

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
                    skip_boot(plan, "KVM does not boot the guest kernel on this host (probe "
                                    "boot failed)");
                    continue;
                }
            }
            auto boot = std::make_unique<Boot>();
            boot->id = next_boot_++;
            boot->attempt = attempt;
            boot->plan = std::move(plan);
            start_boot(boot);
            active_.push_back(std::move(boot));
        }
        for (auto it = active_.begin(); it != active_.end();) {
            Boot& b = **it;
            pump(b);
            const auto status = b.child.wait_until(Clock::now());
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

    // Points nothing reported on (cannot happen unless a plan was empty).
    for (auto& r : results_.records) {
        if (r.status == Status::Pending) {
            r.status = Status::Failed;
            r.reason = "never run";
            any_failed_ = true;
        }
    }
    save();

    ReportInfo info;
    info.command = cfg_.command;
    info.generated = now_text();
    info.plots = cfg_.plots;
    info.require_all = cfg_.require_all;
    int rc = any_failed_ ? kRunPointsFailed : 0;
    if (cfg_.gates) {
        const auto gates = evaluate_gates(load_gates(*cfg_.gates), results_);
        info.gates = gates;
        write_file_atomic(cfg_.out / "gates.json", to_json(gates, cfg_.require_all).dump(2) + "\n");
        std::cout << format_gates(gates, cfg_.require_all);
        if (gates_exit_status(gates, cfg_.require_all) != 0) {
            rc = kRunGateFailed;
        }
    }
    const fs::path report = write_report(cfg_.out, results_, info);
    write_file_atomic(cfg_.out / "run.json", ordered_json{{"command", cfg_.command},
                                                          {"build", version_line()},
                                                          {"shard", cfg_.shard.str()},
                                                          {"finished", now_text()},
                                                          {"wall_s", seconds_since(start_)},
                                                          {"boots", boot_log_}}
                                                     .dump(2) +
                                                 "\n");
    std::size_t ok = 0;
    std::size_t skipped = 0;
    std::size_t failed = 0;
    for (const auto& r : results_.records) {
        ok += r.status == Status::Ok ? 1 : 0;
        skipped += r.status == Status::Skipped ? 1 : 0;
        failed += r.status == Status::Failed ? 1 : 0;
    }
    std::cout << "mqbench: " << ok << " ok, " << skipped << " skipped, " << failed << " failed in "
              << format_duration(seconds_since(start_)) << "\n"
              << "report: " << report.string() << '\n';
    if (!plan_dir_.empty()) {
        std::error_code ignored;
        fs::remove_all(plan_dir_, ignored);
    }
    return rc;
}

} // namespace

std::string format_duration(double seconds) {
    const long long total = std::llround(std::max(0.0, seconds));
    const long long h = total / 3600;
    const long long m = (total % 3600) / 60;
    const long long s = total % 60;
    std::ostringstream out;
    if (h > 0) {
        out << h << 'h' << std::setw(2) << std::setfill('0') << m << 'm' << std::setw(2) << s
            << 's';
    } else if (m > 0) {
        out << m << 'm' << std::setw(2) << std::setfill('0') << s << 's';
    } else {
        out << s << 's';
    }
    return out.str();
}

unsigned boot_timeout_for(std::size_t runs, unsigned seconds, std::size_t targets,
                          const std::string& accel) {
    // Guest seconds: each run, fio's start and stop, each target's setup and
    // teardown, the boot. Wall: icount and TCG run ~2.5x slower than real
    // time on an idle host; a busy host doubles that again, and more.
    const double guest =
        static_cast<double>(runs) * (seconds + 3.0) + static_cast<double>(targets) * 8.0 + 15.0;
    const double factor = accel == "kvm" ? 4.0 : 8.0;
    return static_cast<unsigned>(std::max(600.0, 300.0 + guest * factor));
}

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
            m[key] = trim(first_line(capture(argv)));
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
