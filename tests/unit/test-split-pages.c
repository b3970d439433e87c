// SPDX-License-Identifier: GPL-2.0-or-later
/* The page packer of tq split: pages that libtraceevent's kbuffer reads back. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <kbuffer.h>

#include "tap.h"
#include "tracedat/split.h"

static void roundtrip(bool big_endian, int long_size)
{
	struct tq_page_packer p;
	enum kbuffer_endian e = big_endian ? KBUFFER_ENDIAN_BIG : KBUFFER_ENDIAN_LITTLE;
	struct kbuffer *kb = kbuffer_alloc(long_size == 8 ? KBUFFER_LSIZE_8 : KBUFFER_LSIZE_4, e);
	/* a small event, one past the 112-byte type_len limit, one after a long gap */
	static const unsigned sizes[] = { 8, 116, 4 };
	static const unsigned long long times[] = { 1000, 1005, 1005 + (1ULL << 30) };
	unsigned char data[3][128];
	unsigned long long ts;
	int n = 0, r;

	ok(tq_page_packer_init(&p, 4096, long_size, big_endian) == 0, "init %s/%d",
	   big_endian ? "be" : "le", long_size);
	tq_page_packer_start(&p, times[0], 7);
	for (int i = 0; i < 3; i++) {
		memset(data[i], 'a' + i, sizeof(data[i]));
		while ((r = tq_page_packer_add(&p, times[i], data[i], sizes[i])) == 0)
			n++;
		ok(r == 1, "event %d in", i);
	}
	ok(n == 1, "one time extend for the 2^30 ns gap");
	tq_page_packer_finish(&p);
	ok(kb && kbuffer_load_subbuffer(kb, p.page) == 0, "kbuffer loads the page");
	ok(kbuffer_missed_events(kb) == 7, "the missed count is kept");
	for (int i = 0; i < 3; i++) {
		void *d = i ? kbuffer_next_event(kb, &ts) : kbuffer_read_event(kb, &ts);

		ok(d && ts == times[i] && (unsigned)kbuffer_event_size(kb) == sizes[i] &&
		   !memcmp(d, data[i], sizes[i]), "event %d reads back", i);
	}
	ok(!kbuffer_next_event(kb, &ts), "and nothing after");
	kbuffer_free(kb);
	tq_page_packer_release(&p);
}

static void full_page(void)
{
	struct tq_page_packer p;
	unsigned char data[100] = { 0 };
	int n = 0;

	tq_page_packer_init(&p, 256, 8, false);
	tq_page_packer_start(&p, 0, 0);
	while (tq_page_packer_add(&p, 0, data, sizeof(data)) == 1)
		n++;
	ok(n == 2 && tq_page_packer_add(&p, 0, data, 4) == 1 &&
	   tq_page_packer_add(&p, 0, data, 100) == -ENOSPC, "a full page says ENOSPC");
	ok(p.index <= p.size, "never past the page");
	tq_page_packer_release(&p);
	ok(tq_page_packer_init(&p, 4096, 5, false) < 0, "a long of 5 bytes is refused");
}

int main(void)
{
	roundtrip(false, 8);
	roundtrip(true, 8);
	roundtrip(false, 4);
	full_page();
	return done_testing();
}
