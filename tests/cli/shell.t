#!/bin/sh
# tq shell in script mode on a tracefs copy (no kernel needed): the commands are appended
# to plain files, hand-written hist files stand in for the kernel's, and what a session
# made is removed when it ends.
. "${TQ_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

tree=$(fixture_tracefs debian-6.1-amd64)
dir=$(scratch_dir)
mkdir -p "$tree/events/synthetic/wlat"
reset_tree() {
	: >"$tree/dynamic_events"
	for e in sched/sched_switch sched/sched_waking synthetic/wlat kmem/kmalloc; do
		: >"$tree/events/$e/trigger"
	done
}
reset_tree
fix=$TQ_SRCDIR/tests/cli/shell-fixtures
cp "$fix/wlat.hist" "$tree/events/synthetic/wlat/hist"
cp "$fix/kmalloc.hist" "$tree/events/kmem/kmalloc/hist"

# every line appended to a trigger file must have been taken back by a later line
net_triggers() {
	for f in "$tree/dynamic_events" "$tree"/events/*/*/trigger; do
		grep -v '^[!-]' "$f" | while read -r l; do
			grep -qxF -- "!$l" "$f" ||
				grep -qx -- "-:$(echo "${l#s:}" | cut -d' ' -f1)" "$f" || echo "$f: $l"
		done
	done
}

shell() { run_tq --tracefs "$tree" shell -d 0.05 "$@"; }

# ---- exploring: \l and \d ----
printf '\\l sched_sw\n' >"$dir/l.sql"
shell -f "$dir/l.sql"
want=$(grep '^sched:sched_sw' "$tree/available_events" | tr : . | sort)
is "$out" "$want" "\\l PATTERN lists the matching events as system.event, sorted"
is "$rc" 0 "\\l exits 0"

printf '\\l sched.*wak*\n' >"$dir/l2.sql"
shell -f "$dir/l2.sql"
want=$(grep '^sched:.*wak' "$tree/available_events" | tr : . | sort)
is "$out" "$want" "\\l with a glob on system.event"

printf '\\d sched.sched_wakeup\n' >"$dir/d.sql"
shell -f "$dir/d.sql"
fmt=$tree/events/sched/sched_wakeup/format
is "$(printf '%s\n' "$out" | head -1)" "sched.sched_wakeup (id $(sed -n 's/^ID: //p' "$fmt"))" \
	"\\d names the event and its id"
missing=""
for f in $(sed -n 's/.*field:[^;]* \([a-z_]*\)\(\[[0-9]*\]\)\{0,1\};.*/\1/p' "$fmt"); do
	printf '%s\n' "$out" | grep -Eq "^  $f +" || missing="$missing $f"
done
is "$missing" "" "\\d shows every field of the format"
like "$out" '^  pid +pid_t +24 +4  yes$' "a field with its type, offset, size and sign"
is "$(printf '%s\n' "$out" | tail -1)" "$(grep '^print fmt: ' "$fmt")" "\\d ends with the print fmt"

printf '\\d sched_swich\n\\l sched_switch\n' >"$dir/d2.sql"
shell -f "$dir/d2.sql"
is "$rc" 1 "an unknown event fails the script"
like "$err" "no event 'sched_swich' \\(did you mean sched_switch\\?\\)" "with a suggestion"
is "$out" "" "and the script stops at the first error"
shell -k -f "$dir/d2.sql"
is "$rc" 1 "-k: the exit status still says a statement failed"
is "$out" "sched.sched_switch" "-k: the script goes on"

printf '\\d irq.irq_handler_exti\n' >"$dir/d3.sql"
shell -f "$dir/d3.sql"
like "$err" "did you mean irq\\.irq_handler_exit\\?" "a suggestion with a system is written system.event"

printf 'SELECT zzzzqqq FROM sched_switch;\n' >"$dir/nofield.sql"
shell -f "$dir/nofield.sql"
like "$err" '^    \\d sched\.sched_switch shows its fields$' "a missing field points at \\d"

# ---- a histogram on one event ----
cat >"$dir/kmalloc.sql" <<'E'
-- heaviest allocators
SELECT common_pid.execname, sum(bytes_alloc)
  FROM kmalloc ORDER BY sum(bytes_alloc) DESC;
E
shell -f "$dir/kmalloc.sql"
is "$rc" 0 "a histogram statement runs"
shown=$out
run_tq --tracefs "$tree" hist -d 0.05 'SELECT common_pid.execname, sum(bytes_alloc) FROM kmalloc ORDER BY sum(bytes_alloc) DESC'
like "$shown" '^bash \[ *2378\] +3 +4096$' "the table is shown"
is "$shown" "$out" "as tq hist shows it"
grep -qx 'hist:keys=common_pid.execname:vals=bytes_alloc:sort=bytes_alloc.descending' \
	"$tree/events/kmem/kmalloc/trigger"
ok $? "the trigger as compiled was applied"
is "$(net_triggers)" "" "and removed after the histogram was shown"

run_tq --tracefs "$tree" shell -d 0.05 <"$dir/kmalloc.sql"
want=$out
reset_tree
run_tq --tracefs "$tree" shell -d 0.05 <"$dir/kmalloc.sql"
is "$rc" 0 "tq shell < FILE runs the script"
is "$out" "$want" "with the same output as -f FILE"

# the event's hist file also holds the table of a session JOIN with the same keys
cp "$fix/switch-two.hist" "$tree/events/sched/sched_switch/hist"
printf 'SELECT next_pid, count(*) FROM sched_switch ORDER BY count(*) DESC;\n' >"$dir/two.sql"
shell -f "$dir/two.sql"
is "$out" "$(printf '%s\n' 'next_pid  hitcount' '0              279' '15             115' '' \
	'hits: 394  entries: 2  dropped: 0')" "the table of this statement's trigger, not another with its keys"
rm "$tree/events/sched/sched_switch/hist"

# ';' inside a string or a comment does not end the statement
cat >"$tree/events/sched/sched_switch/hist" <<'H'
# event histogram
#
# trigger info: hist:keys=prev_pid:vals=hitcount:sort=hitcount:size=2048 if prev_comm ~ "a;b*" [active]
#

{ prev_pid:         42 } hitcount:          7

Totals:
    Hits: 7
    Entries: 1
    Dropped: 0
H
printf '%s\n' '\print on' 'SELECT prev_pid, count(*) FROM sched_switch -- a comment; not the end' \
	'  WHERE prev_comm ~ "a;b*"; SELECT prev_pid, count(*)' 'FROM sched_switch WHERE prev_comm ~ "a;b*";' \
	>"$dir/semi.sql"
shell -f "$dir/semi.sql"
is "$rc" 0 "statements with ';' in strings and comments, two on one line"
is "$(printf '%s\n' "$out" | grep -c "^echo 'hist:keys=prev_pid if prev_comm~\"a;b\*\"' >> ")" 2 \
	"both run whole, with their filters"
is "$(printf '%s\n' "$out" | grep -c '^42 \+7$')" 2 "and show their tables"
rm "$tree/events/sched/sched_switch/hist"

# ---- CREATE EVENT, used by a later statement, removed at exit ----
reset_tree
cat >"$dir/create.sql" <<'E'
CREATE EVENT wlat AS
  SELECT TIMESTAMP_DELTA_USECS AS lat, s.pid
  FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid;
\dt
\d wlat
\l wla
SELECT lat.log2, count(*) FROM wlat;
E
shell -f "$dir/create.sql"
is "$rc" 0 "CREATE EVENT then a histogram on it"
like "$out" '^synthetic\.wlat$' "\\l lists the event the session made"
like "$out" '^created event wlat \(u64 lat; pid_t pid;\)$' "the event is reported"
like "$out" '^synthetic.wlat \(u64 lat; pid_t pid;\)$' "\\dt lists it"
like "$out" '^lat:$' "the histogram on the new event is shown as bars"
like "$out" '^\[5, 8\] +4 \|@{20} {20}\|$' "with its buckets"
grep -qx 's:wlat u64 lat; pid_t pid;' "$tree/dynamic_events"
ok $? "the synthetic event was defined"
grep -qx -- '-:wlat' "$tree/dynamic_events"
ok $? "and removed at exit"
is "$(net_triggers)" "" "every trigger removed"

# \keep leaves it, and says how to remove it
reset_tree
printf 'CREATE EVENT wlat AS SELECT TIMESTAMP_DELTA_USECS AS lat FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid;\n\\keep\n' >"$dir/keep.sql"
shell -f "$dir/keep.sql"
is "$rc" 0 "\\keep"
grep -qx -- '-:wlat' "$tree/dynamic_events"
ok $((!$?)) "a kept event is not removed at exit"
like "$out" "^echo -:wlat >> $tree/dynamic_events\$" "\\keep prints the removal commands"

# \reset removes at once; later statements cannot name the event any more
reset_tree
printf 'CREATE EVENT wlat AS SELECT TIMESTAMP_DELTA_USECS AS lat FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid;\n\\reset\n\\dt\n' >"$dir/reset.sql"
shell -f "$dir/reset.sql"
is "$(net_triggers)" "" "\\reset removes what the session made"
like "$out" '^no events made in this session$' "and forgets it"

# a JOIN without a histogram makes a synthetic event for the session; the next gets its own name
reset_tree
j='SELECT s.pid FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid;'
printf '%s\n%s\nSELECT s.pid,\n\\reset\n\\dt\n' "$j" "$j" >"$dir/anon.sql"
shell -f "$dir/anon.sql"
is "$rc" 0 "JOINs without a histogram, then \\reset in the middle of a statement"
like "$out" '^created synthetic event Anonymous \(pid_t pid;\)$' "the first JOIN's event"
like "$out" '^created synthetic event Anonymous_2 \(pid_t pid;\)$' "the second one's, named apart"
like "$out" '^no events made in this session$' "\\reset removed both"
is "$(net_triggers)" "" "and their triggers"

# ---- \print: the commands, BusyBox-ready ----
reset_tree
printf '\\print on\nSELECT common_pid.execname, sum(bytes_alloc) FROM kmalloc;\n' >"$dir/print.sql"
shell -f "$dir/print.sql"
like "$out" "^echo hist:keys=common_pid.execname:vals=bytes_alloc >> $tree/events/kmem/kmalloc/trigger\$" \
	"\\print on shows each write before it is made"
like "$out" "^echo '!hist:keys=common_pid.execname:vals=bytes_alloc' >> $tree/events/kmem/kmalloc/trigger\$" \
	"and the removal, quoted for sh"

# ---- \o and \i ----
reset_tree
printf '\\o %s\n\\l sched_switch\n\\o\n\\l sched_waking\n' "$dir/o.txt" >"$dir/o.sql"
shell -f "$dir/o.sql"
is "$(cat "$dir/o.txt")" "sched.sched_switch" "\\o FILE sends results to FILE"
is "$out" "sched.sched_waking" "\\o alone brings them back"
printf '\\i %s\n\\l sched_waking\n' "$dir/kmalloc.sql" >"$dir/i.sql"
shell -f "$dir/i.sql"
like "$out" '^bash \[ *2378\] +3 +4096$' "\\i FILE runs its statements"
like "$out" 'sched.sched_waking$' "then the script goes on"

# ---- \watch re-shows the last histogram with timestamps ----
reset_tree
printf 'SELECT common_pid.execname, sum(bytes_alloc) FROM kmalloc;\n\\duration 0.3\n\\watch 0.05\n' \
	>"$dir/watch.sql"
shell -f "$dir/watch.sql"
is "$rc" 0 "\\watch"
n=$(printf '%s\n' "$out" | grep -Ec '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$')
[ "$n" -ge 2 ]
ok $? "\\watch shows the histogram again and again, each with the time ($n)"
is "$(net_triggers)" "" "and removes it after"

printf '\\watch\n' >"$dir/watch-none.sql"
shell -f "$dir/watch-none.sql"
is "$rc" 1 "\\watch without SECONDS fails"
like "$err" "\\\\watch needs SECONDS: '\\\\watch 2' shows the last histogram every 2 s" \
	"and says what it needs, with an example"

# ---- errors: a caret under the statement as typed ----
reset_tree
printf '\\l sched_switch\nSELECT prev_pid,\n  count(*) FROM sched_swich;\n\\l sched_waking\n' >"$dir/err.sql"
shell -f "$dir/err.sql"
is "$rc" 1 "a bad statement fails the script"
is "$err" "$(printf '%s\n' "tq: shell: $dir/err.sql: line 3, column 17: no event 'sched_swich' in this kernel" \
	'      count(*) FROM sched_swich' '                    ^~~~~~~~~~~' '    did you mean sched_switch?')" \
	"the error names the line of the file, with a caret under the name"
is "$out" "sched.sched_switch" "what follows the error does not run"

printf 'CREATE EVENT wlat AS SELECT TIMESTAMP_DELTA_USECS AS lat FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid;\nSELECT nope FROM wlat;\n' >"$dir/err2.sql"
reset_tree
shell -f "$dir/err2.sql"
like "$err" "line 2, column 8: no field 'nope'" "after a CREATE EVENT the position is still the statement's"
like "$err" '^    SELECT nope FROM wlat$' "shown as typed"
is "$(net_triggers)" "" "the event made before the error is removed at exit"

printf 'SELECT common_pid FROM kmalloc\n' >"$dir/nosemi.sql"
shell -f "$dir/nosemi.sql"
is "$rc" 1 "a script ending inside a statement fails"
like "$err" "no ';' at its end" "and says why"

printf '\\frobnicate\n' >"$dir/bad.sql"
shell -f "$dir/bad.sql"
is "$rc" 1 "an unknown backslash command fails"
like "$err" "unknown command '\\\\frobnicate'" "and is named"

printf '\\?\n' >"$dir/help.sql"
shell -f "$dir/help.sql"
missing=""
for c in '\d' '\l' '\dt' '\watch' '\print' '\o' '\i' '\reset' '\keep' '\q'; do
	printf '%s\n' "$out" | grep -qF -- "  $c " || missing="$missing $c"
done
is "$missing" "" "\\? lists every backslash command"

run_tq --tracefs "$tree" shell -d x
is "$rc" 2 "a bad -d is a usage error"

# ---- completion, as Tab sees it ----
comp() { run_tq --tracefs "$tree" shell --complete "$1"; }
comp 'SELECT * FROM sched_wak'
is "$out" "$(grep '^sched:sched_wak' "$tree/available_events" | cut -d: -f2 | sort)" \
	"event names after FROM"
comp 'SELECT * FROM sched.sched_swi'
is "$out" "sched.sched_switch" "system.event names"
comp 'SELECT x FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_'
is "$out" "$(printf 'e.next_comm\ne.next_pid\ne.next_prio')" "after alias. the fields of that event"
comp 'SELECT x FROM sched_waking AS s WHERE s.TIMESTAMP_U'
is "$out" "s.TIMESTAMP_USECS" "pseudo-fields"
comp 'SELECT x FROM sched_waking AS s WHERE s.comm'
is "$out" "$(printf 's.COMM\ns.comm\ns.common_pid')" "common_pid among the fields, COMM in any case"
comp 'SELECT x FROM sched_switch WHERE prev_pid.h'
is "$out" "prev_pid.hex" "modifiers after field."
comp 'SEL'
is "$out" "SELECT" "keywords, in the case typed"
comp 'SELECT * FROM sched_waking WH'
is "$out" "WHERE" "a keyword after the event, not the unfinished word as its alias"
comp 'SELECT count(*) FROM sched_waking gr'
is "$out" "group" "GROUP too, in the case typed"
comp 'SELECT count(*) FROM sched_waking AS s GR'
is "$out" "GROUP" "and after an alias"
comp '\pr'
is "$out" '\print' "backslash commands"
comp '\print o'
is "$out" "$(printf 'off\non')" "and their arguments"

done_testing
