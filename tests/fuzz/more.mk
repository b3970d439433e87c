# SPDX-License-Identifier: GPL-2.0-or-later
# libFuzzer targets for probe definitions and hist files (tests/fuzz/fuzz.t runs them).
#   make -C tests/fuzz -f more.mk        build ./probe-fuzz and ./hist-fuzz
TOP := ../..
CLANG ?= clang
PKGS := libtracefs libtraceevent
CFLAGS := -std=c11 -D_GNU_SOURCE -g -O1 \
	-fsanitize=fuzzer,address,undefined,float-cast-overflow -fno-sanitize-recover=undefined \
	-I$(TOP) -I$(TOP)/lib $(shell pkg-config --cflags $(PKGS))
LIBS := $(shell pkg-config --libs $(PKGS))
UTIL := $(TOP)/lib/util/diag.c $(TOP)/lib/util/suggest.c $(TOP)/lib/util/strlist.c
PROBE_SRCS := probe-fuzz.c $(TOP)/lib/tracefs/probe.c $(TOP)/lib/tracefs/probe-check.c \
	$(TOP)/lib/tracefs/elfsym.c $(TOP)/lib/tracefs/plan.c $(TOP)/lib/tracefs/access.c \
	$(TOP)/lib/tracefs/state.c $(TOP)/lib/util/caret.c $(UTIL)
HIST_SRCS := hist-fuzz.c $(TOP)/lib/print/histfile.c $(UTIL)

all: probe-fuzz hist-fuzz

probe-fuzz: $(PROBE_SRCS) $(wildcard $(TOP)/lib/*/*.h)
	$(CLANG) $(CFLAGS) -o $@ $(PROBE_SRCS) $(LIBS)

hist-fuzz: $(HIST_SRCS) $(wildcard $(TOP)/lib/*/*.h)
	$(CLANG) $(CFLAGS) -o $@ $(HIST_SRCS) $(LIBS)

clean:
	rm -f probe-fuzz hist-fuzz

.PHONY: all clean
