#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Fail when a source file of the tree has no SPDX-License-Identifier line
# where the tools that read them look: the first line, or the second after
# a #! line. Source files are C, headers, C++, shell, Python, CMake, the
# kernel's Kbuild and Makefiles, and anything starting with #!. The
# licences are those LICENSE names.
#
# Usage: ci/check-spdx.sh [FILE...]   (default: every file git tracks)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

allowed='GPL-2\.0|GPL-2\.0-only|GPL-2\.0 WITH Linux-syscall-note|GPL-2\.0-only WITH Linux-syscall-note'

is_source() {
	case "$1" in
	*.c | *.h | *.cpp | *.hpp | *.sh | *.py | *.cmake | CMakeLists.txt | */CMakeLists.txt | \
		Kbuild | */Kbuild | Makefile | */Makefile) return 0 ;;
	esac
	local first
	IFS= read -r first < "$1" || true
	[[ $first == '#!'* ]]
}

if [ $# -eq 0 ]; then
	mapfile -t files < <(git ls-files)
else
	files=("$@")
fi
bad=0
checked=0
for f in "${files[@]}"; do
	[ -f "$f" ] || continue
	is_source "$f" || continue
	checked=$((checked + 1))
	head=$(head -n 2 "$f")
	first=${head%%$'\n'*}
	if [[ $first == '#!'* ]]; then
		line=${head#*$'\n'}
	else
		line=$first
	fi
	if ! [[ $line =~ SPDX-License-Identifier:\ ($allowed)( \*/)?$ ]]; then
		echo "$f: no SPDX-License-Identifier line (first line, or second after #!)" >&2
		bad=$((bad + 1))
	fi
done
if [ "$bad" -ne 0 ]; then
	echo "check-spdx: $bad of $checked source files lack an SPDX line; see LICENSE" >&2
	exit 1
fi
echo "check-spdx: $checked source files carry an SPDX line"
