// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "util/diag.h"
#include "util/strlist.h"
#include "tracefs/access.h"

#ifndef TRACEFS_MAGIC
#define TRACEFS_MAGIC 0x74726163
#endif

struct tq_tracefs {
	char *root;
	unsigned flags;
	char *readme;		/* loaded on first use */
	bool readme_loaded;
};

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_tracefs_mount(const char *path)
{
	struct statfs sfs;

	return statfs(path, &sfs) == 0 && (unsigned long)sfs.f_type == TRACEFS_MAGIC;
}

/* libtracefs finds the mount (and mounts tracefs when it can); fall back to the usual paths. */
static const char *find_tracing_dir(void)
{
	static const char *const fallbacks[] = {
		"/sys/kernel/tracing",
		"/sys/kernel/debug/tracing",
	};
	const char *dir = tracefs_tracing_dir();
	size_t i;

	if (dir && is_dir(dir))
		return dir;
	for (i = 0; i < sizeof(fallbacks) / sizeof(fallbacks[0]); i++)
		if (is_tracefs_mount(fallbacks[i]))
			return fallbacks[i];
	return NULL;
}

/* Does a directory that is not a tracefs mount hold a copy of one? */
static bool looks_like(const char *root)
{
	static const char *const marks[] = { "events", "tracing_on", "available_events", "README" };
	char path[4096];
	size_t i;

	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", root, marks[i]);
		if (access(path, F_OK) == 0)
			return true;
	}
	return false;
}

static int check_access(const char *root)
{
	char *path;
	int ret = 0;

	if (asprintf(&path, "%s/tracing_on", root) < 0)
		return -ENOMEM;
	if (access(root, R_OK | X_OK) || (access(path, F_OK) == 0 && access(path, R_OK)))
		ret = tq_fail(EACCES, "cannot read tracefs at '%s': needs root or tracefs group "
			      "access (mount -t tracefs -o gid=GID nodev %s)", root, root);
	free(path);
	return ret;
}

int tq_tracefs_open(struct tq_tracefs **out, const char *dir, unsigned flags)
{
	struct tq_tracefs *tfs;
	const char *root = dir;
	int ret;

	*out = NULL;
	if (root) {
		if (!is_dir(root))
			return tq_fail(ENOENT, "'%s' is not a tracefs directory", root);
		/* a caller that asks for a copy may take any layout (a bare events/ tree) */
		if (!(flags & TQ_TRACEFS_OFFLINE) && !is_tracefs_mount(root) && !looks_like(root))
			return tq_fail(ENOENT, "'%s' is not a tracefs: it has no events/, "
				       "tracing_on, available_events or README (give the mount, "
				       "e.g. /sys/kernel/tracing, or a copy of one)", root);
		if (!is_tracefs_mount(root))
			flags |= TQ_TRACEFS_OFFLINE;
	} else {
		root = find_tracing_dir();
		if (!root) {
			if (geteuid() != 0)
				return tq_fail(EACCES, "tracefs is not mounted, and mounting it needs "
					       "root (mount -t tracefs nodev /sys/kernel/tracing)");
			return tq_fail(ENOENT, "no tracefs: it is neither mounted nor mountable "
				       "at /sys/kernel/tracing (is CONFIG_TRACING off?)");
		}
	}
	ret = check_access(root);
	if (ret)
		return ret;
	tfs = calloc(1, sizeof(*tfs));
	if (!tfs)
		return -ENOMEM;
	tfs->root = strdup(root);
	if (!tfs->root) {
		free(tfs);
		return -ENOMEM;
	}
	/* drop trailing slashes so that joined paths read cleanly */
	for (size_t n = strlen(tfs->root); n > 1 && tfs->root[n - 1] == '/'; n--)
		tfs->root[n - 1] = '\0';
	tfs->flags = flags;
	*out = tfs;
	return 0;
}

void tq_tracefs_close(struct tq_tracefs *tfs)
{
	if (!tfs)
		return;
	free(tfs->root);
	free(tfs->readme);
	free(tfs);
}

const char *tq_tracefs_root(const struct tq_tracefs *tfs)
{
	return tfs->root;
}

bool tq_tracefs_offline(const struct tq_tracefs *tfs)
{
	return tfs->flags & TQ_TRACEFS_OFFLINE;
}

char *tq_tracefs_path(const struct tq_tracefs *tfs, const char *rel)
{
	char *path;

	while (*rel == '/')
		rel++;
	if (asprintf(&path, "%s%s%s", tfs->root, *rel ? "/" : "", rel) < 0)
		return NULL;
	return path;
}

bool tq_tracefs_exists(const struct tq_tracefs *tfs, const char *rel)
{
	char *path = tq_tracefs_path(tfs, rel);
	bool ret = path && access(path, F_OK) == 0;

	free(path);
	return ret;
}

bool tq_tracefs_is_dir(const struct tq_tracefs *tfs, const char *rel)
{
	char *path = tq_tracefs_path(tfs, rel);
	bool ret = path && is_dir(path);

	free(path);
	return ret;
}

static int read_fd(int fd, char **text, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);

	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t r;

		if (cap - n < 2) {
			char *p = realloc(buf, cap * 2);

			if (!p) {
				free(buf);
				return -ENOMEM;
			}
			buf = p;
			cap *= 2;
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			free(buf);
			return -errno;
		}
		if (r == 0)
			break;
		n += r;
	}
	buf[n] = '\0';
	*text = buf;
	if (len)
		*len = n;
	return 0;
}

int tq_tracefs_read(const struct tq_tracefs *tfs, const char *rel, char **text, size_t *len)
{
	char *path = tq_tracefs_path(tfs, rel);
	int fd, ret;

	*text = NULL;
	if (!path)
		return -ENOMEM;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		tq_set_errmsg(-ret, "cannot read '%s': %s", path, strerror(errno));
		free(path);
		return ret;
	}
	ret = read_fd(fd, text, len);
	if (ret < 0)
		tq_set_errmsg(-ret, "cannot read '%s': %s", path, strerror(-ret));
	close(fd);
	free(path);
	return ret;
}

int tq_tracefs_write(const struct tq_tracefs *tfs, const char *rel, const char *text,
		     bool append)
{
	char *path = tq_tracefs_path(tfs, rel);
	size_t len = strlen(text) + 1, done = 0;
	char *line;
	int fd, ret = 0;

	if (!path)
		return -ENOMEM;
	/* exactly what `echo 'text' > path` does: one write of the text and a newline */
	line = malloc(len + 1);
	if (!line) {
		free(path);
		return -ENOMEM;
	}
	memcpy(line, text, len - 1);
	line[len - 1] = '\n';
	line[len] = '\0';
	fd = open(path, O_WRONLY | O_CLOEXEC | (append ? O_APPEND : O_TRUNC) |
		  (tq_tracefs_offline(tfs) ? O_CREAT : 0), 0644);
	if (fd < 0) {
		ret = -errno;
		tq_set_errmsg(-ret, "cannot open '%s': %s", path, strerror(errno));
		goto out;
	}
	while (done < len) {
		ssize_t w = write(fd, line + done, len - done);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			tq_set_errmsg(-ret, "writing '%s' to '%s': %s", text, path, strerror(errno));
			break;
		}
		done += w;
	}
	if (close(fd) && !ret) {
		ret = -errno;
		tq_set_errmsg(-ret, "writing '%s' to '%s': %s", text, path, strerror(errno));
	}
out:
	free(line);
	free(path);
	return ret;
}

int tq_tracefs_mkdir(const struct tq_tracefs *tfs, const char *rel)
{
	char *path = tq_tracefs_path(tfs, rel);
	int ret = 0;

	if (!path)
		return -ENOMEM;
	if (mkdir(path, 0755)) {
		ret = -errno;
		tq_set_errmsg(-ret, "cannot create '%s': %s", path, strerror(errno));
	}
	free(path);
	return ret;
}

int tq_tracefs_rmdir(const struct tq_tracefs *tfs, const char *rel)
{
	char *path = tq_tracefs_path(tfs, rel);
	int ret = 0;

	if (!path)
		return -ENOMEM;
	if (rmdir(path)) {
		ret = -errno;
		tq_set_errmsg(-ret, "cannot remove '%s': %s", path, strerror(errno));
	}
	free(path);
	return ret;
}

int tq_tracefs_error_log(const struct tq_tracefs *tfs, char **text)
{
	int ret = tq_tracefs_read(tfs, "error_log", text, NULL);

	if (ret == -ENOENT) {
		*text = strdup("");
		return *text ? 0 : -ENOMEM;
	}
	return ret;
}

/* Start of the last entry ("[timestamp] ...") in log, or NULL. */
static const char *last_entry(const char *log)
{
	const char *p, *last = NULL;

	for (p = log; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p))
		if (*p == '[')
			last = p;
	return last;
}

char *tq_error_log_new_entries(const char *before, const char *after)
{
	const char *entry, *found, *rest = after;

	if (!after || !*after)
		return NULL;
	if (before && *before) {
		size_t blen = strlen(before);

		if (!strncmp(after, before, blen)) {
			rest = after + blen;
		} else {
			/* the log is a small ring: find where the old last entry ended */
			entry = last_entry(before);
			found = entry ? strstr(after, entry) : NULL;
			if (found)
				rest = found + strlen(entry);
		}
	}
	while (*rest == '\n')
		rest++;
	return *rest ? strdup(rest) : NULL;
}

bool tq_tracefs_readme_has(struct tq_tracefs *tfs, const char *text)
{
	if (!tfs->readme_loaded) {
		tfs->readme_loaded = true;
		if (tq_tracefs_read(tfs, "README", &tfs->readme, NULL) < 0)
			tfs->readme = NULL;
	}
	return tfs->readme && strstr(tfs->readme, text);
}

int tq_instance_name_check(const char *name)
{
	size_t len = strlen(name);

	if (!len)
		return tq_fail(EINVAL, "an instance name cannot be empty");
	if (len > TQ_INSTANCE_NAME_MAX)
		return tq_fail(EINVAL, "instance name '%.40s...' is %zu bytes long; the kernel "
			       "allows at most %d", name, len, TQ_INSTANCE_NAME_MAX);
	if (strchr(name, '/') || name[0] == '.' || name[0] == '-')
		return tq_fail(EINVAL, "'%s' is not a valid instance name: give one directory name "
			       "under instances/, without '/' and not starting with '.' or '-'",
			       name);
	return 0;
}

const char *tq_instance_dir(const char *instance, char *buf, size_t size)
{
	if (!instance || !*instance)
		return "";
	snprintf(buf, size, "instances/%s/", instance);
	return buf;
}

int tq_tracefs_list_instances(const struct tq_tracefs *tfs, struct tq_strlist *out)
{
	char *dir = tq_tracefs_path(tfs, "instances");
	struct dirent **ents = NULL;
	int n, i, ret = 0;

	if (!dir)
		return -ENOMEM;
	n = scandir(dir, &ents, NULL, alphasort);
	free(dir);
	/* a kernel without instances, or a copy of a tracefs without them, has none */
	if (n < 0)
		return errno == ENOENT || errno == ENOTDIR ? 0 : tq_fail(errno, "cannot list "
			"'%s/instances': %s", tq_tracefs_root(tfs), strerror(errno));
	for (i = 0; i < n; i++) {
		if (ents[i]->d_name[0] != '.' && ents[i]->d_type == DT_DIR && !ret)
			ret = tq_strlist_add(out, ents[i]->d_name);
		free(ents[i]);
	}
	free(ents);
	return ret;
}
