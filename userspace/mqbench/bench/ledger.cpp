// SPDX-License-Identifier: GPL-2.0-only
#include "ledger.hpp"

#include "common/text.hpp"
#include "common/version.hpp"

#include <algorithm>
#include <iomanip>
#include <sstream>

namespace mq::bench {

using nlohmann::ordered_json;

namespace {

std::string file_key(const Point& p) {
    std::string key = p.key();
    std::replace(key.begin(), key.end(), '/', '_');
    return key;
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
    // The guest applied the fio runner's rule; a point whose fio-end never
    // came (rc -1) failed too.
    if (!ev.failed.empty() || ev.rc == -1) {
        run.reason = "fio " + (ev.failed.empty() ? std::string("did not end") : ev.failed) +
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

// The last three lines of what `mqbench vm` printed that are not blank,
// trimmed, on one line.
std::string err_summary(const std::string& err) {
    std::string kept;
    std::istringstream in(err);
    for (std::string line; std::getline(in, line);) {
        if (const std::string t = trim(line); !t.empty()) {
            kept += t + '\n';
        }
    }
    std::vector<std::string> lines;
    std::istringstream tail{std::string(last_lines(kept, 3))};
    for (std::string line; std::getline(tail, line);) {
        lines.push_back(line);
    }
    return join(lines, " | ");
}

} // namespace

std::string describe(const Point& p) {
    std::ostringstream out;
    out << p.target << ' ' << p.rw << (is_mixed(p.rw) ? std::to_string(p.rwmixread) : "") << ' '
        << p.bs << " qd" << p.iodepth << " nj" << p.numjobs << " smp" << p.vcpus << ' ' << p.accel;
    return out.str();
}

BootBook::BootBook(unsigned id, BootPlan plan) : id_(id), plan_(std::move(plan)) {
    for (const auto& t : plan_.targets) {
        for (const auto& pp : t.points) {
            by_seq_[pp.seq] = &pp;
        }
    }
}

const Point* BootBook::current() const {
    if (!current_) {
        return nullptr;
    }
    const auto it = by_seq_.find(*current_);
    return it == by_seq_.end() ? nullptr : &it->second->point;
}

void Ledger::add_point(const Point& point) {
    position_[point.index] = results_.records.size();
    Record r;
    r.point = point;
    r.baseline = catalog_.at(point.target).baseline;
    results_.records.push_back(std::move(r));
    ++measured_total_;
}

void Ledger::keep_record(const Record& record) {
    position_[record.point.index] = results_.records.size();
    results_.records.push_back(record);
}

Effects Ledger::on_event(BootBook& boot, const GuestEvent& ev) {
    using Kind = GuestEvent::Kind;
    Effects fx;
    switch (ev.kind) {
    case Kind::Guest:
        boot.kernel_ = ev.text;
        if (!boot.guest_seen_) {
            boot.guest_seen_ = true;
            fx.first_guest_line = true;
        }
        if (ev.vcpus != boot.plan_.vcpus) {
            results_.problems.push_back("boot " + std::to_string(boot.id_) + ": guest has " +
                                        std::to_string(ev.vcpus) + " vCPUs, " +
                                        std::to_string(boot.plan_.vcpus) + " were asked for");
        }
        break;
    case Kind::TargetSkip:
        target_skipped(boot, ev, fx);
        break;
    case Kind::PointBegin:
        boot.current_ = ev.seq;
        break;
    case Kind::PointDone:
        point_done(boot, ev, fx);
        break;
    case Kind::Done:
        boot.done_seen_ = true;
        break;
    case Kind::TargetSetup:
    case Kind::TargetReady:
    case Kind::TargetEnd:
        if (ev.kind == Kind::TargetEnd && ev.rc != 0) {
            results_.problems.push_back("boot " + std::to_string(boot.id_) + ": teardown of " +
                                        ev.target + " failed (status " + std::to_string(ev.rc) +
                                        ")");
        }
        break;
    }
    return fx;
}

// The runs of the block the guest set up last for this target: blocks run
// in plan order, so it is the first one with runs not finished.
void Ledger::target_skipped(BootBook& boot, const GuestEvent& ev, Effects& fx) {
    const auto& targets = boot.plan_.targets;
    const auto block = std::find_if(targets.begin(), targets.end(), [&](const TargetBlock& t) {
        return t.def.name == ev.target &&
               std::any_of(t.points.begin(), t.points.end(), [&](const PlannedPoint& pp) {
                   return boot.finished_.count(pp.seq) == 0;
               });
    });
    if (block == targets.end()) {
        return;
    }
    for (const auto& pp : block->points) {
        if (boot.finished_.insert(pp.seq).second) {
            ++runs_done_;
            add_run(boot, pp, RunOutcome{Status::Skipped, std::nullopt, ev.text, {}}, fx);
        }
    }
    fx.messages.push_back(progress(
        ev.target + " skipped (" + run_label(block->points.front(), boot.plan_.rounds) + "at smp" +
        std::to_string(boot.plan_.vcpus) + " " + boot.plan_.accel + "): " + ev.text));
    fx.save = true;
}

void Ledger::point_done(BootBook& boot, const GuestEvent& ev, Effects& fx) {
    const auto it = boot.by_seq_.find(ev.seq);
    if (it == boot.by_seq_.end() || !boot.finished_.insert(ev.seq).second) {
        return;
    }
    boot.current_.reset();
    const PlannedPoint& pp = *it->second;
    ++runs_done_;
    fx.run_finished = true;

    // fio's own output, kept as it came.
    std::string name =
        (pp.helper ? "baseline-boot" + std::to_string(boot.id_) + "-" : "") + file_key(pp.point);
    if (boot.plan_.rounds > 1) {
        name += "-run" + std::to_string(pp.round + 1);
    }
    fx.fio_file.emplace(name, ev.fio_json);

    RunOutcome run = outcome_of(ev);
    if (pp.helper || boot.plan_.rounds > 1) {
        std::string line = (pp.helper ? "  baseline " : "  ") + run_label(pp, boot.plan_.rounds) +
                           describe(pp.point) + ": ";
        if (run.fio) {
            line += format_count(run.fio->iops) + " IOPS";
            const std::string& base_name = catalog_.at(pp.point.target).baseline;
            const auto base = boot.runs_.find(pp.point.with_target(base_name).key());
            if (!base_name.empty() && base != boot.runs_.end() && base->second.size() > pp.round &&
                base->second[pp.round].fio) {
                if (const auto ratio = ratio_of(run.fio->iops, base->second[pp.round].fio->iops)) {
                    line += ", " + ratio_text(*ratio) + " " + base_name;
                }
            }
        } else {
            line += "FAILED: " + run.reason;
        }
        fx.messages.push_back({line, std::nullopt});
    }
    add_run(boot, pp, std::move(run), fx);
}

// A run's outcome joins its point's; the point's last run makes its record.
void Ledger::add_run(BootBook& boot, const PlannedPoint& pp, RunOutcome run, Effects& fx) {
    auto& runs = boot.runs_[pp.point.key()];
    runs.push_back(std::move(run));
    if (!pp.helper && runs.size() == boot.plan_.rounds) {
        finish_point(boot, pp.point, fx);
    }
}

void Ledger::finish_point(BootBook& boot, const Point& p, Effects& fx) {
    Record& r = record_of(p);
    r.kernel = boot.kernel_;
    r.build = version_line();
    static const std::vector<RunOutcome> none;
    const auto base =
        r.baseline.empty() ? boot.runs_.end() : boot.runs_.find(p.with_target(r.baseline).key());
    summarize_runs(r, boot.runs_.at(p.key()), base == boot.runs_.end() ? none : base->second);
    boot.points_done_.insert(p.key());
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
    fx.messages.push_back(progress(line));
    fx.save = true;
}

Message Ledger::skip_boot(const BootPlan& plan, const std::string& reason) {
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
    return progress("smp" + std::to_string(plan.vcpus) + " " + plan.accel + ": " +
                    std::to_string(plan.measured()) + " points skipped: " + reason);
}

BootEnd Ledger::end_boot(BootBook& boot, const BootExit& exit) {
    const BootPlan& plan = boot.plan_;
    BootEnd end;
    // Points without a record are run again from their first run (in a new
    // boot, with their baselines): their runs here are not counted.
    std::size_t left_runs = 0;
    for (const auto& t : plan.targets) {
        for (const auto& pp : t.points) {
            left_runs += boot.finished_.count(pp.seq) == 0 ? 1 : 0;
            if (!pp.helper && pp.round == 0 && boot.points_done_.count(pp.point.key()) == 0) {
                end.left.push_back(pp.point);
            }
        }
    }
    runs_total_ -= std::min(runs_left(), left_runs);
    end.verdict = "ok";
    if (exit.status == 120) {
        end.verdict = "kernel log has problems";
        results_.problems.push_back("boot " + std::to_string(boot.id_) + " (smp" +
                                    std::to_string(plan.vcpus) + " " + plan.accel +
                                    "): the guest's kernel log shows an oops, BUG, WARNING or "
                                    "similar; see " +
                                    exit.log_dir + "/dmesg and runner.err");
        any_failed_ = true;
    } else if (exit.status != 0 || !boot.done_seen_) {
        end.verdict = "guest failed (status " + std::to_string(exit.status) + ")";
    }
    if (end.left.empty()) {
        return end;
    }
    end.why = !exit.stop_reason.empty() ? exit.stop_reason
              : exit.status == 124      ? "guest timed out after " + format_duration(exit.timeout)
                                   : "guest stopped (status " + std::to_string(exit.status) + ")";
    const std::string tail = err_summary(exit.runner_err);
    if (!tail.empty() && exit.stop_reason.empty()) {
        end.why += ": " + tail;
    }
    if (exit.may_retry) {
        end.retried = true;
        results_.problems.push_back("boot " + std::to_string(boot.id_) + ": " + end.why +
                                    "; its remaining points were retried");
    } else {
        any_failed_ = true;
        for (const auto& p : end.left) {
            Record& r = record_of(p);
            r.status = Status::Failed;
            r.reason = end.why + " (logs: " + exit.log_dir + ")";
            ++measured_done_;
        }
        end.progress = progress(std::to_string(end.left.size()) + " points failed: " + end.why);
    }
    return end;
}

void Ledger::close() {
    for (auto& r : results_.records) {
        if (r.status == Status::Pending) {
            r.status = Status::Failed;
            r.reason = "never run";
            any_failed_ = true;
        }
    }
}

} // namespace mq::bench
