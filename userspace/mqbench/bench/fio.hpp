// SPDX-License-Identifier: GPL-2.0-only
// What a benchmark keeps from one fio run: parsed from fio's
// --output-format=json with nlohmann-json.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mq::bench {

// Total latency (submission to completion) in nanoseconds.
struct Latency {
    double p50 = 0;
    double p99 = 0;
    double p99_9 = 0;
    double max = 0;
    bool operator==(const Latency&) const = default;
};

struct FioResult {
    double iops = 0; // reads + writes (+ trims)
    double iops_read = 0;
    double iops_write = 0;
    double bw_bytes = 0; // bytes per second, all directions
    // Of the reads when the job read anything, else of the writes. fio
    // gives percentiles per direction; a mixed job's are not merged.
    Latency lat;
    Latency lat_write;        // the writes' when the job both read and wrote
    std::uint64_t errors = 0; // jobs that ended with an error, plus counted IO errors
    std::uint64_t total_ios = 0;
    double runtime_s = 0; // longest job's runtime
    unsigned jobs = 0;    // job entries in the output (1 with group_reporting)
    std::string fio_version;
};

// Parses fio's JSON output. Text before the first '{' (warnings fio prints
// on stdout) is skipped. Several jobs (no group_reporting) are summed: IOPS
// and bandwidth add up, percentiles and max are the worst job's. Throws
// std::runtime_error when there is no usable JSON.
FioResult parse_fio_json(std::string_view text);

} // namespace mq::bench
