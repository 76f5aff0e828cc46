// SPDX-License-Identifier: GPL-2.0-only
#include "bench_command.hpp"

#include "common/repo.hpp"
#include "common/text.hpp"
#include "compare.hpp"
#include "gates.hpp"
#include "report.hpp"
#include "results.hpp"
#include "runner.hpp"
#include "sweep.hpp"

#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace mq::bench {

namespace fs = std::filesystem;

namespace {

struct RunArgs {
    std::string preset;
    std::string out;
    std::vector<std::string> targets;
    std::string shard = "1/1";
    std::string kernel;
    std::string gates;
    std::string catalog;
    bool require_all = false;
    bool dry_run = false;
    bool resume = false;
    bool no_plots = false;
    unsigned retries = 1;
    unsigned jobs = 1;
    unsigned boot_timeout = 0;
    unsigned repeat = 0; // 0: the preset's
    std::string accel;   // empty: the preset's
};

fs::path catalog_path(const std::string& given) {
    return given.empty() ? repo_root() / "bench" / "targets" / "catalog.json" : fs::path(given);
}

void add_run(CLI::App& app) {
    auto args = std::make_shared<RunArgs>();
    auto* cmd = app.add_subcommand(
        "run", "Run a benchmark sweep: one guest boot per (vCPUs, accel), every target set up "
               "in it, fio on every point; writes results.json, results.csv, plots and "
               "report.md to --out as points finish. Exit 1: a gate failed; 2: points failed "
               "or a guest's kernel log had problems.");
    cmd->add_option("--preset", args->preset,
                    "quick, standard, full (bench/presets/NAME.json) or a preset file")
        ->required();
    cmd->add_option("--out", args->out, "results folder (default: build/bench/PRESET)");
    cmd->add_option("--targets", args->targets,
                    "targets or families to run instead of the preset's (comma-separated: "
                    "null_blk,dm-mpath-bio); baselines are measured as needed")
        ->delimiter(',');
    cmd->add_option("--shard", args->shard,
                    "run only shard I of N (points whose index % N == I-1); merge the shards' "
                    "results with 'mqbench merge'")
        ->capture_default_str();
    cmd->add_option("--kernel", args->kernel, "guest kernel (as mqbench vm --kernel)");
    cmd->add_option("--gates", args->gates,
                    "check these gates at the end (bench/gates.json); exit 1 if one fails");
    cmd->add_option("--repeat", args->repeat,
                    "run every point and baseline N times in its boot, interleaved, and record "
                    "the median (default: the preset's 'repeat', else 1)")
        ->check(CLI::Range(1U, kMaxRepeat));
    cmd->add_option("--accel", args->accel,
                    "run every point under this accelerator instead of the preset's (kvm on a "
                    "host that has it, for the scale preset)")
        ->check(CLI::IsMember({"icount", "tcg", "kvm"}));
    cmd->add_flag("--require-all", args->require_all,
                  "a gate that could not be evaluated (its targets were skipped) fails too");
    cmd->add_flag("--dry-run", args->dry_run, "print the boots and points; boot nothing");
    cmd->add_flag("--resume", args->resume,
                  "keep the ok points of the results already in --out (same preset and "
                  "options) and run only the others: failed, skipped or never reached");
    cmd->add_flag("--no-plots", args->no_plots, "do not run gnuplot");
    cmd->add_option("--retries", args->retries,
                    "new boots for the remaining points of a guest that died or hung")
        ->capture_default_str();
    cmd->add_option("-j,--jobs", args->jobs,
                    "guests at once (icount figures do not depend on it; MTTCG's do)")
        ->capture_default_str()
        ->check(CLI::Range(1, 16));
    cmd->add_option("--boot-timeout", args->boot_timeout,
                    "seconds before a guest is killed (default: from its points)");
    cmd->add_option("--catalog", args->catalog,
                    "target catalog (default: bench/targets/catalog.json)");
    cmd->callback([args] {
        RunConfig cfg;
        cfg.catalog = Catalog::load(catalog_path(args->catalog));
        const fs::path preset_file =
            resolve_preset(args->preset, repo_root() / "bench" / "presets");
        std::ifstream in(preset_file);
        nlohmann::json doc;
        try {
            doc = nlohmann::json::parse(in);
        } catch (const nlohmann::json::exception& e) {
            throw std::runtime_error(preset_file.string() + ": " + e.what());
        }
        try {
            cfg.sweep = parse_sweep(doc, cfg.catalog);
        } catch (const std::invalid_argument& e) {
            throw std::runtime_error(preset_file.string() + ": " + e.what());
        }
        if (!args->targets.empty()) {
            cfg.sweep.targets = cfg.catalog.select(args->targets);
        }
        if (args->repeat > 0) {
            cfg.sweep.repeat = args->repeat;
        }
        if (!args->accel.empty()) {
            cfg.sweep.accel = {args->accel};
        }
        cfg.out = args->out.empty() ? build_dir() / "bench" / cfg.sweep.name : fs::path(args->out);
        cfg.out = fs::absolute(cfg.out);
        cfg.shard = Shard::parse(args->shard);
        cfg.kernel = args->kernel;
        if (!args->gates.empty()) {
            cfg.gates = fs::absolute(args->gates);
            (void)load_gates(*cfg.gates); // a bad gates file fails now, not after the sweep
        }
        cfg.require_all = args->require_all;
        cfg.dry_run = args->dry_run;
        cfg.resume = args->resume;
        cfg.plots = !args->no_plots;
        cfg.retries = args->retries;
        cfg.jobs = args->jobs;
        cfg.boot_timeout = args->boot_timeout;
        cfg.command = "mqbench run --preset " + args->preset + " --out " + cfg.out.string();
        if (!args->targets.empty()) {
            cfg.command += " --targets " + join(args->targets, ",");
        }
        if (cfg.shard.count > 1) {
            cfg.command += " --shard " + cfg.shard.str();
        }
        if (args->repeat > 0) {
            cfg.command += " --repeat " + std::to_string(args->repeat);
        }
        if (!args->accel.empty()) {
            cfg.command += " --accel " + args->accel;
        }
        if (cfg.resume) {
            cfg.command += " --resume";
        }
        if (cfg.gates) {
            cfg.command += " --gates " + args->gates + (args->require_all ? " --require-all" : "");
        }
        if (!cfg.kernel.empty()) {
            cfg.command += " --kernel " + cfg.kernel;
        }
        const int rc = run_sweep(cfg);
        if (rc != 0) {
            throw CLI::RuntimeError(rc);
        }
    });
}

void add_compare(CLI::App& app) {
    auto files = std::make_shared<std::vector<std::string>>();
    auto threshold = std::make_shared<std::string>("2%");
    auto fail = std::make_shared<bool>(false);
    auto* cmd = app.add_subcommand(
        "compare", "Print what changed between two results files beyond a threshold: ratios "
                   "to the same-boot baseline for stacked targets, IOPS for raw ones (absolute: "
                   "meaningful under icount only), and status changes.");
    cmd->add_option("before", *files, "A/results.json (or its folder), then B/results.json")
        ->required()
        ->expected(2);
    cmd->add_option("--threshold", *threshold, "relative change to report (2%, 0.5%)")
        ->capture_default_str();
    cmd->add_flag("--fail-on-regression", *fail,
                  "exit 1 when a ratio (or an icount raw IOPS) dropped beyond the threshold or "
                  "a point stopped being ok");
    cmd->callback([files, threshold, fail] {
        const double t = parse_threshold(*threshold);
        const auto cmp = compare(load_results(files->at(0)), load_results(files->at(1)), t);
        std::cout << format_comparison(cmp, t);
        if (*fail && cmp.any_regression()) {
            throw CLI::RuntimeError(1);
        }
    });
}

void add_merge(CLI::App& app) {
    auto out = std::make_shared<std::string>();
    auto inputs = std::make_shared<std::vector<std::string>>();
    auto no_plots = std::make_shared<bool>(false);
    auto* cmd = app.add_subcommand(
        "merge", "Merge the results of shards (or of any runs of one sweep) into OUT: "
                 "results.json, results.csv, plots and report.md. For a point in several "
                 "inputs an ok record wins, then the first input's.");
    cmd->add_option("out", *out, "output folder")->required();
    cmd->add_option("inputs", *inputs, "results.json files or their folders")->required();
    cmd->add_flag("--no-plots", *no_plots, "do not run gnuplot");
    cmd->callback([out, inputs, no_plots] {
        std::vector<ResultSet> sets;
        sets.reserve(inputs->size());
        for (const auto& in : *inputs) {
            sets.push_back(load_results(in));
        }
        const ResultSet merged = merge(sets);
        write_results(*out, merged);
        ReportInfo info;
        info.command = "mqbench merge " + *out + " " + join(*inputs, " ");
        info.plots = !*no_plots;
        const auto report = write_report(*out, merged, info);
        std::size_t total = merged.sweep.value("points_total", std::size_t{0});
        std::cout << "merged " << merged.records.size() << " points"
                  << (total > 0 ? " of " + std::to_string(total) : "") << " from " << inputs->size()
                  << " inputs\nreport: " << report.string() << '\n';
        if (total > 0 && merged.records.size() < total) {
            std::cout << "note: " << total - merged.records.size()
                      << " points of the sweep are in none of the inputs\n";
        }
    });
}

void add_gate(CLI::App& app) {
    auto results = std::make_shared<std::string>();
    auto gates = std::make_shared<std::string>();
    auto require_all = std::make_shared<bool>(false);
    auto json_out = std::make_shared<bool>(false);
    auto* cmd = app.add_subcommand(
        "gate", "Check results against a gates file; exit 1 when a gate fails (or, with "
                "--require-all, could not be evaluated because its targets were skipped).");
    cmd->add_option("results", *results, "results.json or its folder")->required();
    cmd->add_option("gates", *gates, "gates file (bench/gates.json)")->required();
    cmd->add_flag("--require-all", *require_all, "a gate not evaluated fails");
    cmd->add_flag("--json", *json_out, "print the verdicts as JSON");
    cmd->callback([results, gates, require_all, json_out] {
        const auto verdicts = evaluate_gates(load_gates(*gates), load_results(*results));
        if (*json_out) {
            std::cout << to_json(verdicts, *require_all).dump(2) << '\n';
        } else {
            std::cout << format_gates(verdicts, *require_all);
        }
        if (const int rc = gates_exit_status(verdicts, *require_all); rc != 0) {
            throw CLI::RuntimeError(rc);
        }
    });
}

void add_report(CLI::App& app) {
    auto dir = std::make_shared<std::string>();
    auto gates = std::make_shared<std::string>();
    auto no_plots = std::make_shared<bool>(false);
    auto* cmd =
        app.add_subcommand("report", "Write report.md and the plots again from DIR/results.json");
    cmd->add_option("dir", *dir, "results folder")->required();
    cmd->add_option("--gates", *gates, "also show these gates' verdicts");
    cmd->add_flag("--no-plots", *no_plots, "do not run gnuplot");
    cmd->callback([dir, gates, no_plots] {
        const ResultSet results = load_results(*dir);
        ReportInfo info;
        info.plots = !*no_plots;
        if (!gates->empty()) {
            info.gates = evaluate_gates(load_gates(*gates), results);
        }
        std::cout << "report: " << write_report(*dir, results, info).string() << '\n';
    });
}

} // namespace

void add_bench_commands(CLI::App& app) {
    add_run(app);
    add_compare(app);
    add_merge(app);
    add_gate(app);
    add_report(app);
}

} // namespace mq::bench
