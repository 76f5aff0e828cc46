# SPDX-License-Identifier: GPL-2.0
"""Both generic netlink families from Python, for the guest drivers of the
VM tests and the benchmark that send requests faster than forking mqctl
(half a second in an emulated guest) allows: one socket, replies parsed
into dicts, one method per command sent. Command, attribute and enum
numbers come from the families' specs (netlink/specs/*.yaml, from which
the uapi headers are generated), so nothing here repeats them.
"""
import os
import socket
import struct

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
SPECS = os.path.join(HERE, "..", "..", "..", "netlink", "specs")

NETLINK_GENERIC = 16
GENL_ID_CTRL = 16
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
NLM_F_REQUEST = 1
NLM_F_ACK = 4
NLMSG_ERROR = 2
NLA_F_NESTED = 1 << 15
NLA_TYPE_MASK = 0x3FFF


class NetlinkError(Exception):
    def __init__(self, what, errno_):
        super().__init__(f"{what}: errno {errno_} ({os.strerror(errno_)})")
        self.errno = errno_


def c_upper(name):
    return name.upper().replace("-", "_")


def spec_names(path):
    """C name -> value of every command, attribute and enum entry of a
    spec, numbered and named as the kernel's YNL generator numbers and
    names them in the uapi header: attributes and commands from 1 (or an
    explicit value), enum entries from 0, each with its set's name-prefix."""
    with open(path, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    family = spec["name"]
    values = {}

    def number(prefix, items, start):
        value = start
        for item in items:
            value = item.get("value", value)
            values[c_upper(prefix + item["name"])] = value
            value += 1

    for d in spec.get("definitions", []):
        if d["type"] == "enum":
            prefix = d.get("name-prefix", f"{family}-{d['name']}-")
            number(prefix, [e if isinstance(e, dict) else {"name": e}
                            for e in d["entries"]], d.get("value-start", 0))
    for s in spec["attribute-sets"]:
        number(s.get("name-prefix", f"{family}-a-{s['name']}-"),
               s["attributes"], 1)
    ops = spec["operations"]
    number(ops.get("name-prefix", f"{family}-cmd-"), ops["list"], 1)
    return values


def attr(kind, payload):
    hdr = struct.pack("=HH", 4 + len(payload), kind)
    return hdr + payload + b"\0" * (-len(payload) % 4)


class Genl:
    def __init__(self):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                  NETLINK_GENERIC)
        self.sock.bind((0, 0))
        self.seq = 0

    def request(self, family, cmd, attrs, version=1):
        self.seq += 1
        body = struct.pack("=BBH", cmd, version, 0) + attrs
        msg = struct.pack("=IHHII", 16 + len(body), family,
                          NLM_F_REQUEST | NLM_F_ACK, self.seq, 0) + body
        self.sock.send(msg)
        replies = []
        while True:
            data = self.sock.recv(65536)
            off = 0
            while off < len(data):
                length, kind, _, seq, _ = struct.unpack_from("=IHHII", data, off)
                if seq == self.seq:
                    if kind == NLMSG_ERROR:
                        err = struct.unpack_from("=i", data, off + 16)[0]
                        return err, replies
                    replies.append(data[off + 16:off + length])
                off += (length + 3) & ~3

    def family(self, name):
        err, replies = self.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                                    attr(CTRL_ATTR_FAMILY_NAME,
                                         name.encode() + b"\0"))
        if err or not replies:
            raise NetlinkError(f"family {name}", -err if err else 2)
        body = replies[0][4:]
        off = 0
        while off < len(body):
            length, kind = struct.unpack_from("=HH", body, off)
            if kind == CTRL_ATTR_FAMILY_ID:
                return struct.unpack_from("=H", body, off + 4)[0]
            off += (length + 3) & ~3
        raise NetlinkError(f"family {name}: no id in the reply", 71)


def parse(buf):
    """Attributes of @buf: type -> list of payloads (types repeat)."""
    out = {}
    off = 0
    while off + 4 <= len(buf):
        length, kind = struct.unpack_from("=HH", buf, off)
        if length < 4:
            break
        out.setdefault(kind & NLA_TYPE_MASK, []).append(buf[off + 4:off + length])
        off += (length + 3) & ~3
    return out


def num(payload):
    """An unsigned attribute of any width."""
    fmt = {1: "=B", 2: "=H", 4: "=I", 8: "=Q"}[len(payload)]
    return struct.unpack(fmt, payload)[0]


def u32(kind, value):
    return attr(kind, struct.pack("=I", value))


def u64(kind, value):
    return attr(kind, struct.pack("=Q", value))


def u8(kind, value):
    return attr(kind, struct.pack("=B", value))


class Family:
    """One family: its id, its spec's numbers and a request helper."""

    def __init__(self, nl, name):
        self.nl = nl
        self.e = spec_names(os.path.join(SPECS, f"{name}.yaml"))
        self.fam = nl.family(name)
        self.name = name

    def call(self, cmd, attrs):
        """Send @cmd; return the parsed attributes of the first reply."""
        err, replies = self.nl.request(self.fam, self.e[cmd], attrs)
        if err:
            raise NetlinkError(f"{self.name} {cmd}", -err)
        return parse(replies[0][4:]) if replies else {}

    def decode(self, attrs, prefix):
        """Attributes to a dict keyed by lower-case name (scalars only)."""
        names = {v: k[len(prefix):].lower() for k, v in self.e.items()
                 if k.startswith(prefix) and not k.startswith("__")}
        out = {}
        for kind, payloads in attrs.items():
            name = names.get(kind)
            if (name is None or name == "disk_name" or
                    len(payloads[0]) not in (1, 2, 4, 8)):
                continue
            out[name] = num(payloads[0])
        return out


class MqPath(Family):
    SELECTORS = ("rr", "qd", "numa")

    def __init__(self, nl):
        super().__init__(nl, "mqpath")

    def _dev(self, dev):
        return u32(self.e["MQPATH_ATTR_DEV_ID"], dev)

    def _path(self, path_id):
        return attr(self.e["MQPATH_ATTR_PATH"] | NLA_F_NESTED,
                    u32(self.e["MQPATH_PATH_ATTR_ID"], path_id))

    def create(self, qinp=False, probe_ms=None):
        e = self.e
        attrs = u8(e["MQPATH_ATTR_QUEUE_IF_NO_PATH"], int(qinp))
        if probe_ms is not None:
            attrs += u32(e["MQPATH_ATTR_PROBE_INTERVAL_MS"], probe_ms)
        a = self.call("MQPATH_CMD_DEV_CREATE", attrs)
        return num(a[e["MQPATH_ATTR_DEV_ID"]][0])

    def destroy(self, dev):
        self.call("MQPATH_CMD_DEV_DESTROY", self._dev(dev))

    def path_add(self, dev, major, minor, allow_unidentified=False):
        """allow_unidentified: a disk with no unique id (null_blk, dm)."""
        e = self.e
        nest = (u32(e["MQPATH_PATH_ATTR_DEV_MAJOR"], major) +
                u32(e["MQPATH_PATH_ATTR_DEV_MINOR"], minor))
        attrs = self._dev(dev) + attr(e["MQPATH_ATTR_PATH"] | NLA_F_NESTED, nest)
        if allow_unidentified:
            attrs += attr(e["MQPATH_ATTR_ALLOW_UNIDENTIFIED"], b"")
        a = self.call("MQPATH_CMD_PATH_ADD", attrs)
        p = parse(a[e["MQPATH_ATTR_PATH"]][0])
        return num(p[e["MQPATH_PATH_ATTR_ID"]][0])

    def _force(self, force):
        # The last live path of an open device goes only with FORCE.
        return attr(self.e["MQPATH_ATTR_FORCE"], b"") if force else b""

    def path_remove_disk(self, dev, major, minor):
        """Removes the path on disk MAJOR:MINOR."""
        e = self.e
        nest = (u32(e["MQPATH_PATH_ATTR_DEV_MAJOR"], major) +
                u32(e["MQPATH_PATH_ATTR_DEV_MINOR"], minor))
        self.call("MQPATH_CMD_PATH_REMOVE",
                  self._dev(dev) + attr(e["MQPATH_ATTR_PATH"] | NLA_F_NESTED, nest))

    def path_remove(self, dev, path_id, force=False):
        self.call("MQPATH_CMD_PATH_REMOVE",
                  self._dev(dev) + self._path(path_id) + self._force(force))

    def path_fail(self, dev, path_id, force=False):
        self.call("MQPATH_CMD_PATH_FAIL",
                  self._dev(dev) + self._path(path_id) + self._force(force))

    def path_reinstate(self, dev, path_id):
        self.call("MQPATH_CMD_PATH_REINSTATE",
                  self._dev(dev) + self._path(path_id))

    def set_selector(self, dev, name):
        self.call("MQPATH_CMD_DEV_SET", self._dev(dev) +
                  u8(self.e["MQPATH_ATTR_SELECTOR"], self.SELECTORS.index(name)))

    def stats(self, dev):
        """Device counters, with 'paths': {id: path counters}."""
        e = self.e
        a = self.call("MQPATH_CMD_STATS", self._dev(dev))
        out = self.decode(a, "MQPATH_ATTR_")
        out["paths"] = {}
        for nest in a.get(e["MQPATH_ATTR_PATH"], []):
            p = self.decode(parse(nest), "MQPATH_PATH_ATTR_")
            out["paths"][p["id"]] = p
        return out


class MqNull(Family):
    STATES = ("live", "failed", "offline", "hang")

    def __init__(self, nl):
        super().__init__(nl, "mqnull")

    def create(self, size, paths, memory_backed=False):
        """A new namespace: (id, [(major, minor) of each path disk])."""
        e = self.e
        attrs = (u64(e["MQNULL_ATTR_SIZE"], size) +
                 u32(e["MQNULL_ATTR_NR_PATHS"], paths) +
                 u8(e["MQNULL_ATTR_MEMORY_BACKED"], int(memory_backed)))
        a = self.call("MQNULL_CMD_NS_CREATE", attrs)
        disks = []
        for nest in a.get(e["MQNULL_ATTR_PATH"], []):
            p = self.decode(parse(nest), "MQNULL_PATH_ATTR_")
            disks.append((p["id"], p["dev_major"], p["dev_minor"]))
        disks.sort()
        return num(a[e["MQNULL_ATTR_NS_ID"]][0]), [d[1:] for d in disks]

    def destroy(self, ns, force=False):
        e = self.e
        attrs = u32(e["MQNULL_ATTR_NS_ID"], ns)
        if force:
            attrs += attr(e["MQNULL_ATTR_FORCE"], b"")
        self.call("MQNULL_CMD_NS_DESTROY", attrs)

    def path_set(self, ns, path, state=None, latency_ns=None):
        e = self.e
        nest = u32(e["MQNULL_PATH_ATTR_ID"], path)
        if state is not None:
            nest += u8(e["MQNULL_PATH_ATTR_STATE"], self.STATES.index(state))
        if latency_ns is not None:
            nest += u64(e["MQNULL_PATH_ATTR_LATENCY_NSEC"], latency_ns)
        self.call("MQNULL_CMD_PATH_SET", u32(e["MQNULL_ATTR_NS_ID"], ns) +
                  attr(e["MQNULL_ATTR_PATH"] | NLA_F_NESTED, nest))
