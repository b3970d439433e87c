# Host side of the VM case hist-heatmap-live, sourced by tests/vm/vm.t with $vm_out holding
# what tq hist --interval 0.1 --heatmap --json printed and drew on Debian's kernel: the
# kernel's table at each interval (JSON lines) and the SVG. Per CPU and bucket, the cells'
# counts (the per-interval deltas) add up to the last table's counts, the kernel's own;
# counts spread over several columns; xmllint and rsvg-convert take the SVG.
hl_dir=$(scratch_dir)/heatmap-live
mkdir -p "$hl_dir"
# "cpu k hitcount" of the last table
tail -n 1 "$vm_out/live.json" | sed 's/},{/}\n{/g' |
	sed -n 's/.*"tcpu":"\([^"]*\)","lat":"~ 2^\([0-9]*\)".*"hitcount":\([0-9]*\).*/\1 \2 \3/p' |
	sort >"$hl_dir/want"
# the same from the cells: "FROM-TO ms, 2^k us: n" under each map's "cpu=N"
hl_cells() {
	awk '/class="sub"/ { s = $0; sub(/.*>tcpu=/, "", s); sub(/<\/text>.*/, "", s); cpu = s }
	     /<rect class="c"/ { t = $0; sub(/.*, 2\^/, "", t); sub(/<\/title>.*/, "", t);
			       split(t, a, " us: "); n[cpu " " a[1]] += a[2] }
	     END { for (k in n) print k, n[k] }' "$1" | sort
}
hl_cells "$vm_out/live.svg" >"$hl_dir/got"
[ -s "$hl_dir/want" ] && cmp -s "$hl_dir/want" "$hl_dir/got"
ok $? "hist-heatmap-live: per CPU and bucket, the columns add up to the kernel's last table"
cmp -s "$hl_dir/want" "$hl_dir/got" ||
	diag "want: $(tr '\n' ' ' <"$hl_dir/want")" "got: $(tr '\n' ' ' <"$hl_dir/got")"
hl_cols=$(sed -n 's/.*<title>\([0-9]*\)-[0-9]* ms, .*/\1/p' "$vm_out/live.svg" | sort -un | wc -l)
ok "$([ "$hl_cols" -ge 2 ] && echo 0 || echo 1)" \
	"hist-heatmap-live: the hits fall in $hl_cols columns of 100 ms, not one"
hl_tables=$(wc -l <"$vm_out/live.json")
ok "$([ "$hl_tables" -ge 3 ] && echo 0 || echo 1)" \
	"hist-heatmap-live: $hl_tables tables printed, one per interval and the last"
for hl_f in live key; do
	if command -v xmllint >/dev/null; then
		xmllint --noout "$vm_out/$hl_f.svg"
		ok $? "hist-heatmap-live: xmllint takes $hl_f.svg"
	else
		skip "xmllint is not installed (libxml2-utils)"
	fi
	if command -v rsvg-convert >/dev/null; then
		rsvg-convert -o "$hl_dir/$hl_f.png" "$vm_out/$hl_f.svg"
		ok $? "hist-heatmap-live: rsvg-convert renders $hl_f.svg"
	else
		skip "rsvg-convert is not installed (librsvg2-bin)"
	fi
done
