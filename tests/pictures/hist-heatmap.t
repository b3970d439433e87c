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

# ---- in the terminal ----
run_tq hist -i rec.dat --heatmap - --step 0.25 "$q"
is "$rc" 0 "--heatmap - draws in the terminal"
lo=$(head -1 want | cut -d' ' -f1)
hi=$(tail -1 want | cut -d' ' -f1)
is "$(printf '%s\n' "$out" | grep -c '^2^[0-9]* |')" "$((hi - lo + 1))" \
	"after the histogram, a row for each bucket from 2^$lo to 2^$hi"
like "$out" "250 ms per column" "the column width in the legend"

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
is "$rc" 2 "--heatmap without -i"
run_tq hist -i rec.dat --step 1 "$q"
is "$rc" 2 "--step without --heatmap"
run_tq hist -i rec.dat --heatmap "$d/no/such/dir/x.svg" "$q"
is "$rc" 1 "a file that cannot be written"
like "$err" "cannot write '$d/no/such/dir/x.svg'" "...names it"
done_testing
