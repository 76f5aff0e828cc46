#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# Prints the mqpath events of kernel uevents, one line each: the MQPATH_*
# variables of every uevent that has MQPATH_EVENT, in the kernel's order.
# Writes "ready" to stderr once it listens.
import socket
import sys

NETLINK_KOBJECT_UEVENT = 15
s = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, NETLINK_KOBJECT_UEVENT)
s.bind((0, 1))
print("ready", file=sys.stderr, flush=True)
while True:
    fields = s.recv(65536).split(b"\0")
    env = [f.decode() for f in fields if f.startswith(b"MQPATH_")]
    if any(f.startswith("MQPATH_EVENT=") for f in env):
        devpath = [f.decode() for f in fields if f.startswith(b"DEVPATH=")]
        print(" ".join([devpath[0].rsplit("/", 1)[-1]] + env), flush=True)
