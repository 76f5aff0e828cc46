#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Remove and re-add mqpath paths on a timer, over generic netlink.

usage: churn.py DEV_ID SECONDS INTERVAL_MS MAJ:MIN [MAJ:MIN ...]

Talks to the kernel directly (tests/vm/lib/mqgenl.py) because forking mqctl
for every change is too slow for a 50 ms cadence in an emulated guest.
Step N removes the disk N % count and step N+1 adds it back, so at most one
of the given disks is missing at any time. Prints the number of changes;
exits 1 on the first refused request.
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from mqgenl import MqPath, NetlinkError  # noqa: E402


def main():
    dev, seconds, interval = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
    disks = [tuple(int(x) for x in d.split(":")) for d in sys.argv[4:]]
    mp = MqPath()
    end = time.monotonic() + seconds
    step = 0
    try:
        while time.monotonic() < end:
            major, minor = disks[(step // 2) % len(disks)]
            if step % 2 == 0:
                mp.path_remove_disk(dev, major, minor)
            else:
                mp.path_add(dev, major, minor)
            step += 1
            time.sleep(interval / 1000)
        if step % 2:
            mp.path_add(dev, *disks[(step // 2) % len(disks)])
            step += 1
    except NetlinkError as e:
        sys.exit(f"churn: {e}")
    print(step)


if __name__ == "__main__":
    main()
