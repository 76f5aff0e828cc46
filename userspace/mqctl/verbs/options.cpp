// SPDX-License-Identifier: GPL-2.0-only
#include "mqctl/verbs/options.hpp"

#include "mqctl/cli.hpp"

#include <cctype>
#include <charconv>

namespace mq::ctl::opts {

std::uint64_t checked(const std::string& name, std::uint64_t v, const Limit& limit, Unit unit) {
    if (!limit.contains(v)) {
        throw CLI::ValidationError(name, out_of_range(v, limit, unit));
    }
    return v;
}

std::uint32_t parse_id(const std::string& name, const std::string& text, const Limit& limit) {
    std::uint64_t v = 0;
    const char* end = text.data() + text.size();
    const auto [p, ec] = std::from_chars(text.data(), end, v);
    if (text.empty() || p != end || (ec != std::errc{} && ec != std::errc::result_out_of_range)) {
        throw CLI::ValidationError(name, "'" + text + "' is not a number");
    }
    if (ec == std::errc::result_out_of_range || !limit.contains(v)) {
        throw CLI::ValidationError(name, out_of_range(text, limit, Unit::count));
    }
    return static_cast<std::uint32_t>(v);
}

CLI::Option* id(CLI::App* app, const std::string& name, std::optional<std::uint32_t>& dest,
                const Limit& limit, const std::string& desc) {
    return app
        ->add_option_function<std::string>(
            name, [&dest, name, limit](const std::string& s) { dest = parse_id(name, s, limit); },
            desc)
        ->type_name("N");
}

CLI::Option* size(CLI::App* app, const std::string& name, std::optional<std::uint64_t>& dest,
                  const Limit& limit, const std::string& desc) {
    return numeric(
        app, name, dest, limit, Unit::size, [](const std::string& s) { return parse_size(s); },
        desc + " (" + kSizeHelp + ")", "SIZE");
}

CLI::Option* block_size(CLI::App* app, const std::string& name, std::optional<std::uint32_t>& dest,
                        const Limit& limit, const std::string& desc) {
    return numeric(
        app, name, dest, limit, Unit::size, [](const std::string& s) { return parse_size(s); },
        desc, "BYTES");
}

CLI::Option* dur_ns(CLI::App* app, const std::string& name, std::optional<std::uint64_t>& dest,
                    const Limit& limit, const std::string& desc) {
    return numeric(
        app, name, dest, limit, Unit::ns, [](const std::string& s) { return parse_duration_ns(s); },
        desc + " (" + kDurHelp + ")", "DUR");
}

CLI::Option* dur_ms(CLI::App* app, const std::string& name, std::optional<std::uint32_t>& dest,
                    const Limit& limit, const std::string& desc) {
    return numeric(
        app, name, dest, limit, Unit::ms, [](const std::string& s) { return parse_duration_ms(s); },
        desc + " (ms or s: 500ms, 5s; 0 = off)", "DUR");
}

CLI::Option* on_off(CLI::App* app, const std::string& name, std::optional<bool>& dest,
                    const std::string& desc) {
    return enumerated(
        app, name, dest, {"on", "off"}, [](const std::string& v) { return v == "on"; }, desc);
}

void json(CLI::App* app, bool& dest) {
    app->add_flag("--json", dest, "print JSON (one document) instead of a table");
}

void dev_arg(CLI::App* app, std::optional<std::uint32_t>& dest, bool required) {
    auto* o = app->add_option_function<std::string>(
        "DEV",
        [&dest](const std::string& s) {
            const auto number = mpath_dev_number(s);
            if (!number) {
                throw CLI::ValidationError("DEV", "'" + s +
                                                      "' is not a device: use its id, "
                                                      "mqpathN or /dev/mqpathN");
            }
            dest = parse_id("DEV", *number, limits::kDevId);
        },
        "the multipath device: its id (0..255), mqpathN or /dev/mqpathN");
    if (required) {
        o->required();
    }
}

void mpath_path_arg(CLI::App* app, std::string& dest) {
    app->add_option_function<std::string>(
           "PATH",
           [&dest](const std::string& s) {
               if (!s.empty() && std::isdigit(static_cast<unsigned char>(s[0])) != 0 &&
                   s.find(':') == std::string::npos) {
                   parse_id("PATH", s, limits::kMpathPathId);
               }
               dest = s;
           },
           "the path: its id (0..31), or its disk (/dev/mqnull1c0, mqnull1c0 or MAJ:MIN)")
        ->required();
}

void device_settings(CLI::App* app, mqpath::DeviceSettings& s) {
    enumerated(
        app, "--selector", s.selector, {"rr", "qd", "numa"},
        [](const std::string& v) { return *mqpath::parse_selector(v); },
        "path selector inside the active group: round-robin, queue-depth or NUMA-local");
    enumerated(
        app, "--failback", s.failback, {"auto", "manual"},
        [](const std::string& v) { return *mqpath::parse_failback(v); },
        "return to a better group as soon as it is live (auto), or only on "
        "'mpath failback' (manual)");
    on_off(app, "--queue-if-no-path", s.queue_if_no_path,
           "hold IO while no path is live (on) or fail it (off)");
    dur_ms(app, "--no-path-timeout", s.no_path_timeout_ms, limits::kDevMs,
           "how long IO is held without a live path before it fails, at most 24 hours");
    dur_ms(app, "--probe-interval", s.probe_interval_ms, limits::kProbeMs,
           "how often failed paths are probed for reinstatement, 100ms..24 hours");
    dur_ms(app, "--freeze-warn", s.freeze_warn_ms, limits::kDevMs,
           "report a frozen_too_long event when a freeze lasts longer, at most 24 hours");
    count(app, "--marginal-count", s.marginal_count, limits::kMarginalCount,
          "hold out a path that fails and returns more than N times in the window, "
          "0 = off (default)");
    dur_ms(app, "--marginal-window", s.marginal_window_ms, limits::kDevMs,
           "the window of --marginal-count (default 60s)");
    dur_ms(app, "--marginal-hold", s.marginal_hold_ms, limits::kDevMs,
           "how long a marginal path is held out before the checker may reinstate it "
           "(default 60s)");
}

} // namespace mq::ctl::opts
