// SPDX-License-Identifier: GPL-2.0-only
// Reads what bench/guest/run-plan.sh prints in the guest: "@@mqb " lines
// that frame each target and point, with fio's JSON between fio-begin and
// fio-end. Every other line is the guest's log and is ignored here.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mq::bench {

struct GuestEvent {
    enum class Kind {
        Guest,       // kernel, vcpus, fio: text = kernel
        TargetSetup, // target is being set up
        TargetReady, // text = device
        TargetSkip,  // text = reason
        TargetEnd,   // rc = teardown status
        PointBegin,  // seq
        PointDone,   // seq, rc (fio's), failed, fio_json, notes, extra
        Done,        // the plan ran to its end
    };
    Kind kind = Kind::Guest;
    std::string target;
    unsigned seq = 0;
    int rc = 0;
    std::string text;
    unsigned vcpus = 0;
    std::string fio_version;
    std::string fio_json;
    // Why the point's fio run failed, by the guests' fio runner's rule
    // (tests/vm/lib/fio.sh): empty when it passed.
    std::string failed;
    std::string notes;
    std::vector<std::pair<std::string, std::string>> extra;
};

class GuestStream {
  public:
    // One line of the guest's stdout, without its newline. Returns the
    // events it completes (zero or one).
    std::vector<GuestEvent> feed(std::string_view line);

  private:
    bool in_fio_ = false;
    GuestEvent point_; // the point being read
    bool point_open_ = false;
};

} // namespace mq::bench
