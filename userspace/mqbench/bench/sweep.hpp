// SPDX-License-Identifier: GPL-2.0-only
// A benchmark sweep: the targets it can run (the catalog), the matrix a
// preset file describes, its expansion into points, shards of it, and how the
// points of a shard are grouped into guest boots.
#pragma once

#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mq::bench {

using Params = std::vector<std::pair<std::string, std::string>>; // KEY=VALUE, in order

// One target from bench/targets/catalog.json.
struct TargetDef {
    std::string name;
    std::string script;   // file name in bench/targets/
    std::string baseline; // raw target its IOPS are divided by; empty for a raw target
    std::string description;
    Params params;              // exported to the script in the guest
    bool explicit_only = false; // selected by its exact name only, never by family
    // A target the IOPS are also divided by when it is measured in the same
    // cell (redirect-floor for mqpath): reported beside the baseline's ratio.
    std::string floor;
};

class Catalog {
  public:
    Catalog() = default;
    explicit Catalog(std::vector<TargetDef> targets); // validates names and baselines
    static Catalog from_json(const nlohmann::json& doc);
    static Catalog load(const std::filesystem::path& file);

    [[nodiscard]] const std::vector<TargetDef>& targets() const { return targets_; }
    [[nodiscard]] const TargetDef* find(std::string_view name) const;
    [[nodiscard]] const TargetDef& at(std::string_view name) const; // throws when unknown
    // Names matching each selector, in catalog order, without duplicates: a
    // selector is a target's name or a family prefix ("dm-mpath-bio" selects
    // dm-mpath-bio-1path and dm-mpath-bio-2path). Throws on one matching
    // nothing.
    [[nodiscard]] std::vector<std::string> select(const std::vector<std::string>& selectors) const;
    // How many baselines lie below a target (0 for a raw one): the order in
    // which a boot sets targets up, so that a baseline is always measured
    // before the targets divided by it.
    [[nodiscard]] unsigned depth(std::string_view name) const;

  private:
    std::vector<TargetDef> targets_;
};

// The matrix of a preset file.
struct Sweep {
    std::string name;
    std::string description;
    std::vector<std::string> targets; // catalog names (selectors already resolved)
    std::vector<std::string> rw;      // fio rw: randread, randwrite, randrw, read, write, readwrite
    std::vector<std::string> bs;      // fio block sizes: 4k, 64k, 512
    std::vector<unsigned> iodepth;
    std::vector<std::string> numjobs; // "N" or "vcpus" (resolved per vCPU count)
    std::vector<unsigned> vcpus;
    std::vector<std::string> accel; // icount, tcg, kvm
    unsigned runtime = 5;           // seconds of fio per point (guest time)
    unsigned ramp = 0;              // fio ramp_time
    unsigned rwmixread = 70;        // for the mixed workloads
    std::string mem = "2G";
    unsigned repeat = 1; // fio runs of every point (and baseline) per boot, interleaved
    Params params;       // exported to every target script (e.g. NULLB_DEPTH=64)

    // The canonical form written into results.json (merge checks it).
    [[nodiscard]] nlohmann::ordered_json to_json() const;
};

// Parses and validates a preset; target selectors are resolved with the
// catalog.
Sweep parse_sweep(const nlohmann::json& doc, const Catalog& catalog);

// The most runs of a point `repeat` (or `mqbench run --repeat`) may ask for.
inline constexpr unsigned kMaxRepeat = 25;

// "quick" -> <dir>/quick.json; an existing file path is taken as it is.
std::filesystem::path resolve_preset(const std::string& preset,
                                     const std::filesystem::path& presets_dir);

// Is this fio rw a mixed read/write workload (one that takes rwmixread)?
bool is_mixed(std::string_view rw);

// One run of fio on one target in one guest configuration.
struct Point {
    std::size_t index = 0; // position in the sweep's full expansion
    std::string target;
    std::string rw;
    unsigned rwmixread = 0; // 0 unless the workload is mixed
    std::string bs;
    unsigned iodepth = 0;
    unsigned numjobs = 0;
    unsigned vcpus = 0;
    std::string accel;
    unsigned runtime = 0;
    unsigned ramp = 0;

    // "target/rw/bs/qdN/njN/smpN/accel" (rw is randrw70 for a 70% mix): the
    // identity of a point across runs, shards and merges.
    [[nodiscard]] std::string key() const;
    // The same without the target: points of one cell are compared with
    // each other.
    [[nodiscard]] std::string cell() const;
    // A copy for another target in the same cell.
    [[nodiscard]] Point with_target(std::string name) const;
    bool operator==(const Point&) const = default;
};

// Every point of the sweep in canonical order: vcpus, accel, rw, bs,
// iodepth, numjobs, then target in the sweep's order.
std::vector<Point> expand(const Sweep& sweep);

// Shard i of n (1-based): the points whose index % n == i - 1. Every point
// is in exactly one shard; a shard's points keep their indexes.
struct Shard {
    unsigned index = 1;
    unsigned count = 1;
    static Shard parse(std::string_view text); // "2/4"; throws when invalid
    [[nodiscard]] bool contains(const Point& point) const {
        return point.index % count == index - 1;
    }
    [[nodiscard]] std::string str() const;
};
std::vector<Point> select_shard(const std::vector<Point>& points, Shard shard);

} // namespace mq::bench
