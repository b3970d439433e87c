// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for probe definitions: the words after `tq probe add` (NUL-separated in
 * the input, so that a word may hold a line break or a blank) through tq_probe_build(), as
 * cmd/probe.c calls it, on three kernels' capabilities. Any input must give a definition
 * or an error; a definition must be one line of printable text (anything else would be a
 * second command in dynamic_events), and one that is accepted must pass the checker again.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "tracefs/probe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct tq_probe_caps kernels[] = {
	/* Debian's 6.1: every kind, $arg<N> at entry, README types without char */
	{ .dynamic_events = true, .kprobes = true, .uprobes = true, .synth = true,
	  .synth_dynamic = true, .eprobes = true, .argn = true,
	  .types = TQ_PROBE_TYPE_LISTED | TQ_PROBE_TYPE_HEX | TQ_PROBE_TYPE_USTRING |
		   TQ_PROBE_TYPE_SYMBOL | TQ_PROBE_TYPE_SYMSTR | TQ_PROBE_TYPE_BITFIELD |
		   TQ_PROBE_TYPE_ARRAY },
	/* an older kernel: the per-kind files, no $arg<N>, types unknown */
	{ .kprobes = true, .uprobes = true, .synth = true },
	/* a newer one with BTF argument names and $arg<N> at return */
	{ .dynamic_events = true, .kprobes = true, .uprobes = true, .synth = true,
	  .synth_dynamic = true, .eprobes = true, .argn = true, .argn_return = true,
	  .btf_args = true, .types = TQ_PROBE_TYPE_LISTED | TQ_PROBE_TYPE_HEX |
		   TQ_PROBE_TYPE_CHAR | TQ_PROBE_TYPE_USTRING | TQ_PROBE_TYPE_PD },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct tq_probe_caps *caps;
	struct tq_probe p;
	char *buf, *argv[64];
	int argc = 0;
	size_t i;

	if (size < 1 || size > 4096)
		return 0;
	caps = &kernels[data[0] % 3];
	buf = malloc(size);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = '\0';
	for (i = 0; i < size - 1 && argc < 64;) {
		argv[argc++] = buf + i;
		i += strlen(buf + i) + 1;
	}
	/* uprobes read the ELF file they name: only this one, never a device or a FIFO */
	if (argc >= 3 && argv[0][0] == 'u' && strncmp(argv[2], "/bin/true:", 10)) {
		free(buf);
		return 0;
	}
	if (!tq_probe_build(argc, argv, caps, &p)) {
		for (i = 0; p.definition[i]; i++)
			if ((unsigned char)p.definition[i] < 0x20 || p.definition[i] == 0x7f)
				abort();
		if (tq_probe_check_definition(p.definition, p.type, caps))
			abort();
		tq_probe_release(&p);
	}
	free(buf);
	return 0;
}
