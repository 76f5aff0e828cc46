// SPDX-License-Identifier: GPL-2.0-only
#include "guest_stream.hpp"

#include "common/text.hpp"

#include <charconv>
#include <sstream>

namespace mq::bench {

namespace {

constexpr std::string_view kPrefix = "@@mqb ";

// Splits off the first word of TEXT.
std::string_view word(std::string_view& text) {
    const auto start = text.find_first_not_of(' ');
    if (start == std::string_view::npos) {
        text = {};
        return {};
    }
    text.remove_prefix(start);
    const auto end = text.find(' ');
    const std::string_view w = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    return w;
}

template <typename T> T number(std::string_view text) {
    T value{};
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

// "rc=3" -> 3
int rc_of(std::string_view text) {
    if (text.starts_with("rc=")) {
        text.remove_prefix(3);
    }
    return number<int>(text);
}

} // namespace

std::vector<GuestEvent> GuestStream::feed(std::string_view line) {
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    const bool framed = line.starts_with(kPrefix);
    if (in_fio_ && !(framed && line.substr(kPrefix.size()).starts_with("fio-end "))) {
        point_.fio_json.append(line);
        point_.fio_json += '\n';
        return {};
    }
    if (!framed) {
        return {};
    }
    std::string_view rest = line.substr(kPrefix.size());
    const std::string_view kind = word(rest);
    GuestEvent ev;
    if (kind == "guest") {
        ev.kind = GuestEvent::Kind::Guest;
        std::string_view w;
        while (!(w = word(rest)).empty()) {
            const auto eq = w.find('=');
            const std::string_view key = w.substr(0, eq);
            const std::string_view value = eq == std::string_view::npos ? "" : w.substr(eq + 1);
            if (key == "kernel") {
                ev.text = value;
            } else if (key == "vcpus") {
                ev.vcpus = number<unsigned>(value);
            } else if (key == "fio") {
                ev.fio_version = value;
            }
        }
        return {ev};
    }
    if (kind == "target") {
        ev.target = word(rest);
        const std::string_view what = word(rest);
        if (what == "setup") {
            ev.kind = GuestEvent::Kind::TargetSetup;
        } else if (what == "ready") {
            ev.kind = GuestEvent::Kind::TargetReady;
            ev.text = rest;
        } else if (what == "skip") {
            ev.kind = GuestEvent::Kind::TargetSkip;
            ev.text = rest;
        } else if (what == "end") {
            ev.kind = GuestEvent::Kind::TargetEnd;
            ev.rc = rc_of(word(rest));
        } else {
            return {};
        }
        return {ev};
    }
    if (kind == "point") {
        const auto seq = number<unsigned>(word(rest));
        const std::string_view what = word(rest);
        if (what == "begin") {
            point_ = GuestEvent{};
            point_.kind = GuestEvent::Kind::PointDone;
            point_.seq = seq;
            point_.rc = -1; // until fio-end says
            point_open_ = true;
            ev.kind = GuestEvent::Kind::PointBegin;
            ev.seq = seq;
            return {ev};
        }
        if (what == "end" && point_open_ && point_.seq == seq) {
            point_open_ = false;
            in_fio_ = false;
            return {std::move(point_)};
        }
        return {};
    }
    if (kind == "fio-begin") {
        if (point_open_ && number<unsigned>(word(rest)) == point_.seq) {
            in_fio_ = true;
            point_.fio_json.clear();
        }
        return {};
    }
    if (kind == "fio-end") {
        if (point_open_ && number<unsigned>(word(rest)) == point_.seq) {
            in_fio_ = false;
            point_.rc = rc_of(word(rest));
            point_.failed = trim(rest); // the runner's verdict, if any
        }
        return {};
    }
    if (kind == "note" || kind == "extra") {
        if (!point_open_ || number<unsigned>(word(rest)) != point_.seq) {
            return {};
        }
        if (kind == "note") {
            point_.notes += (point_.notes.empty() ? "" : "; ") + std::string(rest);
        } else if (const auto eq = rest.find('='); eq != std::string_view::npos) {
            point_.extra.emplace_back(std::string(rest.substr(0, eq)),
                                      std::string(rest.substr(eq + 1)));
        }
        return {};
    }
    if (kind == "done") {
        ev.kind = GuestEvent::Kind::Done;
        return {ev};
    }
    return {};
}

} // namespace mq::bench
