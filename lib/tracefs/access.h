/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_TRACEFS_ACCESS_H
#define TQ_TRACEFS_ACCESS_H

#include <stdbool.h>
#include <stddef.h>

/* libtracefs's own API; tq's wrappers below add error messages and offline trees. */
#include <tracefs.h>

/*
 * Access to one tracefs tree: the live mount, or a directory that looks like one (a copied
 * events/ tree for compiling without root, a fake tree in tests). All paths are relative
 * to the root. Every function returns 0 or a negative errno, with details in tq_errmsg().
 */
struct tq_tracefs;

enum tq_tracefs_flags {
	/* root is a copy, not a mount: never mount anything, writes go to plain files */
	TQ_TRACEFS_OFFLINE = 1 << 0,
};

/*
 * Open the tracefs at dir, or when dir is NULL find it: the mounted tracefs
 * (through libtracefs), /sys/kernel/tracing, the debugfs fallback; mount it when absent
 * and we are root. -EACCES comes with a message saying root or tracefs group access is
 * needed; -ENOENT when there is no tracefs at all, or when dir is neither a tracefs mount
 * nor looks like a copy (events/, tracing_on, available_events or README) and flags do
 * not say TQ_TRACEFS_OFFLINE.
 */
int tq_tracefs_open(struct tq_tracefs **out, const char *dir, unsigned flags);
void tq_tracefs_close(struct tq_tracefs *tfs);

const char *tq_tracefs_root(const struct tq_tracefs *tfs);
bool tq_tracefs_offline(const struct tq_tracefs *tfs);

/* malloc'd absolute path of rel; NULL on ENOMEM */
char *tq_tracefs_path(const struct tq_tracefs *tfs, const char *rel);

bool tq_tracefs_exists(const struct tq_tracefs *tfs, const char *rel);
bool tq_tracefs_is_dir(const struct tq_tracefs *tfs, const char *rel);

/* Whole file, NUL-terminated, *len without the NUL (len may be NULL). */
int tq_tracefs_read(const struct tq_tracefs *tfs, const char *rel, char **text, size_t *len);
/* Write text + "\n" in one write(2), truncating (append=false) or appending. */
int tq_tracefs_write(const struct tq_tracefs *tfs, const char *rel, const char *text,
		     bool append);
int tq_tracefs_mkdir(const struct tq_tracefs *tfs, const char *rel);
int tq_tracefs_rmdir(const struct tq_tracefs *tfs, const char *rel);

/* The kernel's error_log, or an empty string where the kernel has none. */
int tq_tracefs_error_log(const struct tq_tracefs *tfs, char **text);
/* Entries of error_log `after` that are not in `before` (both may be NULL): malloc'd or NULL */
char *tq_error_log_new_entries(const char *before, const char *after);

/* Does the kernel's README mention this text? (feature detection, not uname) */
bool tq_tracefs_readme_has(struct tq_tracefs *tfs, const char *text);

/*
 * Is name usable as an instance, one directory under instances/? Not empty, no '/', not
 * starting with '.' (".", ".." and hidden names) or '-' (it would read as an option), at most
 * TQ_INSTANCE_NAME_MAX bytes (the kernel's NAME_MAX). 0, or -EINVAL with a message.
 */
#define TQ_INSTANCE_NAME_MAX 255
int tq_instance_name_check(const char *name);

/*
 * Relative directory of an instance ("" for the top buffer, "instances/NAME/" otherwise).
 * A buf of TQ_INSTANCE_DIR_MAX bytes holds any name tq_instance_name_check() accepts.
 */
#define TQ_INSTANCE_DIR_MAX (TQ_INSTANCE_NAME_MAX + sizeof("instances//"))
const char *tq_instance_dir(const char *instance, char *buf, size_t size);

struct tq_strlist;
/* Add the name of every instance under instances/ to out, sorted: 0 or a negative errno. */
int tq_tracefs_list_instances(const struct tq_tracefs *tfs, struct tq_strlist *out);

#endif
