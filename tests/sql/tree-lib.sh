# A copy of Debian 6.1's tracefs for tq hist without a kernel (sourced by tests/sql/*.t
# after tests/lib.sh): the plan is appended to plain files and hist files are written by
# the test itself.

# make_tree DIR: the copy, with empty dynamic_events and trigger files and the synthetic
# event wlat that the queries name with -n
make_tree() {
	mkdir -p "$1"
	tar -xzf "$TQ_SRCDIR/tests/fixtures/tracefs/debian-6.1-amd64.tar.gz" -C "$1"
	mkdir -p "$1/events/synthetic/wlat"
	: >"$1/dynamic_events"
	for _e in sched/sched_switch sched/sched_waking synthetic/wlat kmem/kmalloc; do
		: >"$1/events/$_e/trigger"
	done
}

# net_triggers: what each trigger file of $tree holds after a run: every line added must
# have been removed
net_triggers() {
	for f in "$tree/dynamic_events" "$tree"/events/*/*/trigger; do
		grep -v '^[!-]' "$f" | while read -r l; do
			grep -qxF -- "!$l" "$f" || grep -qxF -- "-:${l#s:}" "$f" ||
				case $l in s:*) grep -qx -- "-:$(echo "${l#s:}" | cut -d' ' -f1)" "$f" || echo "$l" ;; *) echo "$l" ;; esac
		done
	done
}
