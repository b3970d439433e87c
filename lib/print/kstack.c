// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading ftrace:kernel_stack records (kstack.h).
 */
#include <errno.h>

#include "print/kstack.h"
#include "util/diag.h"

int tq_kstack_fmt_init(struct tq_kstack_fmt *k, struct tep_handle *tep)
{
	struct tep_event *ev = tep_find_event_by_name(tep, "ftrace", "kernel_stack");

	k->id = ev ? ev->id : -1;
	k->size = ev ? tep_find_field(ev, "size") : NULL;
	k->caller = ev ? tep_find_field(ev, "caller") : NULL;
	if (!k->size || !k->caller)
		return tq_fail(ENOENT, "no kernel_stack format with the fields size and caller");
	return 0;
}

int tq_kstack_frames(const struct tq_kstack_fmt *k, struct tep_handle *tep,
		     const struct tep_record *rec, uint64_t *addrs, int max)
{
	int lsize = tep_get_long_size(tep), off = k->caller->offset, n, i, got = 0;
	unsigned long long count = 0, end;

	if (lsize != 4 && lsize != 8)
		lsize = 8;
	end = lsize == 8 ? ~0ull : 0xffffffffull;
	tep_read_number_field(k->size, rec->data, &count);
	n = rec->size > off ? (rec->size - off) / lsize : 0;
	/* old kernels fill 8 slots and end early with ULONG_MAX; new ones give the count */
	if (count && (unsigned long long)n > count)
		n = (int)count;
	for (i = 0; i < n && got < max; i++) {
		unsigned long long a = tep_read_number(tep, (char *)rec->data + off + i * lsize,
						       lsize);

		if (a && a != end)
			addrs[got++] = a;
	}
	return got;
}

