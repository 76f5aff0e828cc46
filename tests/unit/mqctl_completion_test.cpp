// SPDX-License-Identifier: GPL-2.0-only
// The bash completion is generated from make_app's tree: every subcommand
// and option of the tree is offered where mqctl accepts it, every
// positional has a known kind, and the script completes as bash runs it.
#include "mqctl/cli.hpp"
#include "mqctl/completion.hpp"

#include <CLI/CLI.hpp>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <sstream>
#include <unistd.h>

using namespace mq::ctl;

namespace {

std::string script() {
    Command cmd;
    const auto app = make_app(cmd);
    return bash_completion(*app);
}

// The words one generated function prints for a command path: the line
// `"PATH") echo '...' ;;` inside `FN() {`.
std::string field(const std::string& text, const std::string& fn, const std::string& path) {
    const auto start = text.find(fn + "() {");
    if (start == std::string::npos) {
        return "<no " + fn + ">";
    }
    const auto end = text.find("\n}\n", start);
    const std::string key = "\t\"" + path + "\") echo '";
    const auto at = text.find(key, start);
    if (at == std::string::npos || at > end) {
        return {};
    }
    const auto from = at + key.size();
    return text.substr(from, text.find('\'', from) - from);
}

bool has_word(const std::string& words, const std::string& w) {
    return (" " + words + " ").find(" " + w + " ") != std::string::npos;
}

// Runs the script in bash with COMP_WORDS = words (the last is the word
// being completed) and returns COMPREPLY, space-separated and sorted.
std::string complete(const std::vector<std::string>& words) {
    const auto dir = std::filesystem::temp_directory_path();
    const auto file = dir / ("mqctl-completion-" + std::to_string(::getpid()) + ".bash");
    std::ofstream(file) << script();
    std::string cmd = "bash -c 'source " + file.string() + "; COMP_WORDS=(";
    for (const auto& w : words) {
        cmd += "\"" + w + "\" ";
    }
    cmd += "); COMP_CWORD=" + std::to_string(words.size() - 1) +
           R"(; _mqctl; printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "')";
    std::string out;
    if (FILE* p = ::popen(cmd.c_str(), "r")) {
        std::array<char, 256> buf{};
        while (std::fgets(buf.data(), buf.size(), p) != nullptr) {
            out += buf.data();
        }
        ::pclose(p);
    }
    std::filesystem::remove(file);
    while (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out;
}

} // namespace

TEST(Completion, OffersEverySubcommandAndOptionOfTheTree) {
    const std::string text = script();
    Command cmd;
    const auto app = make_app(cmd);
    int checked = 0;
    std::function<void(const CLI::App&, const std::string&)> walk = [&](const CLI::App& a,
                                                                        const std::string& path) {
        for (const CLI::Option* o : a.get_options({})) {
            if (o->get_positional() && !o->nonpositional()) {
                EXPECT_FALSE(positional_kind(o->get_name(), o->get_type_name()).empty())
                    << "mqctl " << path << " " << o->get_name()
                    << ": give this positional a kind in completion.cpp";
                continue;
            }
            const char* fn = o->get_type_size() > 0 ? "_mqctl_valued" : "_mqctl_flags";
            for (const auto& l : o->get_lnames()) {
                EXPECT_TRUE(has_word(field(text, fn, path), "--" + l))
                    << "mqctl " << path << " --" << l;
                ++checked;
            }
        }
        for (const CLI::App* sub : a.get_subcommands({})) {
            EXPECT_TRUE(has_word(field(text, "_mqctl_subcommands", path), sub->get_name()))
                << "mqctl " << path << " " << sub->get_name();
            walk(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name());
        }
    };
    walk(*app, "");
    EXPECT_GT(checked, 80);
}

TEST(Completion, EnumOptionsOfferTheirValues) {
    const std::string text = script();
    EXPECT_NE(text.find("\"mpath create --selector\") echo 'rr qd numa' ;;"), std::string::npos);
    EXPECT_NE(text.find("\"null path set --state\") echo 'live failed offline hang' ;;"),
              std::string::npos);
}

TEST(Completion, BashCompletesCommandsOptionsAndValues) {
    EXPECT_EQ(complete({"mqctl", ""}), "apply monitor mpath null");
    EXPECT_EQ(complete({"mqctl", "mpath", "pa"}), "path");
    EXPECT_EQ(complete({"mqctl", "mpath", "path", "re"}), "reinstate remove");
    EXPECT_EQ(complete({"mqctl", "mpath", "create", "--sel"}), "--selector");
    EXPECT_EQ(complete({"mqctl", "mpath", "create", "--selector", ""}), "numa qd rr");
    // A value is skipped: the path is still "mpath set".
    EXPECT_EQ(complete({"mqctl", "mpath", "set", "--selector", "rr", "--fail"}), "--failback");
    EXPECT_EQ(complete({"mqctl", "null", "path", "set", "1", "0", "--state", "o"}), "offline");
    EXPECT_EQ(complete({"mqctl", "monitor", "m"}), "mpath");
    EXPECT_EQ(complete({"mqctl", "apply", "--dry"}), "--dry-run");
}

// mqctl(8) names every subcommand and long option of the tree, so the man
// page cannot fall behind the command line either.
TEST(ManPage, NamesEveryCommandAndOption) {
    std::ifstream in(std::string(MQ_MAN_DIR) + "/mqctl.8.scd");
    ASSERT_TRUE(in) << MQ_MAN_DIR;
    std::stringstream buf;
    buf << in.rdbuf();
    const std::string page = buf.str();
    Command cmd;
    const auto app = make_app(cmd);
    std::function<void(const CLI::App&, const std::string&)> walk = [&](const CLI::App& a,
                                                                        const std::string& path) {
        for (const CLI::Option* o : a.get_options({})) {
            for (const auto& l : o->get_lnames()) {
                if (l != "help") {
                    EXPECT_NE(page.find("*--" + l + "*"), std::string::npos)
                        << "mqctl " << path << " --" << l << " is not in man/mqctl.8.scd";
                }
            }
        }
        for (const CLI::App* sub : a.get_subcommands({})) {
            const std::string sub_path =
                path.empty() ? sub->get_name() : path + " " + sub->get_name();
            if (sub->get_subcommands({}).empty()) {
                EXPECT_NE(page.find("*" + sub_path + "*"), std::string::npos)
                    << "mqctl " << sub_path << " is not in man/mqctl.8.scd";
            }
            walk(*sub, sub_path);
        }
    };
    walk(*app, "");
}
