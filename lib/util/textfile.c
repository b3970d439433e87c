// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/diag.h"
#include "util/textfile.h"

static int open_text(const char *path, int *fd)
{
	struct stat st;
	int flags;

	if (!strcmp(path, "-")) {
		*fd = STDIN_FILENO;
		return 0;
	}
	*fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (*fd < 0)
		return tq_fail(errno, "cannot open '%s': %s", path, strerror(errno));
	if (fstat(*fd, &st) || S_ISDIR(st.st_mode) || S_ISBLK(st.st_mode)) {
		close(*fd);
		return tq_fail(EINVAL, "'%s' is not a file to read a query from", path);
	}
	/* from here on a FIFO with a writer may make us wait for its data, as a pipe does */
	flags = fcntl(*fd, F_GETFL);
	if (flags < 0 || fcntl(*fd, F_SETFL, flags & ~O_NONBLOCK)) {
		close(*fd);
		return tq_fail(errno, "cannot read '%s': %s", path, strerror(errno));
	}
	return 0;
}

static int check_nul(const char *path, const char *buf, size_t len)
{
	const char *nul = memchr(buf, '\0', len);
	size_t line = 1, col = 1;

	if (!nul)
		return 0;
	for (const char *p = buf; p < nul; p++) {
		col++;
		if (*p == '\n') {
			line++;
			col = 1;
		}
	}
	return tq_fail(EINVAL, "'%s' has a NUL byte at line %zu, column %zu (offset %zu): "
		       "a query is text", path, line, col, (size_t)(nul - buf));
}

int tq_read_text_file(const char *path, size_t max, char **out)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	int fd, ret;

	*out = NULL;
	if (!buf)
		return tq_fail(ENOMEM, "out of memory");
	ret = open_text(path, &fd);
	if (ret) {
		free(buf);
		return ret;
	}
	for (;;) {
		ssize_t n;

		if (len == cap - 1) {
			char *nb;

			if (len > max)
				break;
			cap *= 2;
			nb = realloc(buf, cap);
			if (!nb) {
				ret = tq_fail(ENOMEM, "out of memory");
				break;
			}
			buf = nb;
		}
		n = read(fd, buf + len, cap - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = tq_fail(errno, "cannot read '%s': %s", path, strerror(errno));
			break;
		}
		if (n == 0)
			break;
		len += n;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	if (!ret && len > max)
		ret = tq_fail(EFBIG, "'%s' is longer than %zu bytes: a query is at most that long",
			      path, max);
	if (!ret)
		ret = check_nul(path, buf, len);
	if (ret) {
		free(buf);
		return ret;
	}
	buf[len] = '\0';
	*out = buf;
	return 0;
}
