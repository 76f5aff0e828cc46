// SPDX-License-Identifier: GPL-2.0-only
// RAII ownership of libnl objects: every nl_sock, nl_msg and nl_cb that
// mqnetlink creates lives in one of these and is released exactly once.
#pragma once

#include <memory>
#include <netlink/handlers.h>
#include <netlink/msg.h>
#include <netlink/socket.h>

namespace mq::nl {

struct SockDeleter {
    void operator()(nl_sock* s) const noexcept { nl_socket_free(s); }
};
struct MsgDeleter {
    // nl_msg is reference counted: nlmsg_free drops one reference.
    void operator()(nl_msg* m) const noexcept { nlmsg_free(m); }
};
struct CbDeleter {
    void operator()(nl_cb* cb) const noexcept { nl_cb_put(cb); }
};

using SockPtr = std::unique_ptr<nl_sock, SockDeleter>;
using MsgPtr = std::unique_ptr<nl_msg, MsgDeleter>;
using CbPtr = std::unique_ptr<nl_cb, CbDeleter>;

// A new, empty message; throws std::bad_alloc when libnl cannot allocate.
MsgPtr new_msg();

// Takes an extra reference on a message libnl owns (e.g. one handed to a
// callback), so that it outlives the callback.
inline MsgPtr share_msg(nl_msg* m) {
    nlmsg_get(m);
    return MsgPtr(m);
}

} // namespace mq::nl
