// SPDX-License-Identifier: GPL-2.0-only
#include "fio.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace mq::bench {

using nlohmann::json;

namespace {

double number(const json& obj, const char* key) {
    if (!obj.is_object()) {
        return 0;
    }
    const auto it = obj.find(key);
    return it != obj.end() && it->is_number() ? it->get<double>() : 0;
}

// fio writes percentile keys as "99.900000".
double percentile(const json& pct, double which) {
    for (const auto& [key, value] : pct.items()) {
        try {
            if (std::abs(std::stod(key) - which) < 1e-6 && value.is_number()) {
                return value.get<double>();
            }
        } catch (const std::exception&) {
            continue;
        }
    }
    return 0;
}

// lat_ns carries percentiles with --lat_percentiles=1; else clat_ns has them.
Latency latency_of(const json& dir) {
    Latency lat;
    const json& total = dir.contains("lat_ns") ? dir.at("lat_ns") : json::object();
    const json& clat = dir.contains("clat_ns") ? dir.at("clat_ns") : json::object();
    const json* pct = nullptr;
    if (total.contains("percentile")) {
        pct = &total.at("percentile");
    } else if (clat.contains("percentile")) {
        pct = &clat.at("percentile");
    }
    if (pct != nullptr) {
        lat.p50 = percentile(*pct, 50.0);
        lat.p99 = percentile(*pct, 99.0);
        lat.p99_9 = percentile(*pct, 99.9);
    }
    lat.max = std::max(number(total, "max"), number(clat, "max"));
    return lat;
}

Latency worst(const Latency& a, const Latency& b) {
    return {std::max(a.p50, b.p50), std::max(a.p99, b.p99), std::max(a.p99_9, b.p99_9),
            std::max(a.max, b.max)};
}

} // namespace

FioResult parse_fio_json(std::string_view text) {
    const auto brace = text.find('{');
    if (brace == std::string_view::npos) {
        throw std::runtime_error("no JSON in fio's output");
    }
    json doc;
    try {
        doc = json::parse(text.substr(brace));
    } catch (const json::parse_error& e) {
        throw std::runtime_error(std::string("fio's JSON does not parse: ") + e.what());
    }
    if (!doc.contains("jobs") || !doc.at("jobs").is_array() || doc.at("jobs").empty()) {
        throw std::runtime_error("fio's JSON has no jobs");
    }
    FioResult r;
    r.fio_version = doc.value("fio version", "");
    bool any_reads = false;
    Latency read_lat;
    Latency write_lat;
    for (const auto& job : doc.at("jobs")) {
        ++r.jobs;
        const json& rd = job.contains("read") ? job.at("read") : json::object();
        const json& wr = job.contains("write") ? job.at("write") : json::object();
        const json& tr = job.contains("trim") ? job.at("trim") : json::object();
        r.iops_read += number(rd, "iops");
        r.iops_write += number(wr, "iops");
        r.iops += number(rd, "iops") + number(wr, "iops") + number(tr, "iops");
        r.bw_bytes += number(rd, "bw_bytes") + number(wr, "bw_bytes") + number(tr, "bw_bytes");
        const auto reads = static_cast<std::uint64_t>(number(rd, "total_ios"));
        const auto writes = static_cast<std::uint64_t>(number(wr, "total_ios"));
        r.total_ios += reads + writes + static_cast<std::uint64_t>(number(tr, "total_ios"));
        if (reads > 0) {
            any_reads = true;
            read_lat = worst(read_lat, latency_of(rd));
        }
        if (writes > 0) {
            write_lat = worst(write_lat, latency_of(wr));
        }
        // "error" is the errno a job stopped on; "total_err" counts IO
        // errors fio continued past (continue_on_error).
        const auto counted = static_cast<std::uint64_t>(number(job, "total_err"));
        const bool stopped = number(job, "error") != 0;
        r.errors += std::max<std::uint64_t>(counted, stopped ? 1 : 0);
        // Per direction, in ms (job_runtime adds up the grouped jobs').
        r.runtime_s =
            std::max({r.runtime_s, number(rd, "runtime") / 1000.0, number(wr, "runtime") / 1000.0});
    }
    if (any_reads) {
        r.lat = read_lat;
        if (r.iops_write > 0) {
            r.lat_write = write_lat;
        }
    } else {
        r.lat = write_lat;
    }
    return r;
}

} // namespace mq::bench
