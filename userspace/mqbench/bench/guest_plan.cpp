// SPDX-License-Identifier: GPL-2.0-only
#include "guest_plan.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <sstream>

namespace mq::bench {

namespace fs = std::filesystem;

std::size_t BootPlan::runs() const {
    std::size_t n = 0;
    for (const auto& t : targets) {
        n += t.points.size();
    }
    return n;
}

std::size_t BootPlan::measured() const {
    std::size_t n = 0;
    for (const auto& t : targets) {
        if (t.round == 0) {
            n += static_cast<std::size_t>(std::count_if(t.points.begin(), t.points.end(),
                                                        [](const auto& p) { return !p.helper; }));
        }
    }
    return n;
}

namespace {

// Round 0's blocks again for each further round, numbered on.
void add_rounds(BootPlan& boot, unsigned rounds) {
    boot.rounds = rounds;
    const std::vector<TargetBlock> first = boot.targets;
    auto seq = static_cast<unsigned>(boot.runs());
    for (unsigned round = 1; round < rounds; ++round) {
        for (TargetBlock block : first) {
            block.round = round;
            for (auto& pp : block.points) {
                pp.round = round;
                pp.seq = seq++;
            }
            boot.targets.push_back(std::move(block));
        }
    }
}

} // namespace

std::vector<BootPlan> plan_boots(const std::vector<Point>& points, const Catalog& catalog,
                                 unsigned rounds) {
    // Boots in order of first appearance of their (vcpus, accel).
    std::vector<std::pair<unsigned, std::string>> order;
    std::map<std::pair<unsigned, std::string>, std::vector<Point>> groups;
    for (const auto& p : points) {
        auto id = std::make_pair(p.vcpus, p.accel);
        if (groups.find(id) == groups.end()) {
            order.push_back(id);
        }
        groups[id].push_back(p);
    }

    std::vector<BootPlan> boots;
    for (const auto& id : order) {
        const auto& group = groups[id];
        std::set<std::string> wanted; // keys of points that are records
        for (const auto& p : group) {
            wanted.insert(p.key());
        }
        // Every point and, transitively, the baselines its ratio needs.
        std::map<std::string, PlannedPoint> runs;
        for (const auto& p : group) {
            runs.emplace(p.key(), PlannedPoint{p, false, 0});
            // The baseline in the same cell, measured in this boot too.
            const TargetDef& t = catalog.at(p.target);
            if (!t.baseline.empty()) {
                const Point base = p.with_target(t.baseline);
                if (wanted.count(base.key()) == 0) {
                    runs.emplace(base.key(), PlannedPoint{base, true, 0});
                }
            }
        }
        // Targets: baselines first, then in order of first appearance.
        std::vector<std::string> target_order;
        for (const auto& p : group) {
            if (std::find(target_order.begin(), target_order.end(), p.target) ==
                target_order.end()) {
                target_order.push_back(p.target);
            }
        }
        for (const auto& [key, run] : runs) {
            if (std::find(target_order.begin(), target_order.end(), run.point.target) ==
                target_order.end()) {
                target_order.push_back(run.point.target);
            }
        }
        std::stable_sort(target_order.begin(), target_order.end(),
                         [&catalog](const std::string& a, const std::string& b) {
                             return catalog.depth(a) < catalog.depth(b);
                         });
        BootPlan boot{id.first, id.second, 1, {}};
        unsigned seq = 0;
        for (const auto& name : target_order) {
            TargetBlock block{catalog.at(name), {}};
            for (const auto& [key, run] : runs) {
                if (run.point.target == name) {
                    block.points.push_back(run);
                }
            }
            // Points in their cells' order (helpers carry their cell's index).
            std::stable_sort(block.points.begin(), block.points.end(),
                             [](const PlannedPoint& a, const PlannedPoint& b) {
                                 return a.point.index < b.point.index;
                             });
            for (auto& pp : block.points) {
                pp.seq = seq++;
            }
            boot.targets.push_back(std::move(block));
        }
        add_rounds(boot, std::max(1U, rounds));
        boots.push_back(std::move(boot));
    }
    return boots;
}

std::string plan_text(const BootPlan& boot, const fs::path& targets_dir,
                      const Params& sweep_params) {
    std::ostringstream out;
    out << "# mqbench plan: " << boot.runs() << " fio runs at " << boot.vcpus << " vCPUs, "
        << boot.accel << "\n";
    // How long past runtime + ramp the guest lets fio run before killing it.
    // Under icount the guest's clock is no bound: with sleep=off it jumps to
    // the next timer whenever every vCPU idles, as when they wait for the
    // host to answer a 9p read (fio's binary, its libraries), so a loaded
    // host adds minutes of guest time to a 2 s run (seen: 130 s). There the
    // host's boot timeout, in real time, is what ends a hung fio.
    out << "fio_slack " << (boot.accel == "icount" ? 3600 : 120) << '\n';
    std::optional<unsigned> round;
    for (const auto& block : boot.targets) {
        if (boot.rounds > 1 && round != block.round) {
            round = block.round;
            out << "# round " << *round + 1 << " of " << boot.rounds << '\n';
        }
        out << "target " << block.def.name << ' ' << (targets_dir / block.def.script).string();
        for (const auto& [k, v] : sweep_params) {
            out << ' ' << k << '=' << v;
        }
        for (const auto& [k, v] : block.def.params) {
            out << ' ' << k << '=' << v;
        }
        out << '\n';
        for (const auto& pp : block.points) {
            const Point& p = pp.point;
            out << "point " << pp.seq << ' ' << p.rw << ' '
                << (p.rwmixread > 0 || is_mixed(p.rw) ? std::to_string(p.rwmixread) : "-") << ' '
                << p.bs << ' ' << p.iodepth << ' ' << p.numjobs << ' ' << p.runtime << ' ' << p.ramp
                << '\n';
        }
    }
    return out.str();
}

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

unsigned boot_timeout(const BootPlan& plan, const Params& sweep_params) {
    // A point's spinlock count (bench/guest/lock_count.sh) is a second fio
    // run of LOCK_COUNT_S seconds, and a second or so to start and settle.
    // The sharing count (bench/guest/sharing_count.sh) is one more.
    unsigned lock_seconds = 0;
    for (const auto& [k, v] : sweep_params) {
        if (k == "LOCK_COUNT_S" || k == "SHARING_COUNT_S") {
            const auto s = static_cast<unsigned>(std::strtoul(v.c_str(), nullptr, 10));
            lock_seconds += s > 0 ? s + 2 : 0;
        }
    }
    std::size_t seconds = 0;
    for (const auto& t : plan.targets) {
        for (const auto& pp : t.points) {
            seconds += pp.point.runtime + pp.point.ramp + lock_seconds;
        }
    }
    const unsigned timeout = boot_timeout_for(
        plan.runs(), static_cast<unsigned>(seconds / std::max<std::size_t>(1, plan.runs())),
        plan.targets.size(), plan.accel);
    // The sharing plugin instruments the whole boot: measured twice as slow
    // (preset sharing, host load 13 on 2 cores); 3x leaves room.
    return counts_sharing(sweep_params) ? timeout * 3 : timeout;
}

bool counts_sharing(const Params& sweep_params) {
    return std::any_of(sweep_params.begin(), sweep_params.end(), [](const auto& kv) {
        return kv.first == "SHARING_COUNT_S" && std::strtoul(kv.second.c_str(), nullptr, 10) > 0;
    });
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

} // namespace mq::bench
