# SPDX-License-Identifier: GPL-2.0-only
# Installing and packaging, included by the Makefile:
#
#   make install         modules for $(KVER) into /lib/modules/$(KVER)/updates/mqpath
#                        (then depmod), mqctl, mqvm and mqbench (stripped) into
#                        $(PREFIX)/bin, man pages, bash completion, the udev
#                        rule, the systemd unit; DESTDIR= stages it elsewhere
#   make uninstall       removes what install put there
#   make install-dkms    kmod/ and dkms.conf into /usr/src/mqpath-<version>, then
#                        `dkms install` for every kernel with headers
#   make man             man pages into build/man (scdoc)
#   make completion      bash completion for mqctl into build/completion
#   make deb             mqpath-dkms and mqpath-tools .debs into build/deb, and
#                        mqpath-modules-$(KVER) (the modules of make kmod)

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DOCDIR ?= $(PREFIX)/share/doc/mqpath
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
# udev and systemd read no folder under /usr/local: the admin's folders.
UDEVRULESDIR ?= /etc/udev/rules.d
SYSTEMDUNITDIR ?= /etc/systemd/system
MODDIR = /lib/modules/$(KVER)/updates/mqpath
PKG_VERSION = $(shell $(ROOT)/ci/version.sh)

MAN_PAGES := mqctl.8 mqctl-apply.5 mqvm.1 mqbench.1
MAN_OUT := $(addprefix $(BUILD)/man/,$(MAN_PAGES))

.PHONY: install uninstall install-modules install-tools install-dkms man completion deb check-dkms

install: kmod userspace man completion
	@$(MAKE) --no-print-directory install-modules install-tools

# No build here: debian/rules installs what it built with these two.
install-modules:
	install -d $(DESTDIR)$(MODDIR)
	install -m 644 $(KMOD_OUT)/mqnull.ko $(KMOD_OUT)/mqpath.ko $(DESTDIR)$(MODDIR)/
	$(if $(DESTDIR),,depmod -a $(KVER))

install-tools:
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(UDEVRULESDIR) \
		$(DESTDIR)$(SYSTEMDUNITDIR) $(DESTDIR)$(DOCDIR)/examples
	install -s -m 755 $(BUILD)/bin/mqctl $(BUILD)/bin/mqvm $(BUILD)/bin/mqbench $(DESTDIR)$(BINDIR)/
	install -m 644 $(BUILD)/man/mqvm.1 $(BUILD)/man/mqbench.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(BUILD)/man/mqctl-apply.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 644 $(BUILD)/man/mqctl.8 $(DESTDIR)$(MANDIR)/man8/
	install -m 644 $(BUILD)/completion/mqctl $(DESTDIR)$(BASHCOMPDIR)/mqctl
	install -m 644 $(ROOT)/udev/60-mqpath.rules $(DESTDIR)$(UDEVRULESDIR)/
	sed 's|@BINDIR@|$(BINDIR)|g' $(ROOT)/dist/systemd/mqpath-apply.service \
		> $(DESTDIR)$(SYSTEMDUNITDIR)/mqpath-apply.service
	chmod 644 $(DESTDIR)$(SYSTEMDUNITDIR)/mqpath-apply.service
	install -m 644 $(ROOT)/dist/modules-load.d/mqpath.conf \
		$(DESTDIR)$(DOCDIR)/examples/modules-load.d-mqpath.conf
	install -m 644 $(ROOT)/dist/modprobe.d/mqpath.conf \
		$(DESTDIR)$(DOCDIR)/examples/modprobe.d-mqpath.conf
	install -m 644 $(ROOT)/userspace/mqctl/examples/two-path.yaml \
		$(ROOT)/userspace/mqctl/examples/two-path.json $(DESTDIR)$(DOCDIR)/examples/
	install -D -m 644 $(ROOT)/dist/mqpath/example.yaml.disabled \
		$(DESTDIR)/etc/mqpath/example.yaml.disabled

uninstall:
	rm -f $(DESTDIR)$(MODDIR)/mqnull.ko $(DESTDIR)$(MODDIR)/mqpath.ko
	-rmdir $(DESTDIR)$(MODDIR) 2>/dev/null
	$(if $(DESTDIR),,depmod -a $(KVER))
	rm -f $(DESTDIR)$(BINDIR)/mqctl $(DESTDIR)$(BINDIR)/mqvm $(DESTDIR)$(BINDIR)/mqbench \
		$(DESTDIR)$(MANDIR)/man1/mqvm.1 $(DESTDIR)$(MANDIR)/man1/mqbench.1 $(DESTDIR)$(MANDIR)/man5/mqctl-apply.5 \
		$(DESTDIR)$(MANDIR)/man8/mqctl.8 $(DESTDIR)$(BASHCOMPDIR)/mqctl \
		$(DESTDIR)$(UDEVRULESDIR)/60-mqpath.rules \
		$(DESTDIR)$(SYSTEMDUNITDIR)/mqpath-apply.service \
		$(DESTDIR)/etc/mqpath/example.yaml.disabled
	rm -rf $(DESTDIR)$(DOCDIR)
	-rmdir $(DESTDIR)/etc/mqpath 2>/dev/null

install-dkms:
	@$(ROOT)/ci/dkms-install.sh "$(PKG_VERSION)"

man: $(MAN_OUT)

$(BUILD)/man/%: $(ROOT)/man/%.scd
	@mkdir -p $(BUILD)/man
	scdoc < $< > $@.tmp && mv $@.tmp $@

# Generated from mqctl's own option table, so it cannot drift from it.
completion: userspace
	@mkdir -p $(BUILD)/completion
	$(BUILD)/bin/mqctl-gen-completion > $(BUILD)/completion/mqctl.tmp
	@mv $(BUILD)/completion/mqctl.tmp $(BUILD)/completion/mqctl

# The package build reuses this tree's build (MQ_PREBUILT): it writes only
# under build/deb, where ci/make-deb.sh stages the sources.
deb: kmod userspace man completion
	@$(ROOT)/ci/make-deb.sh "$(PKG_VERSION)" $(BUILD) $(KVER)

# DKMS's own build of the modules from dkms.conf, in build/dkms (slow: a
# full module build).
check-dkms:
	@$(ROOT)/ci/check-dkms.sh $(KVER) $(KDIR) $(BUILD)
