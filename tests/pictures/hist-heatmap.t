#!/bin/sh
# tq hist -i FILE --heatmap: the wakeup latencies of trace-cmd's recording drawn over time.
# The cells' counts (their tooltips) must add up, bucket by bucket, to the histogram tq
# prints for the same query; the SVG goes through xmllint, rsvg-convert and headless
# chromium (cells and bucket labels in the DOM); bad input is refused before drawing.
. "$TQ_SRCDIR/tests/lib.sh"
. "$TQ_SRCDIR/tests/pictures/pictures-lib.sh"

command -v xz >/dev/null || skip_all "xz is not installed"
d=$(scratch_dir)
cd "$d" || exit 1
xz -dc "$TQ_SRCDIR/tests/report/fixtures/v7-zstd.dat.xz" >rec.dat || exit 1
q='SELECT log2(TIMESTAMP_DELTA_USECS) AS lat, count(*) FROM sched_waking AS s
   JOIN sched_switch AS e ON s.pid = e.next_pid GROUP BY lat'

run_tq hist -i rec.dat --heatmap map.svg --step 0.5 --json "$q"
is "$rc" 0 "--heatmap exits 0"
printf '%s\n' "$out" >hist.json
# the histogram's rows as "k hitcount" (lat is "2^k" in the kernel's text)
sed 's/},{/}\n{/g' hist.json | sed -n 's/.*"lat":"~ 2^\([0-9]*\)".*"hitcount":\([0-9]*\).*/\1 \2/p' |
	sort -n >want
# the cells' tooltips "FROM-TO ms, 2^k us: n", summed per bucket
sed -n 's/.*<title>[^<]*, 2^\([0-9]*\) us: \([0-9]*\)<\/title>.*/\1 \2/p' map.svg |
	awk '{ n[$1] += $2 } END { for (k in n) print k, n[k] }' | sort -n >got
[ -s want ] && cmp -s want got
ok $? "every bucket's cells add up to the histogram's count ($(wc -l <want) buckets)"
[ -s want ] && cmp -s want got || diag "want: $(tr '\n' ' ' <want)" "got: $(tr '\n' ' ' <got)"
ncells=$(grep -c '<rect class="c"' map.svg)
cols=$(sed -n 's/.*<title>\([0-9]*\)-[0-9]* ms, .*/\1/p' map.svg | sort -un | wc -l)
ok "$([ "$cols" -ge 2 ] && echo 0 || echo 1)" "$ncells cells in $cols columns of 500 ms"
run_tq hist -i rec.dat --heatmap fine.svg --step 0.1 "$q"
fine=$(sed -n 's/.*<title>\([0-9]*\)-[0-9]* ms, .*/\1/p' fine.svg | sort -un | wc -l)
ok "$([ "$rc" = 0 ] && [ "$fine" -gt "$cols" ] && echo 0 || echo 1)" \
	"--step 0.1: more columns ($fine)"
! grep -Eq 'xlink:href|<image|@import|url\(|src=' map.svg
ok $? "nothing fetched: no links, images or fonts"

if command -v xmllint >/dev/null; then
	xmllint --noout map.svg
	ok $? "xmllint: well-formed XML"
else
	skip "xmllint is not installed (libxml2-utils)"
fi
if command -v rsvg-convert >/dev/null; then
	rsvg-convert -o map.png map.svg
	is "$(png_size map.png | cut -dx -f1)" 1000 "rsvg-convert renders it 1000 wide"
else
	skip "rsvg-convert is not installed (librsvg2-bin)"
fi
if chromium_bin >/dev/null; then
	dom=$(chromium_dom map.svg '
var r = document.documentElement;
r.setAttribute("data-cells", document.querySelectorAll("rect.c").length);
r.setAttribute("data-ylabels", document.querySelectorAll("text.yl").length);')
	is "$(attr "$dom" cells)" "$ncells" "chromium: the $ncells cells in the DOM"
	lo=$(head -1 want | cut -d' ' -f1)
	hi=$(tail -1 want | cut -d' ' -f1)
	is "$(attr "$dom" ylabels)" "$((hi - lo + 1))" \
		"and a label for each bucket from 2^$lo to 2^$hi, empty ones included"
else
	skip "chromium is not installed"
	skip "chromium is not installed"
fi

if firefox_bin >/dev/null; then
	firefox_shot map.svg map-firefox.png
	is "$(png_size map-firefox.png 2>/dev/null)" "$(sed -n \
		's/.*<svg [^>]* width="\([0-9]*\)" height="\([0-9]*\)".*/\1x\2/p' map.svg)" \
		"firefox: a screenshot of the picture's size"
	# shellcheck disable=SC2046
	missing=$(absent_colours map-firefox.png $(sed -n \
		's/.*<rect class="c" [^>]* fill="\(#[0-9a-f]*\)".*/\1/p' map.svg | sort -u))
	is "$missing" "" "firefox: every cell's colour is on the screen"
else
	skip "firefox is not installed (firefox-esr)"
	skip "firefox is not installed (firefox-esr)"
fi

# ---- in the terminal ----
run_tq hist -i rec.dat --heatmap - --step 0.25 "$q"
is "$rc" 0 "--heatmap - draws in the terminal"
lo=$(head -1 want | cut -d' ' -f1)
hi=$(tail -1 want | cut -d' ' -f1)
is "$(printf '%s\n' "$out" | grep -c '^2^[0-9]* |')" "$((hi - lo + 1))" \
	"after the histogram, a row for each bucket from 2^$lo to 2^$hi"
like "$out" "250 ms per column" "the column width in the legend"

# ---- one map per value of the other keys ----
qw='SELECT s.comm AS who, log2(TIMESTAMP_DELTA_USECS) AS lat, count(*) FROM sched_waking AS s
   JOIN sched_switch AS e ON s.pid = e.next_pid GROUP BY who, lat'
run_tq hist -i rec.dat --heatmap who.svg --step 0.5 --json "$qw"
is "$rc" 0 "--heatmap of a histogram with another key"
# "who k hitcount" of the histogram, and of each map's cells under its subtitle "who=NAME"
printf '%s\n' "$out" | sed 's/},{/}\n{/g' |
	sed -n 's/.*"who":"\([^"]*\)","lat":"~ 2^\([0-9]*\)".*"hitcount":\([0-9]*\).*/\1 \2 \3/p' |
	sort >want-who
map_cells() {
	awk '/class="sub"/ { sub(/.*>who=/, ""); sub(/<\/text>.*/, ""); who = $0 }
	     /<rect class="c"/ { t = $0; sub(/.*, 2\^/, "", t); sub(/<\/title>.*/, "", t);
			       split(t, a, " us: "); n[who " " a[1]] += a[2] }
	     END { for (k in n) print k, n[k] }' "$1" | sort
}
map_cells who.svg >got-who
nwho=$(cut -d' ' -f1 want-who | sort -u | wc -l)
is "$(grep -c '<g class="map"' who.svg)" "$nwho" "one map for each of the $nwho values of who"
[ -s want-who ] && cmp -s want-who got-who
ok $? "each map's cells add up to its rows of the histogram, bucket by bucket"
busiest=$(awk '{ n[$1] += $3 } END { for (w in n) print n[w], w }' want-who | sort -rn |
	head -1 | cut -d' ' -f2)
is "$(sed -n 's/.*class="sub"[^>]*>who=\([^<]*\)<.*/\1/p' who.svg | head -1)" "$busiest" \
	"the busiest first ($busiest)"
if command -v xmllint >/dev/null; then
	xmllint --noout who.svg
	ok $? "xmllint: the stacked maps are well-formed"
else
	skip "xmllint is not installed (libxml2-utils)"
fi
run_tq hist -i rec.dat --heatmap one.svg --heatmap-key "who=$busiest" --step 0.5 "$qw"
is "$rc" 0 "--heatmap-key who=$busiest"
map_cells one.svg >got-one
grep "^$busiest " want-who >want-one
is "$(grep -c '<g class="map"' one.svg)" 1 "...draws one map"
cmp -s want-one got-one
ok $? "...of that value's rows alone"
run_tq hist -i rec.dat --heatmap - --step 0.5 "$qw"
is "$(printf '%s\n' "$out" | grep -c '^who=')" "$nwho" "in the terminal: the maps one after another"
# two other keys: a map per pair, the 16 busiest drawn, and --heatmap-key fixes one of them
q2='SELECT s.pid AS pid, e.prev_pid AS prev, log2(TIMESTAMP_DELTA_USECS) AS lat, count(*)
   FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid GROUP BY pid, prev, lat'
run_tq hist -i rec.dat --heatmap pairs.svg "$q2"
is "$(grep -c '<g class="map"' pairs.svg)" 16 "29 pairs of pid and prev: the 16 busiest drawn"
like "$err" "warning: drawing the 16 busiest of 29 maps.*--heatmap-key" "...and a warning says so"
run_tq hist -i rec.dat --heatmap pid15.svg --heatmap-key pid=15 "$q2"
subs=$(sed -n 's/.*class="sub"[^>]*>\([^<]*\)<.*/\1/p' pid15.svg)
ok "$([ "$rc" = 0 ] && [ -n "$subs" ] && ! printf '%s\n' "$subs" | grep -qv '^pid=15, prev=' &&
	echo 0 || echo 1)" "--heatmap-key pid=15: the maps of pid 15, one per prev ($(echo $subs))"
run_tq hist -i rec.dat --heatmap x.svg --heatmap-key comm=sleep "$qw"
is "$rc" 2 "--heatmap-key of a key the query has not"
like "$err" "no key 'comm' other than its bucket; its other keys: who" "...lists the keys"
run_tq hist -i rec.dat --heatmap x.svg --heatmap-key who=nobody "$qw"
is "$rc" 1 "--heatmap-key of a value no hit has"
like "$err" "no hit has that who; it had .*'$busiest'" "...lists the values"
[ ! -e x.svg ]
ok $? "...and writes no file"
run_tq hist -i rec.dat --heatmap x.svg --heatmap-key who "$qw"
is "$rc" 2 "--heatmap-key without =VALUE"
run_tq hist -i rec.dat --heatmap-key who=sleep "$qw"
is "$rc" 2 "--heatmap-key without --heatmap"
run_tq hist -i rec.dat --heatmap x.svg --heatmap-key lat=2 "$q"
is "$rc" 2 "--heatmap-key of a query without other keys"
like "$err" "no key but its bucket" "...says there is one map already"

# ---- bad input ----
run_tq hist -i rec.dat --heatmap x.svg --step 0 "$q"
is "$rc" 2 "--step 0: a usage error"
like "$err" "give a time above 0 seconds" "...that says what to give"
run_tq hist -i rec.dat --heatmap x.svg 'SELECT prev_pid, count(*) FROM sched_switch GROUP BY prev_pid'
is "$rc" 1 "a key that is no bucket"
like "$err" "has none \(group by log2" "...says which keys it draws"
[ ! -e x.svg ]
ok $? "...and writes no file"
run_tq hist --heatmap x.svg -d 1 "$q"
is "$rc" 2 "--heatmap live without --interval"
like "$err" "a column per --interval SECONDS" "...says what to give"
run_tq hist --heatmap x.svg --interval 1 --step 1 -d 1 "$q"
is "$rc" 2 "--step live: the columns are --interval's"
run_tq hist --heatmap "$d/no/such/dir/x.svg" --interval 1 -d 1 "$q"
is "$rc" 1 "live, a file that cannot be written"
like "$err" "cannot write '$d/no/such/dir/x.svg'" "...is refused before tracing"
run_tq hist -i rec.dat --step 1 "$q"
is "$rc" 2 "--step without --heatmap"
run_tq hist -i rec.dat --heatmap "$d/no/such/dir/x.svg" "$q"
is "$rc" 1 "a file that cannot be written"
like "$err" "cannot write '$d/no/such/dir/x.svg'" "...names it"
done_testing
