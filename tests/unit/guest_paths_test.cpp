// SPDX-License-Identifier: GPL-2.0-only
#include "mqvm/guest_paths.hpp"
#include "mqvm/qemu_command.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;
using mq::vm::folders_to_keep;

// A scratch tree under the test's temporary folder, removed afterwards.
class GuestPaths : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "mqkeep.XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        base_ = tmpl;
        fs::create_directories(base_ / "clone" / "tests");
        fs::create_directories(base_ / "with space" / "bin");
        std::ofstream(base_ / "with space" / "bin" / "run.sh") << "true\n";
    }
    void TearDown() override { fs::remove_all(base_); }
    fs::path base_;
};

TEST_F(GuestPaths, NestedFoldersCollapseIntoTheOuterOne) {
    const auto kept = folders_to_keep(base_ / "clone", base_ / "clone" / "tests", {}, {"true"});
    EXPECT_EQ(kept, std::vector<fs::path>{base_ / "clone"});
}

TEST_F(GuestPaths, CommandFilesKeepTheirFolderEvenWithSpaces) {
    const auto script = (base_ / "with space" / "bin" / "run.sh").string();
    const auto kept =
        folders_to_keep(base_ / "clone", base_ / "clone", "/var/cache/k", {script, "-x", "nope"});
    const std::vector<fs::path> expected{"/var/cache/k", base_ / "clone",
                                         base_ / "with space" / "bin"};
    auto sorted = expected;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(kept, sorted);
}

TEST_F(GuestPaths, RelativeCommandWordsResolveAgainstTheWorkingFolder) {
    const auto kept = folders_to_keep(base_ / "clone", base_, {}, {"with space/bin/run.sh"});
    const std::vector<fs::path> expected{base_};
    EXPECT_EQ(kept, expected);
}

// A working folder of / must not swallow the others: / is never hidden.
TEST_F(GuestPaths, RootFolderIsNotKept) {
    const auto kept = folders_to_keep(base_ / "clone", "/", {}, {});
    EXPECT_EQ(kept, std::vector<fs::path>{base_ / "clone"});
}

// "/tmp/x" and "/tmp/x y" are siblings, not one inside the other.
TEST(GuestPathsPure, PrefixIsNotNesting) {
    const auto kept = folders_to_keep("/nonexistent/x", "/nonexistent/x y", {}, {});
    const std::vector<fs::path> expected{"/nonexistent/x", "/nonexistent/x y"};
    EXPECT_EQ(kept, expected);
}

TEST(QemuEscape, CommasAreDoubled) {
    EXPECT_EQ(mq::vm::qemu_escape("/tmp/a,b"), "/tmp/a,,b");
    EXPECT_EQ(mq::vm::qemu_escape("/tmp/a b"), "/tmp/a b");
}

} // namespace
