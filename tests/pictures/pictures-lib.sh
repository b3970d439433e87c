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
