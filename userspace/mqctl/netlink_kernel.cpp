// SPDX-License-Identifier: GPL-2.0-only
#include "mqctl/kernel.hpp"

#include <optional>

namespace mq::ctl {
namespace {

// Stats replies name the disk but may leave out its number: ask sysfs.
template <typename Stats> Stats with_devnums(Stats st) {
    for (auto& p : st.paths) {
        if (p.major == 0 && p.minor == 0) {
            if (auto d = sysfs_devnum(p.disk_name)) {
                p.major = d->major;
                p.minor = d->minor;
            }
        }
    }
    return st;
}

template <typename Stats> std::vector<Stats> with_devnums(std::vector<Stats> all) {
    for (auto& st : all) {
        st = with_devnums(std::move(st));
    }
    return all;
}

class NetlinkKernel : public Kernel {
  public:
    void open(Module m) override { m == Module::null ? (void)null() : (void)mpath(); }

    mqnull::ModuleInfo null_info() override { return null().info(); }
    mqnull::NamespaceInfo create_namespace(const mqnull::NamespaceSpec& spec) override {
        return null().create(spec);
    }
    void destroy_namespace(std::uint32_t id, bool force) override { null().destroy(id, force); }
    mqnull::NamespaceInfo get_namespace(std::uint32_t id) override { return null().get(id); }
    std::vector<mqnull::NamespaceInfo> list_namespaces() override { return null().list(); }
    void set_null_path(std::uint32_t ns_id, const mqnull::PathSettings& s) override {
        null().set_path(ns_id, s);
    }
    mqnull::NamespaceStats namespace_stats(std::uint32_t ns_id,
                                           std::optional<std::uint32_t> path) override {
        return with_devnums(null().stats(ns_id, path));
    }
    std::vector<mqnull::NamespaceStats> all_namespace_stats() override {
        return with_devnums(null().stats_all());
    }

    mqpath::ModuleInfo mpath_info() override { return mpath().info(); }
    mqpath::DeviceInfo create_device(const mqpath::DeviceSettings& s) override {
        return mpath().create(s);
    }
    void destroy_device(std::uint32_t id) override { mpath().destroy(id); }
    mqpath::DeviceInfo get_device(std::uint32_t id) override { return mpath().get(id); }
    std::vector<mqpath::DeviceInfo> list_devices() override { return mpath().list(); }
    void set_device(std::uint32_t id, const mqpath::DeviceSettings& s) override {
        mpath().set(id, s);
    }
    void failback(std::uint32_t id) override { mpath().failback(id); }
    mqpath::PathInfo add_path(std::uint32_t dev, DevNum disk, std::optional<std::uint32_t> priority,
                              bool allow_unidentified) override {
        return mpath().add_path(dev, disk.major, disk.minor, priority, allow_unidentified);
    }
    void remove_path(std::uint32_t dev, const mqpath::PathRef& path, bool force) override {
        mpath().remove_path(dev, path, force);
    }
    void fail_path(std::uint32_t dev, const mqpath::PathRef& path, bool force) override {
        mpath().fail_path(dev, path, force);
    }
    void reinstate_path(std::uint32_t dev, const mqpath::PathRef& path) override {
        mpath().reinstate_path(dev, path);
    }
    void set_path_priority(std::uint32_t dev, const mqpath::PathRef& path,
                           std::uint32_t priority) override {
        mpath().set_path_priority(dev, path, priority);
    }
    mqpath::DeviceStats device_stats(std::uint32_t id) override {
        return with_devnums(mpath().stats(id));
    }
    std::vector<mqpath::DeviceStats> all_device_stats() override {
        return with_devnums(mpath().stats_all());
    }

    DevNum resolve_disk(const std::string& disk) override { return resolve_block_device(disk); }
    void monitor(const MonitorOptions& opts, std::ostream& out) override { run_monitor(opts, out); }

  private:
    std::optional<mqnull::Client> null_;
    std::optional<mqpath::Client> mpath_;

    mqnull::Client& null() {
        if (!null_) {
            null_.emplace();
        }
        return *null_;
    }
    mqpath::Client& mpath() {
        if (!mpath_) {
            mpath_.emplace();
        }
        return *mpath_;
    }
};

} // namespace

std::unique_ptr<Kernel> netlink_kernel() {
    return std::make_unique<NetlinkKernel>();
}

} // namespace mq::ctl
