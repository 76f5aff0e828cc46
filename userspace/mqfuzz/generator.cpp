// SPDX-License-Identifier: GPL-2.0-only
#include "mqfuzz/generator.hpp"

#include <algorithm>
#include <cstring>
#include <linux/genetlink.h>
#include <linux/netlink.h>

namespace mq::fuzz {

// ---- Rng ----

Rng::Rng(std::uint64_t seed) {
    for (auto& word : s_) {
        seed += 0x9e3779b97f4a7c15ULL;
        std::uint64_t z = seed;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        word = z ^ (z >> 31);
    }
}

std::uint64_t Rng::next() {
    const auto rotl = [](std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); };
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
}

std::uint64_t Rng::below(std::uint64_t n) {
    return n == 0 ? 0 : next() % n;
}

std::uint64_t Rng::between(std::uint64_t lo, std::uint64_t hi) {
    if (hi <= lo) {
        return lo;
    }
    const std::uint64_t span = hi - lo;
    return span == ~0ULL ? next() : lo + below(span + 1);
}

bool Rng::chance(unsigned percent) {
    return below(100) < percent;
}

std::string_view strategy_name(Strategy s) {
    static constexpr std::array<std::string_view, kStrategies> names = {
        "valid",          "boundary",        "wrong-type",     "missing-attr",
        "duplicate",      "bad-nesting",     "oversized",      "unknown-attr",
        "unknown-cmd",    "bad-genl-header", "truncated-attr", "bad-flags",
        "random-payload", "random-bytes",    "unknown-family", "broken-nlmsghdr",
    };
    return names.at(static_cast<std::size_t>(s));
}

// ---- MsgBuilder ----

MsgBuilder::MsgBuilder(std::uint16_t type, std::uint16_t flags, std::uint32_t seq) {
    nlmsghdr h{};
    h.nlmsg_type = type;
    h.nlmsg_flags = flags;
    h.nlmsg_seq = seq;
    raw(&h, sizeof(h));
}

void MsgBuilder::genl(std::uint8_t cmd, std::uint8_t version, std::uint16_t reserved) {
    genlmsghdr g{};
    g.cmd = cmd;
    g.version = version;
    g.reserved = reserved;
    raw(&g, sizeof(g));
}

void MsgBuilder::put(std::uint16_t type, const void* data, std::size_t len) {
    nlattr a{};
    a.nla_type = type;
    a.nla_len = static_cast<std::uint16_t>(NLA_HDRLEN + len);
    raw(&a, sizeof(a));
    raw(data, len);
    buf_.resize(NLA_ALIGN(buf_.size()), 0);
}

std::size_t MsgBuilder::start_nest(std::uint16_t type, bool nested_flag) {
    const std::size_t off = buf_.size();
    nlattr a{};
    a.nla_type = static_cast<std::uint16_t>(type | (nested_flag ? NLA_F_NESTED : 0));
    raw(&a, sizeof(a));
    return off;
}

void MsgBuilder::end_nest(std::size_t offset) {
    const auto len =
        static_cast<std::uint16_t>(std::min<std::size_t>(buf_.size() - offset, 0xffff));
    std::memcpy(buf_.data() + offset, &len, sizeof(len));
}

void MsgBuilder::raw(const std::vector<std::uint8_t>& bytes) {
    buf_.insert(buf_.end(), bytes.begin(), bytes.end());
}

void MsgBuilder::raw(const void* data, std::size_t len) {
    if (len == 0) {
        return;
    }
    const auto* p = static_cast<const std::uint8_t*>(data);
    buf_.insert(buf_.end(), p, p + len);
}

std::vector<std::uint8_t> MsgBuilder::finish() {
    const auto len = static_cast<std::uint32_t>(buf_.size());
    std::memcpy(buf_.data(), &len, sizeof(len));
    return std::move(buf_);
}

// ---- generators ----

namespace {

constexpr std::uint16_t kReqAck = NLM_F_REQUEST | NLM_F_ACK;

std::uint64_t width_max(Kind k) {
    switch (k) {
    case Kind::U8:
        return 0xff;
    case Kind::U32:
        return 0xffffffffULL;
    default:
        return ~0ULL;
    }
}

std::vector<std::uint8_t> random_bytes(Rng& rng, std::size_t n) {
    std::vector<std::uint8_t> v(n);
    for (auto& b : v) {
        b = static_cast<std::uint8_t>(rng.next());
    }
    return v;
}

// One message under construction: the family, the command, and the ids the
// message has named so far (so that a PATH id fits the namespace named).
struct Ctx {
    Ctx(Rng& r, const FamilySpec& f, const State& s) : rng(r), spec(f), st(s) {}
    Rng& rng;
    const FamilySpec& spec;
    const State& st;
    const CmdSpec* cmd = nullptr;
    std::uint32_t obj = 0; // NS_ID / DEV_ID named
    bool boundary = false;
    bool exact = false; // ids that exist whenever there are any (probe, fixtures)
    std::vector<std::uint16_t> boundary_targets;

    [[nodiscard]] bool creating() const {
        return cmd != nullptr && cmd->mutating &&
               (cmd->name == "NS_CREATE" || cmd->name == "DEV_CREATE");
    }
};

std::uint64_t pow2_between(Rng& rng, std::uint64_t lo, std::uint64_t hi) {
    unsigned a = 0;
    unsigned b = 0;
    while ((1ULL << a) < lo) {
        ++a;
    }
    while ((1ULL << (b + 1)) <= hi) {
        ++b;
    }
    return 1ULL << rng.between(a, std::max(a, b));
}

std::uint32_t pick_object_id(Ctx& c, bool null_family) {
    std::vector<std::uint32_t> ids;
    if (null_family) {
        for (const auto& [id, paths] : c.st.namespaces) {
            ids.push_back(id);
        }
    } else {
        for (const auto& [id, paths] : c.st.devices) {
            ids.push_back(id);
        }
    }
    const std::uint32_t limit = null_family ? 65535 : 255;
    if (c.creating()) {
        // Below the cap: let the kernel pick, or a fresh id; at it: one in
        // use (EEXIST), so a long run cannot pile up devices.
        if (ids.size() >= c.st.max_objects && !ids.empty()) {
            return c.rng.pick(ids);
        }
        return static_cast<std::uint32_t>(c.rng.between(0, limit));
    }
    if (!ids.empty() && (c.exact || c.rng.chance(85))) {
        return c.rng.pick(ids);
    }
    return static_cast<std::uint32_t>(c.rng.between(null_family ? 1 : 0, limit + 2));
}

std::uint32_t pick_path_id(Ctx& c) {
    if (c.spec.id == FamilyId::MqNull) {
        const auto it = c.st.namespaces.find(c.obj);
        if (it != c.st.namespaces.end() && it->second > 0 && (c.exact || c.rng.chance(85))) {
            return static_cast<std::uint32_t>(c.rng.below(it->second));
        }
        return static_cast<std::uint32_t>(c.rng.below(16));
    }
    const auto it = c.st.devices.find(c.obj);
    if (it != c.st.devices.end() && !it->second.empty() && (c.exact || c.rng.chance(85))) {
        return c.rng.pick(it->second);
    }
    return static_cast<std::uint32_t>(c.rng.below(32));
}

Devt pick_devt(Ctx& c) {
    const auto r = static_cast<unsigned>(c.rng.below(100));
    if ((c.exact || r < 70) && !c.st.null_disks.empty()) {
        return c.rng.pick(c.st.null_disks);
    }
    if (r < 80 && !c.st.mpath_path_devts.empty()) {
        return c.rng.pick(c.st.mpath_path_devts);
    }
    if (r < 90 && !c.st.mpath_disks.empty()) {
        return c.rng.pick(c.st.mpath_disks);
    }
    // A device number that does not exist: bounded, since each one makes
    // the block layer try to load a module for it.
    const std::uint32_t major = c.st.null_disks.empty() ? 0 : c.st.null_disks[0].major;
    return Devt{major, static_cast<std::uint32_t>(c.rng.between(900000, 1048575))};
}

std::uint64_t valid_value(Ctx& c, const AttrSpec& a) {
    const std::uint64_t hi = a.safe_max != 0 ? std::min(a.safe_max, a.max) : a.max;
    switch (a.role) {
    case Role::NsId:
        return pick_object_id(c, true);
    case Role::DevId:
        return pick_object_id(c, false);
    case Role::PathId:
        return pick_path_id(c);
    case Role::Size:
        if (c.spec.id == FamilyId::MqPath && c.rng.chance(60)) {
            return 0;
        }
        return c.rng.between(1, hi / 4096) * 4096;
    case Role::BlockSize:
        return c.rng.chance(70) ? 512 : pow2_between(c.rng, a.min, a.max);
    case Role::Major:
    case Role::Minor:
    case Role::Plain:
        break;
    }
    if (a.name == "PROBE_INTERVAL_MS") {
        return c.rng.chance(30) ? 0 : c.rng.between(1000, 600000);
    }
    return c.rng.between(a.min, hi);
}

std::uint64_t boundary_value(Ctx& c, const AttrSpec& a) {
    const std::uint64_t wmax = width_max(a.kind);
    std::vector<std::uint64_t> v = {a.min, a.max, 0, wmax, (a.max + 1) & wmax};
    if (a.min > 0) {
        v.push_back(a.min - 1);
    }
    if (a.role == Role::BlockSize) {
        v.insert(v.end(), {a.max * 2, a.min + 1, 3 * a.min});
    }
    if (a.role == Role::Size) {
        v.insert(v.end(), {511, 513, 4095});
    }
    return c.rng.pick(v) & wmax;
}

void put_value(MsgBuilder& b, std::uint16_t type, Kind kind, std::uint64_t v) {
    switch (kind) {
    case Kind::U8:
        b.put_u8(type, static_cast<std::uint8_t>(v));
        break;
    case Kind::U32:
        b.put_u32(type, static_cast<std::uint32_t>(v));
        break;
    case Kind::U64:
        b.put_u64(type, v);
        break;
    case Kind::Flag:
        b.put_flag(type);
        break;
    case Kind::String: {
        const std::string s = "mqfuzz" + std::to_string(v);
        b.put(type, s.c_str(), s.size() + 1);
        break;
    }
    case Kind::Nested:
        b.put_u32(type, static_cast<std::uint32_t>(v));
        break;
    }
}

// A well-typed scalar attribute (valid, or at a boundary for Boundary).
void put_scalar(Ctx& c, MsgBuilder& b, const AttrSpec& a) {
    const bool at_edge =
        c.boundary && std::find(c.boundary_targets.begin(), c.boundary_targets.end(), a.type) !=
                          c.boundary_targets.end();
    const std::uint64_t v = at_edge ? boundary_value(c, a) : valid_value(c, a);
    if (a.role == Role::NsId || a.role == Role::DevId) {
        c.obj = static_cast<std::uint32_t>(v);
    }
    put_value(b, a.type, a.kind, v);
}

// The PATH nest's content for the command.
void put_path_content(Ctx& c, MsgBuilder& b) {
    const CmdSpec& cmd = *c.cmd;
    std::vector<std::uint16_t> types = cmd.path_required;
    for (auto t : cmd.path_attrs) {
        const bool required = std::find(types.begin(), types.end(), t) != types.end();
        if (!required && c.rng.chance(50)) {
            types.push_back(t);
        }
    }
    // mqpath: name a path by device number instead of ID now and then.
    if (c.spec.id == FamilyId::MqPath && cmd.path_required.size() == 1 &&
        cmd.path_attrs.size() == 3 && c.rng.chance(20)) {
        types = {static_cast<std::uint16_t>(cmd.path_attrs[1]),
                 static_cast<std::uint16_t>(cmd.path_attrs[2])};
    }
    // mqnull PATH_SET needs something to set besides the ID.
    if (c.spec.id == FamilyId::MqNull && cmd.path_attrs.size() > 1 && types.size() == 1) {
        types.push_back(cmd.path_attrs[1 + c.rng.below(cmd.path_attrs.size() - 1)]);
    }
    std::optional<Devt> devt;
    for (auto t : types) {
        const AttrSpec* a = c.spec.path_attr_spec(t);
        if (a == nullptr) {
            continue;
        }
        if (a->role == Role::Major || a->role == Role::Minor) {
            if (!devt) {
                devt = pick_devt(c);
            }
            const bool at_edge = c.boundary && c.rng.chance(30);
            const std::uint64_t v = at_edge ? boundary_value(c, *a)
                                            : (a->role == Role::Major ? devt->major : devt->minor);
            put_value(b, a->type, a->kind, v);
            continue;
        }
        const bool at_edge = c.boundary && c.rng.chance(40);
        put_value(b, a->type, a->kind, at_edge ? boundary_value(c, *a) : valid_value(c, *a));
    }
}

void put_path_nest(Ctx& c, MsgBuilder& b) {
    const std::size_t off = b.start_nest(c.spec.path_attr);
    put_path_content(c, b);
    b.end_nest(off);
}

// The attributes of a well-formed request for c.cmd: required ones always,
// optional ones at random; Boundary puts one or two at their limits.
void put_request_attrs(Ctx& c, MsgBuilder& b, bool all_required = true) {
    const CmdSpec& cmd = *c.cmd;
    for (auto t : cmd.attrs) {
        const bool required =
            std::find(cmd.required.begin(), cmd.required.end(), t) != cmd.required.end();
        if (!(required && all_required) && !c.rng.chance(required ? 80 : 35)) {
            continue;
        }
        const AttrSpec* a = c.spec.attr(t);
        if (a == nullptr) {
            continue;
        }
        if (a->kind == Kind::Nested) {
            put_path_nest(c, b);
        } else {
            put_scalar(c, b, *a);
        }
    }
}

const CmdSpec& pick_op(Ctx& c) {
    const auto ops = c.spec.operations();
    return *c.rng.pick(ops);
}

MsgBuilder start(Ctx& c, std::uint16_t family, std::uint32_t seq, std::uint16_t flags = kReqAck) {
    MsgBuilder b(family, flags, seq);
    b.genl(c.cmd->cmd, c.spec.version);
    return b;
}

std::vector<std::uint8_t> gen_valid(Ctx& c, std::uint16_t family, std::uint32_t seq) {
    if (c.cmd->dump && (!c.cmd->doit || c.rng.chance(30))) {
        MsgBuilder b = start(c, family, seq, kReqAck | NLM_F_DUMP);
        return b.finish();
    }
    MsgBuilder b = start(c, family, seq);
    put_request_attrs(c, b);
    return b.finish();
}

std::vector<std::uint8_t> gen_boundary(Ctx& c, std::uint16_t family, std::uint32_t seq) {
    c.boundary = true;
    const unsigned n = c.rng.chance(30) ? 2 : 1;
    for (unsigned i = 0; i < n && !c.cmd->attrs.empty(); i++) {
        c.boundary_targets.push_back(c.rng.pick(c.cmd->attrs));
    }
    MsgBuilder b = start(c, family, seq);
    put_request_attrs(c, b);
    return b.finish();
}

std::vector<std::uint8_t> gen_wrong_type(Ctx& c, std::uint16_t family, std::uint32_t seq) {
    MsgBuilder b = start(c, family, seq);
    // Some well-formed attributes first, so the bad one is not always first.
    if (c.rng.chance(50)) {
        put_request_attrs(c, b);
    }
    const bool in_path = c.rng.chance(30) && !c.cmd->path_attrs.empty();
    const AttrSpec& a =
        in_path ? *c.spec.path_attr_spec(c.rng.pick(c.cmd->path_attrs)) : c.rng.pick(c.spec.attrs);
    std::vector<std::size_t> lens;
    switch (a.kind) {
    case Kind::U8:
        lens = {0, 2, 4, 8};
        break;
    case Kind::U32:
        lens = {0, 1, 2, 3, 5, 8};
        break;
    case Kind::U64:
        lens = {0, 1, 4, 7, 9, 16};
        break;
    case Kind::Flag:
        lens = {1, 4, 8};
        break;
    case Kind::String:
    case Kind::Nested:
        lens = {0, 1, 4, 8};
        break;
    }
    const auto payload = random_bytes(c.rng, c.rng.pick(lens));
    std::size_t off = 0;
    if (in_path) {
        off = b.start_nest(c.spec.path_attr);
    }
    b.put(a.type, payload.data(), payload.size());
    if (in_path) {
        b.end_nest(off);
    }
    if (c.rng.chance(50)) {
        put_request_attrs(c, b);
    }
    return b.finish();
}

std::vector<std::uint8_t> gen_missing(Ctx& c, std::uint16_t family, std::uint32_t seq) {
    MsgBuilder b = start(c, family, seq);
    if (c.rng.chance(20)) {
        return b.finish(); // no attributes at all
    }
    if (!c.cmd->path_required.empty() && c.rng.chance(50)) {
        // Everything at the top level, and a PATH that lacks what it needs.
        for (auto t : c.cmd->attrs) {
            const AttrSpec* a = c.spec.attr(t);
            if (a->kind == Kind::Nested) {
                const std::size_t off = b.start_nest(c.spec.path_attr);
                for (auto pt : c.cmd->path_attrs) {
                    const bool req =
                        std::find(c.cmd->path_required.begin(), c.cmd->path_required.end(), pt) !=
                        c.cmd->path_required.end();
                    if (!req && c.rng.chance(50)) {
                        put_value(b, pt, c.spec.path_attr_spec(pt)->kind,
                                  valid_value(c, *c.spec.path_attr_spec(pt)));
                    }
                }
                b.end_nest(off);
            } else {
                put_scalar(c, b, *a);
            }
        }
        return b.finish();
    }
    put_request_attrs(c, b, false);
    return b.finish();
}

std::vector<std::uint8_t> gen_duplicate(Ctx& c, std::uint16_t family, std::uint32_t seq) {
    MsgBuilder b = start(c, family, seq);
    put_request_attrs(c, b);
    if (c.cmd->attrs.empty()) {
        put_value(b, c.spec.attrs[1].type, c.spec.attrs[1].kind, 1);
        put_value(b, c.spec.attrs[1].type, c.spec.attrs[1].kind, 2);
        return b.finish();
    }
    const auto copies = static_cast<unsigned>(c.rng.between(1, 20));
    const std::uint16_t t = c.rng.pick(c.cmd->attrs);
    const AttrSpec* a = c.spec.attr(t);
    for (unsigned i = 0; i < copies; i++) {
        if (a->kind == Kind::Nested) {
            put_path_nest(c, b);
        } else {
            put_scalar(c, b, *a);
        }
    }
    return b.finish();
}

std::vector<std::uint8_t> gen_bad_nesting(Ctx& c, std::uint16_t family, std::uint32_t seq) {
    MsgBuilder b = start(c, family, seq);
    // The id first, so that the handler is reached when the policy allows.
    for (auto t : c.cmd->required) {
        const AttrSpec* a = c.spec.attr(t);
        if (a->kind != Kind::Nested) {
            put_scalar(c, b, *a);
        }
    }
    switch (c.rng.below(7)) {
    case 0: { // PATH without NLA_F_NESTED
        const std::size_t off = b.start_nest(c.spec.path_attr, false);
        put_path_content(c, b);
        b.end_nest(off);
        break;
    }
    case 1: { // garbage inside
        const std::size_t off = b.start_nest(c.spec.path_attr);
        b.raw(random_bytes(c.rng, c.rng.between(1, 64)));
        b.end_nest(off);
        break;
    }
    case 2: { // nests in nests
        const auto depth = static_cast<unsigned>(c.rng.between(2, 12));
        std::vector<std::size_t> offs;
        for (unsigned i = 0; i < depth; i++) {
            offs.push_back(b.start_nest(c.rng.chance(70) ? c.spec.path_attr
                                                         : static_cast<std::uint16_t>(c.rng.between(
                                                               1, c.spec.max_path_attr))));
        }
        b.put_u32(1, 0);
        // Innermost first. (std::views::reverse here does not compile with
        // clang 14 over libstdc++ 12, which clang-tidy uses.)
        while (!offs.empty()) {
            b.end_nest(offs.back());
            offs.pop_back();
        }
        break;
    }
    case 3: { // NLA_F_NESTED on a scalar
        const AttrSpec& a = c.rng.pick(c.spec.attrs);
        const std::uint32_t v = 0;
        b.put(static_cast<std::uint16_t>(a.type | NLA_F_NESTED), &v, sizeof(v));
        break;
    }
    case 4: { // inner attributes of unknown types or bad lengths
        const std::size_t off = b.start_nest(c.spec.path_attr);
        const auto n = static_cast<unsigned>(c.rng.between(1, 6));
        for (unsigned i = 0; i < n; i++) {
            const auto t = static_cast<std::uint16_t>(c.rng.between(0, c.spec.max_path_attr + 3));
            const auto p = random_bytes(c.rng, c.rng.below(12));
            b.put(t, p.data(), p.size());
        }
        b.end_nest(off);
        break;
    }
    case 5: { // empty PATH, possibly repeated
        const auto n = static_cast<unsigned>(c.rng.between(1, 3));
        for (unsigned i = 0; i < n; i++) {
            b.end_nest(b.start_nest(c.spec.path_attr));
        }
        break;
    }
    default: { // NLA_F_NET_BYTEORDER on the attributes of a valid request
        MsgBuilder inner = start(c, family, seq);
        put_request_attrs(c, inner);
        auto bytes = inner.finish();
        std::size_t off = NLMSG_HDRLEN + GENL_HDRLEN;
        while (off + NLA_HDRLEN <= bytes.size()) {
            nlattr a{};
            std::memcpy(&a, bytes.data() + off, sizeof(a));
            if (a.nla_len < NLA_HDRLEN) {
                break;
            }
            a.nla_type = static_cast<std::uint16_t>(a.nla_type | NLA_F_NET_BYTEORDER);
            std::memcpy(bytes.data() + off, &a, sizeof(a));
            off += NLA_ALIGN(a.nla_len);
        }
        return bytes;
    }
    }
    return b.finish();
}

std::vector<std::uint8_t> gen_oversized(Ctx& c, std::uint16_t family, std::uint32_t seq) {
    MsgBuilder b = start(c, family, seq);
    switch (c.rng.below(5)) {
    case 0: { // a number attribute with kilobytes of payload
        put_request_attrs(c, b);
        const AttrSpec& a = c.rng.pick(c.spec.attrs);
        const auto p = random_bytes(c.rng, c.rng.between(9, 4096));
        b.put(a.type, p.data(), p.size());
        break;
    }
    case 1: { // a long, unterminated name
        const AttrSpec* name = nullptr;
        for (const auto& a : c.spec.path_attrs) {
            if (a.kind == Kind::String) {
                name = &a;
            }
        }
        if (name == nullptr) {
            break;
        }
        const std::size_t off = b.start_nest(c.spec.path_attr);
        const std::string s(c.rng.between(256, 8000), 'A');
        b.put(name->type, s.data(), s.size());
        b.end_nest(off);
        break;
    }
    case 2: { // a PATH nest with a thousand attributes
        for (auto t : c.cmd->required) {
            const AttrSpec* a = c.spec.attr(t);
            if (a->kind != Kind::Nested) {
                put_scalar(c, b, *a);
            }
        }
        const std::size_t off = b.start_nest(c.spec.path_attr);
        const auto n = static_cast<unsigned>(c.rng.between(100, 1500));
        for (unsigned i = 0; i < n; i++) {
            b.put_u32(1, static_cast<std::uint32_t>(c.rng.below(32)));
        }
        b.end_nest(off);
        break;
    }
    case 3: { // the same request attributes hundreds of times
        const auto n = static_cast<unsigned>(c.rng.between(50, 400));
        for (unsigned i = 0; i < n; i++) {
            put_request_attrs(c, b);
        }
        break;
    }
    default: { // one attribute as large as nla_len allows
        const auto p = random_bytes(c.rng, c.rng.between(30000, 0xffff - NLA_HDRLEN));
        b.put(static_cast<std::uint16_t>(c.rng.between(0, c.spec.max_attr)), p.data(), p.size());
        break;
    }
    }
    return b.finish();
}

std::vector<std::uint8_t> gen_unknown_attr(Ctx& c, std::uint16_t family, std::uint32_t seq) {
    MsgBuilder b = start(c, family, seq);
    put_request_attrs(c, b);
    std::vector<std::uint16_t> types = {0, static_cast<std::uint16_t>(c.spec.max_attr + 1),
                                        static_cast<std::uint16_t>(c.spec.max_attr + 2), 0x3fff,
                                        static_cast<std::uint16_t>(c.rng.between(0, 0x3fff))};
    for (const auto& a : c.spec.attrs) {
        if (!a.request) {
            types.push_back(a.type);
        }
    }
    // Attributes this command does not take but the family knows.
    for (const auto& a : c.spec.attrs) {
        if (a.request &&
            std::find(c.cmd->attrs.begin(), c.cmd->attrs.end(), a.type) == c.cmd->attrs.end()) {
            types.push_back(a.type);
        }
    }
    const std::uint16_t t = c.rng.pick(types);
    const AttrSpec* a = c.spec.attr(t);
    put_value(b, t, a != nullptr ? a->kind : Kind::U32, c.rng.below(100));
    if (c.rng.chance(30)) {
        put_request_attrs(c, b);
    }
    return b.finish();
}

std::vector<std::uint8_t> gen_unknown_cmd(Ctx& c, std::uint16_t family, std::uint32_t seq) {
    std::vector<std::uint8_t> cmds = {0,
                                      static_cast<std::uint8_t>(c.spec.max_cmd + 1),
                                      static_cast<std::uint8_t>(c.spec.max_cmd + 2),
                                      0x7f,
                                      0xff,
                                      static_cast<std::uint8_t>(c.rng.below(256))};
    for (const auto& cs : c.spec.cmds) {
        if (cs.event) {
            cmds.push_back(cs.cmd);
        }
    }
    const std::uint8_t cmd = c.rng.pick(cmds);
    const std::uint16_t flags = c.rng.chance(20) ? (kReqAck | NLM_F_DUMP) : kReqAck;
    MsgBuilder b(family, flags, seq);
    b.genl(cmd, c.spec.version);
    put_request_attrs(c, b);
    return b.finish();
}

std::vector<std::uint8_t> gen_bad_genl(Ctx& c, std::uint16_t family, std::uint32_t seq) {
    MsgBuilder b(family, kReqAck, seq);
    switch (c.rng.below(3)) {
    case 0: { // a short genl header
        const auto p = random_bytes(c.rng, c.rng.below(GENL_HDRLEN));
        b.raw(p);
        return b.finish();
    }
    case 1: // reserved bits
        b.genl(c.cmd->cmd, c.spec.version, static_cast<std::uint16_t>(c.rng.between(1, 0xffff)));
        break;
    default: // another version
        b.genl(c.cmd->cmd, c.rng.pick(std::vector<std::uint8_t>{0, 2, 0x80, 0xff}));
        break;
    }
    put_request_attrs(c, b);
    return b.finish();
}

std::vector<std::uint8_t> gen_truncated(Ctx& c, std::uint16_t family, std::uint32_t seq) {
    MsgBuilder b = start(c, family, seq);
    put_request_attrs(c, b);
    const std::size_t body = b.size();
    const std::uint32_t v = 1;
    b.put_u32(c.cmd->attrs.empty() ? 1 : c.rng.pick(c.cmd->attrs), v);
    auto bytes = b.finish();
    const std::size_t last = body; // the attribute just added
    std::uint16_t len = 0;
    switch (c.rng.below(4)) {
    case 0: // nla_len past the end
        len = static_cast<std::uint16_t>(c.rng.between(9, 2000));
        std::memcpy(bytes.data() + last, &len, sizeof(len));
        break;
    case 1: // nla_len below the attribute header
        len = static_cast<std::uint16_t>(c.rng.below(NLA_HDRLEN));
        std::memcpy(bytes.data() + last, &len, sizeof(len));
        break;
    case 2: { // the datagram and nlmsg_len end inside the attribute
        bytes.resize(last + c.rng.between(1, 7));
        const auto total = static_cast<std::uint32_t>(bytes.size());
        std::memcpy(bytes.data(), &total, sizeof(total));
        break;
    }
    default: { // nlmsg_len ends inside the attribute, the rest (< 16 bytes) trails
        const auto total = static_cast<std::uint32_t>(bytes.size() - c.rng.between(1, 7));
        std::memcpy(bytes.data(), &total, sizeof(total));
        break;
    }
    }
    return bytes;
}

std::vector<std::uint8_t> gen_bad_flags(Ctx& c, std::uint16_t family, std::uint32_t seq) {
    auto flags = static_cast<std::uint16_t>(c.rng.next() | NLM_F_ACK);
    if (c.rng.chance(80)) {
        flags |= NLM_F_REQUEST;
    }
    if (c.rng.chance(30)) {
        flags |= NLM_F_DUMP;
    }
    MsgBuilder b = start(c, family, seq, flags);
    put_request_attrs(c, b);
    return b.finish();
}

std::vector<std::uint8_t> gen_random_payload(Ctx& c, std::uint16_t family, std::uint32_t seq) {
    const std::uint16_t flags = c.rng.chance(15) ? (kReqAck | NLM_F_DUMP) : kReqAck;
    MsgBuilder b = start(c, family, seq, flags);
    b.raw(random_bytes(c.rng, c.rng.below(c.rng.chance(90) ? 128 : 4096)));
    return b.finish();
}

std::vector<std::uint8_t> gen_random_bytes(Ctx& c, std::uint16_t family, std::uint32_t seq) {
    MsgBuilder b(family, kReqAck, seq);
    b.raw(random_bytes(c.rng, c.rng.below(c.rng.chance(90) ? 256 : 8192)));
    return b.finish();
}

std::vector<std::uint8_t> gen_unknown_family(Ctx& c, std::uint32_t seq) {
    // Control types (answered with an ACK), and ids no family can have.
    const std::vector<std::uint16_t> types = {
        NLMSG_NOOP, NLMSG_ERROR,
        NLMSG_DONE, NLMSG_OVERRUN,
        0,          static_cast<std::uint16_t>(c.rng.between(GENL_MAX_ID + 1, 0xffff))};
    MsgBuilder b(c.rng.pick(types), kReqAck, seq);
    b.genl(c.cmd->cmd, c.spec.version);
    put_request_attrs(c, b);
    return b.finish();
}

std::vector<std::uint8_t> gen_broken_header(Ctx& c, std::uint16_t family, std::uint32_t seq) {
    MsgBuilder b = start(c, family, seq);
    put_request_attrs(c, b);
    auto bytes = b.finish();
    switch (c.rng.below(3)) {
    case 0: // shorter than a netlink header
        bytes.resize(c.rng.between(1, NLMSG_HDRLEN - 1));
        break;
    case 1: { // nlmsg_len below the header size
        const auto len = static_cast<std::uint32_t>(c.rng.below(NLMSG_HDRLEN));
        std::memcpy(bytes.data(), &len, sizeof(len));
        break;
    }
    default: { // nlmsg_len past the datagram
        const auto len = static_cast<std::uint32_t>(bytes.size() + c.rng.between(1, 1U << 20));
        std::memcpy(bytes.data(), &len, sizeof(len));
        break;
    }
    }
    return bytes;
}

// What the kernel must do with the bytes: answer them (header intact), and
// for an unprivileged sender refuse with EPERM (a doit of an admin command).
void classify(Message& m, const FamilySpec& spec, std::uint16_t family) {
    const auto& b = m.bytes;
    m.expect_answer = false;
    m.needs_admin = false;
    if (b.size() < NLMSG_HDRLEN) {
        return;
    }
    nlmsghdr h{};
    std::memcpy(&h, b.data(), sizeof(h));
    if (h.nlmsg_len < NLMSG_HDRLEN || h.nlmsg_len > b.size()) {
        return;
    }
    m.expect_answer = true;
    if (h.nlmsg_type != family || (h.nlmsg_flags & NLM_F_REQUEST) == 0 ||
        (h.nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP || h.nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN) {
        return;
    }
    genlmsghdr g{};
    std::memcpy(&g, b.data() + NLMSG_HDRLEN, sizeof(g));
    // genl checks the header (reserved field, flags it does not define)
    // and the policy before the families' capability check.
    constexpr std::uint16_t kDefined = NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO;
    if (g.reserved != 0 || (h.nlmsg_flags & ~kDefined) != 0) {
        return;
    }
    const CmdSpec* cmd = spec.command(g.cmd);
    m.needs_admin = cmd != nullptr && cmd->mutating;
}

} // namespace

Generator::Generator(std::uint64_t seed, std::uint16_t mqnull_id, std::uint16_t mqpath_id)
    : rng_(seed), mqnull_id_(mqnull_id), mqpath_id_(mqpath_id) {}

Message Generator::next(FamilyId family, const State& state, std::uint32_t seq) {
    // Weights: most messages are well-formed enough to reach the policy and
    // the handlers; a few are broken at the netlink or genl level.
    static constexpr std::array<unsigned, kStrategies> weights = {
        14, 12, 9, 7, 7, 7, 3, 6, 4, 4, 6, 5, 5, 4, 3, 2,
    };
    unsigned total = 0;
    for (auto w : weights) {
        total += w;
    }
    auto r = static_cast<unsigned>(rng_.below(total));
    std::size_t i = 0;
    while (r >= weights.at(i)) {
        r -= weights.at(i);
        ++i;
    }
    return make(family, static_cast<Strategy>(i), state, seq);
}

Message Generator::make(FamilyId family, Strategy s, const State& state, std::uint32_t seq) {
    const FamilySpec& spec = spec_of(family);
    Ctx c(rng_, spec, state);
    c.cmd = &pick_op(c);
    const std::uint16_t fid = family_id(family);
    Message m;
    m.strategy = s;
    m.family = family;
    m.cmd = c.cmd->cmd;
    m.seq = seq;
    switch (s) {
    case Strategy::Valid:
        m.bytes = gen_valid(c, fid, seq);
        break;
    case Strategy::Boundary:
        m.bytes = gen_boundary(c, fid, seq);
        break;
    case Strategy::WrongType:
        m.bytes = gen_wrong_type(c, fid, seq);
        break;
    case Strategy::MissingAttr:
        m.bytes = gen_missing(c, fid, seq);
        break;
    case Strategy::Duplicate:
        m.bytes = gen_duplicate(c, fid, seq);
        break;
    case Strategy::BadNesting:
        m.bytes = gen_bad_nesting(c, fid, seq);
        break;
    case Strategy::Oversized:
        m.bytes = gen_oversized(c, fid, seq);
        break;
    case Strategy::UnknownAttr:
        m.bytes = gen_unknown_attr(c, fid, seq);
        break;
    case Strategy::UnknownCmd:
        m.bytes = gen_unknown_cmd(c, fid, seq);
        break;
    case Strategy::BadGenlHeader:
        m.bytes = gen_bad_genl(c, fid, seq);
        break;
    case Strategy::TruncatedAttr:
        m.bytes = gen_truncated(c, fid, seq);
        break;
    case Strategy::BadFlags:
        m.bytes = gen_bad_flags(c, fid, seq);
        break;
    case Strategy::RandomPayload:
        m.bytes = gen_random_payload(c, fid, seq);
        break;
    case Strategy::RandomBytes:
        m.bytes = gen_random_bytes(c, fid, seq);
        break;
    case Strategy::UnknownFamily:
        m.bytes = gen_unknown_family(c, seq);
        break;
    case Strategy::BrokenNlHeader:
    case Strategy::Count_:
        m.bytes = gen_broken_header(c, fid, seq);
        break;
    }
    if (m.bytes.size() >= NLMSG_HDRLEN + GENL_HDRLEN) {
        m.cmd = m.bytes[NLMSG_HDRLEN];
    }
    classify(m, spec, fid);
    return m;
}

Message Generator::valid(FamilyId family, std::uint8_t cmd, const State& state, std::uint32_t seq) {
    const FamilySpec& spec = spec_of(family);
    Ctx c(rng_, spec, state);
    c.exact = true;
    const CmdSpec* cs = spec.command(cmd);
    const std::uint16_t fid = family_id(family);
    Message m;
    m.family = family;
    m.cmd = cmd;
    m.seq = seq;
    MsgBuilder b(fid, kReqAck, seq);
    b.genl(cmd, spec.version);
    if (cs != nullptr) {
        c.cmd = cs;
        for (auto t : cs->required) {
            const AttrSpec* a = spec.attr(t);
            if (a->kind == Kind::Nested) {
                put_path_nest(c, b);
            } else {
                put_scalar(c, b, *a);
            }
        }
    }
    m.bytes = b.finish();
    classify(m, spec, fid);
    return m;
}

} // namespace mq::fuzz
