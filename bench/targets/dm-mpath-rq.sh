#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# dm-multipath, request-based (blk-mq), over null_blk: see dm-mpath.sh.
export DM_QUEUE_MODE=mq
# shellcheck source=bench/targets/dm-mpath.sh
source "$(dirname "${BASH_SOURCE[0]}")/dm-mpath.sh"
