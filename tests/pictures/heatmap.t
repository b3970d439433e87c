#!/bin/sh
# The heat map renderers (lib/print/heatmap.c) through the unit test's pictures: a grid of
# 3 known cells and one of a million events, validated by xmllint, rendered by rsvg-convert
# and laid out by headless chromium.
. "$TQ_SRCDIR/tests/lib.sh"
. "$TQ_SRCDIR/tests/pictures/pictures-lib.sh"

bin=$(dirname "$TQ")/tests/test-heatmap
[ -x "$bin" ] || skip_all "build the unit tests first (make unit)"
d=$(scratch_dir)
TQ_PICTURES_OUT=$d "$bin" >"$d/unit.tap" 2>&1
ok $? "the unit test writes small.svg and big.svg"
for f in small big; do
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
else
	for i in 1 2 3 4; do skip "chromium is not installed"; done
fi
done_testing
