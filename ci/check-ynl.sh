#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The netlink families are written once, as YNL specs (netlink/specs/*.yaml);
# the uapi headers and the kernel policies and ops are generated from them by
# the kernel's own generator and committed. This fails when a committed
# generated file differs from what its spec generates now; with --regen it
# writes them instead (make ynl-regen).
#
# A generated file names its spec and mode in its banner, as the kernel's
# tools/net/ynl/ynl-regen.sh finds them:
#	/*	netlink/specs/mqnull.yaml */
#	/* YNL-GEN kernel source */
#
# Usage: check-ynl.sh [--regen]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
regen=
[ "${1:-}" = --regen ] && regen=1
# The generator needs python3-yaml; with python3-jsonschema it validates
# the specs too.
tools=$("$root/ci/ynl-tools.sh")

cd "$root"
python3 -c 'import jsonschema' 2> /dev/null ||
	echo "check-ynl: no python3-jsonschema: the specs are not validated against the YNL schema" >&2
mapfile -t files < <(git grep -l '^/\* YNL-GEN \(kernel\|uapi\) \(header\|source\) \*/' -- kmod userspace)
[ "${#files[@]}" -gt 0 ] || { echo "check-ynl: no generated files found" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0
for f in "${files[@]}"; do
	# The line before the YNL-GEN line names the spec.
	read -r spec mode kind < <(grep -B1 '^/\* YNL-GEN ' "$f" |
		sed -n '1s@^/\*\s*\(\S*\)\s*\*/$@\1@p; 2s@^/\* YNL-GEN \(\S*\) \(\S*\) \*/$@\1 \2@p' |
		paste -sd ' ')
	[ -f "$spec" ] || { echo "check-ynl: $f: no spec '$spec'" >&2; bad=1; continue; }
	# The generated source includes its header by the output's name.
	out=$tmp/$(basename "$f")
	python3 ci/ynl-gen.py "$tools/tools/net/ynl" --mode "$mode" "--$kind" \
		--spec "$spec" -o "$out" > /dev/null
	if [ -n "$regen" ]; then
		cmp -s "$out" "$f" || { cp "$out" "$f"; echo "GEN $mode $kind $f"; }
	elif ! diff -u "$f" "$out" >&2; then
		echo "check-ynl: $f is not what $spec generates (make ynl-regen)" >&2
		bad=1
	fi
done
[ "$bad" -eq 0 ] || exit 1
[ -n "$regen" ] || echo "check-ynl: ${#files[@]} generated files match their specs"
