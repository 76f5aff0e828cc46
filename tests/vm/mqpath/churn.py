#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Remove and re-add mqpath paths on a timer, over generic netlink.

usage: churn.py HEADER DEV_ID SECONDS INTERVAL_MS MAJ:MIN [MAJ:MIN ...]

Talks to the kernel directly because forking mqctl for every change is too
slow for a 50 ms cadence in an emulated guest. Step N removes the disk
N % count and step N+1 adds it back, so at most one of the given disks is
missing at any time. Command and attribute numbers are read from HEADER
(kmod/include/uapi/mqpath.h). Prints the number of changes; exits 1 on
the first refused request.
"""
import re
import socket
import struct
import sys
import time

NETLINK_GENERIC = 16
GENL_ID_CTRL = 16
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
NLM_F_REQUEST = 1
NLM_F_ACK = 4
NLMSG_ERROR = 2
NLA_F_NESTED = 1 << 15


def enums(path):
    """name -> value for every enumerator of the header's enums."""
    text = re.sub(r"/\*.*?\*/", "", open(path).read(), flags=re.S)
    values = {}
    for body in re.findall(r"enum\s+\w+\s*\{(.*?)\}", text, flags=re.S):
        n = 0
        for item in body.split(","):
            item = item.strip()
            if not item:
                continue
            name, _, val = item.partition("=")
            if val.strip():
                n = int(val.strip(), 0)
            values[name.strip()] = n
            n += 1
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
            sys.exit(f"churn: no generic netlink family {name} ({err})")
        body = replies[0][4:]
        off = 0
        while off < len(body):
            length, kind = struct.unpack_from("=HH", body, off)
            if kind == CTRL_ATTR_FAMILY_ID:
                return struct.unpack_from("=H", body, off + 4)[0]
            off += (length + 3) & ~3
        sys.exit("churn: no family id in the reply")


def main():
    header, dev, seconds, interval = sys.argv[1:5]
    disks = [tuple(int(x) for x in d.split(":")) for d in sys.argv[5:]]
    e = enums(header)
    nl = Genl()
    fam = nl.family("mqpath")

    def path_cmd(cmd, major, minor):
        nest = (attr(e["MQPATH_PATH_ATTR_DEV_MAJOR"], struct.pack("=I", major)) +
                attr(e["MQPATH_PATH_ATTR_DEV_MINOR"], struct.pack("=I", minor)))
        attrs = (attr(e["MQPATH_ATTR_DEV_ID"], struct.pack("=I", int(dev))) +
                 attr(e["MQPATH_ATTR_PATH"] | NLA_F_NESTED, nest))
        err, _ = nl.request(fam, e[cmd], attrs)
        if err:
            sys.exit(f"churn: {cmd} {major}:{minor} failed: errno {-err}")

    end = time.monotonic() + float(seconds)
    step = 0
    while time.monotonic() < end:
        major, minor = disks[(step // 2) % len(disks)]
        cmd = "MQPATH_CMD_PATH_REMOVE" if step % 2 == 0 else "MQPATH_CMD_PATH_ADD"
        path_cmd(cmd, major, minor)
        step += 1
        time.sleep(int(interval) / 1000)
    if step % 2:
        major, minor = disks[(step // 2) % len(disks)]
        path_cmd("MQPATH_CMD_PATH_ADD", major, minor)
        step += 1
    print(step)


if __name__ == "__main__":
    main()
