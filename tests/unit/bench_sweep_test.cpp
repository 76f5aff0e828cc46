// SPDX-License-Identifier: GPL-2.0-only
// Sweep matrix expansion, target selection, shards and boot plans.
#include "guest_plan.hpp"
#include "sweep.hpp"

#include <algorithm>
#include <fstream>
#include <gtest/gtest.h>
#include <set>

namespace mq::bench {
namespace {

using nlohmann::json;

Catalog test_catalog() {
    return Catalog::from_json(json::parse(R"({"targets": [
        {"name": "null_blk", "script": "null_blk.sh"},
        {"name": "mqnull", "script": "mqnull.sh", "baseline": "null_blk"},
        {"name": "mqpath-1path", "script": "mqpath.sh", "baseline": "mqnull",
         "params": {"PATHS": "1"}},
        {"name": "mqpath-2path-rr", "script": "mqpath.sh", "baseline": "mqnull",
         "params": {"PATHS": "2", "SELECTOR": "rr"}},
        {"name": "mqpath-churn", "script": "mqpath.sh", "baseline": "mqpath-2path-rr",
         "explicit": true},
        {"name": "dm-mpath-bio-1path", "script": "dm-mpath-bio.sh", "baseline": "null_blk"},
        {"name": "dm-mpath-bio-2path", "script": "dm-mpath-bio.sh", "baseline": "null_blk"}
    ]})"));
}

json preset(const char* extra = "") {
    std::string text = R"({"name": "t", "targets": ["null_blk", "dm-mpath-bio"],
        "rw": ["randread", "randrw"], "bs": ["4k"], "iodepth": [1, 32],
        "numjobs": [1, "vcpus"], "vcpus": [1, 2], "accel": ["icount"], "runtime": 3)";
    text += extra;
    text += "}";
    return json::parse(text);
}

TEST(Catalog, SelectsNamesAndFamilies) {
    const Catalog c = test_catalog();
    EXPECT_EQ(c.select({"dm-mpath-bio"}),
              (std::vector<std::string>{"dm-mpath-bio-1path", "dm-mpath-bio-2path"}));
    // Explicit targets only by their own name; duplicates once.
    EXPECT_EQ(c.select({"mqpath", "mqpath-1path"}),
              (std::vector<std::string>{"mqpath-1path", "mqpath-2path-rr"}));
    EXPECT_EQ(c.select({"mqpath-churn"}), (std::vector<std::string>{"mqpath-churn"}));
    EXPECT_EQ(c.select({"dm-mpath"}).size(), 2U);
    EXPECT_THROW((void)c.select({"dm-mp"}), std::invalid_argument); // not a whole word
    EXPECT_THROW((void)c.select({"nope"}), std::invalid_argument);
}

TEST(Catalog, DepthAndValidation) {
    const Catalog c = test_catalog();
    EXPECT_EQ(c.depth("null_blk"), 0U);
    EXPECT_EQ(c.depth("mqnull"), 1U);
    EXPECT_EQ(c.depth("mqpath-churn"), 3U);
    EXPECT_THROW(Catalog::from_json(json::parse(
                     R"({"targets": [{"name": "a", "script": "a.sh", "baseline": "b"}]})")),
                 std::invalid_argument);
    EXPECT_THROW(Catalog::from_json(json::parse(R"({"targets": [
        {"name": "a", "script": "a.sh", "baseline": "b"},
        {"name": "b", "script": "b.sh", "baseline": "a"}]})")),
                 std::invalid_argument);
    EXPECT_THROW(Catalog::from_json(json::parse(R"({"targets": [
        {"name": "a", "script": "a.sh", "params": {"X": "has space"}}]})")),
                 std::invalid_argument);
}

TEST(Sweep, ExpandsTheMatrixInCanonicalOrder) {
    const Catalog c = test_catalog();
    const Sweep s = parse_sweep(preset(), c);
    EXPECT_EQ(s.targets.size(), 3U);
    const auto points = expand(s);
    // vcpus 1: numjobs {1, vcpus=1} -> {1}; vcpus 2: {1, 2}. Per numjobs:
    // 2 rw x 2 iodepth x 3 targets.
    EXPECT_EQ(points.size(), (1U + 2U) * 2U * 2U * 3U);
    for (std::size_t i = 0; i < points.size(); ++i) {
        EXPECT_EQ(points[i].index, i);
    }
    EXPECT_EQ(points[0].key(), "null_blk/randread/4k/qd1/nj1/smp1/icount");
    EXPECT_EQ(points[1].key(), "dm-mpath-bio-1path/randread/4k/qd1/nj1/smp1/icount");
    EXPECT_EQ(points[2].key(), "dm-mpath-bio-2path/randread/4k/qd1/nj1/smp1/icount");
    EXPECT_EQ(points[3].key(), "null_blk/randread/4k/qd32/nj1/smp1/icount");
    // Mixed workloads carry rwmixread (70 by default) in their key.
    EXPECT_EQ(points[6].rw, "randrw");
    EXPECT_EQ(points[6].rwmixread, 70U);
    EXPECT_EQ(points[6].cell(), "randrw70/4k/qd1/nj1/smp1/icount");
    EXPECT_EQ(points[0].rwmixread, 0U);
    EXPECT_EQ(points.back().key(), "dm-mpath-bio-2path/randrw70/4k/qd32/nj2/smp2/icount");
    std::set<std::string> keys;
    for (const auto& p : points) {
        EXPECT_EQ(p.runtime, 3U);
        keys.insert(p.key());
    }
    EXPECT_EQ(keys.size(), points.size()) << "keys are unique";
}

TEST(Sweep, RejectsBadPresets) {
    const Catalog c = test_catalog();
    EXPECT_THROW(parse_sweep(preset(R"(, "rw": ["randomread"])"), c), std::invalid_argument);
    EXPECT_THROW(parse_sweep(preset(R"(, "bs": ["4 k"])"), c), std::invalid_argument);
    EXPECT_THROW(parse_sweep(preset(R"(, "accel": ["hvf"])"), c), std::invalid_argument);
    EXPECT_THROW(parse_sweep(preset(R"(, "numjobs": [0])"), c), std::invalid_argument);
    EXPECT_THROW(parse_sweep(preset(R"(, "numjobs": ["cpus"])"), c), std::invalid_argument);
    EXPECT_THROW(parse_sweep(preset(R"(, "vcpus": [])"), c), std::invalid_argument);
    EXPECT_THROW(parse_sweep(preset(R"(, "targets": ["nope"])"), c), std::invalid_argument);
    EXPECT_THROW(parse_sweep(json::parse(R"({"targets": ["null_blk"]})"), c),
                 std::invalid_argument);
}

TEST(Sweep, Repeat) {
    const Catalog c = test_catalog();
    EXPECT_EQ(parse_sweep(preset(), c).repeat, 1U) << "one run per point unless asked";
    EXPECT_EQ(parse_sweep(preset(R"(, "repeat": 3)"), c).repeat, 3U);
    EXPECT_EQ(parse_sweep(preset(R"(, "repeat": 25)"), c).repeat, kMaxRepeat);
    EXPECT_EQ(parse_sweep(preset(R"(, "repeat": 3)"), c).to_json().at("repeat"), 3);
    for (const char* bad : {"0", "-1", "2.5", "\"3\"", "26", "null", "[3]", "true"}) {
        try {
            (void)parse_sweep(preset((std::string(R"(, "repeat": )") + bad).c_str()), c);
            ADD_FAILURE() << "repeat " << bad << " was accepted";
        } catch (const std::invalid_argument& e) {
            EXPECT_EQ(std::string(e.what()), std::string("preset: 'repeat' is the number of runs "
                                                         "of each point, a whole number from 1 "
                                                         "to 25, not ") +
                                                 json::parse(bad).dump());
        }
    }
}

TEST(Sweep, CanonicalJsonIsStable) {
    const Catalog c = test_catalog();
    const Sweep s = parse_sweep(preset(R"(, "params": {"NULLB_DEPTH": 128})"), c);
    const auto doc = s.to_json();
    EXPECT_EQ(doc.at("numjobs"), nlohmann::ordered_json::parse(R"([1, "vcpus"])"));
    EXPECT_EQ(doc.at("params").at("NULLB_DEPTH"), "128");
    EXPECT_EQ(parse_sweep(json(doc), c).to_json(), doc) << "parse(to_json(s)) == s";
}

TEST(Shard, ParsesAndPartitions) {
    EXPECT_EQ(Shard::parse("2/4").index, 2U);
    EXPECT_EQ(Shard::parse("2/4").count, 4U);
    for (const char* bad : {"0/4", "5/4", "1/0", "x/2", "3", "1/2/3", ""}) {
        EXPECT_THROW(Shard::parse(bad), std::invalid_argument) << bad;
    }
    const Catalog c = test_catalog();
    const auto points = expand(parse_sweep(preset(), c));
    for (unsigned n : {1U, 2U, 3U, 7U, 100U}) {
        std::vector<int> seen(points.size(), 0);
        for (unsigned i = 1; i <= n; ++i) {
            for (const auto& p : select_shard(points, {i, n})) {
                ++seen.at(p.index);
            }
        }
        for (const int count : seen) {
            EXPECT_EQ(count, 1) << "every point in exactly one of " << n << " shards";
        }
    }
}

TEST(BootPlan, OneBootPerGuestBaselinesFirst) {
    const Catalog c = test_catalog();
    const auto points = expand(parse_sweep(preset(), c));
    const auto boots = plan_boots(points, c);
    ASSERT_EQ(boots.size(), 2U);
    EXPECT_EQ(boots[0].vcpus, 1U);
    EXPECT_EQ(boots[1].vcpus, 2U);
    EXPECT_EQ(boots[0].runs(), 12U);
    EXPECT_EQ(boots[0].measured(), 12U) << "baselines are points of their own: no helpers";
    EXPECT_EQ(boots[0].targets.front().def.name, "null_blk");
    unsigned seq = 0;
    for (const auto& t : boots[1].targets) {
        for (const auto& pp : t.points) {
            EXPECT_EQ(pp.seq, seq++);
            EXPECT_EQ(pp.point.vcpus, 2U);
        }
    }
}

TEST(BootPlan, MeasuresMissingBaselinesAsHelpers) {
    const Catalog c = test_catalog();
    auto s = parse_sweep(preset(R"(, "vcpus": [2], "rw": ["randread"], "iodepth": [32])"), c);
    s.targets = c.select({"mqpath-1path", "dm-mpath-bio-1path"});
    const auto boots = plan_boots(expand(s), c);
    ASSERT_EQ(boots.size(), 1U);
    // Two cells (nj1, nj2) x two targets, plus mqnull and null_blk per cell.
    EXPECT_EQ(boots[0].measured(), 4U);
    EXPECT_EQ(boots[0].runs(), 8U);
    std::vector<std::string> order;
    for (const auto& t : boots[0].targets) {
        order.push_back(t.def.name);
        const bool helper = t.def.name == "null_blk" || t.def.name == "mqnull";
        for (const auto& pp : t.points) {
            EXPECT_EQ(pp.helper, helper) << t.def.name;
        }
    }
    EXPECT_EQ(order, (std::vector<std::string>{"null_blk", "dm-mpath-bio-1path", "mqnull",
                                               "mqpath-1path"}));
}

TEST(BootPlan, ShardsMeasureTheirOwnBaselines) {
    const Catalog c = test_catalog();
    const auto points = expand(parse_sweep(preset(R"(, "vcpus": [2])"), c));
    for (unsigned i = 1; i <= 3; ++i) {
        for (const auto& boot : plan_boots(select_shard(points, {i, 3}), c)) {
            std::set<std::string> keys;
            for (const auto& t : boot.targets) {
                for (const auto& pp : t.points) {
                    keys.insert(pp.point.key());
                }
            }
            for (const auto& t : boot.targets) {
                for (const auto& pp : t.points) {
                    if (!t.def.baseline.empty() && !pp.helper) {
                        EXPECT_EQ(keys.count(pp.point.with_target(t.def.baseline).key()), 1U)
                            << pp.point.key() << "'s baseline runs in the same boot";
                    }
                }
            }
        }
    }
}

TEST(BootPlan, RoundsInterleaveBaselinesAndTargets) {
    const Catalog c = test_catalog();
    auto s = parse_sweep(preset(R"(, "vcpus": [2], "rw": ["randread"], "iodepth": [32],
                                   "numjobs": ["vcpus"], "repeat": 3)"),
                         c);
    s.targets = c.select({"mqpath-1path"});
    const auto boots = plan_boots(expand(s), c, s.repeat);
    ASSERT_EQ(boots.size(), 1U);
    const BootPlan& boot = boots[0];
    EXPECT_EQ(boot.rounds, 3U);
    EXPECT_EQ(boot.measured(), 1U) << "a point is one record however often it runs";
    EXPECT_EQ(boot.runs(), 6U);
    std::vector<std::string> order;
    std::vector<unsigned> rounds;
    unsigned seq = 0;
    for (const auto& t : boot.targets) {
        order.push_back(t.def.name);
        rounds.push_back(t.round);
        for (const auto& pp : t.points) {
            EXPECT_EQ(pp.seq, seq++) << "every run has its own number";
            EXPECT_EQ(pp.round, t.round);
            EXPECT_EQ(pp.helper, t.def.name == "mqnull");
        }
    }
    EXPECT_EQ(order, (std::vector<std::string>{"mqnull", "mqpath-1path", "mqnull", "mqpath-1path",
                                               "mqnull", "mqpath-1path"}));
    EXPECT_EQ(rounds, (std::vector<unsigned>{0, 0, 1, 1, 2, 2}));
    EXPECT_EQ(plan_text(boot, "/t", {}), "# mqbench plan: 6 fio runs at 2 vCPUs, icount\n"
                                         "fio_slack 3600\n"
                                         "# round 1 of 3\n"
                                         "target mqnull /t/mqnull.sh\n"
                                         "point 0 randread - 4k 32 2 3 0\n"
                                         "target mqpath-1path /t/mqpath.sh PATHS=1\n"
                                         "point 1 randread - 4k 32 2 3 0\n"
                                         "# round 2 of 3\n"
                                         "target mqnull /t/mqnull.sh\n"
                                         "point 2 randread - 4k 32 2 3 0\n"
                                         "target mqpath-1path /t/mqpath.sh PATHS=1\n"
                                         "point 3 randread - 4k 32 2 3 0\n"
                                         "# round 3 of 3\n"
                                         "target mqnull /t/mqnull.sh\n"
                                         "point 4 randread - 4k 32 2 3 0\n"
                                         "target mqpath-1path /t/mqpath.sh PATHS=1\n"
                                         "point 5 randread - 4k 32 2 3 0\n");
}

TEST(BootPlan, PlanText) {
    const Catalog c = test_catalog();
    auto s = parse_sweep(preset(R"(, "vcpus": [2], "rw": ["randrw"], "iodepth": [32],
                                   "numjobs": ["vcpus"], "params": {"NULLB_DEPTH": "64"})"),
                         c);
    s.targets = c.select({"mqpath-1path"});
    const auto boots = plan_boots(expand(s), c);
    ASSERT_EQ(boots.size(), 1U);
    EXPECT_EQ(plan_text(boots[0], "/t", s.params),
              "# mqbench plan: 2 fio runs at 2 vCPUs, icount\n"
              "fio_slack 3600\n"
              "target mqnull /t/mqnull.sh NULLB_DEPTH=64\n"
              "point 0 randrw 70 4k 32 2 3 0\n"
              "target mqpath-1path /t/mqpath.sh NULLB_DEPTH=64 PATHS=1\n"
              "point 1 randrw 70 4k 32 2 3 0\n");
}

// A hung fio is killed by the guest 120 s past its runtime under MTTCG,
// whose guest clock is real time; an icount guest's clock is not, and only
// the host's boot timeout bounds it.
TEST(BootPlan, FioSlackFollowsTheGuestClock) {
    const Catalog c = test_catalog();
    auto s = parse_sweep(preset(R"(, "vcpus": [2], "accel": ["tcg", "icount"])"), c);
    s.targets = c.select({"mqnull"});
    const auto boots = plan_boots(expand(s), c);
    ASSERT_EQ(boots.size(), 2U);
    for (const auto& boot : boots) {
        const std::string text = plan_text(boot, "/t", {});
        const char* want = boot.accel == "icount" ? "\nfio_slack 3600\n" : "\nfio_slack 120\n";
        EXPECT_NE(text.find(want), std::string::npos) << text;
    }
}

TEST(Presets, CheckedInPresetsAndCatalogLoad) {
    const std::filesystem::path bench = MQ_BENCH_DIR;
    const Catalog c = Catalog::load(bench / "targets" / "catalog.json");
    for (const auto& t : c.targets()) {
        EXPECT_TRUE(std::filesystem::exists(bench / "targets" / t.script)) << t.script;
    }
    for (const char* name : {"quick", "standard", "full", "path-update", "membacked", "multipath",
                             "qd-cpus", "scale", "sharing"}) {
        const auto file = resolve_preset(name, bench / "presets");
        std::ifstream in(file);
        const Sweep s = parse_sweep(json::parse(in), c);
        EXPECT_EQ(s.name, name);
        EXPECT_FALSE(expand(s).empty());
    }
    std::ifstream in(resolve_preset("quick", bench / "presets"));
    const Sweep quick = parse_sweep(json::parse(in), c);
    const auto boots = plan_boots(expand(quick), c);
    ASSERT_EQ(boots.size(), 1U) << "quick is one boot";
    EXPECT_EQ(boots[0].accel, "icount");
    EXPECT_EQ(boots[0].runs(), 7U);
    // Issue 19: mqpath over one path is also divided by the redirect floor
    // measured in the same boot, and every point counts its spinlocks.
    EXPECT_EQ(c.at("mqpath-1path").floor, "redirect-floor");
    EXPECT_NE(std::find(quick.targets.begin(), quick.targets.end(), "redirect-floor"),
              quick.targets.end());
    EXPECT_NE(std::find(quick.params.begin(), quick.params.end(),
                        std::pair<std::string, std::string>{"LOCK_COUNT_S", "3"}),
              quick.params.end());
    EXPECT_THROW(Catalog::from_json(json::parse(R"({"targets": [
        {"name": "a", "script": "a.sh", "floor": "nope"}]})")),
                 std::invalid_argument);
    EXPECT_THROW(resolve_preset("nope", bench / "presets"), std::invalid_argument);
    std::ifstream membacked_in(resolve_preset("membacked", bench / "presets"));
    EXPECT_EQ(parse_sweep(json::parse(membacked_in), c).repeat, 3U)
        << "issue 3's MTTCG figure is a median of three";
}

} // namespace
} // namespace mq::bench
