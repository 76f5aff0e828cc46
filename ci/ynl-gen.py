#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Run the kernel's YNL C generator (tools/net/ynl/ynl-gen-c.py) on a spec
of this tree, with the generator's own arguments:

    ynl-gen.py YNL_DIR --mode uapi|kernel --header|--source --spec SPEC -o OUT

YNL_DIR is the kernel's tools/net/ynl (ci/check-ynl.sh extracts it, with
the schemas of Documentation/netlink, from the linux-source tarball). The
generator is run unmodified but for two things that assume the kernel tree:

- it looks for the tree's root by walking up to a MAINTAINERS file, to
  name the spec in the "do not edit" banner; here the root is this tree's;
- it refuses any licence but the kernel's uapi one, GPL-2.0 WITH
  Linux-syscall-note OR BSD-3-Clause; this tree is GPL-2.0 (LICENSE), and
  the spec's `license:` is written into the generated files as it is.

The schema a spec is validated against is the one next to the generator's
sources (YNL_DIR/../../../Documentation/netlink/PROTOCOL.yaml), not one
next to the spec as the generator would otherwise look for. Without
python3-jsonschema the spec is not validated (the output does not depend
on it); ci/check-ynl.sh says so.
"""
import os
import sys

LICENCE_CHECK = "if parsed.license != '((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)':"


def main():
    ynl_dir = os.path.abspath(sys.argv[1])
    args = sys.argv[2:]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    schemas = os.path.join(ynl_dir, "..", "..", "..", "Documentation", "netlink")

    gen_path = os.path.join(ynl_dir, "ynl-gen-c.py")
    with open(gen_path, encoding="utf-8") as f:
        source = f.read()
    if source.count(LICENCE_CHECK) != 1:
        sys.exit(f"ynl-gen.py: {gen_path}: the licence check has changed; update ynl-gen.py")
    source = source.replace(LICENCE_CHECK, "if False:")

    sys.path.insert(0, ynl_dir)
    from lib import nlspec  # pylint: disable=import-outside-toplevel

    init = nlspec.SpecFamily.__init__

    try:
        import jsonschema  # noqa: F401 pylint: disable=import-outside-toplevel,unused-import
        validate = True
    except ImportError:
        validate = False

    def family_init(self, spec_path, schema_path=None, exclude_ops=None):
        if not validate:
            schema_path = ""
        elif schema_path is None:
            with open(spec_path, encoding="utf-8") as f:
                proto = next((line.split(":", 1)[1].strip() for line in f
                              if line.startswith("protocol:")), "genetlink")
            schema_path = os.path.join(schemas, f"{proto}.yaml")
        init(self, spec_path, schema_path=schema_path, exclude_ops=exclude_ops)

    nlspec.SpecFamily.__init__ = family_init

    module = {"__name__": "ynl_gen_c", "__file__": gen_path}
    exec(compile(source, gen_path, "exec"), module)  # pylint: disable=exec-used

    def find_root(full_path):
        return root, os.path.relpath(os.path.abspath(full_path), root)

    module["find_kernel_root"] = find_root
    sys.argv = [gen_path] + args
    module["main"]()


if __name__ == "__main__":
    main()
