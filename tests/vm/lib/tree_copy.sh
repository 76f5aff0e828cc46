# SPDX-License-Identifier: GPL-2.0-only
# Copies of this tree placed elsewhere, as a clone there would be (the
# runner tests use them to boot from /tmp and from paths with spaces).

# mq_tree_copy DIR: the parts mqvm runs from (its binary,
# vm-images/, ci/, VERSION) copied into DIR.
mq_tree_copy() {
	local dir=$1
	mkdir -p "$dir/build/bin"
	cp -r "$MQ_ROOT/vm-images" "$MQ_ROOT/ci" "$MQ_ROOT/VERSION" "$dir/"
	cp "$(command -v mqvm)" "$dir/build/bin/"
}

# mq_tree_mqvm DIR ARGS...: DIR's own mqvm, which then finds its tree
# from its own path (MQ_ROOT would point it back at this one).
mq_tree_mqvm() {
	local dir=$1
	shift
	env -u MQ_ROOT "$dir/build/bin/mqvm" "$@"
}
