// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Syscall names for .syscall keys computed from a file: the kernel prints the name of its
 * syscall metadata ("sys_" and the name) for the number. The table is made at build time
 * from the uapi header (Makefile: $(BUILD)/gen/syscalls-x86_64.h); a build without that
 * header prints unknown_syscall, as a kernel without syscall metadata does.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sql/eval-parts.h"

static const char *const x86_64[] = {
#if __has_include("syscalls-x86_64.h")
#include "syscalls-x86_64.h"
#endif
	NULL
};

const char *tq_syscall_name(const char *arch, uint64_t nr)
{
	/* a file that does not say is taken as this build's most common host's */
	if (arch && *arch && strcmp(arch, "x86_64"))
		return NULL;
	if (nr >= sizeof(x86_64) / sizeof(x86_64[0]))
		return NULL;
	return x86_64[nr];
}
