# The kernel's hist file as Prometheus's text format (0.0.4), for `tq hist --textfile
# --print` on a device without tq: what lib/print/openmetrics.c writes, in the awk that
# BusyBox has (no gensub, no asort, no arrays of arrays). tq puts a BEGIN block in front
# that sets the query's names and units:
#   fam (the metric's name), help (already escaped for # HELP), want (the key names,
#   comma-separated, of the trigger to read), nk, kn[1..nk] (key names), lab[1..nk] (label
#   name, "" for the bucket key), bk (index of the bucket key, 0 if none), log2 (1 for
#   log2 buckets, 0 for linear), kscale and ksuffix (the bucket key's unit), vscale[i] and
#   vsuffix[i] (each value's, by position).
function collapse(s,    r, i, c, sp) {
	r = ""
	sp = 0
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (c == " " || c == "\t") {
			sp = r != ""
			continue
		}
		if (sp && substr(r, length(r), 1) != "[")
			r = r " "
		sp = 0
		r = r c
	}
	return r
}
function esc(s,    r, i, c) {
	r = ""
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (c == "\\" || c == "\"")
			r = r "\\"
		r = r c
	}
	return r
}
function name_of(s,    r, i, c) {
	r = ""
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (c !~ /[A-Za-z_]/ && (i == 1 || c !~ /[0-9]/))
			c = "_"
		r = r c
	}
	return r
}
# the key names of a trigger's "hist:keys=a.log2,b:..." without modifiers
function keys_of(t,    p, n, a, i, r, k) {
	p = index(t, "keys=")
	if (!p)
		return ""
	t = substr(t, p + 5)
	sub(/[: ].*/, "", t)
	n = split(t, a, ",")
	r = ""
	for (i = 1; i <= n; i++) {
		k = a[i]
		sub(/\..*/, "", k)
		r = r (i > 1 ? "," : "") k
	}
	return r
}
# the text of key i in "a: x, b: y" (inner, without the braces)
function key_text(inner, i,    s, p) {
	if (i == 1) {
		s = inner
		sub(/^[ \t]*/, "", s)
		if (index(s, kn[1] ":") == 1)
			s = substr(s, length(kn[1]) + 2)
	} else {
		p = index(inner, ", " kn[i] ":")
		if (!p)
			return ""
		s = substr(inner, p + length(kn[i]) + 3)
	}
	if (i < nk) {
		p = index(s, ", " kn[i + 1] ":")
		if (p)
			s = substr(s, 1, p - 1)
	}
	return collapse(s)
}
function labels(series, extra) {
	if (series != "" && extra != "")
		return "{" series "," extra "}"
	if (series extra != "")
		return "{" series extra "}"
	return ""
}
function num(v) {
	return sprintf("%.15g", v)
}
function header(name, type) {
	print "# TYPE " name " " type
	print "# HELP " name " " help
}
/^# trigger info:/ {
	if (taken)
		done = 1
	reading = !done && keys_of($0) == want
	if (reading)
		taken = 1
	next
}
reading && /^\{/ {
	line = $0
	# the key ends at the line's last " }"
	close_at = 0
	for (off = 0; (p = index(substr(line, off + 1), " }")) > 0; off += p)
		close_at = off + p + 1
	if (!close_at)
		next
	inner = substr(line, 2, close_at - 2)
	rest = substr(line, close_at + 1)
	series = ""
	bucket = ""
	for (i = 1; i <= nk; i++) {
		text = key_text(inner, i)
		if (i == bk) {
			bucket = text
			continue
		}
		series = series (series != "" ? "," : "") lab[i] "=\"" esc(text) "\""
	}
	if (!(series in seen)) {
		seen[series] = 1
		order[++nseries] = series
	}
	n = split(rest, w, " ")
	hits = 0
	nv = 0
	for (i = 1; i < n; i++) {
		if (w[i] !~ /:$/)
			continue
		vname = substr(w[i], 1, length(w[i]) - 1)
		if (vname == "hitcount") {
			hits = w[i + 1] + 0
			continue
		}
		nv++
		vnames[nv] = vname
		vals[series, nv] += w[i + 1]
		if (bk && vname == kn[bk])
			sumcol = nv
	}
	if (nv > nvals)
		nvals = nv
	count[series] += hits
	if (bk) {
		if (log2) {
			b = bucket
			sub(/^~ 2\^/, "", b)
			idx = b + 0
		} else {
			b = bucket
			sub(/^~ /, "", b)
			split(b, lohi, "-")
			width = lohi[2] - lohi[1] + 1
			idx = width > 0 ? int(lohi[1] / width) : 0
		}
		inbucket[series, idx] += hits
		if (idx > top)
			top = idx
	}
	next
}
reading && /^[ \t]*Dropped:/ {
	dropped = $2 + 0
	totals = 1
}
END {
	if (bk) {
		h = fam ksuffix
		header(h, "histogram")
		for (s = 1; s <= nseries; s++) {
			series = order[s]
			cum = 0
			# no 2 ^ i: Debian's BusyBox awk is built without its math
			pow2 = 1
			for (i = 0; i <= top; i++) {
				cum += inbucket[series, i]
				le = log2 ? pow2 : (i + 1) * width - 1
				pow2 *= 2
				print h "_bucket" labels(series, "le=\"" num(le / kscale) "\"") " " cum
			}
			print h "_bucket" labels(series, "le=\"+Inf\"") " " count[series]
			print h "_count" labels(series, "") " " count[series]
			if (sumcol)
				print h "_sum" labels(series, "") " " num(vals[series, sumcol] / kscale)
		}
	} else {
		header(fam "_total", "counter")
		for (s = 1; s <= nseries; s++)
			print fam "_total" labels(order[s], "") " " count[order[s]]
	}
	for (v = 1; v <= nvals; v++) {
		if (v == sumcol)
			continue
		c = fam "_" name_of(vnames[v]) vsuffix[v] "_total"
		header(c, "counter")
		for (s = 1; s <= nseries; s++)
			print c labels(order[s], "") " " num(vals[order[s], v] / vscale[v])
	}
	if (totals) {
		c = fam "_dropped_total"
		print "# TYPE " c " counter"
		print "# HELP " c " events the kernel's table had no room for"
		print c " " dropped
	}
}
