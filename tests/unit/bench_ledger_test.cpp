// SPDX-License-Identifier: GPL-2.0-only
// The ledger of `mqbench run`: a captured guest boot (the quick preset's
// four targets at 2 vCPUs under icount) replayed into records, and a boot
// that dies half way, retried or failed.
#include "ledger.hpp"

#include <algorithm>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace mq::bench {
namespace {

using nlohmann::json;

Catalog catalog() {
    return Catalog::load(std::filesystem::path(MQ_BENCH_DIR) / "targets" / "catalog.json");
}

// The sweep the fixture was captured with.
Sweep sweep(const Catalog& c) {
    return parse_sweep(json::parse(R"({"name": "captured",
        "targets": ["null_blk", "mqnull", "dm-mpath-bio-1path", "mqpath-1path"],
        "rw": ["randread"], "bs": ["4k"], "iodepth": [32], "numjobs": ["vcpus"],
        "vcpus": [2], "accel": ["icount"], "runtime": 4})"),
                       c);
}

std::vector<std::string> fixture_lines() {
    std::ifstream in(std::string(MQ_FIXTURES) + "/fio/guest-quick-smp2-icount.out");
    EXPECT_TRUE(in);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

struct Replay {
    std::vector<Message> messages;
    std::vector<std::string> fio_files;
    unsigned saves = 0;
    unsigned runs_finished = 0;
    unsigned first_guest_lines = 0;
};

// Feeds LINES through the guest stream into the ledger, as the runner does.
Replay replay(Ledger& ledger, BootBook& book, const std::vector<std::string>& lines) {
    Replay r;
    GuestStream stream;
    for (const auto& line : lines) {
        for (const auto& ev : stream.feed(line)) {
            Effects fx = ledger.on_event(book, ev);
            r.first_guest_lines += fx.first_guest_line ? 1 : 0;
            r.runs_finished += fx.run_finished ? 1 : 0;
            r.saves += fx.save ? 1 : 0;
            if (fx.fio_file) {
                r.fio_files.push_back(fx.fio_file->first);
                EXPECT_FALSE(fx.fio_file->second.empty());
            }
            for (auto& m : fx.messages) {
                r.messages.push_back(std::move(m));
            }
        }
    }
    return r;
}

// One ledger with every point of the sweep, planned in one boot.
struct OneBoot {
    Catalog c = catalog();
    Sweep s = sweep(c);
    Ledger ledger{c};
    std::vector<BootPlan> boots;
    OneBoot() {
        const auto points = expand(s);
        for (const auto& p : points) {
            ledger.add_point(p);
        }
        boots = plan_boots(points, c, s.repeat);
        for (const auto& b : boots) {
            ledger.count_planned(b);
        }
    }
};

TEST(Ledger, ReplaysACapturedBootIntoRecords) {
    OneBoot t;
    ASSERT_EQ(t.boots.size(), 1U);
    BootBook book(1, t.boots[0]);
    const Replay r = replay(t.ledger, book, fixture_lines());

    EXPECT_TRUE(book.guest_seen());
    EXPECT_TRUE(book.done_seen());
    EXPECT_EQ(book.kernel(), "6.12.117+deb12-amd64");
    EXPECT_EQ(book.current(), nullptr) << "no fio run under way after the last point";
    EXPECT_EQ(r.first_guest_lines, 1U);
    EXPECT_EQ(r.runs_finished, 4U);
    EXPECT_EQ(r.saves, 4U) << "one write of the results per record";
    EXPECT_EQ(r.fio_files,
              (std::vector<std::string>{"null_blk_randread_4k_qd32_nj2_smp2_icount",
                                        "mqnull_randread_4k_qd32_nj2_smp2_icount",
                                        "dm-mpath-bio-1path_randread_4k_qd32_nj2_smp2_icount",
                                        "mqpath-1path_randread_4k_qd32_nj2_smp2_icount"}));

    // One progress line per point, with the counts as they were then.
    ASSERT_EQ(r.messages.size(), 4U);
    EXPECT_EQ(r.messages[0].text, "null_blk randread 4k qd32 nj2 smp2 icount: 101,982 IOPS");
    for (std::size_t i = 0; i < r.messages.size(); ++i) {
        const std::optional<Counts>& counts = r.messages[i].progress;
        ASSERT_TRUE(counts);
        EXPECT_EQ(counts->measured_done, i + 1);
        EXPECT_EQ(counts->runs_done, i + 1);
        EXPECT_EQ(counts->measured_total, 4U);
        EXPECT_EQ(counts->runs_total, 4U);
    }
    EXPECT_NE(r.messages[2].text.find("dm-mpath-bio-1path randread 4k qd32 nj2 smp2 icount: "),
              std::string::npos);
    EXPECT_NE(r.messages[2].text.find("x null_blk"), std::string::npos) << r.messages[2].text;

    const auto& records = t.ledger.results().records;
    ASSERT_EQ(records.size(), 4U);
    for (const auto& rec : records) {
        EXPECT_EQ(rec.status, Status::Ok) << rec.point.key() << ": " << rec.reason;
        EXPECT_EQ(rec.kernel, "6.12.117+deb12-amd64");
        EXPECT_FALSE(rec.build.empty());
        ASSERT_TRUE(rec.fio);
    }
    EXPECT_NEAR(records[0].fio->iops, 101982, 1);
    ASSERT_TRUE(records[2].ratio);
    EXPECT_NEAR(*records[2].ratio, 0.80, 0.01) << "dm-multipath bio-based, the anchor";
    EXPECT_EQ(records[2].baseline, "null_blk");
    EXPECT_EQ(records[3].baseline, "mqnull");
    ASSERT_TRUE(records[3].ratio);
    EXPECT_EQ(records[3].extra.at("freeze_max_ns"), 16001722);
    EXPECT_FALSE(t.ledger.any_failed());
    EXPECT_TRUE(t.ledger.results().problems.empty());

    const BootEnd end = t.ledger.end_boot(
        book,
        BootExit{.status = 0, .stop_reason = "", .timeout = 900, .runner_err = "", .log_dir = ""});
    EXPECT_EQ(end.verdict, "ok");
    EXPECT_TRUE(end.left.empty());
    EXPECT_FALSE(end.progress);
    EXPECT_EQ(t.ledger.runs_left(), 0U);
}

// The fixture up to the end of point 1: the guest dies during point 2.
std::vector<std::string> half_boot() {
    auto lines = fixture_lines();
    // The captured console ends its lines with "\r\n".
    const auto cut = std::find_if(lines.begin(), lines.end(), [](const std::string& line) {
        return line.starts_with("@@mqb point 2 begin");
    });
    if (cut == lines.end()) {
        ADD_FAILURE() << "the fixture has no point 2";
        return lines;
    }
    lines.erase(cut + 1, lines.end());
    return lines;
}

TEST(Ledger, ABootThatDiesIsRetried) {
    OneBoot t;
    BootBook book(3, t.boots[0]);
    replay(t.ledger, book, half_boot());
    ASSERT_NE(book.current(), nullptr);
    EXPECT_EQ(describe(*book.current()), "dm-mpath-bio-1path randread 4k qd32 nj2 smp2 icount");
    EXPECT_FALSE(book.done_seen());

    const BootEnd end = t.ledger.end_boot(
        book, BootExit{.status = 124,
                       .stop_reason = "",
                       .timeout = 900,
                       .runner_err = "mqbench vm: guest timed out\n\n  line two \nthree\nfour\n",
                       .log_dir = "out/logs/boot-3-smp2-icount",
                       .may_retry = true});
    EXPECT_EQ(end.verdict, "guest failed (status 124)");
    ASSERT_EQ(end.left.size(), 2U);
    EXPECT_EQ(end.left[0].target, "dm-mpath-bio-1path");
    EXPECT_EQ(end.left[1].target, "mqpath-1path");
    EXPECT_EQ(end.why, "guest timed out after 15m00s: line two | three | four");
    EXPECT_TRUE(end.retried);
    EXPECT_FALSE(end.progress);
    EXPECT_EQ(t.ledger.results().problems,
              (std::vector<std::string>{"boot 3: guest timed out after 15m00s: line two | three | "
                                        "four; its remaining points were retried"}));
    EXPECT_EQ(t.ledger.counts().runs_total, 2U) << "the runs left are planned again with the retry";
    EXPECT_EQ(t.ledger.results().records[2].status, Status::Pending);
    EXPECT_FALSE(t.ledger.any_failed());
}

TEST(Ledger, ABootThatDiesAgainFailsItsPoints) {
    OneBoot t;
    BootBook book(2, t.boots[0]);
    replay(t.ledger, book, half_boot());
    const BootEnd end = t.ledger.end_boot(book, BootExit{.status = 1,
                                                         .stop_reason = "no output for 10m00s",
                                                         .runner_err = "ignored\n",
                                                         .log_dir = "logs/boot-2",
                                                         .may_retry = false});
    EXPECT_EQ(end.why, "no output for 10m00s");
    EXPECT_FALSE(end.retried);
    ASSERT_TRUE(end.progress);
    EXPECT_EQ(end.progress->text, "2 points failed: no output for 10m00s");
    ASSERT_TRUE(end.progress->progress);
    EXPECT_EQ(end.progress->progress->measured_done, 4U);
    const auto& records = t.ledger.results().records;
    EXPECT_EQ(records[1].status, Status::Ok);
    EXPECT_EQ(records[3].status, Status::Failed);
    EXPECT_EQ(records[3].reason, "no output for 10m00s (logs: logs/boot-2)");
    EXPECT_TRUE(t.ledger.any_failed());
}

// The guest's fio runner (tests/vm/lib/fio.sh) decides whether a run
// passed; its verdict follows fio's exit status on the fio-end line.
TEST(Ledger, APointFailsByTheGuestRunnersVerdict) {
    OneBoot t;
    BootBook book(1, t.boots[0]);
    const std::string report = R"({"jobs": [{"error": 0, "total_err": 2, "read": {"iops": 9,)"
                               R"( "total_ios": 9, "runtime": 1000}}]})";
    replay(t.ledger, book,
           {"@@mqb guest kernel=k vcpus=2 fio=fio-3.33", "@@mqb target null_blk setup",
            "@@mqb target null_blk ready /dev/nullb0", "@@mqb point 0 begin", "@@mqb fio-begin 0",
            report, "@@mqb fio-end 0 rc=0 exit status 0, errors reported (2)",
            "@@mqb note 0 a warning", "@@mqb point 0 end", "@@mqb point 1 begin",
            "@@mqb fio-begin 1", report, "@@mqb fio-end 1 rc=0", "@@mqb point 1 end"});
    const auto& records = t.ledger.results().records;
    EXPECT_EQ(records[0].status, Status::Failed) << "fio exited 0, but counted errors";
    EXPECT_EQ(records[0].reason, "fio exit status 0, errors reported (2): a warning");
    EXPECT_FALSE(records[0].fio);
    EXPECT_EQ(records[1].status, Status::Ok) << records[1].reason;
    ASSERT_TRUE(records[1].fio);
    EXPECT_EQ(records[1].fio->errors, 2U) << "counted, as the verdict passed the run";
    EXPECT_TRUE(t.ledger.any_failed());
}

TEST(Ledger, KernelLogProblemsAndSkippedBoots) {
    OneBoot t;
    BootBook book(1, t.boots[0]);
    replay(t.ledger, book,
           {"@@mqb guest kernel=k vcpus=1 fio=fio-3.33", "@@mqb target null_blk setup",
            "@@mqb target null_blk skip no null_blk here", "@@mqb target null_blk end rc=3"});
    EXPECT_EQ(t.ledger.results().records[0].status, Status::Skipped);
    EXPECT_EQ(t.ledger.results().records[0].reason, "no null_blk here");
    const BootEnd end = t.ledger.end_boot(
        book, BootExit{.status = 120, .stop_reason = "", .runner_err = "", .log_dir = "L"});
    EXPECT_EQ(end.verdict, "kernel log has problems");
    EXPECT_TRUE(t.ledger.any_failed());
    const auto& problems = t.ledger.results().problems;
    ASSERT_EQ(problems.size(), 3U);
    EXPECT_EQ(problems[0], "boot 1: guest has 1 vCPUs, 2 were asked for");
    EXPECT_EQ(problems[1], "boot 1: teardown of null_blk failed (status 3)");
    EXPECT_EQ(problems[2], "boot 1 (smp2 icount): the guest's kernel log shows an oops, BUG, "
                           "WARNING or similar; see L/dmesg and runner.err");

    OneBoot u;
    const Message m = u.ledger.skip_boot(u.boots[0], "no KVM");
    EXPECT_EQ(m.text, "smp2 icount: 4 points skipped: no KVM");
    ASSERT_TRUE(m.progress);
    EXPECT_EQ(m.progress->measured_done, 4U);
    EXPECT_EQ(m.progress->runs_done, 4U);
    u.ledger.close();
    EXPECT_FALSE(u.ledger.any_failed()) << "skipped points are not pending";
}

} // namespace
} // namespace mq::bench
