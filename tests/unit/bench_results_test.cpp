// Results records, CSV, ratios, shard-and-merge equality and compare.
#include "results.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

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

// What a run would record for a point: IOPS that depend only on the point,
// ratios from the same cell's baseline, one skipped target.
Record fake_record(const Point& p, const Catalog& c) {
    Record r;
    r.point = p;
    r.kernel = "6.12.117+deb12-amd64";
    r.baseline = c.at(p.target).baseline;
    if (p.target == "mqpath-1path" && p.accel == "tcg") {
        r.status = Status::Skipped;
        r.reason = "mqpath.ko is not built for 6.12.117+deb12-amd64 (make kmod)";
        return r;
    }
    const auto iops_of = [](const Point& q) {
        const double base = q.target == "null_blk" ? 100000 : q.target == "mqnull" ? 101000 : 80000;
        return base + 1000.0 * q.numjobs + 10.0 * q.vcpus + (q.bs == "64k" ? -50000 : 0) + 0.123;
    };
    FioResult f;
    f.iops = iops_of(p);
    f.iops_read = p.rw == "randrw" ? f.iops * 0.7 : f.iops;
    f.iops_write = f.iops - f.iops_read;
    f.bw_bytes = f.iops * 4096;
    f.lat = {300000, 8000000, 16000000, 31000000};
    f.lat_write = p.rw == "randrw" ? Latency{1, 2, 3, 4} : Latency{};
    f.total_ios = 1000;
    f.fio_version = "fio-3.33";
    r.fio = f;
    r.status = Status::Ok;
    if (!r.baseline.empty()) {
        r.baseline_iops = iops_of(p.with_target(r.baseline));
        r.ratio = ratio_of(f.iops, r.baseline_iops);
    }
    if (p.target == "mqpath-1path") {
        r.extra["freeze_count"] = 0;
        r.extra["freeze_max_ns"] = 19993822;
    }
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
                      "lat_max_ns,errors,baseline,baseline_iops,ratio,reason");
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), static_cast<long>(points.size() + 1));
    EXPECT_NE(csv.find("\n3,dm-mpath-bio-1path,randread,,4k,32,1,1,icount,6.12.117+deb12-amd64,"
                       "ok,81010.1,81010.1,0.0,331817464,300000,8000000,16000000,31000000,0,"
                       "null_blk,101010.1,0.8020,\n"),
              std::string::npos)
        << csv.substr(0, 600);
    // A skipped record has empty metrics and its reason.
    EXPECT_NE(csv.find(",skipped,,,,,,,,,,mqnull,,,mqpath.ko is not built"), std::string::npos);
}

TEST(Results, RatioOf) {
    EXPECT_EQ(ratio_of(80, 100.0), 0.8);
    EXPECT_FALSE(ratio_of(80, std::nullopt));
    EXPECT_FALSE(ratio_of(80, 0.0));
    EXPECT_FALSE(ratio_of(0, 100.0));
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
