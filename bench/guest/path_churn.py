#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The path-table update load of the path-update benchmark.

usage: path_churn.py DEV MAJOR:MINOR PERIOD_MS [READY_FILE]
       (runs until SIGTERM)

Adds block device MAJOR:MINOR to mqpath device DEV as a path, waits
PERIOD_MS, removes it, waits PERIOD_MS, and so on: every add and every remove
is one freeze of DEV. READY_FILE is created after the first update, so
that the benchmark starts fio once updates run (Python takes seconds of
guest time to start). One process with one netlink socket, because forking
mqctl costs about half a second in an emulated guest, ten times the period.
On SIGTERM it removes the path if it is in and prints a JSON object, one
key per line: {"updates": N, "period_ms": P, "mean_gap_ms": G} where G is the mean time
from one update's start to the next's (P plus the update itself, or more
when the updater is starved of CPU).
"""
import json
import os
import signal
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tests", "vm", "lib"))
from mqgenl import MqPath  # noqa: E402


def main():
    dev = int(sys.argv[1])
    major, minor = (int(x) for x in sys.argv[2].split(":"))
    period = int(sys.argv[3]) / 1000.0
    ready = sys.argv[4] if len(sys.argv) > 4 else None
    mp = MqPath()
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    updates, path, first, last = 0, None, None, None
    while not stop:
        last = time.monotonic()
        first = first if first is not None else last
        if path is None:
            path = mp.path_add(dev, major, minor)
        else:
            mp.path_remove(dev, path)
            path = None
        updates += 1
        if ready and updates == 1:
            open(ready, "w").close()
        time.sleep(period)
    if path is not None:
        mp.path_remove(dev, path)
    gap = (last - first) / (updates - 1) * 1000 if updates > 1 else 0
    print(json.dumps({"updates": updates, "period_ms": period * 1000,
                      "mean_gap_ms": round(gap, 2)}, indent=1))


if __name__ == "__main__":
    main()
