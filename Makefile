# SPDX-License-Identifier: GPL-2.0-or-later
# tq: a command-line front end for Linux ftrace.
#
#   make                 build ./build/tq
#   make SANITIZE=1      build ./build/san/tq with ASan + UBSan (what the tests use)
#   make check           build both, run every test suite (scripts/run-tests)
#   make check-vm        only the VM suite (Debian's kernel under qemu)
#   make bench           benchmarks side by side with trace-cmd
#   make doc             man pages from Documentation/*.adoc
#   make install         honours prefix= (or PREFIX=) and DESTDIR=

VERSION := 0.1.0

prefix ?= /usr/local
ifdef PREFIX
prefix := $(PREFIX)
endif
bindir ?= $(prefix)/bin
mandir ?= $(prefix)/share/man
completiondir ?= $(prefix)/share/bash-completion/completions

CC ?= cc
PKG_CONFIG ?= pkg-config
PKGS := libtracefs libtraceevent libzstd zlib readline

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
ifeq ($(PKG_LIBS),)
$(warning pkg-config does not find $(PKGS): run scripts/install-deps)
endif

WARNINGS := -Wall -Wextra -Wshadow -Wno-unused-parameter -Wmissing-prototypes \
	-Wstrict-prototypes -Wformat=2 -Wno-format-nonliteral
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE -DTQ_VERSION='"$(VERSION)"' -I. -Ilib $(WARNINGS)

ifeq ($(SANITIZE),1)
BUILD ?= build/san
OPT_CFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined
OPT_LDFLAGS := -fsanitize=address,undefined
else
BUILD ?= build
OPT_CFLAGS := -O2 -g
OPT_LDFLAGS :=
endif

CFLAGS ?=
LDFLAGS ?=
ALL_CFLAGS := $(BASE_CFLAGS) $(OPT_CFLAGS) $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS := $(OPT_LDFLAGS) $(LDFLAGS)
LIBS := $(PKG_LIBS) -lm

LIB_SRCS := $(sort $(wildcard lib/*/*.c) $(wildcard sql/*.c))
CMD_SRCS := $(sort $(wildcard cmd/*.c))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
CMD_OBJS := $(CMD_SRCS:%.c=$(BUILD)/obj/%.o)
UNIT_SRCS := $(sort $(wildcard tests/unit/test-*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
DEPS := $(LIB_OBJS:.o=.d) $(CMD_OBJS:.o=.d) $(UNIT_BINS:=.d)

all: $(BUILD)/tq

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# The awk program that --textfile --print puts in its script, as a C string: whole-line
# comments left out, backslashes and quotes escaped.
$(BUILD)/gen/hist-textfile-awk.h: cmd/hist-textfile.awk
	@mkdir -p $(@D)
	sed '/^[[:space:]]*#/d; s/\\/\\\\/g; s/"/\\"/g; s/^/"/; s/$$/\\n"/' $< >$@

$(BUILD)/obj/cmd/hist-textfile.o: $(BUILD)/gen/hist-textfile-awk.h
$(BUILD)/obj/cmd/hist-textfile.o: ALL_CFLAGS += -I$(BUILD)/gen

# The x86_64 syscall names for .syscall keys of tq hist -i, numbered by the uapi header,
# named as the kernel's syscall metadata (the SYSCALL_DEFINE of syscall_64.tbl's entry
# point): "sys_" and the name, but sys_newfstat for fstat and the like; numbers with no
# entry point (sys_ni_syscall) have no metadata, so the kernel prints unknown_syscall.
SYSCALLS_X86_64 ?= /usr/include/x86_64-linux-gnu/asm/unistd_64.h
SYSCALLS_NI := create_module get_kernel_syms query_module nfsservctl getpmsg putpmsg \
	afs_syscall tuxcall security epoll_ctl_old epoll_wait_old vserver _sysctl \
	set_thread_area get_thread_area
$(BUILD)/gen/syscalls-x86_64.h: $(wildcard $(SYSCALLS_X86_64)) Makefile
	@mkdir -p $(@D)
	sed -n $(foreach n,$(SYSCALLS_NI),-e '/^#define __NR_$(n) /d') \
		-e 's/__NR_\(fstat\|stat\|lstat\|uname\) /__NR_new\1 /' \
		-e 's/__NR_umount2 /__NR_umount /; s/__NR_sendfile /__NR_sendfile64 /' \
		-e 's/^#define __NR_\([a-z0-9_]*\)[[:space:]]*\([0-9][0-9]*\)$$/[\2] = "sys_\1",/p' \
		$(SYSCALLS_X86_64) >$@ || : >$@

$(BUILD)/obj/sql/syscalls.o: $(BUILD)/gen/syscalls-x86_64.h
$(BUILD)/obj/sql/syscalls.o: ALL_CFLAGS += -I$(BUILD)/gen

$(BUILD)/libtq.a: $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/tq: $(CMD_OBJS) $(BUILD)/libtq.a
	$(CC) $(ALL_LDFLAGS) -o $@ $(CMD_OBJS) $(BUILD)/libtq.a $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/tap.h $(BUILD)/libtq.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -Itests/unit -o $@ $< $(BUILD)/libtq.a $(ALL_LDFLAGS) $(LIBS)

unit: $(UNIT_BINS)

# The tests run the sanitizer build; the VM suite and benchmarks use the plain one.
check:
	$(MAKE) all
	$(MAKE) SANITIZE=1 all unit
	scripts/run-tests

check-vm: all
	scripts/run-tests vm

bench: all
	scripts/bench/run

fuzz:
	$(MAKE) -C tests/fuzz
	$(MAKE) -C tests/fuzz -f sql.mk
	$(MAKE) -C tests/fuzz -f more.mk

doc:
	$(MAKE) -C Documentation

install: all
	install -d $(DESTDIR)$(bindir) $(DESTDIR)$(completiondir)
	install -m 755 $(BUILD)/tq $(DESTDIR)$(bindir)/tq
	install -m 644 scripts/completion/tq.bash $(DESTDIR)$(completiondir)/tq

install_doc: doc
	$(MAKE) -C Documentation install DESTDIR=$(DESTDIR) mandir=$(mandir)

clean:
	rm -rf build
	-$(MAKE) -C Documentation clean
	-$(MAKE) -C tests/fuzz clean
	-$(MAKE) -C tests/fuzz -f sql.mk clean
	-$(MAKE) -C tests/fuzz -f more.mk clean

.PHONY: all unit check check-vm bench fuzz doc install install_doc clean

-include $(DEPS)
