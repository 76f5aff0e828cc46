/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The window markers of tcg-sharing.so: the displacements of two
 * "nopl disp32(%rax,%rax,1)" (0f 1f 84 00 <disp32>), no-ops on any x86
 * CPU, which the plugin recognises when it translates them.
 */
#ifndef MQ_TCG_SHARING_MARKER_H
#define MQ_TCG_SHARING_MARKER_H

#define MQ_MARK_START 0x4d515331u /* "1SQM" */
#define MQ_MARK_STOP 0x4d515330u  /* "0SQM" */

#endif
