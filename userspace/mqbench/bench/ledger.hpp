// SPDX-License-Identifier: GPL-2.0-only
// The books of `mqbench run`: the sweep's records and counts, and what each
// guest event of a boot does to them (guest_stream.hpp reads the events).
// No I/O and no clock: what is to be printed or written comes back to the
// caller (runner.cpp), so a captured guest log replays into records in a
// unit test.
#pragma once

#include "guest_plan.hpp"
#include "guest_stream.hpp"
#include "results.hpp"

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace mq::bench {

// "mqnull randread 4k qd32 nj2 smp2 icount"
std::string describe(const Point& point);

// What one guest boot has reported so far.
class BootBook {
  public:
    BootBook(unsigned id, BootPlan plan);
    BootBook(const BootBook&) = delete;
    BootBook& operator=(const BootBook&) = delete;
    BootBook(BootBook&&) = delete;
    BootBook& operator=(BootBook&&) = delete;
    ~BootBook() = default;

    [[nodiscard]] unsigned id() const { return id_; }
    [[nodiscard]] const BootPlan& plan() const { return plan_; }
    [[nodiscard]] const std::string& kernel() const { return kernel_; }
    [[nodiscard]] bool guest_seen() const { return guest_seen_; }
    [[nodiscard]] bool done_seen() const { return done_seen_; }
    // The point whose fio run is under way, if any.
    [[nodiscard]] const Point* current() const;

  private:
    friend class Ledger;
    unsigned id_;
    BootPlan plan_;
    std::map<unsigned, const PlannedPoint*> by_seq_;
    std::set<unsigned> finished_;                         // seqs with an outcome
    std::set<std::string> points_done_;                   // keys of points with their record
    std::map<std::string, std::vector<RunOutcome>> runs_; // point key -> its runs so far
    std::string kernel_;
    bool guest_seen_ = false;
    bool done_seen_ = false;
    std::optional<unsigned> current_;
};

// How far the sweep is: points with their record, fio runs done.
struct Counts {
    std::size_t measured_done = 0;
    std::size_t measured_total = 0;
    std::size_t runs_done = 0;
    std::size_t runs_total = 0;
};

// A line for the user; a progress line shows the counts as they were when
// it was said.
struct Message {
    std::string text;
    std::optional<Counts> progress;
};

// What one guest event asks of the caller, in this order: keep fio's output
// as out/fio/NAME.json, print the messages, write the results.
struct Effects {
    bool first_guest_line = false; // the boot's first "guest" line: it has booted
    bool run_finished = false;     // a fio run ended (its wall time counts for the ETA)
    std::optional<std::pair<std::string, std::string>> fio_file; // NAME, fio's output
    std::vector<Message> messages;
    bool save = false;
};

// How a boot's `mqbench vm` ended, for the points it left without a record.
struct BootExit {
    int status = 0;
    std::string stop_reason; // set when the runner stopped the guest itself
    unsigned timeout = 0;    // seconds
    std::string runner_err;  // what `mqbench vm` printed
    std::string log_dir;
    bool may_retry = false; // the points may go to a new boot
};

struct BootEnd {
    std::string verdict;     // "ok", "kernel log has problems", "guest failed (status N)"
    std::vector<Point> left; // points the boot gave no record
    std::string why;         // why, when there are such points
    bool retried = false;    // they go to a new boot; else they failed
    std::optional<Message> progress;
};

class Ledger {
  public:
    explicit Ledger(const Catalog& catalog) : catalog_(catalog) {}

    // A point of the sweep: a new, pending record, or a kept one (--resume).
    void add_point(const Point& point);
    void keep_record(const Record& record);
    void count_planned(const BootPlan& plan) { runs_total_ += plan.runs(); }

    [[nodiscard]] ResultSet& results() { return results_; }
    [[nodiscard]] const ResultSet& results() const { return results_; }
    [[nodiscard]] Counts counts() const {
        return {measured_done_, measured_total_, runs_done_, runs_total_};
    }
    [[nodiscard]] std::size_t measured_total() const { return measured_total_; }
    [[nodiscard]] std::size_t runs_left() const { return runs_total_ - runs_done_; }
    [[nodiscard]] bool any_failed() const { return any_failed_; }

    Effects on_event(BootBook& boot, const GuestEvent& ev);
    [[nodiscard]] Message progress(std::string text) const { return {std::move(text), counts()}; }
    // A boot that will not run: its points are skipped. Returns the
    // progress line.
    Message skip_boot(const BootPlan& plan, const std::string& reason);
    BootEnd end_boot(BootBook& boot, const BootExit& exit);
    // Points nothing reported on fail (only an empty plan leaves any).
    void close();

  private:
    Record& record_of(const Point& p) { return results_.records.at(position_.at(p.index)); }
    void target_skipped(BootBook& boot, const GuestEvent& ev, Effects& fx);
    void point_done(BootBook& boot, const GuestEvent& ev, Effects& fx);
    void add_run(BootBook& boot, const PlannedPoint& pp, RunOutcome run, Effects& fx);
    void finish_point(BootBook& boot, const Point& p, Effects& fx);

    const Catalog& catalog_;
    ResultSet results_;
    std::map<std::size_t, std::size_t> position_; // point index -> record
    std::size_t measured_total_ = 0;
    std::size_t measured_done_ = 0;
    std::size_t runs_total_ = 0; // fio runs planned in boots run or queued, helpers included
    std::size_t runs_done_ = 0;
    bool any_failed_ = false;
};

} // namespace mq::bench
