/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_PRINT_FTRACE_FUNC_H
#define TQ_PRINT_FTRACE_FUNC_H

/*
 * The function tracer's events (ftrace:function, ftrace:func_repeats) printed as
 * libtraceevent's function plugin prints them, but without a trace_seq and printf per
 * event: "func", indented three spaces a level when the caller was seen as a function
 * before on the CPU (the plugin's guess at the call depth), then " <-- caller" with the
 * ftrace:parent option and "+0xOFF " after names with ftrace:offset.
 *
 * The plugin keeps its guess in one state for the whole process, by CPU; so does this,
 * one struct shared by every file of a report. Its handlers replace the plugin's, so that
 * every function event, fast or slow path, goes through the same state.
 */
#include <stdbool.h>

#include <event-parse.h>

/* What tq_func_format() needs: deeper indents than about 600 levels take the handler. */
#define TQ_FUNC_BUF 4096

struct tq_func_stack {
	const char **names;	/* tep's function names: they live as long as the tep */
	int n, cap;
};

struct tq_func_state {
	struct tq_func_stack *cpus;
	int ncpus;
	bool parent, indent, offset;	/* the plugin's options, as set */
};

/* Per file: the events of one tep, printed with the shared state. */
struct tq_func_printer {
	struct tep_handle *tep;
	struct tq_func_state *state;
	int function_id, repeats_id;	/* -1 when not taken over */
	struct tep_format_field *ip, *parent_ip;
	struct tep_format_field *count, *top_delta, *bottom_delta;
	/* names by address: a function trace repeats few addresses, and each lookup in
	 * libtraceevent is a binary search */
	struct tq_func_sym {
		unsigned long long addr;
		const char *name;	/* NULL: no symbol */
		bool used;
	} *syms;
};

/* An option of libtraceevent's plugins, as it lists them (names cut at 63 bytes). */
struct tq_plugin_opt {
	char plugin[64];	/* the plugin's alias or file name */
	char name[64];
	bool set;
};

/* Every option of the loaded plugins into *out (malloc'd): their number, or -ENOMEM. */
int tq_plugin_options(struct tq_plugin_opt **out);
/*
 * Read the plugin's options (once its plugins are loaded and -O applied) into state.
 * Returns false when libtraceevent has no function plugin: then nothing is taken over.
 */
bool tq_func_read_options(struct tq_func_state *state);
void tq_func_state_free(struct tq_func_state *state);
/*
 * Take over the function plugin's handlers in tep, when it registered them and the
 * events have the fields the plugin reads. 0, or negative errno.
 */
int tq_func_init(struct tq_func_printer *p, struct tep_handle *tep,
		 struct tq_func_state *state);
void tq_func_release(struct tq_func_printer *p);
/*
 * The text of an ftrace:function event into buf (TQ_FUNC_BUF bytes): its length, or -1
 * when event is not one this printer took over (func_repeats is left to the handler) or
 * the text does not fit (then the handler prints the same).
 * Function names come from tep's kallsyms, which the caller loads first.
 */
int tq_func_format(struct tq_func_printer *p, const struct tep_event *event,
		   const struct tep_record *rec, char *buf);

#endif
