#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Print the folder where mqpath keeps what it downloads or builds once per
# machine (guest kernels, the debug kernel): $MQ_CACHE when set, else
# /var/cache/mqpath for root and ~/.cache/mqpath for anyone else, so that a
# normal user never needs root once everything is there.
set -eu
if [ -n "${MQ_CACHE:-}" ]; then
	echo "$MQ_CACHE"
elif [ "$(id -u)" -eq 0 ]; then
	echo /var/cache/mqpath
else
	echo "${XDG_CACHE_HOME:-$HOME/.cache}/mqpath"
fi
