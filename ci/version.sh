#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Print what every mqpath binary and module says it is:
#   ci/version.sh           0.2.0+g<commit>[.dirty]  (MODULE_VERSION, --version)
#   ci/version.sh --fields  three lines: version, commit, dirty (true/false)
# The version is the VERSION file's; the commit and whether the tree had
# uncommitted changes come from git, "unknown" outside a checkout.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
version=$(cat "$root/VERSION")
commit=$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
dirty=false
if [ "$commit" != unknown ] &&
	[ -n "$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
	dirty=true
fi
if [ "${1:-}" = --fields ]; then
	printf '%s\n%s\n%s\n' "$version" "$commit" "$dirty"
else
	suffix=
	[ "$commit" = unknown ] || suffix=+g$commit
	[ "$dirty" = false ] || suffix=$suffix.dirty
	echo "$version$suffix"
fi
