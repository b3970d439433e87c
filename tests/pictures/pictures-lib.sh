# Helpers of the picture tests (sourced after tests/lib.sh): xmllint, rsvg-convert and
# Debian's headless chromium on the SVGs tq draws.

case $TQ in /*) ;; *) TQ=$(pwd)/$TQ ;; esac
PICTURES=$TQ_SRCDIR/tests/pictures

# png_size FILE: "WIDTHxHEIGHT" from the PNG's IHDR
png_size() {
	od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%dx%d\n", \
		(($1 * 256 + $2) * 256 + $3) * 256 + $4, (($5 * 256 + $6) * 256 + $7) * 256 + $8 }'
}

# The chromium of Debian's package, or nothing.
chromium_bin() {
	for _c in chromium chromium-browser; do
		command -v "$_c" && return 0
	done
	return 1
}

# chromium_dom SVG PROBE_JS: the DOM after the SVG's own scripts and PROBE_JS ran, a
# script added at the end of a copy, which reports with attributes on the root element.
# Headless chromium runs offline on a file: URL; its sandbox needs user namespaces that
# containers refuse, hence --no-sandbox.
chromium_dom() {
	_probe=$(scratch_dir)/probe-$$.svg
	sed '$d' "$1" >"$_probe"
	printf '<script><![CDATA[\n%s\n]]></script>\n</svg>\n' "$2" >>"$_probe"
	timeout 120 "$(chromium_bin)" --headless --no-sandbox --disable-gpu \
		--no-first-run --user-data-dir="$(scratch_dir)/chrome" --dump-dom \
		"file://$_probe" 2>/dev/null
}

# attr DOM NAME: the value of data-NAME on the root element
attr() {
	printf '%s\n' "$1" | sed -n "s/.* data-$2=\"\([^\"]*\)\".*/\1/p" | head -1
}

# The firefox of Debian's package (firefox-esr), or nothing.
firefox_bin() {
	for _c in firefox-esr firefox; do
		command -v "$_c" && return 0
	done
	return 1
}

# firefox_shot SVG PNG: headless Firefox's screenshot of SVG, its window the SVG's size,
# with a profile and home of its own (it writes both)
firefox_shot() {
	_w=$(sed -n 's/.*<svg [^>]* width="\([0-9]*\)".*/\1/p' "$1" | head -1)
	_h=$(sed -n 's/.*<svg [^>]* height="\([0-9]*\)".*/\1/p' "$1" | head -1)
	_home=$(scratch_dir)/firefox
	mkdir -p "$_home/profile"
	# it resolves the paths from a directory of its own: give them whole
	HOME=$_home timeout 120 "$(firefox_bin)" --headless --no-remote --profile \
		"$_home/profile" --window-size="$_w,$_h" \
		--screenshot "$(cd "$(dirname "$2")" && pwd)/$(basename "$2")" \
		"file://$(cd "$(dirname "$1")" && pwd)/$(basename "$1")" >/dev/null 2>&1
}

# absent_colours PNG COLOUR...: the colours no pixel of PNG has, or nothing; "all of
# them" when PNG cannot be read
absent_colours() {
	_png=$1
	shift
	/usr/bin/python3 "$PICTURES/png-colours.py" "$_png" "$@" >"$_png.colours" 2>&1 ||
		{ echo "all of them: $(tail -1 "$_png.colours")"; return; }
	awk '$2 == 0 { print $1 }' "$_png.colours"
}
