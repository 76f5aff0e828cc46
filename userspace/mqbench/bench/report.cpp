// SPDX-License-Identifier: GPL-2.0-only
#include "report.hpp"

#include "common/process.hpp"

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <map>
#include <optional>
#include <set>
#include <sstream>

namespace mq::bench {

namespace fs = std::filesystem;

namespace {

std::string fixed(double value, int precision) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(precision) << value;
    return out.str();
}

std::string usec(double ns) {
    return ns > 0 ? fixed(ns / 1000.0, ns < 100000 ? 1 : 0) : "-";
}

std::string rw_label(const Point& p) {
    return is_mixed(p.rw)
               ? p.rw + " " + std::to_string(p.rwmixread) + "/" + std::to_string(100 - p.rwmixread)
               : p.rw;
}

// Categories (vcpus, numjobs) of a group, in numeric order.
std::vector<std::pair<unsigned, unsigned>> categories_of(const PlotGroup& g) {
    std::set<std::pair<unsigned, unsigned>> cats;
    for (const auto* r : g.records) {
        cats.emplace(r->point.vcpus, r->point.numjobs);
    }
    return {cats.begin(), cats.end()};
}

std::vector<std::string> targets_of(const PlotGroup& g, bool with_baseline_only) {
    std::vector<std::string> names;
    for (const auto* r : g.records) {
        if (with_baseline_only && r->baseline.empty()) {
            continue;
        }
        if (std::find(names.begin(), names.end(), r->point.target) == names.end()) {
            names.push_back(r->point.target);
        }
    }
    return names;
}

const Record* find_record(const PlotGroup& g, const std::string& target,
                          std::pair<unsigned, unsigned> cat) {
    for (const auto* r : g.records) {
        if (r->point.target == target && r->point.vcpus == cat.first &&
            r->point.numjobs == cat.second) {
            return r;
        }
    }
    return nullptr;
}

std::string gp_quote(const std::string& text) {
    std::string out = "'";
    for (const char c : text) {
        out += c == '\'' ? std::string("''") : std::string(1, c);
    }
    return out + "'";
}

// The common head and the two outputs of a plot script: SVG, then PNG.
std::string gp_script(const fs::path& base, const std::string& title, const std::string& body) {
    std::ostringstream gp;
    gp << "set terminal svg size 960,540 dynamic enhanced font 'sans,11' background rgb 'white'\n"
       << "set output " << gp_quote(base.string() + ".svg") << '\n'
       << "set title " << gp_quote(title) << " noenhanced\n"
       << "set datafile missing '?'\n"
       << "set key outside right top noenhanced\n"
       << "set grid ytics\n"
       << "set style fill solid 0.8 border -1\n"
       << body << "\n"
       << "set terminal pngcairo size 960,540 enhanced font 'sans,10' background rgb 'white'\n"
       << "set output " << gp_quote(base.string() + ".png") << '\n'
       << "replot\n";
    return gp.str();
}

struct PlotFiles {
    std::string data;
    std::string script;
};

// IOPS against numjobs (and vCPUs), one line per target.
PlotFiles iops_plot(const PlotGroup& g, const fs::path& base) {
    const auto cats = categories_of(g);
    const auto targets = targets_of(g, false);
    std::ostringstream dat;
    dat << "config";
    for (const auto& t : targets) {
        dat << ' ' << t;
    }
    dat << '\n';
    for (const auto& cat : cats) {
        dat << "smp" << cat.first << "/nj" << cat.second;
        for (const auto& t : targets) {
            const Record* r = find_record(g, t, cat);
            dat << ' ' << (r != nullptr && r->fio ? fixed(r->fio->iops, 0) : "?");
        }
        dat << '\n';
    }
    std::ostringstream body;
    body << "set ylabel 'IOPS'\nset xlabel 'vCPUs / fio numjobs'\nset yrange [0:*]\n"
         << "set format y '%.0s%c'\n";
    const std::string file = gp_quote(base.string() + ".dat");
    if (cats.size() > 1) {
        body << "plot for [i=2:" << targets.size() + 1 << "] " << file
             << " using 0:i:xtic(1) with linespoints lw 2 pt 7 title columnheader(i)";
    } else {
        body << "set style data histograms\nset style histogram clustered gap 1\n"
             << "plot for [i=2:" << targets.size() + 1 << "] " << file
             << " using i:xtic(1) title columnheader(i)";
    }
    return {dat.str(), gp_script(base, "IOPS: " + g.title, body.str())};
}

// Ratio to the raw baseline, clustered bars per configuration.
PlotFiles ratio_plot(const PlotGroup& g, const fs::path& base) {
    const auto cats = categories_of(g);
    const auto targets = targets_of(g, true);
    std::ostringstream dat;
    dat << "config";
    for (const auto& t : targets) {
        dat << ' ' << t;
    }
    dat << '\n';
    for (const auto& cat : cats) {
        dat << "smp" << cat.first << "/nj" << cat.second;
        for (const auto& t : targets) {
            const Record* r = find_record(g, t, cat);
            dat << ' ' << (r != nullptr && r->ratio ? fixed(*r->ratio, 4) : "?");
        }
        dat << '\n';
    }
    std::ostringstream body;
    body << "set ylabel 'IOPS / raw baseline IOPS (same boot)'\nset xlabel 'vCPUs / fio numjobs'\n"
         << "set yrange [0:*]\nset style data histograms\nset style histogram clustered gap 1\n"
         << "set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 2 lw 1.5\n"
         << "plot for [i=2:" << targets.size() + 1 << "] " << gp_quote(base.string() + ".dat")
         << " using i:xtic(1) title columnheader(i)";
    return {dat.str(), gp_script(base, "Ratio to raw: " + g.title, body.str())};
}

// Latency percentiles of each target at the group's largest configuration.
PlotFiles latency_plot(const PlotGroup& g, const fs::path& base, std::string& shown) {
    const auto cats = categories_of(g);
    const auto cat = cats.back();
    shown = "smp" + std::to_string(cat.first) + "/nj" + std::to_string(cat.second);
    std::ostringstream dat;
    dat << "target p50 p99 p99.9\n";
    for (const auto& t : targets_of(g, false)) {
        const Record* r = find_record(g, t, cat);
        if (r == nullptr || !r->fio) {
            continue;
        }
        dat << t << ' ' << fixed(r->fio->lat.p50 / 1000.0, 2) << ' '
            << fixed(r->fio->lat.p99 / 1000.0, 2) << ' ' << fixed(r->fio->lat.p99_9 / 1000.0, 2)
            << '\n';
    }
    std::ostringstream body;
    body << "set ylabel 'latency (us, log scale)'\nset logscale y\nset yrange [1:*]\n"
         << "set style data histograms\nset style histogram clustered gap 1\n"
         << "set xtics rotate by -25 noenhanced\n"
         << "plot for [i=2:4] " << gp_quote(base.string() + ".dat")
         << " using i:xtic(1) title columnheader(i)";
    return {dat.str(),
            gp_script(base, "Latency percentiles: " + g.title + ", " + shown, body.str())};
}

void write_text(const fs::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::trunc);
    out << text;
}

std::string machine_line(const nlohmann::ordered_json& m) {
    std::ostringstream out;
    out << m.value("cpu", "unknown CPU") << ", " << m.value("cores", 0) << " cores, "
        << m.value("memory", "?") << " RAM, " << m.value("os", "unknown OS") << "; "
        << m.value("qemu", "QEMU ?") << "; " << m.value("fio", "fio ?");
    return out.str();
}

std::string accel_note(const std::string& accel) {
    if (accel == "icount") {
        return "icount: TCG with `-icount shift=0,sleep=off`; guest time follows the count of "
               "executed instructions, so figures repeat to about 0.01% and measure CPU cost per "
               "IO (vCPUs are interleaved, not parallel)";
    }
    if (accel == "tcg") {
        return "tcg: multi-threaded TCG (MTTCG), vCPUs run in parallel; figures are noisy from "
               "run to run";
    }
    return "kvm: hardware virtualisation";
}

// One record's line in its group's table; with `spread`, the number of runs
// and the min-max of their IOPS and ratios beside the medians.
std::string table_row(const Record& r, bool spread) {
    std::ostringstream row;
    const std::string baseline = r.baseline.empty() ? "-" : r.baseline;
    row << "| " << r.point.target << " | " << r.point.vcpus << " | " << r.point.numjobs << " | ";
    if (spread) {
        row << r.iops_samples.size() << " | ";
    }
    if (!r.fio) {
        row << (spread ? "- | - | - | - | " : "- | - | ") << baseline << " | - | - | - | - | - | "
            << to_string(r.status) << " |\n";
        return row.str();
    }
    const std::string ratio =
        r.ratio ? fixed(*r.ratio, 3) : std::string(r.baseline.empty() ? "1 (raw)" : "-");
    row << format_count(r.fio->iops) << " | ";
    if (spread) {
        row << iops_range_text(r) << " | " << ratio << " | "
            << (r.baseline.empty() ? "-" : ratio_range_text(r)) << " | ";
    } else {
        row << ratio << " | ";
    }
    row << baseline << " | " << usec(r.fio->lat.p50) << " | " << usec(r.fio->lat.p99) << " | "
        << usec(r.fio->lat.p99_9) << " | " << usec(r.fio->lat.max) << " | " << r.fio->errors
        << " | ok |\n";
    return row.str();
}

// Each record measured beside its floor: its ratio to the floor beside its
// ratio to its baseline. Empty when there is none.
std::string floor_section(const ResultSet& results) {
    std::ostringstream md;
    for (const auto& r : results.records) {
        if (!r.floor_ratio) {
            continue;
        }
        if (md.tellp() == 0) {
            md << "## Ratio to the floor\n\nThe IOPS of a target over those of its floor "
                  "measured in the same boot (redirect-floor: a bio-based disk whose "
                  "->submit_bio only redirects the bio to the path disk, with IO accounting), "
                  "beside its ratio to its baseline.\n\n| point | IOPS | floor | floor IOPS | "
                  "ratio to floor | baseline | ratio to baseline |\n|---|---:|---|---:|---:|---|"
                  "---:|\n";
        }
        md << "| " << r.point.key() << " | " << format_count(r.fio->iops) << " | " << r.floor
           << " | " << format_count(*r.floor_iops) << " | " << fixed(*r.floor_ratio, 3) << " | "
           << (r.baseline.empty() ? "-" : r.baseline) << " | "
           << (r.ratio ? fixed(*r.ratio, 3) : std::string("-")) << " |\n";
    }
    if (md.tellp() > 0) {
        md << "\n";
    }
    return md.str();
}

std::optional<double> stat_of(const Record& r, const char* key) {
    if (!r.extra.contains(key) || !r.extra.at(key).is_number()) {
        return std::nullopt;
    }
    return r.extra.at(key).get<double>();
}

// Spinlock acquisitions and slow-path entries per IO of every point that
// counted them (LOCK_COUNT_S), with what a target adds over its baseline
// in the same cell. Empty when no point counted.
std::string lock_section(const ResultSet& results) {
    std::map<std::string, const Record*> by_key;
    for (const auto& r : results.records) {
        by_key[r.point.key()] = &r;
    }
    std::ostringstream md;
    for (const auto& r : results.records) {
        const auto locks = stat_of(r, "spin_locks_per_io");
        if (r.status != Status::Ok || !locks) {
            continue;
        }
        if (md.tellp() == 0) {
            md << "## Spinlocks per IO\n\nFrom a second, short fio run of each point: "
                  "`_raw_spin_lock*` entries (all CPUs, background included) and qspinlock "
                  "slow-path entries, per IO completed on the device (kprobes; "
                  "bench/guest/lock_count.sh).\n\n| point | acquisitions / IO | slow path / IO "
                  "| IOs counted | baseline | added over baseline |\n|---|---:|---:|---:|---|---:"
                  "|\n";
        }
        const auto slow = stat_of(r, "spin_slowpath_per_io");
        const auto ios = stat_of(r, "lock_count_ios");
        std::string added = "-";
        if (!r.baseline.empty()) {
            const auto it = by_key.find(r.point.with_target(r.baseline).key());
            if (it != by_key.end() && it->second->status == Status::Ok) {
                if (const auto base = stat_of(*it->second, "spin_locks_per_io")) {
                    std::ostringstream out;
                    out << std::showpos << std::fixed << std::setprecision(4) << *locks - *base;
                    added = out.str();
                }
            }
        }
        md << "| " << r.point.key() << " | " << fixed(*locks, 4) << " | "
           << (slow ? fixed(*slow, 4) : std::string("-")) << " | "
           << (ios ? format_count(*ios) : std::string("-")) << " | "
           << (r.baseline.empty() ? "-" : r.baseline) << " | " << added << " |\n";
    }
    if (md.tellp() > 0) {
        md << "\n";
    }
    return md.str();
}

} // namespace

std::vector<PlotGroup> group_records(const ResultSet& results) {
    std::vector<PlotGroup> groups;
    for (const auto& r : results.records) {
        const Point& p = r.point;
        std::string rw_slug = p.rw + (is_mixed(p.rw) ? std::to_string(p.rwmixread) : "");
        std::string slug = p.accel + "-" + rw_slug + "-" + p.bs + "-qd" + std::to_string(p.iodepth);
        auto it = std::find_if(groups.begin(), groups.end(),
                               [&slug](const PlotGroup& g) { return g.slug == slug; });
        if (it == groups.end()) {
            groups.push_back(
                {p.accel + ", " + rw_label(p) + " " + p.bs + ", QD" + std::to_string(p.iodepth),
                 slug,
                 {}});
            it = std::prev(groups.end());
        }
        it->records.push_back(&r);
    }
    return groups;
}

std::string report_markdown(const ResultSet& results, const ReportInfo& info,
                            const std::vector<std::string>& plotted, const std::string& plot_note) {
    std::ostringstream md;
    const auto& sweep = results.sweep;
    md << "# mqbench report: " << sweep.value("name", "sweep") << " preset\n\n";
    if (sweep.contains("description") && !sweep.at("description").get<std::string>().empty()) {
        md << sweep.at("description").get<std::string>() << "\n\n";
    }
    std::set<std::string> kernels;
    std::set<std::string> builds;
    std::set<std::string> accels;
    std::map<Status, std::size_t> counts;
    for (const auto& r : results.records) {
        if (!r.kernel.empty()) {
            kernels.insert(r.kernel);
        }
        if (!r.build.empty()) {
            builds.insert(r.build);
        }
        accels.insert(r.point.accel);
        ++counts[r.status];
    }
    std::string kernel_text;
    for (const auto& k : kernels) {
        kernel_text += (kernel_text.empty() ? "" : ", ") + k;
    }
    md << "- **Machine:** " << machine_line(results.machine) << "\n";
    md << "- **Guest kernel:** " << (kernel_text.empty() ? "(no guest reported)" : kernel_text)
       << "\n";
    std::string build_text;
    for (const auto& b : builds) {
        build_text += (build_text.empty() ? "" : "; ") + b;
    }
    md << "- **mqpath build" << (builds.size() > 1 ? "s" : "") << ":** "
       << (build_text.empty() ? "(not recorded)" : build_text) << "\n";
    md << "- **Accel mode" << (accels.size() > 1 ? "s" : "") << ":**";
    for (const auto& a : accels) {
        md << (accels.size() > 1 ? "\n  - " : " ") << accel_note(a);
    }
    md << "\n";
    md << "- **Workload:** fio, libaio, direct IO, " << sweep.value("runtime", 0)
       << " s per point (guest time)"
       << (sweep.value("ramp", 0) > 0 ? ", ramp " + std::to_string(sweep.value("ramp", 0)) + " s"
                                      : "")
       << ", `--group_reporting`, latency = total (submission to completion)\n";
    if (const unsigned repeat = sweep.value("repeat", 1U); repeat > 1) {
        md << "- **Runs:** every point and its baseline ran " << repeat
           << " times in the same guest boot, interleaved (baseline, target, baseline, target, "
              "...); IOPS is the median run's, its latency and bandwidth that run's, the ratio "
              "is the ratio of the two medians, and min-max is the spread of the runs (ratios "
              "run by run)\n";
    }
    md << "- **Points:** " << results.records.size() << " (" << counts[Status::Ok] << " ok, "
       << counts[Status::Skipped] << " skipped, " << counts[Status::Failed] << " failed"
       << (counts[Status::Pending] > 0 ? ", " + std::to_string(counts[Status::Pending]) + " not run"
                                       : "")
       << ")\n";
    if (!info.command.empty()) {
        md << "- **Command:** `" << info.command << "`\n";
    }
    if (!info.generated.empty()) {
        md << "- **Generated:** " << info.generated << "\n";
    }
    md << "\nA ratio is a target's IOPS divided by its raw baseline's (null_blk for the kernel's "
          "targets and mqnull, mqnull for mqpath), both measured in the same guest boot: compare "
          "ratios across runs, never absolute numbers from different boots.\n\n";

    if (info.gates) {
        md << "## Gates\n\n| gate | rule | result | points | lowest ratio (most added) "
              "|\n|---|---|---|---|---|\n";
        for (const auto& g : *info.gates) {
            const std::string rule =
                g.gate.kind == GateKind::Ratio
                    ? g.gate.target + " >= " + fixed(g.gate.min_ratio, 2) + "x " + g.gate.baseline
                    : gate_rule(g.gate);
            md << "| " << g.gate.name << " | " << rule << " | **" << to_string(g.status) << "**"
               << (g.status == GateStatus::NotEvaluated ? ": " + g.reason : "") << " | " << g.points
               << " | " << (g.points > 0 ? gate_value_text(g.gate, g.worst_ratio) : "-") << " |\n";
        }
        md << "\nGates that were not evaluated fail only with `--require-all`"
           << (info.require_all ? " (given)." : ".") << "\n\n";
    }

    // Skipped and failed points, with their reasons, grouped.
    std::map<std::string, std::vector<std::string>> not_ok;
    for (const auto& r : results.records) {
        if (r.status == Status::Ok) {
            continue;
        }
        const std::string what = std::string(to_string(r.status)) + " | " + r.point.target + " | " +
                                 (r.reason.empty() ? "-" : r.reason);
        not_ok[what].push_back(r.point.cell());
    }
    if (!not_ok.empty()) {
        md << "## Skipped and failed\n\n| status | target | reason | points |\n|---|---|---|---|\n";
        for (const auto& [what, cells] : not_ok) {
            std::string reason = what;
            std::replace(reason.begin(), reason.end(), '\n', ' ');
            md << "| " << reason << " | " << cells.size()
               << (cells.size() == 1 ? " (" + cells.front() + ")" : "") << " |\n";
        }
        md << "\n";
    }

    bool any_extra = false;
    for (const auto& g : group_records(results)) {
        md << "## " << g.title << "\n\n";
        const bool spread = std::any_of(g.records.begin(), g.records.end(),
                                        [](const Record* r) { return r->iops_samples.size() > 1; });
        md << (spread ? "| target | vCPUs | numjobs | runs | IOPS (median) | IOPS min-max | ratio "
                        "(of medians) | ratio min-max | baseline |"
                      : "| target | vCPUs | numjobs | IOPS | ratio | baseline |")
           << " p50 us | p99 us | p99.9 us | max us | errors | status |\n"
           << (spread ? "|---|---|---|---:|---:|---:|---:|---:|---|"
                      : "|---|---|---|---:|---:|---|")
           << "---:|---:|---:|---:|---:|---|\n";
        for (const auto* r : g.records) {
            any_extra = any_extra || !r->extra.empty();
            md << table_row(*r, spread);
        }
        md << "\n";
        if (std::find(plotted.begin(), plotted.end(), g.slug) != plotted.end()) {
            md << "![IOPS](plots/" << g.slug << "-iops.svg)\n\n";
            if (!targets_of(g, true).empty()) {
                md << "![ratio to raw](plots/" << g.slug << "-ratio.svg)\n\n";
            }
            md << "![latency percentiles](plots/" << g.slug << "-latency.svg)\n\n";
            md << "(PNG: plots/" << g.slug << "-{iops,ratio,latency}.png)\n\n";
        }
    }
    if (!plot_note.empty()) {
        md << "_Plots: " << plot_note << "_\n\n";
    }

    md << floor_section(results) << lock_section(results);
    if (any_extra) {
        md << "## Target statistics\n\n"
              "Counters the target reported after each point's (median) run, beside that run's "
              "longest IO, fio's maximum total latency: the longest stall an IO saw. mqpath: "
              "freezes of its path table during the run (count, total, mean, longest; "
              "freeze_max_at_most_ns when the run's freezes did not pass the longest since the "
              "device was created, which is then only a bound), bios that met a freeze, path "
              "updates made.\n\n| point | longest IO (us) | statistics |\n|---|---:|---|\n";
        for (const auto& r : results.records) {
            if (r.extra.empty()) {
                continue;
            }
            std::string stats;
            for (const auto& [k, v] : r.extra.items()) {
                stats += (stats.empty() ? "" : ", ") + k + "=" +
                         (v.is_string() ? v.get<std::string>() : v.dump());
            }
            md << "| " << r.point.key() << " | " << (r.fio ? usec(r.fio->lat.max) : "-") << " | "
               << stats << " |\n";
        }
        md << "\n";
    }
    if (!results.problems.empty()) {
        md << "## Problems\n\n";
        for (const auto& p : results.problems) {
            md << "- " << p << "\n";
        }
        md << "\n";
    }
    md << "Files: `results.json` (one record per point), `results.csv`, `plots/`, and, for a "
          "run, `fio/` (fio's own JSON per point) and `logs/` (each boot's guest output, console "
          "and kernel log).\n";
    return md.str();
}

fs::path write_report(const fs::path& dir, const ResultSet& results, const ReportInfo& info) {
    fs::create_directories(dir);
    std::vector<std::string> plotted;
    std::string note;
    const auto groups = group_records(results);
    bool have_gnuplot = false;
    if (info.plots) {
        try {
            have_gnuplot =
                run({"sh", "-c", "command -v gnuplot"},
                    {.stdin_path = "/dev/null", .stdout_path = "/dev/null", .stderr_path = ""}) ==
                0;
        } catch (const std::exception&) {
            have_gnuplot = false;
        }
        if (!have_gnuplot) {
            note = "gnuplot is not installed (apt-get install gnuplot-nox); none were drawn.";
        }
    } else {
        note = "not drawn (--no-plots).";
    }
    if (have_gnuplot) {
        const fs::path plots = dir / "plots";
        fs::create_directories(plots);
        std::vector<std::string> failed;
        for (const auto& g : groups) {
            const bool any_ok = std::any_of(g.records.begin(), g.records.end(),
                                            [](const Record* r) { return r->fio.has_value(); });
            if (!any_ok) {
                continue;
            }
            std::vector<std::pair<std::string, PlotFiles>> files;
            files.emplace_back("iops", iops_plot(g, plots / (g.slug + "-iops")));
            if (!targets_of(g, true).empty()) {
                files.emplace_back("ratio", ratio_plot(g, plots / (g.slug + "-ratio")));
            }
            std::string shown;
            files.emplace_back("latency", latency_plot(g, plots / (g.slug + "-latency"), shown));
            bool ok = true;
            for (const auto& [kind, f] : files) {
                const fs::path base = plots / (g.slug + "-" + kind);
                write_text(base.string() + ".dat", f.data);
                write_text(base.string() + ".gp", f.script);
                const int rc = run({"gnuplot", base.string() + ".gp"},
                                   {.stdin_path = "/dev/null",
                                    .stdout_path = "/dev/null",
                                    .stderr_path = base.string() + ".log"});
                if (rc != 0) {
                    ok = false;
                    failed.push_back(base.filename().string() + " (see " + base.string() + ".log)");
                } else {
                    std::error_code ignored;
                    fs::remove(base.string() + ".log", ignored);
                }
            }
            if (ok) {
                plotted.push_back(g.slug);
            }
        }
        if (!failed.empty()) {
            note = "gnuplot failed for ";
            for (const auto& f : failed) {
                note += f + " ";
            }
        }
    }
    fs::path report = dir / "report.md";
    write_file_atomic(report, report_markdown(results, info, plotted, note));
    return report;
}

} // namespace mq::bench
