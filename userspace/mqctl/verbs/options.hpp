// SPDX-License-Identifier: GPL-2.0-only
// The option kinds the verbs share: ids, counts, sizes, durations and
// enums, converted and range-checked as they are parsed, so that an error
// names the option the user typed ("--size: ...").
#pragma once

#include "common/text.hpp"
#include "mqctl/limits.hpp"
#include "mqctl/units.hpp"
#include "netlink/mqpath.hpp"

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mq::ctl::opts {

inline constexpr const char* kSizeHelp = "bytes or K/M/G/T, 1024-based: 4096, 64M, 1G";
inline constexpr const char* kDurHelp = "ns, us, ms or s: 10us, 1ms";
inline constexpr const char* kCountHelp = "k/M/G allowed, 1000-based: 10k = 10000";

// Converts a units.hpp error into a CLI11 one that names the option.
template <typename F> auto with_name(const std::string& name, F&& f) {
    try {
        return f();
    } catch (const UnitError& e) {
        throw CLI::ValidationError(name, e.what());
    }
}

// v, unless it is outside what the module accepts.
std::uint64_t checked(const std::string& name, std::uint64_t v, const Limit& limit, Unit unit);

// An id or index argument: plain digits, within limit.
std::uint32_t parse_id(const std::string& name, const std::string& text, const Limit& limit);

// An option whose text parse() turns into a number, checked against limit
// in unit: the shape of the numeric options here.
template <typename T, typename Parse>
CLI::Option* numeric(CLI::App* app, const std::string& name, std::optional<T>& dest,
                     const Limit& limit, Unit unit, Parse parse, const std::string& desc,
                     const std::string& type) {
    return app
        ->add_option_function<std::string>(
            name,
            [&dest, name, limit, unit, parse](const std::string& s) {
                const std::uint64_t v = with_name(name, [&] { return parse(s); });
                dest = static_cast<T>(checked(name, v, limit, unit));
            },
            desc)
        ->type_name(type);
}

// A count or rate (k/M/G are 1000-based), within limit.
template <typename T>
CLI::Option* count(CLI::App* app, const std::string& name, std::optional<T>& dest,
                   const Limit& limit, const std::string& desc) {
    return numeric(
        app, name, dest, limit, Unit::count, [](const std::string& s) { return parse_count(s); },
        desc + " (" + kCountHelp + ")", "N");
}

// An id argument or option (plain digits), within limit.
CLI::Option* id(CLI::App* app, const std::string& name, std::optional<std::uint32_t>& dest,
                const Limit& limit, const std::string& desc);
CLI::Option* size(CLI::App* app, const std::string& name, std::optional<std::uint64_t>& dest,
                  const Limit& limit, const std::string& desc);
// A block size: SIZE syntax, within limit.
CLI::Option* block_size(CLI::App* app, const std::string& name, std::optional<std::uint32_t>& dest,
                        const Limit& limit, const std::string& desc);
CLI::Option* dur_ns(CLI::App* app, const std::string& name, std::optional<std::uint64_t>& dest,
                    const Limit& limit, const std::string& desc);
CLI::Option* dur_ms(CLI::App* app, const std::string& name, std::optional<std::uint32_t>& dest,
                    const Limit& limit, const std::string& desc);

template <typename E, typename ParseFn>
CLI::Option* enumerated(CLI::App* app, const std::string& name, std::optional<E>& dest,
                        const std::vector<std::string>& names, ParseFn parse,
                        const std::string& desc) {
    return app
        ->add_option_function<std::string>(
            name, [&dest, parse](const std::string& s) { dest = parse(s); }, desc)
        ->check(CLI::IsMember(names).description(""))
        ->type_name(join(names, "|"));
}

// "on" or "off".
CLI::Option* on_off(CLI::App* app, const std::string& name, std::optional<bool>& dest,
                    const std::string& desc);

void json(CLI::App* app, bool& dest);

// DEV of the mpath commands: its id, mqpathN or /dev/mqpathN.
void dev_arg(CLI::App* app, std::optional<std::uint32_t>& dest, bool required);

// PATH of the mpath path commands: a path id (in range) or a disk.
void mpath_path_arg(CLI::App* app, std::string& dest);

// The settings of 'mpath create' and 'mpath set'.
void device_settings(CLI::App* app, mqpath::DeviceSettings& s);

} // namespace mq::ctl::opts
