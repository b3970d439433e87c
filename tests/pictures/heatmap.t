#!/bin/sh
# The heat map renderers (lib/print/heatmap.c) through the unit test's pictures: a grid of
# 3 known cells, one of a million events, and two maps stacked under a long query, validated
# by xmllint, rendered by rsvg-convert and laid out by headless chromium.
. "$TQ_SRCDIR/tests/lib.sh"
. "$TQ_SRCDIR/tests/pictures/pictures-lib.sh"

bin=$(dirname "$TQ")/tests/test-heatmap
[ -x "$bin" ] || skip_all "build the unit tests first (make unit)"
d=$(scratch_dir)
TQ_PICTURES_OUT=$d "$bin" >"$d/unit.tap" 2>&1
ok $? "the unit test writes small.svg, big.svg and stack.svg"
for f in small big stack; do
	if command -v xmllint >/dev/null; then
		xmllint --noout "$d/$f.svg"
		ok $? "$f.svg: well-formed XML"
	else
		skip "xmllint is not installed"
	fi
	if command -v rsvg-convert >/dev/null; then
		rsvg-convert -o "$d/$f.png" "$d/$f.svg"
		is "$(png_size "$d/$f.png" | cut -dx -f1)" 1000 "$f.svg: rsvg-convert renders 1000 wide"
	else
		skip "rsvg-convert is not installed"
	fi
done
size=$(wc -c <"$d/big.svg")
ok "$([ "$size" -lt 2000000 ] && echo 0 || echo 1)" "a million events: $size bytes"
if chromium_bin >/dev/null; then
	dom=$(chromium_dom "$d/small.svg" '
var r = document.documentElement, b = r.getBoundingClientRect();
r.setAttribute("data-size", Math.round(b.width) + "x" + Math.round(b.height));
r.setAttribute("data-cells", document.querySelectorAll("rect.c").length);
r.setAttribute("data-ylabels", document.querySelectorAll("text.yl").length);
r.setAttribute("data-tip", document.querySelector("rect.c title").textContent);')
	is "$(attr "$dom" size)" "1000x390" "chromium: laid out at 1000x390"
	is "$(attr "$dom" cells)" 3 "chromium: the 3 cells in the DOM"
	is "$(attr "$dom" ylabels)" 10 "and the 10 bucket labels, empty rows included"
	is "$(attr "$dom" tip)" "4-5 s, 1 ns: 1" "a cell's tooltip: time range, bucket, count"
	# the long query's lines, as chromium lays them out, inside the picture and apart
	dom=$(chromium_dom "$d/stack.svg" '
var r = document.documentElement, w = r.getBoundingClientRect().width, t = [], fit = 0;
var ls = document.querySelectorAll("g.map")[0].querySelectorAll("text.title");
for (var i = 0; i < ls.length; i++) {
	var b = ls[i].getBBox();
	if (b.x >= 0 && b.x + b.width <= w && (!i || b.y >= t[i - 1])) fit++;
	t.push(b.y + b.height - 1);
}
r.setAttribute("data-lines", ls.length);
r.setAttribute("data-fit", fit);
r.setAttribute("data-maps", document.querySelectorAll("g.map").length);
r.setAttribute("data-subs", document.querySelectorAll("text.sub").length);')
	is "$(attr "$dom" lines)" 6 "chromium: a long query wrapped into 6 lines"
	is "$(attr "$dom" fit)" 6 "each inside the picture's width, none over the one above"
	is "$(attr "$dom" maps)" 2 "two maps in one picture"
	is "$(attr "$dom" subs)" 2 "each with its key value under the title"
else
	for i in 1 2 3 4 5 6 7 8; do skip "chromium is not installed"; done
fi
done_testing
