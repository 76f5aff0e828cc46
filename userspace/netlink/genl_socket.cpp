// SPDX-License-Identifier: GPL-2.0-only
#include "netlink/genl_socket.hpp"

#include <cerrno>
#include <linux/netlink.h>
#include <netlink/errno.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <new>
#include <sys/socket.h>

namespace mq::nl {
namespace {

// libnl error codes do not carry the errno; map the ones a request can hit.
int nle_to_errno(int nle) {
    switch (nle) {
    case NLE_NOMEM:
        return ENOMEM;
    case NLE_PERM:
        return EPERM;
    case NLE_AGAIN:
        return EAGAIN;
    case NLE_BUSY:
        return EBUSY;
    case NLE_OBJ_NOTFOUND:
        return ENOENT;
    case NLE_INVAL:
        return EINVAL;
    case NLE_MSGSIZE:
        return EMSGSIZE;
    case NLE_PROTO_MISMATCH:
        return EPROTONOSUPPORT;
    case NLE_NOACCESS:
        return EACCES;
    default:
        return EIO;
    }
}

struct RecvState {
    std::vector<MsgPtr> replies;
    bool done = false;
    bool failed = false;
    bool alloc_failed = false;
    AckInfo last_ack;
};

int on_msg_in(nl_msg* msg, void* arg) {
    auto* st = static_cast<RecvState*>(arg);
    if (auto ack = parse_ack(nlmsg_hdr(msg))) {
        st->last_ack = std::move(*ack);
    }
    return NL_OK;
}

int on_valid(nl_msg* msg, void* arg) {
    auto* st = static_cast<RecvState*>(arg);
    try {
        st->replies.push_back(share_msg(msg));
    } catch (const std::bad_alloc&) {
        st->alloc_failed = true;
        return NL_STOP;
    }
    return NL_OK;
}

int on_ack(nl_msg* /*msg*/, void* arg) {
    static_cast<RecvState*>(arg)->done = true;
    return NL_STOP;
}

int on_finish(nl_msg* /*msg*/, void* arg) {
    auto* st = static_cast<RecvState*>(arg);
    st->done = true;
    if (st->last_ack.error < 0) {
        st->failed = true; // a dump that failed part-way
    }
    return NL_STOP;
}

int on_error(sockaddr_nl* /*nla*/, nlmsgerr* err, void* arg) {
    auto* st = static_cast<RecvState*>(arg);
    st->done = true;
    st->failed = true;
    st->last_ack.error = err->error; // MSG_IN saw the same message; keep its extack
    return NL_STOP;
}

} // namespace

void check_nl(int rc, const char* what) {
    if (rc < 0) {
        throw NetlinkError(nle_to_errno(-rc), std::string(what) + ": " + nl_geterror(rc));
    }
}

MsgPtr new_msg() {
    MsgPtr m(nlmsg_alloc());
    if (!m) {
        throw std::bad_alloc();
    }
    return m;
}

GenlSocket::GenlSocket() : sock_(nl_socket_alloc()) {
    if (!sock_) {
        throw std::bad_alloc();
    }
    const int rc = genl_connect(sock_.get());
    if (rc < 0) {
        const int saved = errno;
        throw NetlinkError(saved != 0 ? saved : nle_to_errno(-rc),
                           std::string("cannot open a generic netlink socket: ") + nl_geterror(rc));
    }
    const int on = 1;
    const int fd = nl_socket_get_fd(sock_.get());
    // Best effort: kernels without extended acks still report the errno.
    (void)setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &on, sizeof(on));
    (void)setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &on, sizeof(on));
    // Dumps may carry messages larger than a page.
    nl_socket_enable_msg_peek(sock_.get());
}

int GenlSocket::fd() const {
    return nl_socket_get_fd(sock_.get());
}

int GenlSocket::resolve_family(const std::string& family, const std::string& module) {
    const int id = genl_ctrl_resolve(sock_.get(), family.c_str());
    if (id == -NLE_OBJ_NOTFOUND) {
        throw FamilyMissing::for_module(family, module);
    }
    check_nl(id, ("resolving generic netlink family " + family).c_str());
    return id;
}

int GenlSocket::resolve_group(const std::string& family, const std::string& group) {
    const int id = genl_ctrl_resolve_grp(sock_.get(), family.c_str(), group.c_str());
    if (id == -NLE_OBJ_NOTFOUND) {
        throw NetlinkError(ENOENT, "family " + family + " has no multicast group " + group);
    }
    check_nl(id, ("resolving multicast group " + family + "/" + group).c_str());
    return id;
}

std::vector<MsgPtr> GenlSocket::request(const MsgPtr& msg) {
    nlmsg_hdr(msg.get())->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
    return transact(msg);
}

std::vector<MsgPtr> GenlSocket::dump(const MsgPtr& msg) {
    nlmsg_hdr(msg.get())->nlmsg_flags |= NLM_F_REQUEST | NLM_F_DUMP;
    return transact(msg);
}

std::vector<MsgPtr> GenlSocket::transact(const MsgPtr& msg) {
    RecvState st;
    CbPtr cb(nl_cb_alloc(NL_CB_DEFAULT));
    if (!cb) {
        throw std::bad_alloc();
    }
    nl_cb_set(cb.get(), NL_CB_MSG_IN, NL_CB_CUSTOM, on_msg_in, &st);
    nl_cb_set(cb.get(), NL_CB_VALID, NL_CB_CUSTOM, on_valid, &st);
    nl_cb_set(cb.get(), NL_CB_ACK, NL_CB_CUSTOM, on_ack, &st);
    nl_cb_set(cb.get(), NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &st);
    nl_cb_err(cb.get(), NL_CB_CUSTOM, on_error, &st);

    const int sent = nl_send_auto(sock_.get(), msg.get());
    if (sent < 0) {
        const int saved = errno;
        throw NetlinkError(saved != 0 ? saved : nle_to_errno(-sent),
                           std::string("sending the request failed: ") + nl_geterror(sent));
    }
    while (!st.done) {
        const int rc = nl_recvmsgs(sock_.get(), cb.get());
        if (st.alloc_failed) {
            throw std::bad_alloc();
        }
        if (st.failed) {
            throw make_error(st.last_ack, msg.get());
        }
        if (rc == -NLE_DUMP_INTR) {
            throw NetlinkError(EINTR, "the dump was interrupted by a concurrent change; retry");
        }
        check_nl(rc, "receiving the reply failed");
    }
    return std::move(st.replies);
}

NetlinkError GenlSocket::make_error(const AckInfo& ack, nl_msg* request) const {
    Extack ext = ack.extack;
    const nlmsghdr* req = nlmsg_hdr(request);
    if (ext.offset) {
        ext.attr_path = attr_path_at(req, *ext.offset, GENL_HDRLEN);
    } else if (ext.miss_type) {
        if (ext.miss_nest) {
            ext.attr_path = attr_path_at(req, *ext.miss_nest, GENL_HDRLEN);
        }
        ext.attr_path.push_back(static_cast<std::uint16_t>(*ext.miss_type));
    }
    if (namer_ != nullptr && !ext.attr_path.empty()) {
        ext.attr_name = namer_(ext.attr_path);
    }
    return {-ack.error, std::move(ext)};
}

void GenlSocket::subscribe(int group) {
    nl_socket_disable_seq_check(sock_.get());
    check_nl(nl_socket_add_membership(sock_.get(), group), "joining the multicast group");
}

bool GenlSocket::receive_events(const std::function<void(nl_msg*)>& on_msg) {
    CbPtr cb(nl_cb_alloc(NL_CB_DEFAULT));
    if (!cb) {
        throw std::bad_alloc();
    }
    struct Ctx {
        const std::function<void(nl_msg*)>* fn;
        std::exception_ptr error;
    } ctx{&on_msg, nullptr};
    auto valid = [](nl_msg* m, void* arg) -> int {
        auto* c = static_cast<Ctx*>(arg);
        try {
            (*c->fn)(m);
        } catch (...) {
            c->error = std::current_exception();
            return NL_STOP;
        }
        return NL_OK;
    };
    nl_cb_set(cb.get(), NL_CB_VALID, NL_CB_CUSTOM, valid, &ctx);
    nl_cb_set(
        cb.get(), NL_CB_SEQ_CHECK, NL_CB_CUSTOM,
        [](nl_msg* /*m*/, void* /*arg*/) -> int { return NL_OK; }, nullptr);
    const int rc = nl_recvmsgs(sock_.get(), cb.get());
    if (ctx.error) {
        std::rethrow_exception(ctx.error);
    }
    if (rc == -NLE_NOMEM && errno == ENOBUFS) {
        return false; // the kernel dropped messages for us
    }
    check_nl(rc, "receiving events failed");
    return true;
}

} // namespace mq::nl
