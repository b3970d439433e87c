// SPDX-License-Identifier: GPL-2.0-or-later
/* ELF symbol -> file offset (uprobes): a hand-made ELF file, broken files, and this very
 * program checked against where the kernel mapped it. */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

#include "util/diag.h"
#include "tracefs/elfsym.h"

static char dir[] = "/tmp/tq-unit-elf.XXXXXX";

/* Something to look up in /proc/self/exe; noinline so that it has an address of its own. */
__attribute__((noinline, used)) int tq_test_elf_target(int x);
__attribute__((noinline, used)) int tq_test_elf_target(int x)
{
	return x * 3 + 1;
}

enum { TEXT_OFF = 0x1000, TEXT_VADDR = 0x401000, STR_OFF = 0x1100, SYM_OFF = 0x1200,
       SH_OFF = 0x1400, FILE_SIZE = 0x1600 };

static const char strtab[] = "\0alpha\0beta@@V1\0dup\0gamma\0ext\0mix";
/* offsets of the names in strtab */
enum { N_ALPHA = 1, N_BETA = 7, N_DUP = 16, N_GAMMA = 20, N_EXT = 26, N_MIX = 30 };

static Elf64_Sym sym(unsigned name, int bind, int type, unsigned shndx, uint64_t value)
{
	Elf64_Sym s = { .st_name = name, .st_info = ELF64_ST_INFO(bind, type),
			.st_shndx = shndx, .st_value = value, .st_size = 8 };
	return s;
}

/*
 * A small executable: a header segment at offset 0 / vaddr 0x400000 and a text segment
 * at file offset 0x1000 mapped at 0x401000, so offsets and addresses differ.
 */
static void build_elf(unsigned char *img, unsigned symtab_type)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)img;
	Elf64_Phdr *ph = (Elf64_Phdr *)(img + sizeof(*eh));
	Elf64_Sym *syms = (Elf64_Sym *)(img + SYM_OFF);
	Elf64_Shdr *sh = (Elf64_Shdr *)(img + SH_OFF);
	size_t nsyms = 0;

	memset(img, 0, FILE_SIZE);
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_phoff = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = 2;
	eh->e_shoff = SH_OFF;
	eh->e_shentsize = sizeof(*sh);
	eh->e_shnum = 4;
	eh->e_ehsize = sizeof(*eh);
	ph[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R, .p_offset = 0,
			      .p_vaddr = 0x400000, .p_filesz = 0x200, .p_memsz = 0x200 };
	ph[1] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = TEXT_OFF,
			      .p_vaddr = TEXT_VADDR, .p_filesz = 0x100, .p_memsz = 0x100 };
	memcpy(img + STR_OFF, strtab, sizeof(strtab));
	syms[nsyms++] = sym(0, 0, 0, 0, 0);
	syms[nsyms++] = sym(N_ALPHA, STB_GLOBAL, STT_FUNC, 1, TEXT_VADDR + 0x10);
	syms[nsyms++] = sym(N_BETA, STB_GLOBAL, STT_FUNC, 1, TEXT_VADDR + 0x20);
	syms[nsyms++] = sym(N_DUP, STB_LOCAL, STT_FUNC, 1, TEXT_VADDR + 0x30);
	syms[nsyms++] = sym(N_DUP, STB_LOCAL, STT_FUNC, 1, TEXT_VADDR + 0x40);
	syms[nsyms++] = sym(N_GAMMA, STB_GLOBAL, STT_FUNC, 1, 0x500000);
	syms[nsyms++] = sym(N_EXT, STB_GLOBAL, STT_FUNC, SHN_UNDEF, 0);
	syms[nsyms++] = sym(N_MIX, STB_LOCAL, STT_FUNC, 1, TEXT_VADDR + 0x50);
	syms[nsyms++] = sym(N_MIX, STB_GLOBAL, STT_FUNC, 1, TEXT_VADDR + 0x60);
	sh[1] = (Elf64_Shdr){ .sh_type = SHT_PROGBITS, .sh_offset = TEXT_OFF,
			      .sh_addr = TEXT_VADDR, .sh_size = 0x100 };
	sh[2] = (Elf64_Shdr){ .sh_type = symtab_type, .sh_offset = SYM_OFF,
			      .sh_size = nsyms * sizeof(Elf64_Sym), .sh_link = 3,
			      .sh_entsize = sizeof(Elf64_Sym) };
	sh[3] = (Elf64_Shdr){ .sh_type = SHT_STRTAB, .sh_offset = STR_OFF,
			      .sh_size = sizeof(strtab) };
}

static const char *put(const char *name, const void *data, size_t len)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f) {
		fwrite(data, 1, len, f);
		fclose(f);
	}
	return path;
}

static void test_made_up(unsigned type, const char *label)
{
	static unsigned char img[FILE_SIZE];
	const char *path;
	uint64_t off = 0;
	int ret;

	build_elf(img, type);
	path = put(label, img, sizeof(img));
	ret = tq_elf_symbol_offset(path, "alpha", &off);
	ok(ret == 0 && off == TEXT_OFF + 0x10, "%s: alpha at file offset 0x1010 (got %d, 0x%" PRIx64 ")",
	   label, ret, off);
	ret = tq_elf_symbol_offset(path, "beta", &off);
	ok(ret == 0 && off == TEXT_OFF + 0x20, "%s: versioned beta@@V1 found as beta", label);
	ret = tq_elf_symbol_offset(path, "mix", &off);
	ok(ret == 0 && off == TEXT_OFF + 0x60, "%s: a global wins over a local of the same name",
	   label);
	ret = tq_elf_symbol_offset(path, "dup", &off);
	ok(ret == -EINVAL && strstr(tq_errmsg(ret), "several local"),
	   "%s: two local 'dup' are ambiguous: %s", label, tq_errmsg(ret));
	ret = tq_elf_symbol_offset(path, "gamma", &off);
	ok(ret == -ENOENT && strstr(tq_errmsg(ret), "outside the loaded segments"),
	   "%s: an address outside PT_LOAD is refused: %s", label, tq_errmsg(ret));
	ret = tq_elf_symbol_offset(path, "ext", &off);
	ok(ret == -ENOENT, "%s: an undefined symbol is not a function here", label);
	ret = tq_elf_symbol_offset(path, "alph", &off);
	ok(ret == -ENOENT && strstr(tq_errmsg(ret), "no function 'alph'"),
	   "%s: a prefix does not match: %s", label, tq_errmsg(ret));
	ok(strstr(tq_errmsg(ret), "(did you mean 'alpha'?)"), "%s: the nearest name is suggested",
	   label);
	ret = tq_elf_symbol_offset(path, "bata", &off);
	ok(ret == -ENOENT && strstr(tq_errmsg(ret), "(did you mean 'beta'?)"),
	   "%s: suggested without its version: %s", label, tq_errmsg(ret));
	ret = tq_elf_symbol_offset(path, "zzzzzzzz", &off);
	ok(ret == -ENOENT && !strstr(tq_errmsg(ret), "did you mean"),
	   "%s: nothing suggested for a name far from all", label);
}

/* A uprobe's offset must be in code: the kernel takes any, and then cannot use them. */
static void test_code_offsets(void)
{
	static unsigned char img[FILE_SIZE];
	const char *path;
	int ret;

	build_elf(img, SHT_SYMTAB);
	path = put("code", img, sizeof(img));
	is_int(tq_elf_check_code_offset(path, TEXT_OFF + 0x10), 0, "an offset in the text is code");
	is_int(tq_elf_check_code_offset(path, TEXT_OFF), 0, "so is the text's first byte");
	ret = tq_elf_check_code_offset(path, 0x10);
	ok(ret == -ERANGE && strstr(tq_errmsg(ret), "offset 0x10 of '") &&
	   strstr(tq_errmsg(ret), "is not in its code: the executable segments hold file "
		  "offsets 0x1000-0x1100"),
	   "an offset in the ELF header is refused with the code's range: %s", tq_errmsg(ret));
	ret = tq_elf_check_code_offset(path, TEXT_OFF + 0x100);
	ok(ret == -ERANGE && strstr(tq_errmsg(ret), "not in its code"),
	   "the byte after the text is not code: %s", tq_errmsg(ret));
	ret = tq_elf_check_code_offset(path, 0xfffffff);
	ok(ret == -ERANGE && strstr(tq_errmsg(ret), "offset 0xfffffff is past the end of '") &&
	   strstr(tq_errmsg(ret), "which is 0x1600 bytes long"),
	   "an offset past the end is refused with the file's size: %s", tq_errmsg(ret));
	ret = tq_elf_check_code_offset(path, UINT64_MAX);
	is_int(ret, -ERANGE, "and so is the largest offset");
	/* no executable segment at all (a data file in ELF clothes) */
	((Elf64_Phdr *)(img + sizeof(Elf64_Ehdr)))[1].p_flags = PF_R;
	ret = tq_elf_check_code_offset(put("nocode", img, sizeof(img)), TEXT_OFF);
	ok(ret == -ERANGE && strstr(tq_errmsg(ret), "has no executable segment"),
	   "an ELF file without code says so: %s", tq_errmsg(ret));
	/* what is not ELF is only checked against its size: the kernel is the judge */
	is_int(tq_elf_check_code_offset(put("plain", "hello\n", 6), 2), 0,
	       "a file that is not ELF: an offset inside it is taken");
	is_int(tq_elf_check_code_offset(put("plain", "hello\n", 6), 6), -ERANGE,
	       "and one at its end is not");
	is_int(tq_elf_check_code_offset(put("empty", "", 0), 0), -ERANGE,
	       "an empty file has no offset to probe");
	is_int(tq_elf_check_code_offset("/nonexistent/binary", 0), -ENOENT,
	       "a missing file is its open's errno");
}

static void test_broken(void)
{
	static unsigned char img[FILE_SIZE];
	Elf64_Ehdr *eh = (Elf64_Ehdr *)img;
	Elf64_Shdr *sh = (Elf64_Shdr *)(img + SH_OFF);
	uint64_t off;
	int ret;

	ret = tq_elf_symbol_offset(put("text", "hello\n", 6), "main", &off);
	ok(ret == -ENOEXEC && strstr(tq_errmsg(ret), "not an ELF file"), "a text file: %s",
	   tq_errmsg(ret));
	ret = tq_elf_symbol_offset(put("empty", "", 0), "main", &off);
	ok(ret == -ENOEXEC, "an empty file");
	build_elf(img, SHT_SYMTAB);
	ret = tq_elf_symbol_offset(put("short", img, 40), "alpha", &off);
	ok(ret == -ENOEXEC, "a file cut inside the header: %s", tq_errmsg(ret));
	ret = tq_elf_symbol_offset(put("cut", img, SH_OFF + 10), "alpha", &off);
	ok(ret == -ENOEXEC && strstr(tq_errmsg(ret), "truncated"),
	   "a file cut inside the section headers: %s", tq_errmsg(ret));
	sh[2].sh_size = 1 << 20;
	ret = tq_elf_symbol_offset(put("bigsym", img, sizeof(img)), "alpha", &off);
	ok(ret == -ENOEXEC && strstr(tq_errmsg(ret), "symbol table"),
	   "a symbol table past the end of the file: %s", tq_errmsg(ret));
	build_elf(img, SHT_SYMTAB);
	sh[2].sh_link = 77;
	ret = tq_elf_symbol_offset(put("badlink", img, sizeof(img)), "alpha", &off);
	ok(ret == -ENOEXEC, "a symbol table linked to no section");
	build_elf(img, SHT_SYMTAB);
	eh->e_type = ET_REL;
	ret = tq_elf_symbol_offset(put("rel", img, sizeof(img)), "alpha", &off);
	ok(ret == -ENOEXEC && strstr(tq_errmsg(ret), "neither an executable"),
	   "an object file: %s", tq_errmsg(ret));
	build_elf(img, SHT_SYMTAB);
	eh->e_ident[EI_CLASS] = ELFCLASS32;
	ret = tq_elf_symbol_offset(put("elf32", img, sizeof(img)), "alpha", &off);
	ok(ret == -ENOEXEC && strstr(tq_errmsg(ret), "64-bit"), "a 32-bit file: %s",
	   tq_errmsg(ret));
	ret = tq_elf_symbol_offset("/nonexistent/binary", "main", &off);
	ok(ret == -ENOENT && strstr(tq_errmsg(ret), "cannot open"), "a missing file: %s",
	   tq_errmsg(ret));
}

/* The file offset of a code address of this process, from the mapping that holds it. */
static int mapped_offset(uintptr_t addr, char *path, size_t size, uint64_t *offset)
{
	char line[1024];
	FILE *maps = fopen("/proc/self/maps", "r");
	int found = -1;

	if (!maps)
		return -1;
	while (found && fgets(line, sizeof(line), maps)) {
		unsigned long start, end, off;
		char file[512] = "";

		if (sscanf(line, "%lx-%lx %*s %lx %*s %*s %511s", &start, &end, &off, file) < 3)
			continue;
		if (addr >= start && addr < end) {
			*offset = addr - start + off;
			snprintf(path, size, "%s", file);
			found = 0;
		}
	}
	fclose(maps);
	return found;
}

static void test_self(void)
{
	char path[512];
	uint64_t want = 0, got = 0;
	int ret;

	if (mapped_offset((uintptr_t)&tq_test_elf_target, path, sizeof(path), &want)) {
		ok(0, "tq_test_elf_target is in a mapping of /proc/self/maps");
		return;
	}
	ret = tq_elf_symbol_offset("/proc/self/exe", "tq_test_elf_target", &got);
	ok(ret == 0 && got == want,
	   "this test's own function: 0x%" PRIx64 " as the kernel mapped it, got 0x%" PRIx64 " (%s)",
	   want, got, ret ? tq_errmsg(ret) : "ok");
	/* a function of the C library, through a stripped-down .dynsym */
	if (mapped_offset((uintptr_t)&getppid, path, sizeof(path), &want) || path[0] != '/') {
		ok(1, "# SKIP getppid is not in a file mapping");
		return;
	}
	ret = tq_elf_symbol_offset(path, "getppid", &got);
	ok(ret == 0 && got == want, "getppid in %s: 0x%" PRIx64 ", got 0x%" PRIx64, path, want,
	   got);
}

int main(void)
{
	char cmd[300];

	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp");
		return done_testing();
	}
	test_made_up(SHT_SYMTAB, "symtab");
	test_made_up(SHT_DYNSYM, "dynsym");
	test_broken();
	test_code_offsets();
	test_self();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return done_testing();
}
