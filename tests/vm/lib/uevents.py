#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Print the kernel's block uevents, one a line: ACTION DEVNAME [KEY=VALUE...].

Used where no udevd runs (the VM tests): the kernel's own netlink
broadcast, as 'udevadm monitor --kernel --subsystem-match=block' shows it.
Writes "ready" first, once it listens.
"""
import socket
import sys

NETLINK_KOBJECT_UEVENT = 15

sock = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, NETLINK_KOBJECT_UEVENT)
sock.bind((0, 1))
print("ready", flush=True)
while True:
    data = sock.recv(65536)
    fields = data.split(b"\0")
    env = dict(f.decode(errors="replace").split("=", 1) for f in fields[1:] if b"=" in f)
    if env.get("SUBSYSTEM") != "block":
        continue
    extra = " ".join(f"{k}={v}" for k, v in sorted(env.items())
                     if k not in ("ACTION", "DEVNAME", "SUBSYSTEM", "SEQNUM", "DEVPATH", "MAJOR", "MINOR"))
    print(env.get("ACTION"), env.get("DEVNAME"), extra, flush=True)
