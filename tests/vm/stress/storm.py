#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Fault storms on the paths of an mqpath device over one mqnull namespace.

usage: storm.py MODE NS DEV [options]      (runs until SIGTERM or --seconds)

MODE flap: every 20-200 ms a random path is failed, set offline, slowed
  down (added latency) or made to hang, and after that long put right
  again. Without --qinp a path is only faulted while every other path is
  live in mqpath and past any IO it still holds from a hang (held IO
  times out up to --timeout-ms plus the block layer's rounding to the next
  second later, and then fails over): the device always has a path to
  fail over to. With --qinp any path may be faulted, a quarter of the
  steps fault both at once, and bios park meanwhile.

MODE lose-all: every path is lost at once (mqnull failed or offline
  states, or mqpath's administrative fail), parked bios are awaited, then
  one path returns (reinstated by hand or by the prober) and the parked
  bios must all be resubmitted, then the others return.

Paths that come back are reinstated by hand half of the time and left to
mqpath's prober otherwise. At the end every path is put right and
reinstated, and a JSON summary is printed. The first line of output,
"started", says that the storm is about to begin. Exits 1 on a refused request,
or (lose-all) when parked bios were not resubmitted within 10 s of a path
returning.
"""
import argparse
import json
import os
import random
import signal
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from mqgenl import MqNull, MqPath  # noqa: E402

FAULTS = ("failed", "offline", "latency", "hang")


class Storm:
    def __init__(self, args):
        self.mn = MqNull()
        self.mp = MqPath()
        self.args = args
        self.rng = random.Random(args.seed)
        self.stop = False
        self.paths = sorted(self.mp.stats(args.dev)["paths"])
        self.busy = {p: 0.0 for p in self.paths}
        self.s = {"steps": 0, "faults": {f: 0 for f in FAULTS + ("admin",)},
                  "both_at_once": 0, "reinstated_by_hand": 0,
                  "gate_waits": 0, "gate_forced": 0, "cycles": 0,
                  "cycles_parked": 0, "idle_waits": 0, "unpark_max_ms": 0.0}

    def hold(self):
        time.sleep(self.rng.uniform(0.02, 0.2))

    def states(self):
        return {p: v["state"] for p, v in
                self.mp.stats(self.args.dev)["paths"].items()}

    def fault(self, path, kind):
        ns = self.args.ns
        if kind == "latency":
            self.mn.path_set(ns, path,
                             latency_ns=self.rng.randint(2, 100) * 1000000)
        elif kind == "admin":
            self.mp.path_fail(self.args.dev, path, force=True)
        else:
            self.mn.path_set(ns, path, state=kind)
        self.s["faults"][kind] += 1

    def restore(self, path, kind, by_hand=None):
        if kind == "latency":
            self.mn.path_set(self.args.ns, path, latency_ns=0)
        elif kind != "admin":
            self.mn.path_set(self.args.ns, path, state="live")
        now = time.monotonic()
        if kind == "hang":
            # Held IO times out at most a rounded-up second after the
            # timeout, then fails over; a margin for an emulated guest.
            self.busy[path] = now + self.args.timeout_ms / 1000 + 2.0
        else:
            self.busy[path] = max(self.busy[path], now + 0.05)
        if by_hand is None:
            by_hand = kind == "admin" or self.rng.random() < 0.5
        if by_hand:
            self.mp.path_reinstate(self.args.dev, path)
            self.s["reinstated_by_hand"] += 1

    def safe_targets(self):
        """Paths that may be faulted now without leaving none to serve."""
        waited = time.monotonic()
        while not self.stop:
            st = self.states()
            now = time.monotonic()
            ok = [p for p in self.paths
                  if all(st[q] == "live" and now >= self.busy[q]
                         for q in self.paths if q != p)]
            if ok:
                return ok
            self.s["gate_waits"] += 1
            if now - waited > 5:
                # The prober is slow to come back: help it.
                for q in self.paths:
                    if st[q] != "live":
                        self.mp.path_reinstate(self.args.dev, q)
                self.s["gate_forced"] += 1
                waited = now
            time.sleep(0.02)
        return []

    def flap_step(self):
        if self.args.qinp:
            if len(self.paths) > 1 and self.rng.random() < 0.25:
                targets = list(self.paths)
                self.s["both_at_once"] += 1
            else:
                targets = [self.rng.choice(self.paths)]
        else:
            ok = self.safe_targets()
            if not ok:
                return
            targets = [self.rng.choice(ok)]
        kinds = {p: self.rng.choice(FAULTS) for p in targets}
        for p, k in kinds.items():
            self.fault(p, k)
        self.hold()
        for p, k in kinds.items():
            self.restore(p, k)
        self.s["steps"] += 1

    def parked_now(self):
        return self.mp.stats(self.args.dev)["bios_parked_now"]

    @staticmethod
    def wait_for(cond, limit):
        """Polls cond() every 5 ms for up to limit seconds."""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            if cond():
                return True
            time.sleep(0.005)
        return False

    def wait_parked(self, want_some, limit):
        return self.wait_for(lambda: (self.parked_now() > 0) == want_some, limit)

    def ios_done(self):
        return sum(p["ios"] for p in self.mp.stats(self.args.dev)["paths"].values())

    def wait_io(self, limit):
        """Waits for a bio to complete: fio may be starting a pass."""
        before = self.ios_done()
        return self.wait_for(lambda: self.ios_done() > before, limit)

    def lose_all_step(self):
        # Paths are lost under IO only: not before fio starts or after it
        # ended, nor while it sets up a pass (seconds on a busy host with
        # the debug kernel).
        if not self.wait_io(1.0):
            self.s["idle_waits"] += 1
            return
        kind = self.rng.choice(("failed", "offline", "admin"))
        for p in self.paths:
            self.fault(p, kind)
        self.s["cycles"] += 1
        if self.wait_parked(True, 2.0):
            self.s["cycles_parked"] += 1
        time.sleep(self.rng.uniform(0.05, 0.5))
        first = self.rng.choice(self.paths)
        start = time.monotonic()
        self.restore(first, kind)
        if not self.wait_parked(False, 10.0):
            sys.exit(f"storm: bios still parked 10 s after path {first} "
                     f"returned ({kind})")
        ms = (time.monotonic() - start) * 1000
        self.s["unpark_max_ms"] = max(self.s["unpark_max_ms"], round(ms, 1))
        self.hold()
        for p in self.paths:
            if p != first:
                self.restore(p, kind)
        self.hold()
        self.s["steps"] += 1

    def finish(self):
        for p in self.paths:
            self.mn.path_set(self.args.ns, p, state="live", latency_ns=0)
            self.mp.path_reinstate(self.args.dev, p)

    def run(self):
        end = time.monotonic() + self.args.seconds
        step = self.flap_step if self.args.mode == "flap" else self.lose_all_step
        while not self.stop and time.monotonic() < end:
            step()
        self.finish()
        print(json.dumps(self.s), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=("flap", "lose-all"))
    ap.add_argument("ns", type=int)
    ap.add_argument("dev", type=int)
    ap.add_argument("--qinp", action="store_true")
    ap.add_argument("--seconds", type=float, default=3600)
    ap.add_argument("--timeout-ms", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=None)
    args = ap.parse_args()
    storm = Storm(args)

    def stop(*_):
        storm.stop = True
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("started", flush=True)
    storm.run()


if __name__ == "__main__":
    main()
