// SPDX-License-Identifier: GPL-2.0-only
// mqctl: the netlink configuration tool for mqnull and mqpath.
#include "mqctl/commands.hpp"

int main(int argc, char** argv) {
    return mq::ctl::main_entry(argc, argv);
}
