#!/bin/sh
# The interactive tq shell in a real terminal: tmux runs it on a pty, send-keys types, and
# capture-pane shows what a user would see. Every step waits for the text it expects (a
# bounded poll), never for a fixed time. Runs on a tracefs copy: no root, no kernel.
. "${TQ_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

command -v tmux >/dev/null || skip_all "tmux is missing (scripts/install-deps installs it)"

tree=$(fixture_tracefs debian-6.1-amd64)
dir=$(scratch_dir)
mkdir -p "$tree/events/synthetic/wlat" "$dir/state"
: >"$tree/dynamic_events"
for e in sched/sched_switch sched/sched_waking synthetic/wlat; do
	: >"$tree/events/$e/trigger"
done
# a hand-written hist file stands in for the kernel's
cp "$TQ_SRCDIR/tests/cli/shell-fixtures/wlat.hist" "$tree/events/synthetic/wlat/hist"

sock=$dir/tmux.sock
tm() { tmux -S "$sock" "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$_tq_tmp"' EXIT

# the shell's stderr goes to a file: errors are checked there, sanitizer reports too
cat >"$dir/run.sh" <<E
#!/bin/sh
# Ctrl-C reaches this script too: it must outlive it to report the shell's exit status
trap : INT
cd "$dir"
XDG_STATE_HOME="$dir/state" TERM=xterm "$TQ" --tracefs "$tree" shell 2>"$dir/err"
echo "\$?" >"$dir/exit.tmp" && mv "$dir/exit.tmp" "$dir/exit"
E
chmod +x "$dir/run.sh"
tm -f /dev/null new-session -d -s tq -x 200 -y 50 "$dir/run.sh" || skip_all "tmux cannot start"

screen() { tm capture-pane -p -t tq 2>/dev/null; }
# wait_for TEXT: poll the screen up to ~10 s for a fixed string
wait_for() {
	i=0
	while [ $i -lt 200 ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	diag "screen, waiting for '$1':" "$(screen)"
	return 1
}
# the last non-empty line on the screen
last_line() { screen | sed '/^ *$/d' | tail -1; }
# wait_last TEXT: poll until the last line is TEXT (trailing blanks are not captured)
wait_last() {
	i=0
	while [ $i -lt 200 ]; do
		[ "$(last_line)" = "$1" ] && return 0
		sleep 0.05
		i=$((i + 1))
	done
	diag "screen, waiting for a last line '$1':" "$(screen)"
	return 1
}
# an empty prompt: Ctrl-C flushes what is typed before the shell has read it, so keys
# after one wait for this
wait_prompt() { wait_last "tq>"; }
# tmux takes a ';' at the end of an argument for its own command separator: escape it
type_text() {
	case $1 in
	*\;) tm send-keys -t tq -l "${1%;}\\;" ;;
	*) tm send-keys -t tq -l "$1" ;;
	esac
}
key() { tm send-keys -t tq "$@"; }

wait_prompt
ok $? "the shell starts with its prompt"

# ---- completion of events ----
type_text 'SELECT * FROM sched_swi'
key Tab
wait_for 'tq> SELECT * FROM sched_switch'
ok $? "Tab completes an event name after FROM"

# ---- Ctrl-C cancels the statement, and the shell stays ----
key C-c
wait_for 'sched_switch ^C'
ok $? "Ctrl-C shows ^C after the cancelled line"
wait_prompt
type_text '\dt'
key Enter
wait_for 'no events made in this session'
ok $? "the next line starts a new statement (the cancelled text is gone)"

# ---- multi-line input, fields from a FROM on an earlier line ----
type_text 'CREATE EVENT wlat AS'
key Enter
wait_last ' ->'
ok $? "an unfinished statement gets the continuation prompt"
type_text 'SELECT TIMESTAMP_DELTA_USECS AS lat FROM sched_waking AS s'
key Enter
type_text 'JOIN sched_switch AS e ON s.pi'
key Tab
wait_for 'ON s.pid'
ok $? "alias. completes a field of an event named on an earlier line"
type_text '= e.next_pi'
key Tab
wait_for 'ON s.pid = e.next_pid'
ok $? "and of the event joined on this line"
type_text ';'
key Enter
wait_for 'created event wlat (u64 lat;)'
ok $? "the multi-line CREATE EVENT runs at its ';'"

# ---- a histogram, stopped with Enter ----
type_text 'SELECT lat.log2, count(*) FROM wl'
key Tab
wait_for 'FROM wlat'
ok $? "Tab completes an event this session made"
type_text ';'
key Enter
wait_for 'tracing; Enter or Ctrl-C to stop'
ok $? "the histogram runs until Enter or Ctrl-C"
key Enter
wait_for 'hits: 12  entries: 2  dropped: 0'
ok $? "Enter stops it and shows it"
screen | grep -Eq '^\[33, 64\] +8 \|@{40}\|'
ok $? "as bars"

# ---- Ctrl-C stops a running histogram without leaving the shell ----
tm clear-history -t tq
key C-l
type_text 'SELECT lat.log2, count(*) FROM wlat;'
key Enter
wait_for 'tracing; Enter or Ctrl-C to stop'
key C-c
wait_for 'hits: 12'
ok $? "Ctrl-C stops the histogram and shows it"
wait_prompt
ok $? "and the prompt comes back"
grep -c '^!hist:keys=lat.log2' "$tree/events/synthetic/wlat/trigger" | grep -qx 2
ok $? "both histograms were removed"

# ---- \watch refreshes the last histogram until Ctrl-C ----
key C-l
type_text '\watch 0.1'
key Enter
wait_for 'tracing; Enter or Ctrl-C to stop'
ok $? "\\watch runs the last histogram again"
i=0
while [ $i -lt 200 ] && [ "$(screen | grep -Ec '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}$')" -lt 2 ]; do
	sleep 0.05
	i=$((i + 1))
done
[ "$(screen | grep -Ec '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}$')" -ge 2 ]
ok $? "and shows it again and again with the time"
key C-c
wait_prompt
ok $? "Ctrl-C ends \\watch, back at the prompt"
grep -c '^!hist:keys=lat.log2' "$tree/events/synthetic/wlat/trigger" | grep -qx 3
ok $? "the watched histogram was removed too"

# ---- errors keep the statement in the history ----
key C-l
type_text 'SELECT nope FROM wlat;'
key Enter
wait_prompt
i=0
while [ $i -lt 200 ] && ! grep -q '\^' "$dir/err"; do sleep 0.05; i=$((i + 1)); done
like "$(cat "$dir/err")" "line 1, column 8: no field 'nope'" "the error is shown"
like "$(cat "$dir/err")" '^           \^~~~$' "with a caret under the word as typed"
key C-l
key Up
wait_for 'tq> SELECT nope FROM wlat;'
ok $? "Up brings the failed statement back for editing"
key Up
wait_for 'tq> \watch 0.1'
ok $? "and the one before it"
key C-c
wait_prompt

# ---- an event made elsewhere while the shell runs: completed and listed ----
# what tq probe add in another terminal does to the kernel's files, on the copy
mkdir -p "$tree/events/kprobes/vm_tty_new"
cp "$tree/events/sched/sched_switch/format" "$tree/events/kprobes/vm_tty_new/format"
echo 'p:kprobes/vm_tty_new do_sys_openat2' >>"$tree/dynamic_events"
echo 'kprobes:vm_tty_new' >>"$tree/available_events"
key C-l
type_text 'SELECT * FROM vm_tty_n'
key Tab
wait_for 'tq> SELECT * FROM vm_tty_new'
ok $? "Tab completes an event made after the shell started"
key C-c
wait_prompt
type_text '\l vm_tty'
key Enter
wait_for 'kprobes.vm_tty_new'
ok $? "and \\l lists it"
wait_prompt
echo '-:kprobes/vm_tty_new' >>"$tree/dynamic_events"

# ---- Ctrl-D leaves and removes what the session made ----
key C-d
i=0
while [ $i -lt 200 ] && [ ! -f "$dir/exit" ]; do sleep 0.05; i=$((i + 1)); done
is "$(cat "$dir/exit" 2>/dev/null)" "0" "Ctrl-D exits with status 0"
grep -qx -- '-:wlat' "$tree/dynamic_events"
ok $? "the session's synthetic event was removed at exit"
grep -qx -- '!hist:keys=pid:__wlat_s1=common_timestamp.usecs' "$tree/events/sched/sched_waking/trigger"
ok $? "and the trigger that fed it"

hist=$dir/state/tq/history
grep -qx 'CREATE EVENT wlat AS SELECT TIMESTAMP_DELTA_USECS AS lat FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid ;' "$hist"
ok $? "the history file holds the multi-line statement as one entry"
grep -qx 'SELECT nope FROM wlat;' "$hist"
ok $? "and the failed one"
# ---- without XDG_STATE_HOME the history is ~/.tq_history; \q quits ----
mkdir -p "$dir/home"
cat >"$dir/run2.sh" <<E
#!/bin/sh
trap : INT
cd "$dir"
unset XDG_STATE_HOME
HOME="$dir/home" TERM=xterm "$TQ" --tracefs "$tree" shell 2>>"$dir/err"
echo "\$?" >"$dir/exit2.tmp" && mv "$dir/exit2.tmp" "$dir/exit2"
E
chmod +x "$dir/run2.sh"
tm -f /dev/null new-session -d -s tq -x 200 -y 50 "$dir/run2.sh"
wait_prompt
type_text '\dt'
key Enter
wait_for 'no events made in this session'
type_text '\q'
key Enter
i=0
while [ $i -lt 200 ] && [ ! -f "$dir/exit2" ]; do sleep 0.05; i=$((i + 1)); done
is "$(cat "$dir/exit2" 2>/dev/null)" "0" "\\q quits with status 0"
[ "$(tail -n 2 "$dir/home/.tq_history" 2>/dev/null)" = "$(printf '\\dt\n\\q')" ]
ok $? "the history went to ~/.tq_history"

# ---- and tq stat finds nothing left ----
# the copy keeps every line written to it: drop those a later line takes back (!TRIGGER,
# -:EVENT), as the kernel would have, and let tq stat look at what remains
for f in "$tree/dynamic_events" "$tree"/events/*/*/trigger; do
	[ -s "$f" ] || continue
	awk '/^!/ { gone[substr($0, 2)] = 1; next }
		/^-:/ { gone["-" substr($0, 3)] = 1; next }
		{ line[++n] = $0 }
		END { for (i = 1; i <= n; i++) { name = line[i]; sub(/^[a-z]:/, "", name)
			sub(/[ \t].*/, "", name)
			if (!(line[i] in gone) && !(("-" name) in gone)) print line[i] } }' "$f" >"$f.net"
	mv "$f.net" "$f"
done
run_tq --tracefs "$tree" stat
unlike "$out" 'triggers:' "tq stat shows no trigger of the sessions left"
unlike "$out" 'dynamic events' "nor a dynamic event"
like "$out" '\(none enabled\)' "nor an enabled event"

if grep -q -e 'ERROR: AddressSanitizer' -e 'runtime error:' -e 'ERROR: LeakSanitizer' "$dir/err"; then
	ok 1 "no sanitizer report"
	sed 's/^/# /' "$dir/err"
else
	ok 0 "no sanitizer report"
fi

done_testing
