#!/bin/sh
# Issue 15, defect 9: metadata text that crashes libtraceevent 1.7.1 (tep_parse_event,
# tep_parse_printk_formats, reading past their buffers) is checked by tq first
# (lib/tracedat/validate.c): a damaged file is refused with the section, event and byte
# offset, and libtraceevent never sees it. The guard child stays as the last line.
. "${TQ_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

S=$(scratch_dir)
poke() {
	printf "\\$3" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
# at FILE TEXT: the byte offset of the first TEXT in FILE
at() {
	grep -abo -m 1 -e "$2" "$1" | head -n 1 | cut -d: -f1
}

# the fuzzer's two inputs that crashed libtraceevent (a print fmt naming a field the
# format no longer declares; a run of backslashes in a print fmt)
for f in fuzz-crash-4102d600 fuzz-crash-9d4c3010; do
	xz -dc "$TQ_SRCDIR/tests/report/fixtures/$f.dat.xz" > "$S/$f.dat"
done
for c in report dump; do
	run_tq $c -i "$S/fuzz-crash-4102d600.dat"
	is "$rc" 1 "$c fuzz-crash-4102d600: refused"
	like "$err" "ftrace events: system 'ftrace', format 15 of 18, event 'context_switch': the print fmt names no field of the event: 'prev_prio' \\(damaged, not handed to libtraceevent\\) at offset 10720" \
		"$c fuzz-crash-4102d600: section, system, format, event, field and offset"
	run_tq $c -i "$S/fuzz-crash-9d4c3010.dat"
	is "$rc" 1 "$c fuzz-crash-9d4c3010: refused"
	like "$err" "events format: system 'sched', format 6 of 26, event 'sched_switch': the print fmt names no field of the event: 'prev' .* at offset 16069" \
		"$c fuzz-crash-9d4c3010: the same, for the events section"
	unlike "$err" "malformed metadata" "$c: found before libtraceevent, not by the guard child"
done

# found after the checks were written (TQ_FUZZ_NO_GUARD=1): a ';' outside a ({ ... }) in a
# print fmt, where libtraceevent 1.7.1 follows a NULL pointer
run_tq report -i "$TQ_SRCDIR/tests/cli/robust-fixtures/fuzz-semicolon.dat"
is "$rc" 1 "fuzz-semicolon: refused"
like "$err" "ftrace events: system 'ftrace', format 2 of 18, event 'user_stack': ';' in the print fmt's arguments .* at offset 1887" \
	"fuzz-semicolon: what and where"

for v in v6 v7-none; do
	xz -dc "$TQ_SRCDIR/tests/report/fixtures/$v.dat.xz" > "$S/$v.dat"
done
# damage DESC FILE OFFSET OCTAL... MESSAGE-REGEX: poke the bytes from OFFSET on, expect the
# refusal (exit 1) with that message
damage() {
	_desc=$1
	_src=$2
	_off=$3
	shift 3
	cp "$S/$_src.dat" "$S/bad.dat"
	while [ $# -gt 1 ]; do
		poke "$S/bad.dat" "$_off" "$1"
		_off=$((_off + 1))
		shift
	done
	run_tq report -i "$S/bad.dat"
	is "$rc" 1 "$_src, $_desc: refused"
	like "$err" "$1" "$_src, $_desc: the message says where"
	unlike "$err" "malformed metadata|AddressSanitizer" "$_src, $_desc: libtraceevent never saw it"
}

for v in v6 v7-none; do
	n=$(at "$S/$v.dat" 'name: sched_switch')
	damage "control byte in sched_switch" $v $((n + 30)) 001 \
		"events format: system 'sched', format 6 of [0-9]+, event 'sched_switch': control byte 0x01 .* at offset $((n + 30))"
	damage "NUL byte in sched_switch" $v $((n + 30)) 000 "event 'sched_switch': NUL byte"
	p=$(at "$S/$v.dat" '(REC->prev_state & (')
	damage "a '(' lost in sched_switch's print fmt" $v $((p + 19)) 040 \
		"event 'sched_switch': unbalanced '\\)' .* at offset [0-9]+"
	c=$(at "$S/$v.dat" '(void \*)REC->caller\[0\],')
	damage "a ';' in user_stack's print fmt" $v $((c + 22)) 073 \
		"event 'user_stack': ';' in the print fmt's arguments .* at offset $((c + 22))"
	damage "sched_switch's 'format:' line" $v $((n + 28)) 106 "event 'sched_switch': no 'format:' line"
	h=$(at "$S/$v.dat" 'field: u64 timestamp')
	damage "header_page 'offset:'" $v $((h + 25)) 172 \
		"headers: header_page: a field without 'offset:N;' and 'size:N;' .* at offset $((h + 21))"
	k=$(at "$S/$v.dat" '0x[0-9a-f]\{16\} : "')
	damage "printk line without ':'" $v $((k + 19)) 170 \
		"printk: no ':' after the address .* at offset $((k + 19))"
	# libtraceevent looks two bytes before the end of a format's text: 'a"' is too short
	damage "printk format of one byte" $v $((k + 22)) 141 042 012 \
		"printk: a format too short for libtraceevent to read .* at offset $k"
	damage "printk line without an address" $v "$k" 172 \
		"printk: a line that does not start with an address"
done
done_testing
