// SPDX-License-Identifier: GPL-2.0-or-later
/* Decompression of trace.dat v7 blocks and chunks: zstd frames and zlib streams. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>
#include <zstd.h>

#include "util/diag.h"
#include "tracedat/internal.h"

int tq_td_setup_comp(struct tq_tracedat *td)
{
	const char *name = td->comp_name;

	if (!strcmp(name, "none")) {
		td->comp = TQ_TD_COMP_NONE;
		return 0;
	}
	if (!strcmp(name, "zstd")) {
		td->comp = TQ_TD_COMP_ZSTD;
		tq_td_priv(td)->zstd_dctx = ZSTD_createDCtx();
		if (!tq_td_priv(td)->zstd_dctx)
			return tq_fail(ENOMEM, "%s: cannot set up zstd", td->path);
		return 0;
	}
	if (!strcmp(name, "zlib")) {
		/* trace-cmd refuses a stream written by a newer major version of zlib */
		long file_major = strtol(td->comp_version, NULL, 10);
		long our_major = strtol(zlibVersion(), NULL, 10);

		if (file_major > our_major)
			return tq_fail(EOPNOTSUPP, "%s: compressed with zlib %s, this zlib is %s",
				       td->path, tq_td_quote(td->comp_version, 32).s,
				       zlibVersion());
		td->comp = TQ_TD_COMP_ZLIB;
		return 0;
	}
	return tq_fail(EOPNOTSUPP, "%s: unsupported file compression '%s' at offset 18 (none, zstd "
		       "and zlib are)", td->path, tq_td_quote(name, 32).s);
}

void tq_td_free_comp(struct tq_tracedat *td)
{
	if (tq_td_priv(td)->zstd_dctx)
		ZSTD_freeDCtx(tq_td_priv(td)->zstd_dctx);
	tq_td_priv(td)->zstd_dctx = NULL;
}

/* Decompress exactly outlen bytes; `where` is the file offset named in errors. */
int tq_td_decompress(struct tq_tracedat *td, const void *in, size_t inlen, void *out,
		     size_t outlen, uint64_t where)
{
	switch (td->comp) {
	case TQ_TD_COMP_ZSTD: {
		size_t r = ZSTD_decompressDCtx(tq_td_priv(td)->zstd_dctx, out, outlen, in, inlen);

		if (ZSTD_isError(r))
			return tq_fail(EIO, "%s: zstd frame at offset %llu: %s", td->path,
				       (unsigned long long)where, ZSTD_getErrorName(r));
		if (r != outlen)
			return tq_fail(EIO, "%s: zstd frame at offset %llu gives %zu bytes, not %zu",
				       td->path, (unsigned long long)where, r, outlen);
		return 0;
	}
	case TQ_TD_COMP_ZLIB: {
		uLongf got = outlen;
		int r = uncompress(out, &got, in, inlen);

		if (r != Z_OK)
			return tq_fail(EIO, "%s: zlib stream at offset %llu: %s", td->path,
				       (unsigned long long)where, zError(r));
		if (got != outlen)
			return tq_fail(EIO, "%s: zlib stream at offset %llu gives %lu bytes, not %zu",
				       td->path, (unsigned long long)where, (unsigned long)got,
				       outlen);
		return 0;
	}
	case TQ_TD_COMP_NONE:
		break;
	}
	return tq_fail(EINVAL, "%s: compressed data at offset %llu in a file without compression",
		       td->path, (unsigned long long)where);
}
