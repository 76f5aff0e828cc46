// SPDX-License-Identifier: GPL-2.0-only
// The host's side of the guest protocol: how the points of a sweep are
// grouped into guest boots, the plan file bench/guest/run-plan.sh reads in
// each, and how long a boot may take. guest_stream.hpp reads what the guest
// prints back.
#pragma once

#include "sweep.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace mq::bench {

// The points one guest boot runs, grouped by target. A helper is a baseline
// measurement the boot needs for its ratios although the baseline's own
// point is not in this run (another shard, or --targets left it out).
struct PlannedPoint {
    Point point;
    bool helper = false;
    unsigned seq = 0;   // its number in the boot's plan
    unsigned round = 0; // which of the point's runs (0 .. repeat-1)
};
// A target set up, run on its points and torn down: once per round.
struct TargetBlock {
    TargetDef def;
    std::vector<PlannedPoint> points;
    unsigned round = 0;
};
struct BootPlan {
    unsigned vcpus = 0;
    std::string accel;
    unsigned rounds = 1;                        // the sweep's repeat
    std::vector<TargetBlock> targets;           // round 0's blocks, then round 1's, ...
    [[nodiscard]] std::size_t runs() const;     // fio runs, helpers and rounds included
    [[nodiscard]] std::size_t measured() const; // points that become records
};

// One boot per (vcpus, accel), in the points' order; in each, targets set
// up baselines first, and each point's baseline in its cell is measured in
// the same boot (as a helper when it is not a point of its own). With
// rounds > 1 the whole sequence of targets runs that many times, so a
// point's runs alternate with its baseline's (baseline, target, baseline,
// target, ...) and drift during the boot reaches both alike.
std::vector<BootPlan> plan_boots(const std::vector<Point>& points, const Catalog& catalog,
                                 unsigned rounds = 1);

// The plan file bench/guest/run-plan.sh reads.
std::string plan_text(const BootPlan& boot, const std::filesystem::path& targets_dir,
                      const Params& sweep_params);

// "2 vCPUs, tcg, 1 point + 1 baseline x 3 rounds = 6 fio runs"
std::string boot_summary(const BootPlan& plan);

// The wall-clock limit of a boot: its runs' guest seconds (with the lock
// count run that LOCK_COUNT_S in the sweep's params adds to each point)
// through boot_timeout_for().
unsigned boot_timeout(const BootPlan& plan, const Params& sweep_params);

// Whether the sweep's params ask for the TCG plugin's sharing count
// (SHARING_COUNT_S > 0): its boots load userspace/tcg-sharing.
bool counts_sharing(const Params& sweep_params);

// A generous wall-clock limit for a boot running `runs` fio runs of
// `seconds` guest seconds each over `targets` targets.
unsigned boot_timeout_for(std::size_t runs, unsigned seconds, std::size_t targets,
                          const std::string& accel);

} // namespace mq::bench
