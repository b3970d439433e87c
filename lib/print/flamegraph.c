// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Flame graphs of folded stacks as SVG (flamegraph.h).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "print/flamegraph.h"
#include "util/diag.h"

#define XPAD 10
#define FRAME_H 16
#define TOP 34		/* title and the reset link */
#define BOTTOM 24	/* the details line */
#define CHAR_W 7.2	/* of the 12px monospace labels */

struct node {
	const char *name;	/* into a stack text, len bytes */
	size_t len;
	uint64_t value;
	int first, next, last;	/* children as a list, -1 none */
};

struct tree {
	struct node *v;
	int n, cap;
};

static int tree_node(struct tree *t, const char *name, size_t len)
{
	if (t->n == t->cap) {
		int cap = t->cap ? t->cap * 2 : 1024;
		struct node *v = realloc(t->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		t->v = v;
		t->cap = cap;
	}
	t->v[t->n] = (struct node){ .name = name, .len = len, .first = -1, .next = -1,
				    .last = -1 };
	return t->n++;
}

static bool same_name(const struct node *a, const char *name, size_t len)
{
	return a->len == len && !memcmp(a->name, name, len);
}

/* The child of parent named name, made if new; the last one made is tried first, as
 * sorted paths share their beginnings. */
static int tree_child(struct tree *t, int parent, const char *name, size_t len)
{
	int c = t->v[parent].last, made;

	if (c >= 0 && same_name(&t->v[c], name, len))
		return c;
	for (c = t->v[parent].first; c >= 0; c = t->v[c].next)
		if (same_name(&t->v[c], name, len))
			return c;
	made = tree_node(t, name, len);
	if (made < 0)
		return made;
	if (t->v[parent].last >= 0)
		t->v[t->v[parent].last].next = made;
	else
		t->v[parent].first = made;
	t->v[parent].last = made;
	return made;
}

static int tree_build(struct tree *t, const struct tq_folded *f)
{
	size_t i;
	int root = tree_node(t, "all", 3);

	if (root < 0)
		return root;
	for (i = 0; i < f->n; i++) {
		const char *s = f->v[i].stack;
		int at = root;

		if (!f->v[i].weight)
			continue;
		t->v[root].value += f->v[i].weight;
		while (*s) {
			const char *end = strchr(s, ';');
			size_t len = end ? (size_t)(end - s) : strlen(s);

			at = tree_child(t, at, s, len);
			if (at < 0)
				return at;
			t->v[at].value += f->v[i].weight;
			s += len + (end ? 1 : 0);
		}
	}
	return 0;
}

void tq_svg_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '&': fputs("&amp;", out); break;
		case '"': fputs("&quot;", out); break;
		default:
			/* XML 1.0 has no other control characters */
			if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n')
				fputc('?', out);
			else
				fputc(*s, out);
		}
	}
}

static void svg_name(FILE *out, const char *name, size_t len)
{
	char buf[256];

	while (len) {
		size_t n = len < sizeof(buf) - 1 ? len : sizeof(buf) - 1;

		memcpy(buf, name, n);
		buf[n] = 0;
		tq_svg_text(out, buf);
		name += n;
		len -= n;
	}
}

/* 1,234,567 */
static void put_grouped(FILE *out, uint64_t v)
{
	char d[24];
	int n = snprintf(d, sizeof(d), "%llu", (unsigned long long)v), i;

	for (i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			fputc(',', out);
		fputc(d[i], out);
	}
}

/* flamegraph.pl's "hot" palette, chosen by a hash of the name, not at random */
static void frame_colour(const char *name, size_t len, int rgb[3])
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)name[i]) * 1099511628211ull;
	rgb[0] = 205 + (int)((h >> 8) % 51);
	rgb[1] = (int)((h >> 24) % 231);
	rgb[2] = (int)((h >> 40) % 56);
}

struct layout {
	const struct tree *t;
	const struct tq_flame_opts *o;
	FILE *out;
	double scale;		/* pixels per unit of weight */
	double min_w;
	int height;
	uint64_t total;
	long frames;
};

static int by_name(const void *a, const void *b, void *ctx)
{
	const struct tree *t = ctx;
	const struct node *x = &t->v[*(const int *)a], *y = &t->v[*(const int *)b];
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->name, y->name, n);

	return c ? c : (x->len > y->len) - (x->len < y->len);
}

static void put_frame(struct layout *l, const struct node *nd, uint64_t start, int depth)
{
	double x = XPAD + start * l->scale, w = nd->value * l->scale;
	double y = l->height - BOTTOM - (depth + 1) * FRAME_H;
	int rgb[3], fit = (int)((w - 6) / CHAR_W);
	FILE *out = l->out;

	frame_colour(nd->name, nd->len, rgb);
	fprintf(out, "<g class=\"f\" data-s=\"%llu\" data-n=\"%llu\" data-d=\"%d\"><title>",
		(unsigned long long)start, (unsigned long long)nd->value, depth);
	svg_name(out, nd->name, nd->len);
	fputs(" (", out);
	put_grouped(out, nd->value);
	fprintf(out, " %s, %.2f%%)</title>", l->o->unit ? l->o->unit : "samples",
		100.0 * nd->value / l->total);
	fprintf(out, "<rect x=\"%.2f\" y=\"%.0f\" width=\"%.2f\" height=\"%d\" "
		"fill=\"rgb(%d,%d,%d)\" rx=\"2\"/><text x=\"%.2f\" y=\"%.1f\">", x, y, w,
		FRAME_H - 1, rgb[0], rgb[1], rgb[2], x + 3, y + 11.5);
	if (fit >= (int)nd->len)
		svg_name(out, nd->name, nd->len);
	else if (fit >= 3) {
		svg_name(out, nd->name, fit - 2);
		fputs("..", out);
	}
	fputs("</text></g>\n", out);
	l->frames++;
}

/* Frames of node and its callees, callees in name order from the left. */
static int put_tree(struct layout *l, int node, uint64_t start, int depth)
{
	const struct tree *t = l->t;
	int n = 0, c, i, err = 0, *kids;

	put_frame(l, &t->v[node], start, depth);
	for (c = t->v[node].first; c >= 0; c = t->v[c].next)
		n++;
	if (!n)
		return 0;
	kids = malloc(n * sizeof(*kids));
	if (!kids)
		return -ENOMEM;
	for (n = 0, c = t->v[node].first; c >= 0; c = t->v[c].next)
		kids[n++] = c;
	qsort_r(kids, n, sizeof(*kids), by_name, (void *)t);
	for (i = 0; i < n && !err; i++) {
		if (t->v[kids[i]].value * l->scale >= l->min_w)
			err = put_tree(l, kids[i], start, depth + 1);
		start += t->v[kids[i]].value;
	}
	free(kids);
	return err;
}

static int max_depth(const struct tree *t, int node, double scale, double min_w)
{
	int c, d = 0;

	for (c = t->v[node].first; c >= 0; c = t->v[c].next) {
		int k;

		if (t->v[c].value * scale < min_w)
			continue;
		k = max_depth(t, c, scale, min_w) + 1;
		if (k > d)
			d = k;
	}
	return d;
}

/* Zooming: a frame clicked fills the width, its callers stay below it, faded, and the
 * rest hides; labels are cut again to their new widths. */
static const char script[] =
	"<script><![CDATA[\n"
	"(function(){\n"
	"var gs=document.querySelectorAll('g.f'),det=document.getElementById('details'),\n"
	"  rst=document.getElementById('reset'),fr=document.getElementById('frames');\n"
	"function nm(g){var t=g.querySelector('title').textContent;"
	"return t.substring(0,t.lastIndexOf(' ('));}\n"
	"function num(g,a){return +g.getAttribute('data-'+a);}\n"
	"function fit(g,x,w){var r=g.querySelector('rect'),t=g.querySelector('text'),n=nm(g),\n"
	"  c=Math.floor((w-6)/CW);r.setAttribute('x',x.toFixed(2));"
	"r.setAttribute('width',w.toFixed(2));\n"
	"  t.setAttribute('x',(x+3).toFixed(2));"
	"t.textContent=c>=n.length?n:(c<3?'':n.substring(0,c-2)+'..');}\n"
	"function show(s,n,d){for(var i=0;i<gs.length;i++){var g=gs[i],fs=num(g,'s'),"
	"fn=num(g,'n'),fd=num(g,'d');\n"
	"  if(fd<d&&fs<=s&&fs+fn>=s+n){g.style.display='';g.style.opacity='0.6';fit(g,P,FW);}\n"
	"  else if(fd>=d&&fs>=s&&fs+fn<=s+n){g.style.display='';g.style.opacity='';"
	"fit(g,P+(fs-s)/n*FW,fn/n*FW);}\n"
	"  else g.style.display='none';}}\n"
	"function zoom(g){var d=num(g,'d');show(num(g,'s'),num(g,'n'),d);"
	"rst.style.opacity=d?'1':'0';}\n"
	"window.unzoom=function(){show(0,T,0);rst.style.opacity='0';};\n"
	"fr.addEventListener('click',function(e){var g=e.target.closest('g.f');if(g)zoom(g);});\n"
	"fr.addEventListener('mouseover',function(e){var g=e.target.closest('g.f');"
	"if(g)det.textContent=g.querySelector('title').textContent;});\n"
	"fr.addEventListener('mouseout',function(){det.textContent=' ';});\n"
	"})();\n"
	"]]></script>\n";

int tq_flamegraph_svg(const struct tq_folded *f, const struct tq_flame_opts *o, FILE *out)
{
	struct tree t = { 0 };
	struct layout l = { .t = &t, .o = o, .out = out };
	int width = o->width, depth, err;

	if (width < 3 * XPAD || width > 100000)
		return tq_fail(EINVAL, "a flame graph %d pixels wide: give a width of %d to "
			       "100000", width, 3 * XPAD);
	if (!f->total)
		return tq_fail(EINVAL, "no stacks to draw: every weight is 0");
	err = tree_build(&t, f);
	if (err) {
		free(t.v);
		return err;
	}
	l.total = t.v[0].value;
	l.scale = (double)(width - 2 * XPAD) / l.total;
	l.min_w = o->min_width > 0 ? o->min_width : 0.5;
	depth = max_depth(&t, 0, l.scale, l.min_w);
	l.height = TOP + (depth + 1) * FRAME_H + BOTTOM;
	fprintf(out, "<?xml version=\"1.0\" standalone=\"no\"?>\n"
		"<svg version=\"1.1\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		"height=\"%d\" viewBox=\"0 0 %d %d\">\n"
		"<style>text{font-family:monospace;font-size:12px;fill:#000}"
		" g.f{cursor:pointer} g.f:hover rect{stroke:#000;stroke-width:0.5}"
		" #title{font-size:17px} #reset{cursor:pointer}</style>\n"
		"<rect width=\"%d\" height=\"%d\" fill=\"#f6f6ea\"/>\n"
		"<text id=\"title\" x=\"%d\" y=\"22\" text-anchor=\"middle\">", width, l.height,
		width, l.height, width, l.height, width / 2);
	tq_svg_text(out, o->title ? o->title : "Flame Graph");
	fprintf(out, "</text>\n<text id=\"reset\" x=\"%d\" y=\"22\" style=\"opacity:0\" "
		"onclick=\"unzoom()\">Reset Zoom</text>\n"
		"<text id=\"details\" x=\"%d\" y=\"%d\"> </text>\n<g id=\"frames\">\n", XPAD,
		XPAD, l.height - 8);
	err = put_tree(&l, 0, 0, 0);
	fprintf(out, "</g>\n<script>var P=%d,FW=%d,T=%llu,CW=%.1f;</script>\n%s</svg>\n", XPAD,
		width - 2 * XPAD, (unsigned long long)l.total, CHAR_W, script);
	free(t.v);
	if (!err && ferror(out))
		err = tq_fail(EIO, "write error");
	return err;
}
