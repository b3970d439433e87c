# description: tq hist --folded live (the kernel's stacktrace keys, parsed from its hist file) and from a -T recording
# requires: events/sched/sched_switch options/stacktrace "stacktrace":README
# timeout: 90

# Lines "frame;...;frame N" with at least one frame and a count, every count above 0.
check_folded() {
	[ -s "$1" ] || fail "$2: no folded stack"
	awk '!/^[^ ;][^ ]* [0-9]+$/ || $NF == 0 { bad++ } END { exit bad > 0 }' "$1" ||
		fail "$2: a line that is not 'frame;frame count': $(head -3 "$1")"
	# sched_switch fires in __schedule: each path's leaf end is in the scheduler
	awk '{ n = split($1, f, ";"); for (i = n; i > 0 && i > n - 4; i--)
		if (f[i] ~ /schedule/) { hit++; next } } END { exit hit != NR }' "$1" ||
		fail "$2: a path without the scheduler near its leaf: $(head -3 "$1")"
}

# live: the kernel keys by its own stack traces; --folded reads its hist file at the end
tq hist --folded 'SELECT STACKTRACE, count(*) FROM sched_switch' -- \
	sh -c 'for i in 1 2 3 4 5 6 7 8; do sleep 0.01; done' >"$TQ_VM_OUT/live.folded"
cat "$TQ_VM_OUT/live.folded"
check_folded "$TQ_VM_OUT/live.folded" "live"
[ -z "$(grep -v '^#' events/sched/sched_switch/trigger)" ] || fail "a trigger is left on sched_switch"
# the sleeps switched out through nanosleep: their path is there, root first
grep -q 'do_nanosleep;.*schedule' "$TQ_VM_OUT/live.folded" ||
	fail "live: no path from do_nanosleep down to schedule"

# the same from a recording made with -T: 6.1's kernel_stack records, paired with their events
tq record -q -T -e sched:sched_switch -b 1024 -o "$TQ_VM_OUT/folded-stacks.dat" -- \
	sh -c 'for i in 1 2 3 4 5 6 7 8; do sleep 0.01; done' >/dev/null
[ "$(cat options/stacktrace)" = 0 ] || fail "the stacktrace option was not restored"
tq hist -i "$TQ_VM_OUT/folded-stacks.dat" --folded 'SELECT STACKTRACE, count(*) FROM sched_switch' \
	>"$TQ_VM_OUT/file.folded"
check_folded "$TQ_VM_OUT/file.folded" "from the file"
n=$(tq report -i "$TQ_VM_OUT/folded-stacks.dat" | grep -c ' sched_switch: ')
sum=$(awk '{ s += $NF } END { print s + 0 }' "$TQ_VM_OUT/file.folded")
[ "$sum" = "$n" ] || fail "from the file: the stacks count $sum switches, the file holds $n"
grep -q 'do_nanosleep;.*schedule' "$TQ_VM_OUT/file.folded" ||
	fail "from the file: no path from do_nanosleep down to schedule"
