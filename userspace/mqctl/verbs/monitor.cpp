// SPDX-License-Identifier: GPL-2.0-only
// mqctl monitor: the modules' events as they happen.
#include "mqctl/verbs/options.hpp"
#include "mqctl/verbs/verb.hpp"

#include <memory>

namespace mq::ctl {

void add_monitor_verbs(CLI::App& root, Command& cmd) {
    auto m = std::make_shared<MonitorOptions>();
    m->command = "monitor";
    auto* mon = root.add_subcommand(
        "monitor", "print mqnull and mqpath events as they happen, until interrupted");
    mon->add_option_function<std::vector<std::string>>(
           "MODULE",
           [m](const std::vector<std::string>& v) {
               for (const auto& name : v) {
                   (name == "null" ? m->watch_null : m->watch_mpath) = true;
               }
           },
           "null and/or mpath (default: every loaded module)")
        ->check(CLI::IsMember({"null", "mpath"}).description(""));
    mon->add_flag("--json", m->json, "print one JSON object per line");
    opts::count(mon, "--count", m->count, Limit{}, "exit after N events");
    opts::dur_ns(mon, "--timeout", m->timeout_ns, Limit{}, "exit after this long");
    mon->add_flag("--timestamp", m->timestamps, "prefix each event with the wall-clock time");
    select(mon, cmd, "monitor", [m](Kernel& k, std::ostream& out) {
        MonitorOptions o = *m;
        if (!o.watch_null && !o.watch_mpath) {
            o.watch_null = o.watch_mpath = o.watch_loaded = true;
        }
        k.monitor(o, out);
    });
}

} // namespace mq::ctl
