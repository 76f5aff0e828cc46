#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Configuration churn beside the IO of an mqpath device.

usage: churn_load.py DEV NS [--interval-ms N] [--seed N]
       (runs until SIGTERM)

Every --interval-ms one of, at random:
  - a path of device DEV leaves (never the last one) or, if one is out,
    comes back;
  - DEV switches to another path selector;
  - a new device is created over the path disks of mqnull namespace NS,
    a random 4k block is written through it with direct IO and read back,
    and the device is destroyed.
Every one of these freezes DEV except the last, which never touches it.
At the end the missing path is added back and a JSON summary is printed
(the first line of output, "started", comes before the first change).
Exits 1 on a refused request or a block that read back wrong.
"""
import argparse
import json
import mmap
import os
import random
import signal
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from mqgenl import MqNull, MqPath, NetlinkError  # noqa: E402


def wait_node(path, limit=10.0):
    end = time.monotonic() + limit
    while not os.path.exists(path):
        if time.monotonic() > end:
            raise SystemExit(f"churn: {path} did not appear")
        time.sleep(0.01)


class Churn:
    def __init__(self, args):
        self.mp = MqPath()
        self.mn = MqNull()
        self.args = args
        self.rng = random.Random(args.seed)
        self.stop = False
        st = self.mp.stats(args.dev)
        self.disks = {p["id"]: (p["dev_major"], p["dev_minor"])
                      for p in st["paths"].values()}
        self.selector = st["selector"]
        self.out = None             # (major, minor) of the path taken out
        self.spare = self.ns_disks(args.ns)
        self.s = {"removes": 0, "adds": 0, "selector_changes": 0,
                  "devices": 0, "destroy_retries": 0, "blocks_checked": 0}

    def ns_disks(self, ns):
        """The path disks of a namespace, from sysfs names mqnull<ns>c<i>."""
        disks = []
        i = 0
        while os.path.exists(f"/sys/block/mqnull{ns}c{i}/dev"):
            with open(f"/sys/block/mqnull{ns}c{i}/dev") as f:
                disks.append(tuple(int(x) for x in f.read().split(":")))
            i += 1
        if not disks:
            raise SystemExit(f"churn: namespace {ns} has no path disks")
        return disks

    def path_step(self):
        dev = self.args.dev
        if self.out is not None:
            pid = self.mp.path_add(dev, *self.out)
            self.disks[pid] = self.out
            self.out = None
            self.s["adds"] += 1
        elif len(self.disks) > 1:
            pid = self.rng.choice(sorted(self.disks))
            self.mp.path_remove(dev, pid)
            self.out = self.disks.pop(pid)
            self.s["removes"] += 1

    def selector_step(self):
        new = self.rng.choice([s for s in self.mp.SELECTORS
                               if s != self.selector])
        self.mp.set_selector(self.args.dev, new)
        self.selector = new
        self.s["selector_changes"] += 1

    def device_step(self):
        dev = self.mp.create(qinp=self.rng.random() < 0.5, probe_ms=0)
        for major, minor in self.spare:
            self.mp.path_add(dev, major, minor)
        node = f"/dev/mqpath{dev}"
        wait_node(node)
        fd = os.open(node, os.O_RDWR | os.O_DIRECT)
        try:
            size = os.lseek(fd, 0, os.SEEK_END)
            off = self.rng.randrange(size // 4096) * 4096
            buf, back = mmap.mmap(-1, 4096), mmap.mmap(-1, 4096)
            buf.write(os.urandom(4096))
            os.pwritev(fd, [buf], off)
            os.preadv(fd, [back], off)
            if buf[:] != back[:]:
                raise SystemExit(f"churn: block {off} of {node} read back wrong")
            self.s["blocks_checked"] += 1
        finally:
            os.close(fd)
        for _ in range(100):
            try:
                self.mp.destroy(dev)
                break
            except NetlinkError as e:
                # Someone (blkid, say) may have it open for a moment.
                if e.errno != 16:
                    raise
                self.s["destroy_retries"] += 1
                time.sleep(0.01)
        else:
            raise SystemExit(f"churn: {node} stayed busy")
        self.s["devices"] += 1

    def run(self):
        steps = [self.path_step] * 2 + [self.selector_step, self.device_step]
        while not self.stop:
            self.rng.choice(steps)()
            time.sleep(self.args.interval_ms / 1000)
        if self.out is not None:
            self.path_step()
        print(json.dumps(self.s), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dev", type=int)
    ap.add_argument("ns", type=int)
    ap.add_argument("--interval-ms", type=int, default=50)
    ap.add_argument("--seed", type=int, default=None)
    churn = Churn(ap.parse_args())

    def stop(*_):
        churn.stop = True
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("started", flush=True)
    try:
        churn.run()
    except NetlinkError as e:
        raise SystemExit(f"churn: {e}")


if __name__ == "__main__":
    main()
