#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""When does IO parked for want of a path fail, against the no-path timeout?

usage: nopath.py DISK NS DEV ROUNDS

DISK is /dev/mqpathN (id DEV) over the paths of mqnull namespace NS, with
queue_if_no_path on and a no-path timeout set. Each round: reader threads
read 4k blocks with direct IO; at t0 every path is lost, by mqpath's
administrative fail (even rounds) or by failing the mqnull paths (odd
rounds: mqpath sees it through the readers' IO errors); half a timeout
later one more read starts. Every read then parks and must fail with EIO.
Recorded: each reader's delay from t0 to its error, the late read's, and
how fast a read fails once the timeout has passed. Then the paths return
and a read must succeed. Prints one JSON object per round; exits 1 when
a read fails before t0, with another errno, or not within the timeout
plus 10 s.
"""
import errno
import json
import mmap
import os
import random
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from mqgenl import MqNull, MqPath  # noqa: E402

READERS = 4


def read_block(fd, buf, size):
    off = random.randrange(size // 4096) * 4096
    os.preadv(fd, [buf], off)


class Reader(threading.Thread):
    """Reads until a read fails; records when and how."""

    def __init__(self, disk, size, once=False):
        super().__init__(daemon=True)
        self.fd = os.open(disk, os.O_RDONLY | os.O_DIRECT)
        self.buf = mmap.mmap(-1, 4096)
        self.size = size
        self.once = once
        self.started = None
        self.failed = None
        self.err = None
        self.reads = 0

    def run(self):
        self.started = time.monotonic()
        try:
            while True:
                read_block(self.fd, self.buf, self.size)
                self.reads += 1
                if self.once:
                    return
        except OSError as e:
            self.failed = time.monotonic()
            self.err = e.errno
        finally:
            os.close(self.fd)


def main():
    disk, ns, dev, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), \
        int(sys.argv[4])
    mn, mp = MqNull(), MqPath()
    st = mp.stats(dev)
    timeout = st.get("no_path_timeout_ms", 0)
    if not timeout:
        sys.exit("nopath: the device has no no-path timeout")
    paths = sorted(st["paths"])
    fd = os.open(disk, os.O_RDONLY)
    size = os.lseek(fd, 0, os.SEEK_END)
    os.close(fd)
    print("started", flush=True)

    for rnd in range(rounds):
        admin = rnd % 2 == 0
        readers = [Reader(disk, size) for _ in range(READERS)]
        for r in readers:
            r.start()
        time.sleep(0.2)
        if any(r.failed for r in readers):
            sys.exit(f"nopath: round {rnd}: a read failed with every path live")
        before = mp.stats(dev)

        t0 = time.monotonic()
        for p in paths:
            if admin:
                mp.path_fail(dev, p, force=True)
            else:
                mn.path_set(ns, p, state="failed")
        time.sleep(timeout / 2000)
        late = Reader(disk, size, once=True)
        late.start()
        for r in readers + [late]:
            r.join(timeout / 1000 + 10)
            if r.is_alive() or r.failed is None:
                sys.exit(f"nopath: round {rnd}: a read still waits "
                         f"{timeout / 1000 + 10:.0f} s after the paths went")
            if r.err != errno.EIO:
                sys.exit(f"nopath: round {rnd}: a read failed with errno "
                         f"{r.err}, not EIO")

        # Once expired, no parking: a read fails at once.
        fast = Reader(disk, size, once=True)
        fast.run()
        if fast.err != errno.EIO:
            sys.exit(f"nopath: round {rnd}: after the timeout a read "
                     f"ended with errno {fast.err}")
        after = mp.stats(dev)

        for p in paths:
            if not admin:
                mn.path_set(ns, p, state="live")
            mp.path_reinstate(dev, p)
        check = Reader(disk, size, once=True)
        check.run()
        if check.err is not None:
            sys.exit(f"nopath: round {rnd}: a read failed after the paths "
                     f"returned (errno {check.err})")

        ms = [round((r.failed - t0) * 1000, 1) for r in readers]
        print(json.dumps({
            "round": rnd, "how": "admin" if admin else "mqnull",
            "timeout_ms": timeout, "delays_ms": ms,
            "late_ms": round((late.failed - t0) * 1000, 1),
            "late_waited_ms": round((late.failed - late.started) * 1000, 1),
            "fast_ms": round((fast.failed - fast.started) * 1000, 1),
            "parked": after["bios_parked"] - before["bios_parked"],
            "failed": (after["bios_no_path_failed"] -
                       before["bios_no_path_failed"]),
        }), flush=True)


if __name__ == "__main__":
    main()
