#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# dm-multipath, bio-based, over null_blk: see dm-mpath.sh for the parameters.
export DM_QUEUE_MODE=bio
# shellcheck source=bench/targets/dm-mpath.sh
source "$(dirname "${BASH_SOURCE[0]}")/dm-mpath.sh"
