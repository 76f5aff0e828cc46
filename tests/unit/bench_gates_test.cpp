// SPDX-License-Identifier: GPL-2.0-only
// Gate logic: pass, fail, not evaluated, --require-all, filters, and the
// checked-in gates file.
#include "gates.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

namespace mq::bench {
namespace {

using nlohmann::json;

Record ok(const std::string& target, const std::string& baseline, double iops,
          std::optional<double> base_iops, const std::string& accel = "icount",
          unsigned vcpus = 2) {
    Record r;
    r.point.target = target;
    r.point.rw = "randread";
    r.point.bs = "4k";
    r.point.iodepth = 32;
    r.point.numjobs = vcpus;
    r.point.vcpus = vcpus;
    r.point.accel = accel;
    r.status = Status::Ok;
    FioResult f;
    f.iops = iops;
    r.fio = f;
    r.baseline = baseline;
    r.baseline_iops = base_iops;
    r.ratio = ratio_of(iops, base_iops);
    return r;
}

Record skipped(const std::string& target, const std::string& baseline, const std::string& why) {
    Record r = ok(target, baseline, 0, std::nullopt);
    r.status = Status::Skipped;
    r.fio.reset();
    r.reason = why;
    return r;
}

const std::vector<Gate> kGates = parse_gates(json::parse(R"({"gates": [
    {"name": "mqnull-raw", "target": "mqnull", "baseline": "null_blk", "min_ratio": 1.00,
     "where": {"accel": "icount"}},
    {"name": "mqpath-one-path", "target": "mqpath-1path", "baseline": "mqnull",
     "min_ratio": 0.95, "where": {"accel": ["icount"]}}]})"));

TEST(Gates, PassFailAndNotEvaluated) {
    ResultSet rs;
    rs.records = {ok("null_blk", "", 102000, std::nullopt),
                  ok("mqnull", "null_blk", 102216, 102000),
                  skipped("mqpath-1path", "mqnull", "mqpath.ko is not built (make kmod)")};
    auto res = evaluate_gates(kGates, rs);
    ASSERT_EQ(res.size(), 2U);
    EXPECT_EQ(res[0].status, GateStatus::Pass);
    EXPECT_EQ(res[0].points, 1U);
    EXPECT_NEAR(res[0].worst_ratio, 102216.0 / 102000.0, 1e-12);
    EXPECT_EQ(res[1].status, GateStatus::NotEvaluated);
    EXPECT_NE(res[1].reason.find("mqpath.ko is not built"), std::string::npos) << res[1].reason;
    EXPECT_EQ(gates_exit_status(res, false), 0);
    EXPECT_EQ(gates_exit_status(res, true), 1) << "--require-all";
    const std::string text = format_gates(res, true);
    EXPECT_NE(text.find("gate mqpath-one-path: mqpath-1path >= 0.950x mqnull: not evaluated"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("[fails: --require-all]"), std::string::npos);

    rs.records[1] = ok("mqnull", "null_blk", 101000, 102000);
    rs.records[2] = ok("mqpath-1path", "mqnull", 97000, 101000);
    res = evaluate_gates(kGates, rs);
    EXPECT_EQ(res[0].status, GateStatus::Fail);
    ASSERT_EQ(res[0].failures.size(), 1U);
    EXPECT_EQ(res[0].failures[0], "mqnull/randread/4k/qd32/nj2/smp2/icount: 0.990x < 1.000x");
    EXPECT_EQ(res[1].status, GateStatus::Pass);
    EXPECT_EQ(gates_exit_status(res, false), 1);
    const auto doc = to_json(res, false);
    EXPECT_EQ(doc.at("passed"), false);
    EXPECT_EQ(doc.at("gates").at(0).at("status"), "FAIL");
}

TEST(Gates, EveryMatchingPointCountsAndTheWorstIsShown) {
    ResultSet rs;
    rs.records = {ok("mqnull", "null_blk", 103000, 102000, "icount", 1),
                  ok("mqnull", "null_blk", 101990, 102000, "icount", 2),
                  // Not icount: the filter leaves it out however low it is.
                  ok("mqnull", "null_blk", 50000, 102000, "tcg", 2)};
    const auto res = evaluate_gates(kGates, rs);
    EXPECT_EQ(res[0].points, 2U);
    EXPECT_EQ(res[0].status, GateStatus::Fail);
    EXPECT_EQ(res[0].worst_key, "mqnull/randread/4k/qd32/nj2/smp2/icount");
}

TEST(Gates, ABaselineOtherThanTheRecordsIsTakenFromTheSameCell) {
    const auto gates = parse_gates(json::parse(R"({"gates": [
        {"target": "mqpath-1path", "baseline": "null_blk", "min_ratio": 0.9}]})"));
    ResultSet rs;
    rs.records = {ok("null_blk", "", 100000, std::nullopt),
                  ok("mqpath-1path", "mqnull", 92000, 101000)};
    auto res = evaluate_gates(gates, rs);
    EXPECT_EQ(res[0].gate.name, "mqpath-1path-vs-null_blk");
    EXPECT_EQ(res[0].status, GateStatus::Pass);
    EXPECT_NEAR(res[0].worst_ratio, 0.92, 1e-12);
    rs.records[0] = skipped("null_blk", "", "null_blk is not available");
    res = evaluate_gates(gates, rs);
    EXPECT_EQ(res[0].status, GateStatus::NotEvaluated);
    EXPECT_NE(res[0].reason.find("no null_blk measurement"), std::string::npos) << res[0].reason;
}

TEST(Gates, AnAdvisoryGateIsShownButNeverFails) {
    auto gates = parse_gates(json::parse(R"({"gates": [
        {"name": "one-path", "target": "mqpath-1path", "baseline": "mqnull", "min_ratio": 0.95,
         "advisory": true, "advisory_reason": "issue 4 open"}]})"));
    ASSERT_EQ(gates.size(), 1U);
    EXPECT_TRUE(gates[0].advisory);
    ResultSet rs;
    rs.records = {ok("mqnull", "null_blk", 102000, 101600),
                  ok("mqpath-1path", "mqnull", 88400, 102000)};
    const auto res = evaluate_gates(gates, rs);
    EXPECT_EQ(res[0].status, GateStatus::Fail);
    EXPECT_EQ(gates_exit_status(res, false), 0);
    EXPECT_EQ(gates_exit_status(res, true), 0);
    EXPECT_NE(format_gates(res, false).find("FAIL"), std::string::npos);
    EXPECT_NE(format_gates(res, false).find("[advisory: issue 4 open]"), std::string::npos);
    EXPECT_EQ(to_json(res, false)["passed"], true);
    EXPECT_EQ(to_json(res, false)["gates"][0]["advisory"], true);
    // The same gate enforced fails the run.
    gates[0].advisory = false;
    EXPECT_EQ(gates_exit_status(evaluate_gates(gates, rs), false), 1);
}

TEST(Gates, AnAddedPerIoGateComparesAStatisticWithTheBaselinesInTheSameCell) {
    const auto gates = parse_gates(json::parse(R"({"gates": [
        {"name": "no-lock", "target": "mqpath-1path", "baseline": "mqnull",
         "metric": "spin_locks_per_io", "max_added": 0.05}]})"));
    ASSERT_EQ(gates.size(), 1U);
    EXPECT_EQ(gates[0].kind, GateKind::AddedPerIo);
    ResultSet rs;
    rs.records = {ok("mqnull", "null_blk", 102000, 101600),
                  ok("mqpath-1path", "mqnull", 90000, 102000)};
    // No count on either: not evaluated, and the reason says how to count.
    auto res = evaluate_gates(gates, rs);
    EXPECT_EQ(res[0].status, GateStatus::NotEvaluated);
    EXPECT_NE(res[0].reason.find("LOCK_COUNT_S"), std::string::npos) << res[0].reason;

    rs.records[0].extra["spin_locks_per_io"] = 3.2;
    rs.records[1].extra["spin_locks_per_io"] = 3.23;
    res = evaluate_gates(gates, rs);
    EXPECT_EQ(res[0].status, GateStatus::Pass);
    EXPECT_NEAR(res[0].worst_ratio, 0.03, 1e-9);
    EXPECT_NE(
        format_gates(res, false)
            .find("gate no-lock: mqpath-1path adds <= +0.0500 spin_locks_per_io over mqnull: pass "
                  "(1 point, most +0.0300 at mqpath-1path/randread/4k/qd32/nj2/smp2/icount)"),
        std::string::npos)
        << format_gates(res, false);

    rs.records[1].extra["spin_locks_per_io"] = 4.2;
    res = evaluate_gates(gates, rs);
    EXPECT_EQ(res[0].status, GateStatus::Fail);
    ASSERT_EQ(res[0].failures.size(), 1U);
    EXPECT_EQ(res[0].failures[0], "mqpath-1path/randread/4k/qd32/nj2/smp2/icount: "
                                  "spin_locks_per_io +1.0000 over mqnull > +0.0500");
    EXPECT_EQ(gates_exit_status(res, false), 1);
    const auto doc = to_json(res, false);
    EXPECT_EQ(doc.at("gates").at(0).at("kind"), "added_per_io");
    EXPECT_NEAR(doc.at("gates").at(0).at("most_added").get<double>(), 1.0, 1e-9);
    EXPECT_TRUE(doc.at("gates").at(0).at("worst_ratio").is_null());
}

TEST(Gates, NothingRunIsNotEvaluated) {
    const auto res = evaluate_gates(kGates, ResultSet{});
    EXPECT_EQ(res[0].status, GateStatus::NotEvaluated);
    EXPECT_EQ(res[0].reason, "mqnull was not run");
}

TEST(Gates, RejectsBadFiles) {
    EXPECT_THROW(parse_gates(json::parse(R"({"gates": [{"target": "a"}]})")),
                 std::invalid_argument);
    EXPECT_THROW(parse_gates(json::parse(R"({"gates": [{"target": "a", "baseline": "b",
                     "min_ratio": 1, "where": {"colour": "red"}}]})")),
                 std::invalid_argument);
    EXPECT_THROW(parse_gates(json::parse(R"({})")), std::invalid_argument);
    EXPECT_THROW(parse_gates(json::parse(R"({"gates": [{"target": "a", "baseline": "b",
                     "max_added": 0.05}]})")),
                 std::invalid_argument)
        << "max_added needs a metric";
    EXPECT_THROW(parse_gates(json::parse(R"({"gates": [{"target": "a", "baseline": "b",
                     "metric": "m", "max_added": -1}]})")),
                 std::invalid_argument);
}

TEST(Gates, CheckedInGatesFile) {
    const auto gates = load_gates(std::string(MQ_BENCH_DIR) + "/gates.json");
    // Issue 6's gates: mqnull no dearer than null_blk enforced (0.995x: the
    // same-boot ratio's own spread, measured 1.000x-1.005x, see
    // docs/benchmarks.md; 1.00 failed CI on equal cost); mqpath one path
    // >= 0.95x mqnull kept advisory above an enforced floor; and mqpath
    // ahead of bio-based dm-multipath. Issue 17's: path churn costs at
    // most 3% of the IOPS of the same two paths left alone.
    struct Want {
        const char* target;
        const char* baseline;
        double min_ratio;
        bool advisory;
    };
    // Issue 19's: mqpath over one path keeps 97.5% of a bare redirect, and
    // adds no spinlock acquisition per IO over mqnull (at most 0.05, an
    // added-per-IO gate: min_ratio 0).
    const std::vector<Want> want = {{"mqnull", "null_blk", 0.995, false},
                                    {"mqpath-1path", "mqnull", 0.88, false},
                                    {"mqpath-1path", "mqnull", 0.95, true},
                                    {"mqpath-1path", "redirect-floor", 0.975, false},
                                    {"mqpath-1path", "dm-mpath-bio-1path", 1.10, false},
                                    {"mqpath-churn", "mqpath-2path-rr", 0.97, false},
                                    {"mqpath-1path", "mqnull", 0, false}};
    ASSERT_EQ(gates.size(), want.size());
    EXPECT_EQ(gates.back().kind, GateKind::AddedPerIo);
    EXPECT_EQ(gates.back().metric, "spin_locks_per_io");
    EXPECT_DOUBLE_EQ(gates.back().max_added, 0.05);
    for (std::size_t i = 0; i < want.size(); ++i) {
        EXPECT_EQ(gates[i].target, want[i].target) << i;
        EXPECT_EQ(gates[i].baseline, want[i].baseline) << i;
        EXPECT_DOUBLE_EQ(gates[i].min_ratio, want[i].min_ratio) << i;
        EXPECT_EQ(gates[i].advisory, want[i].advisory) << i;
    }
}

TEST(Gates, QuickPresetMeasuresEveryGatedTarget) {
    // A gate whose target or baseline CI does not run is "not evaluated"
    // and would pass CI silently.
    const std::filesystem::path bench = MQ_BENCH_DIR;
    const auto gates = load_gates(bench / "gates.json");
    std::ifstream in(bench / "presets" / "quick.json");
    const auto targets = json::parse(in).at("targets").get<std::vector<std::string>>();
    for (const auto& g : gates) {
        EXPECT_NE(std::find(targets.begin(), targets.end(), g.target), targets.end()) << g.name;
        EXPECT_NE(std::find(targets.begin(), targets.end(), g.baseline), targets.end()) << g.name;
    }
}

} // namespace
} // namespace mq::bench
