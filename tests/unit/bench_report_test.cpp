// SPDX-License-Identifier: GPL-2.0-only
// report.md: grouping, the facts it must state, skipped targets with reasons.
#include "report.hpp"
#include "runner.hpp"

#include <gtest/gtest.h>

namespace mq::bench {
namespace {

Record make(const std::string& target, const std::string& rw, unsigned vcpus, double iops,
            const std::string& baseline = "", std::optional<double> base = std::nullopt) {
    Record r;
    r.point.target = target;
    r.point.rw = rw;
    r.point.rwmixread = rw == "randrw" ? 70 : 0;
    r.point.bs = "4k";
    r.point.iodepth = 32;
    r.point.numjobs = vcpus;
    r.point.vcpus = vcpus;
    r.point.accel = "icount";
    r.kernel = "6.12.117+deb12-amd64";
    r.baseline = baseline;
    if (iops > 0) {
        r.status = Status::Ok;
        FioResult f;
        f.iops = iops;
        f.lat = {309248, 8355840, 16318464, 31255753};
        r.fio = f;
        r.baseline_iops = base;
        r.ratio = ratio_of(iops, base);
    }
    return r;
}

ResultSet sample() {
    ResultSet rs;
    rs.sweep = {{"name", "quick"}, {"description", "CI preset"}, {"runtime", 4}, {"ramp", 0}};
    rs.machine = {{"cpu", "Test CPU"},
                  {"cores", 2},
                  {"memory", "7.8 GiB"},
                  {"os", "Debian GNU/Linux 12 (bookworm)"},
                  {"qemu", "QEMU emulator version 7.2"},
                  {"fio", "fio-3.33"}};
    rs.records = {make("null_blk", "randread", 2, 101982),
                  make("dm-mpath-bio-1path", "randread", 2, 81940, "null_blk", 101982),
                  make("mqpath-1path", "randread", 2, 0, "mqnull"),
                  make("null_blk", "randrw", 2, 100000)};
    rs.records[2].status = Status::Skipped;
    rs.records[2].reason = "mqpath.ko is not built for 6.12.117+deb12-amd64 (make kmod)";
    return rs;
}

TEST(Report, GroupsByAccelWorkloadSizeAndDepth) {
    const ResultSet rs = sample();
    const auto groups = group_records(rs);
    ASSERT_EQ(groups.size(), 2U);
    EXPECT_EQ(groups[0].slug, "icount-randread-4k-qd32");
    EXPECT_EQ(groups[0].title, "icount, randread 4k, QD32");
    EXPECT_EQ(groups[0].records.size(), 3U);
    EXPECT_EQ(groups[1].slug, "icount-randrw70-4k-qd32");
    EXPECT_EQ(groups[1].title, "icount, randrw 70/30 4k, QD32");
}

TEST(Report, StatesMachineKernelAccelAndReasons) {
    ReportInfo info;
    info.command = "mqbench run --preset quick --out x";
    info.gates = evaluate_gates(parse_gates(nlohmann::json::parse(R"({"gates": [
        {"name": "mqpath-one-path", "target": "mqpath-1path", "baseline": "mqnull",
         "min_ratio": 0.95}]})")),
                                sample());
    const std::string md = report_markdown(sample(), info, {"icount-randread-4k-qd32"}, "");
    for (const char* needle :
         {"# mqbench report: quick preset", "Test CPU, 2 cores, 7.8 GiB RAM",
          "**Guest kernel:** 6.12.117+deb12-amd64", "icount: TCG with `-icount shift=0,sleep=off`",
          "**Points:** 4 (3 ok, 1 skipped, 0 failed)", "`mqbench run --preset quick --out x`",
          "| mqpath-one-path | mqpath-1path >= 0.95x mqnull | **not evaluated**",
          "| null_blk | 2 | 2 | 101,982 | 1 (raw) | - |",
          "![IOPS](plots/icount-randread-4k-qd32-iops.svg)",
          "![ratio to raw](plots/icount-randread-4k-qd32-ratio.svg)"}) {
        EXPECT_NE(md.find(needle), std::string::npos) << needle << "\n---\n" << md;
    }
    const std::string skipped = "| skipped | mqpath-1path | mqpath.ko is not built for "
                                "6.12.117+deb12-amd64 (make kmod) | 1 "
                                "(randread/4k/qd32/nj2/smp2/icount) |";
    EXPECT_NE(md.find(skipped), std::string::npos) << md;
    const std::string row = "| dm-mpath-bio-1path | 2 | 2 | 81,940 | 0.803 | null_blk | 309 | "
                            "8356 | 16318 | 31256 | 0 | ok |";
    EXPECT_NE(md.find(row), std::string::npos) << md;
    // The randrw group was not plotted: no image links for it.
    EXPECT_EQ(md.find("plots/icount-randrw70"), std::string::npos);
}

TEST(Report, RepeatedPointsShowTheMedianAndTheSpread) {
    ResultSet rs = sample();
    rs.sweep["repeat"] = 3;
    Record& r = rs.records[1]; // dm-mpath-bio-1path
    r.iops_samples = {80000, 81940, 83000};
    r.ratio_samples = {0.79, 0.803, 0.81};
    r.extra = {{"freeze_count", 3}};
    const std::string md = report_markdown(rs, {}, {}, "");
    for (const char* needle :
         {"ran 3 times in the same guest boot, interleaved",
          "| target | vCPUs | numjobs | runs | IOPS (median) | IOPS min-max | ratio (of medians) "
          "| ratio min-max | baseline |",
          "| dm-mpath-bio-1path | 2 | 2 | 3 | 81,940 | 80,000-83,000 | 0.803 | 0.790-0.810 | "
          "null_blk | 309 |",
          "| mqpath-1path | 2 | 2 | 0 | - | - | - | - | mqnull | - |",
          "| dm-mpath-bio-1path/randread/4k/qd32/nj2/smp2/icount | 31256 | freeze_count=3 |"}) {
        EXPECT_NE(md.find(needle), std::string::npos) << needle << "\n---\n" << md;
    }
    // The randrw group has one run per point: its table has no spread columns.
    const auto randrw = md.find("## icount, randrw 70/30 4k, QD32");
    ASSERT_NE(randrw, std::string::npos);
    EXPECT_NE(md.find("| target | vCPUs | numjobs | IOPS | ratio | baseline |", randrw),
              std::string::npos);
    EXPECT_EQ(report_markdown(sample(), {}, {}, "").find("times in the same guest boot"),
              std::string::npos);
}

TEST(Report, FloorRatiosAndSpinlockCountsPerPoint) {
    ResultSet rs = sample();
    rs.records = {make("null_blk", "randread", 2, 100000),
                  make("mqnull", "randread", 2, 101000, "null_blk", 100000),
                  make("redirect-floor", "randread", 2, 95000, "mqnull", 101000),
                  make("mqpath-1path", "randread", 2, 91000, "mqnull", 101000)};
    rs.records[1].extra["spin_locks_per_io"] = 3.1;
    rs.records[1].extra["spin_slowpath_per_io"] = 0.0001;
    rs.records[1].extra["lock_count_ios"] = 300000;
    rs.records[3].extra["spin_locks_per_io"] = 3.1234;
    fill_floor_ratios(rs, {{"mqpath-1path", "redirect-floor"}});
    EXPECT_EQ(rs.records[3].floor, "redirect-floor");
    ASSERT_TRUE(rs.records[3].floor_ratio);
    EXPECT_NEAR(*rs.records[3].floor_ratio, 91000.0 / 95000.0, 1e-12);
    EXPECT_FALSE(rs.records[2].floor_ratio) << "the floor has no floor";
    const auto doc = to_json(rs.records[3]);
    EXPECT_EQ(doc.at("floor"), "redirect-floor");
    EXPECT_NEAR(doc.at("floor_ratio").get<double>(), 91000.0 / 95000.0, 1e-12);
    EXPECT_EQ(record_from_json(doc).floor_ratio, rs.records[3].floor_ratio);

    const std::string md = report_markdown(rs, ReportInfo{}, {}, "");
    EXPECT_NE(md.find("## Ratio to the floor"), std::string::npos) << md;
    EXPECT_NE(md.find("| mqpath-1path/randread/4k/qd32/nj2/smp2/icount | 91,000 | redirect-floor | "
                      "95,000 | 0.958 | mqnull | 0.901 |"),
              std::string::npos)
        << md;
    EXPECT_NE(md.find("## Spinlocks per IO"), std::string::npos) << md;
    EXPECT_NE(md.find("| mqnull/randread/4k/qd32/nj2/smp2/icount | 3.1000 | 0.0001 | 300,000 | "
                      "null_blk | - |"),
              std::string::npos)
        << md;
    EXPECT_NE(md.find("| mqpath-1path/randread/4k/qd32/nj2/smp2/icount | 3.1234 | - | - | mqnull "
                      "| +0.0234 |"),
              std::string::npos)
        << md;

    // The floor gone from the run: no ratio to it, and no section.
    rs.records[2].status = Status::Skipped;
    rs.records[2].fio.reset();
    fill_floor_ratios(rs, {{"mqpath-1path", "redirect-floor"}});
    EXPECT_FALSE(rs.records[3].floor_ratio);
    EXPECT_EQ(report_markdown(rs, ReportInfo{}, {}, "").find("## Ratio to the floor"),
              std::string::npos);
}

TEST(Runner, DurationsAndTimeouts) {
    EXPECT_EQ(format_duration(42), "42s");
    EXPECT_EQ(format_duration(187), "3m07s");
    EXPECT_EQ(format_duration(3725), "1h02m05s");
    EXPECT_EQ(format_duration(-1), "0s");
    // A quick boot (4 runs of 4 s) gets 15 minutes; big ones more.
    EXPECT_EQ(boot_timeout_for(4, 4, 4, "icount"), 900U);
    EXPECT_GT(boot_timeout_for(48, 4, 12, "icount"), 3000U);
    EXPECT_LT(boot_timeout_for(48, 4, 12, "kvm"), boot_timeout_for(48, 4, 12, "icount"));
}

} // namespace
} // namespace mq::bench
