// SPDX-License-Identifier: GPL-2.0-only
// mqctl --batch: lines split as a shell would, every line through one
// kernel, and the first failing line stops the batch with its status.
#include "apply_fake_kernel.hpp"
#include "mqctl/commands.hpp"
#include "mqctl/words.hpp"

#include <gtest/gtest.h>
#include <sstream>
#include <stdexcept>

using namespace mq::ctl;
using apply::testing::FakeKernel;
using Words = std::vector<std::string>;

TEST(BatchWords, SplitsAsAShellWould) {
    EXPECT_EQ(split_words("  null  create --size 64M\t--id 1 "),
              (Words{"null", "create", "--size", "64M", "--id", "1"}));
    EXPECT_EQ(split_words(""), Words{});
    EXPECT_EQ(split_words("   # a comment"), Words{});
    EXPECT_EQ(split_words("mpath list # trailing"), (Words{"mpath", "list"}));
    EXPECT_EQ(split_words("apply 'my file#1.yaml'"), (Words{"apply", "my file#1.yaml"}));
    EXPECT_EQ(split_words(R"(a "b \"c\" \\ \n" d\ e '' x#y)"),
              (Words{"a", R"(b "c" \ \n)", "d e", "", "x#y"}));
    EXPECT_THROW(split_words("apply 'setup.json"), std::invalid_argument);
    EXPECT_THROW(split_words("apply \"setup.json"), std::invalid_argument);
    EXPECT_THROW(split_words("apply setup.json\\"), std::invalid_argument);
}

namespace {

struct Batch {
    int status;
    std::string out;
    std::string err;
};

// k knows the disk 259:1.
Batch run_lines(const std::string& text, FakeKernel& k) {
    k.disks["259:1"] = {259, 1};
    std::istringstream in(text);
    std::ostringstream out;
    std::ostringstream err;
    const int status = run_batch(in, k, out, err);
    return {status, out.str(), err.str()};
}

} // namespace

// Line 2's request fails: its error is said with its line number, the
// batch stops with status 1, and line 3 is not run.
TEST(Batch, StopsAtTheFirstFailingLine) {
    FakeKernel k;
    k.fail_at = 1;
    const auto b = run_lines("# set up\n"
                             "null create --size 64M --id 1 --json\n"
                             "\n"
                             "null destroy 3\n"
                             "null destroy 1\n",
                             k);
    EXPECT_EQ(b.status, 1);
    EXPECT_EQ(b.err, "mqctl: line 4: null destroy: busy: Device or resource busy (EBUSY)\n");
    EXPECT_EQ(k.calls, (std::vector<std::string>{"ns create 1", "ns destroy 3 (failed)"}));
    EXPECT_EQ(b.out.substr(0, 1), "{"); // line 2's document, then nothing
}

TEST(Batch, ThreeLinesTheSecondFails) {
    FakeKernel k;
    k.fail_at = 1;
    const auto b = run_lines("mpath create --id 2\n"
                             "mpath path add 2 259:1\n"
                             "mpath set 2 --selector qd\n",
                             k);
    EXPECT_EQ(b.status, 1);
    EXPECT_EQ(b.err, "mqctl: line 2: mpath path add: busy: Device or resource busy (EBUSY)\n");
    EXPECT_EQ(k.calls, (std::vector<std::string>{"dev create 2", "dev 2 add 259:1 (failed)"}));
    EXPECT_EQ(b.out, "/dev/mqpath2\n");
}

// A line that does not parse stops the batch with status 2 before any
// request of its own, and names the line.
TEST(Batch, UsageErrorNamesTheLine) {
    FakeKernel k;
    const auto b = run_lines("mpath failback 1\nmpath set 1\nmpath failback 2\n", k);
    EXPECT_EQ(b.status, 2);
    EXPECT_EQ(b.err, "mqctl: line 2: mpath set: nothing to change: give at least one setting\n"
                     "Run 'mqctl mpath set --help' for more information.\n");
    EXPECT_EQ(k.calls, std::vector<std::string>{"dev failback 1"});

    FakeKernel k2;
    const auto q = run_lines("null list\nnull show 'x\n", k2);
    EXPECT_EQ(q.status, 2);
    EXPECT_EQ(q.err, "mqctl: line 2: unterminated ' quote\n");

    FakeKernel k3;
    const auto n = run_lines("--batch other\n", k3);
    EXPECT_EQ(n.status, 2);
    EXPECT_EQ(n.err, "mqctl: line 1: --batch: a batch cannot run another\n");
}

// Every line goes through the same kernel (one socket per module).
TEST(Batch, AllLinesRunInOrder) {
    FakeKernel k;
    const auto b = run_lines("null create --size 1G --id 5 --paths 2\n"
                             "mpath create --id 0 --json\n"
                             "mpath path add 0 259:1 --priority 1\n"
                             "null path set 5 1 --state failed\n",
                             k);
    EXPECT_EQ(b.status, 0) << b.err;
    EXPECT_EQ(b.err, "");
    EXPECT_EQ(k.calls, (std::vector<std::string>{"ns create 5", "dev create 0",
                                                 "dev 0 add 259:1 prio 1", "ns 5 path set 1"}));
}

// run_command reports a single command line as mqctl always has.
TEST(Batch, SingleCommandErrors) {
    FakeKernel k;
    k.fail_at = 0;
    std::ostringstream out;
    std::ostringstream err;
    EXPECT_EQ(run_command({"null", "destroy", "1"}, k, out, err), 1);
    EXPECT_EQ(err.str(), "mqctl: null destroy: busy: Device or resource busy (EBUSY)\n");
}
