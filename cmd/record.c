// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tq record: configure tracing through a plan, copy the ring buffers while a command runs
 * (or until Ctrl-C / -d), put tracefs back, and write a trace.dat file.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <dirent.h>
#include <grp.h>
#include <pwd.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "builtin.h"
#include "config-options.h"
#include "tracedat/live.h"
#include "tracedat/recorder.h"
#include "tracedat/write.h"
#include "tracefs/access.h"
#include "tracefs/plan.h"
#include "util/diag.h"
#include "util/strlist.h"

struct record {
	/* options */
	const char *output;
	int duration;
	bool follow;
	bool children;
	bool keep;
	bool all_instances;
	const char *compression;
	int file_version;
	int cmdlines_size;
	int rt_priority;	/* -r: of the recorder threads, 0 for none */
	bool date;
	bool quiet;
	const char *user;	/* --user: the command runs as this user */
	const char *ts_offset;	/* --ts-offset: added to every timestamp by the readers */
	const char *temp_dir;	/* --temp: where the per-CPU files go */
	int max_kb;		/* -m: per CPU, the newest pages kept */
	bool profile;		/* --profile: trace-cmd's profile events */
	bool profile_manual;	/* -S: none of them, the user's -e only */
	bool ignored_bool;	/* flags taken for trace-cmd's sake that change nothing here */
	int sleep_us;
	bool no_filter;		/* --no-filter: tq's own threads recorded too */
	char *prefix;		/* of the per-CPU files */
	char *ftrace_enabled;	/* -D: what /proc/sys/kernel/ftrace_enabled held */
	uid_t uid;
	gid_t gid;
	/* state */
	struct config_set set;
	struct tq_tracefs *tfs;
	struct tq_plan undo;
	struct tq_plan undo_wakeups;	/* of plan_wakeups, undone first */
	struct tq_plan undo_self;	/* of plan_self_filter, undone with it */
	bool applied;
	struct tq_recorder *rec;
	pid_t child;
	int go_fd;		/* writing a byte lets the child exec */
	int exec_fd;		/* the child's errno if its exec fails, EOF once it succeeded */
	bool child_done;
	int child_status;
	sigset_t oldmask;
	struct tq_tdw_opts wopts;
	/* tq stream */
	bool stream;
	struct tq_live *live;
};

/*
 * trace-cmd record flags that tq takes with the same meaning, or, where tq's design makes
 * them moot, takes and documents (Documentation/tq-trace-cmd.adoc): -s and --poll (tq's
 * recorder is woken by the kernel, not a timer), -G and --by-comm (report --profile's).
 */
#define RECORD_COMPAT_OPTIONS(r) \
	OPT_STRING(0, "user", &(r).user, "USER", "run the command as USER"), \
	OPT_BOOL(0, "no-filter", &(r).no_filter, "record tq's own threads too"), \
	OPT_BOOL(0, "profile", &(r).profile, "record what 'report --profile' needs"), \
	OPT_BOOL('S', "profile-manual", &(r).profile_manual, \
		 "with --profile: only the events given here"), \
	OPT_BOOL('G', "profile-global-irq", &(r).ignored_bool, \
		 "with --profile: irqs global (a report-time choice)"), \
	OPT_BOOL(0, "by-comm", &(r).ignored_bool, \
		 "with --profile: merge like comms (a report-time choice)"), \
	OPT_INT('s', "sleep", &(r).sleep_us, "USECS", \
		"trace-cmd's read interval (tq is woken by the kernel)"), \
	OPT_BOOL(0, "poll", &(r).ignored_bool, "trace-cmd's non-blocking reads (tq: the same)")

static const char *buffer_dir(const struct tq_config *cfg, char *buf, size_t size)
{
	return tq_instance_dir(cfg->instance, buf, size);
}

/*
 * As trace-cmd: with -B, the top buffer is recorded only when flags were given for it too;
 * it then stays untouched (someone else may be using it).
 */
static bool recorded(const struct record *r, size_t i)
{
	return i > 0 || r->set.nconfigs == 1 || !tq_config_empty(&r->set.configs[0]);
}

/* A plan that writes the same file of every recorded buffer. */
static int plan_each_buffer(struct record *r, struct tq_plan *plan, const char *file,
			    const char *text, unsigned flags)
{
	for (size_t i = 0; i < r->set.nconfigs; i++) {
		char dir[300];

		if (!recorded(r, i))
			continue;
		if (tq_plan_writef(plan, text, flags, "%s%s",
				   buffer_dir(&r->set.configs[i], dir, sizeof(dir)), file))
			return -ENOMEM;
	}
	return 0;
}

/* Apply a plan whose undo is already covered by the main undo plan. */
static int apply_quietly(struct record *r, struct tq_plan *plan)
{
	struct tq_plan undo;
	int ret;

	tq_plan_init(&undo);
	ret = run_plan(plan, false, r->tfs, &undo);
	tq_plan_release(&undo);
	return ret;
}

static int set_tracing(struct record *r, const char *on)
{
	struct tq_plan plan;
	int ret;

	tq_plan_init(&plan);
	ret = plan_each_buffer(r, &plan, "tracing_on", on, 0);
	ret = ret ? error("out of memory") : apply_quietly(r, &plan);
	tq_plan_release(&plan);
	return ret;
}

/* 0 when execve may run path, else why not (a directory cannot be run either). */
static int runnable(const char *path)
{
	struct stat st;

	if (faccessat(AT_FDCWD, path, X_OK, AT_EACCESS) < 0)
		return errno;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode) ? EACCES : 0;
}

/*
 * What execvp(3) would find for name, so that a command that is not there fails before
 * tracefs is changed: ENOENT when no PATH entry has it, EACCES when none that has it may
 * be run, else 0 (the exec still decides: see start_command).
 */
static int find_command(const char *name)
{
	const char *path = getenv("PATH"), *dir, *end;
	char dflt[256];
	int found = ENOENT;

	if (!*name)
		return ENOENT;
	if (strchr(name, '/'))
		return runnable(name);
	if (!path) {
		confstr(_CS_PATH, dflt, sizeof(dflt));
		path = dflt;
	}
	for (dir = path;; dir = end + 1) {
		char *full;
		int err;

		end = strchrnul(dir, ':');
		/* an empty entry is the current directory */
		if (asprintf(&full, "%.*s%s%s", (int)(end - dir), dir, end > dir ? "/" : "",
			     name) < 0)
			return 0;
		err = runnable(full);
		free(full);
		if (!err)
			return 0;
		if (err == EACCES)
			found = EACCES;
		if (!*end)
			return found;
	}
}

/* --user, in the child: its groups, then its gid, then its uid (the other way fails). */
static int become_user(const struct record *r)
{
	if (initgroups(r->user, r->gid) < 0 || setgid(r->gid) < 0 || setuid(r->uid) < 0)
		return -1;
	return 0;
}

static int lookup_user(struct record *r)
{
	struct passwd *pw;

	errno = 0;
	pw = getpwnam(r->user);
	if (!pw)
		return usage_error("--user: no user '%s'%s%s", r->user, errno ? ": " : "",
				   errno ? strerror(errno) : "");
	r->uid = pw->pw_uid;
	r->gid = pw->pw_gid;
	return 0;
}

/*
 * The command waits on a pipe until tracing is on, so that its first events are recorded
 * and -F knows its pid before it runs. If its exec fails, it sends errno on a second pipe,
 * which the exec closes when it succeeds.
 */
static int fork_command(struct record *r, char **argv)
{
	int go[2], ex[2];
	int err = find_command(argv[0]);

	if (err)
		return error("cannot run '%s': %s", argv[0], strerror(err));
	if (pipe2(go, O_CLOEXEC) < 0)
		return error_errno("cannot create a pipe");
	if (pipe2(ex, O_CLOEXEC) < 0) {
		err = error_errno("cannot create a pipe");
		close(go[0]);
		close(go[1]);
		return err;
	}
	fflush(NULL);
	r->child = fork();
	if (r->child < 0) {
		err = error_errno("cannot fork");
		close(go[0]);
		close(go[1]);
		close(ex[0]);
		close(ex[1]);
		return err;
	}
	if (r->child == 0) {
		ssize_t w;
		char byte;

		close(go[1]);
		close(ex[0]);
		sigprocmask(SIG_SETMASK, &r->oldmask, NULL);
		signal(SIGPIPE, SIG_DFL);
		if (read(go[0], &byte, 1) != 1)
			_exit(127);
		close(go[0]);
		if (r->user && become_user(r) < 0) {
			err = errno;
			w = write(ex[1], &err, sizeof(err));
			_exit(127);
		}
		execvp(argv[0], argv);
		err = errno;
		/* should even this fail, the parent sees EOF and then the exit status 127 */
		w = write(ex[1], &err, sizeof(err));
		(void)w;
		_exit(127);
	}
	close(go[0]);
	close(ex[1]);
	r->go_fd = go[1];
	r->exec_fd = ex[0];
	return 0;
}

/* Let the command exec, and fail if it cannot: a recording of nothing is no result. */
static int start_command(struct record *r, const char *name)
{
	ssize_t n = write(r->go_fd, "g", 1);
	int err = errno;

	close(r->go_fd);
	r->go_fd = -1;
	if (n != 1) {
		errno = err;
		return error_errno("cannot start '%s'", name);
	}
	/* blocks only until the exec is done: EOF then, as the pipe closes on exec */
	do {
		n = read(r->exec_fd, &err, sizeof(err));
	} while (n < 0 && errno == EINTR);
	close(r->exec_fd);
	r->exec_fd = -1;
	if (n != sizeof(err))
		return 0;
	waitpid(r->child, &r->child_status, 0);
	r->child_done = true;
	/* the file is there (find_command saw it): its #! line or ELF interpreter is not */
	if (err == ENOENT)
		return error("cannot run '%s': %s (is its interpreter missing?)", name,
			     strerror(err));
	return error("cannot run '%s': %s", name, strerror(err));
}

/* trace-cmd's enable_profile(): what report --profile reads, where the kernel has it. */
static const char *const profile_stack_events[] = { "sched/sched_switch", "sched/sched_wakeup" };
static const char *const profile_events_list[] = {
	"exceptions/page_fault_user", "irq/irq_handler_entry", "irq/irq_handler_exit",
	"irq/softirq_entry", "irq/softirq_exit", "irq/softirq_raise",
	"sched/sched_process_exec", "raw_syscalls",
};

static bool has_event(struct tq_config *cfg, const char *spec)
{
	for (size_t i = 0; i < cfg->nevents; i++)
		if (!strcmp(cfg->events[i].spec, spec))
			return true;
	return false;
}

/* A tracefs file this process may open: the function tracer's are forbidden in places. */
static bool usable(struct record *r, const char *rel)
{
	char *path = tq_tracefs_path(r->tfs, rel);
	int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;

	free(path);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

static int add_profile_event(struct record *r, struct tq_config *cfg, const char *spec,
			     bool stack)
{
	char rel[300];

	snprintf(rel, sizeof(rel), "events/%s", spec);
	if (!tq_tracefs_exists(r->tfs, rel) || has_event(cfg, spec))
		return 0;
	if (tq_config_add_event(cfg, spec))
		return error("out of memory");
	/* as trace-cmd: the stack of every switch and wakeup, for report --profile's blocked
	 * and wakeup stacks; a kernel without the trigger gets the stacktrace option */
	snprintf(rel, sizeof(rel), "events/%s/trigger", spec);
	if (stack && tq_tracefs_exists(r->tfs, rel))
		return tq_config_add_trigger(cfg, "stacktrace") ? error("out of memory") : 0;
	if (stack)
		cfg->stacktrace = true;
	return 0;
}

static int profile_events(struct record *r)
{
	struct tq_config *cfg = &r->set.configs[0];
	size_t i;

	/* trace-cmd's function_graph at depth 1: user/kernel time of every task */
	if (!cfg->tracer && usable(r, "max_graph_depth") && usable(r, "set_ftrace_filter")) {
		cfg->tracer = strdup("function_graph");
		if (!cfg->tracer)
			return error("out of memory");
		cfg->max_graph_depth = 1;
	} else if (!cfg->tracer) {
		warning("--profile: this kernel has no usable function_graph depth limit "
			"(max_graph_depth): skipping user/kernel profiling");
	}
	for (i = 0; i < sizeof(profile_stack_events) / sizeof(*profile_stack_events); i++)
		if (add_profile_event(r, cfg, profile_stack_events[i], true))
			return -1;
	for (i = 0; i < sizeof(profile_events_list) / sizeof(*profile_events_list); i++)
		if (add_profile_event(r, cfg, profile_events_list[i], false))
			return -1;
	return 0;
}

/*
 * As trace-cmd: tq's own threads (the recorders, which read and write all the time) are
 * kept out of the events of every recorded buffer, unless --no-filter. Their pids mean
 * nothing once tq is gone, so they are put back even with -k.
 */
static int plan_self_filter(struct record *r, struct tq_plan *plan)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *de;
	char *tids = NULL;
	size_t len = 0;
	FILE *f;
	int ret = 0;

	if (!d)
		return error_errno("cannot list '/proc/self/task'");
	f = open_memstream(&tids, &len);
	if (!f) {
		closedir(d);
		return error("out of memory");
	}
	for (bool first = true; (de = readdir(d)); first = false)
		if (de->d_name[0] != '.')
			fprintf(f, "%s%s", first ? "" : " ", de->d_name);
	closedir(d);
	if (fclose(f))
		return error("out of memory");
	for (size_t i = 0; !ret && i < r->set.nconfigs; i++) {
		char dir[300], rel[400];

		if (!recorded(r, i))
			continue;
		snprintf(rel, sizeof(rel), "%sset_event_notrace_pid",
			 buffer_dir(&r->set.configs[i], dir, sizeof(dir)));
		if (tq_tracefs_exists(r->tfs, rel) && tq_plan_write(plan, rel, tids, 0))
			ret = error("out of memory");
	}
	free(tids);
	return ret;
}

static int build_plan(struct record *r, struct tq_plan *plan)
{
	char pid[32];
	int ret;

	for (size_t i = 0; i < r->set.nconfigs; i++) {
		/* -F is -P with the command's pid, so that function tracers follow it too */
		if (r->follow && recorded(r, i)) {
			snprintf(pid, sizeof(pid), "%d", (int)r->child);
			if (tq_config_add_pid(&r->set.configs[i], pid))
				return error("out of memory");
			r->set.configs[i].pid_forks = r->children ? 1 : -1;
		}
		ret = config_plan_one(&r->set, i, r->tfs, plan);
		if (ret)
			return ret;
	}
	if (r->cmdlines_size > 0) {
		snprintf(pid, sizeof(pid), "%d", r->cmdlines_size);
		ret = tq_plan_write(plan, "saved_cmdlines_size", pid, 0);
	}
	/* quiet buffers, emptied, so that the file holds this recording only */
	if (!ret)
		ret = plan_each_buffer(r, plan, "tracing_on", "0", 0);
	if (!ret)
		ret = plan_each_buffer(r, plan, "trace", "", TQ_STEP_NO_UNDO);
	return ret ? error("out of memory") : 0;
}

/*
 * The recorder threads are woken when a buffer is buffer_percent full: at the kernel's 50
 * when the other half is 8 pages or more, headroom enough for a real-time thread (see the
 * recorder), as waking it twice as often costs CPU time (15% more with 64 KiB buffers and
 * a syscall-heavy task, for hardly fewer events lost). A smaller buffer needs more of
 * itself as headroom: a quarter, but never so low that one dirty page wakes them, as that
 * page may be the one the kernel still writes, which splice cannot take.
 */
static int plan_wakeups(struct record *r, struct tq_plan *plan)
{
	long page_kb = sysconf(_SC_PAGESIZE) / 1024;

	for (size_t i = 0; i < r->set.nconfigs; i++) {
		char dirbuf[300], rel[400], pct_text[16];
		const char *dir;
		long kb, pages, pct;
		char *text;

		if (!recorded(r, i))
			continue;
		dir = buffer_dir(&r->set.configs[i], dirbuf, sizeof(dirbuf));
		snprintf(rel, sizeof(rel), "%sbuffer_percent", dir);
		if (!tq_tracefs_exists(r->tfs, rel))
			continue;
		snprintf(rel, sizeof(rel), "%sbuffer_size_kb", dir);
		if (tq_tracefs_read(r->tfs, rel, &text, NULL))
			continue;
		kb = strtol(text, NULL, 10);
		free(text);
		pages = page_kb > 0 ? kb / page_kb : 0;
		if (pages <= 0)
			continue;
		pct = pages / 2 >= 8 ? 50 : (100 + pages - 1) / pages;
		pct = pct < 25 ? 25 : pct > 50 ? 50 : pct;
		snprintf(pct_text, sizeof(pct_text), "%ld", pct);
		if (tq_plan_writef(plan, pct_text, 0, "%sbuffer_percent", dir))
			return error("out of memory");
	}
	return 0;
}

static void note_child(struct record *r)
{
	int status;

	if (r->child > 0 && !r->child_done && waitpid(r->child, &status, WNOHANG) == r->child) {
		r->child_done = true;
		r->child_status = status;
	}
}

/*
 * A command that ran and failed still gave a recording, often the one wanted (why does it
 * fail?): as trace-cmd, the file is written and tq exits 0, but says so.
 */
static void report_command(struct record *r, char **argv)
{
	int st;

	note_child(r);
	if (!r->child_done)
		return;
	st = r->child_status;
	if (WIFEXITED(st) && WEXITSTATUS(st))
		warning("'%s' exited with status %d", argv[0], WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		warning("'%s' was killed by signal %d (%s)", argv[0], WTERMSIG(st),
			strsignal(WTERMSIG(st)));
}

/*
 * Until the command ends, -d runs out, Ctrl-C/SIGTERM/SIGHUP/SIGQUIT, or a recorder thread
 * fails. The signals arrive through a signalfd; tq stream also prints what came in every
 * 100 ms.
 */
/*
 * tq stream: print what the ring buffers hold now. 0, 1 once stdout is gone (a closed
 * pipe, | head, ends the stream like Ctrl-C; tracefs is still restored), -1 on error.
 */
static int stream_drain(struct record *r)
{
	int err = tq_live_drain(r->live);

	if (fflush(stdout) == EOF || ferror(stdout)) {
		/* nobody reads any more: what is still buffered goes nowhere, quietly */
		int null = open("/dev/null", O_WRONLY | O_CLOEXEC);

		if (null >= 0) {
			dup2(null, STDOUT_FILENO);
			close(null);
		}
		clearerr(stdout);
		return 1;
	}
	return err ? error("%s", tq_errmsg(err)) : 0;
}

static void wait_for_end(struct record *r)
{
	struct timespec end, now;
	sigset_t set;
	int sfd;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGQUIT);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGUSR1);
	sfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (sfd < 0) {
		error_errno("signalfd");
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += r->duration;
	for (;;) {
		struct pollfd pfd = { .fd = sfd, .events = POLLIN };
		struct signalfd_siginfo si;
		long timeout = -1;

		note_child(r);
		if (r->child > 0 && r->child_done)
			break;
		if (r->duration > 0) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			timeout = (end.tv_sec - now.tv_sec) * 1000L +
				  (end.tv_nsec - now.tv_nsec) / 1000000L;
			if (timeout <= 0)
				break;
		}
		if (r->live && (timeout < 0 || timeout > 100))
			timeout = 100;
		if (poll(&pfd, 1, (int)timeout) < 0 && errno != EINTR)
			break;
		if (r->live && stream_drain(r))
			break;
		if ((pfd.revents & POLLIN) && read(sfd, &si, sizeof(si)) == sizeof(si) &&
		    si.ssi_signo != SIGCHLD)
			break;
	}
	close(sfd);
}

static void print_stats(struct record *r)
{
	int nb = tq_recorder_nbuffers(r->rec), ncpus = tq_recorder_ncpus(r->rec);

	for (int b = 0; b < nb; b++) {
		const char *name = tq_recorder_buffer_name(r->rec, b);
		uint64_t lost;
		long kb;

		for (int c = 0; c < ncpus && !r->quiet; c++) {
			const struct tq_cpu_stats *s = tq_recorder_stats(r->rec, b, c);

			fprintf(stderr, "%s%s%scpu%d: %llu events read, %llu overrun, %llu dropped, "
				"%llu bytes recorded\n", *name ? "instance " : "", name,
				*name ? " " : "", c, (unsigned long long)s->read,
				(unsigned long long)(s->overrun + s->commit_overrun),
				(unsigned long long)s->dropped,
				(unsigned long long)tq_recorder_bytes(r->rec, b, c));
		}
		lost = tq_recorder_lost(r->rec, b, &kb);
		if (lost && kb)
			warning("%llu events were LOST in the %s%s%s buffer: the recorder did not "
				"keep up; a bigger buffer (-b %ld) would probably have held them",
				(unsigned long long)lost, *name ? "'" : "top", name, *name ? "'" : "",
				kb);
		else if (lost)
			warning("%llu events were LOST in the %s%s%s buffer",
				(unsigned long long)lost, *name ? "'" : "top", name, *name ? "'" : "");
	}
}

static int restore(struct record *r)
{
	int ret, err = 0;

	if (!r->applied)
		return 0;
	r->applied = false;
	/* buffer_percent is how tq's recorder is woken, not the user's: back even with -k */
	ret = tq_plan_undo(&r->undo_wakeups, r->tfs);
	err = tq_plan_undo(&r->undo_self, r->tfs);
	ret = ret ? ret : err;
	err = 0;
	if (!r->keep)
		err = tq_plan_undo(&r->undo, r->tfs);
	ret = err ? err : ret;
	if (r->ftrace_enabled && !r->keep && config_ftrace_enabled(r->ftrace_enabled, NULL))
		ret = ret ? ret : -EPERM;
	if (ret)
		return error("could not restore tracefs completely: %s", tq_errmsg(ret));
	return 0;
}

static int write_file(struct record *r)
{
	struct tq_collect_opts copts = { .date = r->date, .version = "tq " TQ_VERSION };
	struct tq_tdw *tdw = tq_tdw_new();
	uint64_t bytes = 0;
	int ret, restored;

	if (!tdw)
		return error("out of memory");
	ret = tq_recorder_collect(r->rec, tdw, &copts);
	if (!ret && r->ts_offset)
		ret = tq_tdw_set_blob(tdw, TQ_TDW_OFFSET, r->ts_offset, strlen(r->ts_offset));
	if (ret) {
		tq_tdw_free(tdw);
		return error("%s", tq_errmsg(ret));
	}
	/* everything is collected: tracefs can go back before the (long) write */
	restored = restore(r);	/* prints its own failure; the file is still worth writing */
	ret = tq_tdw_write(tdw, r->output, &r->wopts, &bytes);
	tq_tdw_free(tdw);
	if (ret)
		return error("%s", tq_errmsg(ret));
	if (!r->quiet)
		fprintf(stderr, "wrote '%s': trace.dat version %d, %s, %llu bytes\n", r->output,
			r->wopts.compression == TQ_TDW_COMP_NONE ? r->wopts.version : 7,
			tq_tdw_compression_name(r->wopts.compression), (unsigned long long)bytes);
	return restored;
}

static int check_options(struct record *r, int argc)
{
	struct stat st;

	if (!r->stream && !*r->output)
		return usage_error("-o needs a file name");
	if (!r->stream && stat(r->output, &st) == 0 && S_ISDIR(st.st_mode))
		return usage_error("'%s' is a directory: -o needs a file name", r->output);
	if (r->file_version != 6 && r->file_version != 7)
		return usage_error("unsupported file version %d (6 or 7)", r->file_version);
	if (r->rt_priority && (r->rt_priority < sched_get_priority_min(SCHED_FIFO) ||
			       r->rt_priority > sched_get_priority_max(SCHED_FIFO)))
		return usage_error("-r takes a real-time priority from %d to %d, or 0 for none",
				   sched_get_priority_min(SCHED_FIFO),
				   sched_get_priority_max(SCHED_FIFO));
	if (r->compression) {
		int ret = tq_tdw_parse_compression(r->compression, &r->wopts.compression);

		if (ret)
			return usage_error("%s", tq_errmsg(ret));
		if (r->file_version == 6 && r->wopts.compression != TQ_TDW_COMP_NONE)
			warning("compression needs file version 7: writing version 7");
	} else {
		r->wopts.compression = r->file_version == 6 ? TQ_TDW_COMP_NONE : TQ_TDW_COMP_ZSTD;
	}
	r->wopts.version = r->file_version;
	if (r->duration < 0)
		return usage_error("--duration needs a number of seconds >= 0");
	if (r->max_kb < 0)
		return usage_error("-m needs a size in KiB per CPU, > 0");
	if (r->user && !argc)
		return usage_error("--user needs a command to run");
	if (r->user && lookup_user(r))
		return -1;
	if (r->temp_dir) {
		struct stat td;

		if (stat(r->temp_dir, &td) < 0 || !S_ISDIR(td.st_mode))
			return usage_error("--temp '%s' is not a directory", r->temp_dir);
	}

	if (r->cmdlines_size < 0)
		return usage_error("--cmdlines-size needs a positive number");
	if (r->follow && !argc)
		return usage_error("-F needs a command to run");
	if (r->children && !r->follow)
		return usage_error("-c only makes sense with -F");
	if (config_set_finish(&r->set))
		return -1;
	if (r->ts_offset) {
		char *end;

		errno = 0;
		(void)strtoll(r->ts_offset, &end, 0);
		if (errno || end == r->ts_offset || *end)
			return usage_error("--ts-offset needs a number of nanoseconds, not '%s'",
					   r->ts_offset);
		if (r->date)
			return usage_error("--date and --ts-offset cannot both be given (as in "
					   "trace-cmd: the file holds one of them)");
	}
	if (r->sleep_us < 0)
		return usage_error("-s needs a number of microseconds >= 0");
	if (r->profile_manual && !r->profile)
		return usage_error("-S only makes sense with --profile");
	if (tq_config_empty(&r->set.configs[0]) && r->set.nconfigs == 1 && !r->all_instances &&
	    !(r->profile && !r->profile_manual))
		return usage_error("nothing to record: give events (-e) or a tracer (-p)");
	return 0;
}

/*
 * --instances: every instance that exists joins the recording as it is configured (an
 * empty configuration of its own: nothing in it is changed but tracing_on and, with -F,
 * the pid filter, both put back at the end).
 */
static int add_existing_instances(struct record *r)
{
	struct tq_strlist names;
	int ret;

	tq_strlist_init(&names);
	ret = tq_tracefs_list_instances(r->tfs, &names);
	if (ret)
		ret = error("%s", tq_errmsg(ret));
	for (size_t i = 0; !ret && i < names.len; i++) {
		size_t j;

		for (j = 1; j < r->set.nconfigs; j++)
			if (!strcmp(r->set.configs[j].instance, names.items[i]))
				break;
		if (j == r->set.nconfigs && config_opt_instance(NULL, names.items[i], &r->set))
			ret = -1;
	}
	tq_strlist_release(&names);
	if (!ret && r->set.nconfigs == 1 && tq_config_empty(&r->set.configs[0]))
		ret = error("nothing to record: --instances found no instance, and no events (-e) "
			    "or tracer (-p) were given for the top buffer");
	return ret;
}

static int start_stream(struct record *r)
{
	const char **names = calloc(r->set.nconfigs, sizeof(*names));
	size_t n = 0;
	int ret;

	if (!names)
		return error("out of memory");
	for (size_t i = 0; i < r->set.nconfigs; i++)
		if (recorded(r, i))
			names[n++] = r->set.configs[i].instance;
	ret = tq_live_open(&r->live, r->tfs, names, n, stdout);
	free(names);
	return ret ? error("%s", tq_errmsg(ret)) : 0;
}

static int start_recorder(struct record *r)
{
	int err;

	if (r->temp_dir) {
		const char *base = strrchr(r->output, '/');

		if (asprintf(&r->prefix, "%s/%s", r->temp_dir, base ? base + 1 : r->output) < 0)
			return error("out of memory");
	} else if (!(r->prefix = strdup(r->output))) {
		return error("out of memory");
	}
	err = tq_recorder_new(&r->rec, r->tfs, r->prefix);

	for (size_t i = 0; !err && i < r->set.nconfigs; i++) {
		int b = recorded(r, i) ? tq_recorder_add_buffer(r->rec, r->set.configs[i].instance)
				       : 0;

		err = b < 0 ? b : 0;
	}
	if (!err)
		err = tq_recorder_set_rt_priority(r->rec, r->rt_priority);
	if (!err) {
		tq_recorder_set_notify_signal(r->rec, SIGUSR1);
		err = tq_recorder_start(r->rec);
	}
	return err ? error("%s", tq_errmsg(err)) : 0;
}

/* -m: the newest keep bytes of a per-CPU file move to its start, the rest is cut off. */
static int keep_newest(const char *path, off_t keep)
{
	char buf[65536];
	struct stat st;
	off_t from, to = 0;
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return errno == ENOENT ? 0 : error_errno("cannot open '%s'", path);
	if (fstat(fd, &st) < 0 || st.st_size <= keep) {
		close(fd);
		return 0;
	}
	for (from = st.st_size - keep; from < st.st_size;) {
		ssize_t n = pread(fd, buf, sizeof(buf), from);

		if (n <= 0 || pwrite(fd, buf, (size_t)n, to) != n) {
			close(fd);
			return error_errno("cannot shorten '%s' (-m)", path);
		}
		from += n;
		to += n;
	}
	if (ftruncate(fd, keep) < 0) {
		close(fd);
		return error_errno("cannot shorten '%s' (-m)", path);
	}
	close(fd);
	return 0;
}

/*
 * -m KB: as trace-cmd, at most KB of each CPU's pages go into the file, the oldest dropped.
 * trace-cmd rotates two halves while recording (keeping between KB/2 and KB); tq cuts the
 * per-CPU file once at the end, keeping the newest whole pages that fit in KB (one at
 * least), so the file holds the same kind of tail, and never less than KB/2.
 */
static int apply_max_kb(struct record *r)
{
	long page = sysconf(_SC_PAGESIZE);
	off_t keep = (off_t)r->max_kb * 1024 / page * page;
	int nb = tq_recorder_nbuffers(r->rec), ncpus = tq_recorder_ncpus(r->rec);

	if (keep < page)
		keep = page;
	for (int b = 0; b < nb; b++) {
		const char *name = tq_recorder_buffer_name(r->rec, b);

		for (int c = 0; c < ncpus; c++) {
			char path[4096];

			if (*name)
				snprintf(path, sizeof(path), "%s.%s.cpu%d", r->prefix, name, c);
			else
				snprintf(path, sizeof(path), "%s.cpu%d", r->prefix, c);
			if (keep_newest(path, keep))
				return -1;
		}
	}
	return 0;
}

/* What the kernel still holds, the stats that say what was lost, then the file. */
static int finish_recording(struct record *r)
{
	int err = tq_recorder_stop(r->rec);

	if (!err)
		err = tq_recorder_read_stats(r->rec);
	if (err)
		return error("%s", tq_errmsg(err));
	print_stats(r);
	if (r->max_kb && apply_max_kb(r))
		return -1;
	return write_file(r);
}

static int record(struct record *r, int argc, char **argv)
{
	struct tq_plan plan;
	sigset_t block;
	int ret, err;

	tq_plan_init(&plan);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGUSR1);
	/* before any thread or child exists, so that all of them inherit it */
	sigprocmask(SIG_BLOCK, &block, &r->oldmask);

	ret = open_tracefs(&r->tfs);
	if (!ret && r->all_instances)
		ret = add_existing_instances(r);
	if (!ret && r->profile && !r->profile_manual)
		ret = profile_events(r);
	if (ret)
		goto out;
	if (argc) {
		ret = fork_command(r, argv);
		if (ret)
			goto out;
	}
	ret = build_plan(r, &plan);
	if (ret)
		goto out;
	ret = run_plan(&plan, false, r->tfs, &r->undo);
	if (ret)
		goto out;
	r->applied = true;
	/* after the main plan, which sets the buffer sizes and makes the instances */
	if (!r->stream) {
		tq_plan_release(&plan);
		tq_plan_init(&plan);
		ret = plan_wakeups(r, &plan);
		if (!ret)
			ret = run_plan(&plan, false, r->tfs, &r->undo_wakeups);
		if (ret)
			goto out;
	}

	ret = r->stream ? start_stream(r) : start_recorder(r);
	if (!ret && !r->no_filter) {
		tq_plan_release(&plan);
		tq_plan_init(&plan);
		ret = plan_self_filter(r, &plan);
		if (!ret)
			ret = run_plan(&plan, false, r->tfs, &r->undo_self);
	}
	if (!ret && r->set.total_disable) {
		ret = config_ftrace_enabled("0", &r->ftrace_enabled);
	}
	if (ret)
		goto out;
	ret = set_tracing(r, "1");
	if (ret)
		goto out;
	if (r->go_fd >= 0) {
		ret = start_command(r, argv[0]);
		if (ret)
			goto out;
	}
	if (!r->quiet && !r->stream && r->child < 0 && !r->duration)
		fprintf(stderr, "recording; Ctrl-C stops\n");
	wait_for_end(r);
	ret = set_tracing(r, "0");
	report_command(r, argv);
	if (r->stream) {
		err = stream_drain(r);
		ret = ret ? ret : err < 0 ? err : 0;
		/* an open trace_pipe_raw keeps its instance from being removed */
		tq_live_close_fds(r->live);
	} else {
		err = finish_recording(r);
		ret = ret ? ret : err;
	}
out:
	if (r->exec_fd >= 0) {
		close(r->exec_fd);
		r->exec_fd = -1;
	}
	if (r->go_fd >= 0) {
		/* the command never got to run: closing the pipe makes it exit */
		close(r->go_fd);
		r->go_fd = -1;
		waitpid(r->child, NULL, 0);
		r->child_done = true;
	}
	if (r->rec) {
		tq_recorder_stop(r->rec);
		tq_recorder_remove_files(r->rec);
	}
	tq_live_close_fds(r->live);
	err = restore(r);
	if (!ret)
		ret = err;
	note_child(r);
	tq_plan_release(&plan);
	return ret;
}

/* Parse, run, and release: shared by record and stream. Returns the exit code. */
static int run_session(struct record *r, int argc, char **argv, const struct option *options,
		       const char *const *usage)
{
	int ret;

	/* writing to a closed pipe must fail, not kill tq before tracefs is restored */
	signal(SIGPIPE, SIG_IGN);
	config_set_init(&r->set);
	tq_plan_init(&r->undo);
	tq_plan_init(&r->undo_wakeups);
	tq_plan_init(&r->undo_self);
	if (config_check_old_duration(argc, argv))
		argc = PARSE_OPT_ERROR;
	else
		argc = parse_options(argc, argv, options, usage, PARSE_OPT_STOP_AT_NON_OPTION,
				     &r->set);
	if (argc < 0)
		ret = parse_options_exit(argc);
	else if (!config_set_current(&r->set))
		ret = error("out of memory");
	else if (!(ret = check_options(r, argc)))
		ret = record(r, argc, argv);
	tq_recorder_free(r->rec);
	tq_live_free(r->live);
	tq_plan_release(&r->undo);
	tq_plan_release(&r->undo_wakeups);
	tq_plan_release(&r->undo_self);
	tq_tracefs_close(r->tfs);
	config_set_release(&r->set);
	free(r->prefix);
	free(r->ftrace_enabled);
	return ret;
}

int cmd_record(int argc, char **argv)
{
	static const char *const usage[] = {
		"tq record [options] [--] [command [args...]]",
		"",
		"Configure tracing, record every CPU's ring buffer while the command runs (or",
		"until Ctrl-C or -d), restore tracefs as it was, and write a trace.dat that",
		"trace-cmd and 'tq report' read.",
		NULL,
	};
	struct record r = {
		.output = "trace.dat",
		.file_version = 7,
		.rt_priority = 1,
		.go_fd = -1,
		.exec_fd = -1,
		.child = -1,
	};
	const struct option options[] = {
		CONFIG_OPTIONS,
		OPT_GROUP("recording"),
		OPT_STRING('o', "output", &r.output, "FILE", "write to FILE (default trace.dat)"),
		OPT_INT(0, "duration", &r.duration, "SECONDS", "stop after SECONDS"),
		OPT_BOOL('F', "follow", &r.follow, "trace only the command's events"),
		OPT_BOOL('c', "children", &r.children, "with -F, follow its children too"),
		OPT_BOOL('k', "keep", &r.keep, "leave the tracing settings in place at the end"),
		OPT_BOOL(0, "instances", &r.all_instances,
			 "also record every existing instance, as it is configured"),
		OPT_BOOL('q', "quiet", &r.quiet, "print only warnings and errors"),
		OPT_INT('r', "rt-priority", &r.rt_priority, "PRIO",
			"SCHED_FIFO priority of the recorder threads (default 1; 0: none)"),
		RECORD_COMPAT_OPTIONS(r),
		OPT_INT('m', "max-kb", &r.max_kb, "KB", "keep at most KB per CPU, the newest"),
		OPT_STRING(0, "temp", &r.temp_dir, "DIR", "put the per-CPU files in DIR"),
		OPT_GROUP("trace.dat file"),
		OPT_STRING(0, "compression", &r.compression, "ALG", "none, zstd (default), zlib"),
		OPT_INT(0, "file-version", &r.file_version, "N", "6 or 7 (default)"),
		OPT_INT(0, "cmdlines-size", &r.cmdlines_size, "N",
			"remember N task names (saved_cmdlines_size)"),
		OPT_BOOL(0, "date", &r.date, "store the wall-clock offset (report shows dates)"),
		OPT_STRING(0, "ts-offset", &r.ts_offset, "NS",
			   "store NS, which readers add to every timestamp"),
		OPT_END(),
	};

	return run_session(&r, argc, argv, options, usage);
}

int cmd_stream(int argc, char **argv)
{
	static const char *const usage[] = {
		"tq stream [options] [--] [command [args...]]",
		"",
		"Configure tracing like 'tq record' and print the events as they come, in the",
		"format of 'tq report', until the command ends, Ctrl-C or -d; then restore",
		"tracefs as it was. Nothing is written to disk.",
		NULL,
	};
	struct record r = {
		.file_version = 7,
		.go_fd = -1,
		.exec_fd = -1,
		.child = -1,
		.stream = true,
	};
	const struct option options[] = {
		CONFIG_OPTIONS,
		OPT_GROUP("streaming"),
		OPT_INT(0, "duration", &r.duration, "SECONDS", "stop after SECONDS"),
		OPT_BOOL('F', "follow", &r.follow, "trace only the command's events"),
		OPT_BOOL('c', "children", &r.children, "with -F, follow its children too"),
		OPT_BOOL('k', "keep", &r.keep, "leave the tracing settings in place at the end"),
		OPT_BOOL(0, "instances", &r.all_instances,
			 "also stream every existing instance, as it is configured"),
		OPT_BOOL('q', "quiet", &r.quiet, "print only warnings and errors"),
		RECORD_COMPAT_OPTIONS(r),
		OPT_END(),
	};

	return run_session(&r, argc, argv, options, usage);
}
