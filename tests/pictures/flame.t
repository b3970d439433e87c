#!/bin/sh
# tq report --folded and --flamegraph on a recording of kernel stack traces (tq record -T
# -e sched:sched_stat_runtime -e sched:sched_switch on a 6.18 host): the folded stacks
# against goldens and against trace-cmd's own report collapsed by tests/pictures/
# collapse.awk; the SVG through xmllint, rsvg-convert and headless chromium (the zoom
# script run); bad input.
. "$TQ_SRCDIR/tests/lib.sh"
. "$TQ_SRCDIR/tests/pictures/pictures-lib.sh"

command -v xz >/dev/null || skip_all "xz is not installed"
d=$(scratch_dir)
cd "$d" || exit 1
xz -dc "$PICTURES/fixtures/kstacks.dat.xz" >kstacks.dat || exit 1

run_tq report --folded kstacks.dat
is "$rc" 0 "--folded exits 0"
printf '%s\n' "$out" >got.folded
diff_out=$(diff "$PICTURES/fixtures/kstacks.folded" got.folded)
ok $? "--folded: the golden collapsed stacks"
[ -n "$diff_out" ] && diag "$diff_out"
run_tq report kstacks.dat
printf '%s\n' "$out" >report.txt
nstacks=$(printf '%s\n' "$out" | grep -c ': kernel_stack: ')
is "$(awk '{ s += $NF } END { print s }' got.folded)" "$nstacks" \
	"the counts add up to the $nstacks stack traces the report prints"
is "$(grep -c '^cat;' got.folded)" 9 "the traced cat's 9 distinct paths (checked by hand)"
is "$(grep '^cat;' got.folded | awk '{ s += $NF } END { print s }')" \
	"$(grep -c '^ *cat-[0-9]* .*: kernel_stack: ' "$d/report.txt")" \
	"of as many stack traces as cat has in the report"
like "$(head -1 got.folded)" '^<idle>;common_startup_64;start_secondary;.*;__schedule;__traceiter_sched_switch;trace_event_raw_event_sched_switch 20$' \
	"root first: the task, then the outermost frame; the tracepoint is the leaf"

run_tq report --folded --weight runtime kstacks.dat
printf '%s\n' "$out" >got-runtime.folded
cmp -s "$PICTURES/fixtures/kstacks-runtime.folded" got-runtime.folded
ok $? "--weight runtime: the golden, weighed by sched_stat_runtime's runtime"
# the report's text, the kernel's own stack printing, collapsed by awk (per CPU: a stack
# trace follows its event on the event's CPU)
awk -f "$PICTURES/collapse.awk" report.txt | LC_ALL=C sort | cmp -s - got.folded
ok $? "the report's text collapsed by awk gives the same stacks and counts"
awk -v w=runtime -f "$PICTURES/collapse.awk" report.txt | LC_ALL=C sort |
	cmp -s - got-runtime.folded
ok $? "and the same runtime weights"

if command -v trace-cmd >/dev/null; then
	trace-cmd report -i kstacks.dat 2>/dev/null | awk -f "$PICTURES/collapse.awk" |
		LC_ALL=C sort >tc.folded
	cmp -s tc.folded got.folded
	ok $? "trace-cmd's report, collapsed by awk, gives the same stacks and counts"
	trace-cmd report -i kstacks.dat 2>/dev/null | awk -v w=runtime -f "$PICTURES/collapse.awk" |
		LC_ALL=C sort >tc-runtime.folded
	cmp -s tc-runtime.folded got-runtime.folded
	ok $? "and the same weights by runtime"
else
	skip "trace-cmd is not installed"
	skip "trace-cmd is not installed"
fi

run_tq report --folded --no-task-frame kstacks.dat
is "$(printf '%s\n' "$out" | grep -c '^<idle>;')" 0 "--no-task-frame: no task at the root"
is "$(printf '%s\n' "$out" | awk '{ s += $NF } END { print s }')" "$nstacks" \
	"the same total"

# ---- the SVG ----
run_tq report --flamegraph fg.svg kstacks.dat
is "$rc" 0 "--flamegraph exits 0"
is "$out" "" "and prints nothing without --folded"
nframes=$(grep -c '^<g class="f"' fg.svg)
ok "$([ "$nframes" -gt 100 ] && echo 0 || echo 1)" "$nframes frames drawn"
like "$(grep -m1 '^<g class="f"' fg.svg)" \
	'<title>all \(147 samples, 100.00%\)</title>' "the root frame: all 147 samples"
grep -q '<title>cat (16 samples, 10.88%)</title>' fg.svg
ok $? "cat's frame: its 16 samples and 16/147 in the tooltip"
! grep -Eq 'xlink:href|<image|@import|url\(|src=' fg.svg
ok $? "nothing fetched: no links, images or fonts"
size=$(wc -c <fg.svg)
ok "$([ "$size" -lt 2000000 ] && echo 0 || echo 1)" "the SVG is $size bytes"
run_tq report --folded --flamegraph both.svg kstacks.dat
printf '%s\n' "$out" | cmp -s - got.folded && cmp -s both.svg fg.svg
ok $? "--folded with --flamegraph: both, the same"

if command -v xmllint >/dev/null; then
	xmllint --noout fg.svg 2>xmllint.err
	ok $? "xmllint: well-formed XML"
	[ -s xmllint.err ] && diag "$(cat xmllint.err)"
else
	skip "xmllint is not installed (libxml2-utils)"
fi
if command -v rsvg-convert >/dev/null; then
	rsvg-convert -o fg.png fg.svg
	ok $? "rsvg-convert renders it"
	is "$(png_size fg.png)" "1200x$(sed -n 's/.*<svg [^>]* height="\([0-9]*\)".*/\1/p' fg.svg)" \
		"at the SVG's size"
	run_tq report --flamegraph narrow.svg --flame-width 300 kstacks.dat
	rsvg-convert -o narrow.png narrow.svg && is "$(png_size narrow.png | cut -dx -f1)" 300 \
		"--flame-width 300 draws 300 pixels wide"
	run_tq report --flamegraph tiny.svg --flame-width 60 kstacks.dat
	n=$(grep -c '^<g class="f"' tiny.svg)
	ok "$([ "$n" -lt "$nframes" ] && [ "$n" -gt 1 ] && echo 0 || echo 1)" \
		"60 pixels: $n frames, those under half a pixel are left out"
else
	skip "rsvg-convert is not installed (librsvg2-bin)"
	skip "rsvg-convert is not installed (librsvg2-bin)"
	skip "rsvg-convert is not installed (librsvg2-bin)"
	skip "rsvg-convert is not installed (librsvg2-bin)"
fi

if chromium_bin >/dev/null; then
	# click cat's frame: it must fill the width, its callers stay, the rest hides
	dom=$(chromium_dom fg.svg '
var root = document.documentElement, b = root.getBoundingClientRect();
var gs = document.querySelectorAll("g.f"), cat = null, i;
for (i = 0; i < gs.length; i++)
	if (gs[i].querySelector("title").textContent.indexOf("cat (") === 0) cat = gs[i];
root.setAttribute("data-size", Math.round(b.width) + "x" + Math.round(b.height));
root.setAttribute("data-frames", gs.length);
root.setAttribute("data-labels", document.querySelectorAll("g.f text").length);
cat.dispatchEvent(new MouseEvent("click", { bubbles: true }));
var shown = 0;
for (i = 0; i < gs.length; i++) if (gs[i].style.display !== "none") shown++;
root.setAttribute("data-zoomw", cat.querySelector("rect").getAttribute("width"));
root.setAttribute("data-shown", shown);
root.setAttribute("data-reset", document.getElementById("reset").style.opacity);
unzoom();
root.setAttribute("data-unzoomw", cat.querySelector("rect").getAttribute("width"));
')
	h=$(sed -n 's/.*<svg [^>]* height="\([0-9]*\)".*/\1/p' fg.svg)
	is "$(attr "$dom" size)" "1200x$h" "chromium: laid out at 1200x$h"
	is "$(attr "$dom" frames)" "$nframes" "chromium: all $nframes frames in the DOM"
	is "$(attr "$dom" labels)" "$nframes" "each with its label"
	is "$(attr "$dom" zoomw)" "1180.00" "a click zooms the frame to the full width"
	shown=$(attr "$dom" shown)
	ok "$([ -n "$shown" ] && [ "$shown" -gt 10 ] && [ "$shown" -lt "$nframes" ] &&
		echo 0 || echo 1)" "and hides the frames outside it ($shown shown)"
	is "$(attr "$dom" reset)" 1 "Reset Zoom appears"
	is "$(attr "$dom" unzoomw)" "$(grep '<title>cat (' fg.svg |
		sed 's/.*width="\([0-9.]*\)".*/\1/')" "unzoom puts it back"
else
	for i in 1 2 3 4 5 6 7; do skip "chromium is not installed"; done
fi

# ---- --weight EVENT.FIELD: the stacks of one event, by its field ----
run_tq report --folded --weight sched_stat_runtime.runtime kstacks.dat
printf '%s\n' "$out" | cmp -s "$PICTURES/fixtures/kstacks-runtime.folded" -
ok $? "--weight sched_stat_runtime.runtime: the runtime golden (no other event has runtime)"
run_tq report --folded --weight sched:sched_stat_runtime.runtime kstacks.dat
printf '%s\n' "$out" | cmp -s "$PICTURES/fixtures/kstacks-runtime.folded" -
ok $? "and named SYSTEM:EVENT.FIELD"
# common_pid is every event's: EVENT keeps the stacks of sched_switch alone, each weighing
# the pid of the task that switches out (prev_pid in tq report -R's raw fields)
run_tq report --folded --weight sched_switch.common_pid kstacks.dat
printf '%s\n' "$out" >sw.folded
run_tq report --folded --weight common_pid kstacks.dat
printf '%s\n' "$out" >any.folded
"$TQ" report -R kstacks.dat 2>/dev/null |
	sed -n 's/.* sched_switch: .* prev_pid=\([0-9]*\) .*/\1/p' >sw-pids
is "$(awk '{ s += $NF } END { print s }' sw.folded)" "$(awk '{ s += $1 } END { print s }' sw-pids)" \
	"sched_switch.common_pid: the stacks weigh the pids of the $(wc -l <sw-pids) sched_switches"
"$TQ" report --folded kstacks.dat 2>/dev/null | grep -v '^<idle>;' |
	sed -n 's/ [0-9]*$//; /;trace_event_raw_event_sched_switch$/p' >sw-paths
sed 's/ [0-9]*$//' sw.folded | cmp -s sw-paths -
ok $? "on the paths of sched_switch's stacks (the idle task's pid 0 weighs nothing)"
ok "$([ -s sw.folded ] && ! grep -qv 'trace_event_raw_event_sched_switch [0-9]*$' sw.folded &&
	grep -qv 'trace_event_raw_event_sched_switch [0-9]*$' any.folded && echo 0 || echo 1)" \
	"only sched_switch's stacks, where plain common_pid takes sched_stat_runtime's too"
run_tq report --folded --weight sched_stat_runtime.comm kstacks.dat
is "$rc" 1 "--weight EVENT.FIELD of a string field: exit 1"
like "$err" "sched:sched_stat_runtime has no numeric field 'comm'; its fields: pid, runtime" \
	"lists the numeric fields"
run_tq report --folded --weight sched_waking.pid kstacks.dat
is "$rc" 1 "--weight of an event the file lacks: exit 1"
like "$err" "'kstacks.dat' has no event 'sched_waking'" "says so"
run_tq report --folded --weight sched_switch. kstacks.dat
is "$rc" 1 "--weight EVENT. without a field"
like "$err" "give FIELD, or EVENT.FIELD" "says what to give"

# ---- bad input ----
xz -dc "$TQ_SRCDIR/tests/report/fixtures/v6.dat.xz" >plain.dat
run_tq report --folded plain.dat
is "$rc" 1 "a file without stacks: exit 1"
like "$err" "holds no stack traces and no function_graph events: record with 'tq record -T'" \
	"saying how to record them"
run_tq report --flamegraph none.svg plain.dat
[ ! -e none.svg ] && ! ls none.svg.tmp.* >/dev/null 2>&1
ok $? "and no SVG is left, not even half"
run_tq report --folded --stacks graph kstacks.dat
is "$rc" 1 "--stacks graph on a file of kernel stacks: exit 1"
like "$err" "holds no function_graph returns" "says so"
run_tq report --flamegraph w.svg --weight nosuch kstacks.dat
is "$rc" 1 "--weight of a field no event has: exit 1"
like "$err" "no event before a stack trace in 'kstacks.dat' has a numeric field 'nosuch'" \
	"names the field"
[ ! -e w.svg ]
ok $? "no SVG written"
run_tq report --flamegraph x.svg --flame-width 0 kstacks.dat
is "$rc" 2 "--flame-width 0: a usage error"
like "$err" "--flame-width 0: give 30 to 100000 pixels" "with the range"
run_tq report --folded --stacks user kstacks.dat
is "$rc" 2 "--stacks user: a usage error"
like "$err" "unknown stack source 'user': give kernel, graph or auto" "with the choices"
run_tq report --weight runtime kstacks.dat
is "$rc" 2 "--weight alone: a usage error"
run_tq report --folded kstacks.dat plain.dat
is "$rc" 2 "two files: a usage error"
like "$err" "read one file, not 2" "says so"
run_tq report --flamegraph /nonexistent/dir/x.svg kstacks.dat
is "$rc" 1 "an SVG in a missing directory: exit 1"
like "$err" "cannot create a file beside '/nonexistent/dir/x.svg'" "names it"
run_tq report --folded missing.dat
is "$rc" 1 "a missing file: exit 1"

if firefox_bin >/dev/null; then
	firefox_shot fg.svg fg-firefox.png
	is "$(png_size fg-firefox.png 2>/dev/null)" "1200x$(sed -n \
		's/.*<svg [^>]* height="\([0-9]*\)".*/\1/p' fg.svg)" \
		"firefox: a screenshot of the picture's size"
	# the colour of every frame wide enough to show its fill beside its label
	sed -n 's/.*<rect x="[0-9.]*" y="[0-9]*" width="\([0-9.]*\)" [^>]* fill="\(rgb([0-9,]*)\)".*/\1 \2/p' \
		fg.svg | awk '$1 > 40 { print $2 }' | sort -u >fg-colours
	# shellcheck disable=SC2046
	missing=$(absent_colours fg-firefox.png $(cat fg-colours))
	is "$missing" "" "firefox: the fills of the $(wc -l <fg-colours) widest frames' colours are on the screen"
else
	skip "firefox is not installed (firefox-esr)"
	skip "firefox is not installed (firefox-esr)"
fi
done_testing
