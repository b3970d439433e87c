/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_TRACEDAT_INTERNAL_H
#define TQ_TRACEDAT_INTERNAL_H

/* What the reader's files (read.c, cursor.c, decomp.c) share and nobody else sees. */
#include <stdbool.h>
#include <stddef.h>

#include "tracedat/read.h"

struct tq_td_private {
	bool mapped;		/* map came from tq_td_open() */
	bool kallsyms_loaded;
	unsigned flags;
	void **owned;		/* decompressed sections and copies to free */
	int nowned;
	void *zstd_dctx;
};

/* How an open file is allocated: the public part, then the reader's state. */
struct tq_td_file {
	struct tq_tracedat td;
	struct tq_td_private priv;
};

static inline struct tq_td_private *tq_td_priv(const struct tq_tracedat *td)
{
	/* every tq_tracedat is the first member of a tq_td_file (tq_td_open*) */
	return &((struct tq_td_file *)td)->priv;
}

/* Text from the file (up to a NUL or max bytes) fit for a message: bytes other than
 * printable ASCII as \xNN, cut with "..." when long. Use the .s of the returned value
 * within the same expression. */
struct tq_td_quoted {
	char s[132];
};
struct tq_td_quoted tq_td_quote(const void *text, size_t max);
int tq_td_decompress(struct tq_tracedat *td, const void *in, size_t inlen, void *out,
		     size_t outlen, uint64_t where);
int tq_td_setup_comp(struct tq_tracedat *td);
void tq_td_free_comp(struct tq_tracedat *td);

#endif
