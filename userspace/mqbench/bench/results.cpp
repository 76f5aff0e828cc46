// SPDX-License-Identifier: GPL-2.0-only
#include "results.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <map>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace mq::bench {

namespace fs = std::filesystem;
using nlohmann::json;
using nlohmann::ordered_json;

namespace {

ordered_json opt(const std::optional<double>& value) {
    return value ? ordered_json(*value) : ordered_json(nullptr);
}

std::optional<double> opt_number(const ordered_json& doc, const char* key) {
    const auto it = doc.find(key);
    if (it == doc.end() || !it->is_number()) {
        return std::nullopt;
    }
    return it->get<double>();
}

ordered_json latency_json(const Latency& lat) {
    return {{"p50", lat.p50}, {"p99", lat.p99}, {"p99.9", lat.p99_9}, {"max", lat.max}};
}

Latency latency_from(const ordered_json& doc) {
    Latency lat;
    lat.p50 = doc.value("p50", 0.0);
    lat.p99 = doc.value("p99", 0.0);
    lat.p99_9 = doc.value("p99.9", 0.0);
    lat.max = doc.value("max", 0.0);
    return lat;
}

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos) {
        return text;
    }
    std::string quoted = "\"";
    for (const char c : text) {
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return quoted + "\"";
}

ordered_json samples_json(const std::vector<std::optional<double>>& samples) {
    ordered_json doc = ordered_json::array();
    for (const auto& value : samples) {
        doc.push_back(opt(value));
    }
    return doc;
}

std::vector<std::optional<double>> samples_from(const ordered_json& doc, const char* key) {
    std::vector<std::optional<double>> samples;
    const auto it = doc.find(key);
    if (it == doc.end() || !it->is_array()) {
        return samples;
    }
    for (const auto& value : *it) {
        samples.push_back(value.is_number() ? std::optional<double>(value.get<double>())
                                            : std::nullopt);
    }
    return samples;
}

std::vector<std::optional<double>> iops_of(const std::vector<RunOutcome>& runs) {
    std::vector<std::optional<double>> iops;
    iops.reserve(runs.size());
    for (const auto& run : runs) {
        iops.push_back(run.status == Status::Ok && run.fio ? std::optional<double>(run.fio->iops)
                                                           : std::nullopt);
    }
    return iops;
}

std::vector<double> present(const std::vector<std::optional<double>>& samples) {
    std::vector<double> values;
    for (const auto& value : samples) {
        if (value) {
            values.push_back(*value);
        }
    }
    return values;
}

// The position of the first run that is not Ok.
std::optional<std::size_t> first_not_ok(const std::vector<RunOutcome>& runs) {
    for (std::size_t i = 0; i < runs.size(); ++i) {
        if (runs[i].status != Status::Ok) {
            return i;
        }
    }
    return std::nullopt;
}

// Why run i was not Ok: "run 2 of 3: why", or just why for a single run.
std::string run_reason(const std::vector<RunOutcome>& runs, std::size_t i) {
    if (runs.size() == 1) {
        return runs[i].reason;
    }
    return "run " + std::to_string(i + 1) + " of " + std::to_string(runs.size()) + ": " +
           runs[i].reason;
}

// Why a record has no ratio although it has a baseline.
std::string no_ratio_reason(const std::string& baseline,
                            const std::vector<RunOutcome>& baseline_runs) {
    const auto bad = first_not_ok(baseline_runs);
    if (!bad) {
        return "no ratio: " + baseline + " not measured in this boot";
    }
    const bool skipped = baseline_runs[*bad].status == Status::Skipped;
    return "no ratio: " + baseline +
           (skipped ? " was skipped in this boot: " : " failed in this boot: ") +
           run_reason(baseline_runs, *bad);
}

// "min,max" of the samples, or "," when there are none.
std::string spread_csv(const std::vector<std::optional<double>>& samples, int precision) {
    const auto spread = spread_of(samples);
    return spread ? number_text(spread->min, precision) + "," + number_text(spread->max, precision)
                  : ",";
}

} // namespace

const char* to_string(Status status) {
    switch (status) {
    case Status::Pending:
        return "pending";
    case Status::Ok:
        return "ok";
    case Status::Failed:
        return "failed";
    case Status::Skipped:
        return "skipped";
    }
    return "pending";
}

Status parse_status(const std::string& text) {
    for (const Status s : {Status::Pending, Status::Ok, Status::Failed, Status::Skipped}) {
        if (text == to_string(s)) {
            return s;
        }
    }
    throw std::invalid_argument("unknown record status '" + text + "'");
}

std::string number_text(double value, int precision) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(precision) << value;
    return out.str();
}

std::string format_duration(double seconds) {
    const long long total = std::llround(std::max(0.0, seconds));
    const long long h = total / 3600;
    const long long m = (total % 3600) / 60;
    const long long s = total % 60;
    std::ostringstream out;
    if (h > 0) {
        out << h << 'h' << std::setw(2) << std::setfill('0') << m << 'm' << std::setw(2) << s
            << 's';
    } else if (m > 0) {
        out << m << 'm' << std::setw(2) << std::setfill('0') << s << 's';
    } else {
        out << s << 's';
    }
    return out.str();
}

std::string format_count(double value) {
    auto digits = std::to_string(static_cast<long long>(std::llround(value)));
    const bool negative = !digits.empty() && digits[0] == '-';
    std::string out;
    const std::size_t start = negative ? 1 : 0;
    for (std::size_t i = start; i < digits.size(); ++i) {
        if (i > start && (digits.size() - i) % 3 == 0) {
            out += ',';
        }
        out += digits[i];
    }
    return (negative ? "-" : "") + out;
}

void fill_floor_ratios(ResultSet& results, const std::map<std::string, std::string>& floors) {
    std::map<std::string, const Record*> by_key;
    for (const auto& r : results.records) {
        by_key[r.point.key()] = &r;
    }
    for (auto& r : results.records) {
        r.floor.clear();
        r.floor_iops.reset();
        r.floor_ratio.reset();
        const auto f = floors.find(r.point.target);
        if (f == floors.end() || r.status != Status::Ok || !r.fio) {
            continue;
        }
        const auto it = by_key.find(r.point.with_target(f->second).key());
        if (it == by_key.end() || it->second->status != Status::Ok || !it->second->fio) {
            continue;
        }
        r.floor = f->second;
        r.floor_iops = it->second->fio->iops;
        r.floor_ratio = ratio_of(r.fio->iops, r.floor_iops);
    }
}

std::optional<double> ratio_of(double iops, std::optional<double> baseline_iops) {
    if (!baseline_iops || *baseline_iops <= 0 || iops <= 0) {
        return std::nullopt;
    }
    return iops / *baseline_iops;
}

// ---------------------------------------------------------------- runs

std::size_t median_position(const std::vector<double>& values) {
    if (values.empty()) {
        throw std::invalid_argument("median of no values");
    }
    std::vector<std::size_t> order(values.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    // Ties keep run order, so the choice is the same every time.
    std::stable_sort(order.begin(), order.end(),
                     [&values](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    return order[(order.size() - 1) / 2];
}

double median(const std::vector<double>& values) {
    return values[median_position(values)];
}

std::optional<Spread> spread_of(const std::vector<std::optional<double>>& samples) {
    const auto values = present(samples);
    if (values.empty()) {
        return std::nullopt;
    }
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    return Spread{*lo, *hi};
}

std::string iops_range_text(const Record& r) {
    const auto spread = spread_of(r.iops_samples);
    return spread ? format_count(spread->min) + "-" + format_count(spread->max) : "-";
}

std::string ratio_range_text(const Record& r) {
    const auto spread = spread_of(r.ratio_samples);
    return spread ? number_text(spread->min, 3) + "-" + number_text(spread->max, 3) : "-";
}

void summarize_runs(Record& r, const std::vector<RunOutcome>& runs,
                    const std::vector<RunOutcome>& baseline_runs) {
    r.iops_samples = iops_of(runs);
    r.fio.reset();
    r.median_run.reset();
    r.baseline_iops.reset();
    r.ratio.reset();
    r.baseline_iops_samples.clear();
    r.ratio_samples.clear();
    r.extra = ordered_json::object();
    if (runs.empty()) {
        r.status = Status::Failed;
        r.reason = "never run";
        return;
    }
    if (const auto bad = first_not_ok(runs)) {
        const bool all_skipped = std::all_of(runs.begin(), runs.end(), [](const RunOutcome& run) {
            return run.status == Status::Skipped;
        });
        r.status = all_skipped ? Status::Skipped : Status::Failed;
        r.reason = all_skipped ? runs[*bad].reason : run_reason(runs, *bad);
        return;
    }
    const std::size_t mid = median_position(present(r.iops_samples));
    const RunOutcome& median_run = runs[mid];
    r.status = Status::Ok;
    r.fio = median_run.fio;
    r.reason = median_run.reason;
    r.extra = median_run.extra;
    r.median_run = mid;
    if (r.baseline.empty()) {
        return;
    }
    r.baseline_iops_samples = iops_of(baseline_runs);
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const auto base =
            i < r.baseline_iops_samples.size() ? r.baseline_iops_samples[i] : std::nullopt;
        r.ratio_samples.push_back(ratio_of(*r.iops_samples[i], base));
    }
    if (baseline_runs.size() == runs.size() && !first_not_ok(baseline_runs)) {
        r.baseline_iops = median(present(r.baseline_iops_samples));
        r.ratio = ratio_of(r.fio->iops, r.baseline_iops);
    }
    if (!r.ratio) {
        r.reason = no_ratio_reason(r.baseline, baseline_runs);
    }
}

// ---------------------------------------------------------------- records

ordered_json to_json(const Record& r) {
    const Point& p = r.point;
    ordered_json doc = {
        {"index", p.index},
        {"key", p.key()},
        {"target", p.target},
        {"rw", p.rw},
        {"rwmixread",
         p.rwmixread > 0 || is_mixed(p.rw) ? ordered_json(p.rwmixread) : ordered_json(nullptr)},
        {"bs", p.bs},
        {"iodepth", p.iodepth},
        {"numjobs", p.numjobs},
        {"vcpus", p.vcpus},
        {"accel", p.accel},
        {"runtime_s", p.runtime},
        {"ramp_s", p.ramp},
        {"kernel", r.kernel},
        {"build", r.build},
        {"status", to_string(r.status)},
        {"reason", r.reason},
    };
    if (r.fio) {
        const FioResult& f = *r.fio;
        doc["iops"] = f.iops;
        doc["iops_read"] = f.iops_read;
        doc["iops_write"] = f.iops_write;
        doc["bw_bytes"] = f.bw_bytes;
        doc["lat_ns"] = latency_json(f.lat);
        doc["lat_write_ns"] =
            f.iops_read > 0 && f.iops_write > 0 ? latency_json(f.lat_write) : ordered_json(nullptr);
        doc["errors"] = f.errors;
        doc["total_ios"] = f.total_ios;
        doc["fio"] = f.fio_version;
    } else {
        for (const char* key : {"iops", "iops_read", "iops_write", "bw_bytes", "lat_ns",
                                "lat_write_ns", "errors", "total_ios", "fio"}) {
            doc[key] = nullptr;
        }
    }
    doc["baseline"] = r.baseline.empty() ? ordered_json(nullptr) : ordered_json(r.baseline);
    doc["baseline_iops"] = opt(r.baseline_iops);
    doc["ratio"] = opt(r.ratio);
    doc["runs"] = r.iops_samples.size();
    doc["median_run"] = r.median_run ? ordered_json(*r.median_run) : ordered_json(nullptr);
    doc["iops_samples"] = samples_json(r.iops_samples);
    doc["baseline_iops_samples"] = samples_json(r.baseline_iops_samples);
    doc["ratio_samples"] = samples_json(r.ratio_samples);
    doc["floor"] = r.floor.empty() ? ordered_json(nullptr) : ordered_json(r.floor);
    doc["floor_iops"] = opt(r.floor_iops);
    doc["floor_ratio"] = opt(r.floor_ratio);
    doc["extra"] = r.extra;
    return doc;
}

Record record_from_json(const ordered_json& doc) {
    Record r;
    Point& p = r.point;
    try {
        p.index = doc.at("index").get<std::size_t>();
        p.target = doc.at("target").get<std::string>();
        p.rw = doc.at("rw").get<std::string>();
        p.rwmixread = doc.at("rwmixread").is_number() ? doc.at("rwmixread").get<unsigned>() : 0;
        p.bs = doc.at("bs").get<std::string>();
        p.iodepth = doc.at("iodepth").get<unsigned>();
        p.numjobs = doc.at("numjobs").get<unsigned>();
        p.vcpus = doc.at("vcpus").get<unsigned>();
        p.accel = doc.at("accel").get<std::string>();
        p.runtime = doc.value("runtime_s", 0U);
        p.ramp = doc.value("ramp_s", 0U);
        r.kernel = doc.value("kernel", "");
        r.build = doc.value("build", "");
        r.status = parse_status(doc.value("status", "pending"));
        r.reason = doc.value("reason", "");
        if (doc.contains("iops") && doc.at("iops").is_number()) {
            FioResult f;
            f.iops = doc.at("iops").get<double>();
            f.iops_read = doc.value("iops_read", 0.0);
            f.iops_write = doc.value("iops_write", 0.0);
            f.bw_bytes = doc.value("bw_bytes", 0.0);
            if (doc.contains("lat_ns") && doc.at("lat_ns").is_object()) {
                f.lat = latency_from(doc.at("lat_ns"));
            }
            if (doc.contains("lat_write_ns") && doc.at("lat_write_ns").is_object()) {
                f.lat_write = latency_from(doc.at("lat_write_ns"));
            }
            f.errors = doc.value("errors", std::uint64_t{0});
            f.total_ios = doc.value("total_ios", std::uint64_t{0});
            f.fio_version = doc.value("fio", "");
            r.fio = f;
        }
        if (doc.contains("baseline") && doc.at("baseline").is_string()) {
            r.baseline = doc.at("baseline").get<std::string>();
        }
        r.baseline_iops = opt_number(doc, "baseline_iops");
        r.ratio = opt_number(doc, "ratio");
        if (doc.contains("floor") && doc.at("floor").is_string()) {
            r.floor = doc.at("floor").get<std::string>();
        }
        r.floor_iops = opt_number(doc, "floor_iops");
        r.floor_ratio = opt_number(doc, "floor_ratio");
        r.iops_samples = samples_from(doc, "iops_samples");
        r.baseline_iops_samples = samples_from(doc, "baseline_iops_samples");
        r.ratio_samples = samples_from(doc, "ratio_samples");
        if (doc.contains("median_run") && doc.at("median_run").is_number_unsigned()) {
            r.median_run = doc.at("median_run").get<std::size_t>();
        }
        if (doc.contains("extra") && doc.at("extra").is_object()) {
            r.extra = doc.at("extra");
        }
    } catch (const json::exception& e) {
        throw std::runtime_error(std::string("bad record in results: ") + e.what());
    }
    return r;
}

ordered_json to_json(const ResultSet& results) {
    ordered_json records = ordered_json::array();
    for (const auto& r : results.records) {
        records.push_back(to_json(r));
    }
    return {{"format", "mqbench-results"},  {"version", 1},
            {"sweep", results.sweep},       {"machine", results.machine},
            {"problems", results.problems}, {"records", records}};
}

ResultSet result_set_from_json(const ordered_json& doc) {
    if (doc.value("format", "") != "mqbench-results") {
        throw std::runtime_error("not an mqbench results file");
    }
    ResultSet rs;
    rs.sweep = doc.value("sweep", ordered_json::object());
    rs.machine = doc.value("machine", ordered_json::object());
    rs.problems = doc.value("problems", std::vector<std::string>{});
    for (const auto& r : doc.value("records", ordered_json::array())) {
        rs.records.push_back(record_from_json(r));
    }
    return rs;
}

ResultSet load_results(const fs::path& path) {
    const fs::path file = fs::is_directory(path) ? path / "results.json" : path;
    std::ifstream in(file);
    if (!in) {
        throw std::runtime_error("cannot read " + file.string());
    }
    try {
        return result_set_from_json(ordered_json::parse(in));
    } catch (const std::exception& e) {
        throw std::runtime_error(file.string() + ": " + e.what());
    }
}

std::string to_csv(const ResultSet& results) {
    std::ostringstream out;
    out << "index,target,rw,rwmixread,bs,iodepth,numjobs,vcpus,accel,kernel,status,iops,"
           "iops_read,iops_write,bw_bytes,lat_p50_ns,lat_p99_ns,lat_p99_9_ns,lat_max_ns,errors,"
           "baseline,baseline_iops,ratio,runs,iops_min,iops_max,ratio_min,ratio_max,reason\n";
    for (const auto& r : results.records) {
        const Point& p = r.point;
        out << p.index << ',' << csv_field(p.target) << ',' << p.rw << ','
            << (p.rwmixread > 0 ? std::to_string(p.rwmixread) : "") << ',' << p.bs << ','
            << p.iodepth << ',' << p.numjobs << ',' << p.vcpus << ',' << p.accel << ','
            << csv_field(r.kernel) << ',' << to_string(r.status) << ',';
        if (r.fio) {
            const FioResult& f = *r.fio;
            out << number_text(f.iops, 1) << ',' << number_text(f.iops_read, 1) << ','
                << number_text(f.iops_write, 1) << ',' << number_text(f.bw_bytes, 0) << ','
                << number_text(f.lat.p50, 0) << ',' << number_text(f.lat.p99, 0) << ','
                << number_text(f.lat.p99_9, 0) << ',' << number_text(f.lat.max, 0) << ','
                << f.errors << ',';
        } else {
            out << ",,,,,,,,,";
        }
        out << csv_field(r.baseline) << ','
            << (r.baseline_iops ? number_text(*r.baseline_iops, 1) : "") << ','
            << (r.ratio ? number_text(*r.ratio, 4) : "") << ',' << r.iops_samples.size() << ','
            << spread_csv(r.iops_samples, 1) << ',' << spread_csv(r.ratio_samples, 4) << ','
            << csv_field(r.reason) << '\n';
    }
    return out.str();
}

void write_file_atomic(const fs::path& file, const std::string& text) {
    const fs::path tmp = file.string() + ".tmp." + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << text;
        out.flush();
        if (!out) {
            throw std::runtime_error("cannot write " + tmp.string());
        }
    }
    fs::rename(tmp, file);
}

void write_results(const fs::path& dir, const ResultSet& results) {
    fs::create_directories(dir);
    write_file_atomic(dir / "results.json", to_json(results).dump(2) + "\n");
    write_file_atomic(dir / "results.csv", to_csv(results));
}

// ---------------------------------------------------------------- merge

ResultSet merge(const std::vector<ResultSet>& inputs) {
    if (inputs.empty()) {
        throw std::invalid_argument("merge: no inputs");
    }
    ResultSet out;
    out.sweep = inputs.front().sweep;
    out.machine = inputs.front().machine;
    std::map<std::size_t, Record> by_index;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const ResultSet& in = inputs[i];
        if (in.sweep != out.sweep) {
            throw std::invalid_argument("merge: input " + std::to_string(i + 1) +
                                        " is from a different sweep (preset, targets or "
                                        "matrix differ)");
        }
        if (in.machine != out.machine && !in.machine.empty()) {
            out.problems.emplace_back("merged results come from different machines; the "
                                      "first one's is shown");
        }
        for (const auto& p : in.problems) {
            if (std::find(out.problems.begin(), out.problems.end(), p) == out.problems.end()) {
                out.problems.push_back(p);
            }
        }
        for (const auto& r : in.records) {
            auto it = by_index.find(r.point.index);
            if (it == by_index.end()) {
                by_index.emplace(r.point.index, r);
            } else if (it->second.point.key() != r.point.key()) {
                throw std::invalid_argument("merge: point " + std::to_string(r.point.index) +
                                            " is " + it->second.point.key() + " in one input and " +
                                            r.point.key() + " in another");
            } else if (it->second.status != Status::Ok && r.status == Status::Ok) {
                it->second = r;
            }
        }
    }
    for (auto& [index, record] : by_index) {
        out.records.push_back(std::move(record));
    }
    return out;
}

std::map<std::size_t, Record> ok_records(const ResultSet& previous,
                                         const std::vector<Point>& points) {
    std::map<std::size_t, const Point*> wanted;
    for (const auto& p : points) {
        wanted[p.index] = &p;
    }
    std::map<std::size_t, Record> kept;
    for (const auto& r : previous.records) {
        const auto it = wanted.find(r.point.index);
        if (r.status == Status::Ok && it != wanted.end() && it->second->key() == r.point.key()) {
            kept.emplace(r.point.index, r);
        }
    }
    return kept;
}

} // namespace mq::bench
