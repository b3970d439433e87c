/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_TRACEFS_ELFSYM_H
#define TQ_TRACEFS_ELFSYM_H

#include <stdint.h>

/*
 * Where a function of an ELF executable or shared library lives in its file: what a uprobe
 * needs (uprobe_events takes "PATH:0xOFFSET", a file offset, not an address).
 *
 * The symbol is looked up in .symtab, then .dynsym (a stripped binary keeps only the
 * latter); "name@VERSION" entries match "name". Its address is turned into a file offset
 * through the PT_LOAD segment that holds it. 0, or a negative errno with tq_errmsg():
 * -ENOENT (no such symbol, or not in a loaded segment), -ENOEXEC (not a usable ELF file),
 * -EINVAL (an ambiguous local name), or the errno of open/mmap.
 */
int tq_elf_symbol_offset(const char *path, const char *symbol, uint64_t *offset);

/*
 * Is offset a place in path's code: inside the file range of an executable PT_LOAD
 * segment? 0, or -ERANGE with a message giving the file's size or its code's ranges, or
 * the errno of open/mmap. A file that is not ELF is only checked against its size.
 */
int tq_elf_check_code_offset(const char *path, uint64_t offset);

#endif
