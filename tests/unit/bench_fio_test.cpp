// SPDX-License-Identifier: GPL-2.0-only
// fio JSON parsing, on output captured from real fio runs in the guest
// (tests/unit/fixtures/fio/, 6.12 guest under icount, 2 vCPUs, fio 3.33).
#include "fio.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace mq::bench {
namespace {

std::string fixture(const std::string& name) {
    std::ifstream in(std::string(MQ_FIXTURES) + "/fio/" + name);
    EXPECT_TRUE(in) << name;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST(FioJson, RandomReadOnNullBlk) {
    const auto r = parse_fio_json(fixture("null_blk-randread-4k-qd32-nj2.json"));
    EXPECT_EQ(r.fio_version, "fio-3.33");
    EXPECT_EQ(r.jobs, 1U) << "group_reporting";
    EXPECT_NEAR(r.iops, 101996.009975, 1e-6);
    EXPECT_NEAR(r.iops_read, 101996.009975, 1e-6);
    EXPECT_EQ(r.iops_write, 0);
    EXPECT_EQ(r.bw_bytes, 417775656);
    EXPECT_EQ(r.total_ios, 204502U);
    EXPECT_NEAR(r.runtime_s, 2.005, 1e-9);
    EXPECT_EQ(r.errors, 0U);
    // lat_ns (total latency) percentiles, with --lat_percentiles=1.
    EXPECT_EQ(r.lat.p50, 309248);
    EXPECT_GT(r.lat.p99, r.lat.p50);
    EXPECT_GE(r.lat.p99_9, r.lat.p99);
    EXPECT_EQ(r.lat.max, 31255753);
    EXPECT_EQ(r.lat_write, Latency{});
}

TEST(FioJson, MixedWorkloadKeepsBothDirections) {
    const auto r = parse_fio_json(fixture("null_blk-randrw70-4k-qd32-nj2.json"));
    EXPECT_GT(r.iops_read, 0);
    EXPECT_GT(r.iops_write, 0);
    EXPECT_NEAR(r.iops, r.iops_read + r.iops_write, 1e-6);
    EXPECT_NEAR(r.iops_read / r.iops, 0.70, 0.01) << "rwmixread=70";
    EXPECT_GT(r.lat.p50, 0) << "the reads' percentiles";
    EXPECT_GT(r.lat_write.p50, 0) << "and the writes'";
    EXPECT_GT(r.lat_write.max, 0);
}

TEST(FioJson, WriteOnlyUsesTheWritesLatency) {
    const auto r = parse_fio_json(fixture("dm-mpath-rq-2path-randwrite-4k-qd32-nj2.json"));
    EXPECT_EQ(r.iops_read, 0);
    EXPECT_GT(r.iops_write, 30000);
    EXPECT_EQ(r.iops, r.iops_write);
    EXPECT_GT(r.lat.p50, 0);
    EXPECT_GT(r.lat.max, r.lat.p99_9);
    EXPECT_EQ(r.lat_write, Latency{}) << "only set for mixed jobs";
}

TEST(FioJson, RatiosOfTheCapturedRuns) {
    // The anchor: dm-multipath bio-based keeps ~0.80 of null_blk under icount.
    const auto raw = parse_fio_json(fixture("null_blk-randread-4k-qd32-nj2.json"));
    const auto dm = parse_fio_json(fixture("dm-mpath-bio-1path-randread-4k-qd32-nj2.json"));
    EXPECT_NEAR(dm.iops / raw.iops, 0.80, 0.02);
    const auto nvme = parse_fio_json(fixture("nvme-mp-rr-read-64k-qd32-nj2.json"));
    EXPECT_NEAR(nvme.bw_bytes, nvme.iops * 65536, nvme.bw_bytes * 0.001);
    const auto mqpath = parse_fio_json(fixture("mqpath-1path-randread-4k-qd32-nj2.json"));
    EXPECT_GT(mqpath.iops, 0);
}

TEST(FioJson, SkipsTextBeforeTheJson) {
    const std::string text = "fio: this platform does not support process shared mutexes\n" +
                             fixture("null_blk-randread-4k-qd32-nj2.json");
    EXPECT_NEAR(parse_fio_json(text).iops, 101996.009975, 1e-6);
}

TEST(FioJson, SumsJobsWithoutGroupReporting) {
    const std::string text = R"({"fio version": "fio-3.33", "jobs": [
      {"jobname": "a", "error": 0, "read": {"iops": 100.0, "bw_bytes": 409600, "total_ios": 500,
        "runtime": 5000, "lat_ns": {"max": 900, "percentile": {"50.000000": 100,
        "99.000000": 300, "99.900000": 500}}}, "write": {"iops": 0, "total_ios": 0}},
      {"jobname": "a", "error": 0, "read": {"iops": 50.0, "bw_bytes": 204800, "total_ios": 250,
        "runtime": 5001, "lat_ns": {"max": 700, "percentile": {"50.000000": 200,
        "99.000000": 250, "99.900000": 600}}}, "write": {"iops": 0, "total_ios": 0}}]})";
    const auto r = parse_fio_json(text);
    EXPECT_EQ(r.jobs, 2U);
    EXPECT_EQ(r.iops, 150);
    EXPECT_EQ(r.bw_bytes, 614400);
    EXPECT_EQ(r.total_ios, 750U);
    EXPECT_EQ(r.lat, (Latency{200, 300, 600, 900})) << "the worst job's";
    EXPECT_NEAR(r.runtime_s, 5.001, 1e-9);
}

TEST(FioJson, CountsErrorsAndFallsBackToClat) {
    const std::string text = R"({"jobs": [
      {"error": 5, "read": {"iops": 10, "total_ios": 10, "clat_ns": {"max": 50,
        "percentile": {"50.000000": 20, "99.000000": 40, "99.900000": 45}}}},
      {"error": 0, "total_err": 7, "read": {"iops": 10, "total_ios": 10}}]})";
    const auto r = parse_fio_json(text);
    EXPECT_EQ(r.errors, 8U) << "one job stopped on an error, another counted 7";
    EXPECT_EQ(r.lat, (Latency{20, 40, 45, 50}));
}

TEST(FioJson, RejectsWhatIsNotFioJson) {
    EXPECT_THROW(parse_fio_json(""), std::runtime_error);
    EXPECT_THROW(parse_fio_json("fio: failed to open /dev/nullb0\n"), std::runtime_error);
    EXPECT_THROW(parse_fio_json("{\"jobs\": ["), std::runtime_error);
    EXPECT_THROW(parse_fio_json("{\"jobs\": []}"), std::runtime_error);
    const std::string truncated = fixture("null_blk-randread-4k-qd32-nj2.json").substr(0, 3000);
    EXPECT_THROW(parse_fio_json(truncated), std::runtime_error);
}

} // namespace
} // namespace mq::bench
