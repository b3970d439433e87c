#!/bin/sh
# tq convert's bad input: usage errors exit 2; an output that holds something is refused
# unless --force; a file tq cannot read, or a disk that fills, exit 1 and leave nothing
# that looks converted; an event format with a field tq cannot map is left out with a
# warning that names it, the rest converted.
. "$TQ_SRCDIR/tests/lib.sh"
. "$TQ_SRCDIR/tests/report/report-lib.sh"

command -v xz >/dev/null || skip_all "xz is not installed"
d=$(scratch_dir)
cd "$d" || exit 1
fixture v6.dat >/dev/null

run_tq convert -i v6.dat -o x
is "$rc" 2 "no --to: usage error"
like "$err" "--to FORMAT is needed" "...saying so"
run_tq convert -i v6.dat --to pdf -o x
is "$rc" 2 "unknown format: usage error"
like "$err" "unknown format 'pdf': ctf, perfetto, chrome-json or systrace" "...listing the formats"
run_tq convert -i v6.dat --to ctf
is "$rc" 2 "no -o: usage error"

mkdir full && echo keep >full/file
run_tq convert -i v6.dat --to ctf -o full
is "$rc" 1 "a directory that is not empty: exit 1"
like "$err" "output directory 'full' is not empty: use --force to replace it" "...says --force"
is "$(ls full)" "file" "...and leaves it alone"
run_tq convert -i v6.dat --to ctf -o full --force
is "$rc" 0 "--force replaces it"
is "$(ls full | tr '\n' ' ')" "channel0_0 channel0_1 metadata " "...with the trace only"
mkdir empty
run_tq convert -i v6.dat --to ctf -o empty
is "$rc" 0 "an empty directory is used"
echo x >plain
run_tq convert -i v6.dat --to ctf -o plain
is "$rc" 1 "a file where the directory should go: exit 1"
like "$err" "'plain' exists and is not a directory" "...says so"
run_tq convert -i v6.dat --to systrace -o plain
is "$rc" 1 "an output file that exists: exit 1"
like "$err" "output file 'plain' exists: use --force" "...says --force"
is "$(cat plain)" "x" "...and leaves it alone"
run_tq convert -i v6.dat --to systrace -o plain --force
is "$rc" 0 "--force replaces the file"

head -c 100000 v6.dat >cut.dat
run_tq convert -i cut.dat --to ctf -o cut.ctf
is "$rc" 1 "a truncated file: exit 1"
like "$err" "cut.dat" "...the message names the file"
sanitizer_clean "$_tq_tmp/err" 2>/dev/null
is "$(ls -d cut.ctf* 2>/dev/null)" "" "...and nothing is left"

# a full disk: the temporary trace is removed, no directory looks converted
mkdir small
if mount -t tmpfs -o size=128k tq-export "$d/small" 2>/dev/null; then
	trap 'umount "$d/small" 2>/dev/null; rm -rf "$_tq_tmp"' EXIT
	for to in ctf perfetto chrome-json systrace; do
		run_tq convert -i v6.dat --to $to -o small/out
		is "$rc" 1 "$to to a full disk: exit 1"
		like "$err" "No space left on device" "...says ENOSPC"
		is "$(ls -A small)" "" "...and leaves nothing on the disk"
	done
	umount "$d/small"
else
	skip "cannot mount a tmpfs (not root?): no full-disk tests"
fi

# a format with a field of 3 bytes: no CTF integer, the event is left out
python3 - v6.dat bad.dat <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
old = b'field:long ret;\toffset:16;\tsize:8;'
assert old in data, 'no field to damage'
# same length: the return value of every syscall exit becomes 3 bytes wide
new = b'field:long ret;\toffset:16;\tsize:3;'
open(sys.argv[2], 'wb').write(data.replace(old, new))
PY
run_tq convert -i bad.dat --to ctf -o bad.ctf
is "$rc" 0 "a format that does not map: exit 0"
like "$err" "warning: .*event 'syscalls:[a-z_]*' has a field of a size that is no integer, array or string \('ret'\): left out" \
	"...a warning names the event and the field"
like "$err" "events left out, [0-9]+ written" "...and says how many were left out"
done_testing
