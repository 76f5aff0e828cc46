#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# null_blk, in-tree: the raw baseline every kernel target is measured against.
# blk-mq (queue_mode=2), completion in the submitter (irqmode=0), one submit
# queue per vCPU, NULLB_DEPTH tags per queue (64).

setup() {
	nullb_load 1
	echo /dev/nullb0
}

teardown() {
	unload null_blk
}
