// SPDX-License-Identifier: GPL-2.0-or-later
/* ELF symbol -> file offset, for uprobes. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/diag.h"
#include "tracefs/elfsym.h"
#include "util/suggest.h"

struct elf_image {
	const char *path;
	const unsigned char *data;
	size_t size;
	const Elf64_Ehdr *ehdr;
};

/* Does [off, off + len) lie inside the file? Written so that no sum can overflow. */
static bool in_file(const struct elf_image *img, uint64_t off, uint64_t len)
{
	return off <= img->size && len <= img->size - off;
}

static int check_header(struct elf_image *img)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img->data;

	if (img->size < EI_NIDENT || memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return tq_fail(ENOEXEC, "'%s' is not an ELF file", img->path);
	/* uprobes here serve x86_64, whose binaries are all 64-bit little-endian */
	if (img->size < sizeof(*eh) || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return tq_fail(ENOEXEC, "'%s' is not a 64-bit little-endian ELF file", img->path);
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return tq_fail(ENOEXEC, "'%s' is neither an executable nor a shared library",
			       img->path);
	/* the tables are read in place: misaligned ones would be undefined behaviour */
	if (eh->e_shentsize != sizeof(Elf64_Shdr) || (eh->e_shoff | eh->e_phoff) % 8 ||
	    !in_file(img, eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr)) ||
	    eh->e_phentsize != sizeof(Elf64_Phdr) ||
	    !in_file(img, eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr)))
		return tq_fail(ENOEXEC, "'%s' has a truncated or damaged ELF header", img->path);
	img->ehdr = eh;
	return 0;
}

static const Elf64_Shdr *section(const struct elf_image *img, size_t i)
{
	return (const Elf64_Shdr *)(img->data + img->ehdr->e_shoff) + i;
}

/* "name" matches "name" and the versioned "name@VER" / "name@@VER" of .symtab. */
static bool name_matches(const char *name, size_t avail, const char *want, size_t wlen)
{
	return wlen <= avail && !memcmp(name, want, wlen) &&
	       (wlen == avail || name[wlen] == '\0' || name[wlen] == '@');
}

struct sym_pick {
	uint64_t value;
	bool global, found, ambiguous;
};

static void consider(struct sym_pick *pick, const Elf64_Sym *sym)
{
	bool global = ELF64_ST_BIND(sym->st_info) != STB_LOCAL;

	if (pick->found && pick->value == sym->st_value)
		return;
	if (!pick->found || (global && !pick->global)) {
		pick->value = sym->st_value;
		pick->global = global;
		pick->found = true;
		pick->ambiguous = false;
	} else if (global == pick->global) {
		/* two static functions of one name in different files: which one is meant? */
		pick->ambiguous = true;
	}
}

/* The string table of a symbol table section, checked; NULL when damaged. */
static const Elf64_Shdr *string_table(const struct elf_image *img, const Elf64_Shdr *sh)
{
	const Elf64_Shdr *strsh;

	if (sh->sh_entsize != sizeof(Elf64_Sym) || sh->sh_link >= img->ehdr->e_shnum ||
	    sh->sh_offset % 8 || !in_file(img, sh->sh_offset, sh->sh_size))
		return NULL;
	strsh = section(img, sh->sh_link);
	if (strsh->sh_type != SHT_STRTAB || !in_file(img, strsh->sh_offset, strsh->sh_size))
		return NULL;
	return strsh;
}

static bool is_function(const Elf64_Sym *sym, const Elf64_Shdr *strsh)
{
	int type = ELF64_ST_TYPE(sym->st_info);

	return sym->st_shndx != SHN_UNDEF && sym->st_name < strsh->sh_size &&
	       (type == STT_FUNC || type == STT_GNU_IFUNC || type == STT_NOTYPE);
}

/* Search one symbol table section (SHT_SYMTAB or SHT_DYNSYM). */
static int search_table(const struct elf_image *img, const Elf64_Shdr *sh, const char *want,
			struct sym_pick *pick)
{
	const Elf64_Shdr *strsh = string_table(img, sh);
	const char *strtab;
	size_t i, n, wlen = strlen(want);

	if (!strsh)
		return tq_fail(ENOEXEC, "'%s' has a damaged symbol table", img->path);
	strtab = (const char *)img->data + strsh->sh_offset;
	n = sh->sh_size / sizeof(Elf64_Sym);
	for (i = 0; i < n; i++) {
		const Elf64_Sym *sym = (const Elf64_Sym *)(img->data + sh->sh_offset) + i;

		if (is_function(sym, strsh) &&
		    name_matches(strtab + sym->st_name, strsh->sh_size - sym->st_name, want, wlen))
			consider(pick, sym);
	}
	return 0;
}

/* The function name nearest to a mistyped one, for "did you mean"; NULL when none. */
static char *nearest_name(const struct elf_image *img, const char *want)
{
	char **names = NULL, *copy = NULL;
	const char *best;
	size_t count = 0, i, j;

	for (i = 0; i < img->ehdr->e_shnum; i++) {
		const Elf64_Shdr *sh = section(img, i), *strsh;
		const char *strtab;
		char **grown;
		size_t n;

		if ((sh->sh_type != SHT_SYMTAB && sh->sh_type != SHT_DYNSYM) ||
		    !(strsh = string_table(img, sh)))
			continue;
		strtab = (const char *)img->data + strsh->sh_offset;
		n = sh->sh_size / sizeof(Elf64_Sym);
		grown = realloc(names, (count + n) * sizeof(*names));
		if (!grown)
			break;
		names = grown;
		for (j = 0; j < n; j++) {
			const Elf64_Sym *sym = (const Elf64_Sym *)(img->data + sh->sh_offset) + j;
			const char *name = strtab + sym->st_name;

			/* compared without "@VERSION", and only names that end in the table */
			if (is_function(sym, strsh) && sym->st_name &&
			    memchr(name, '\0', strsh->sh_size - sym->st_name) &&
			    (names[count] = strndup(name, strcspn(name, "@"))))
				count++;
		}
	}
	best = count ? tq_suggest(want, (const char *const *)names, count) : NULL;
	if (best)
		copy = strdup(best);
	for (i = 0; i < count; i++)
		free(names[i]);
	free(names);
	return copy;
}

static int vaddr_to_offset(const struct elf_image *img, uint64_t vaddr, uint64_t *offset)
{
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(img->data + img->ehdr->e_phoff);
	size_t i;

	for (i = 0; i < img->ehdr->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD || vaddr < ph[i].p_vaddr ||
		    vaddr - ph[i].p_vaddr >= ph[i].p_filesz)
			continue;
		*offset = vaddr - ph[i].p_vaddr + ph[i].p_offset;
		return 0;
	}
	return -ENOENT;
}

static int resolve(struct elf_image *img, const char *symbol, uint64_t *offset)
{
	static const unsigned types[] = { SHT_SYMTAB, SHT_DYNSYM };
	struct sym_pick pick = { 0 };
	size_t t, i;
	int ret = check_header(img);

	/* .symtab is complete; .dynsym only holds what is exported, so it comes second */
	for (t = 0; !ret && t < 2 && !pick.found; t++)
		for (i = 0; !ret && i < img->ehdr->e_shnum; i++)
			if (section(img, i)->sh_type == types[t])
				ret = search_table(img, section(img, i), symbol, &pick);
	if (ret)
		return ret;
	if (!pick.found) {
		char *near = nearest_name(img, symbol);

		ret = tq_fail(ENOENT, "no function '%s' in the symbol tables of '%s'%s%s%s", symbol,
			      img->path, near ? " (did you mean '" : "", near ? near : "",
			      near ? "'?)" : "");
		free(near);
		return ret;
	}
	if (pick.ambiguous)
		return tq_fail(EINVAL, "'%s' names several local functions in '%s': give an "
			       "offset (PATH:0xOFFSET) instead", symbol, img->path);
	if (vaddr_to_offset(img, pick.value, offset))
		return tq_fail(ENOENT, "'%s' (address 0x%llx) lies outside the loaded segments "
			       "of '%s'", symbol, (unsigned long long)pick.value, img->path);
	return 0;
}

/*
 * Is the file offset inside the file range of an executable PT_LOAD segment? The kernel
 * takes any offset up to the file's end, and then refuses to enable one past it (EINVAL,
 * naming no probe) or never fires one in the ELF header or in data. A file that is no
 * usable ELF is only checked against its size.
 */
static int check_code(struct elf_image *img, uint64_t offset)
{
	const Elf64_Phdr *ph;
	char ranges[256] = "";
	size_t i, used = 0;

	if (offset >= img->size)
		return tq_fail(ERANGE, "offset 0x%llx is past the end of '%s', which is 0x%zx "
			       "bytes long", (unsigned long long)offset, img->path, img->size);
	if (!img->ehdr && check_header(img))
		return 0;
	ph = (const Elf64_Phdr *)(img->data + img->ehdr->e_phoff);
	for (i = 0; i < img->ehdr->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD || !(ph[i].p_flags & PF_X) || !ph[i].p_filesz)
			continue;
		if (offset >= ph[i].p_offset && offset - ph[i].p_offset < ph[i].p_filesz)
			return 0;
		if (used < sizeof(ranges))
			used += snprintf(ranges + used, sizeof(ranges) - used, "%s0x%llx-0x%llx",
					 used ? ", " : "", (unsigned long long)ph[i].p_offset,
					 (unsigned long long)(ph[i].p_offset + ph[i].p_filesz));
	}
	if (!*ranges)
		return tq_fail(ERANGE, "'%s' has no executable segment to probe", img->path);
	return tq_fail(ERANGE, "offset 0x%llx of '%s' is not in its code: the executable "
		       "segments hold file offsets %s (see 'readelf -lW %s')",
		       (unsigned long long)offset, img->path, ranges, img->path);
}

static int map_image(struct elf_image *img, const char *path)
{
	struct stat st;
	void *map;
	int fd, ret;

	memset(img, 0, sizeof(*img));
	img->path = path;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return tq_fail(errno, "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) < 0) {
		ret = tq_fail(errno, "cannot stat '%s': %s", path, strerror(errno));
		close(fd);
		return ret;
	}
	if (!S_ISREG(st.st_mode) || st.st_size == 0) {
		close(fd);
		return tq_fail(ENOEXEC, "'%s' is not an ELF file", path);
	}
	map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	ret = errno;
	close(fd);
	if (map == MAP_FAILED)
		return tq_fail(ret, "cannot map '%s': %s", path, strerror(ret));
	img->data = map;
	img->size = st.st_size;
	return 0;
}

static void unmap_image(struct elf_image *img)
{
	munmap((void *)img->data, img->size);
}

int tq_elf_symbol_offset(const char *path, const char *symbol, uint64_t *offset)
{
	struct elf_image img;
	int ret = map_image(&img, path);

	if (ret)
		return ret;
	ret = resolve(&img, symbol, offset);
	unmap_image(&img);
	return ret;
}

int tq_elf_check_code_offset(const char *path, uint64_t offset)
{
	struct elf_image img;
	int ret = map_image(&img, path);

	if (ret == -ENOEXEC) {
		struct stat st;

		/* a device or other special file: the kernel is the judge */
		if (stat(path, &st) || !S_ISREG(st.st_mode))
			return 0;
		return tq_fail(ERANGE, "offset 0x%llx is past the end of '%s', which is empty",
			       (unsigned long long)offset, path);
	}
	if (ret)
		return ret;
	ret = check_code(&img, offset);
	unmap_image(&img);
	return ret;
}
