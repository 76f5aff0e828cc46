// SPDX-License-Identifier: GPL-2.0-only
#include "mqctl/monitor.hpp"

#include "mqctl/output.hpp"
#include "netlink/attr.hpp"
#include "netlink/genl_socket.hpp"
#include "netlink/mqnull.hpp"
#include "netlink/mqpath.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <ctime>
#include <fmt/format.h>
#include <iostream>
#include <poll.h>
#include <system_error>

namespace mq::ctl {
namespace {

volatile std::sig_atomic_t g_stop = 0;

extern "C" void on_signal(int /*sig*/) {
    g_stop = 1;
}

// Installs SIGINT/SIGTERM handlers without SA_RESTART, so poll() returns
// EINTR; restores the old ones on destruction.
class SignalGuard {
  public:
    SignalGuard() {
        struct sigaction sa {};
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, &old_int_);
        sigaction(SIGTERM, &sa, &old_term_);
    }
    ~SignalGuard() {
        sigaction(SIGINT, &old_int_, nullptr);
        sigaction(SIGTERM, &old_term_, nullptr);
    }
    SignalGuard(const SignalGuard&) = delete;
    SignalGuard& operator=(const SignalGuard&) = delete;
    SignalGuard(SignalGuard&&) = delete;
    SignalGuard& operator=(SignalGuard&&) = delete;

  private:
    struct sigaction old_int_ {};
    struct sigaction old_term_ {};
};

// "2026-11-21T13:40:00.123Z"
std::string now_text() {
    using namespace std::chrono;
    const auto now = system_clock::now();
    const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
    const std::time_t t = system_clock::to_time_t(now);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::array<char, 32> buf{};
    if (std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%S", &tm) == 0) {
        return "?";
    }
    return fmt::format("{}.{:03}Z", buf.data(), ms);
}

struct Family {
    int id = -1;
    bool active = false;
};

// Resolves family and joins its events group. Returns false (and leaves
// f inactive) if the module is not loaded and missing_ok.
bool join(nl::GenlSocket& sock, Family& f, const char* family, const char* module,
          const char* group, bool missing_ok) {
    try {
        f.id = sock.resolve_family(family, module);
    } catch (const nl::FamilyMissing&) {
        if (missing_ok) {
            return false;
        }
        throw;
    }
    sock.subscribe(sock.resolve_group(family, group));
    f.active = true;
    return true;
}

} // namespace

void run_monitor(const MonitorOptions& inv, std::ostream& out) {
    nl::GenlSocket sock;
    Family null_fam;
    Family mpath_fam;
    if (inv.watch_null) {
        join(sock, null_fam, MQNULL_GENL_NAME, "mqnull", MQNULL_MCGRP_EVENTS, inv.watch_loaded);
    }
    if (inv.watch_mpath) {
        join(sock, mpath_fam, MQPATH_GENL_NAME, "mqpath", MQPATH_MCGRP_EVENTS, inv.watch_loaded);
    }
    if (!null_fam.active && !mpath_fam.active) {
        throw nl::FamilyMissing(
            "mqnull, mqpath",
            "neither the mqnull nor the mqpath module is loaded (modprobe/insmod mqnull.ko "
            "mqpath.ko)");
    }

    SignalGuard guard;
    g_stop = 0;
    using clock = std::chrono::steady_clock;
    const auto deadline =
        inv.timeout_ns ? std::optional(clock::now() + std::chrono::nanoseconds(*inv.timeout_ns))
                       : std::nullopt;
    std::uint64_t seen = 0;

    auto emit = [&](ordered_json j, const std::string& line) {
        if (inv.json) {
            if (inv.timestamps) {
                ordered_json t = {{"time", now_text()}};
                t.update(j);
                j = std::move(t);
            }
            out << j.dump() << '\n';
        } else {
            out << (inv.timestamps ? now_text() + " " : "") << line << '\n';
        }
        out.flush();
        ++seen;
    };

    auto handle = [&](nl_msg* msg) {
        const int type = nlmsg_hdr(msg)->nlmsg_type;
        const std::uint8_t cmd = nl::genl_cmd(msg);
        if (null_fam.active && type == null_fam.id) {
            if (cmd == MQNULL_CMD_EVENT_PATH_STATE) {
                const auto ev = mqnull::decode_path_event(msg);
                emit(to_json(ev), event_line(ev));
            }
        } else if (mpath_fam.active && type == mpath_fam.id) {
            if (mqpath::is_event_cmd(cmd)) {
                const auto ev = mqpath::decode_event(msg);
                emit(to_json(ev), event_line(ev));
            }
        }
    };

    while (g_stop == 0 && (!inv.count || seen < *inv.count)) {
        int timeout_ms = -1;
        if (deadline) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - clock::now());
            if (left.count() <= 0) {
                break;
            }
            timeout_ms = static_cast<int>(std::min<long long>(left.count() + 1, INT32_MAX));
        }
        pollfd pfd{sock.fd(), POLLIN, 0};
        const int rc = poll(&pfd, 1, timeout_ms);
        if (rc < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw std::system_error(errno, std::generic_category(), "poll");
        }
        if (rc == 0) {
            continue;
        }
        if (!sock.receive_events(handle)) {
            std::cerr << "mqctl: " << inv.command << ": events were lost (socket overrun)\n";
        }
    }
}

} // namespace mq::ctl
