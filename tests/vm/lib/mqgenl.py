# SPDX-License-Identifier: GPL-2.0
"""Both generic netlink families from Python, for the guest drivers of the
VM tests and the benchmark that send requests faster than forking mqctl
(half a second in an emulated guest) allows.

The wire format is the kernel's YNL library (tools/net/ynl/lib of Linux
6.12, which `make` takes out of Debian's linux-source package into
build/tools/ynl) reading the families' specs (netlink/specs/*.yaml, from
which the uapi headers and kernel policies are generated): nothing here
numbers or encodes an attribute. What this adds is the few operations the
drivers repeat, named, and replies as dicts keyed the Python way
(bios-parked-now -> bios_parked_now), with enums by name ("live", "rr").
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
SPECS = os.path.join(ROOT, "netlink", "specs")
YNL = os.path.join(ROOT, "build", "tools", "ynl", "tools", "net", "ynl")

if not os.path.isfile(os.path.join(YNL, "lib", "ynl.py")):
    sys.exit(f"mqgenl: the kernel's YNL library is not at {YNL} (run make)")
sys.path.insert(0, YNL)
from lib import NlError, YnlFamily  # noqa: E402


class NetlinkError(Exception):
    """A refused request: errno (positive) and the kernel's extack text."""

    def __init__(self, what, err):
        msg = err.nl_msg.extack.get("msg") if err.nl_msg.extack else None
        text = f"{what}: errno {err.error} ({os.strerror(err.error)})"
        super().__init__(f"{text}: {msg}" if msg else text)
        self.errno = err.error


def pythonic(value):
    """A decoded reply with its keys' dashes made underscores."""
    if isinstance(value, dict):
        return {k.replace("-", "_"): pythonic(v) for k, v in value.items()}
    if isinstance(value, list):
        return [pythonic(v) for v in value]
    return value


def as_list(value):
    """A multi-attr nest decodes as a dict when it occurs once."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


class Family:
    """One family through the YNL library: one socket, one spec."""

    def __init__(self, name):
        self.name = name
        # The specs are validated by make check-ynl; the guest need not
        # have python3-jsonschema, so no schema here.
        self.ynl = YnlFamily(os.path.join(SPECS, f"{name}.yaml"), schema="")

    def do(self, op, attrs):
        """Send @op; return its reply as a dict ({} when it has none)."""
        try:
            reply = self.ynl.do(op, attrs)
        except NlError as e:
            raise NetlinkError(f"{self.name} {op}", e) from None
        return pythonic(reply) if reply else {}

    def enum_names(self, enum):
        return tuple(self.ynl.consts[enum].entries)


class MqPath(Family):
    def __init__(self):
        super().__init__("mqpath")
        self.SELECTORS = self.enum_names("selector")

    def create(self, qinp=False, probe_ms=None):
        attrs = {"queue-if-no-path": int(qinp)}
        if probe_ms is not None:
            attrs["probe-interval-ms"] = probe_ms
        return self.do("dev-create", attrs)["dev_id"]

    def destroy(self, dev):
        self.do("dev-destroy", {"dev-id": dev})

    def path_add(self, dev, major, minor, allow_unidentified=False):
        """allow_unidentified: a disk with no unique id (null_blk, dm)."""
        attrs = {"dev-id": dev,
                 "path": {"dev-major": major, "dev-minor": minor}}
        if allow_unidentified:
            attrs["allow-unidentified"] = True
        return as_list(self.do("path-add", attrs)["path"])[0]["id"]

    def _on_path(self, op, dev, path, force=False):
        attrs = {"dev-id": dev, "path": path}
        if force:
            # The last live path of an open device goes only with FORCE.
            attrs["force"] = True
        self.do(op, attrs)

    def path_remove_disk(self, dev, major, minor):
        """Removes the path on disk MAJOR:MINOR."""
        self._on_path("path-remove", dev,
                      {"dev-major": major, "dev-minor": minor})

    def path_remove(self, dev, path_id, force=False):
        self._on_path("path-remove", dev, {"id": path_id}, force)

    def path_fail(self, dev, path_id, force=False):
        self._on_path("path-fail", dev, {"id": path_id}, force)

    def path_reinstate(self, dev, path_id):
        self._on_path("path-reinstate", dev, {"id": path_id})

    def set_selector(self, dev, name):
        self.do("dev-set", {"dev-id": dev, "selector": name})

    def stats(self, dev):
        """Device counters, with 'paths': {id: path counters}."""
        out = self.do("stats", {"dev-id": dev})
        out["paths"] = {p["id"]: p for p in as_list(out.get("path"))}
        out.pop("path", None)
        return out


class MqNull(Family):
    def __init__(self):
        super().__init__("mqnull")

    def create(self, size, paths, memory_backed=False):
        """A new namespace: (id, [(major, minor) of each path disk])."""
        a = self.do("ns-create", {"size": size, "nr-paths": paths,
                                  "memory-backed": int(memory_backed)})
        disks = sorted((p["id"], p["dev_major"], p["dev_minor"])
                       for p in as_list(a.get("path")))
        return a["ns_id"], [d[1:] for d in disks]

    def destroy(self, ns, force=False):
        attrs = {"ns-id": ns}
        if force:
            attrs["force"] = True
        self.do("ns-destroy", attrs)

    def path_set(self, ns, path, state=None, latency_ns=None):
        nest = {"id": path}
        if state is not None:
            nest["state"] = state
        if latency_ns is not None:
            nest["latency-nsec"] = latency_ns
        self.do("path-set", {"ns-id": ns, "path": nest})
