// SPDX-License-Identifier: GPL-2.0-only
// The guest driver's output (bench/guest/run-plan.sh): a real capture of the
// quick preset's boot, and the framing cases it does not show.
#include "fio.hpp"
#include "guest_stream.hpp"

#include <algorithm>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace mq::bench {
namespace {

using Kind = GuestEvent::Kind;

std::vector<GuestEvent> feed_all(GuestStream& stream, const std::string& text) {
    std::vector<GuestEvent> events;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        for (auto& ev : stream.feed(line)) {
            events.push_back(std::move(ev));
        }
    }
    return events;
}

std::string fixture(const std::string& name) {
    std::ifstream in(std::string(MQ_FIXTURES) + "/fio/" + name);
    EXPECT_TRUE(in) << name;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST(GuestStream, ReadsACapturedBoot) {
    GuestStream stream;
    const auto events = feed_all(stream, fixture("guest-quick-smp2-icount.out"));
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.front().kind, Kind::Guest);
    EXPECT_EQ(events.front().text, "6.12.117+deb12-amd64");
    EXPECT_EQ(events.front().vcpus, 2U);
    EXPECT_EQ(events.front().fio_version, "fio-3.33");
    EXPECT_EQ(events.back().kind, Kind::Done);

    std::vector<std::string> ready;
    std::vector<double> iops;
    for (const auto& ev : events) {
        if (ev.kind == Kind::TargetReady) {
            ready.push_back(ev.target + " " + ev.text);
        }
        if (ev.kind == Kind::PointDone) {
            EXPECT_EQ(ev.seq, iops.size());
            EXPECT_EQ(ev.rc, 0);
            EXPECT_TRUE(ev.notes.empty());
            iops.push_back(parse_fio_json(ev.fio_json).iops);
        }
    }
    EXPECT_EQ(ready, (std::vector<std::string>{"null_blk /dev/nullb0", "mqnull /dev/mqnull1c0",
                                               "dm-mpath-bio-1path /dev/dm-0",
                                               "mqpath-1path /dev/mqpath0"}));
    ASSERT_EQ(iops.size(), 4U);
    EXPECT_NEAR(iops[0], 101982, 1);
    EXPECT_NEAR(iops[2] / iops[0], 0.80, 0.01) << "dm-multipath bio-based, the anchor";

    // mqpath's freeze statistics come as extras of its point.
    const auto last = std::find_if(events.rbegin(), events.rend(),
                                   [](const GuestEvent& e) { return e.kind == Kind::PointDone; });
    ASSERT_NE(last, events.rend());
    ASSERT_EQ(last->extra.size(), 3U);
    EXPECT_EQ(last->extra[0], (std::pair<std::string, std::string>{"freeze_count", "0"}));
    EXPECT_EQ(last->extra[2].first, "freeze_max_ns");
}

TEST(GuestStream, SkipsFailuresNotesAndNoise) {
    GuestStream stream;
    const auto events = feed_all(stream, R"(mqvm: some console noise
@@mqb guest kernel=6.12.117+deb12-amd64 vcpus=1 fio=fio-3.33
@@mqb target mqnull setup
# mqnull setup: mqnull.ko is not built
@@mqb target mqnull skip mqnull.ko is not built for 6.12.117+deb12-amd64 (make kmod)
@@mqb target null_blk ready /dev/nullb0
@@mqb point 7 begin
@@mqb fio-begin 7
fio: pid=123, err=5/file:io_u.c:1889, func=io_u error, error=Input/output error
{"jobs": [{"error": 5, "read": {"iops": 1, "total_ios": 1}}]}
@@mqb fio-end 7 rc=1 exit status 1, errors reported (1)
@@mqb note 7 fio: io_u error on file /dev/nullb0
@@mqb note 99 belongs to no point
@@mqb point 7 end
@@mqb target null_blk end rc=3
@@mqb unknown-kind whatever
@@mqb done)");
    ASSERT_EQ(events.size(), 8U);
    EXPECT_EQ(events[0].vcpus, 1U);
    EXPECT_EQ(events[1].kind, Kind::TargetSetup);
    EXPECT_EQ(events[2].kind, Kind::TargetSkip);
    EXPECT_EQ(events[2].target, "mqnull");
    EXPECT_EQ(events[2].text, "mqnull.ko is not built for 6.12.117+deb12-amd64 (make kmod)");
    EXPECT_EQ(events[3].kind, Kind::TargetReady);
    EXPECT_EQ(events[4].kind, Kind::PointBegin);
    EXPECT_EQ(events[4].seq, 7U);
    const GuestEvent& done = events[5];
    EXPECT_EQ(done.kind, Kind::PointDone);
    EXPECT_EQ(done.seq, 7U);
    EXPECT_EQ(done.rc, 1);
    EXPECT_EQ(done.failed, "exit status 1, errors reported (1)") << "the runner's verdict";
    EXPECT_EQ(done.notes, "fio: io_u error on file /dev/nullb0");
    EXPECT_EQ(parse_fio_json(done.fio_json).errors, 1U) << "text before the JSON is skipped";
    EXPECT_EQ(events[6].kind, Kind::TargetEnd);
    EXPECT_EQ(events[6].rc, 3);
    EXPECT_EQ(events[7].kind, Kind::Done);
}

TEST(GuestStream, AGuestThatDiesMidPointCompletesNothing) {
    GuestStream stream;
    const auto events = feed_all(stream, "@@mqb point 0 begin\n@@mqb fio-begin 0\n{\"jobs\": [");
    ASSERT_EQ(events.size(), 1U);
    EXPECT_EQ(events[0].kind, Kind::PointBegin);
    // A framing line inside fio's output ends nothing but fio-end.
    EXPECT_TRUE(stream.feed("@@mqb point 0 end").empty());
    EXPECT_TRUE(stream.feed("@@mqb fio-end 0 rc=0").empty());
    const auto end = stream.feed("@@mqb point 0 end\r");
    ASSERT_EQ(end.size(), 1U);
    EXPECT_EQ(end[0].fio_json, "{\"jobs\": [\n@@mqb point 0 end\n");
    EXPECT_EQ(end[0].rc, 0);
    EXPECT_EQ(end[0].failed, "") << "no verdict after the status: fio passed";
}

} // namespace
} // namespace mq::bench
