// SPDX-License-Identifier: GPL-2.0-only
// A generic netlink socket: resolves families and multicast groups by name,
// sends one request at a time with NLM_F_ACK and collects the replies, and
// turns the kernel's NLMSG_ERROR (with its extack) into NetlinkError.
#pragma once

#include "netlink/error.hpp"
#include "netlink/nl_ptr.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace mq::nl {

class GenlSocket {
  public:
    // Connects a NETLINK_GENERIC socket with extended acks enabled.
    GenlSocket();

    // The family id; throws FamilyMissing (naming module) when the family is
    // not registered.
    int resolve_family(const std::string& family, const std::string& module);
    // The multicast group id; throws NetlinkError when the group is unknown.
    int resolve_group(const std::string& family, const std::string& group);

    // Sends msg (a doit request) and waits for its ACK. Returns the replies
    // that came before the ACK (usually zero or one). Throws NetlinkError.
    std::vector<MsgPtr> request(const MsgPtr& msg);
    // Sends msg with NLM_F_DUMP set and returns every message of the dump.
    std::vector<MsgPtr> dump(const MsgPtr& msg);

    // Multicast: join a group; afterwards wait_event() returns notifications.
    void subscribe(int group);
    // Reads one batch of pending multicast messages (blocks until one comes
    // unless the socket is non-blocking) and hands each to on_msg. Returns
    // false if the kernel dropped events because the socket buffer overran.
    bool receive_events(const std::function<void(nl_msg*)>& on_msg);

    [[nodiscard]] int fd() const;

    // Names the attributes an error's extack points at (see Extack).
    void set_attr_namer(AttrNamer namer) noexcept { namer_ = namer; }
    [[nodiscard]] nl_sock* raw() const noexcept { return sock_.get(); }

  private:
    std::vector<MsgPtr> transact(const MsgPtr& msg);

    NetlinkError make_error(const AckInfo& ack, nl_msg* request) const;

    SockPtr sock_;
    AttrNamer namer_ = nullptr;
};

// Throws NetlinkError for a negative libnl error code (NLE_*), naming what.
void check_nl(int rc, const char* what);

} // namespace mq::nl
