// SPDX-License-Identifier: GPL-2.0-only
// Results records, CSV, ratios, shard-and-merge equality and compare.
#include "compare.hpp"
#include "guest_plan.hpp"
#include "results.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>

namespace mq::bench {
namespace {

using nlohmann::json;

Catalog catalog() {
    return Catalog::from_json(json::parse(R"({"targets": [
        {"name": "null_blk", "script": "null_blk.sh"},
        {"name": "mqnull", "script": "mqnull.sh", "baseline": "null_blk"},
        {"name": "mqpath-1path", "script": "mqpath.sh", "baseline": "mqnull"},
        {"name": "dm-mpath-bio-1path", "script": "dm-mpath-bio.sh", "baseline": "null_blk"}]})"));
}

Sweep sweep(const Catalog& c) {
    return parse_sweep(json::parse(R"({"name": "t",
        "targets": ["null_blk", "mqnull", "mqpath-1path", "dm-mpath-bio-1path"],
        "rw": ["randread", "randrw"], "bs": ["4k", "64k"], "iodepth": [32],
        "numjobs": [1, "vcpus"], "vcpus": [1, 2], "accel": ["icount", "tcg"]})"),
                       c);
}

// What one run of a point gives: IOPS that depend only on the point.
RunOutcome fake_outcome(const Point& q) {
    const double base = q.target == "null_blk" ? 100000 : q.target == "mqnull" ? 101000 : 80000;
    FioResult f;
    f.iops = base + 1000.0 * q.numjobs + 10.0 * q.vcpus + (q.bs == "64k" ? -50000 : 0) + 0.123;
    f.iops_read = q.rw == "randrw" ? f.iops * 0.7 : f.iops;
    f.iops_write = f.iops - f.iops_read;
    f.bw_bytes = f.iops * 4096;
    f.lat = {300000, 8000000, 16000000, 31000000};
    f.lat_write = q.rw == "randrw" ? Latency{1, 2, 3, 4} : Latency{};
    f.total_ios = 1000;
    f.fio_version = "fio-3.33";
    RunOutcome run{Status::Ok, f, "", nlohmann::ordered_json::object()};
    if (q.target == "mqpath-1path") {
        run.extra["freeze_count"] = 0;
        run.extra["freeze_max_ns"] = 19993822;
    }
    return run;
}

// What a run would record for a point: one run, its ratio from the same
// cell's baseline, one skipped target.
Record fake_record(const Point& p, const Catalog& c) {
    Record r;
    r.point = p;
    r.kernel = "6.12.117+deb12-amd64";
    r.baseline = c.at(p.target).baseline;
    if (p.target == "mqpath-1path" && p.accel == "tcg") {
        summarize_runs(r,
                       {{Status::Skipped,
                         std::nullopt,
                         "mqpath.ko is not built for 6.12.117+deb12-amd64 (make kmod)",
                         {}}},
                       {});
        return r;
    }
    std::vector<RunOutcome> base;
    if (!r.baseline.empty()) {
        base.push_back(fake_outcome(p.with_target(r.baseline)));
    }
    summarize_runs(r, {fake_outcome(p)}, base);
    return r;
}

ResultSet fake_run(const std::vector<Point>& points, const Sweep& s, const Catalog& c,
                   std::size_t total) {
    ResultSet rs;
    rs.sweep = s.to_json();
    rs.sweep["points_total"] = total;
    rs.machine = {{"cpu", "Test CPU"}, {"cores", 2}};
    for (const auto& p : points) {
        rs.records.push_back(fake_record(p, c));
    }
    return rs;
}

TEST(Results, RecordJsonRoundTrips) {
    const Catalog c = catalog();
    for (const auto& p : expand(sweep(c))) {
        const Record r = fake_record(p, c);
        const auto doc = to_json(r);
        EXPECT_EQ(doc.at("key"), p.key());
        EXPECT_EQ(to_json(record_from_json(doc)).dump(), doc.dump()) << p.key();
    }
}

TEST(Results, RecordCarriesEveryField) {
    const Catalog c = catalog();
    const auto points = expand(sweep(c));
    const auto doc = to_json(fake_record(points.at(3), c)); // dm-mpath-bio-1path
    for (const char* key :
         {"target", "rw", "bs", "iodepth", "numjobs", "vcpus", "accel", "kernel", "iops",
          "bw_bytes", "lat_ns", "errors", "baseline", "baseline_iops", "ratio", "status"}) {
        EXPECT_TRUE(doc.contains(key)) << key;
    }
    EXPECT_EQ(doc.at("lat_ns").at("p99.9"), 16000000);
    EXPECT_EQ(doc.at("baseline"), "null_blk");
    EXPECT_NEAR(doc.at("ratio").get<double>(), 81010.123 / 101010.123, 1e-12);
    EXPECT_TRUE(doc.at("rwmixread").is_null());
    const auto skipped = to_json(fake_record(points.at(points.size() - 2), c));
    EXPECT_EQ(skipped.at("status"), "skipped");
    EXPECT_TRUE(skipped.at("iops").is_null());
    EXPECT_TRUE(skipped.at("ratio").is_null());
}

TEST(Results, Csv) {
    const Catalog c = catalog();
    const auto points = expand(sweep(c));
    const ResultSet rs = fake_run(points, sweep(c), c, points.size());
    const std::string csv = to_csv(rs);
    const auto header = csv.substr(0, csv.find('\n'));
    EXPECT_EQ(header, "index,target,rw,rwmixread,bs,iodepth,numjobs,vcpus,accel,kernel,status,"
                      "iops,iops_read,iops_write,bw_bytes,lat_p50_ns,lat_p99_ns,lat_p99_9_ns,"
                      "lat_max_ns,errors,baseline,baseline_iops,ratio,runs,iops_min,iops_max,"
                      "ratio_min,ratio_max,reason");
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), static_cast<long>(points.size() + 1));
    EXPECT_NE(csv.find("\n3,dm-mpath-bio-1path,randread,,4k,32,1,1,icount,6.12.117+deb12-amd64,"
                       "ok,81010.1,81010.1,0.0,331817464,300000,8000000,16000000,31000000,0,"
                       "null_blk,101010.1,0.8020,1,81010.1,81010.1,0.8020,0.8020,\n"),
              std::string::npos)
        << csv.substr(0, 600);
    // A skipped record has empty metrics and its reason.
    EXPECT_NE(csv.find(",skipped,,,,,,,,,,mqnull,,,1,,,,,mqpath.ko is not built"),
              std::string::npos);
}

TEST(Results, RatioOf) {
    EXPECT_EQ(ratio_of(80, 100.0), 0.8);
    EXPECT_FALSE(ratio_of(80, std::nullopt));
    EXPECT_FALSE(ratio_of(80, 0.0));
    EXPECT_FALSE(ratio_of(0, 100.0));
}

RunOutcome ok_run(double iops, double max_lat_ns = 1000, const char* note = "") {
    FioResult f;
    f.iops = iops;
    f.bw_bytes = iops * 4096;
    f.lat = {100, 200, 300, max_lat_ns};
    return {Status::Ok, f, note, {{"freeze_max_ns", max_lat_ns}}};
}

RunOutcome failed_run(const char* why) {
    return {Status::Failed, std::nullopt, why, {}};
}

TEST(Runs, MedianIsARealRun) {
    EXPECT_EQ(median_position({300, 100, 200}), 2U);
    EXPECT_EQ(median({300, 100, 200}), 200);
    EXPECT_EQ(median({7}), 7);
    // An even count takes the lower middle one, never an average of two.
    EXPECT_EQ(median({4, 1, 3, 2}), 2);
    EXPECT_EQ(median_position({4, 1, 3, 2}), 3U);
    // Equal values: the earliest run.
    EXPECT_EQ(median_position({5, 5, 5}), 1U);
    EXPECT_EQ(median_position({1, 5, 5, 9}), 1U);
    EXPECT_THROW((void)median_position({}), std::invalid_argument);
}

TEST(Runs, RecordIsTheMedianRunAndTheRatioOfMedians) {
    Record r;
    r.baseline = "null_blk-mem";
    summarize_runs(r, {ok_run(100, 9000), ok_run(300, 7000, "fio: warning"), ok_run(200, 8000)},
                   {ok_run(100), ok_run(150), ok_run(400)});
    ASSERT_EQ(r.status, Status::Ok);
    ASSERT_TRUE(r.fio);
    EXPECT_EQ(r.fio->iops, 200);
    EXPECT_EQ(r.fio->bw_bytes, 200 * 4096) << "bandwidth of the median run";
    EXPECT_EQ(r.fio->lat.max, 8000) << "latency of the median run, not the worst";
    EXPECT_EQ(r.median_run, 2U);
    EXPECT_EQ(r.extra.at("freeze_max_ns"), 8000);
    EXPECT_EQ(r.reason, "");
    EXPECT_EQ(r.iops_samples, (std::vector<std::optional<double>>{100, 300, 200}));
    EXPECT_EQ(r.baseline_iops_samples, (std::vector<std::optional<double>>{100, 150, 400}));
    // Round by round: 100/100, 300/150, 200/400.
    EXPECT_EQ(r.ratio_samples, (std::vector<std::optional<double>>{1.0, 2.0, 0.5}));
    EXPECT_EQ(r.baseline_iops, 150);
    // The ratio of the medians (200 / 150), not the median of the ratios (1.0).
    ASSERT_TRUE(r.ratio);
    EXPECT_DOUBLE_EQ(*r.ratio, 200.0 / 150.0);
    EXPECT_EQ(iops_range_text(r), "100-300");
    EXPECT_EQ(ratio_range_text(r), "0.500-2.000");
    const auto spread = spread_of(r.ratio_samples);
    ASSERT_TRUE(spread);
    EXPECT_EQ(spread->min, 0.5);
    EXPECT_EQ(spread->max, 2.0);

    const auto doc = to_json(r);
    EXPECT_EQ(doc.at("runs"), 3);
    EXPECT_EQ(doc.at("median_run"), 2);
    EXPECT_EQ(doc.at("iops_samples"), nlohmann::ordered_json::parse("[100.0, 300.0, 200.0]"));
    EXPECT_EQ(doc.at("baseline_iops_samples"),
              nlohmann::ordered_json::parse("[100.0, 150.0, 400.0]"));
    EXPECT_EQ(doc.at("ratio_samples"), nlohmann::ordered_json::parse("[1.0, 2.0, 0.5]"));
    EXPECT_EQ(to_json(record_from_json(doc)).dump(), doc.dump());
}

TEST(Runs, OneRunIsItsOwnMedian) {
    Record r;
    r.baseline = "null_blk";
    summarize_runs(r, {ok_run(80)}, {ok_run(100)});
    EXPECT_EQ(r.status, Status::Ok);
    EXPECT_EQ(r.fio->iops, 80);
    EXPECT_DOUBLE_EQ(*r.ratio, 0.8);
    EXPECT_EQ(r.ratio_samples, (std::vector<std::optional<double>>{0.8}));
    Record raw;
    summarize_runs(raw, {ok_run(100)}, {});
    EXPECT_FALSE(raw.ratio);
    EXPECT_TRUE(raw.ratio_samples.empty()) << "a raw target has no ratios";
    EXPECT_EQ(raw.reason, "");
}

TEST(Runs, AFailedRunFailsThePoint) {
    Record r;
    r.baseline = "null_blk";
    summarize_runs(r, {ok_run(100), failed_run("fio exited with status 1: EIO"), ok_run(90)},
                   {ok_run(100), ok_run(100), ok_run(100)});
    EXPECT_EQ(r.status, Status::Failed);
    EXPECT_EQ(r.reason, "run 2 of 3: fio exited with status 1: EIO");
    EXPECT_FALSE(r.fio);
    EXPECT_FALSE(r.ratio);
    EXPECT_EQ(r.iops_samples, (std::vector<std::optional<double>>{100, std::nullopt, 90}))
        << "the runs that worked are kept";
    EXPECT_EQ(to_json(r).at("iops_samples"), nlohmann::ordered_json::parse("[100.0, null, 90.0]"));

    Record one;
    summarize_runs(one, {failed_run("fio exited with status 1")}, {});
    EXPECT_EQ(one.reason, "fio exited with status 1") << "no run number for a single run";

    Record skipped;
    summarize_runs(skipped,
                   {{Status::Skipped, std::nullopt, "no mqpath.ko", {}},
                    {Status::Skipped, std::nullopt, "no mqpath.ko", {}}},
                   {});
    EXPECT_EQ(skipped.status, Status::Skipped);
    EXPECT_EQ(skipped.reason, "no mqpath.ko");
}

TEST(Runs, ABaselineRunFailedMeansNoRatio) {
    Record r;
    r.baseline = "null_blk";
    summarize_runs(r, {ok_run(100), ok_run(110), ok_run(120)},
                   {ok_run(100), ok_run(100), failed_run("fio exited with status 1")});
    EXPECT_EQ(r.status, Status::Ok);
    EXPECT_EQ(r.fio->iops, 110);
    EXPECT_FALSE(r.ratio);
    EXPECT_FALSE(r.baseline_iops);
    EXPECT_EQ(r.reason, "no ratio: null_blk failed in this boot: run 3 of 3: fio exited with "
                        "status 1");
    EXPECT_EQ(r.ratio_samples, (std::vector<std::optional<double>>{1.0, 1.1, std::nullopt}));

    Record alone;
    alone.baseline = "null_blk";
    summarize_runs(alone, {ok_run(100)}, {});
    EXPECT_EQ(alone.reason, "no ratio: null_blk not measured in this boot");
    Record skipped_base;
    skipped_base.baseline = "null_blk";
    summarize_runs(skipped_base, {ok_run(100)},
                   {{Status::Skipped, std::nullopt, "no null_blk", {}}});
    EXPECT_EQ(skipped_base.reason, "no ratio: null_blk was skipped in this boot: no null_blk");
}

// What `mqbench run` records for these points: each boot of the plan runs
// its targets' blocks in order and, as the runner does, a point's runs are
// summarized with its baseline's runs from the same boot. A run's IOPS
// depend on the point and the round, times `drift`: how fast the host was
// during that boot (MTTCG on a busy host).
ResultSet simulate_run(const std::vector<Point>& points, const Sweep& s, const Catalog& c,
                       std::size_t total, double drift) {
    ResultSet rs;
    rs.sweep = s.to_json();
    rs.sweep["points_total"] = total;
    rs.machine = {{"cpu", "Test CPU"}, {"cores", 2}};
    std::map<std::size_t, std::size_t> position;
    for (const auto& p : points) {
        position[p.index] = rs.records.size();
        Record r;
        r.point = p;
        r.baseline = c.at(p.target).baseline;
        rs.records.push_back(r);
    }
    const std::vector<double> round_factor = {1.00, 1.04, 0.97, 1.02};
    for (const auto& boot : plan_boots(points, c, s.repeat)) {
        std::map<std::string, std::vector<RunOutcome>> runs;
        for (const auto& block : boot.targets) {
            for (const auto& pp : block.points) {
                RunOutcome run{Status::Skipped, std::nullopt, "no mqpath.ko", {}};
                if (pp.point.target != "mqpath-1path" || pp.point.accel != "tcg") {
                    run = fake_outcome(pp.point);
                    run.fio->iops *= drift * round_factor.at((pp.round + pp.point.target.size()) %
                                                             round_factor.size());
                }
                auto& mine = runs[pp.point.key()];
                mine.push_back(run);
                if (pp.helper || mine.size() < boot.rounds) {
                    continue;
                }
                Record& r = rs.records.at(position.at(pp.point.index));
                summarize_runs(r, mine,
                               r.baseline.empty() ? std::vector<RunOutcome>{}
                                                  : runs[pp.point.with_target(r.baseline).key()]);
            }
        }
    }
    return rs;
}

TEST(Results, ShardsMergeToTheUnshardedRecords) {
    const Catalog c = catalog();
    Sweep s = sweep(c);
    s.repeat = 3;
    const auto all = expand(s);
    const ResultSet whole = simulate_run(all, s, c, all.size(), 1.0);
    for (const auto& r : whole.records) {
        ASSERT_NE(r.status, Status::Pending) << r.point.key();
    }
    for (unsigned n : {2U, 3U, 5U}) {
        // Each shard's boots on a host of the same speed: the same records.
        std::vector<ResultSet> shards;
        for (unsigned i = n; i >= 1; --i) {
            shards.push_back(simulate_run(select_shard(all, {i, n}), s, c, all.size(), 1.0));
        }
        EXPECT_EQ(to_json(merge(shards)).dump(2), to_json(whole).dump(2)) << n << " shards";

        // A host faster in some shards than in others: IOPS differ, but a
        // ratio is against the baseline measured in its own shard's boot
        // (a helper when the baseline's point is in another shard), so
        // ratios are those of the unsharded run.
        shards.clear();
        for (unsigned i = 1; i <= n; ++i) {
            shards.push_back(
                simulate_run(select_shard(all, {i, n}), s, c, all.size(), 1.0 + 0.25 * i));
        }
        const ResultSet merged = merge(shards);
        ASSERT_EQ(merged.records.size(), whole.records.size());
        std::size_t ratios = 0;
        for (std::size_t k = 0; k < merged.records.size(); ++k) {
            const Record& a = merged.records[k];
            const Record& b = whole.records[k];
            EXPECT_EQ(a.point.key(), b.point.key()) << "records in the sweep's order";
            EXPECT_EQ(a.status, b.status) << b.point.key();
            ASSERT_EQ(a.ratio.has_value(), b.ratio.has_value()) << b.point.key();
            if (b.ratio) {
                ++ratios;
                EXPECT_NEAR(*a.ratio, *b.ratio, 1e-12) << b.point.key();
                ASSERT_EQ(a.ratio_samples.size(), 3U);
                for (std::size_t i = 0; i < 3; ++i) {
                    EXPECT_NEAR(*a.ratio_samples[i], *b.ratio_samples[i], 1e-12) << b.point.key();
                }
            }
        }
        EXPECT_GT(ratios, whole.records.size() / 2);
    }
}

TEST(Results, ShardAndMergeGiveTheSameResultsAsOneRun) {
    const Catalog c = catalog();
    const Sweep s = sweep(c);
    const auto all = expand(s);
    const std::string whole = to_json(fake_run(all, s, c, all.size())).dump(2);
    for (unsigned n : {1U, 2U, 3U, 5U, 64U}) {
        std::vector<ResultSet> shards;
        for (unsigned i = n; i >= 1; --i) { // any order
            shards.push_back(fake_run(select_shard(all, {i, n}), s, c, all.size()));
        }
        EXPECT_EQ(to_json(merge(shards)).dump(2), whole) << n << " shards";
    }
}

TEST(Results, MergeThroughFilesIsLossless) {
    const Catalog c = catalog();
    const Sweep s = sweep(c);
    const auto all = expand(s);
    const auto dir =
        std::filesystem::temp_directory_path() / ("mqbench-merge-" + std::to_string(::getpid()));
    std::vector<ResultSet> loaded;
    for (unsigned i = 1; i <= 2; ++i) {
        const auto shard_dir = dir / std::to_string(i);
        write_results(shard_dir, fake_run(select_shard(all, {i, 2}), s, c, all.size()));
        EXPECT_TRUE(std::filesystem::exists(shard_dir / "results.csv"));
        loaded.push_back(load_results(shard_dir)); // a folder works as well as the file
    }
    EXPECT_EQ(to_json(merge(loaded)).dump(), to_json(fake_run(all, s, c, all.size())).dump());
    std::filesystem::remove_all(dir);
}

TEST(Results, MergePrefersOkAndRejectsOtherSweeps) {
    const Catalog c = catalog();
    const Sweep s = sweep(c);
    const auto all = expand(s);
    ResultSet failed = fake_run({all[0], all[1]}, s, c, all.size());
    failed.records[0].status = Status::Failed;
    failed.records[0].fio.reset();
    failed.records[0].reason = "guest timed out";
    const ResultSet retry = fake_run({all[0]}, s, c, all.size());
    const ResultSet merged = merge({failed, retry});
    ASSERT_EQ(merged.records.size(), 2U);
    EXPECT_EQ(merged.records[0].status, Status::Ok);
    EXPECT_EQ(merge({retry, failed}).records[0].status, Status::Ok);

    Sweep other = s;
    other.runtime = 9;
    EXPECT_THROW(merge({failed, fake_run({all[2]}, other, c, all.size())}), std::invalid_argument);
    EXPECT_THROW(merge({}), std::invalid_argument);
}

// --resume keeps exactly the Ok records of points still in the sweep: not a
// failed one, not a skipped one, not one whose index now names another point.
TEST(Results, ResumeKeepsOnlyOkRecordsOfTheSamePoints) {
    const Catalog c = catalog();
    const Sweep s = sweep(c);
    const auto all = expand(s);
    ResultSet previous = fake_run({all[0], all[1], all[2], all[3]}, s, c, all.size());
    previous.records[1].status = Status::Failed;
    previous.records[2].status = Status::Skipped;
    previous.records[3].point.target = all[3].target == "null_blk" ? "mqnull" : "null_blk";
    ASSERT_NE(previous.records[3].point.key(), all[3].key());
    const auto kept = ok_records(previous, {all[0], all[1], all[2], all[3], all[4]});
    ASSERT_EQ(kept.size(), 1U);
    EXPECT_EQ(kept.at(all[0].index).point.key(), all[0].key());
    EXPECT_EQ(to_json(kept.at(all[0].index)).dump(), to_json(previous.records[0]).dump());
    // A point of another shard is not this run's to keep.
    EXPECT_TRUE(ok_records(previous, {all[1], all[5]}).empty());
}

TEST(Compare, ReportsChangesBeyondTheThreshold) {
    const Catalog c = catalog();
    const Sweep s = sweep(c);
    const auto all = expand(s);
    const ResultSet a = fake_run(all, s, c, all.size());
    ResultSet b = a;
    // dm-mpath ratio down 5%, mqnull up 1% (under 2%), raw null_blk -3%
    // under icount, one point failed, one point only in b.
    b.records[3].ratio = *b.records[3].ratio * 0.95;
    b.records[1].ratio = *b.records[1].ratio * 1.01;
    b.records[0].fio->iops *= 0.97;
    b.records[4].status = Status::Failed;
    b.records[4].fio.reset();
    ResultSet a_less = a;
    a_less.records.pop_back();

    const auto cmp = compare(a_less, b, parse_threshold("2%"));
    EXPECT_EQ(cmp.compared, all.size() - 1);
    ASSERT_EQ(cmp.changes.size(), 3U);
    EXPECT_EQ(cmp.changes[0].key, all[0].key());
    EXPECT_EQ(cmp.changes[0].what, "iops");
    EXPECT_TRUE(cmp.changes[0].regression) << "raw IOPS under icount";
    EXPECT_EQ(cmp.changes[1].what, "ratio");
    EXPECT_NEAR(cmp.changes[1].relative, -0.05, 1e-9);
    EXPECT_TRUE(cmp.changes[1].regression);
    EXPECT_EQ(cmp.changes[2].what, "status");
    EXPECT_EQ(cmp.changes[2].after, "failed");
    EXPECT_EQ(cmp.only_after, std::vector<std::string>{all.back().key()});
    EXPECT_TRUE(cmp.any_regression());
    const std::string text = format_comparison(cmp, 0.02);
    EXPECT_NE(text.find("ratio  0.802x -> 0.762x  (-5.00%)  REGRESSION"), std::string::npos)
        << text;

    EXPECT_TRUE(compare(a, a, 0).changes.empty());
    EXPECT_FALSE(compare(a, a, 0).any_regression());
}

TEST(Compare, RawIopsOutsideIcountAreNotRegressions) {
    const Catalog c = catalog();
    const Sweep s = sweep(c);
    const auto all = expand(s);
    const ResultSet a = fake_run(all, s, c, all.size());
    ResultSet b = a;
    std::size_t tcg_raw = 0;
    for (auto& r : b.records) {
        if (r.point.accel == "tcg" && r.point.target == "null_blk") {
            r.fio->iops *= 0.5;
            ++tcg_raw;
        }
    }
    const auto cmp = compare(a, b, 0.02);
    EXPECT_EQ(cmp.changes.size(), tcg_raw);
    EXPECT_FALSE(cmp.any_regression());
}

TEST(Compare, Threshold) {
    EXPECT_DOUBLE_EQ(parse_threshold("2%"), 0.02);
    EXPECT_DOUBLE_EQ(parse_threshold("0.5%"), 0.005);
    EXPECT_DOUBLE_EQ(parse_threshold("3"), 0.03);
    EXPECT_THROW(parse_threshold("x"), std::invalid_argument);
    EXPECT_THROW(parse_threshold("-1%"), std::invalid_argument);
    EXPECT_THROW(parse_threshold("2%%"), std::invalid_argument);
}

TEST(Results, FormatCount) {
    EXPECT_EQ(format_count(101996.009975), "101,996");
    EXPECT_EQ(format_count(999.6), "1,000");
    EXPECT_EQ(format_count(12), "12");
    EXPECT_EQ(format_count(1234567), "1,234,567");
}

} // namespace
} // namespace mq::bench
