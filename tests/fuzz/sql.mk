# SPDX-License-Identifier: GPL-2.0-or-later
# libFuzzer target for the SQL compiler (lexer, parser, analyzer, back end).
#   make -C tests/fuzz -f sql.mk          build ./sql-fuzz (needs clang's fuzzer runtime)
#   make -C tests/fuzz -f sql.mk run      fuzz for FUZZ_SECONDS (60) from the seed corpus
TOP := ../..
CLANG ?= clang
FUZZ_SECONDS ?= 60
PKGS := libtracefs libtraceevent
CFLAGS := -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined,float-cast-overflow \
	-I$(TOP) -I$(TOP)/lib $(shell pkg-config --cflags $(PKGS))
LIBS := $(shell pkg-config --libs $(PKGS))
SRCS := sql-fuzz.c $(wildcard $(TOP)/sql/*.c) $(TOP)/lib/tracefs/catalog.c \
	$(TOP)/lib/util/diag.c $(TOP)/lib/tracefs/plan.c $(TOP)/lib/tracefs/access.c \
	$(TOP)/lib/util/suggest.c $(TOP)/lib/util/strlist.c $(TOP)/lib/print/histfile.c \
	$(TOP)/lib/tracefs/probe-check.c $(TOP)/lib/print/kstack.c $(TOP)/lib/util/caret.c

all: sql-fuzz

sql-fuzz: $(SRCS) $(wildcard $(TOP)/sql/*.h) $(wildcard $(TOP)/lib/*/*.h)
	$(CLANG) $(CFLAGS) -o $@ $(SRCS) $(LIBS)

tracefs-debian: $(TOP)/tests/fixtures/tracefs/debian-6.1-amd64.tar.gz
	mkdir -p $@ && tar -xzf $< -C $@

# Seeds: the queries of the golden tests, one file each, and hist files.
sql-corpus/.seeded: $(wildcard $(TOP)/tests/sql/cases/*.test) $(TOP)/tests/sql/hist.t
	mkdir -p sql-corpus
	awk '/^sql:$$/ { n++; f = sprintf("sql-corpus/seed-%03d", n); s = 1; next } \
	     /^(out|err):$$/ || /^=== / { s = 0 } s { print > f }' $(filter %.test,$^)
	awk '/<<.H.$$/ { n++; f = sprintf("sql-corpus/hist-%03d", n); s = 1; next } \
	     /^H$$/ { s = 0 } s { print > f }' $(TOP)/tests/sql/hist.t
	touch $@

run: sql-fuzz tracefs-debian sql-corpus/.seeded
	mkdir -p sql-artifacts
	./sql-fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -rss_limit_mb=2048 \
		-timeout=10 -artifact_prefix=sql-artifacts/ -print_final_stats=1 \
		-dict=sql.dict $(FUZZ_FLAGS) sql-corpus

clean:
	rm -rf sql-fuzz sql-corpus sql-artifacts tracefs-debian

.PHONY: all run clean
