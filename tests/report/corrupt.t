#!/bin/sh
# Damaged files: truncated anywhere, bytes flipped in the header, sections, options, zstd
# frames and ring-buffer pages. tq must give a clear error (or, for harmless damage, a
# report) and never crash, hang or trip the sanitizers. Also lost-event markers written
# into a page, compared with trace-cmd when it is installed.
. "$TQ_SRCDIR/tests/lib.sh"
. "$TQ_SRCDIR/tests/report/report-lib.sh"

command -v xz >/dev/null || skip_all "xz is not installed"
d=$(scratch_dir)

for s in v7-instance v7-zstd v6; do
	src=$(fixture "$s.dat")
	size=$(wc -c <"$src")
	for cut in 0 3 10 11 12 13 17 18 25 32 37 45 53 300 2100 5000 \
		$((size / 3)) $((size / 2)) $((size - 70000)) $((size - 9000)) $((size - 4096)) \
		$((size - 200)) $((size - 17)) $((size - 1)); do
		[ $cut -lt 0 ] && continue
		head -c $cut "$src" >"$d/cut.dat"
		run_damaged "$s truncated to $cut bytes" "$d/cut.dat" 1
	done
done

# header fields: magic, version, endianness, long size, page size
src=$(fixture v7-zstd.dat)
for spec in "0 000" "4 101" "10 071" "10 065" "11 061" "12 002" "13 003"; do
	set -- $spec
	cp "$src" "$d/bad.dat"
	poke "$d/bad.dat" "$1" "$2"
	run_damaged "v7-zstd header byte $1 set to $2" "$d/bad.dat" 1
done
# the header's page size: v6 reads its data with it, so one that is not a power of two
# from 4096 to 64 MiB is refused with the offset; v7 reads each buffer with its own and
# only warns (4097, 0x00ff1000, 0, 0xff001000)
want=$(fixture v7-zstd.report.txt)
for spec in "14 001" "16 377" "15 000" "17 377"; do
	set -- $spec
	cp "$src" "$d/bad.dat"
	poke "$d/bad.dat" "$1" "$2"
	run_damaged "v7-zstd header byte $1 set to $2" "$d/bad.dat" 0
	like "$(cat "$damaged_err")" "warning: .*bad page size [0-9]+ in the file header at offset 14" \
		"v7-zstd header byte $1 set to $2: warned"
	diff_ok "$damaged_out" "$want" "v7-zstd header byte $1 set to $2: events as usual"
	cp "$(fixture v6.dat)" "$d/bad6.dat"
	poke "$d/bad6.dat" "$1" "$2"
	run_damaged "v6 header byte $1 set to $2" "$d/bad6.dat" 1
	like "$(cat "$damaged_err")" "bad page size [0-9]+ in the file header at offset 14" \
		"v6 header byte $1 set to $2: page size named"
done
# a plausible page size that disagrees with the data: a warning, and v7 reads its buffers
# with their own page size
cp "$src" "$d/bad.dat"
poke "$d/bad.dat" 15 040
run_tq report -i "$d/bad.dat"
like "$err" "warning: .*page size 8192 in the file header \(offset 14\) differs from the 4096 of buffer" \
	"v7 header page size 8192: warned"
printf '%s\n' "$out" >"$d/got"
diff_ok "$d/got" "$want" "v7 header page size 8192: events read with the buffer's 4096"
cp "$(fixture v6.dat)" "$d/bad6.dat"
poke "$d/bad6.dat" 15 040
run_tq report -i "$d/bad6.dat"
like "$err" "warning: .*page size 8192 in the file header \(offset 14\) differs from the 4096 bytes of the page described by header_page" \
	"v6 header page size 8192: warned"
is "$rc" 1 "v6 header page size 8192: the data does not read"
like "$err" "corrupt ring-buffer page of CPU 0 .* at offset [0-9]+" "v6 header page size 8192: offset named"

# file text in messages: bytes that are not printable ASCII come out as \xNN
src=$(fixture v7-instance.dat)
for at in 11 18 19 20 21 22; do
	cp "$src" "$d/bin.dat"
	byte=$(od -An -tu1 -j "$at" -N1 "$d/bin.dat" | tr -d ' ')
	poke "$d/bin.dat" "$at" "$(printf '%o' $((byte ^ 255)))"
	run_damaged "v7-instance byte $at inverted" "$d/bin.dat" 1
	if LC_ALL=C grep -q '[^ -~]' "$damaged_err"; then
		ok 1 "v7-instance byte $at inverted: message is printable"
		od -c "$damaged_err" | head -5 | sed 's/^/# /'
	else
		ok 0 "v7-instance byte $at inverted: message is printable"
	fi
	like "$(cat "$damaged_err")" '\\x[0-9a-f][0-9a-f]' "v7-instance byte $at inverted: the byte shown as \\xNN"
done

# v7 structure: compression name, first-options offset, section headers, options, zstd
# frames of metadata and of CPU data (offsets from trace-dat.md and the dump samples)
for spec in "18 170" "30 377" "28 001" "37 001" "38 377" "45 377" "53 377" "57 377" \
	"70 377" "100 000" "2063 000" "2083 377" "2100 000" \
	"1039823 005" "1039839 377" "1039845 377" "1040391 001" "1040407 001" "1040423 377" \
	"1040430 377" "1040440 377" "1040450 000" \
	"1044480 377" "1044483 177" "1044484 377" "1044488 377" "1044492 000" "1044500 377" \
	"1044600 377" "1046000 000" "1050000 377" "1056768 012" "1056780 377" "1071512 001" \
	"1071530 377"; do
	set -- $spec
	cp "$src" "$d/bad.dat"
	poke "$d/bad.dat" "$1" "$2"
	run_damaged "v7-zstd byte $1 set to $2" "$d/bad.dat" 0
done

# v6 structure and uncompressed pages: event headers with impossible lengths must be
# refused before libtraceevent's kbuffer walks them
src=$(fixture v6.dat)
for spec in "18 000" "30 377" "5838960 377" "5838970 377" "5839000 000" "5839100 377" \
	"5840896 377" "5840904 377" "5840907 377" "5840912 000" "5840913 377" "5840916 377" \
	"5840920 035" "5840921 377" "5840924 377" "5840925 377" "5840926 377" "5840927 377" \
	"5844992 377" "5845000 377" "5845003 100" "5845008 036" "5845012 377" \
	"5845008 000" "5845013 377" "5845014 377" "5845015 377"; do
	set -- $spec
	cp "$src" "$d/bad.dat"
	poke "$d/bad.dat" "$1" "$2"
	run_damaged "v6 byte $1 set to $2" "$d/bad.dat" 0
done

# lost events: bit 31 of a page's commit word = some events lost; with bit 30 the count
# follows the data
src=$(fixture v7-none.dat)
page=$((5840896 + 4096))
lost_events "$src" "$d/lost.dat"
run_tq report -i "$d/lost.dat"
is "$rc" 0 "page with lost events reads"
like "$out" '^CPU:0 \[12345 EVENTS DROPPED\]$' "lost count is reported"
cp "$src" "$d/lost2.dat"
poke "$d/lost2.dat" $((page + 11)) 200
run_tq report -i "$d/lost2.dat"
like "$out" '^CPU:0 \[EVENTS DROPPED\]$' "unknown lost count is reported"
if have_trace_cmd; then
	for f in lost lost2; do
		trace-cmd report -i "$d/$f.dat" >"$d/want" 2>/dev/null
		"$TQ" report -i "$d/$f.dat" >"$d/got" 2>/dev/null
		diff_ok "$d/got" "$d/want" "$f: same as trace-cmd report"
	done
else
	skip "trace-cmd is not installed"
	skip "trace-cmd is not installed"
fi

# inputs the fuzzer found that crash libtraceevent's format parser: refused, no crash
for f in "$FIXTURES"/fuzz-*.dat.xz; do
	[ -f "$f" ] || continue
	n=$(basename "$f" .xz)
	xz -dc "$f" >"$d/$n"
	run_damaged "fuzzer input $n" "$d/$n" 1
done

# not a file at all
run_tq report -i "$d/does-not-exist.dat"
is "$rc" 1 "missing file: exit 1"
like "$err" "does-not-exist.dat" "missing file: named"
: >"$d/empty.dat"
run_tq report -i "$d/empty.dat"
is "$rc" 1 "empty file: exit 1"
done_testing
